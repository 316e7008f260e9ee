"""The authoring guide's recipes (content/authoring/index.md), followed step by step in a temporary
copy of the repository, each ending in a green build: revise a document, add a contact (with a
`source` of its own, as for a number published after the document)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.sources import sources_dir

from .copies import repo_copy

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "content" / "authoring" / "index.md").read_text(encoding="utf-8")


def guide_section(title: str) -> str:
    start = GUIDE.index(f"\n## {title}\n")
    end = GUIDE.find("\n## ", start + 1)
    return GUIDE[start:end if end != -1 else len(GUIDE)]


def guide_yaml(title: str, n: int = 0) -> str:
    """The n-th ```yaml block of a section of the guide, as the author would copy it."""
    return re.findall(r"```yaml\n(.*?)```", guide_section(title), re.DOTALL)[n]


@pytest.fixture
def repo(tmp_path):
    repo = repo_copy(tmp_path / "repo")
    sources = tmp_path / "sources"
    shutil.copytree(sources_dir(ROOT), sources)
    return repo, sources


def run(repo: Path, sources: Path, *command: str, only: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "HANDBOOK_SOURCES": str(sources), "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_ONLY": only}
    return subprocess.run([sys.executable, "-m", *command], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=900)


def green_build(repo: Path, sources: Path, area: str = "") -> Path:
    """The author's check of every file, then the build; with `area`, only that area's pages are built
    (as `make preview AREA=...` does: every file is still checked), which is all a recipe looks at."""
    checked = run(repo, sources, "generator.check")
    site = repo.parent / "site"
    built = run(repo, sources, "mkdocs", "build", "--strict", "-q", "-d", str(site), only=area)
    output = checked.stdout + checked.stderr + built.stdout + built.stderr
    assert checked.returncode == 0, output
    assert built.returncode == 0, output
    return site


def procedure_files(repo: Path) -> list[Path]:
    return sorted(p for p in (repo / "procedures").glob("*/*.yaml"))


def add_under(text: str, key: str, block: str, before: str = "") -> str:
    """Add `block` (list items, indented two spaces) under the top-level `key:`, making the key if absent."""
    if f"\n{key}:\n" in text:
        return text.replace(f"\n{key}:\n", f"\n{key}:\n{block}", 1)
    if before and f"\n{before}:" in text:
        return text.replace(f"\n{before}:", f"\n{key}:\n{block}{before}:", 1)
    return text.rstrip("\n") + f"\n{key}:\n{block}"


def test_revise_a_document(repo):
    repo, sources = repo
    assert "## A revised document" in GUIDE
    old_path = procedure_files(repo)[0]
    old_text = old_path.read_text(encoding="utf-8")
    old = yaml.safe_load(old_text)
    # 1. the text: the new version's plain text under a new name; the old text stays
    new_source = f"{Path(old['source']['file']).stem}-revised-2026.txt"
    (sources / new_source).write_text((sources / old["source"]["file"]).read_text(encoding="utf-8")
                                      + "\nRevised March 2026.\n", encoding="utf-8")
    # 2. a new file with a new id naming the new version
    new_id = f"{old['id']}-revised-2026"
    new_path = old_path.with_name(f"{new_id}.yaml")
    # 3. what the new version says: id, version, dates, source
    text = re.sub(r"^id: .*$", f"id: {new_id}", old_text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^version: .*$", "version: Revised March 2026", text, count=1, flags=re.MULTILINE)
    text = text.replace(f"file: {old['source']['file']}", f"file: {new_source}", 1)
    assert f"file: {new_source}" in text
    text = re.sub(r"^dates:\n(  .*\n)+", 'dates:\n  revised: 2026-03\n  cite: {section: "Closing lines", '
                  'quote: "Revised March 2026."}\n', text, count=1, flags=re.MULTILINE)
    # 4. link the two versions
    text = add_under(text, "relations", f"  - procedure: {old['id']}\n    kind: later-version-of\n"
                                        "    text: Replaces the earlier version.\n", before="pathways")
    new_path.write_text(text, encoding="utf-8")
    # 5. the old version's page stays; it links to the new one and has an outdated note
    old_text = add_under(old_text, "relations", f"  - procedure: {new_id}\n    kind: earlier-version-of\n"
                                                "    text: Replaced by the version revised in March 2026.\n",
                         before="pathways")
    old_text = add_under(old_text, "notes", "  - id: replaced-2026\n    kind: outdated\n"
                                            "    text: This version was replaced in March 2026.\n"
                                            "    cite: {section: \"Whole document\"}\n")
    old_path.write_text(old_text, encoding="utf-8")
    site = green_build(repo, sources, old["area"])
    new_page = (site / "procedures" / new_id / "index.html").read_text(encoding="utf-8")
    old_page = (site / "procedures" / old["id"] / "index.html").read_text(encoding="utf-8")
    assert "Revised March 2026" in new_page
    assert f"../{new_id}/" in old_page and "This version was replaced in March 2026." in old_page


def test_add_a_contact_published_after_the_document(repo):
    repo, sources = repo
    example = yaml.safe_load(guide_yaml("A fact published after the document"))[0]
    contact = yaml.safe_load(guide_yaml("Add a contact"))["contacts"][0]
    assert set(contact) >= {"id", "label", "phone", "email", "url", "hours", "published", "last_verified", "cite"}
    path = next(p for p in procedure_files(repo)
                if any(not s.get("contacts") for pw in yaml.safe_load(p.read_text(encoding="utf-8"))["pathways"]
                       for s in pw["stages"]))
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    # the publication's text, saved in the sources folder under the name its source gives
    (sources / example["source"]["file"]).write_text(
        f"{example['cite']['section']}\n\n{example['cite']['quote']}\n", encoding="utf-8")
    block = yaml.safe_dump([{k: v for k, v in example.items()}], sort_keys=False, allow_unicode=True)
    block = "".join(f"  {line}\n" for line in block.splitlines())
    text = add_under(text, "contacts", block, before="pathways")
    # list it at a stage, so the stage's page and the navigator's answer show it
    pw, stage = next((pw, s) for pw in data["pathways"] for s in pw["stages"] if not s.get("contacts"))
    at = text.index(f"- id: {pw['id']}\n")
    at = text.index(f"- id: {stage['id']}\n", at)
    indent = " " * (at - text.rindex("\n", 0, at) - 1 + 2)
    line_end = text.index("\n", at) + 1
    text = text[:line_end] + f"{indent}contacts: [{example['id']}]\n" + text[line_end:]
    path.write_text(text, encoding="utf-8")
    site = green_build(repo, sources, data["area"])
    page = (site / "procedures" / data["id"] / "index.html").read_text(encoding="utf-8")
    assert example["phone"] in page and example["source"]["title"] in page
    assert page.count(example["phone"]) >= 2   # in the table of contacts and at its stage

"""Where there is no history to read (a copy without .git, a shallow clone, no git, a file never
committed) the pages say so in a plain sentence and the build still passes."""
from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import history

A = "{http://www.w3.org/2005/Atom}"


def _copy_without_git(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".git", "__pycache__"))
    sources = src.parent / f"{src.name}-sources"   # the scripted history's source texts (conftest.py)
    if sources.is_dir():
        shutil.copytree(sources, dest.parent / f"{dest.name}-sources")
    return dest


@pytest.fixture(scope="module")
def plain_copy(scripted, tmp_path_factory) -> Path:
    return _copy_without_git(scripted.repo, tmp_path_factory.mktemp("no-git") / "repo")


@pytest.fixture(scope="module")
def plain_site(plain_copy, scripted, tmp_path_factory) -> Path:
    build = scripted.build
    dest = tmp_path_factory.mktemp("no-git-site")
    result = build(dest, plain_copy)
    assert result.returncode == 0, f"a build without history must pass:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
    return dest


def test_a_copy_without_git_says_so_plainly_on_every_procedure_page(plain_site):
    data = json.loads((plain_site / "data" / "procedures.json").read_text(encoding="utf-8"))
    assert data["procedures"]
    sentence = history.NO_HISTORY.format(reason="it was not built from a git repository").replace("'", "&#39;")
    for p in data["procedures"]:
        raw = (plain_site / "procedures" / p["id"] / "index.html").read_text(encoding="utf-8")
        assert sentence in raw, p["id"]
        assert "<dt>Last changed in the handbook</dt><dd>Not known" in raw
        assert 'class="hb-change"' not in raw
        assert p["history"] == {"available": False, "reason": history.NO_HISTORY.format(
            reason="it was not built from a git repository")}


def test_without_history_the_feed_is_still_valid_atom_with_no_entries(plain_site):
    root = ET.parse(plain_site / "whats-new" / "feed.xml").getroot()
    assert root.tag == f"{A}feed" and root.findtext(f"{A}id") and root.findtext(f"{A}updated")
    assert root.findall(f"{A}entry") == []
    raw = (plain_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert "without its change history" in raw


def test_a_shallow_clone_has_no_history(scripted, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{scripted.repo}", str(clone)], check=True)
    h = history.read_history(clone, {scripted.pid: scripted.rel})
    assert not h.available and "shallow clone" in h.reason
    assert h.sentence(scripted.pid).startswith("The handbook was built without its change history")


def test_without_git_installed_the_history_says_so(scripted):
    h = history.read_history(scripted.repo, {scripted.pid: scripted.rel}, git="/no/such/git")
    assert not h.available and h.reason == "git is not installed"


def test_a_file_never_committed_says_it_is_not_in_the_history_yet(scripted, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(scripted.repo), str(clone)], check=True)
    new = clone / "procedures" / "new-area" / "new-procedure.yaml"
    new.parent.mkdir()
    shutil.copy(scripted.path, new)
    h = history.read_history(clone, {"new-procedure": new.relative_to(clone).as_posix(), scripted.pid: scripted.rel})
    assert h.available
    assert h.of("new-procedure") == [] and h.sentence("new-procedure") == history.NOT_COMMITTED
    assert [c.why for c in h.of(scripted.pid)][0] == scripted.NOTE_SUBJECT


def test_a_version_that_cannot_be_read_is_skipped_and_the_next_compared_with_the_last_good_one(scripted, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(scripted.repo), str(clone)], check=True)
    path = clone / scripted.rel
    good = path.read_text(encoding="utf-8")
    path.write_text("id: [unclosed\n", encoding="utf-8")
    scripted.git(clone, "commit", "-q", "-am", "Broken by mistake", date="2026-06-01T10:00:00+00:00")
    data = history.parse(good.encode())
    data["version"] = "A later version"
    scripted.write(path, data)
    scripted.git(clone, "commit", "-q", "-am", "Mended, with a new version", date="2026-06-02T10:00:00+00:00")
    h = history.read_history(clone, {scripted.pid: scripted.rel})
    changes = h.of(scripted.pid)
    assert [c.why for c in changes][:2] == ["Mended, with a new version", scripted.NOTE_SUBJECT]
    assert changes[0].changes[0].startswith("Version changed from ")
    assert changes[0].changes[0].endswith(" to A later version")

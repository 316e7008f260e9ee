"""A copy of the repository with N procedures, for timing the build as the handbook grows.

The first procedures are the real ones; the rest are copies of them in turn, each with a new id
(`<area>-copy-0001`, ...), a numbered title and its own file, so every copy passes the loader as a
procedure of its own. The navigator's question flow keeps referring only to the real procedures:
each copy's situations are listed under the flow's `not_covered`, with a reason, as the flow check
asks of any situation no answer covers. Ids and reason are short, and the list is written in flow
style, because navigator.yaml must stay under the loader's 1 MB file limit (about 8,800 entries
for 1,000 procedures; some 1,200 procedures is as far as this goes).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("procedures", "content", "navigator", "mkdocs.yml", "generator/theme")
LINKED = ("node_modules",)


def real_procedure_files(root: Path = ROOT) -> list[Path]:
    pdir = root / "procedures"
    return sorted(p for p in pdir.rglob("*.yaml") if p.parent != pdir and "schema" not in p.parts)


def copy_repo(dest: Path, root: Path = ROOT) -> Path:
    """What a build reads: procedures, content, the rule core, mkdocs.yml (node_modules linked)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        elif src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    for name in LINKED:
        if (root / name).exists() and not (dest / name).exists():
            os.symlink(root / name, dest / name)
    return dest


def add_copies(repo: Path, total: int) -> list[str]:
    """Make repo hold `total` procedures: the real ones, then numbered copies. Returns the new ids."""
    real = real_procedure_files(repo)
    if total < len(real):
        raise ValueError(f"{total} procedures is fewer than the {len(real)} real ones")
    new_ids, not_covered = [], []
    for n in range(1, total - len(real) + 1):
        src = real[(n - 1) % len(real)]
        text = src.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        new_id = f"{data['area']}-copy-{n:04d}"
        text = _replace_line(text, "id", new_id)
        text = _replace_line(text, "title", f"{data['title']} (synthetic copy {n})")
        if "short_title" in data:
            text = _replace_line(text, "short_title", f"{data['short_title']} (synthetic copy {n})")
        (src.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        new_ids.append(new_id)
        not_covered += [{"procedure": new_id, "situation": s["id"], "reason": "bench copy"}
                        for s in data.get("situations", [])]
    flow_file = repo / "procedures" / "navigator.yaml"
    if not_covered and flow_file.is_file():
        flow = yaml.safe_load(flow_file.read_text(encoding="utf-8"))
        flow["not_covered"] = list(flow.get("not_covered") or []) + not_covered
        flow_file.write_text(yaml.safe_dump(flow, sort_keys=False, allow_unicode=True, width=200, default_flow_style=None),
                             encoding="utf-8")
    return new_ids


def _replace_line(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}:.*$", re.M)
    if not pattern.search(text):
        raise ValueError(f"no top-level '{key}:' line to replace")
    return pattern.sub(lambda _: f"{key}: {yaml.safe_dump(value, width=10_000).strip().removesuffix('...').strip()}", text, count=1)


def make_repo(dest: Path, total: int, root: Path = ROOT) -> Path:
    """A repository copy at dest with `total` procedures (real ones first)."""
    copy_repo(dest, root)
    add_copies(dest, total)
    return dest

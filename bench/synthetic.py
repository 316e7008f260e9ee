"""A copy of the repository with N procedures across M areas, for timing the build as the handbook grows.

The first procedures are the real ones; the rest are copies of them in turn, each with a new id
(`<area>-copy-0001`, ...), a numbered title and its own file, in synthetic areas of their own
(`synthetic-001`, ... added to areas.yaml, spread over nine regional groups, `per_area` procedures
each), so each copy is a procedure of its own to the loader **and** to the navigator: its questions
and static pages are derived from it as for any real procedure, and the scale figures include the
navigator's growth.
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


GROUPS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
          "East of England", "London", "South East", "South West")


def add_copies(repo: Path, total: int, per_area: int = 2) -> list[str]:
    """Make repo hold `total` procedures: the real ones, then numbered copies, `per_area` to each new
    synthetic area. Returns the new ids."""
    real = real_procedure_files(repo)
    if total < len(real):
        raise ValueError(f"{total} procedures is fewer than the {len(real)} real ones")
    new_ids, areas = [], []
    for n in range(1, total - len(real) + 1):
        src = real[(n - 1) % len(real)]
        text = src.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        area = f"synthetic-{(n - 1) // per_area + 1:03d}"
        if not areas or areas[-1] != area:
            areas.append(area)
        new_id = f"{data['area']}-copy-{n:04d}"
        text = _replace_line(text, "id", new_id)
        text = _replace_line(text, "area", area)
        text = _replace_line(text, "title", f"{data['title']} (synthetic copy {n})")
        if "short_title" in data:
            text = _replace_line(text, "short_title", f"{data['short_title']} (synthetic copy {n})")
        folder = repo / "procedures" / area
        folder.mkdir(exist_ok=True)
        (folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        new_ids.append(new_id)
    if areas:
        entries = "".join(f"  - id: {a}\n    name: Synthetic area {a[-3:]}\n    group: {GROUPS[i % len(GROUPS)]}\n"
                          f"    nation: England\n    region: england-and-wales\n" for i, a in enumerate(areas))
        areas_file = repo / "procedures" / "areas.yaml"
        areas_file.write_text(areas_file.read_text(encoding="utf-8").rstrip("\n") + "\n" + entries, encoding="utf-8")
    return new_ids


def _replace_line(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}:.*$", re.M)
    if not pattern.search(text):
        raise ValueError(f"no top-level '{key}:' line to replace")
    return pattern.sub(lambda _: f"{key}: {yaml.safe_dump(value, width=10_000).strip().removesuffix('...').strip()}", text, count=1)


def make_repo(dest: Path, total: int, root: Path = ROOT, per_area: int = 2) -> Path:
    """A repository copy at dest with `total` procedures (real ones first), `per_area` to each new area."""
    copy_repo(dest, root)
    add_copies(dest, total, per_area)
    return dest

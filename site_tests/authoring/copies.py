"""A copy of the repository in a temporary folder, sharing this checkout's node_modules and its
cache of the navigator's standard library, for tests that build or serve after an author's edit."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def repo_copy(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("content", "procedures", "navigator", "generator"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("mkdocs.yml", "Makefile"):
        shutil.copy(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    for cache in ("stdlib", "compressed", "flowcharts"):   # the build's caches (navigator runtime,
        if (ROOT / ".build" / cache).is_dir():            # compressed copies, flowchart layouts)
            shutil.copytree(ROOT / ".build" / cache, dest / ".build" / cache)
    return dest

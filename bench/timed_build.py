"""`mkdocs build` (as `mkdocs build [--strict] -q -f CONFIG -d SITE` does it), with the time spent in
each of the handbook plugin's event handlers written to a JSON file, so the bench can say where a
build's time goes without a profiler's overhead.

    python -m bench.timed_build CONFIG SITE TIMES.json [--strict] [--handbook]

Without --handbook nothing of the handbook is imported (the plain build pays for none of it).
"""
from __future__ import annotations

import functools
import json
import logging
import sys
import time


def main(argv: list[str]) -> int:
    config_file, site_dir, times_file = argv[:3]
    strict = "--strict" in argv
    spent: dict[str, float] = {}
    if "--handbook" in argv:
        _time_handbook(spent)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    start = time.perf_counter()
    build(load_config(config_file, strict=strict, site_dir=site_dir))
    total = time.perf_counter() - start
    with open(times_file, "w", encoding="utf-8") as handle:
        json.dump({"build_s": total, "handbook": spent}, handle)
    return 0


def _time_handbook(spent: dict) -> None:
    """Wrap each of HandbookPlugin's event handlers to add its time to spent[name]."""
    from generator.plugin import HandbookPlugin

    for name in [n for n in vars(HandbookPlugin) if n.startswith("on_")]:
        original = getattr(HandbookPlugin, name)

        def timed(self, *args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - start

        setattr(HandbookPlugin, name, functools.wraps(original)(timed))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Build times: the handbook with N procedures (our plugin), and a plain MkDocs build of the same pages.

Each size gets its own repository copy (bench/synthetic.py) and its own mkdocs.yml pointing the
handbook plugin at that copy (`root`). The plain build takes every Markdown page our plugin
generates for that copy (its on_files output, dumped to a docs folder beside the hand-written
pages), the same theme, Markdown extensions and navigation, and MkDocs' own search plugin only:
the difference between the two is what the handbook plugin costs.

Builds run as subprocesses (bench/timed_build.py: MkDocs' own build, plus the time in each of the
handbook plugin's event handlers), timed from start to exit, with the trimmed
standard library already in the cache (.build/stdlib/, shared by every copy: the rule core is the
same); building that zip from cold is timed on its own (cold_runtime).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .synthetic import make_repo

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _yaml_config(repo: Path) -> dict:
    return yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))


def handbook_config(repo: Path) -> Path:
    """repo/bench-handbook.yml: the repo's mkdocs.yml with the handbook plugin's root set to repo."""
    config = _yaml_config(repo)
    plugins = []
    for plugin in config.get("plugins", []):
        if plugin == "handbook" or (isinstance(plugin, dict) and "handbook" in plugin):
            options = plugin["handbook"] if isinstance(plugin, dict) else {}
            plugin = {"handbook": {**(options or {}), "root": str(repo)}}
        plugins.append(plugin)
    config["plugins"] = plugins
    out = repo / "bench-handbook.yml"
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def dump_pages(config_file: Path, docs: Path) -> list:
    """Run the plugins' on_config and on_files as `mkdocs build` would; write every page (Markdown
    file) into docs, hand-written and generated alike. Returns the navigation our plugin made."""
    script = r"""
import json, sys
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
config = load_config(sys.argv[1])
config = config.plugins.on_config(config)
files = config.plugins.on_files(get_files(config), config=config)
docs = Path(sys.argv[2])
for f in files:
    if f.src_uri.endswith(".md") or not f.generated_by:   # every page, and the hand-written files
        dest = docs / f.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(f.content_bytes)
print(json.dumps(config.nav))
"""
    done = subprocess.run([sys.executable, "-c", script, str(config_file), str(docs)], capture_output=True,
                          text=True, env=ENV, cwd=config_file.parent)
    if done.returncode != 0:
        raise RuntimeError(f"dumping the pages failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def plain_config(repo: Path, docs: Path, nav: list) -> Path:
    """A mkdocs.yml for the dumped pages: same theme, extensions and nav; no handbook plugin."""
    config = _yaml_config(repo)
    config["docs_dir"] = str(docs)
    config["plugins"] = ["search"]
    config["nav"] = nav
    theme = config.get("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(repo / theme["custom_dir"])
    out = repo / "bench-plain.yml"
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def timed_build(config_file: Path, site: Path, strict: bool = True, handbook: bool = True) -> tuple[float, dict]:
    """Seconds from start to exit of a build in a fresh Python, and its breakdown (bench/timed_build.py)."""
    shutil.rmtree(site, ignore_errors=True)
    times = site.parent / f"{site.name}.times.json"
    command = [sys.executable, "-m", "bench.timed_build", str(config_file), str(site), str(times)]
    command += ["--strict"] * strict + ["--handbook"] * handbook
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**ENV, "PYTHONPATH": str(ROOT)},
                          cwd=config_file.parent)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build -f {config_file} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    breakdown = json.loads(times.read_text(encoding="utf-8"))
    times.unlink()
    return seconds, breakdown


def measure_size(total: int, runs: int, work: Path, log=print) -> dict:
    """Build times (seconds, each run) of the handbook with `total` procedures, ours and plain."""
    repo = make_repo(work / f"repo-{total}", total)
    ours_config = handbook_config(repo)
    docs = work / f"plain-docs-{total}"
    nav = dump_pages(ours_config, docs)
    plain = plain_config(repo, docs, nav)
    pages = sum(1 for _ in docs.rglob("*.md"))
    ours_times, plain_times, breakdowns = [], [], []
    for run in range(runs):   # alternate, so slow spells of a shared machine hit both alike
        seconds, breakdown = timed_build(ours_config, work / f"site-{total}")
        ours_times.append(seconds)
        breakdowns.append(breakdown)
        plain_times.append(timed_build(plain, work / f"plain-site-{total}", strict=False, handbook=False)[0])
        log(f"  {total} procedures, run {run + 1}/{runs}: ours {ours_times[-1]:.1f} s, plain {plain_times[-1]:.1f} s")
    site = work / f"site-{total}"
    nav_pages = sum(1 for _ in (site / "navigator" / "start").rglob("index.html")) if (site / "navigator").is_dir() else 0
    site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz"))
    areas = len({p.parent.name for p in (repo / "procedures").rglob("*.yaml")
                 if p.parent != repo / "procedures" and "schema" not in p.parts})
    shutil.rmtree(work / f"site-{total}", ignore_errors=True)
    shutil.rmtree(work / f"plain-site-{total}", ignore_errors=True)
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(docs, ignore_errors=True)
    return {"procedures": total, "pages": pages, "ours": ours_times, "plain": plain_times, "breakdown": breakdowns,
            "navigator_pages": nav_pages, "site_bytes": site_bytes, "areas": areas}


def cold_runtime() -> float:
    """Seconds to build the trimmed standard library with an empty cache (node, two Pyodide boots)."""
    from generator.loader import load_bundle
    from generator.runtime import trimmed_stdlib

    text = json.dumps(load_bundle(ROOT).to_json(), ensure_ascii=False, sort_keys=True)
    with tempfile.TemporaryDirectory(prefix="handbook-cold-") as tmp:
        start = time.perf_counter()
        trimmed_stdlib(ROOT, ROOT / "node_modules" / "pyodide", text, cache_dir=Path(tmp))
        return time.perf_counter() - start

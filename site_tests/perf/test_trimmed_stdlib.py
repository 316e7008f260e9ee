"""The navigator's trimmed standard library is enough: Pyodide given only the zip the site ships
answers every path of the question flow (and every other call the API offers) as CPython does.

A module missing from the zip would break the navigator for whoever reached the answer that needs
it, so this runs the built site's own files (boot.js, the core, procedures.json, the zip) under
node, with a copy of the runtime that has no python_stdlib.zip at all.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator import runtime
from navigator import api

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYODIDE = ROOT / "node_modules" / "pyodide"
NODE_TIMEOUT_SECONDS = 300


def manifest(site_dir: Path) -> dict:
    return json.loads((site_dir / "assets" / "navigator" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped_zip(site_dir) -> Path:
    m = manifest(site_dir)
    assert m.get("stdlib"), "the manifest names no trimmed standard library"
    return site_dir / m["pyodide"] / m["stdlib"]


@pytest.fixture(scope="module")
def bundle(site_dir) -> dict:
    return json.loads((site_dir / "data" / "procedures.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def calls(bundle) -> list:
    # Calls without a fixed `today` use the system date; the build compares those, not this test.
    return [c for c in runtime.exercise_calls(bundle) if not (isinstance(c[1], dict) and "today" in c[1] and c[1]["today"] is None)]


@pytest.fixture(scope="module")
def in_pyodide(site_dir, shipped_zip, calls, tmp_path_factory) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed, so Pyodide cannot be run")
    bare = tmp_path_factory.mktemp("runtime-without-stdlib")
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json", "package.json"):
        os.symlink(PYODIDE / name, bare / name)
    assert not (bare / "python_stdlib.zip").exists()
    calls_file = bare / "calls.json"
    calls_file.write_text(json.dumps(calls), encoding="utf-8")
    done = subprocess.run([node, str(HERE / "run_calls.mjs"), str(bare), str(site_dir), str(calls_file)],
                          capture_output=True, text=True, timeout=NODE_TIMEOUT_SECONDS)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_site_ships_a_trimmed_zip_of_bytecode_only(shipped_zip):
    names = zipfile.ZipFile(shipped_zip).namelist()
    modules = [n for n in names if n.endswith(".pyc")]
    assert "json/__init__.pyc" in names and "datetime.pyc" in names
    assert not [n for n in names if n.endswith(".py")], "no source in the zip"
    assert any(n.startswith("_handbook_core/navigator/__pycache__/api.") for n in names)
    stock = [n for n in zipfile.ZipFile(PYODIDE / "python_stdlib.zip").namelist() if n.endswith(".py")]
    assert 50 < len(modules) < len(stock) / 2


def test_every_call_in_pyodide_with_only_the_trimmed_zip_equals_cpython(in_pyodide, calls, bundle):
    api.load_bundle(json.dumps(bundle))
    differences = []
    for (operation, args), there in zip(calls, in_pyodide["answers"], strict=True):
        here = json.loads(api.call(operation, args if isinstance(args, str) else json.dumps(args)))
        if here != there:
            differences.append(f"{operation} {json.dumps(args)[:160]}:\n  CPython {json.dumps(here)[:300]}\n  Pyodide {json.dumps(there)[:300]}")
    assert differences == [], "\n".join(differences[:5]) + f"\n({len(differences)} differences)"


def test_the_calls_cover_every_flow_path_and_every_operation(calls, bundle):
    from navigator.flow import answers_for, enumerate_paths

    assert {operation for operation, _ in calls} >= set(api.OPERATIONS)
    flow = bundle["flow"]
    sent = [json.dumps(args["answers"], sort_keys=True) for op, args in calls if op == "next_step" and isinstance(args, dict)
            and isinstance(args.get("answers"), dict)]
    paths = list(enumerate_paths(flow))
    assert len(paths) > 20
    for path in paths:
        assert json.dumps(answers_for(flow, path, runtime.DATES[0]), sort_keys=True) in sent, path


def test_pyodide_really_ran_the_standard_library_from_the_trimmed_bytecode(in_pyodide):
    modules = in_pyodide["modules"]
    assert re.fullmatch(r"/lib/python3\d+\.zip/json/decoder\.pyc", modules["json.decoder"]), modules   # sourceless
    assert modules["navigator.api"].startswith("/home/pyodide/handbook/navigator/"), modules
    assert all("exception" not in a for a in in_pyodide["answers"]), "a call raised in Pyodide"
    assert sum(1 for a in in_pyodide["answers"] if "ok" in a and "outcome" in a["ok"]) > 20


def test_without_node_the_build_stops_with_one_line(tmp_path, monkeypatch, bundle):
    monkeypatch.setattr(runtime.shutil, "which", lambda name: None)
    with pytest.raises(runtime.RuntimeBuildError) as caught:
        runtime.trimmed_stdlib(ROOT, PYODIDE, json.dumps(bundle), cache_dir=tmp_path)
    assert "node is not installed" in str(caught.value) and "\n" not in str(caught.value)
    assert not list(tmp_path.rglob("*.zip")) and not list(tmp_path.rglob("*.partial"))


def test_a_build_that_cannot_make_the_runtime_fails_in_one_line_and_ships_nothing(tmp_path):
    from bench.builds import handbook_config
    from bench.synthetic import copy_repo

    repo = copy_repo(tmp_path / "repo")
    init = repo / "navigator" / "__init__.py"   # a core no cache entry holds, so the zip must be built
    init.write_text(init.read_text(encoding="utf-8") + f"\n# {tmp_path.name}\n", encoding="utf-8")
    config = handbook_config(repo)
    env = {**os.environ, "PATH": str(tmp_path / "no-node-here"), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
                          capture_output=True, text=True, env=env, cwd=repo)
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if "navigator runtime" in line]
    assert len(lines) == 1 and "node is not installed" in lines[0], done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site" / "assets" / "navigator" / "manifest.json").exists()

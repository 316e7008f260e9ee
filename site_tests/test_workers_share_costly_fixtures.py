"""Under `make test` (pytest-xdist, two or more workers) a module's costly fixture is made once, and
the site is built once for all workers: the tests that share a fixture are sent to one worker.

This runs a small suite through this folder's own conftest, with two workers, and counts how many
times its module-scoped fixture and the shared site build ran. It fails if the grouping silently
stops working (it did once: pytest-xdist 3.8 marks groups through Item._nodeid, which pytest 9 no
longer reads, so every test went wherever a worker was free and each worker made its own copy).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SUITE = '''
import os
import pytest

@pytest.fixture(scope="module")
def costly():
    with open(os.environ["MADE_LOG"], "a") as log:
        log.write("made by " + os.environ.get("PYTEST_XDIST_WORKER", "-") + "\\n")
    return 1

@pytest.mark.parametrize("n", range(6))
def test_shares_the_costly_fixture(costly, n):
    assert costly == 1

@pytest.mark.parametrize("n", range(6))
def test_needs_nothing(n):
    pass
'''

SITE = '''
import os

def test_reads_the_site(site_dir):
    with open(os.environ["BUILD_LOG"], "a") as log:
        log.write(os.environ.get("PYTEST_XDIST_WORKER", "-") + " " + str(site_dir) + "\\n")
'''


def test_a_module_fixture_is_made_once_and_the_site_built_once_under_two_workers(tmp_path):
    suite = tmp_path / "suite"
    suite.mkdir()
    conftest = (HERE / "conftest.py").read_text(encoding="utf-8")
    # The real conftest, with the site build replaced by a stand-in that is as costly to repeat.
    conftest = conftest.replace("result = build_site(dest)", "result = fake_build(dest)")
    conftest += '''

def fake_build(dest):
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "index.html").write_text("built", encoding="utf-8")
    with open(os.environ["BUILT_LOG"], "a") as log:
        log.write("built\\n")
    return subprocess.CompletedProcess([], 0, "", "")
'''
    assert "fake_build(dest)" in conftest.split("def fake_build")[0], "the conftest no longer builds the site here"
    (suite / "conftest.py").write_text(conftest, encoding="utf-8")
    (suite / "test_costly.py").write_text(SUITE, encoding="utf-8")
    for n in range(4):
        (suite / f"test_site_{n}.py").write_text(SITE, encoding="utf-8")
    logs = {name: tmp_path / f"{name}.log" for name in ("MADE_LOG", "BUILD_LOG", "BUILT_LOG")}
    env = {**os.environ, **{k: str(v) for k, v in logs.items()}}
    result = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q", "-p", "no:cacheprovider",
                             "--rootdir", str(suite), "-c", os.devnull, str(suite)],
                            cwd=suite, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "16 passed" in result.stdout
    made = logs["MADE_LOG"].read_text(encoding="utf-8").splitlines()
    assert len(made) == 1, made
    readers = logs["BUILD_LOG"].read_text(encoding="utf-8").splitlines()
    assert len(readers) == 4 and len({line.split()[1] for line in readers}) == 1, readers
    assert logs["BUILT_LOG"].read_text(encoding="utf-8").splitlines() == ["built"]

"""The same case files, run inside Pyodide under node, give exactly the CPython answers.

The browser runs the rule core in Pyodide; this is the check that it answers as CPython does.
"""

import json
import shutil
import subprocess

import pytest

NODE_TIMEOUT_SECONDS = 180


@pytest.fixture(scope="module")
def pyodide_output(repo, all_cases):
    if not (repo / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        pytest.skip("node_modules/pyodide is missing; run `make setup` (npm ci) to install it")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed, so Pyodide cannot be run")
    result = subprocess.run(
        [node, str(repo / "site_tests" / "rules" / "pyodide_cases.mjs"), str(repo)],
        input=json.dumps(all_cases),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_pyodide_answers_every_case_as_cpython_does(pyodide_output, all_cases, runner):
    in_cpython = runner.run_cases(all_cases)
    in_pyodide = pyodide_output["results"]
    assert len(in_pyodide) == len(all_cases)
    differences = [
        f"{case['name']}: CPython {here} / Pyodide {there}"
        for case, here, there in zip(all_cases, in_cpython, in_pyodide)
        if here != there
    ]
    assert differences == [], "\n".join(differences)


def test_pyodide_really_ran_the_cases(pyodide_output):
    major, minor = pyodide_output["python"].split(".")[:2]
    assert (int(major), int(minor)) >= (3, 11)
    assert any(result.get("due") == "2026-12-29" for result in pyodide_output["results"])

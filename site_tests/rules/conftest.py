"""Shared helpers for the rule-core tests: the sentence-named case files and their runner.

Cases live in cases/*.yaml. They are read here with PyYAML and made JSON-safe (dates become
ISO strings), so CPython and Pyodide are given exactly the same input. Any test that takes a
`case` argument is run once per case, with the case's name as its id.
"""

import importlib.util
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CASES_DIR = HERE / "cases"
RUNNER = HERE / "case_runner.py"


def json_safe(value):
    """Dates and datetimes (as PyYAML reads them) become ISO strings, recursively."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {json_safe(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    return value


def load_cases() -> list[dict]:
    """Every case from every case file, in file order, each with a "file" key added."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append({**json_safe(case), "file": path.name})
    json.dumps(cases)  # fails here, not in Pyodide, if anything is not JSON-safe
    return cases


def load_runner():
    """case_runner.py loaded by path, so it works whatever pytest's import mode is."""
    spec = importlib.util.spec_from_file_location("rules_case_runner", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = load_cases()
        metafunc.parametrize("case", cases, ids=[case["name"] for case in cases])


@pytest.fixture(scope="session")
def all_cases() -> list[dict]:
    return load_cases()


@pytest.fixture(scope="session")
def runner():
    return load_runner()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO

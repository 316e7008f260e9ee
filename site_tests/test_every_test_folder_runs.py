"""The README's test command (`pytest`, configured by pyproject.toml) runs every test folder.

pytest silently skips folders it will not recurse into (by default any folder named `build`,
`dist`, `venv`, `.*`, ...): a whole folder of tests can stop running without anything failing.
This collects the suite the way `make test` does, and again with every folder that holds a test file
named on the command line (pytest always collects a folder it is given), and requires the same tests.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_collecting(root: Path, *args: str) -> subprocess.Popen:
    """`pytest --collect-only`, run in root with its pyproject.toml, started and not awaited."""
    return subprocess.Popen([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ids(process: subprocess.Popen) -> list[str]:
    """The test ids a collection started by start_collecting found."""
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode in (0, 5), stdout[-3000:] + stderr[-3000:]   # 5: no tests
    return [line for line in stdout.splitlines() if "::" in line]


def collected(root: Path, *args: str) -> list[str]:
    """Test ids that `pytest --collect-only` finds, run in root with its pyproject.toml."""
    return ids(start_collecting(root, *args))


def folders_with_tests(root: Path) -> list[str]:
    """Every folder under site_tests/ holding a test file, relative to root."""
    tests = root / "site_tests"
    found = {p.parent for pattern in ("test_*.py", "*_test.py") for p in tests.rglob(pattern)
             if "__pycache__" not in p.parts}
    return sorted(str(p.relative_to(root)) for p in found)


def missing_from_suite(root: Path) -> list[str]:
    """Tests a folder-by-folder collection finds that the README's command does not."""
    # Both collections at once: each is mostly importing the test modules, on its own CPU where there are two.
    suite, by_folder = start_collecting(root), start_collecting(root, *folders_with_tests(root))
    return sorted(set(ids(by_folder)) - set(ids(suite)))


def files_not_run(root: Path, ran: set[Path]) -> list[str]:
    """Test files under site_tests/ none of whose tests is among `ran` (the paths of collected tests)."""
    ran = {p.resolve() for p in ran}
    files = {p.resolve() for pattern in ("test_*.py", "*_test.py") for p in (root / "site_tests").rglob(pattern)
             if "__pycache__" not in p.parts}
    return sorted(p.relative_to(root.resolve()).as_posix() + "::*" for p in files - ran)


def whole_suite(config) -> bool:
    """True when this run is the README's command: the configured test paths, nothing selected."""
    paths = {(Path(config.invocation_params.dir) / str(a).split("::")[0]).resolve() for a in config.args}
    wanted = {(ROOT / p).resolve() for p in config.getini("testpaths")}
    return paths == wanted and not config.option.keyword and not config.option.markexpr


def test_the_readme_command_collects_every_test_in_every_folder(request):
    if whole_suite(request.config):
        # This run is the README's command: its own collection is the suite. Pytest skips whole
        # folders, so a test file it found under site_tests/ with no test collected was skipped.
        skipped = files_not_run(ROOT, {Path(item.path) for item in request.session.items})
    else:   # a part of the suite: collect the README's way and folder by folder, and compare
        skipped = missing_from_suite(ROOT)
    folders = sorted({t.split("::")[0].rsplit("/", 1)[0] for t in skipped})
    assert not skipped, (f"`pytest` skips {len(skipped)} test(s) in {', '.join(folders)}: rename the folder "
                         "or set norecursedirs in pyproject.toml")


def test_the_check_catches_a_folder_pytest_would_skip(tmp_path):
    """The check itself can fail: a folder named `build` is skipped by pytest's defaults."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("site_tests/kept", "site_tests/build"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "test_one.py").write_text("def test_one():\n    pass\n", encoding="utf-8")
    assert missing_from_suite(tmp_path) == ["site_tests/build/test_one.py::test_one"]
    assert files_not_run(tmp_path, {tmp_path / "site_tests" / "kept" / "test_one.py"}) == ["site_tests/build/test_one.py::*"]

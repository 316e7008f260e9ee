"""`make build` builds beside site/ and swaps the new site in only when the build succeeds: a broken
procedure file, or a warning that strict mode turns into a failure after every page is written,
leaves the previous site exactly as it was. Run in a copy of the repository."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from ..authoring.copies import repo_copy

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BEXLEY_FILE = "procedures/bexley/bexley-cp-lac-escalation-2018.yaml"


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def make_build(repo: Path) -> subprocess.CompletedProcess:
    # -o setup: the copy shares this checkout's venv and node_modules instead of installing its own.
    return subprocess.run(["make", "-o", "setup", "build", f"BIN={BIN}"], cwd=repo,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of the repository with a built site/."""
    repo = repo_copy(tmp_path_factory.mktemp("repo"))
    result = make_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_a_successful_build_swaps_in_a_complete_site_and_leaves_nothing_behind(repo):
    site = repo / "site"
    assert (site / "index.html").is_file() and (site / "_csp.txt").is_file()
    assert (site / "procedures" / "bexley-cp-lac-escalation-2018" / "index.html").is_file()
    assert not (repo / ".build" / "site.new").exists() and not (repo / ".build" / "site.old").exists()


def test_a_broken_procedure_file_leaves_the_previous_site_untouched(repo):
    before = snapshot(repo / "site")
    path = repo / BEXLEY_FILE
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(good.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
        result = make_build(repo)
    finally:
        path.write_text(good, encoding="utf-8")
    assert result.returncode != 0
    assert "bexley-cp-lac-escalation-2018.yaml" in result.stdout + result.stderr
    assert "site was left as it was" in result.stderr
    assert snapshot(repo / "site") == before
    assert not (repo / ".build" / "site.new").exists()


def test_a_failure_after_every_page_was_written_leaves_the_previous_site_untouched(repo):
    """Strict mode stops on a broken link only after writing the whole site: mkdocs alone would
    have emptied site/ and left a site that its own build refused."""
    before = snapshot(repo / "site")
    path = repo / "content" / "about" / "index.md"
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(good + "\nSee [a page that is not there](not-there.md).\n", encoding="utf-8")
        result = make_build(repo)
    finally:
        path.write_text(good, encoding="utf-8")
    assert result.returncode != 0 and "not-there.md" in result.stdout + result.stderr
    assert snapshot(repo / "site") == before


def test_the_next_good_build_replaces_the_site(repo):
    path = repo / "content" / "about" / "index.md"
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(good + "\nA sentence added by the atomic build test.\n", encoding="utf-8")
        result = make_build(repo)
        assert result.returncode == 0, result.stdout + result.stderr
        page = (repo / "site" / "about" / "index.html").read_text(encoding="utf-8")
        assert "A sentence added by the atomic build test." in page
        assert not (repo / ".build" / "site.old").exists()
    finally:
        path.write_text(good, encoding="utf-8")

"""A copy of the repository in a temporary git repository with a scripted history, built once.

The history, oldest first, on one procedure chosen from the data (the first with a numbered
stage that has a working-days timescale), each commit dated so the order is certain:

    2026-01-05  Add the procedures                  every file as it is, plus a test contact
    2026-02-10  <timescale subject>                 that stage's timescale + 5 working days (amount, text and
                                                    quote alike, and the copy's source text says the same, as the
                                                    build's author check asks)
    2026-03-15  <contact subject>                   the test contact's telephone
    2026-04-20  <note subject>                      a note added (text with markup in it)
    2026-05-25  <reformat subject>                  the file rewritten in flow style: same data
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.history import parse

from ..authoring.copies import repo_copy

ROOT = Path(__file__).resolve().parents[2]

TIMESCALE_SUBJECT = "Stage timescale corrected after the partnership's review"
CONTACT_SUBJECT = "Principal Officer's new number <from the 2026 list> & checked"
NOTE_SUBJECT = "Say that the source gives no total limit"
REFORMAT_SUBJECT = "Reformat the file only: flow style, no change to the data"
NOTE_TEXT = "The source gives no total time limit for <b>all</b> the stages & says nothing more."
CONTACT = {"id": "history-test-contact", "label": "Principal Officer", "phone": "01724 296500",
           "published": "2018-11", "cite": {"section": "Contacts"}}
DATES = ["2026-01-05T10:00:00+00:00", "2026-02-10T11:00:00+00:00", "2026-03-15T12:00:00+00:00",
         "2026-04-20T13:00:00+00:00", "2026-05-25T14:00:00+00:00"]


def copy_repo(dest: Path) -> Path:
    repo_copy(dest)
    # The source texts, copied so that the scripted timescale change can be made in the source too.
    shutil.copytree(os.environ["HANDBOOK_SOURCES"], dest.parent / f"{dest.name}-sources")
    return dest


def build(dest: Path, root: Path) -> subprocess.CompletedProcess:
    """mkdocs build --strict of the copy at root, as site_tests/conftest.py's build_site does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    sources = root.parent / f"{root.name}-sources"
    if sources.is_dir():
        env["HANDBOOK_SOURCES"] = str(sources)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"),
                           "-d", str(dest)], cwd=root, capture_output=True, text=True, env=env, timeout=1200)


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-c", "user.name=Handbook Test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
                          capture_output=True, text=True).stdout


def read(path: Path) -> dict:
    return parse(path.read_bytes())


def write(path: Path, data: dict, flow: bool = False) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=flow)
    path.write_text(("# Reformatted: the same data in flow style.\n" if flow else "") + text, encoding="utf-8")


def choose(repo: Path) -> tuple[Path, list[int]]:
    """The first procedure file with a numbered working-days stage, and where that stage is."""
    pdir = repo / "procedures"
    for path in sorted(p for p in pdir.rglob("*.yaml") if p.parent != pdir and "schema" not in p.parts):
        data = read(path)
        for i, pw in enumerate(data.get("pathways") or []):
            for j, st in enumerate(pw.get("stages") or []):
                ts = st.get("timescale") or {}
                if st.get("number") is not None and ts.get("unit") == "working_days" and ts.get("amount"):
                    return path, [i, j]
    pytest.skip("no procedure has a numbered stage with a working-days timescale")


class Scripted:
    TIMESCALE_SUBJECT, CONTACT_SUBJECT, NOTE_SUBJECT = TIMESCALE_SUBJECT, CONTACT_SUBJECT, NOTE_SUBJECT
    REFORMAT_SUBJECT, NOTE_TEXT, DATES = REFORMAT_SUBJECT, NOTE_TEXT, DATES
    build, git, write = staticmethod(build), staticmethod(git), staticmethod(write)

    def __init__(self, repo: Path):
        self.repo = repo
        self.path, (self.pw, self.st) = choose(repo)
        self.rel = self.path.relative_to(repo).as_posix()
        data = read(self.path)
        self.pid = data["id"]
        stage = data["pathways"][self.pw]["stages"][self.st]
        self.number, self.amount = stage["number"], stage["timescale"]["amount"]
        self.commits: dict[str, str] = {}

    def script(self) -> None:
        repo = self.repo
        git(repo, "init", "-q", "-b", "main")
        data = read(self.path)
        stage = data["pathways"][self.pw]["stages"][self.st]
        quote = stage["timescale"]["cite"]["quote"]   # a passage of the source, quoted by the data already
        data["contacts"] = [*(data.get("contacts") or []), {**CONTACT, "cite": {**CONTACT["cite"], "quote": quote}}]
        write(self.path, data)
        git(repo, "add", "-A")
        self.commit("Add the procedures", DATES[0])

        timescale = data["pathways"][self.pw]["stages"][self.st]["timescale"]
        old, new = str(self.amount), str(self.amount + 5)
        timescale["amount"] = self.amount + 5
        timescale["text"] = timescale["text"].replace(old, new, 1)
        new_quote = timescale["cite"]["quote"].replace(old, new, 1)
        source = repo.parent / f"{repo.name}-sources" / data["source"]["file"]
        source.write_text(source.read_text(encoding="utf-8") + "\n" + new_quote + "\n", encoding="utf-8")
        timescale["cite"]["quote"] = new_quote
        write(self.path, data)
        self.commit(TIMESCALE_SUBJECT, DATES[1], self.rel)

        data["contacts"][-1]["phone"] = "01724 296555"
        write(self.path, data)
        self.commit(CONTACT_SUBJECT, DATES[2], self.rel)

        data["notes"] = [*(data.get("notes") or []), {"id": "history-test-note", "kind": "gap", "text": NOTE_TEXT,
                                                      "cite": {"section": "Timescales"}}]
        write(self.path, data)
        self.commit(NOTE_SUBJECT, DATES[3], self.rel)

        write(self.path, data, flow=True)
        assert read(self.path) == data
        self.commit(REFORMAT_SUBJECT, DATES[4], self.rel)

    def commit(self, subject: str, date: str, *paths: str) -> None:
        if paths:
            git(self.repo, "add", *paths)
        git(self.repo, "commit", "-q", "-m", subject, date=date)
        self.commits[subject] = git(self.repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def scripted(tmp_path_factory) -> Scripted:
    repo = copy_repo(tmp_path_factory.mktemp("history-repo"))
    s = Scripted(repo)
    s.script()
    return s


@pytest.fixture(scope="session")
def history_site(scripted, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("history-site")
    result = build(dest, scripted.repo)
    assert result.returncode == 0, f"build from the scripted repository failed:\n{result.stdout}\n{result.stderr}"
    return dest

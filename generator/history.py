"""Each procedure's history in the handbook, read from git at build time.

One `git log` over procedures/ gives every commit that touched a procedure file, with the blob ids
of the file before and after (``--raw``); one ``git cat-file --batch`` gives those blobs. Each
version is parsed as YAML once and compared with the one before it by generator.changes, so the
words say what changed in the data: a commit that only reformats a file is no change. Reading the
history costs one pass over it (linear in its length) and nothing is cached in the repository.

Where there is no history to read (git missing, not a git repository, a shallow clone, a file
never committed), the history says so in one plain sentence and the build goes on.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .changes import describe

MAX_BYTES = 1_000_000       # as generator.loader: a larger version is not read
NO_BLOB = "0" * 40
NO_HISTORY = "The handbook was built without its change history ({reason}), so it cannot say what changed here or when."
NOT_COMMITTED = "This procedure's file is not in the handbook's history yet (it has not been committed)."


@dataclass(frozen=True)
class Change:
    """One commit's changes to one procedure."""
    commit: str
    date: str            # the commit's date and time, ISO 8601 with its offset
    why: str             # the commit message's subject line
    changes: tuple[str, ...]

    @property
    def day(self) -> str:
        return self.date[:10]

    @property
    def anchor(self) -> str:
        return f"change-{self.commit[:12]}"

    def to_json(self) -> dict:
        return {"commit": self.commit, "date": self.date, "why": self.why, "changes": list(self.changes)}


@dataclass
class History:
    """Every procedure's changes, newest first; `reason` says why there are none, if so."""
    available: bool
    reason: str = ""
    changes: dict[str, list[Change]] = field(default_factory=dict)   # procedure id -> changes

    def of(self, pid: str) -> list[Change]:
        return self.changes.get(pid, [])

    def sentence(self, pid: str) -> str:
        """What the page says when it has no list to show."""
        if not self.available:
            return NO_HISTORY.format(reason=self.reason)
        return "" if self.of(pid) else NOT_COMMITTED

    def to_json(self, pid: str) -> dict:
        out: dict[str, Any] = {"available": self.available and bool(self.of(pid))}
        if self.of(pid):
            out["last_changed"] = self.of(pid)[0].date
            out["changes"] = [c.to_json() for c in self.of(pid)]
        else:
            out["reason"] = self.sentence(pid)
        return out


def unavailable(reason: str) -> History:
    return History(False, reason)


# --------------------------------------------------------------------------- reading git

class _GitError(Exception):
    pass


def _git(git: str, cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        result = subprocess.run([git, "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
                                cwd=cwd, input=stdin, capture_output=True, env=env, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _GitError(f"git could not be run: {exc}") from None
    if result.returncode != 0:
        first = (result.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        raise _GitError(first)
    return result.stdout


def _log(git: str, root: Path, pathspec: str) -> list[tuple[str, str, str, list[tuple[str, str, str, str, str]]]]:
    """[(commit, date, subject, [(status, old blob, new blob, old path, new path), ...]), ...], newest first.

    Paths are relative to the repository's top level. Merges are left out: the commits they bring
    in are listed themselves, each compared with its own parent."""
    out = _git(git, root, "log", "--no-merges", "--raw", "--no-abbrev", "-z", "-M", "--no-color",
               "--no-ext-diff", "--no-textconv", "--encoding=UTF-8", "--format=%x1e%H%x1f%cI%x1f%s",
               "--", pathspec)
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
        header, _, rest = record.partition("\0")
        sha, date, subject = (header.split("\x1f") + ["", ""])[:3]
        tokens = rest.lstrip("\n").split("\0")
        entries, i = [], 0
        while i < len(tokens):
            meta = tokens[i]
            if not meta.startswith(":"):
                i += 1
                continue
            parts = meta[1:].split()
            if len(parts) < 5:
                i += 1
                continue
            old_blob, new_blob, status = parts[2], parts[3], parts[4]
            if status[:1] in ("R", "C"):
                old_path, new_path = tokens[i + 1], tokens[i + 2]
                i += 3
            else:
                old_path = new_path = tokens[i + 1]
                i += 2
            entries.append((status[:1], old_blob, new_blob, old_path, new_path))
        commits.append((sha, date, subject.strip(), entries))
    return commits


def _blobs(git: str, root: Path, shas: list[str]) -> dict[str, bytes]:
    """Every blob asked for, in one `git cat-file --batch`."""
    if not shas:
        return {}
    out = _git(git, root, "cat-file", "--batch", stdin=("\n".join(shas) + "\n").encode())
    blobs, pos = {}, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("utf-8", "replace").split()
        pos = end + 1
        if len(header) < 3 or header[1] != "blob":      # "<sha> missing"
            continue
        size = int(header[2])
        blobs[header[0]] = out[pos:pos + size]
        pos += size + 1
    return blobs


# --------------------------------------------------------------------------- parsing old versions

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAFE = yaml.constructor.SafeConstructor()
_SCALARS = {tag: fn for tag, fn in yaml.constructor.SafeConstructor.yaml_constructors.items()
            if tag and tag.rsplit(":", 1)[-1] in ("null", "bool", "int", "float")}


class _Refused(Exception):
    pass


def _value(node: yaml.Node, seen: set[int]) -> Any:
    """Plain data from a composed node: dates kept as the text written (as generator.loader reads
    them); a node met twice is an alias, refused (generator.loader refuses them too)."""
    if isinstance(node, yaml.ScalarNode):
        fn = _SCALARS.get(node.tag)
        return fn(_SAFE, node) if fn else node.value
    if id(node) in seen:
        raise _Refused
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [_value(n, seen) for n in node.value]
    out = {}
    for k, v in node.value:
        key = _value(k, seen)
        out[key if isinstance(key, (str, int, float, bool)) or key is None else str(key)] = _value(v, seen)
    return out


def parse(data: bytes) -> Any:
    """One historical version as plain data, or None if it cannot be read (too big, not YAML,
    not a mapping, or with aliases)."""
    if len(data) > MAX_BYTES:
        return None
    try:
        node = yaml.compose(data.decode("utf-8"), Loader=_LOADER)
        value = _value(node, set()) if node is not None else None
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError, TypeError, _Refused):
        return None
    return value if isinstance(value, dict) else None


# --------------------------------------------------------------------------- the whole history

def read_history(root: Path, files: dict[str, str], git: str | None = None) -> History:
    """The history of each procedure file in `files` (procedure id -> path relative to `root`)."""
    git = shutil.which(git or "git")
    if not git:
        return unavailable("git is not installed")
    root = Path(root)
    try:
        info = _git(git, root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix")
    except _GitError as exc:    # not a repository; or e.g. git's "dubious ownership" refusal: say which
        if "not a git repository" in str(exc).lower():
            return unavailable("it was not built from a git repository")
        return unavailable(f"git could not read it: {exc}")
    lines = info.decode("utf-8", "replace").splitlines()
    if lines[:1] != ["true"]:
        return unavailable("it was not built from a git repository")
    if lines[1:2] == ["true"]:
        return unavailable("it was built from a shallow clone, which holds only the latest commits")
    prefix = lines[2] if len(lines) > 2 else ""
    try:
        commits = _log(git, root, "procedures/")
        wanted = {prefix + path: pid for pid, path in files.items()}
        per_file = _walk(commits, wanted)
        needed = sorted({b for entries in per_file.values() for (_, _, _, old, new) in entries
                         for b in (old, new) if b != NO_BLOB})
        blobs = _blobs(git, root, needed)
    except _GitError as exc:
        return unavailable(f"git could not read it: {exc}")
    parsed: dict[str, Any] = {}

    def version(blob: str) -> Any:
        if blob not in parsed:
            parsed[blob] = parse(blobs[blob]) if blob in blobs else None
        return parsed[blob]

    history = History(True)
    for pid, entries in per_file.items():
        changes: list[Change] = []
        last_good: Any = None
        for sha, date, subject, old_blob, new_blob in reversed(entries):     # oldest first
            new = version(new_blob)
            if new is None:         # a version that cannot be read: compare the next with the last good one
                continue
            old = None if old_blob == NO_BLOB else version(old_blob)
            if old is None:
                old = last_good
            words = describe(old, new)
            last_good = new
            if words:
                changes.append(Change(sha, date, subject, tuple(words)))
        history.changes[pid] = changes[::-1]
    return history


def _walk(commits, wanted: dict[str, str]) -> dict[str, list[tuple[str, str, str, str, str]]]:
    """Each wanted file's commits, newest first, as (commit, date, subject, old blob, new blob),
    following renames back: a file renamed into a wanted path goes on under its old name."""
    alias = dict(wanted)      # path at this point in history -> procedure id
    out: dict[str, list] = {pid: [] for pid in wanted.values()}
    for sha, date, subject, entries in commits:
        renamed: dict[str, str] = {}
        for status, old_blob, new_blob, old_path, new_path in entries:
            pid = alias.get(new_path)
            if pid is None or status == "D":
                continue
            if status == "A":
                out[pid].append((sha, date, subject, NO_BLOB, new_blob))
                del alias[new_path]        # before this the path held nothing (or another file)
            elif status in ("R", "C"):
                out[pid].append((sha, date, subject, old_blob, new_blob))
                if status == "R":
                    del alias[new_path]
                renamed[old_path] = pid
            else:
                out[pid].append((sha, date, subject, old_blob, new_blob))
        alias.update(renamed)
    return out

"""The shared source documents, and the check that every cited quote really is in its source.

Quotes in procedure files are copied from the plain-text sources. The text extraction left
markup in some of them (Markdown emphasis, ``<b>`` tags, escaped asterisks, tabs in tables),
so both sides are normalised the same way before comparing: tags and markup characters
removed, typographic quotes made plain, runs of white space folded to one space.

The check runs in every build (generator/loader.py calls quote_problems from load_bundle) and in
the author's command, ``python -m generator.check``. A quote that is not found is reported at its
own line in the procedure file, with the nearest passage of the source and that passage's line:

    procedures/x/y.yaml:41:60: pathways[0].stages[0].cite.quote: not in the source text — nearest passage,
    line 88 of y.txt: "Head of service 5 days (Stage 2)"; copy the words exactly from the source

Where the sources folder is missing the check says so once; with CI=true that is an error.
"""
from __future__ import annotations

import difflib
import os
import re
from functools import lru_cache
from pathlib import Path

_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[*\\#_]|&amp;")
_SPACE = re.compile(r"\s+")
_TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def sources_dir(root: Path | None = None) -> Path:
    """Where the source documents are: $HANDBOOK_SOURCES, else ../shared/sources beside the checkout."""
    env = os.environ.get("HANDBOOK_SOURCES")
    if env:
        return Path(env)
    root = Path(root) if root else Path(__file__).resolve().parent.parent
    return root.resolve().parent / "shared" / "sources"


def in_ci() -> bool:
    """CI has the sources: there a missing source is an error, not a warning."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def normalise(text: str) -> str:
    text = text.replace("&amp;", "&")
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub("", text.translate(_TYPO))
    text = _LINK.sub(r"\1", text)  # [label](url) -> label
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=256)
def _read(path: str, mtime: float) -> tuple[str, tuple[str, ...]] | None:
    try:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return normalise(raw), tuple(normalise(line) for line in raw.splitlines())


@lru_cache(maxsize=65536)
def _quote_found(quote: str, text: str) -> bool:
    """Cached: a build of many procedures (the benchmark's copies) asks the same question often."""
    return normalise(quote) in text


def source_lines(file_name: str, folder: Path | None = None) -> tuple[str, tuple[str, ...]] | None:
    """(the whole normalised text, each normalised line) of a source, or None if it is not there."""
    path = (folder or sources_dir()) / file_name
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _read(str(path), mtime) if path.is_file() else None


def source_text(file_name: str, folder: Path | None = None) -> str | None:
    found = source_lines(file_name, folder)
    return found[0] if found else None


def quote_in_source(quote: str, file_name: str, folder: Path | None = None) -> bool | None:
    """True/False whether the quote is in the source; None when the source file is not available."""
    text = source_text(file_name, folder)
    if text is None:
        return None
    return normalise(quote) in text


def iter_quotes(node, path=""):
    """Yield (field path, quote) for every cite.quote in a loaded procedure (path as text)."""
    for where, quote in iter_quote_paths(node):
        from .loader import format_path
        yield format_path(where[:-1]), quote


QUOTED_KEYS = ("quote", "source_title")
"""Fields copied word for word from the source: a cite's quote, and a pathway's `source_title` (the
source's own heading, kept beside the handbook's plain title)."""


def iter_quote_paths(node, path: tuple = ()):
    """Yield (path tuple ending in the quoted key, quote) for every quote in a procedure's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in QUOTED_KEYS and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from iter_quote_paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from iter_quote_paths(value, path + (i,))


def nearest_passage(quote: str, lines: tuple[str, ...]) -> tuple[int, str, float]:
    """(line number, passage, similarity 0..1) of the source passage closest to the quote: every run
    of the quote's number of words (one more, one fewer) in the source, compared letter by letter."""
    q = normalise(quote).lower()
    n = len(q.split())
    words = [(number, word) for number, line in enumerate(lines, 1) for word in line.split()]
    best = (0, "", 0.0)
    if not q or not words:
        return best
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(q)
    for size in sorted({max(1, n - 1), n, n + 1}):
        for i in range(max(1, len(words) - size + 1)):
            passage = " ".join(w for _, w in words[i:i + size])
            matcher.set_seq1(passage.lower())
            if matcher.real_quick_ratio() <= best[2] or matcher.quick_ratio() <= best[2]:
                continue
            score = matcher.ratio()
            if score > best[2]:
                best = (words[i][0], passage, score)
    return best


NEAREST_LIMIT = 12


def _own_source(data: dict, path: tuple) -> str | None:
    """The source file a quote is checked against: that of the nearest object on its path with a
    `source` of its own (a contact published after the document, say), else the procedure's."""
    nodes = [data]
    for part in path[:-1]:
        node = nodes[-1]
        try:
            nodes.append(node[part])
        except (KeyError, IndexError, TypeError):
            break
    for node in reversed(nodes):
        src = node.get("source") if isinstance(node, dict) else None
        if isinstance(src, dict) and isinstance(src.get("file"), str):
            return src["file"]
    return None


def quote_problems(doc, folder: Path) -> list:
    """Every quote in one loaded procedure Document that is not in its source text.

    Returns Problems; a source file that is absent gives one problem on its `source.file` (a warning,
    an error under CI). The caller handles a sources folder that is missing entirely."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out: list = []
    missing: set[str] = set()
    misses = 0
    for path, quote in iter_quote_paths(data):
        name = _own_source(data, path)
        if name is None:
            continue
        found = source_lines(name, folder)
        if found is None:
            if name not in missing:
                missing.add(name)
                at = next((p[:-1] for p, _ in iter_source_paths(data) if _ == name), ("source", "file"))
                out.append(doc.problem(at + ("file",), f"the source text '{name}' is not in {folder}",
                                       "put the document's plain text there under that name, or correct the "
                                       "file name", "error" if in_ci() else "warning"))
            continue
        text, lines = found
        if _quote_found(quote, text):
            continue
        misses += 1
        if misses > NEAREST_LIMIT:   # many misses: the wrong source file, most likely; searching is slow
            out.append(doc.problem(path, "not in the source text", f"is '{name}' the right source file?"))
            continue
        line, passage, score = nearest_passage(quote, lines)
        if passage and score >= 0.5:
            hint = f'nearest passage, line {line} of {name}: "{passage}"; copy the words exactly from the source'
        else:
            hint = f"nothing like it in {name}; copy a few words exactly from the section you cite"
        out.append(doc.problem(path, "not in the source text", hint))
    return out


def iter_source_paths(data, path: tuple = ()):
    """(path of a source.file, its name) for the procedure's source and every fact's own source."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, dict) and isinstance(value.get("file"), str):
                yield path + (key, "file"), value["file"]
            elif isinstance(value, (dict, list)):
                yield from iter_source_paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_source_paths(value, path + (i,))


def main(argv=None) -> int:
    """python -m generator.sources [FILE.yaml ...]: the author's check (generator.check) for these files."""
    import sys

    from .check import main as check_main

    args = list(sys.argv[1:] if argv is None else argv)
    return check_main([a for name in args for a in ("--only", name)])


if __name__ == "__main__":
    raise SystemExit(main())

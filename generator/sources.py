"""The shared source documents, and the check that a cited quote really is in its source.

Quotes in procedure files are copied from the plain-text sources. The text extraction left
markup in some of them (Markdown emphasis, ``<b>`` tags, escaped asterisks, tabs in tables),
so both sides are normalised the same way before comparing: tags and markup characters
removed, typographic quotes made plain, runs of white space folded to one space.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[*\\#_]|&amp;")
_SPACE = re.compile(r"\s+")
_TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def sources_dir() -> Path:
    """Where the source documents are: $HANDBOOK_SOURCES, else ../shared/sources beside the repo."""
    env = os.environ.get("HANDBOOK_SOURCES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "sources"


def normalise(text: str) -> str:
    text = text.replace("&amp;", "&")
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub("", text.translate(_TYPO))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=None)
def source_text(file_name: str) -> str | None:
    path = sources_dir() / file_name
    if not path.is_file():
        return None
    return normalise(path.read_text(encoding="utf-8"))


def quote_in_source(quote: str, file_name: str) -> bool | None:
    """True/False whether the quote is in the source; None when the source file is not available."""
    text = source_text(file_name)
    if text is None:
        return None
    return normalise(quote) in text


def iter_quotes(node, path=""):
    """Yield (field path, quote) for every cite.quote in a loaded procedure."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else key
            if key == "quote" and isinstance(value, str):
                yield path, value
            else:
                yield from iter_quotes(value, sub)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from iter_quotes(value, f"{path}[{i}]")


def main(argv=None) -> int:
    """python -m generator.sources FILE.yaml...: list quotes not found in their source."""
    import sys
    import yaml

    bad = 0
    for name in (argv if argv is not None else sys.argv[1:]):
        data = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
        src = data["source"]["file"]
        for where, quote in iter_quotes(data):
            found = quote_in_source(quote, src)
            if found is None:
                print(f"{name}: source {src} not found in {sources_dir()}")
                return 2
            if not found:
                bad += 1
                print(f"{name}: {where}.quote not found in {src}: {quote!r}")
    print(f"{bad} quote(s) not found")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

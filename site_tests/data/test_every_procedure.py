"""Every procedure file in procedures/ is checked the same way, so a new one is checked the moment it
exists: its schema, every quote against its source text, and each timescale's amount, text and quote
against each other (the checks the build runs, one file at a time)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.agreement import timescale_problems
from generator.loader import load_schema, read_yaml, schema_problems
from generator.sources import in_ci, iter_quote_paths, quote_problems, sources_dir

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for p in (ROOT / "procedures").glob("*/*.yaml") if p.parent.name != "schema")
SOURCES = sources_dir(ROOT)


def doc(path):
    return read_yaml(path, str(path.relative_to(ROOT)))


def test_there_are_procedure_files_to_check():
    assert FILES, "no procedures/<area>/<id>.yaml found"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_file_follows_the_schema(path):
    assert [str(p) for p in schema_problems(doc(path), load_schema("procedure.schema.json"))] == []


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_quote_is_word_for_word_in_the_source_text(path):
    d = doc(path)
    if not (SOURCES / d.data["source"]["file"]).is_file():
        if in_ci():
            pytest.fail(f"source {d.data['source']['file']} is not in {SOURCES}")
        pytest.skip(f"source {d.data['source']['file']} is not in {SOURCES}")
    assert list(iter_quote_paths(d.data)), "a procedure quotes its source"
    assert [str(p) for p in quote_problems(d, SOURCES)] == []


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_timescale_amount_agrees_with_its_text_and_quote(path):
    assert [str(p) for p in timescale_problems(doc(path))] == []

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


def test_a_unit_the_source_does_not_say_is_a_reading_the_data_must_label():
    """Issue 15: "5 days" shown as "5 working days" is the handbook's reading, so it carries a reading."""
    from generator.agreement import unlabelled_reading

    days = {"unit": "working_days", "amount": 5, "text": "5 days"}
    assert "working_days" in unlabelled_reading(days)
    assert unlabelled_reading({**days, "reading": "Read as working days because ..."}) is None
    assert unlabelled_reading({**days, "text": "5 working days"}) is None
    assert unlabelled_reading({"unit": "hours_before", "amount": 48, "text": "2 days before"})


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_replaced_edition_of_guidance_the_document_cites_is_in_the_guidance_data(path):
    """The page's "since replaced" line needs each cited edition, and a current one, in guidance.yaml."""
    import yaml

    guidance = {g["id"]: g for g in yaml.safe_load((ROOT / "procedures/guidance.yaml").read_text())["guidance"]}
    for cited in doc(path).data.get("guidance_cited") or []:
        editions = {e["edition"]: e for e in guidance[cited["guidance"]]["editions"]}
        assert cited["edition"] in editions
        assert sum(1 for e in editions.values() if e.get("current")) == 1
        assert all(e["source"]["url"].startswith("https://") for e in editions.values())

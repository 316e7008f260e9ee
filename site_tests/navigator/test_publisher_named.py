"""Whose document the reader is choosing: each area's option in the navigator names every document
of the area published by someone other than the area, with its publisher exactly as the procedure
file gives it (Liverpool's is one primary school's policy, following Liverpool LSCB, not the LSCB's),
and every outcome page and the procedures list and comparison name the publisher. For every area
and procedure, rendered straight from the generator (no MkDocs, no browser)."""
from __future__ import annotations

from datetime import date

import pytest
from markupsafe import escape

from generator import render
from generator.loader import load_bundle
from generator.navigator_pages import navigator_pages

TODAY = date(2026, 11, 23)
BUNDLE = load_bundle()
NAV = navigator_pages(BUNDLE, TODAY)
PAGES = render.pages(BUNDLE, today=TODAY, charts={})
AREAS = {a["id"]: a for a in BUNDLE.areas}
DOCS = {}
for p in BUNDLE.procedures:
    DOCS.setdefault(p["area"], []).append(p)
AREA_QUESTIONS = ["act-now-area", "area"]


@pytest.mark.parametrize("question", AREA_QUESTIONS)
@pytest.mark.parametrize("area", sorted(DOCS))
def test_each_area_option_names_each_document_published_by_someone_else_and_its_publisher_exactly(question, area):
    q = next(q for q in BUNDLE.flow["questions"] if q["id"] == question)
    option = next(o for o in q["options"] if o["id"] == area)
    others = [d for d in DOCS[area] if d["publisher"] != AREAS[area]["name"]]
    if not others:
        assert option["label"] == AREAS[area]["name"] == DOCS[area][0]["publisher"]
        return
    for doc in others:
        assert f"{doc['title']}, published by {doc['publisher']}" in option["note"]
    page = next(text for text in NAV.values() if f'data-nav-node="{question}"' in text)
    assert str(escape(option["note"])) in page


OUTCOME_PROCEDURE = {o["id"]: o["procedure"] for o in BUNDLE.flow["outcomes"]}
OUTCOME_PAGES = sorted(u for u, t in NAV.items() if 'data-nav-kind="outcome"' in t)


@pytest.mark.parametrize("uri", OUTCOME_PAGES, ids=str)
def test_every_outcome_page_names_its_documents_publisher(uri):
    node = uri.split("/")[2]
    procedure = next(p for p in BUNDLE.procedures if p["id"] == OUTCOME_PROCEDURE[node])
    assert f"<dt>Published by</dt><dd>{escape(procedure['publisher'])}</dd>" in NAV[uri]


def test_the_procedures_list_and_the_comparison_name_every_publisher():
    for p in BUNDLE.procedures:
        assert f"published by {escape(p['publisher'])}." in PAGES["procedures/index.md"]
        assert f"Published by {escape(p['publisher'])}." in PAGES["compare/index.md"]

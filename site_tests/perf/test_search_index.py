"""The search index sized for scale (issue 18, generator/search_index.py): each procedure adds a bounded
number of entries of bounded text, and still every stage and contact of every procedure is found by
its name. Counted from procedures/ (every procedure, pathway, stage and contact it holds), against an
index shaped as Material writes it: an entry for the page and one for each section the page has
(generator.render.jump_list, plus the change history), each with a long text."""
from __future__ import annotations

import dataclasses
import html
import json

import pytest

from generator import search_index
from generator.loader import load_bundle
from generator.render import jump_list
from generator.search_index import BOUND, SHORT, build

LONG = "<p>" + "A practitioner disagrees with a decision about a child's plan. " * 60 + "</p>"


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


def material_index(bundle) -> dict:
    """Material's index of the handbook as its search plugin would write it: every page and
    section with its whole text (here: a long one), the procedure pages among hand-written ones."""
    docs = [{"location": "", "title": "The escalation handbook", "text": LONG},
            {"location": "glossary/", "title": "Glossary", "text": LONG},
            {"location": "whats-new/", "title": "What's new", "text": LONG},
            {"location": "compare/", "title": "Procedures compared", "text": LONG},
            {"location": "compare/#overview", "title": "Overview", "text": LONG}]
    for p in bundle.procedures:
        page = f"procedures/{p['id']}/"
        docs.append({"location": page, "title": html.escape(p.get("short_title", p["title"])), "text": LONG})
        headings = {pw["id"]: pw["title"] for pw in p["pathways"]}   # the jump list shortens them
        for anchor, label in jump_list(p) + [("what-changed", "What changed")]:
            docs.append({"location": f"{page}#{anchor}", "title": html.escape(headings.get(anchor, label)), "text": LONG})
        docs.append({"location": f"compare/#{p['id']}", "title": html.escape(p["title"]), "text": LONG})
    return {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]}, "docs": docs}


@pytest.fixture(scope="module")
def sized(bundle):
    return build(material_index(bundle), bundle)["docs"]


def entries_of(docs, pid: str) -> list[dict]:
    page = f"procedures/{pid}/"
    return [d for d in docs if d["location"].partition("#")[0] == page]


def words_of(entries) -> str:
    """Everything an entry makes searchable (title and text), as read."""
    return " ".join(html.unescape(f"{d['title']} {d['text']}") for d in entries)


def test_no_entry_of_a_procedure_page_says_more_than_the_bound(bundle, sized):
    for p in bundle.procedures:
        for d in entries_of(sized, p["id"]):
            text = html.unescape(d["text"])
            assert len(text) <= BOUND, f"{d['location']}: {len(text)} characters of text, more than {BOUND}"
            names_stages_or_contacts = text.startswith(("Stages:", "Contacts:", "Started by:"))
            assert names_stages_or_contacts or len(text) <= SHORT, f"{d['location']}: {len(text)} > {SHORT}"


def test_each_procedure_adds_a_bounded_number_of_entries(bundle, sized):
    """The page, each pathway, When to use this, Rules, Forms, Contacts, and an entry of its own
    for each stage or contact whose name did not fit: never one entry per paragraph of text."""
    for p in bundle.procedures:
        entries = entries_of(sized, p["id"])
        spilled = [d for d in entries if "--" in d["location"] or "#contact-" in d["location"]]
        assert len(entries) - len(spilled) <= 1 + len(p["pathways"]) + 4, [d["location"] for d in entries]
        stages = sum(len(pw.get("stages") or []) for pw in p["pathways"])
        assert len(spilled) <= stages + len(p.get("contacts") or [])


def test_every_stage_and_contact_of_every_procedure_is_named_in_its_entries(bundle, sized):
    for p in bundle.procedures:
        words = words_of(entries_of(sized, p["id"]))
        for pw in p["pathways"]:
            assert pw["title"] in words, f"{p['id']}: pathway {pw['id']} is not searchable by its title"
            for st in pw.get("stages") or []:
                assert st["title"] in words, f"{p['id']}: stage {pw['id']}--{st['id']} is not searchable by its name"
        for c in p.get("contacts") or []:
            assert c["label"] in words, f"{p['id']}: contact {c['id']} is not searchable by its name"


def test_every_procedure_is_found_by_its_areas_name_and_who_starts_each_pathway(bundle, sized):
    areas = {a["id"]: a["name"] for a in bundle.areas}
    for p in bundle.procedures:
        page = entries_of(sized, p["id"])[0]
        assert page["location"] == f"procedures/{p['id']}/", "the page's own entry comes first (Material's order)"
        assert areas[p["area"]] in html.unescape(page["text"]), f"{p['id']} is not found by its area's name"
        roles = {r["id"]: r["name"] for r in p.get("roles") or []}
        words = words_of(entries_of(sized, p["id"]))
        for pw in p["pathways"]:
            for r in pw.get("raised_by") or []:
                assert roles.get(r, r) in words, f"{p['id']}: who starts {pw['id']} ({r}) is not searchable"


def test_a_stage_whose_name_does_not_fit_gets_an_entry_of_its_own(bundle):
    """Made to happen: a pathway of stages with long names, more than BOUND characters together."""
    p = json.loads(json.dumps(bundle.procedures[0]))
    pw = p["pathways"][0]
    pw["stages"] = [{**pw["stages"][0], "id": f"step-{i}", "number": i,
                     "title": f"Step {i}: the practitioner writes to the designated safeguarding lead again"}
                    for i in range(1, 12)]
    one = dataclasses.replace(bundle, procedures=[p])
    docs = entries_of(build(material_index(one), one)["docs"], p["id"])
    pathway = next(d for d in docs if d["location"].endswith(f"#{pw['id']}"))
    own = [d for d in docs if d["location"].startswith(f"procedures/{p['id']}/#{pw['id']}--")]
    assert own, "every stage was squeezed into the pathway's entry"
    assert len(html.unescape(pathway["text"])) <= BOUND
    for st in pw["stages"]:
        named = st["title"] in html.unescape(pathway["text"])
        alone = [d for d in own if d["location"].endswith(f"--{st['id']}")]
        assert named != bool(alone), f"{st['id']}: named in the pathway's entry or in its own, exactly once"
        if alone:
            assert st["title"] in html.unescape(alone[0]["title"])


def test_change_history_per_procedure_sections_of_listing_pages_and_whats_new_are_left_out(bundle, sized):
    locations = [d["location"] for d in sized]
    assert not [loc for loc in locations if loc.startswith("whats-new/")]
    assert not [loc for loc in locations if loc.endswith("#what-changed")]
    assert not [loc for loc in locations if loc.startswith("compare/#") and loc != "compare/#overview"]
    assert "compare/#overview" in locations and "compare/" in locations


def test_hand_written_pages_and_the_glossary_are_kept_whole(bundle, sized):
    for location in ("", "glossary/"):
        assert next(d for d in sized if d["location"] == location)["text"] == LONG


def test_a_listing_pages_text_is_bounded_and_escaped(bundle, sized):
    overview = next(d for d in sized if d["location"] == "compare/#overview")
    assert len(html.unescape(overview["text"])) <= SHORT and "<" not in overview["text"]
    assert overview["text"].endswith("…")


@pytest.mark.parametrize("parts, limit, expected", [
    (["Stages: a; b."], 40, "Stages: a; b."),
    (["One two three.", "Four five six seven."], 20, "One two three. Four…"),
    (["Fish & chips <b>."], 40, "Fish &amp; chips &lt;b&gt;."),
    (["Averyveryverylongwordthatcannotbecut"], 10, ""),
])
def test_bounded_keeps_whole_words_and_escapes(parts, limit, expected):
    assert search_index.bounded(parts, limit) == expected

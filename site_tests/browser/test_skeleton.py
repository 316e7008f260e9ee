"""The walking skeleton end to end: a page per procedure, and due dates computed in the browser by
the same Python core (through the self-hosted Pyodide) that CPython runs here."""
from __future__ import annotations

import json
from datetime import date

import pytest

from navigator import api

PAGES = ["", "navigator/", "procedures/", "procedures/bexley-cp-lac-escalation-2018/", "about/working-days/"]


def cpython_answer(site_dir, procedure, pathway, raised):
    api.load_bundle((site_dir / "data" / "procedures.json").read_text(encoding="utf-8"))
    answer = json.loads(api.call("stage_deadlines", json.dumps(
        {"procedure": procedure, "pathway": pathway, "raised": raised})))
    assert "ok" in answer, answer
    return answer["ok"]


def wait_ready(page):
    page.wait_for_function("() => document.documentElement.dataset.navigator !== 'loading'", timeout=90_000)
    assert page.evaluate("document.documentElement.dataset.navigator") == "ready"


@pytest.mark.parametrize("pathway,raised", [
    ("cp-chair-escalation", "2026-12-18"),   # across Christmas, Boxing Day (substitute) and New Year
    ("iro-dispute-resolution", "2027-03-24"),  # across Good Friday and Easter Monday 2027
    ("iro-dispute-resolution", "2026-11-23"),
])
def test_due_dates_in_the_browser_equal_the_cpython_core(visit, base_url, site_dir, pathway, raised):
    page = visit.page
    page.goto(base_url + "navigator/")
    wait_ready(page)
    page.select_option("#hb-pathway", f"bexley-cp-lac-escalation-2018|{pathway}")
    page.fill("#hb-raised", raised)
    page.click("#hb-submit")
    page.wait_for_selector("#hb-deadlines")
    shown = page.eval_on_selector_all("#hb-deadlines tbody tr", "rows => rows.map(r => [r.dataset.stage, r.dataset.due])")
    expected = cpython_answer(site_dir, "bexley-cp-lac-escalation-2018", pathway, raised)
    assert shown == [[s["id"], s["due"] or ""] for s in expected["stages"]]
    assert len(shown) >= 4 and all(due > raised for _, due in shown if due)
    if expected["cap"]:
        assert page.get_attribute(".hb-cap-note", "data-cap-due") == expected["cap"]["due"]
    # Issue 15: a stage whose timescale is the handbook's reading carries the label in the calculator too.
    labelled = page.eval_on_selector_all("#hb-deadlines tbody tr", "rows => rows.map(r => "
                                         "(r.querySelector('.hb-reading') || {textContent: ''}).textContent)")
    assert labelled == [("The handbook’s reading: " + s["reading"]) if s["reading"] else "" for s in expected["stages"]]
    assert any(labelled)
    assert not visit.errors


def test_bexley_stage_1_raised_friday_18_december_2026_is_due_tuesday_29_december(site_dir):
    answer = cpython_answer(site_dir, "bexley-cp-lac-escalation-2018", "cp-chair-escalation", "2026-12-18")
    assert [s["due"] for s in answer["stages"]] == ["2026-12-29", "2027-01-06", "2027-01-13", "2027-01-25"]


def test_an_impossible_date_gets_a_message_at_the_question_not_a_crash(visit, base_url):
    page = visit.page
    page.goto(base_url + "navigator/")
    wait_ready(page)
    page.fill("#hb-raised", "")
    page.click("#hb-submit")
    page.wait_for_function("() => document.getElementById('hb-error').textContent.length > 0")
    assert "date" in page.text_content("#hb-error").lower()
    assert page.get_attribute("#hb-raised", "aria-invalid") == "true"


@pytest.mark.parametrize("path", PAGES)
def test_no_page_requests_anything_from_another_host(visit, base_url, path):
    page = visit.page
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    if path == "navigator/":
        wait_ready(page)
    assert visit.other_hosts() == set()
    assert not visit.errors


def test_pyodide_is_served_by_the_site_itself_and_only_on_the_navigator(visit, base_url):
    page = visit.page
    page.goto(base_url + "procedures/bexley-cp-lac-escalation-2018/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in visit.requests if "pyodide" in u]
    page.goto(base_url + "navigator/")
    wait_ready(page)
    wasm = [u for u in visit.requests if u.endswith(".wasm")]
    assert wasm and all(u.startswith(base_url + "assets/pyodide/") for u in wasm)


def test_search_finds_the_bexley_procedure_by_a_practitioners_word(visit, base_url):
    page = visit.page
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.keyboard.type("Cafcass", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    assert any("bexley-cp-lac-escalation-2018" in href for href in links)

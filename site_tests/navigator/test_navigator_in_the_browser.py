"""The navigator in the built site: static pages that work with JavaScript off, taken over in place
by the Python core (through the self-hosted Pyodide) when it starts, with the same dates the CPython
core gives for the same answers."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from navigator import api

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not (ROOT / "generator" / "plugin.py").read_text(encoding="utf-8").count("navigator_pages"),
    reason="plugin hook not added yet: the navigator pages are not in the built site")

START = "navigator/start/"
BEXLEY_CP = {"immediate-risk": "no", "area": "bexley", "bexley-role": "cp-chair",
             "bexley-cp-situation": "cp-plan-not-progressing", "bexley-cp-stage": "stage-1"}
RAISED = "2025-12-18"   # a Thursday: stage 1 runs past Christmas Day and Boxing Day, stage 2 past New Year's Day


def cpython_step(site_dir, answers, today):
    api.load_bundle((site_dir / "data" / "procedures.json").read_text(encoding="utf-8"))
    reply = json.loads(api.call("next_step", json.dumps({"answers": answers, "today": today})))
    assert "ok" in reply, reply
    return reply["ok"]


# No wait_for_function here: the site's Content-Security-Policy forbids the eval it uses; selectors are fine.

def wait_ready(page):
    page.wait_for_selector("html[data-navigator=ready], html[data-navigator=failed]", state="attached", timeout=90_000)
    assert page.get_attribute("html", "data-navigator") == "ready"


def wait_node(page, node: str):
    page.wait_for_selector(f".hb-nav[data-nav-node='{node}']", state="attached")


def focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
        return {tag: a.tagName, id: a.id, answer: a.dataset.navAnswer || null, text: a.textContent.trim()}; }""")


def tab_to(page, test, limit=80):
    """Press Tab until the focused element passes `test`; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if test(focused(page)):
            return
    raise AssertionError(f"Tab never reached the element; last focused: {focused(page)}")


def heading(page) -> str:
    return page.text_content("#hb-nav-heading").strip()


def test_keyboard_only_from_the_first_question_to_a_bexley_outcome_with_the_cores_dates(visit, base_url, site_dir):
    page = visit.page
    page.goto(base_url + START)
    wait_ready(page)
    nodes = list(BEXLEY_CP) + ["bexley-cp-raised"]
    for (question, answer), reached in zip(BEXLEY_CP.items(), nodes[1:]):
        assert page.get_attribute(".hb-nav", "data-nav-node") == question
        tab_to(page, lambda f: f["answer"] == answer)
        page.keyboard.press("Enter")
        wait_node(page, reached)
        assert focused(page)["id"] == "hb-nav-heading"      # focus moves to the new question
    assert page.get_attribute(".hb-nav", "data-nav-node") == "bexley-cp-raised"
    assert page.url == base_url + START + "no/bexley/cp-chair/cp-plan-not-progressing/stage-1/"
    tab_to(page, lambda f: f["id"] == "hb-nav-input")
    page.keyboard.type(RAISED)
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Continue", limit=3)
    page.keyboard.press("Space")
    page.wait_for_selector("#hb-nav-deadlines")
    assert focused(page)["id"] == "hb-nav-heading"
    assert page.url == base_url + START + f"no/bexley/cp-chair/cp-plan-not-progressing/stage-1/-/?bexley-cp-raised={RAISED}"

    today = date.today().isoformat()
    expected = cpython_step(site_dir, {**BEXLEY_CP, "bexley-cp-raised": RAISED}, today)["outcome"]
    shown = page.eval_on_selector_all("#hb-nav-deadlines tbody tr", "rows => rows.map(r => [r.dataset.stage, r.dataset.due])")
    assert shown == [[s["id"], s["due"] or ""] for s in expected["deadlines"]["stages"]]
    assert [due for _, due in shown] == ["2025-12-29", "2026-01-06", "2026-01-13", "2026-01-23"]
    assert page.get_attribute(".hb-nav-stage[data-stage='stage-2']", "data-due") == expected["next_stage"]["due"]
    assert page.get_attribute(".hb-nav-stage[data-stage='stage-1']", "data-due") == expected["current_stage"]["due"]
    assert page.text_content("#hb-nav-deadlines tr[data-stage='stage-1'] time") == "Monday 29 December 2025"
    assert page.is_visible("button.hb-nav-print")
    tab_to(page, lambda f: f["text"] == "Download deadlines (.ics)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "escalation-bexley-cp.ics"
    ics = Path(download.value.path()).read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == 4
    assert [line for line in ics.split("\r\n") if line.startswith("DTSTART")] == [
        f"DTSTART;VALUE=DATE:{s['due'].replace('-', '')}" for s in expected["deadlines"]["stages"] if s["due"]]
    assert visit.other_hosts() == set()
    assert not visit.errors


def test_with_javascript_off_the_static_pages_reach_an_outcome_in_words(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + START)
    for label in ("No, this is a disagreement", "London Borough of Bexley", "I am the Independent Reviewing Officer",
                  "The care plan: its planning", "Stage 2: with the head of service"):
        with page.expect_navigation():
            page.click(f"a.hb-nav-option:has-text({json.dumps(label)})")
    assert page.get_attribute(".hb-nav", "data-nav-node") == "bexley-iro-raised"
    assert not page.is_visible("form.hb-nav-date")
    assert "needs JavaScript" in page.text_content(".hb-nav-needs-js")
    assert page.text_content("a.hb-nav-skip") == "Continue without a date"
    page.click("a.hb-nav-skip")
    page.wait_for_url(base_url + START + "no/bexley/iro/lac-care-plan-problem/stage-2/-/")
    assert page.url == base_url + START + "no/bexley/iro/lac-care-plan-problem/stage-2/-/"
    assert page.get_attribute(".hb-nav", "data-nav-node") == "bexley-iro"
    text = page.inner_text(".hb-nav")
    assert "Next step: Stage 3, Assistant Director" in text and "5 working days" in text
    assert "20 working days from the date the escalation was raised" in text
    assert page.query_selector("time") is None
    assert page.get_attribute("html", "data-navigator") is None
    page.click("a.hb-nav-start-again")
    page.wait_for_url(base_url + START)
    context.close()


@pytest.mark.parametrize("typed,says", [
    ("2026-02-31", "not a real date"),   # no 31 February
    ("2999-01-04", "after today"),
    ("", "Enter the date as YYYY-MM-DD"),
])
def test_an_impossible_date_gets_a_message_at_the_question_with_aria_invalid(visit, base_url, typed, says):
    page = visit.page
    page.goto(base_url + START + "no/bexley/cp-chair/cp-plan-not-progressing/stage-1/")
    wait_ready(page)
    page.fill("#hb-nav-input", typed)
    page.press("#hb-nav-input", "Enter")
    page.wait_for_selector("#hb-nav-error:not(:empty)")
    message = page.text_content("#hb-nav-error")
    assert says in message, message
    assert page.get_attribute("#hb-nav-error", "role") == "alert"
    assert page.get_attribute("#hb-nav-input", "aria-invalid") == "true"
    assert "hb-nav-error" in page.get_attribute("#hb-nav-input", "aria-describedby")
    assert focused(page)["id"] == "hb-nav-input"
    assert page.get_attribute(".hb-nav", "data-nav-node") == "bexley-cp-raised"
    assert page.url == base_url + START + "no/bexley/cp-chair/cp-plan-not-progressing/stage-1/"
    assert visit.other_hosts() == set() and not visit.errors


def test_back_and_change_return_to_earlier_questions_in_place(visit, base_url):
    page = visit.page
    page.goto(base_url + START)
    wait_ready(page)
    page.click("a.hb-nav-option[data-nav-answer='no']")
    wait_node(page, "area")
    page.click("a.hb-nav-option[data-nav-answer='warwickshire']")
    wait_node(page, "warwickshire-route")
    assert page.url == base_url + START + "no/warwickshire/"
    page.go_back()
    wait_node(page, "area")
    assert page.url == base_url + START + "no/"
    page.go_forward()
    wait_node(page, "warwickshire-route")
    page.click(".hb-nav-answer[data-nav-question='area'] a.hb-nav-change")
    wait_node(page, "area")
    assert page.url == base_url + START + "no/"
    assert [e.strip() for e in page.eval_on_selector_all(".hb-nav-answer dt", "d => d.map(x => x.textContent)")] == [
        "Is a child, or an adult with care and support needs, at immediate risk of significant harm?"]
    page.click("a.hb-nav-start-again")
    wait_node(page, "immediate-risk")
    assert page.url == base_url + START
    # The theme's own links still lead where they did on the first page.
    assert page.get_attribute("a.md-header__button.md-logo", "href") == base_url
    assert not visit.errors


def test_a_date_kept_in_the_address_shows_the_dates_again_after_a_reload(visit, base_url, site_dir):
    page = visit.page
    url = base_url + START + f"no/bexley/cp-chair/cp-plan-not-progressing/stage-1/-/?bexley-cp-raised={RAISED}"
    page.goto(url)
    wait_ready(page)
    page.wait_for_selector("#hb-nav-deadlines")
    assert page.get_attribute("#hb-nav-deadlines tr[data-stage='stage-4']", "data-due") == "2026-01-23"
    assert page.url == url


def test_pyodide_loads_on_navigator_pages_only_from_the_site_itself(visit, base_url):
    page = visit.page
    page.goto(base_url + START + "no/")
    wait_ready(page)
    wasm = [u for u in visit.requests if u.endswith(".wasm")]
    assert wasm and all(u.startswith(base_url + "assets/pyodide/") for u in wasm)
    assert visit.other_hosts() == set()


def test_when_the_core_cannot_start_the_page_says_so_and_the_static_links_still_work(browser, site_dir):
    import threading

    from generator import csp
    from generator.serve import make_server

    policy = csp.read(site_dir).replace(" 'wasm-unsafe-eval'", "")   # WebAssembly blocked: Pyodide cannot run
    server = make_server(str(site_dir), "127.0.0.1", 0, policy=policy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + START + "no/bexley/cp-chair/cp-plan-not-progressing/stage-1/")
        page.wait_for_selector("html[data-navigator=ready], html[data-navigator=failed]", state="attached", timeout=90_000)
        assert page.get_attribute("html", "data-navigator") == "failed"
        assert "could not start" in page.text_content("#hb-nav-status")
        assert not page.is_visible("form.hb-nav-date") and page.is_visible(".hb-nav-needs-js")
        with page.expect_navigation():
            page.click("a.hb-nav-skip")
        assert page.url == base + START + "no/bexley/cp-chair/cp-plan-not-progressing/stage-1/-/"
        assert "5 working days" in page.inner_text(".hb-nav")
    finally:
        context.close()
        server.shutdown()

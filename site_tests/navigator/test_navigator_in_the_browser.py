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
CP = "bexley-cp-lac-escalation-2018--cp-chair-escalation"
IRO = "bexley-cp-lac-escalation-2018--iro-dispute-resolution"
BEXLEY_CP = {"immediate-risk": "no", "area": "bexley", "bexley--situation": "cp-plan-not-progressing",
             f"{CP}--stage": "stage-1"}
CP_DATE_PAGE = START + f"{CP}--raised/stage-1/"


def query(answers: dict) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(answers)
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
        return {tag: a.tagName, id: a.id, type: a.type || null, cls: a.className || "", checked: Boolean(a.checked),
                answer: a.dataset.navAnswer || (a.type === "radio" ? a.value : null), text: a.textContent.trim()}; }""")


def choose(page, answer: str):
    """Check an answer (a GOV.UK radio) and press the form's Continue, as a mouse user would."""
    page.check(f"form.hb-nav-choice input.hb-radio-input[value='{answer}']")
    page.click("form.hb-nav-choice button.hb-continue--none")


def choose_by_keyboard(page, answer: str):
    """Tab into the radio group, arrow to the answer (Space checks the first), Tab to Continue, Enter."""
    tab_to(page, lambda f: f["type"] == "radio" and "hb-radio-input" in f["cls"])
    if not focused(page)["checked"]:
        page.keyboard.press("Space")
    for _ in range(60):
        if focused(page)["answer"] == answer:
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["answer"] == answer and focused(page)["checked"]
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Continue", limit=3)
    page.keyboard.press("Enter")


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
    nodes = list(BEXLEY_CP) + [f"{CP}--raised"]
    for (question, answer), reached in zip(BEXLEY_CP.items(), nodes[1:]):
        assert page.get_attribute(".hb-nav", "data-nav-node") == question
        choose_by_keyboard(page, answer)
        wait_node(page, reached)
        assert focused(page)["id"] == "hb-nav-heading"      # focus moves to the new question
    assert page.get_attribute(".hb-nav", "data-nav-node") == f"{CP}--raised"
    assert page.url == base_url + CP_DATE_PAGE + query(BEXLEY_CP)
    tab_to(page, lambda f: f["id"] == "hb-nav-input")
    page.keyboard.type(RAISED)
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Continue", limit=3)
    page.keyboard.press("Space")
    page.wait_for_selector("#hb-nav-deadlines")
    assert focused(page)["id"] == "hb-nav-heading"
    dated = {**BEXLEY_CP, f"{CP}--raised": RAISED}
    assert page.url == base_url + START + f"{CP}/stage-1/" + query(dated)

    today = date.today().isoformat()
    expected = cpython_step(site_dir, dated, today)["outcome"]
    shown = page.eval_on_selector_all("#hb-nav-deadlines tbody tr", "rows => rows.map(r => [r.dataset.stage, r.querySelector('time').getAttribute('datetime') || ''])")
    assert shown == [[s["id"], s["due"] or ""] for s in expected["deadlines"]["stages"]]
    assert [due for _, due in shown] == ["2025-12-29", "2026-01-06", "2026-01-13", "2026-01-23"]
    assert page.get_attribute(".hb-nav-stage[data-stage='stage-2'] time[data-date='stage:stage-2']", "datetime") == expected["next_stage"]["due"]
    assert page.get_attribute(".hb-nav-stage[data-stage='stage-1'] time[data-date='stage:stage-1']", "datetime") == expected["current_stage"]["due"]
    assert page.text_content("#hb-nav-deadlines tr[data-stage='stage-1'] time") == "Monday 29 December 2025"
    assert page.is_visible("#hb-nav-deadlines tr[data-stage='stage-1'] time")
    assert page.is_visible("button.hb-nav-print")
    tab_to(page, lambda f: f["text"] == "Download deadlines (.ics)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"escalation-{CP}.ics"
    ics = Path(download.value.path()).read_bytes().decode("utf-8")
    assert ics == expected["calendar"]     # the core's own text, byte for byte
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == 4
    assert [line for line in ics.split("\r\n") if line.startswith("DTSTART")] == [
        f"DTSTART;VALUE=DATE:{s['due'].replace('-', '')}" for s in expected["deadlines"]["stages"] if s["due"]]
    assert visit.other_hosts() == set()
    assert not visit.errors


def test_with_javascript_off_the_static_pages_reach_an_outcome_in_words(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + START)
    for answer in ("no", "bexley", "lac-care-plan-problem", "stage-2"):
        page.check(f"input.hb-radio-input[value='{answer}']")   # a GET form: the answer's own Continue shows
        with page.expect_navigation():
            page.click(f".hb-radio:has(input[value='{answer}']) button.hb-continue")
        assert f"={answer}" in page.url   # the answer rides in the query string
    assert page.get_attribute(".hb-nav", "data-nav-node") == f"{IRO}--raised"
    assert page.is_visible("form.hb-nav-date")   # the date boxes are there; with no script they cannot give dates
    assert "cannot work out dates" in page.text_content(".hb-nav-needs-js")
    assert page.text_content("a.hb-nav-skip") == "Continue without a date"
    page.click("a.hb-nav-skip")
    page.wait_for_url(base_url + START + f"{IRO}/stage-2/")
    assert page.get_attribute(".hb-nav", "data-nav-node") == IRO
    text = page.inner_text(".hb-nav")
    assert heading(page) == "Get a response at stage 2 (Head of Service)"   # the action; the next step is in the lead
    assert "Without a response by then, the escalation can go to Stage 3: Assistant Director" in text
    assert "Next step: Stage 3, Assistant Director" in text and "5 working days" in text
    assert "20 working days from the date the escalation was raised" in text
    assert all(not t.is_visible() for t in page.query_selector_all("time"))   # date slots stay hidden and empty
    assert all(not (t.text_content() or "").strip() or t.text_content() == "No date" for t in page.query_selector_all("time"))
    assert page.get_attribute("html", "data-navigator") is None
    page.click("a.hb-nav-start-again")
    page.wait_for_url(base_url + START)
    context.close()


@pytest.mark.parametrize("day,month,year,says", [
    ("31", "2", "2026", "31 February 2026 is not a real date"),
    ("4", "Jan", "2999", "after today"),
    ("18", "12", "26", "write the year with four figures"),
    ("18", "Smarch", "2025", "'Smarch' is not a month"),
    ("", "", "", "Enter the date, for example 18 12 2026"),
])
def test_an_impossible_date_gets_the_error_summary_focus_and_title_and_a_message_at_the_field(visit, base_url, day, month, year, says):
    page = visit.page
    page.goto(base_url + CP_DATE_PAGE + query(BEXLEY_CP))
    wait_ready(page)
    title = page.title()
    page.fill("#hb-nav-input", day)
    page.fill("#hb-nav-input-month", month)
    page.fill("#hb-nav-input-year", year)
    page.press("#hb-nav-input-year", "Enter")
    page.wait_for_selector("#hb-error-summary:not([hidden])")
    message = page.text_content("#hb-nav-error")
    assert says in message, message
    assert page.text_content("#hb-error-summary-link") == message
    assert page.get_attribute("#hb-error-summary-link", "href").endswith("#hb-nav-input")
    assert page.get_attribute("#hb-error-summary", "role") == "alert"
    assert focused(page)["id"] == "hb-error-summary"
    assert page.title() == "Error: " + title
    for box in ("#hb-nav-input", "#hb-nav-input-month", "#hb-nav-input-year"):
        assert page.get_attribute(box, "aria-invalid") == "true"
    assert "hb-nav-error" in page.get_attribute("fieldset.hb-date", "aria-describedby")
    assert [page.input_value(b) for b in ("#hb-nav-input", "#hb-nav-input-month", "#hb-nav-input-year")][0] == (day if says != "Enter the date, for example 18 12 2026" else "")
    assert page.get_attribute(".hb-nav", "data-nav-node") == f"{CP}--raised"
    assert page.url == base_url + CP_DATE_PAGE + query(BEXLEY_CP)
    assert visit.other_hosts() == set() and not visit.errors


def test_a_date_typed_as_18_dec_2025_in_the_three_boxes_is_read_by_the_core(visit, base_url):
    page = visit.page
    page.goto(base_url + CP_DATE_PAGE + query(BEXLEY_CP))
    wait_ready(page)
    for box, text in (("#hb-nav-input", "18"), ("#hb-nav-input-month", "Dec"), ("#hb-nav-input-year", "2025")):
        page.fill(box, text)
    page.click("form.hb-nav-date button[type=submit]")
    page.wait_for_selector("#hb-nav-deadlines time[datetime='2025-12-29']", state="visible")
    assert f"{CP}--raised=2025-12-18" in page.url
    assert "Thursday 18 December 2025" in page.text_content(".hb-nav-answers")
    assert not visit.errors


def test_back_and_change_return_to_earlier_questions_in_place(visit, base_url):
    page = visit.page
    page.goto(base_url + START)
    wait_ready(page)
    choose(page, "no")
    wait_node(page, "area")
    choose(page, "warwickshire")
    wait_node(page, "warwickshire--situation")
    assert page.url == base_url + START + "warwickshire--situation/?immediate-risk=no&area=warwickshire"
    page.go_back()
    wait_node(page, "area")
    assert page.url == base_url + START + "area/?immediate-risk=no"
    page.go_forward()
    wait_node(page, "warwickshire--situation")
    page.click(".hb-nav-answer[data-nav-question='area'] a.hb-nav-change")
    wait_node(page, "area")
    assert page.url == base_url + START + "area/?immediate-risk=no"
    assert page.is_checked("input.hb-radio-input[value='warwickshire']")   # the answer given is marked
    assert [e.strip() for e in page.eval_on_selector_all(".hb-nav-answer dt", "d => d.map(x => x.textContent)")] == [
        "Is a child, or an adult with care and support needs, at immediate risk of significant harm?"]
    page.click("a.hb-nav-start-again")
    wait_node(page, "immediate-risk")
    assert page.url == base_url + START
    # The theme's own links still lead where they did on the first page.
    assert page.get_attribute("a.md-header__button.md-logo", "href") == base_url
    assert not visit.errors


def test_a_change_from_your_answers_comes_back_to_the_outcome_keeping_the_answers_that_still_hold(visit, base_url, site_dir):
    """GOV.UK's check answers: each Change returns to the outcome; only a question whose meaning the
    change altered (the date, asked of the stage reached) is asked again, with the old answer to hand."""
    page = visit.page
    dated = {**BEXLEY_CP, f"{CP}--raised": RAISED}
    page.goto(base_url + START + f"{CP}/stage-1/" + query(dated))
    wait_ready(page)
    page.wait_for_selector("#hb-nav-deadlines time[datetime='2025-12-29']", state="visible")

    # The first answer, given again: straight back to the outcome, every later answer kept.
    page.click(".hb-nav-answer[data-nav-question='immediate-risk'] a.hb-nav-change")
    wait_node(page, "immediate-risk")
    assert page.is_checked("input.hb-radio-input[value='no']")
    choose(page, "no")
    wait_node(page, CP)
    assert page.url == base_url + START + f"{CP}/stage-1/" + query(dated)
    assert focused(page)["id"] == "hb-nav-heading"

    # A new date: back to the outcome, counted from it.
    page.click(f".hb-nav-answer[data-nav-question='{CP}--raised'] a.hb-nav-change")
    wait_node(page, f"{CP}--raised")
    assert page.input_value("#hb-nav-input") == "18"
    page.fill("#hb-nav-input", "5")
    page.fill("#hb-nav-input-month", "1")
    page.fill("#hb-nav-input-year", "2026")
    page.click("form.hb-nav-date button[type=submit]")
    wait_node(page, CP)
    later = {**dated, f"{CP}--raised": "2026-01-05"}
    expected = cpython_step(site_dir, later, date.today().isoformat())["outcome"]
    page.wait_for_selector(f"#hb-nav-deadlines time[datetime='{expected['deadlines']['stages'][0]['due']}']", state="visible")
    assert page.url == base_url + START + f"{CP}/stage-1/" + query(later)

    # Another stage: the date was given for stage 1, so the date question is asked again of stage 2.
    page.click(f".hb-nav-answer[data-nav-question='{CP}--stage'] a.hb-nav-change")
    wait_node(page, f"{CP}--stage")
    choose(page, "stage-2")
    wait_node(page, f"{CP}--raised")
    assert "Stage 2" in heading(page) and "Stage 1" not in heading(page)
    assert page.input_value("#hb-nav-input") == "5"      # the old answer to hand, not taken as given
    page.click("form.hb-nav-date button[type=submit]")
    wait_node(page, CP)
    at_two = {**later, f"{CP}--stage": "stage-2"}
    assert page.url == base_url + START + f"{CP}/stage-2/" + query(at_two)
    assert not visit.errors


def test_a_date_kept_in_the_address_shows_the_dates_again_after_a_reload(visit, base_url, site_dir):
    page = visit.page
    url = base_url + START + f"{CP}/stage-1/" + query({**BEXLEY_CP, f"{CP}--raised": RAISED})
    page.goto(url)
    wait_ready(page)
    page.wait_for_selector("#hb-nav-deadlines time[datetime='2026-01-23']", state="visible")
    assert page.url == url


def test_pyodide_loads_on_navigator_pages_only_from_the_site_itself(visit, base_url):
    page = visit.page
    page.goto(base_url + START + "area/")
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
        page.goto(base + CP_DATE_PAGE)
        page.wait_for_selector("html[data-navigator=ready], html[data-navigator=failed]", state="attached", timeout=90_000)
        assert page.get_attribute("html", "data-navigator") == "failed"
        assert "could not start" in page.text_content("#hb-nav-status")
        assert not page.is_visible("form.hb-nav-date")
        with page.expect_navigation():
            page.click("a.hb-nav-skip")
        # the static page of the next step, with the answers so far carried along ("-": no date)
        assert page.url.split("?")[0] == base + START + f"{CP}/stage-1/"
        assert f"{CP}--raised=-" in page.url
        assert "5 working days" in page.inner_text(".hb-nav")
    finally:
        context.close()
        server.shutdown()

"""The navigator on a 390 x 844 phone: each outcome's first screen answers (what to do, whom to
contact, by when, the warning that applies), the keyboard reaches the first answer straight after the
skip link and never lands on anything hidden or off the screen, each step is announced, and the
escalation record prints on its own in at most two pages. The pages tried are found from the flow the
build derives, so a new procedure adds cases and breaks none."""
from __future__ import annotations

import re

import pytest

from generator.loader import load_bundle
from navigator.flow import NOT_STARTED

from .test_navigator_in_the_browser import IRO, START, query, wait_ready

PHONE = {"width": 390, "height": 844}
FLOW = load_bundle().flow
QUESTIONS = {q["id"]: q for q in FLOW["questions"]}
IRO_STAGE_3 = {"immediate-risk": "no", "area": "bexley", "bexley--situation": "lac-care-plan-problem",
               f"{IRO}--stage": "stage-3", f"{IRO}--raised": "2026-11-20"}


def outcome_pages() -> list[tuple[str, str]]:
    """One static page per kind of first screen: each outcome kind, and for pathways both "not raised
    yet" (raise) and a stage reached (await), taken from the first question that leads to each."""
    found: dict[str, str] = {}
    for question in FLOW["questions"]:
        for option in question.get("options", []):
            target = option["next"]
            outcome = next((o for o in FLOW["outcomes"] if o["id"] == target), None)
            if outcome is None and question.get("stages_of") and target in QUESTIONS:
                outcome = next(o for o in FLOW["outcomes"] if o["id"] == QUESTIONS[target]["next"])
            if outcome is None:
                continue
            kind = outcome["kind"]
            if question.get("stages_of"):
                kind = "pathway-raise" if option["id"] == NOT_STARTED else "pathway-await"
                page = outcome["id"] + "/" + ("" if option["id"] == NOT_STARTED else option["id"] + "/")
            else:
                page = outcome["id"] + "/"
            found.setdefault(kind, START + page)
    return sorted(found.items())


OUTCOMES = outcome_pages()


def question_pages() -> list[tuple[str, str]]:
    """The first question, the area question, a situation question, a stage question and a date question."""
    pages = {"first": START, "area": START + "area/"}
    for q in FLOW["questions"]:
        if q["id"].endswith("--situation"):
            pages.setdefault("situation", START + q["id"] + "/")
        if q.get("stages_of"):
            pages.setdefault("stage", START + q["id"] + "/")
            raised = next((o["next"] for o in q["options"] if o["next"] in QUESTIONS), None)
            if raised:
                pages.setdefault("date", START + raised + "/" + next(o["id"] for o in q["options"] if o["next"] == raised) + "/")
    return sorted(pages.items())


@pytest.fixture
def phone(browser):
    """A page in a fresh 390 × 844 browser context, closed after the test."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def top(page, selector: str) -> float | None:
    box = page.locator(selector).first.bounding_box() if page.locator(selector).count() else None
    return None if box is None else box["y"]


def test_the_kinds_of_first_screen_come_from_the_flow():
    kinds = {kind for kind, _ in OUTCOMES}
    assert {"act-now", "pathway-raise", "pathway-await"} <= kinds
    assert kinds <= {"act-now", "pathway-raise", "pathway-await", "rule", "schedule", "no-route", "pathway"}


@pytest.mark.parametrize("kind,path", OUTCOMES, ids=[k for k, _ in OUTCOMES])
def test_each_outcomes_first_phone_screen_holds_the_action_the_contact_and_the_date_or_timescale(phone, base_url, kind, path):
    page = phone
    page.goto(base_url + path)
    wait_ready(page)
    heading = page.text_content("#hb-nav-heading").strip()
    assert heading and heading == page.title().split(" - ")[0].strip()
    lead = page.locator(".hb-lead")
    assert lead.count() == 1
    assert page.evaluate("() => document.getElementById('hb-nav-heading').nextElementSibling.classList.contains('hb-lead')")
    for part in (".hb-lead-contact", ".hb-lead-by", ".hb-lead-first"):
        y = top(page, part)
        if y is not None:
            assert y < PHONE["height"], (part, y)
    assert top(page, ".hb-lead-contact") is not None or top(page, ".hb-lead-first") is not None or kind == "schedule"
    actions = top(page, ".hb-nav-actions")
    assert actions is None or actions > top(page, ".hb-lead")   # Print comes after the answer
    if kind == "act-now":
        first = page.evaluate("() => document.querySelector('.hb-lead').firstElementChild.className")
        assert first in ("hb-lead-contact", "hb-lead-first", ""), first
        tel = top(page, ".hb-lead a[href^='tel:']")
        if tel is not None:
            assert tel < PHONE["height"]


def test_an_overdue_stage_3_answer_shows_its_date_and_the_warning_on_the_first_screen(phone, base_url):
    page = phone
    page.goto(base_url + START + f"{IRO}/stage-3/" + query(IRO_STAGE_3))
    wait_ready(page)
    page.wait_for_selector(".hb-lead-by time[datetime]", state="visible")
    # Stage 3 counted from its own date (20 November 2026): 5 working days, 27 November.
    assert page.get_attribute(".hb-lead-by time", "datetime") == "2026-11-27"
    assert "no later than Friday 27 November 2026" in page.inner_text(".hb-lead-by")
    assert "or sooner if the child's safety needs it" in page.inner_text(".hb-lead-by")
    warning = page.locator(".hb-lead [data-flag='warning:overdue']")
    assert warning.is_visible() and "was due Friday 27 November 2026" in warning.inner_text()
    assert top(page, ".hb-lead [data-flag='warning:overdue']") < PHONE["height"]
    assert page.is_visible("#hb-nav-deadlines tr[data-stage='stage-4'] [data-flag='projected:stage-4']")
    assert "Before the stage reached" in page.inner_text("#hb-nav-deadlines tr[data-stage='stage-1']")


# Material's colour-scheme toggle is a radio sized 0 whose focus shows on the label after it (the
# visible button): for it, the label's box is the one measured.
FOCUSED = """() => { const a = document.activeElement;
  const shown = a.classList.contains("md-option") && a.nextElementSibling ? a.nextElementSibling : a;
  const r = shown.getBoundingClientRect();
  return {tag: a.tagName, cls: a.className || "", type: a.type || null, id: a.id,
          x: r.left, y: r.top, right: r.right, bottom: r.bottom, w: r.width, h: r.height,
          key: a.tagName + "|" + (a.id || "") + "|" + (a.getAttribute("href") || "") + "|" + (a.value || "") + "|" + a.textContent.trim().slice(0, 30)}; }"""


def every_focus_stop(page, limit=250) -> list[dict]:
    stops, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if f["tag"] == "BODY" or f["key"] in seen:
            break
        seen.add(f["key"])
        stops.append(f)
    return stops


PAGES = question_pages() + OUTCOMES


@pytest.mark.parametrize("kind,path", PAGES, ids=[k for k, _ in PAGES])
def test_the_keyboard_reaches_the_first_answer_after_the_skip_link_and_stops_on_nothing_hidden_at_390px(phone, base_url, kind, path):
    page = phone
    page.goto(base_url + path)
    wait_ready(page)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "md-skip" in first["cls"], first        # the skip link is the first stop
    page.keyboard.press("Enter")
    if page.locator("form.hb-nav-choice, form.hb-nav-date").count():
        for presses in range(1, 4):
            page.keyboard.press("Tab")
            f = page.evaluate(FOCUSED)
            if f["tag"] == "INPUT":
                break
        assert f["tag"] == "INPUT", f"after the skip link, 3 Tab presses reach {f}"
    page.goto(base_url + path)
    wait_ready(page)
    stops = every_focus_stop(page)
    assert stops
    for f in stops:
        assert f["w"] > 0 and f["h"] > 0, f
        assert f["x"] >= -1 and f["right"] <= PHONE["width"] + 1, f   # nothing off the side of the screen
        assert f["bottom"] > 0 and f["y"] < PHONE["height"], f        # scrolled into view where it is


def test_each_step_is_announced_in_the_live_region(phone, base_url):
    page = phone
    page.goto(base_url + START)
    wait_ready(page)
    assert page.get_attribute("#hb-nav-status", "role") == "status"
    page.check("input.hb-radio-input[value='no']")
    page.click("form.hb-nav-choice button.hb-continue--none")
    page.wait_for_selector(".hb-nav[data-nav-node='area']", state="attached")
    assert page.text_content("#hb-nav-status") == page.text_content("#hb-nav-heading")
    page.click("form.hb-nav-choice button.hb-continue--none")   # nothing chosen: the summary says so
    page.wait_for_selector("#hb-error-summary:not([hidden])")
    assert page.title().startswith("Error: ")


def test_the_answer_given_is_checked_when_the_reader_comes_back_to_the_question(phone, base_url):
    page = phone
    page.goto(base_url + START + "area/?immediate-risk=no&area=bexley")
    assert page.is_checked("input.hb-radio-input[value='bexley']")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_escalation_record_prints_alone_in_at_most_two_pages(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + START + f"{IRO}/stage-3/" + query(IRO_STAGE_3))
        wait_ready(page)
        page.wait_for_selector(".hb-lead-by time[datetime]", state="visible")
        whole = pdf_pages(page.pdf(format="A4"))
        page.evaluate("() => { document.documentElement.dataset.print = 'record'; }")
        record = page.pdf(format="A4")
        assert 1 <= pdf_pages(record) <= 2 < whole, (pdf_pages(record), whole)
    finally:
        context.close()

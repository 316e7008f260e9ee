"""The escalation record on an outcome, in the browser: Warwickshire's Escalation Monitoring Form and
Bexley's short record pre-filled from the answers, filled in by keyboard, printed with what was typed,
and nothing typed leaving the page: not in a request, the address, storage or a submitted form."""
from __future__ import annotations

import json

import pytest

from .test_navigator_in_the_browser import BEXLEY_CP, CP, START, query, tab_to, wait_ready

W2020 = "warwickshire-practitioner-escalation-protocol-2020--practitioner-escalation"
WARWICKSHIRE = START + f"{W2020}/stage-2/" + query({"immediate-risk": "no", "area": "warwickshire",
                                                     "warwickshire--situation": "drift-or-delay", f"{W2020}--stage": "stage-2"})
BEXLEY = START + f"{CP}/stage-1/" + query({**BEXLEY_CP, f"{CP}--raised": "2025-12-18"})
TYPED = "Reference AB-1234 disagreement about the plan"
STORAGE = """async () => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage),
  databases: indexedDB.databases ? (await indexedDB.databases()).length : 0})"""


def open_outcome(visit, base_url, path):
    page = visit.page
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    page.goto(base_url + path)
    wait_ready(page)
    page.wait_for_selector(".hb-record-form")
    return page, requests


@pytest.mark.parametrize("javascript", [True, False])
def test_the_warwickshire_outcome_has_the_monitoring_form_with_every_field_labelled(browser, base_url, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + WARWICKSHIRE)
        if javascript:
            wait_ready(page)
        form = page.locator(".hb-record-form")
        assert form.get_attribute("data-record-form") == "escalation-monitoring-form"
        assert page.text_content("#hb-record-heading") == "Warwickshire Safeguarding Escalation Monitoring Form"
        labels = page.eval_on_selector_all(".hb-record-field label", "ls => ls.map(l => [l.textContent, l.control && l.control.id])")
        assert len(labels) == 13 and all(control for _, control in labels), labels
        assert [label for label, _ in labels][:3] == ["Child/Adult Name", "DOB", "Address"]
        assert page.locator(".hb-record-form form, form .hb-record-field").count() == 0   # nothing to submit
        summary = page.input_value("#hb-rec-summary-of-reason-for-dispute")
        if javascript:   # the situation rides in the address, which only the script reads
            assert "drift or unreasonable delay" in summary.lower()
        else:
            assert summary == ""
        assert "Stage 2" in page.text_content("[data-field='escalation-stage-agreement-reached'] .hb-record-hint")
    finally:
        context.close()


def test_bexley_gets_the_short_record_pre_filled_with_the_date_and_stage(visit, base_url):
    page, _ = open_outcome(visit, base_url, BEXLEY)
    assert page.get_attribute(".hb-record-form", "data-record-form") == "handbook"
    assert page.input_value("#hb-rec-date-raised") == "2025-12-18"
    assert page.input_value("#hb-rec-stage-reached") == "stage-1"
    assert "Liquid Logic escalation form" in page.text_content(".hb-record-form")
    assert page.is_visible(".hb-record-privacy")
    assert "name" not in page.text_content("label[for='hb-rec-case-reference']").replace("no names", "")


def test_what_is_typed_by_keyboard_stays_on_the_page_and_is_printed(visit, base_url):
    page, requests = open_outcome(visit, base_url, WARWICKSHIRE)
    url = page.url
    page.focus("#hb-nav-heading")
    tab_to(page, lambda f: f["id"] == "hb-rec-child-adult-name", limit=200)
    page.keyboard.type(TYPED)
    page.keyboard.press("Enter")                       # no form: Enter submits nothing
    page.keyboard.press("Tab")
    page.keyboard.type("01022015")                     # DOB, typed as a keyboard user would
    tab_to(page, lambda f: f["id"] == "hb-rec-agreed-outcomes")
    page.keyboard.type("Joint meeting on Friday")
    page.wait_for_load_state("networkidle")
    assert page.url == url
    assert page.input_value("#hb-rec-child-adult-name") == TYPED
    assert page.input_value("#hb-rec-agreed-outcomes") == "Joint meeting on Friday"
    assert not [u for u, data in requests if "AB-1234" in u or "AB-1234" in data or "Joint" in data]
    stored = page.evaluate(STORAGE)
    assert stored == {"local": [], "session": [], "databases": 0}
    assert "AB-1234" not in json.dumps(page.context.cookies())

    # "Print escalation record": the summary (which names the next step), the dates and the record,
    # with the typed text; the next step's own section stays off, to keep the record to two pages.
    page.evaluate("() => { document.documentElement.dataset.print = 'record'; }")
    page.emulate_media(media="print")
    assert page.is_visible(".hb-record-form") and page.is_visible(".hb-summary")
    assert "Next step" in page.inner_text(".hb-summary") and not page.is_visible(".hb-nav-stage")
    assert not page.is_visible(".hb-nav-answers") and not page.is_visible(".hb-record-privacy")
    assert not page.is_visible("button.hb-nav-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.emulate_media(media="screen")
    page.evaluate("() => { delete document.documentElement.dataset.print; }")
    assert page.is_visible(".hb-nav-answers")
    assert visit.other_hosts() == set()
    assert not visit.errors


def test_the_print_button_prints_the_record_and_then_restores_the_page(visit, base_url):
    page, _ = open_outcome(visit, base_url, WARWICKSHIRE)
    page.evaluate("""() => { window.__printed = []; window.print = () => {
        window.__printed.push(document.documentElement.dataset.print || null); }; }""")
    page.click("button.hb-nav-print")
    assert page.evaluate("() => window.__printed") == ["record"]
    assert page.get_attribute("html", "data-print") is None


def test_changing_an_answer_starts_a_blank_record(visit, base_url):
    page, _ = open_outcome(visit, base_url, WARWICKSHIRE)
    page.fill("#hb-rec-child-adult-name", TYPED)
    change = f".hb-nav-answer[data-nav-question='{W2020}--stage'] a.hb-nav-change"
    page.click(change)
    page.wait_for_selector("[data-record-unsaved]", state="visible")   # warned first (the next test)
    page.click(change)
    page.wait_for_selector(f".hb-nav[data-nav-node='{W2020}--stage']", state="attached")
    assert page.is_checked("input.hb-radio-input[value='stage-2']")   # the answer given, marked
    page.check("input.hb-radio-input[value='stage-3']")
    page.click("form.hb-nav-choice button.hb-continue--none")
    page.wait_for_selector(".hb-record-form")
    assert page.input_value("#hb-rec-child-adult-name") == ""
    assert TYPED not in page.url


def test_typed_notes_are_not_lost_to_a_change_without_a_warning_first(visit, base_url):
    page, _ = open_outcome(visit, base_url, BEXLEY)
    url = page.url
    warning = "[data-record-unsaved]"
    assert page.locator(warning).count() == 1 and not page.is_visible(warning)
    change = "a.hb-nav-change"
    # Nothing typed (only what the navigator filled in): Change goes straight to the question.
    page.locator(change).last.click()
    page.wait_for_selector(".hb-nav[data-nav-kind='question']", state="attached")
    assert not page.is_visible(warning)
    page.go_back()
    page.wait_for_selector(".hb-record-form")
    page.fill("#hb-rec-case-reference", TYPED)
    page.locator(change).last.click()                       # the first click warns, and goes nowhere
    page.wait_for_selector(warning, state="visible")
    assert page.url == url and page.input_value("#hb-rec-case-reference") == TYPED
    assert page.evaluate("document.activeElement.matches('[data-record-unsaved]')")
    assert "lost" in page.text_content(warning)
    page.locator(change).last.click()                       # the second goes on
    page.wait_for_selector(".hb-nav[data-nav-kind='question']", state="attached")
    assert page.url != url

"""Procedure pages lead with what a practitioner needs (issue 16) and print without embed code, the
steps first (issue 19). Every procedure from the data, at 390 x 844: the first screen holds the
urgent line (immediate risk: whom to phone) or the first step of the main route; the jump list's
links reach their sections; in print the embed section is not displayed and the document's facts
(version, source, dates) come after the steps; Chromium's PDF of the page is made to prove it prints."""
from __future__ import annotations

import pytest

from generator.loader import load_bundle
from generator.render import jump_list

BUNDLE = load_bundle()
PROCS = {p["id"]: p for p in BUNDLE.procedures}
PHONE = {"width": 390, "height": 844}


def urgent_rules(proc):
    return [r for r in proc.get("rules") or [] if r.get("kind") == "immediate-risk"]


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def open_procedure(page, base_url, pid):
    page.goto(f"{base_url}procedures/{pid}/")
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_the_first_phone_screen_holds_the_urgent_line_or_the_first_step(phone, base_url, pid):
    page = open_procedure(phone, base_url, pid)
    proc = PROCS[pid]
    # What must be on the first screen: the urgent line's heading and its first number, or the first step.
    if urgent_rules(proc):
        lead = "#urgent .admonition-title"
        rule = urgent_rules(proc)[0]
        assert rule["title"] in page.text_content("#urgent")
        if rule.get("contacts"):
            lead = "#urgent .hb-urgent-contacts li:first-child a[href^='tel:']"
    else:
        lead = "#first-step p:last-child"
        first = next(st for pw in proc["pathways"] for st in pw.get("stages") or []
                     if (st.get("timescale") or {}).get("unit") != "at_any_time")
        assert first["title"] in page.text_content("#first-step")
    box = page.locator(lead).first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= PHONE["height"], (lead, box)
    h1 = page.locator("h1").first.bounding_box()
    assert h1["y"] < box["y"]
    # ...and the document's facts follow it.
    assert page.locator("#summary").bounding_box()["y"] > box["y"]


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_the_jump_list_links_every_section_and_each_link_lands_on_it_on_a_phone(phone, base_url, pid):
    page = open_procedure(phone, base_url, pid)
    wanted = jump_list(PROCS[pid])
    if len(wanted) <= 3:
        assert page.locator(".hb-jump").count() == 0
        return
    links = page.eval_on_selector_all(".hb-jump a", "as => as.map(a => a.getAttribute('href'))")
    assert links == ["#" + anchor for anchor, _ in wanted]
    for anchor, _ in wanted:
        assert page.locator(f"[id='{anchor}']").count() == 1, anchor
    # Every link is visible and at least 24 px tall (WCAG 2.2 target size) at phone width.
    for box in page.eval_on_selector_all(".hb-jump a", "as => as.map(a => a.getBoundingClientRect().toJSON())"):
        assert box["height"] >= 24 and box["right"] <= PHONE["width"]
    last = wanted[-1][0]
    page.click(f".hb-jump a[href='#{last}']")
    assert abs(page.locator(f"[id='{last}']").bounding_box()["y"]) < PHONE["height"] / 2


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_a_printed_procedure_has_no_embed_code_and_puts_the_steps_before_the_documents_facts(phone, base_url, pid):
    page = open_procedure(phone, base_url, pid)
    assert page.locator(".hb-embed-this").count() == 1 and "<iframe" in page.text_content(".hb-embed-this")
    page.emulate_media(media="print")
    displayed = lambda sel: page.eval_on_selector(sel, "e => getComputedStyle(e).display !== 'none' && !!e.offsetParent")
    assert not displayed(".hb-embed-this") and not displayed(".hb-jump") if page.locator(".hb-jump").count() \
        else not displayed(".hb-embed-this")
    steps = page.locator(".hb-steps, .hb-schedule, .hb-rules").first.bounding_box()
    assert steps["y"] < page.locator("#summary").bounding_box()["y"]
    assert page.locator(".hb-print-line").bounding_box()["y"] < steps["y"]   # the warning still leads
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000

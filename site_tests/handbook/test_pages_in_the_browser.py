"""The generated pages in Chromium: flowcharts drawn by the self-hosted Mermaid with each box
linking to its step, Mermaid requested only by pages that have a chart, nothing from another
host, pages that reflow at 360 px, and a printed procedure with its date and without the chart."""
from __future__ import annotations

import re
from datetime import date

import pytest

from generator.loader import load_bundle

BUNDLE = load_bundle()
BEXLEY = "procedures/bexley-cp-lac-escalation-2018/"


def open_page(visit, url):
    visit.page.goto(visit.base_url + url)
    visit.page.wait_for_load_state("networkidle")
    return visit.page


def test_a_procedure_page_draws_a_flowchart_per_pathway_whose_boxes_link_to_the_steps(visit):
    page = open_page(visit, BEXLEY)
    page.wait_for_selector("pre.hb-mermaid svg", timeout=30_000)
    proc = BUNDLE.procedure("bexley-cp-lac-escalation-2018")
    expected = {f"#{pw['id']}--{x['id']}" for pw in proc["pathways"] if pw["stages"]
                for x in pw["stages"] + pw.get("alternatives", [])}
    page.wait_for_function("n => document.querySelectorAll('pre.hb-mermaid svg').length === n",
                           arg=sum(1 for pw in proc["pathways"] if pw["stages"]))
    hrefs = page.eval_on_selector_all(
        "pre.hb-mermaid svg a", "els => els.map(a => a.getAttribute('xlink:href') || a.getAttribute('href'))")
    assert set(hrefs) == expected
    assert page.evaluate("hs => hs.every(h => document.getElementById(h.slice(1)))", sorted(expected))
    label = page.text_content("pre.hb-mermaid svg a[*|href='#cp-chair-escalation--stage-1']")
    assert "Team manager and service manager" in label and "5 working days" in label
    page.click("pre.hb-mermaid svg a[*|href='#cp-chair-escalation--stage-2']")
    page.wait_for_function("location.hash === '#cp-chair-escalation--stage-2'")
    assert page.evaluate("document.querySelectorAll('pre.hb-mermaid svg script, pre.hb-mermaid svg [onclick]').length") == 0
    assert any("/assets/mermaid/" in u and u.endswith("/mermaid.min.js") for u in visit.requests)
    assert not visit.other_hosts() and not visit.errors


def test_the_flowchart_is_redrawn_in_the_dark_scheme_when_the_reader_switches(visit):
    page = open_page(visit, BEXLEY)
    page.wait_for_selector("pre.hb-mermaid.hb-drawn svg", timeout=90_000)
    before = page.get_attribute("pre.hb-mermaid svg", "id")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_function("id => { const s = document.querySelector('pre.hb-mermaid.hb-drawn svg');"
                           " return s && s.id !== id; }", arg=before, timeout=90_000)
    assert not visit.errors


@pytest.mark.parametrize("url", ["", "glossary/", "compare/", "situations/", "about/privacy/"])
def test_a_page_without_a_flowchart_makes_no_request_for_mermaid(visit, url):
    open_page(visit, url)
    assert visit.page.query_selector("pre.hb-mermaid") is None
    assert not [u for u in visit.requests if "mermaid" in u or "flowcharts.js" in u]
    assert not visit.other_hosts() and not visit.errors


def test_following_a_glossary_link_lands_on_the_term(visit):
    page = open_page(visit, BEXLEY)
    link = page.query_selector("article a.hb-term[href$='#iro']")
    link.click()
    page.wait_for_url(re.compile(r"/glossary/#iro$"))
    assert "Independent Reviewing Officer" in page.text_content("dt#iro")


@pytest.mark.parametrize("url", ["", BEXLEY, "procedures/warwickshire-escalation-processes-2016/",
                                 "procedures/warwickshire-practitioner-escalation-protocol-2020/",
                                 "glossary/", "compare/", "situations/", "about/", "about/accessibility/"])
def test_at_360_px_wide_nothing_makes_the_page_scroll_sideways(browser, base_url, url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(base_url + url)
    page.wait_for_load_state("networkidle")
    if page.query_selector("pre.hb-mermaid"):
        page.wait_for_selector("pre.hb-mermaid svg", timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    context.close()


def test_a_printed_procedure_shows_its_version_source_and_print_date_but_no_chart_or_navigation(visit):
    page = open_page(visit, BEXLEY)
    page.wait_for_selector("pre.hb-mermaid svg", timeout=30_000)
    page.emulate_media(media="print")
    shown = lambda sel: page.eval_on_selector(sel, "e => getComputedStyle(e).display !== 'none' && !!e.offsetParent")
    assert shown(".hb-print-only") and shown("#summary")
    assert not shown(".hb-flowchart") and not shown(".md-header") and not shown(".md-sidebar--primary")
    printed = page.text_content(".hb-print-only")
    assert str(date.today().year) in printed and "Printed from the escalation handbook on " in printed
    summary = page.text_content("#summary")
    assert "Updated November 2018" in summary and "Escalation policy for children subject" in summary

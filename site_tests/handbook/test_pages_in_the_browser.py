"""The generated pages in Chromium: inline SVG flowcharts whose boxes link to their steps and are
reached by the keyboard, recoloured by the scheme without a redraw, no diagram script on any page,
nothing from another host, pages that reflow at 360 px, and a printed procedure with its date and
its chart in black on white."""
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


def test_a_procedure_page_has_a_flowchart_per_pathway_whose_boxes_link_to_the_steps(visit):
    page = open_page(visit, BEXLEY)
    proc = BUNDLE.procedure("bexley-cp-lac-escalation-2018")
    expected = {f"#{pw['id']}--{x['id']}" for pw in proc["pathways"] if pw["stages"]
                for x in pw["stages"] + pw.get("alternatives", [])}
    assert page.eval_on_selector_all("svg.hb-fc", "s => s.length") == sum(1 for pw in proc["pathways"] if pw["stages"])
    hrefs = page.eval_on_selector_all("svg.hb-fc a", "els => els.map(a => a.getAttribute('href'))")
    assert set(hrefs) == expected
    assert page.evaluate("hs => hs.every(h => document.getElementById(h.slice(1)))", sorted(expected))
    label = page.text_content("svg.hb-fc a[href='#cp-chair-escalation--stage-1']")
    assert "Team manager and service manager" in label and "5 working days" in label
    page.click("svg.hb-fc a[href='#cp-chair-escalation--stage-2']")
    page.wait_for_function("location.hash === '#cp-chair-escalation--stage-2'")
    assert page.evaluate("document.querySelectorAll('svg.hb-fc script, svg.hb-fc [onclick]').length") == 0
    assert not [u for u in visit.requests if u.endswith((".js", ".mjs")) and ("mermaid" in u or "flowchart" in u)]
    assert not visit.other_hosts() and not visit.errors


@pytest.mark.browser
def test_the_keyboard_reaches_every_flowchart_link_in_order_and_enter_follows_it(visit):
    page = open_page(visit, BEXLEY)
    expected = page.eval_on_selector_all("svg.hb-fc a", "els => els.map(a => a.getAttribute('href'))")
    page.focus("article")
    reached = []
    for _ in range(400):
        page.keyboard.press("Tab")
        href = page.evaluate("() => { const a = document.activeElement;"
                             " return a && a.closest('svg.hb-fc') ? a.getAttribute('href') : null; }")
        if href and href not in reached:
            reached.append(href)
        if len(reached) == len(expected):
            break
    assert reached == expected, "Tab reaches each box once, in the order the chart reads"
    ring = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('.hb-fc-shape')).strokeWidth")
    assert ring == "4px", "the focused box shows a ring"
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=expected[-1])


@pytest.mark.browser
def test_the_flowchart_takes_the_dark_scheme_from_the_stylesheet_without_a_redraw(visit):
    page = open_page(visit, BEXLEY)
    fill = "() => getComputedStyle(document.querySelector('svg.hb-fc .hb-fc-stage .hb-fc-shape')).fill"
    text = "() => getComputedStyle(document.querySelector('svg.hb-fc text')).fill"
    light = (page.evaluate(fill), page.evaluate(text))
    page.evaluate("() => { document.querySelector('svg.hb-fc').__kept = true; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = (page.evaluate(fill), page.evaluate(text))
    assert dark[0] != light[0] and dark[1] != light[1]
    assert page.evaluate("() => document.querySelector('svg.hb-fc').__kept === true")
    assert not visit.errors


@pytest.mark.parametrize("url", ["", "glossary/", "compare/", "situations/", "about/privacy/"])
def test_a_page_without_a_flowchart_has_no_chart_and_requests_no_diagram_script(visit, url):
    open_page(visit, url)
    assert visit.page.query_selector("svg.hb-fc") is None
    assert not [u for u in visit.requests if "mermaid" in u or "flowchart" in u]
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
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    for box in page.eval_on_selector_all("svg.hb-fc", "s => s.map(e => e.getBoundingClientRect().right)"):
        assert box <= 360
    context.close()


def test_a_printed_procedure_shows_its_version_source_print_date_and_chart_in_black_but_no_navigation(visit):
    page = open_page(visit, BEXLEY)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")   # prints the same from dark
    page.emulate_media(media="print")
    shown = lambda sel: page.eval_on_selector(sel, "e => getComputedStyle(e).display !== 'none' && !!e.offsetParent")
    assert shown(".hb-print-only") and shown("#summary") and shown(".hb-flowchart")
    assert not shown(".md-header") and not shown(".md-sidebar--primary")
    colours = page.evaluate("() => [getComputedStyle(document.querySelector('svg.hb-fc text')).fill,"
                            " getComputedStyle(document.querySelector('svg.hb-fc .hb-fc-shape')).fill]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    printed = page.text_content(".hb-print-only")
    today = date.today()
    assert f"Printed from the escalation handbook on {today.day} {today:%B} {today.year}" in " ".join(printed.split())
    summary = page.text_content("#summary")
    assert "Updated November 2018" in summary and "Escalation policy for children subject" in summary

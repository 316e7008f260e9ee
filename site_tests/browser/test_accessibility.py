"""axe-core (the pinned npm package, injected by Playwright) finds no WCAG 2.x A/AA violation on
each kind of page, in the light and the dark theme, at 1280 px and at 320 px."""
from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "home": "",
    "procedure": "procedures/bexley-cp-lac-escalation-2018/",
    "procedure with contacts and a form": "procedures/warwickshire-practitioner-escalation-protocol-2020/",
    "procedures by area": "procedures/",
    "navigator": "navigator/",
    "working days": "about/working-days/",
    "glossary": "glossary/",
    "situations": "situations/",
    "comparison": "compare/",
    "privacy, with its forget button": "about/privacy/",
    "navigator question": "navigator/start/",
    "navigator date question": ("navigator/start/bexley-cp-lac-escalation-2018--cp-chair-escalation--raised/stage-1/"
                                "?immediate-risk=no&area=bexley&bexley--situation=cp-plan-not-progressing"
                                "&bexley-cp-lac-escalation-2018--cp-chair-escalation--stage=stage-1"),
    "navigator outcome with dates": ("navigator/start/bexley-cp-lac-escalation-2018--cp-chair-escalation/stage-1/"
                                     "?immediate-risk=no&area=bexley&bexley--situation=cp-plan-not-progressing"
                                     "&bexley-cp-lac-escalation-2018--cp-chair-escalation--stage=stage-1"
                                     "&bexley-cp-lac-escalation-2018--cp-chair-escalation--raised=2025-12-18"),
    "navigator outcome with the monitoring form": "navigator/start/warwickshire-practitioner-escalation-protocol-2020--practitioner-escalation/stage-2/",
    "navigator act now": "navigator/start/liverpool--act-now/",
    "embedded procedure": "embed/procedures/bexley-cp-lac-escalation-2018/",
    "embedded navigator": "embed/navigator/",
}
NAVIGATOR_PAGES = {name for name, path in PAGES.items() if path.startswith("navigator/start/")}


def axe_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy refuses an added
    # inline <script> (and eval, so wait_for_function takes "() => ..." functions, not expressions).
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(browser, base_url, name, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "navigator":
        page.wait_for_function("() => document.documentElement.dataset.navigator !== 'loading'", timeout=90_000)
        page.fill("#hb-raised", "2026-12-18")
        page.click("#hb-submit")
        page.wait_for_selector("#hb-deadlines")
    if name in NAVIGATOR_PAGES:
        page.wait_for_selector("html[data-navigator=ready]", state="attached", timeout=90_000)
    if name == "navigator date question":       # with its error showing, announced and linked to the field
        page.fill("#hb-nav-input", "31")
        page.fill("#hb-nav-input-month", "2")
        page.fill("#hb-nav-input-year", "2025")
        page.click("button:has-text('Continue')")
        page.wait_for_selector("[aria-invalid=true]", state="attached")
        page.wait_for_selector("#hb-error-summary:not([hidden])")
    violations = axe_violations(page)
    context.close()
    assert violations == []


@pytest.mark.parametrize("name", ["procedure", "navigator", "navigator outcome with dates",
                                  "navigator outcome with the monitoring form", "comparison", "embedded procedure"])
def test_content_reflows_at_320_px_without_sideways_scrolling(browser, base_url, name):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    if name in NAVIGATOR_PAGES:
        page.wait_for_selector("html[data-navigator=ready]", state="attached", timeout=90_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()

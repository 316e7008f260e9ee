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
}


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
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("name", ["procedure", "navigator"])
def test_content_reflows_at_320_px_without_sideways_scrolling(browser, base_url, name):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()

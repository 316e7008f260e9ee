"""The history section and the What's new page in Chromium: the page finds the feed from its head,
and nothing it asks for fails (Material fetches a sitemap beside every rel=alternate link)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def history_url(history_site):
    from generator.serve import make_server

    server = make_server(str(history_site), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_feed_is_discoverable_and_no_request_fails(browser, history_url, scripted, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        for path in (f"procedures/{scripted.pid}/", "whats-new/", ""):
            page.goto(history_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            href = page.eval_on_selector('head link[rel="alternate"][type="application/atom+xml"]', "l => l.href")
            assert href == history_url + "whats-new/feed.xml", path
        page.goto(history_url + f"procedures/{scripted.pid}/#what-changed", wait_until="load")
        assert page.locator("li.hb-change").count() == 4
        assert page.locator("li.hb-change").first.is_visible()
    finally:
        context.close()
    assert failed == []


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("which", ["procedure", "whats-new"])
def test_the_history_pages_have_no_axe_violations(browser, history_url, scripted, which, width, scheme):
    """As site_tests/browser/test_accessibility.py checks every other kind of page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(history_url + (f"procedures/{scripted.pid}/" if which == "procedure" else "whats-new/"))
        page.wait_for_load_state("networkidle")
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        violations = [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    finally:
        context.close()
    assert violations == []

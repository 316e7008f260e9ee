"""The history section and the What's new page in Chromium: the page finds the feed from its head,
and nothing it asks for fails (Material fetches a sitemap beside every rel=alternate link)."""
from __future__ import annotations

import threading

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

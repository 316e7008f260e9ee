"""On a navigator page the question is painted before the runtime's megabytes are asked for: on a
slow link the practitioner reads the question while Pyodide downloads (Lighthouse, mobile, scored
the navigator pages 0.70 while the runtime was preloaded with the HTML, 0.97 once it followed the
first paint), and the date calculator still starts (the page turns ready)."""
from __future__ import annotations

import time

import pytest

RUNTIME = "/assets/pyodide/"
PAGES = ["navigator/start/", "embed/navigator/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_asks_for_no_runtime_file_in_its_html(site_dir, path):
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    assert 'rel="preload"' not in html or RUNTIME.strip("/") not in html.split('rel="preload"', 1)[1].split(">", 1)[0]
    assert "assets/navigator/start.js" in html   # the worker is still started from the head


@pytest.mark.parametrize("path", PAGES)
def test_no_runtime_file_is_requested_before_the_first_contentful_paint(visit, base_url, path):
    """Requests from the page and from its worker (Playwright reports both), timed by the system clock
    the browser's own clock also reads (performance.timeOrigin); a request is heard a little after it
    is made, never before."""
    page = visit.page
    asked = []
    page.on("request", lambda r: asked.append((time.time() * 1000, r.url)) if RUNTIME in r.url else None)
    page.goto(base_url + path)
    page.wait_for_selector("html[data-navigator=ready], html[data-navigator=failed]", state="attached", timeout=90_000)
    assert page.get_attribute("html", "data-navigator") == "ready"
    painted = page.evaluate("""() => {
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        return paint ? performance.timeOrigin + paint.startTime : null; }""")
    assert painted is not None and asked, (painted, asked)
    first, url = min(asked)
    assert first >= painted, f"{url} was asked for {painted - first:.0f} ms before the first contentful paint"
    assert any(u.endswith(".wasm") for _, u in asked)   # the runtime itself did load, after the paint
    assert not visit.errors

"""Embedding: the handbook served on one port, a partnership's page on another. The snippet copied
from a page works as it is; the embedded page has no chrome, links back, and its height follows
its content; sandboxed iframes work; nothing goes to a third host."""
from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest


BEXLEY = "bexley-cp-lac-escalation-2018"


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """A second origin: a plain static server for the host pages the tests write."""
    root = tmp_path_factory.mktemp("host")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A partnership's ordinary web server: no policy headers of ours."""

    def log_message(self, *args):
        pass


def snippet_from(visit, url: str) -> str:
    page = visit.page
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.text_content("pre.hb-embed-snippet code")


def open_host(visit, host, html: str, name: str):
    root, host_url = host
    (root / name).write_text(f"<!doctype html><html lang='en'><head><title>Partnership page</title></head>"
                             f"<body><h1>Our procedures</h1>{html}</body></html>", encoding="utf-8")
    visit.page.goto(host_url + name)
    return visit.page


def wait_height(page, minimum=400):
    page.wait_for_function(f"(() => {{ const f = document.querySelector('iframe[data-hb-embed]');"
                           f" return f && Number(f.dataset.hbHeight) > {minimum}; }})()", timeout=30_000)
    frame = page.query_selector("iframe[data-hb-embed]")
    return frame, frame.bounding_box()["height"]


def hosts_other_than(visit, *allowed: str) -> set[str]:
    ok = {urlparse(a).netloc for a in allowed}
    return {urlparse(u).netloc for u in visit.requests if urlparse(u).scheme in ("http", "https")} - ok


def test_the_snippet_copied_from_a_procedure_page_works_as_is_in_a_plain_html_file(visit, base_url, host):
    snippet = snippet_from(visit, base_url + f"procedures/{BEXLEY}/")
    assert snippet.startswith(f'<iframe src="{base_url}embed/procedures/{BEXLEY}/"')
    assert f'<script src="{base_url}assets/embed.js" async></script>' in snippet
    page = open_host(visit, host, snippet, "snippet.html")
    frame, height = wait_height(page, 1000)
    content = frame.content_frame()
    assert not content.is_visible(".md-header") and not content.is_visible(".md-sidebar--primary")
    assert content.get_attribute(".hb-embed-full a", "href").endswith(f"procedures/{BEXLEY}/")
    assert "Team manager and service manager" in content.text_content("body")
    document_height = content.evaluate("Math.ceil(document.querySelector('.md-container').getBoundingClientRect().bottom)")
    assert abs(height - document_height) <= 2
    assert hosts_other_than(visit, base_url, host[1]) == set()


def test_the_height_follows_the_content_when_it_changes(visit, base_url, host):
    snippet = snippet_from(visit, base_url + f"procedures/{BEXLEY}/")
    page = open_host(visit, host, snippet, "grow.html")
    frame, before = wait_height(page, 1000)
    frame.content_frame().evaluate("document.querySelector('.md-content__inner').append(Object.assign("
                                   "document.createElement('div'), {style: 'height:3000px'}))")
    page.wait_for_function(f"document.querySelector('iframe[data-hb-embed]').getBoundingClientRect().height > {before + 2500}")


def test_a_host_ignores_height_messages_from_anything_but_its_handbook_iframe(visit, base_url, host):
    snippet = snippet_from(visit, base_url + f"procedures/{BEXLEY}/")
    page = open_host(visit, host, snippet, "forged.html")
    wait_height(page, 1000)
    page.evaluate("window.postMessage({type: 'hb-embed-height', id: 'x', height: 50000}, '*')")
    page.evaluate("window.postMessage({type: 'hb-embed-height', id: 'x', height: 150}, '*')")
    page.wait_for_timeout(300)
    frame = page.query_selector("iframe[data-hb-embed]")
    reported = int(frame.get_attribute("data-hb-height"))
    assert 1000 < reported < 20000
    assert abs(frame.bounding_box()["height"] - reported) <= 1


@pytest.mark.parametrize("path", [f"embed/procedures/{BEXLEY}/", "embed/compare/"])
def test_embedded_pages_work_inside_a_sandboxed_iframe(visit, base_url, host, path):
    html = (f'<iframe src="{base_url}{path}" title="Handbook" sandbox="allow-scripts" data-hb-embed="x" '
            f'style="width:100%;border:0"></iframe><script src="{base_url}assets/embed.js"></script>')
    page = open_host(visit, host, html, "sandboxed.html")
    frame, height = wait_height(page, 600)
    assert height > 600
    assert hosts_other_than(visit, base_url, host[1]) == set()


@pytest.mark.parametrize("sandbox", ["", 'sandbox="allow-scripts allow-forms"'])
def test_the_embedded_navigator_works_on_another_origin(visit, base_url, host, sandbox):
    html = (f'<iframe src="{base_url}embed/navigator/" title="Navigator" {sandbox} data-hb-embed="navigator" '
            f'style="width:100%;border:0"></iframe><script src="{base_url}assets/embed.js"></script>')
    page = open_host(visit, host, html, "navigator.html")
    frame = page.wait_for_selector("iframe[data-hb-embed]").content_frame()
    # (no wait_for_function: the handbook's CSP forbids the eval it uses; selectors are fine)
    frame.wait_for_selector("html[data-navigator=ready], html[data-navigator=failed]", state="attached",
                            timeout=90_000)
    assert frame.get_attribute("html", "data-navigator") == "ready"
    frame.fill("#hb-raised", "2026-12-18")
    frame.click("#hb-submit")
    frame.wait_for_selector("#hb-deadlines")
    assert frame.get_attribute("#hb-deadlines tbody tr", "data-due") == "2026-12-29"
    assert hosts_other_than(visit, base_url, host[1]) == set()

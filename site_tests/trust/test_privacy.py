"""What content/about/privacy.md promises, checked in the browser on each kind of page: nothing is
requested from another host, no cookie is set, nothing the reader types leaves the page or is
stored, and nothing at all is kept on the device until the reader chooses a colour scheme.

Material for MkDocs' palette toggle (theme.palette in mkdocs.yml) would write the scheme showing to
localStorage under "<site path>.__palette" on every page load; content/assets/palette-choice.js
lets that through only after the reader uses the toggle, and the privacy page can forget it."""
from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

PAGES = {
    "home": "",
    "procedure": "procedures/bexley-cp-lac-escalation-2018/",
    "glossary": "glossary/",
    "compare": "compare/",
    "situations": "situations/",
    "navigator with an answer": "navigator/",
}
TYPED_DATE = "2026-12-18"
PALETTE_KEYS = {"index", "color"}
COLOR_KEYS = {"media", "scheme", "primary", "accent"}

STORAGE = """async () => ({
  local: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])),
  session: Object.keys(sessionStorage),
  databases: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
  caches: self.caches ? await caches.keys() : [],
  workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
})"""


def other_hosts(requests: list[str], base_url: str) -> set[str]:
    own = urlparse(base_url).netloc
    return {urlparse(u).netloc for u in requests
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != own}


def palette_note(local: dict) -> dict:
    """The one item the theme keeps, checked to hold nothing but the colour scheme in use."""
    assert list(local) == ["/.__palette"], local
    note = json.loads(local["/.__palette"])
    assert set(note) == PALETTE_KEYS and set(note["color"]) == COLOR_KEYS, note
    return note


def visit_and_use(context, base_url, settle, path):
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    if page.query_selector("svg.hb-fc"):
        settle.charts(page)
    if path == "navigator/":
        assert settle.navigator(page) == "ready"
        page.fill("#hb-raised", TYPED_DATE)
        page.click("#hb-submit")
        page.wait_for_selector("#hb-deadlines")
    return page, requests


@pytest.mark.parametrize("name", list(PAGES))
def test_a_visit_sets_no_cookie_asks_no_other_host_and_keeps_nothing(base_url, context, settle, name):
    page, requests = visit_and_use(context, base_url, settle, PAGES[name])
    assert other_hosts([u for u, _ in requests], base_url) == set()
    assert context.cookies() == []
    stored = page.evaluate(STORAGE)
    assert stored["session"] == [] and stored["databases"] == [] and stored["caches"] == []
    assert stored["workers"] == 0
    assert stored["local"] == {}
    assert TYPED_DATE not in json.dumps(stored)


def test_a_device_that_prefers_dark_gets_the_dark_scheme_without_anything_stored(browser, base_url):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(base_url + "glossary/")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        assert page.evaluate(STORAGE)["local"] == {}
    finally:
        context.close()


def test_the_date_typed_into_the_navigator_is_in_no_request(base_url, context, settle):
    page, requests = visit_and_use(context, base_url, settle, "navigator/")
    assert page.get_attribute("#hb-deadlines tbody tr", "data-due") == "2026-12-29"
    assert not [u for u, data in requests if TYPED_DATE in u or TYPED_DATE in data]
    assert "2026-12-29" not in json.dumps(page.evaluate(STORAGE))


def test_choosing_the_dark_scheme_is_what_is_kept_and_the_next_page_uses_it(base_url, context, settle):
    page, _ = visit_and_use(context, base_url, settle, "glossary/")
    page.click("label[for='__palette_1']")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    note = palette_note(page.evaluate(STORAGE)["local"])
    assert note["index"] == 1 and note["color"]["scheme"] == "slate"
    page.goto(base_url + "compare/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert context.cookies() == []


def test_the_privacy_page_forgets_the_choice_and_the_next_page_keeps_nothing(base_url, context, settle):
    page, _ = visit_and_use(context, base_url, settle, "about/privacy/")
    status = page.locator("#hb-forget-scheme-status")
    assert status.inner_text() == "This browser keeps nothing for this site."
    page.click("label[for='__palette_1']")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.goto(base_url + "about/privacy/")
    assert status.inner_text() == "This browser keeps your colour choice for this site."
    page.focus("#hb-forget-scheme")
    page.keyboard.press("Enter")
    assert status.inner_text() == "This browser keeps nothing for this site."
    assert page.evaluate(STORAGE)["local"] == {}
    page.goto(base_url + "glossary/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(STORAGE)["local"] == {}


def test_the_privacy_statement_names_what_is_stored(site_dir):
    text = (site_dir / "about" / "privacy" / "index.html").read_text(encoding="utf-8")
    for words in ("__palette", "local storage", "no cookies", "Content-Security-Policy", "Forget my colour choice"):
        assert words in text, words

"""Every page is served with a strict Content-Security-Policy: nothing runs but the site's own files
and the theme's inline scripts by their SHA-256 hash; styles only from the site's stylesheets; no
eval; WebAssembly allowed for Pyodide and nothing else. The build writes the policy (_csp.txt) and
a _headers file; generator/serve.py sends it with every response. Under it, every page works:
no violation is reported, the flowcharts look exactly as they do with no policy, and the navigator
runs Pyodide in its worker. Without 'wasm-unsafe-eval' the navigator says so at once."""
from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import csp

BEXLEY = "procedures/bexley-cp-lac-escalation-2018/"
PERMISSIVE = "default-src * data: blob: 'unsafe-inline' 'unsafe-eval'"
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_scripts(html: str) -> list[tuple[str, str]]:
    """(attributes, text) of each <script> without src, found independently of generator/csp.py."""
    return [(attrs, text) for attrs, text in INLINE_SCRIPT.findall(html) if "src=" not in attrs]


ONE_PER_PROCEDURE = ("procedures/", "embed/procedures/", "navigator/record/")
"""Folders with one page per procedure, all from one template: the policy scan opens one of each."""


def pages(site_dir: Path) -> list[str]:
    """A page of each kind: every page, except that of the pages made from one template per procedure
    (ONE_PER_PROCEDURE) the largest is taken, and of the navigator's many pages under
    navigator/start/ (the navigator without JavaScript) the first at each depth. The build itself
    refuses any page with inline code the policy cannot allow (csp.policy_for, every page); what only
    a browser shows is what a template's scripts do, the same on every page of a template."""
    every = sorted("" if p.parent == site_dir else p.parent.relative_to(site_dir).as_posix() + "/"
                   for p in site_dir.rglob("index.html"))
    chosen, depths, largest = [], set(), {}
    for path in every:
        if path.startswith("navigator/start/"):
            if path.count("/") in depths:
                continue
            depths.add(path.count("/"))
        folder = next((f for f in ONE_PER_PROCEDURE if path.startswith(f) and path.count("/") == f.count("/") + 1), None)
        if folder:
            size = (site_dir / path / "index.html").stat().st_size
            if folder not in largest or size > largest[folder][0]:
                largest[folder] = (size, path)
            continue
        chosen.append(path)
    return chosen + sorted(path for _, path in largest.values())


def fetch(url: str):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


# The policy the build writes.


def test_the_policy_allows_no_inline_code_but_hashed_scripts_and_no_eval(site_dir):
    policy = (site_dir / "_csp.txt").read_text(encoding="utf-8").strip()
    d = directives(policy)
    assert d["default-src"] == ["'self'"]
    assert d["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert d["script-src"][2:] and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in d["script-src"][2:])
    assert d["style-src"] == ["'self'"]
    assert d["img-src"] == ["'self'", "data:"]
    for name in ("connect-src", "worker-src", "font-src", "base-uri", "form-action"):
        assert d[name] == ["'self'"], name
    assert d["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "'unsafe-hashes'" not in policy
    # Framing by partnership sites on any origin is a product goal: no frame-ancestors (even "*"
    # refuses an ancestor with an opaque origin).
    assert "frame-ancestors" not in d


def test_every_inline_script_of_every_page_has_its_hash_and_every_hash_is_used(site_dir):
    policy = directives((site_dir / "_csp.txt").read_text(encoding="utf-8"))
    needed = set()
    for page in site_dir.rglob("*.html"):
        for attrs, text in inline_scripts(page.read_text(encoding="utf-8")):
            if 'type="application/json"' in attrs:
                assert sha256(text) not in policy["script-src"], f"{page}: data is not to be allowed as a script"
                continue
            needed.add(sha256(text))
    assert len(needed) >= 3   # Material's scope set-up (one per page depth), palette and anchor scripts
    assert needed == set(policy["script-src"][2:])


def test_the_headers_file_for_netlify_and_cloudflare_sends_the_same_policy(site_dir):
    policy = (site_dir / "_csp.txt").read_text(encoding="utf-8").strip()
    lines = (site_dir / "_headers").read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("/*") + 1] == f"  Content-Security-Policy: {policy}"
    assert "  Referrer-Policy: no-referrer" in lines and "  X-Content-Type-Options: nosniff" in lines
    assert lines[lines.index("/assets/*") + 1] == "  Access-Control-Allow-Origin: *"


@pytest.mark.parametrize("html,problem", [
    ('<button onclick="go()">Go</button>', "onclick"),
    ('<p style="color:red">x</p>', "style attribute"),
])
def test_inline_code_a_hash_cannot_allow_stops_the_build_naming_the_file(tmp_path, html, problem):
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(f"<!doctype html><body>{html}</body>", encoding="utf-8")
    with pytest.raises(csp.InlineCodeError) as caught:
        csp.policy_for(tmp_path)
    assert "page/index.html" in str(caught.value) and problem in str(caught.value)


def test_an_inline_style_element_is_allowed_by_its_hash(tmp_path):
    (tmp_path / "index.html").write_text("<style>p{color:red}</style><script>var a=1</script>"
                                         '<script type="application/ld+json">{}</script>', encoding="utf-8")
    d = directives(csp.policy_for(tmp_path))
    assert d["style-src"] == ["'self'", sha256("p{color:red}")]
    assert d["script-src"][2:] == [sha256("var a=1")]


class ReferenceFinder(HTMLParser):
    """The standard library's HTML tokenizer, as the reference csp.inline_code must agree with."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts, self.styles, self.problems, self._open = [], [], [], None

    def handle_starttag(self, tag, attrs):
        names = {}
        for k, v in attrs:
            names.setdefault(k.lower(), v or "")
        self.problems += [f"<{tag} {n}=...> (an inline event handler)" for n in names if n.startswith("on")]
        if "style" in names:
            self.problems.append(f'<{tag} style="{names["style"][:60]}"> (a style attribute)')
        if tag == "script" and "src" not in names and names.get("type", "").strip().lower() in csp.EXECUTABLE_TYPES:
            self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            (self.scripts if tag == "script" else self.styles).append("".join(self._open[1]))
            self._open = None


def reference(html_text: str):
    finder = ReferenceFinder()
    finder.feed(html_text)
    finder.close()
    return finder.scripts, finder.styles, finder.problems


def test_the_fast_scanner_finds_what_the_html_tokenizer_finds_on_every_built_page(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > len(list((site_dir / "navigator" / "start").rglob("index.html"))) > 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert csp.inline_code(text) == reference(text), page.relative_to(site_dir)


@pytest.mark.parametrize("html", [
    '<!-- <script>hidden()</script> --><p>x</p><script>shown()</script>',
    '<SCRIPT TYPE="module">import "./a.js"</SCRIPT><script src="a.js"></script>',
    '<div title="a > b" onmouseover=\'x()\'>t</div>',
    '<p data-x="style=1">t</p><a href="#" OnClick="y()">z</a>',
    "<style media='print'>p{}</style><script type=text/javascript>1</script >",
    '<script type="application/json">{"a": "</p>"}</script><img src=x style=color:red>',
    '<textarea>&lt;script&gt;</textarea><code>&lt;style&gt;</code>',
])
def test_the_fast_scanner_agrees_with_the_html_tokenizer_on_awkward_markup(html):
    assert csp.inline_code(html) == reference(html)


# What the server sends.


@pytest.mark.parametrize("path,page", [
    ("", True), (BEXLEY, True), ("navigator/", True), ("no-such-page/", True),
    ("assets/navigator/worker.js", False), ("assets/navigator/app.js", False),
    ("assets/navigator/manifest.json", False), ("data/procedures.json", False),
])
def test_every_response_carries_the_policy_and_files_but_pages_allow_any_origin(site_dir, base_url, path, page):
    policy = (site_dir / "_csp.txt").read_text(encoding="utf-8").strip()
    status, headers = fetch(base_url + path)
    assert headers["Content-Security-Policy"] == policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    if page:
        assert headers["Access-Control-Allow-Origin"] is None
    else:
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


def test_the_runtime_is_served_with_its_types_and_allowed_to_any_origin(site_dir, base_url):
    wasm = next((site_dir / "assets" / "pyodide").rglob("pyodide.asm.wasm")).relative_to(site_dir).as_posix()
    status, headers = fetch(base_url + wasm)
    assert status == 200 and headers["Content-Type"] == "application/wasm"
    assert headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["_csp.txt", "_headers", "%5Fheaders", "_csp.txt?x=1", "_headers/",
                                  "assets/javascripts/workers/"])
def test_the_files_written_for_the_server_and_folder_listings_are_not_served(site_dir, base_url, path):
    assert (site_dir / "_csp.txt").is_file() and (site_dir / "_headers").is_file()
    assert fetch(base_url + path)[0] == 404


# Pages under the policy.


def test_no_page_reports_a_violation_of_the_policy(site_dir, base_url, context, settle):
    checked = []
    for path in pages(site_dir):
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        if page.query_selector("svg.hb-fc"):
            settle.charts(page)
        if page.evaluate("document.documentElement.dataset.navigator || ''"):
            assert settle.navigator(page) == "ready", path
        assert settle.violations(page) == [], path
        assert errors == [], path
        checked.append(path)
        page.close()
    assert "navigator/" in checked and "" in checked
    assert {f for f in ONE_PER_PROCEDURE for path in checked if path.startswith(f) and path != f} == set(ONE_PER_PROCEDURE)


CHART_GEOMETRY = """() => [...document.querySelectorAll('svg.hb-fc')].map(svg =>
  [...svg.querySelectorAll('*')].map(e => {
    const r = e.getBoundingClientRect(), c = getComputedStyle(e);
    return [e.localName, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height),
            c.fill, c.stroke, c.strokeDasharray, c.color, c.backgroundColor, c.fontFamily, c.fontSize,
            c.display, c.whiteSpace].join('|');
  }))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_flowcharts_under_the_policy_look_exactly_as_with_no_policy(browser, serve, settle, scheme):
    """The charts are inline SVG styled by the site's stylesheet alone: nothing in them needs a
    style attribute or element that style-src 'self' would refuse."""
    drawn = {}
    for name, policy in (("strict", None), ("permissive", PERMISSIVE)):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = ctx.new_page()
        page.goto(serve(policy) + BEXLEY)
        settle.charts(page)
        drawn[name] = page.evaluate(CHART_GEOMETRY)
        ctx.close()
    assert len(drawn["strict"]) == 2 and all(len(chart) > 20 for chart in drawn["strict"])
    assert drawn["strict"] == drawn["permissive"]


def test_switching_the_theme_recolours_the_charts_within_the_policy_without_a_redraw(base_url, context, settle):
    page = context.new_page()
    page.goto(base_url + BEXLEY)
    settle.charts(page)
    fill = "() => getComputedStyle(document.querySelector('svg.hb-fc .hb-fc-stage .hb-fc-shape')).fill"
    light = page.evaluate(fill)
    page.evaluate("() => { document.querySelector('svg.hb-fc').__kept = true; }")
    page.click("label[for='__palette_1']")
    page.wait_for_function(f"() => ({fill})() !== {light!r}", timeout=30_000)
    settle.charts(page)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate("() => document.querySelector('svg.hb-fc').__kept === true"), "the chart was redrawn"
    assert settle.violations(page) == []


def test_pyodide_runs_in_its_worker_under_the_policy_with_no_eval(site_dir, base_url, context, settle):
    assert "'unsafe-eval'" not in (site_dir / "_csp.txt").read_text(encoding="utf-8")
    page = context.new_page()
    page.goto(base_url + "navigator/")
    assert settle.navigator(page) == "ready"
    assert page.evaluate("document.documentElement.dataset.engine") == "worker"
    page.fill("#hb-raised", "2026-12-18")
    page.click("#hb-submit")
    page.wait_for_selector("#hb-deadlines")
    assert page.get_attribute("#hb-deadlines tbody tr", "data-due") == "2026-12-29"
    assert settle.violations(page) == []


def without_wasm(policy: str) -> str:
    assert " 'wasm-unsafe-eval'" in policy
    return policy.replace(" 'wasm-unsafe-eval'", "")


def test_a_policy_refusing_webassembly_ends_at_once_in_failed_with_a_visible_message(site_dir, serve, context, settle):
    policy = without_wasm(csp.read(site_dir))
    page = context.new_page()
    started = time.monotonic()
    page.goto(serve(policy) + "navigator/")
    assert settle.navigator(page, timeout=20_000) == "failed"
    assert time.monotonic() - started < 15   # not the 30-second start-up timeout: it knew at once
    status = page.locator("#hb-status")
    assert status.is_visible() and "could not start" in status.text_content()


def test_the_worker_runs_under_the_policy_of_its_own_response(site_dir, serve, context, settle):
    """Only worker.js is served without 'wasm-unsafe-eval': Pyodide fails in the worker, so the
    worker obeys its own response's policy, and the page falls back to its main thread."""
    policy = csp.read(site_dir)
    base = serve(lambda path: without_wasm(policy) if path.endswith("/worker.js") else policy)
    page = context.new_page()
    page.goto(base + "navigator/")
    assert settle.navigator(page, timeout=60_000) == "ready"
    assert page.evaluate("document.documentElement.dataset.engine") == "main-thread"


# Embedding: framed by any page, and the scripts loadable from an opaque origin.


def test_a_page_framed_by_an_opaque_origin_still_loads(base_url, context):
    page = context.new_page()
    page.set_content(f'<iframe src="{base_url}glossary/" width="800" height="600"></iframe>')
    frame = page.frame_locator("iframe")
    assert frame.locator("h1").first.text_content(timeout=15_000).startswith("Glossary")


@pytest.fixture
def partner_site(tmp_path, base_url):
    """A page on another origin (localhost, not 127.0.0.1) putting the navigator in a sandboxed frame."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>Partner</title><iframe sandbox="allow-scripts" width="900" height="700" '
        f'src="{base_url}navigator/"></iframe>', encoding="utf-8")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("localhost", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_navigator_starts_in_a_sandboxed_frame_on_another_site(partner_site, context, settle):
    """The frame has an opaque origin: module scripts, the runtime and the data load in CORS mode,
    which Access-Control-Allow-Origin: * allows; a worker cannot start, so Pyodide runs on the
    frame's main thread."""
    page = context.new_page()
    page.goto(partner_site)
    frame = next(f for f in page.frames if f.url.endswith("/navigator/"))
    frame.wait_for_function("() => document.documentElement.dataset.navigator !== 'loading'", timeout=90_000)
    assert frame.evaluate("[document.documentElement.dataset.navigator, origin]") == ["ready", "null"]

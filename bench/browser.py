"""Timings and bytes in headless Chromium against the site served on 127.0.0.1.

Every run opens a fresh browser context (an empty cache, no service worker, no code cache) and
turns the HTTP cache off for the page. Times are read inside the page, from the navigation's
start (performance.now() / Navigation Timing), by a script Playwright adds before the page's own:
it records when the first form control is first visible (checked every animation frame) and when
<html data-navigator> turns "ready". Bytes are what the server sent, recorded by the server.
"""
from __future__ import annotations

import functools
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import compress
from generator.serve import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
TIMEOUT_MS = 180_000

# Added before any script of the page: when the first form control shows, and when the navigator is ready.
PROBE = """
(() => {
  const SELECTOR = %s;
  window.__probe = {};
  const visible = (el) => el && el.getClientRects().length > 0 && (!el.checkVisibility || el.checkVisibility());
  const tick = () => {
    const el = document.querySelector(SELECTOR);
    if (visible(el)) { window.__probe.control = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new MutationObserver(() => {
    const state = document.documentElement.dataset.navigator;
    if ((state === "ready" || state === "failed") && !window.__probe.navigator) {
      window.__probe.navigator = performance.now();
      window.__probe.state = state;
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-navigator"] });
})();
"""
FIRST_CONTROL = ("#hb-deadline-form select, #hb-deadline-form input, .hb-nav a.hb-nav-option, "
                 ".hb-nav form:not([hidden]) input, .hb-nav button")


class RecordingServer:
    """generator.serve's server on a free port, recording each file it sends (path, status)."""

    def __init__(self, site: Path):
        self.site = Path(site)
        self.server = make_server(str(self.site), "127.0.0.1", 0)
        partial = self.server.RequestHandlerClass
        sent = self.sent = []

        class Recording(partial.func):
            def log_request(self, code="-", size="-"):
                sent.append((urlsplit(self.path).path, int(code) if str(code).isdigit() else code))
                super().log_request(code, size)

        self.server.RequestHandlerClass = functools.partial(Recording, *partial.args, **partial.keywords)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def take(self) -> list[tuple[str, int]]:
        out, self.sent[:] = list(self.sent), []
        return out


@functools.lru_cache(maxsize=None)
def file_sizes(path: str) -> tuple[int, int, int]:
    """(raw, gzip -9, brotli q11) bytes of one file: the build's own copies (generator/compress.py)."""
    data = Path(path).read_bytes()
    return len(data), len(compress.compressed(data, "gzip")), len(compress.compressed(data, "br"))


def transferred(site: Path, sent: list[tuple[str, int]]) -> dict:
    """Bytes of the files sent with status 200, raw and compressed, in total and for Pyodide alone."""
    totals = {"files": 0, "raw": 0, "gzip": 0, "brotli": 0}
    pyodide = dict(totals)
    items = []
    for url_path, status in sent:
        if status != 200:
            continue
        rel = unquote(url_path).lstrip("/")
        path = site / rel
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        raw, gz, br = file_sizes(str(path))
        items.append({"path": rel or "index.html", "raw": raw, "gzip": gz, "brotli": br})
        for bucket in (totals, pyodide) if rel.startswith("assets/pyodide/") else (totals,):
            bucket["files"] += 1
            bucket["raw"] += raw
            bucket["gzip"] += gz
            bucket["brotli"] += br
    return {**totals, "pyodide": pyodide, "items": sorted(items, key=lambda i: -i["raw"])}


class Browser:
    def __init__(self, playwright, server: RecordingServer):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.server = server
        self.version = self.browser.version

    def close(self):
        self.browser.close()

    def visit(self, path: str, until: str, probe: bool = True):
        """Open path in a fresh context; wait for `until` (a selector or "load"); return (page data, files sent)."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            if probe:
                page.add_init_script(script=PROBE % repr(FIRST_CONTROL))
            self.server.take()
            page.goto(self.server.base + path, wait_until="load", timeout=TIMEOUT_MS)
            if until != "load":
                page.wait_for_selector(until, state="attached", timeout=TIMEOUT_MS)
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
            data = page.evaluate("""() => ({
                load: performance.getEntriesByType("navigation")[0].loadEventStart,
                probe: window.__probe || {},
                bench: window.__bench || null,
                navigator: document.documentElement.dataset.navigator || null,
            })""")
            data["errors"] = errors
            return data, self.server.take()
        finally:
            context.close()

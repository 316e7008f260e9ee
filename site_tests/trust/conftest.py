"""Helpers for the trust tests: the built site served with a chosen Content-Security-Policy, and a
record of every policy violation a page reports."""
from __future__ import annotations

import threading

import pytest

# Runs before any page script: every violation of the policy, as [directive, source file, sample].
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push([e.violatedDirective, e.sourceFile, e.lineNumber, (e.sample || "").slice(0, 80)]));
"""

# Predicates are functions, not expressions: Playwright runs an expression through eval, which the
# site's policy refuses.
NAVIGATOR_SETTLED = "() => document.documentElement.dataset.navigator !== 'loading'"
# The flowcharts are inline SVG drawn at build time: settled once the page has loaded.
CHARTS_SETTLED = "() => document.readyState === 'complete'"


@pytest.fixture
def serve(site_dir):
    """serve(policy=None, directory=site_dir) -> base URL; policy is a text or a function of the path."""
    from generator.serve import make_server

    servers = []

    def start(policy=None, directory=None):
        server = make_server(str(directory or site_dir), "127.0.0.1", 0, policy=policy)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def context(browser):
    """A fresh browser context (no storage, no cookies) that records policy violations."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    ctx.add_init_script(RECORD_VIOLATIONS)
    yield ctx
    ctx.close()


class Settle:
    """Waits shared by the trust tests, and the violations a page has reported."""

    @staticmethod
    def navigator(page, timeout=90_000) -> str:
        page.wait_for_function(NAVIGATOR_SETTLED, timeout=timeout)
        return page.evaluate("document.documentElement.dataset.navigator")

    @staticmethod
    def charts(page) -> None:
        page.wait_for_function(CHARTS_SETTLED, timeout=30_000)

    @staticmethod
    def violations(page) -> list:
        return page.evaluate("window.__violations || []")


@pytest.fixture
def settle():
    return Settle()

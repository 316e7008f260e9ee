"""Shared fixtures: the site built once per test run into a temporary folder, served on 127.0.0.1,
and the system Chromium driven by Playwright (it cannot download a browser of its own here)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Copies of the repository in tmp folders (and the builds they run) read the same source texts.
from generator.sources import sources_dir  # noqa: E402

os.environ.setdefault("HANDBOOK_SOURCES", str(sources_dir(ROOT)))
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def build_site(dest: Path, root: Path = ROOT, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / config),
                           "-d", str(dest)], cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site, built once per run: under pytest-xdist the first worker to get here builds it into
    the run's shared temporary folder while the others wait on a lock, then all read the same copy
    (no test writes into it)."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent       # popen-gw0/, popen-gw1/ ... share their parent
    dest, failed = base / "site-built", base / "site-build-failed.txt"
    with open(base / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not (dest / "index.html").exists():
            result = build_site(dest)
            if result.returncode != 0:
                failed.write_text(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", encoding="utf-8")
                pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
    return dest


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    from generator.serve import make_server

    server = make_server(str(site_dir), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """A browser page that records every request it makes, to prove nothing goes elsewhere."""

    def __init__(self, context, base_url):
        self.context = context
        self.page = context.new_page()
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def other_hosts(self) -> set[str]:
        own = urlparse(self.base_url).netloc
        return {urlparse(u).netloc for u in self.requests
                if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != own}


@pytest.fixture
def visit(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    v = Visit(context, base_url)
    yield v
    context.close()


@pytest.fixture(autouse=True)
def core_data_kept():
    """The rule core's api holds the loaded procedures in one module global: a test that loads other
    data (the navigator's index, a part, a test bundle) gives it back afterwards, whichever worker and
    order the tests run in."""
    from navigator import api

    before = api._BUNDLE
    yield
    api._BUNDLE = before


BROWSER_FIXTURES = {"browser", "visit"}


def shared_setup(item) -> str | None:
    """Where the costly fixtures an item uses are defined, when they are module- or session-scoped and
    not the root conftest's (the site build, the server and Chromium, which every worker has anyway):
    a module's nodeid, or a folder for a folder conftest's session fixtures (history/'s scripted
    repository, built once)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    homes = {d.baseid for defs in info.name2fixturedefs.values() for d in defs
             if d.scope in ("module", "session") and d.baseid not in ("", "site_tests")}
    return min(homes) if homes else None


def pytest_itemcollected(item):
    """Every test that drives Chromium carries the `browser` marker (`pytest -m "not browser"` runs the
    rest), found from the fixtures it uses, so a new browser test is marked without anyone remembering.

    Under `pytest -n` (pytest-xdist, `make test` runs with `--dist loadgroup`), tests that share a costly
    module- or session-scoped fixture go to one worker as a group, so it is made once; every other test
    goes wherever a worker is free. The marks are added as each test is collected: xdist reads them in
    its own pytest_collection_modifyitems, which runs before any conftest's."""
    if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
        item.add_marker(pytest.mark.browser)
    home = shared_setup(item)
    if home:
        item.add_marker(pytest.mark.xdist_group(home))

"""While a procedure file is broken, `mkdocs serve` shows the problems in the browser (the same lines
as the build) at every address, shows the site again once the file is fixed, and the problems again
when it breaks while serving."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .copies import repo_copy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8")


def wait_for(url: str, text: str, timeout: float, absent: str = "") -> str:
    deadline, page = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            page = get(url)
            if text in page and not (absent and absent in page):
                return page
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"{text!r} not at {url} within {timeout} s; last page:\n{page[:2000]}")


def test_a_broken_file_is_shown_in_the_browser_and_the_fix_brings_the_site_back(tmp_path):
    repo = repo_copy(tmp_path / "repo")
    target = next((repo / "procedures").glob("*/*.yaml"))
    good = target.read_text(encoding="utf-8")
    assert "\ntitle:" in good
    target.write_text(good.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=repo,
                              stdout=log.open("w"), stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        base = f"http://127.0.0.1:{port}/"
        rel = target.relative_to(repo).as_posix()
        page = wait_for(base, "unknown field", 120)
        assert f"{rel}:" in page and "did you mean &#39;title&#39;?" in page.replace("&#x27;", "&#39;")
        assert "unknown field" in get(base + "procedures/any-page/")   # the page the reader had open
        target.write_text(good, encoding="utf-8")
        wait_for(base + f"procedures/{target.stem}/", "<h1", 600, absent="Problems in the procedure files")
        assert "Problems in the procedure files" not in get(base)
        # broken again while serving (a rebuild, not the first build): the problems come back
        target.write_text(good.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
        wait_for(base + f"procedures/{target.stem}/", "unknown field", 300)
        said = log.read_text(encoding="utf-8")
        # the terminal says what the build is doing: the check, its problems, then its result
        assert "checking the procedure files" in said and f"{rel}:" in said
        assert re.search(r"\d+ procedure file\(s\) checked, \d+ warning\(s\)", said)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

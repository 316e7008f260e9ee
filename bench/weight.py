"""Page weight at national scale (issue 18), and the navigator's first and repeat visit (issue 14).

    python -m bench --weight-only [--sizes 5,100,300] [--runs 3]

For each size, a synthetic copy of the repository (bench/synthetic.py) is built once and served
by generator.serve (brotli, as a reader gets it); in headless Chromium, each visit in a fresh
context with the HTTP cache off, it measures the bytes the server sent (the bodies as sent:
its brotli copies, or brotli made on the fly) for

  * a first view of a procedure page (a real procedure, present at every size);
  * the navigator's first question, until the core is ready;
  * an outcome with dates, opened from its address (the area's part fetched on the way);
  * the search index (raw and brotli) and how many entries it holds; whether any search file is
    fetched before the reader opens search; the time from focusing the search box to the first
    result shown, for a practitioner's word.

At the first size it also times the navigator's start, first visit (empty cache) and repeat visit
(same browser context, HTTP cache warm), against stock Pyodide's first and repeat visit, in
rounds so a slow spell of the shared machine falls on both alike.
"""
from __future__ import annotations

import functools
import json
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from generator import compress

from .builds import handbook_config, timed_build
from .stats import median
from .synthetic import make_repo

PROCEDURE_PAGE = "procedures/bexley-cp-lac-escalation-2018/"
OUTCOME_AREA = "bexley"
SEARCH_WORD = "conference"
READY = "html[data-navigator=ready], html[data-navigator=failed]"
TIMEOUT_MS = 180_000
TODAY = "2027-01-15"
RAISED = "2026-12-18"


class Served:
    """generator.serve on a free port, recording each response: path, status and body bytes sent."""

    def __init__(self, site: Path):
        from generator.serve import make_server

        self.server = make_server(str(site), "127.0.0.1", 0)
        partial = self.server.RequestHandlerClass
        log = self.log = []

        class Recording(partial.func):
            def send_header(self, keyword, value):
                if keyword.lower() == "content-length":
                    self._length = int(value)
                super().send_header(keyword, value)

            def log_request(self, code="-", size="-"):   # send_response calls it before the headers
                self._status = int(code) if str(code).isdigit() else 0
                super().log_request(code, size)

            def end_headers(self):
                status = getattr(self, "_status", 0)
                log.append((urlsplit(self.path).path, status, getattr(self, "_length", 0) if status == 200 else 0))
                super().end_headers()

        self.server.RequestHandlerClass = functools.partial(Recording, *partial.args, **partial.keywords)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def take(self) -> list[tuple[str, int, int]]:
        out, self.log[:] = list(self.log), []
        return out

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _bytes(sent: list) -> dict:
    return {"files": sum(1 for _, s, _ in sent if s == 200), "bytes": sum(n for _, _, n in sent),
            "largest": sorted(({"path": p, "bytes": n} for p, _, n in sent if n), key=lambda i: -i["bytes"])[:5]}


def outcome_address(site: Path, area: str = OUTCOME_AREA) -> str:
    """The address of the area's first outcome with stage dates, as the navigator's links give it."""
    from navigator import api
    from navigator.flow import answers_for, enumerate_paths

    text = (site / "data" / "procedures.json").read_text(encoding="utf-8")
    bundle = json.loads(text)
    api.load_bundle(text)
    for path in enumerate_paths(bundle["flow"]):
        answers = answers_for(bundle["flow"], path, RAISED)
        if answers.get("area") != area:
            continue
        step = json.loads(api.call("next_step", json.dumps({"answers": answers, "today": TODAY})))["ok"]
        stages = ((step.get("outcome") or {}).get("deadlines") or {}).get("stages") or []
        if any(s.get("due") for s in stages):
            return f"navigator/start/{step['page']}?{urlencode(answers)}"
    raise RuntimeError(f"no outcome with dates for {area}")


class Chromium:
    def __init__(self, playwright):
        from .browser import CHROMIUM, CHROMIUM_ARGS

        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def close(self):
        self.browser.close()

    def context(self):
        return self.browser.new_context(viewport={"width": 1280, "height": 900})

    def first_view(self, served: Served, path: str, until: str = "load") -> list:
        """Open path in a fresh context, HTTP cache off; return what the server sent."""
        context = self.context()
        try:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            served.take()
            page.goto(served.base + path, wait_until="load", timeout=TIMEOUT_MS)
            if until != "load":
                page.wait_for_selector(until, state="attached", timeout=TIMEOUT_MS)
                state = page.evaluate("document.documentElement.dataset.navigator")
                if state != "ready":
                    raise RuntimeError(f"the navigator did not start on {path}: {state}")
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
            return served.take()
        finally:
            context.close()

    def search(self, served: Served, path: str, word: str) -> dict:
        """Open path, then search: what was fetched before, and ms from focus to the first result."""
        context = self.context()
        try:
            page = context.new_page()
            served.take()
            page.goto(served.base + path, wait_until="load", timeout=TIMEOUT_MS)
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
            before = [p for p, _, _ in served.take() if p.startswith("/search/") or "/workers/search." in p]
            page.evaluate("""() => {
                window.__searchStart = null;
                document.addEventListener("focusin", (e) => {
                    if (window.__searchStart === null && e.target.matches("[data-md-component=search-query]"))
                        window.__searchStart = performance.now();
                }, true);
            }""")
            page.keyboard.press("/")
            page.keyboard.type(word)
            page.wait_for_selector(".md-search-result__item", state="visible", timeout=TIMEOUT_MS)
            ms = page.evaluate("performance.now() - window.__searchStart")
            results = page.locator(".md-search-result__item").count()
            return {"fetched_before_open": before, "ms": ms, "results": results}
        finally:
            context.close()

    def start_times(self, served: Served, path: str, until: str, read: str) -> tuple[float, float]:
        """(first visit, repeat visit) ms until `until`, read from the page by `read`, in one context."""
        from .browser import FIRST_CONTROL, PROBE

        context = self.context()
        context.add_init_script(script=PROBE % repr(FIRST_CONTROL))   # records when data-navigator turns ready
        try:
            times = []
            for _ in range(2):
                page = context.new_page()
                page.goto(served.base + path, wait_until="load", timeout=TIMEOUT_MS)
                page.wait_for_selector(until, state="attached", timeout=TIMEOUT_MS)
                times.append(page.evaluate(read))
                page.close()
            return times[0], times[1]
        finally:
            context.close()


def measure_size(total: int, work: Path, runs: int, start_runs: int, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    from . import pages

    repo = make_repo(work / f"repo-{total}", total)
    site = work / f"site-{total}"
    seconds, _ = timed_build(handbook_config(repo), site)
    log(f"  {total} procedures built in {seconds:.0f} s")
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    out: dict = {"procedures": total, "build_s": seconds,
                 "areas": len(json.loads((site / "data" / "navigator" / "index.json").read_text())["parts"]),
                 "search_index": {"raw": len(data), "brotli": len(compress.compressed(data, "br")),
                                  "entries": len(json.loads(data)["docs"])}}
    outcome = outcome_address(site)
    served = Served(site)
    try:
        with sync_playwright() as playwright:
            chromium = Chromium(playwright)
            try:
                out["procedure_page"] = _bytes(chromium.first_view(served, PROCEDURE_PAGE))
                first = chromium.first_view(served, "navigator/start/", READY)
                out["navigator_first_question"] = _bytes(first)
                out["navigator_data_files"] = sorted(p for p, _, _ in first if p.startswith("/data/"))
                visit = chromium.first_view(served, outcome, READY)
                out["outcome"] = {**_bytes(visit), "address": outcome,
                                  "data_files": sorted(p for p, _, _ in visit if p.startswith("/data/"))}
                searches = [chromium.search(served, PROCEDURE_PAGE, SEARCH_WORD) for _ in range(runs)]
                out["search"] = {"word": SEARCH_WORD, "ms": [s["ms"] for s in searches],
                                 "median_ms": median([s["ms"] for s in searches]),
                                 "results": searches[0]["results"],
                                 "fetched_before_open": sorted({p for s in searches for p in s["fetched_before_open"]})}
                if start_runs:
                    version = json.loads((repo / "node_modules" / "pyodide" / "package.json").read_text())["version"]
                    pages.write(site, version, [], 1)
                    start = {"ours_first": [], "ours_repeat": [], "stock_first": [], "stock_repeat": []}
                    for run in range(start_runs):   # in rounds: ours, stock, ours, stock ...
                        a, b = chromium.start_times(served, "navigator/start/", "html[data-navigator=ready]",
                                                    "window.__probe.navigator")
                        start["ours_first"].append(a)
                        start["ours_repeat"].append(b)
                        a, b = chromium.start_times(served, "bench/stock.html", "html[data-bench=ready]",
                                                    "window.__bench.ready")
                        start["stock_first"].append(a)
                        start["stock_repeat"].append(b)
                        log(f"  start run {run + 1}/{start_runs}: ours {start['ours_first'][-1]:.0f}/"
                            f"{start['ours_repeat'][-1]:.0f} ms, stock {start['stock_first'][-1]:.0f}/"
                            f"{start['stock_repeat'][-1]:.0f} ms (first/repeat)")
                    out["start"] = start
            finally:
                chromium.close()
    finally:
        served.close()
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(repo, ignore_errors=True)
    log(f"  {total}: procedure page {out['procedure_page']['bytes'] / 1024:.0f} KiB, navigator first question "
        f"{out['navigator_first_question']['bytes'] / 1e6:.2f} MB, outcome {out['outcome']['bytes'] / 1e6:.2f} MB, "
        f"search index {out['search_index']['brotli'] / 1024:.0f} KiB brotli, search {out['search']['median_ms']:.0f} ms")
    return out


def measure(sizes: list[int], work: Path, runs: int = 3, start_runs: int = 5, log=print) -> dict:
    out = {"sizes": []}
    for i, n in enumerate(sizes):
        log(f"Page weight with {n} procedures…")
        out["sizes"].append(measure_size(n, work, runs, start_runs if i == 0 else 0, log))
    return out


def summary(weight: dict) -> dict:
    """Medians and ratios of the start times, if measured."""
    start = next((s["start"] for s in weight.get("sizes", []) if s.get("start")), None)
    if not start:
        return {}
    m = {k: median(v) for k, v in start.items()}
    return {**{f"{k}_ms": v for k, v in m.items()}, "first_ratio": m["ours_first"] / m["stock_first"],
            "repeat_ratio": m["ours_repeat"] / m["stock_repeat"]}


def targets(weight: dict, target) -> list[dict]:
    """The issue's targets: at the largest size a procedure page ≤ 150 KiB and the navigator's first
    visit ≤ 4.5 MB, each within 10% of the smallest size's figure; search's first result within 2× of
    the smallest size's, the index growing by at most 4 KiB a procedure (it grew by 39 KiB with every
    section's whole text: docs/arch/0008)."""
    sizes = weight.get("sizes") or []
    if not sizes:
        return []
    small, large = sizes[0], sizes[-1]
    n, m = large["procedures"], small["procedures"]
    page, nav = large["procedure_page"]["bytes"], large["navigator_first_question"]["bytes"]
    out = [target(f"Procedure page first view at {n} procedures, brotli as served", page / 1024, "≤ 150 KiB", 150, unit="KiB"),
           target(f"Procedure page first view, {n} vs {m} procedures", page / small["procedure_page"]["bytes"], "≤ 1.1×", 1.1),
           target(f"Navigator first visit at {n} procedures, brotli as served", nav / 1e6, "≤ 4.5 MB", 4.5, unit="MB"),
           target(f"Navigator first visit, {n} vs {m} procedures", nav / small["navigator_first_question"]["bytes"], "≤ 1.1×", 1.1),
           target(f"Search files fetched before search is opened, at {n} procedures",
                  len(large["search"]["fetched_before_open"]), "0 files", 0, unit="files"),
           target(f"Search, focus to first result, {n} vs {m} procedures",
                  large["search"]["median_ms"] / small["search"]["median_ms"], "≤ 2×", 2.0),
           target(f"Search index growth per procedure, {m} to {n} procedures (raw)",
                  (large["search_index"]["raw"] - small["search_index"]["raw"]) / max(n - m, 1),
                  "≤ 4 KiB (4,096 bytes)", 4096, unit="bytes")]
    s = summary(weight)
    if s:
        out.append(target("Navigator ready, first visit vs stock Pyodide's first visit", s["first_ratio"], "≤ 0.5×", 0.5))
    return out


def section(raw: dict) -> list[str]:
    """BENCHMARKS.md's page-weight section (python -m bench --weight-only)."""
    weight = raw.get("weight")
    if not weight or not weight.get("sizes"):
        return []
    kib = lambda n: f"{n / 1024:.0f} KiB"   # noqa: E731
    out = ["## Page weight at national scale", "",
           f"Measured {weight.get('date', '')} with `python -m bench --weight-only` (bench/weight.py): each size a "
           "synthetic copy of the repository (two procedures to a synthetic area, bench/synthetic.py) built once and "
           "served by generator/serve.py; bytes are the response bodies the server sent (its brotli copies of the "
           "assets, pages and data compressed on the fly), each visit in a fresh Chromium context with the cache off. "
           f"Search: median of {len(weight['sizes'][0]['search']['ms'])} runs, from focusing the search box "
           f"(\"/\") to the first result for \"{weight['sizes'][0]['search']['word']}\", on a procedure page.", "",
           "| procedures | areas | procedure page, first view | navigator's first question | an outcome (from its address) "
           "| search index (raw / brotli, entries) | search: focus to first result | search files before search opened |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for x in weight["sizes"]:
        si = x["search_index"]
        out.append(f"| {x['procedures']} | {x['areas']} | {kib(x['procedure_page']['bytes'])} | "
                   f"{x['navigator_first_question']['bytes'] / 1e6:.2f} MB | {x['outcome']['bytes'] / 1e6:.2f} MB | "
                   f"{kib(si['raw'])} / {kib(si['brotli'])}, {si['entries']} | {x['search']['median_ms']:.0f} ms | "
                   f"{len(x['search']['fetched_before_open'])} |")
    last = weight["sizes"][-1]
    out += ["", f"Data files the navigator fetched at {last['procedures']} procedures: first question "
            + ", ".join(f"`{p}`" for p in last["navigator_data_files"]) + "; the outcome "
            + ", ".join(f"`{p.split('?')[0]}`" for p in last["outcome"]["data_files"]) + " (only its own area's part)."]
    s = summary(weight)
    if s:
        runs = len(next(x["start"] for x in weight["sizes"] if x.get("start"))["ours_first"])
        out += ["", f"Navigator start (medians of {runs} rounds, ms from the navigation's start to `data-navigator=\"ready\"`; "
                "stock: a bare page with stock Pyodide and one line of Python). Repeat visit: the same page again in "
                "the same browser context, HTTP cache warm.", "",
                "| | first visit | repeat visit |", "|---|---:|---:|",
                f"| ours | {s['ours_first_ms']:.0f} | {s['ours_repeat_ms']:.0f} |",
                f"| stock Pyodide | {s['stock_first_ms']:.0f} | {s['stock_repeat_ms']:.0f} |",
                f"| ours / stock | {s['first_ratio']:.2f} | {s['repeat_ratio']:.2f} |"]
    return out + [""]

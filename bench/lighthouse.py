"""Lighthouse over each page type, mobile, simulated throttling, with the system Chromium.

The pinned npm lighthouse (12.2.3, which runs on Node 20; newer releases want Node 22) drives the
system Chromium (mobile form factor and simulated throttling are its defaults) against the built
site served by generator.serve on 127.0.0.1 with its headers and compression.

    python -m bench lighthouse [--site DIR]   # this part alone: updates bench/results.json and BENCHMARKS.md

Pages are picked by walking the built site, never by a procedure id: the home page, the heaviest
procedure page, compare, the glossary, the navigator's first question, a static navigator outcome
(one reached through a date question, opened with a date so it shows deadlines), and the heaviest
embedded procedure. Each is run three times, in rounds, and the run with the median performance
score is reported (a run takes 15 to 30 seconds on a shared machine).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUN_TIMEOUT_SECONDS = 240
# Targets from the performance issue (mobile).
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 0.95}
PROCEDURE_BYTES_LIMIT = 150 * 1024
PROCEDURE_TBT_LIMIT_MS = 200


def _largest(paths: list[Path]) -> Path | None:
    return max(paths, key=lambda p: (p.stat().st_size, p.as_posix()), default=None)


def _url(site: Path, index_html: Path) -> str:
    rel = index_html.parent.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def pick_pages(site: Path, today: date | None = None) -> dict[str, str]:
    """Page type -> URL path under the site, found by walking it."""
    site = Path(site)
    today = today or date.today()
    pages: dict[str, str] = {"home": ""}
    procedure = _largest(sorted((site / "procedures").glob("*/index.html")))
    if procedure:
        pages["procedure"] = _url(site, procedure)
    for name in ("compare", "glossary"):
        if (site / name / "index.html").is_file():
            pages[name] = name + "/"
    start = site / "navigator" / "start"
    if (start / "index.html").is_file():
        pages["navigator first question"] = "navigator/start/"
        pages.update(_outcome(site, start, today))
    embed = _largest(sorted((site / "embed" / "procedures").glob("*/index.html")))
    if embed:
        pages["embedded procedure"] = _url(site, embed)
    return pages


def _outcome(site: Path, start: Path, today: date) -> dict[str, str]:
    """An outcome page with dates: the first path of the site's own flow that asks a date and ends
    on an outcome with stages, its answers (the date a week back) in the query as the navigator keeps
    them; failing that, the first outcome page found."""
    from urllib.parse import urlencode

    from navigator.flow import answers_for, enumerate_paths, next_step

    bundle = json.loads((site / "data" / "procedures.json").read_text(encoding="utf-8"))
    flow = bundle.get("flow") or {}
    questions = {q["id"]: q for q in flow.get("questions", [])}
    raised = (today - timedelta(days=7)).isoformat()
    first_outcome = None
    for path in enumerate_paths(flow) if flow else ():
        if not any(questions[q]["type"] == "date" for q, _ in path.steps):
            continue
        answers = answers_for(flow, path, raised)
        step = next_step(flow, answers, today)
        page = start / step.get("page", "") / "index.html"
        if "outcome" in step and page.is_file() and "hb-nav-stage" in page.read_text(encoding="utf-8"):
            return {"navigator outcome with dates": f"{_url(site, page)}?{urlencode(answers)}"}
    for page in sorted(start.rglob("index.html")):
        if "hb-nav-stage" in page.read_text(encoding="utf-8"):
            first_outcome = page
            break
    return {"navigator outcome": _url(site, first_outcome)} if first_outcome else {}


class Server:
    """generator.serve's server for `site` on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, site: Path):
        from generator.serve import make_server

        self.httpd = make_server(str(site), "127.0.0.1", 0)

    def __enter__(self) -> str:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def run_one(url: str, out_dir: Path) -> dict:
    """One Lighthouse run; the scores and the few audits the report shows."""
    node = shutil.which("node")
    if not node or not CLI.is_file():
        raise RuntimeError("lighthouse is not installed: run `make setup` (npm ci)")
    report = out_dir / "report.json"
    cmd = [node, str(CLI), url, "--output=json", f"--output-path={report}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
           "--form-factor=mobile", "--throttling-method=simulate", "--max-wait-for-load=60000"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, env=env)
    if done.returncode != 0 or not report.is_file():
        last = next((l for l in reversed(done.stderr.strip().splitlines()) if l.strip()), "no message")
        raise RuntimeError(f"lighthouse failed on {url}: {last.strip()}")
    lhr = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    audits = lhr["audits"]

    def value(audit: str):
        return audits.get(audit, {}).get("numericValue")

    failing = sorted(a["id"] for a in audits.values()
                     if a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings") and a.get("score") is not None
                     and a["score"] < 0.9 and any(a["id"] in {r["id"] for r in lhr["categories"][c]["auditRefs"]
                                                                if r.get("weight", 0) > 0} for c in CATEGORIES if c in lhr["categories"]))
    return {
        "scores": {c: lhr["categories"][c]["score"] for c in CATEGORIES if c in lhr["categories"]},
        "bytes": value("total-byte-weight"),
        "tbt_ms": value("total-blocking-time"),
        "lcp_ms": value("largest-contentful-paint"),
        "fcp_ms": value("first-contentful-paint"),
        "tti_ms": value("interactive"),
        "unused_js_bytes": (audits.get("unused-javascript", {}).get("details") or {}).get("overallSavingsBytes"),
        "failing": failing,
        "lighthouse": lhr.get("lighthouseVersion"),
        "chromium": lhr.get("environment", {}).get("hostUserAgent", ""),
        "benchmark_index": lhr.get("environment", {}).get("benchmarkIndex"),
    }


RUNS = 3
"""Lighthouse runs per page; the run with the median performance score is the one reported (its
figures all come from that one run), as Lighthouse's own guidance on variability advises."""


def measure(site: Path, log=print, runs: int = RUNS) -> dict:
    """Lighthouse over every picked page type of the built `site`, `runs` times each, in rounds (every
    page once, then again), so a slow spell of a shared machine falls on every page alike."""
    pages = pick_pages(site)
    every: dict[str, list] = {name: [] for name in pages}
    with Server(Path(site)) as base, tempfile.TemporaryDirectory(prefix="handbook-lighthouse-") as tmp:
        for round_ in range(runs):
            for name, path in pages.items():
                log(f"  lighthouse {round_ + 1}/{runs}: {name} ({path or '/'})…")
                r = run_one(base + path, Path(tmp))
                every[name].append(r)
                log("    " + ", ".join(f"{c} {s:.2f}" for c, s in r["scores"].items())
                    + f", {r['bytes'] / 1024:.0f} KiB, TBT {r['tbt_ms']:.0f} ms")
    results = {}
    for name, path in pages.items():
        ranked = sorted(every[name], key=lambda r: r["scores"].get("performance", 0.0))
        results[name] = {"path": path, **ranked[len(ranked) // 2],
                         "performance_runs": [r["scores"].get("performance") for r in every[name]]}
    version = next(iter(results.values()))["lighthouse"] if results else None
    return {"version": version, "form_factor": "mobile", "throttling": "simulated", "runs": runs, "pages": results}


def targets(lh: dict) -> list[dict]:
    """Each Lighthouse target, met or not, in the form bench.report.table prints."""
    from . import report

    out = []
    for category, limit in TARGETS.items():
        worst_name, worst = min(((n, r["scores"].get(category, 0.0)) for n, r in lh["pages"].items()),
                                key=lambda x: x[1])
        out.append({"name": f"Lighthouse {category}, worst page ({worst_name})", "value": worst,
                    "target": f"≥ {limit:.2f}", "limit": limit, "met": worst >= limit, "unit": "score"})
    proc = lh["pages"].get("procedure")
    if proc:
        out.append(report.target("Procedure page transferred (Lighthouse)", proc["bytes"] / 1024, "≤ 150 KiB",
                                 PROCEDURE_BYTES_LIMIT / 1024, unit="KiB"))
        out.append(report.target("Procedure page total blocking time", proc["tbt_ms"], "≤ 200 ms",
                                 PROCEDURE_TBT_LIMIT_MS, unit="ms"))
    return out


def section(raw: dict) -> list[str]:
    """BENCHMARKS.md's Lighthouse section (empty when the bench has not run Lighthouse)."""
    lh = raw.get("lighthouse")
    if not lh:
        return []
    m = lh.get("machine") or raw.get("machine", {})
    first = next(iter(lh["pages"].values()), {})
    out = ["## Lighthouse", "",
           f"Lighthouse {lh['version']}, {lh['form_factor']}, {lh['throttling']} throttling (its defaults: a "
           f"Moto G Power-class phone on a slow 4G connection), {lh.get('runs', 1)} run(s) per page in rounds, the run with the "
           "median performance score shown (every run's score in the last column), against the site served by "
           "generator/serve.py on 127.0.0.1 (brotli for assets, pages compressed on the fly). "
           f"Measured {lh.get('date', raw.get('date'))} on {m.get('nproc')} CPUs ({m.get('cpu')}), shared with other "
           f"work; Chromium `{CHROMIUM}` (benchmark index {first.get('benchmark_index')}). Pages are picked by "
           "walking the built site (bench/lighthouse.py): the heaviest procedure and embed pages.", "",
           "| page | path | performance | accessibility | best practices | SEO | transferred | TBT | LCP | every run |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in lh["pages"].items():
        sc = r["scores"]
        out.append(f"| {name} | `{r['path'] or '/'}` | " + " | ".join(f"{sc.get(c, 0):.2f}" for c in CATEGORIES)
                   + f" | {r['bytes'] / 1024:.0f} KiB | {r['tbt_ms']:.0f} ms | {r['lcp_ms'] / 1000:.1f} s | "
                   + ", ".join(f"{x:.2f}" for x in r.get("performance_runs") or [sc.get("performance", 0)]) + " |")
    failing = {name: r["failing"] for name, r in lh["pages"].items() if r.get("failing")}
    if failing:
        out += ["", "Audits scoring under 0.9 that count towards a score:", ""]
        out += [f"* {name}: " + ", ".join(f"`{a}`" for a in audits) for name, audits in failing.items()]
    return out + [""]

"""make bench: how fast the handbook and its navigator are, against the targets of the performance issue.

    python -m bench [--runs 5] [--sizes 5,100,300] [--build-runs 3,2,1] [--skip-builds] [--skip-lighthouse]
    python -m bench lighthouse [--site DIR]   # Lighthouse alone, into the last results (bench/lighthouse.py)
    python -m bench --weight-only [--sizes 5,100,300]   # (j) alone, into the last results (bench/weight.py)

In one run: builds the site into a temporary folder, serves it on 127.0.0.1 (generator.serve on a
free port), and in headless Chromium, with a fresh context and no cache each time, measures

  (a) a plain handbook page (a procedure page) to its load event;
  (b) the navigator's first question visible (its first form control on screen);
  (c) stock Pyodide ready: a bare page, the pinned npm Pyodide with its own python_stdlib.zip,
      one line of Python;
  (d) our navigator ready: <html data-navigator="ready">, the core having answered once;
  (e) bytes sent for the navigator's first visit and for handbook pages (raw, gzip, brotli), and
      that pages without the navigator fetch nothing of Pyodide;
  (f) each next_step answer's time inside Pyodide in the browser, over every path of the flow;
  (g) build times for 5, 100 and 300 procedures (the copies two to a synthetic area, navigator
      included), ours and a plain MkDocs build, with static navigator pages and site size per procedure.
  (h) the change history step (generator/history.py) on synthetic git histories of 100 and 500
      commits, to show it is linear (bench/history.py; alone: --history-only, make bench-history).
  (i) Lighthouse (mobile, simulated throttling) over each page type (bench/lighthouse.py).
  (j) page weight at 5, 100 and 300 procedures: a procedure page, the navigator's first question and
      an outcome (bytes as served), the search index and the time to the first search result, and
      the navigator's first and repeat visit against stock Pyodide's (bench/weight.py; alone: --weight-only).

(a) to (d) are medians of --runs runs, taken in rounds (a, b, c, d, a, b, ...) so a slow spell of
this shared machine falls on all of them alike. Writes bench/results.json and BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from . import builds, history, lighthouse, pages, report, weight
from .stats import median, percentile

ROOT = Path(__file__).resolve().parent.parent
PROCEDURE_PAGE = "procedures/bexley-cp-lac-escalation-2018/"
OTHER_PAGES = ["", "procedures/", PROCEDURE_PAGE, "procedures/warwickshire-practitioner-escalation-protocol-2020/",
               "glossary/", "compare/", "situations/", "about/", "about/working-days/"]
READY = "html[data-navigator=ready], html[data-navigator=failed]"
TODAY = "2027-01-15"
ANSWER_ROUNDS = 3


def log(message: str) -> None:
    print(message, flush=True)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    os_name = "unknown"
    if Path("/etc/os-release").is_file():
        fields = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        os_name = fields.get("PRETTY_NAME", "unknown").strip('"')
    kernel = subprocess.run(["uname", "-r"], capture_output=True, text=True).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("node") else None
    return {"nproc": int(nproc or 0), "memory_gib": round(mem / 1024 / 1024, 1), "cpu": cpu, "os": f"{os_name} (Linux {kernel})",
            "python": sys.version.split()[0], "node": node}


def flow_calls() -> list[dict]:
    """next_step arguments for every path of the flow, answered in full (a date where one is asked)."""
    from generator.loader import load_bundle
    from navigator.flow import answers_for, enumerate_paths

    flow = load_bundle(ROOT).to_json()["flow"]
    return [{"answers": answers_for(flow, path, "2026-12-18"), "today": TODAY} for path in enumerate_paths(flow)]


def browser_measures(site: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from .browser import Browser, RecordingServer, transferred

    navigator_page = "navigator/start/" if (site / "navigator" / "start" / "index.html").is_file() else "navigator/"
    out: dict = {"navigator_page": navigator_page, "procedure_page": PROCEDURE_PAGE,
                 "plain_load_ms": [], "first_question_ms": [], "stock_ready_ms": [], "navigator_ready_ms": []}
    with RecordingServer(site) as server, sync_playwright() as playwright:
        browser = Browser(playwright, server)
        out["chromium"] = browser.version
        try:
            for run in range(runs):
                data, sent = browser.visit(PROCEDURE_PAGE, "load")
                out["plain_load_ms"].append(data["load"])
                if run == 0:
                    out["plain_bytes"] = transferred(site, sent)
                data, sent = browser.visit(navigator_page, READY)
                if data["navigator"] != "ready":
                    raise RuntimeError(f"the navigator did not start on {navigator_page}: {data}")
                out["first_question_ms"].append(data["probe"]["control"])
                out["navigator_ready_ms"].append(data["probe"]["navigator"])
                if run == 0:
                    out["navigator_bytes"] = transferred(site, sent)
                data, sent = browser.visit("bench/stock.html", "html[data-bench]", probe=False)
                if not data["bench"] or "ready" not in data["bench"]:
                    raise RuntimeError(f"stock Pyodide did not start: {data}")
                out["stock_ready_ms"].append(data["bench"]["ready"])
                if run == 0:
                    out["stock_bytes"] = transferred(site, sent)
                log(f"  run {run + 1}/{runs}: page {out['plain_load_ms'][-1]:.0f} ms, first question "
                    f"{out['first_question_ms'][-1]:.0f} ms, stock Pyodide {out['stock_ready_ms'][-1]:.0f} ms, "
                    f"navigator {out['navigator_ready_ms'][-1]:.0f} ms")
            out["other_pages"] = {}
            for path in OTHER_PAGES:
                data, sent = browser.visit(path, "load", probe=False)
                t = transferred(site, sent)
                out["other_pages"][path or "/"] = {k: t[k] for k in ("files", "raw", "gzip", "brotli")} | {"pyodide_raw": t["pyodide"]["raw"]}
            data, _ = browser.visit("bench/answers.html", "html[data-bench=done], html[data-bench=failed]", probe=False)
            if not data["bench"] or "times" not in data["bench"]:
                raise RuntimeError(f"the per-answer page failed: {data['bench']}")
            out["answers"] = data["bench"]
        finally:
            browser.close()
    return out


def summarise(raw: dict) -> dict:
    """Medians, percentiles, ratios and each target met or not."""
    b = raw["browser"]
    s: dict = {k: median(b[k]) for k in ("plain_load_ms", "first_question_ms", "stock_ready_ms", "navigator_ready_ms")}
    times = [t["ms"] for t in b["answers"]["times"]]
    first = [t["ms"] for t in b["answers"]["times"] if t["round"] == 0]
    s["answers"] = {"calls": len(first), "rounds": ANSWER_ROUNDS, "samples": len(times),
                    "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "max_ms": max(times),
                    "first_round_p95_ms": percentile(first, 95)}
    s["navigator_bytes"] = {k: b["navigator_bytes"][k] for k in ("files", "raw", "gzip", "brotli")}
    s["stock_bytes"] = {k: b["stock_bytes"][k] for k in ("files", "raw", "gzip", "brotli")}
    s["plain_bytes"] = {k: b["plain_bytes"][k] for k in ("files", "raw", "gzip", "brotli")}
    s["pyodide_on_other_pages"] = sum(p["pyodide_raw"] for p in b["other_pages"].values())
    s["builds"] = []
    for size in raw.get("builds", []):
        ours, plain = median(size["ours"]), median(size["plain"])
        handbook = {}
        for name in {n for b in size["breakdown"] for n in b["handbook"]}:
            handbook[name] = median([b["handbook"].get(name, 0.0) for b in size["breakdown"]])
        s["builds"].append({"procedures": size["procedures"], "pages": size["pages"], "runs": len(size["ours"]),
                            "ours_s": ours, "plain_s": plain, "per_100_s": ours * 100 / size["procedures"],
                            "vs_plain": ours / plain, "handbook_s": handbook,
                            "mkdocs_build_s": median([b["build_s"] for b in size["breakdown"]]),
                            "areas": size.get("areas"),
                            "navigator_pages_per_procedure": size.get("navigator_pages", 0) / size["procedures"],
                            "site_mb_per_procedure": size.get("site_bytes", 0) / 1e6 / size["procedures"]})
    by_n = {x["procedures"]: x for x in s["builds"]}
    targets = [
        report.target("Navigator ready vs stock Pyodide ready", s["navigator_ready_ms"] / s["stock_ready_ms"], "≤ 0.5×", 0.5),
        report.target("First navigator question visible vs a plain page's load", s["first_question_ms"] / s["plain_load_ms"], "≤ 1.1×", 1.1),
        report.target("Navigator first visit, brotli", s["navigator_bytes"]["brotli"] / 1e6, "≤ 4.5 MB", 4.5, unit="MB"),
        report.target("Pyodide bytes on pages without the navigator", s["pyodide_on_other_pages"], "0 bytes", 0, unit="bytes"),
        report.target("Per-answer Python time, p95", s["answers"]["p95_ms"], "≤ 10 ms", 10, unit="ms"),
    ]
    for n in sorted(by_n):
        if n >= 100:
            targets.append(report.target(f"Build, seconds per 100 procedures at {n}", by_n[n]["per_100_s"], "≤ 1 s", 1.0, unit="s"))
    for n in sorted(by_n):
        if 2 * n in by_n:
            targets.append(report.target(f"Build time, {2 * n} vs {n} procedures", by_n[2 * n]["ours_s"] / by_n[n]["ours_s"], "≤ 2.2×", 2.2))
    for n in sorted(by_n):
        targets.append(report.target(f"Build vs plain MkDocs at {n} procedures", by_n[n]["vs_plain"], "≤ 1.3×", 1.3))
    # National scale (the navigator-from-data issue): 300 procedures across 150 areas, navigator included.
    if 300 in by_n:
        targets.append(report.target("Build of 300 procedures (150 areas), navigator included", by_n[300]["ours_s"], "≤ 90 s", 90, unit="s"))
        if 100 in by_n:
            targets.append(report.target("Build time, 300 vs 100 procedures", by_n[300]["ours_s"] / by_n[100]["ours_s"], "≤ 3.2×", 3.2))
    for n in sorted(by_n):
        targets.append(report.target(f"Static navigator pages per procedure at {n}", by_n[n]["navigator_pages_per_procedure"],
                                     "≤ 40", 40, unit="pages"))
    targets += history.targets(raw.get("history") or {}, report.target)
    targets += weight.targets(raw.get("weight") or {}, report.target)
    if raw.get("lighthouse"):
        targets += lighthouse.targets(raw["lighthouse"])
    s["targets"] = targets
    return s


def lighthouse_main(argv) -> int:
    """Lighthouse alone: build the site (or take --site), run it, and rewrite the last results with it."""
    parser = argparse.ArgumentParser(prog="python -m bench lighthouse", description=lighthouse.__doc__.split("\n")[0])   # its first line
    parser.add_argument("--site", help="a built site to measure (default: build one into a temporary folder)")
    parser.add_argument("--out", default=str(ROOT), help="where results.json (in bench/) and BENCHMARKS.md are")
    args = parser.parse_args(argv)
    out_dir = Path(args.out)
    results = out_dir / "bench" / "results.json"
    if not results.is_file():
        log("No bench/results.json yet: run `make bench` once first.")
        return 1
    raw = json.loads(results.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site:
            log("Building the site…")
            builds.timed_build(ROOT / "mkdocs.yml", site)
        log("Lighthouse…")
        raw["lighthouse"] = run_lighthouse(site)
    return write(raw, out_dir)


def run_lighthouse(site: Path) -> dict:
    result = lighthouse.measure(site, log)
    result["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    result["machine"] = machine()
    return result


def write(raw: dict, out_dir: Path, targets=None) -> int:
    """Summarise raw, write bench/results.json and BENCHMARKS.md, and log the targets (by default the
    summary's; a partial run passes its own)."""
    raw["summary"] = summarise(raw)
    (out_dir / "bench").mkdir(parents=True, exist_ok=True)
    (out_dir / "bench" / "results.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    (out_dir / "BENCHMARKS.md").write_text(report.markdown(raw), encoding="utf-8")
    log(report.table(raw["summary"]["targets"] if targets is None else targets))
    return 0


def builds_only(args) -> int:
    """Measure the build sizes alone and put them into the last full results (as history_only does)."""
    out_dir = Path(args.out)
    results = out_dir / "bench" / "results.json"
    raw = json.loads(results.read_text(encoding="utf-8"))
    sizes = [int(x) for x in args.sizes.split(",")]
    runs = [int(x) for x in args.build_runs.split(",")]
    raw.pop("build_errors", None)
    raw["builds"] = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        for i, n in enumerate(sizes):
            log(f"Builds with {n} procedures…")
            try:
                raw["builds"].append(builds.measure_size(n, runs[min(i, len(runs) - 1)], Path(tmp), log))
            except RuntimeError as exc:
                log(f"  {n} procedures: {exc}")
                raw.setdefault("build_errors", []).append({"procedures": n, "error": str(exc)[-2000:]})
    raw["builds_measured"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return write(raw, out_dir)


def weight_only(args) -> int:
    """(j) alone: measured now, merged into the last full run's results (which keep their own date)."""
    out_dir = Path(args.out)
    results = out_dir / "bench" / "results.json"
    raw = json.loads(results.read_text(encoding="utf-8"))
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        measured = weight.measure(sizes, Path(tmp), args.weight_runs, args.start_runs, log)
    measured["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    measured["machine"] = machine()
    raw["weight"] = measured
    return write(raw, out_dir, weight.targets(measured, report.target))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["lighthouse"]:
        return lighthouse_main(argv[1:])
    parser = argparse.ArgumentParser(description="Measure the handbook against its performance targets.")
    parser.add_argument("--runs", type=int, default=7, help="browser runs for each of (a) to (d); at least 5")
    parser.add_argument("--sizes", default="5,100,300", help="procedure counts to build (copies: 2 per synthetic area)")
    parser.add_argument("--build-runs", default="3,2,1", help="runs per size (the last repeats for more sizes)")
    parser.add_argument("--skip-builds", action="store_true", help="browser measures only")
    parser.add_argument("--skip-lighthouse", action="store_true", help="no Lighthouse runs")
    parser.add_argument("--out", default=str(ROOT), help="where results.json (in bench/) and BENCHMARKS.md go")
    parser.add_argument("--history-sizes", default="100,500", help="commits in the synthetic histories for (h)")
    parser.add_argument("--history-runs", type=int, default=3, help="runs of the history step per size")
    parser.add_argument("--history-only", action="store_true",
                        help="measure (h) only, and put it into the existing bench/results.json and BENCHMARKS.md")
    parser.add_argument("--weight-only", action="store_true",
                        help="measure (j) only, and put it into the existing bench/results.json and BENCHMARKS.md")
    parser.add_argument("--weight-runs", type=int, default=3, help="search runs per size for (j)")
    parser.add_argument("--start-runs", type=int, default=5, help="rounds of the navigator's first and repeat visit in (j)")
    parser.add_argument("--builds-only", action="store_true",
                        help="measure (g) only, and put it into the existing bench/results.json and BENCHMARKS.md")
    args = parser.parse_args(argv)
    if args.history_only:
        return history_only(args)
    if args.builds_only:
        return builds_only(args)
    if args.weight_only:
        return weight_only(args)
    if args.runs < 5:
        parser.error("--runs must be at least 5: the report gives medians of at least five runs")
    started = time.perf_counter()
    out_dir = Path(args.out)
    raw: dict = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine()}
    pyodide_version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    raw["pyodide"] = pyodide_version
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        log("Building the site…")
        raw["site_build_s"] = builds.timed_build(ROOT / "mkdocs.yml", site)[0]
        calls = flow_calls()
        pages.write(site, pyodide_version, calls, ANSWER_ROUNDS)
        trimmed = site / "assets" / "pyodide" / pyodide_version / "python_stdlib.trimmed.zip"
        raw["trimmed_stdlib"] = {"shipped": trimmed.is_file(), "raw": trimmed.stat().st_size if trimmed.is_file() else None}
        log(f"Browser: {args.runs} runs each of the plain page, the navigator and stock Pyodide…")
        raw["browser"] = browser_measures(site, args.runs)
        if not args.skip_lighthouse:
            log("Lighthouse over each page type…")
            raw["lighthouse"] = run_lighthouse(site)
        if not args.skip_builds:
            sizes = [int(x) for x in args.sizes.split(",")]
            runs = [int(x) for x in args.build_runs.split(",")]
            raw["builds"] = []
            for i, n in enumerate(sizes):
                log(f"Builds with {n} procedures…")
                try:
                    raw["builds"].append(builds.measure_size(n, runs[min(i, len(runs) - 1)], tmp, log))
                except RuntimeError as exc:   # report the sizes that did build, and why this one did not
                    log(f"  {n} procedures: {exc}")
                    raw.setdefault("build_errors", []).append({"procedures": n, "error": str(exc)[-2000:]})
            log("Trimmed standard library from an empty cache…")
            raw["cold_runtime_s"] = builds.cold_runtime()
    log("Change history on synthetic git histories…")
    raw["history"] = measure_history(args)
    raw["summary"] = summarise(raw)
    raw["bench_s"] = time.perf_counter() - started
    (out_dir / "bench").mkdir(parents=True, exist_ok=True)
    (out_dir / "bench" / "results.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    (out_dir / "BENCHMARKS.md").write_text(report.markdown(raw), encoding="utf-8")
    log(report.table(raw["summary"]["targets"]))
    log(f"Wrote bench/results.json and BENCHMARKS.md in {raw['bench_s'] / 60:.1f} min.")
    return 0


def measure_history(args) -> dict:
    sizes = [int(x) for x in args.history_sizes.split(",")]
    out = history.measure(sizes, args.history_runs, log)
    out["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    out["machine"] = machine()
    return out


def history_only(args) -> int:
    """(h) alone: measured now, merged into the last full run's results (which keep their own date)."""
    out_dir = Path(args.out)
    results = out_dir / "bench" / "results.json"
    if not results.is_file():
        log("bench/results.json is missing: run `make bench` once first; (h) alone follows:")
        raw = None
    else:
        raw = json.loads(results.read_text(encoding="utf-8"))
    log("Change history on synthetic git histories…")
    measured = measure_history(args)
    if raw is None:
        log(report.table(history.targets(measured, report.target)))
        return 0
    raw["history"] = measured
    raw["summary"] = summarise(raw)
    results.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    (out_dir / "BENCHMARKS.md").write_text(report.markdown(raw), encoding="utf-8")
    log(report.table(history.targets(measured, report.target)))
    log("Wrote the history figures into bench/results.json and BENCHMARKS.md.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

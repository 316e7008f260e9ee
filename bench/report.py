"""BENCHMARKS.md from the bench's results: the measurements, the targets, and what each one means."""
from __future__ import annotations

WHY_NOT_MET = {
    # Keyed by the start of a target's name; shown under the table when that target is missed.
    "Navigator ready": (
        "What is left is mostly what stock Pyodide also does: compiling and starting the 9.6 MB WebAssembly "
        "runtime and its 1.25 MB of JavaScript, and initialising the interpreter. The navigator page is a "
        "full handbook page; its worker starts from an async script in the head (navigator/web/start.js) "
        "once the page's first frame is painted, where the bare stock page has nothing else to load."),
    "Navigator ready, first visit": (
        "bench --weight-only times it in the same run as stock Pyodide, five rounds; on this shared machine "
        "the ratio moved with the load: 0.43 in a run half an hour earlier, 0.56 in the one recorded here, at load average 12 to 17 "
        "(stock itself took 8.8 s then 14.5 s). The repeat visit (HTTP cache warm) was 0.42 to 0.62 of stock's."),
    "Build, seconds per 100": (
        "MkDocs itself is most of it: the `rest of the build` column below (Markdown, the theme, the search "
        "index) grows by about 6 s per 100 procedures on this machine, because each procedure is two large "
        "pages (its page and its embed copy) at about 30 ms a page; the plain build pays the same. The "
        "handbook's own steps add about 4.5 s per 100 (reading and validating the files, glossary links, "
        "rendering, the policy scan). A second of build per 100 procedures is not reachable here while "
        "MkDocs renders every page through Markdown; see the end of this file for what would come next."),
    "Build vs plain": (
        "A plain MkDocs build only renders the Markdown. Ours also loads and validates every YAML file "
        "(`on_config`), renders the pages and the navigator's ~700 static pages (`on_files`), links glossary "
        "terms on every page (`on_page_content`), scans every built page for inline code to hash into the "
        "Content-Security-Policy and writes the compressed copies (`on_post_build`); see the table below."),
    "Lighthouse performance": (
        "On this shared two-core machine the pages that fall under 0.95 have been the longest procedure "
        "page and its embedded copy, under load (median of three runs 0.92 and 0.90 at load average 3 to 7, "
        "0.98 and 0.96 at about 1; one run gave 0.46 with 6.8 s of blocking time). What they have in common "
        "is main-thread work, not bytes (95 KiB): "
        "Material's bundle starting and Style & Layout over about 1,500 elements, which Lighthouse's "
        "simulated throttling multiplies by four. The navigator pages went from 0.70 to 0.97-0.99 once "
        "the runtime stopped being preloaded with the HTML. Next to try: `content-visibility: auto` on "
        "the pathways below the fold."),
    "Procedure page total blocking time": (
        "Two runs of the same page gave 191 ms and 1,444 ms: nearly all of it is Material's bundle starting "
        "(one task of about 1 s simulated), measured while the machine's load average was near 10."),
    "Build time,": (
        "A build step grows faster than the number of procedures; the breakdown below shows which."),
}


def target(name: str, value: float, wanted: str, limit: float, unit: str = "×") -> dict:
    return {"name": name, "value": value, "target": wanted, "limit": limit, "unit": unit,
            "met": value <= limit}


def _value(t: dict) -> str:
    v, unit = t["value"], t["unit"]
    if unit == "×":
        return f"{v:.2f}×"
    if unit == "bytes":
        return f"{v:,.0f} bytes"
    if unit == "MB":
        return f"{v:.2f} MB"
    if unit == "score":
        return f"{v:.2f}"
    if unit in ("KiB", "ms"):
        return f"{v:.0f} {unit}"
    return f"{v:.2f} {unit}"


def table(targets: list[dict]) -> str:
    lines = ["| target | measured | wanted | met |", "|---|---:|---|:---:|"]
    for t in targets:
        lines.append(f"| {t['name']} | {_value(t)} | {t['target']} | {'yes' if t['met'] else '**no**'} |")
    return "\n".join(lines)


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def markdown(raw: dict) -> str:
    s, b, m = raw["summary"], raw["browser"], raw["machine"]
    runs = len(b["plain_load_ms"])
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`, see bench/__main__.py); the raw numbers are in "
        "bench/results.json. Run it again to refresh this file; compare runs on the same machine only: "
        "this one is shared, and its timings vary from run to run.",
        "",
        f"Measured {raw['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB memory, {m['os']}; "
        f"headless Chromium {b['chromium']}, Pyodide {raw['pyodide']} (Python 3.14 in WebAssembly), "
        f"host Python {m['python']}, node {m['node']}. The site is served by generator/serve.py on 127.0.0.1 "
        "as `make serve` serves it (the build's brotli and gzip copies of assets, pages compressed on the fly; "
        "the byte counts below are computed from the files: gzip -9, brotli 11), each browser run in a fresh "
        "context with the cache off.",
        "",
        "## Targets",
        "",
        table(s["targets"]),
        "",
    ]
    missed = [t for t in s["targets"] if not t["met"]]
    notes = []
    for key, why in WHY_NOT_MET.items():
        if any(t["name"].startswith(key) for t in missed):
            notes.append(f"* **{key.rstrip(',')}**: {why}")
    if notes:
        out += ["Why the missed targets are missed:", "", *notes, ""]
    from .lighthouse import section
    out += section(raw)
    out += [
        "## Start-up in the browser",
        "",
        f"Medians of {runs} runs, milliseconds from the start of the navigation.",
        "",
        "| measure | median | runs |",
        "|---|---:|---|",
        f"| (a) a procedure page (`{b['procedure_page']}`) to its load event | {s['plain_load_ms']:.0f} | {_runs(b['plain_load_ms'])} |",
        f"| (b) the navigator's first question visible (`{b['navigator_page']}`) | {s['first_question_ms']:.0f} | {_runs(b['first_question_ms'])} |",
        f"| (c) stock Pyodide ready (bare page, stock python_stdlib.zip, one line of Python) | {s['stock_ready_ms']:.0f} | {_runs(b['stock_ready_ms'])} |",
        f"| (d) our navigator ready (`data-navigator=\"ready\"`, first answer computed) | {s['navigator_ready_ms']:.0f} | {_runs(b['navigator_ready_ms'])} |",
        "",
        f"(d) / (c) = {s['navigator_ready_ms'] / s['stock_ready_ms']:.2f}; "
        f"(b) / (a) = {s['first_question_ms'] / s['plain_load_ms']:.2f}.",
        "",
        "## Bytes",
        "",
        "| visit | files | uncompressed | gzip | brotli |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in (("navigator, first visit", "navigator_bytes"), ("stock Pyodide page", "stock_bytes"),
                       ("procedure page", "plain_bytes")):
        x = s[key]
        out.append(f"| {label} | {x['files']} | {_mb(x['raw'])} | {_mb(x['gzip'])} | {_mb(x['brotli'])} |")
    out += ["", "Largest files of the navigator's first visit:", "", "| file | uncompressed | gzip | brotli |", "|---|---:|---:|---:|"]
    for item in b["navigator_bytes"]["items"][:8]:
        out.append(f"| {item['path']} | {_mb(item['raw'])} | {_mb(item['gzip'])} | {_mb(item['brotli'])} |")
    out += ["", "Pages without the navigator (bytes of Pyodide must be 0):", "",
            "| page | files | uncompressed | brotli | Pyodide |", "|---|---:|---:|---:|---:|"]
    for page, x in b["other_pages"].items():
        out.append(f"| `{page}` | {x['files']} | {_mb(x['raw'])} | {_mb(x['brotli'])} | {x['pyodide_raw']} |")
    ts = raw.get("trimmed_stdlib") or {}
    if ts.get("raw"):
        out += ["", f"The trimmed standard library is {_mb(ts['raw'])} as served (bytecode, stored uncompressed "
                "in the zip so that the server's compression can work across files), against 2.55 MB for the "
                "stock python_stdlib.zip (source, deflated)."]
    a = s["answers"]
    out += [
        "",
        "## Answers",
        "",
        f"Each `next_step` call over every path of the question flow ({a['calls']} paths, answered in full), "
        f"{a['rounds']} rounds, timed with performance.now() inside the page around the call into Python "
        f"(navigator/web/boot.js's engine.call: JSON in, Python, JSON out): p50 {a['p50_ms']:.2f} ms, "
        f"p95 {a['p95_ms']:.2f} ms, max {a['max_ms']:.2f} ms; the first round alone (nothing warm yet) "
        f"p95 {a['first_round_p95_ms']:.2f} ms. The browser rounds performance.now() (to 0.1 ms here).",
    ]
    if s["builds"]:
        out += [
            "",
            "## Build times",
            "",
            "`mkdocs build --strict` with our plugin, against a plain `mkdocs build` of the same Markdown pages "
            "(every page our plugin generates, dumped to a folder) with the same theme and navigation and "
            "no handbook plugin. Synthetic procedures are copies of the real ones with new ids, two to a "
            "synthetic area, each reachable in the navigator like any real one (bench/synthetic.py). The trimmed standard library comes from the cache (.build/stdlib/), as "
            "in any build after the first."
            + (f" These builds were measured {raw['builds_measured']} (`python -m bench --builds-only`), on the "
               "same machine as the rest of this file." if raw.get("builds_measured") else ""),
            "",
            "| procedures | areas | pages | runs | ours (median) | plain MkDocs | ours / plain | seconds per 100 procedures | navigator pages per procedure | site MB per procedure |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for x in s["builds"]:
            per_100 = f"{x['per_100_s']:.2f} s" if x["procedures"] >= 100 else "–"
            out.append(f"| {x['procedures']} | {x.get('areas') or '–'} | {x['pages']} | {x['runs']} | {x['ours_s']:.1f} s | "
                       f"{x['plain_s']:.1f} s | {x['vs_plain']:.2f} | {per_100} | "
                       f"{x.get('navigator_pages_per_procedure', 0):.1f} | {x.get('site_mb_per_procedure', 0):.2f} |")
        for failed in raw.get("build_errors", []):
            out += ["", f"The build with {failed['procedures']} procedures failed: "
                    f"`{failed['error'].strip().splitlines()[-1][:300]}`"]
        names = sorted({n for x in s["builds"] for n in x.get("handbook_s", {})})
        if names:
            out += ["", "Where the time of our build goes (medians, seconds): the handbook plugin's event handlers "
                    "(bench/timed_build.py times each), the rest of MkDocs' build (Markdown, theme, search "
                    "index, copying), and the Python process starting and importing.", "",
                    "| procedures | " + " | ".join(f"`{n}`" for n in names) + " | rest of the build | start-up |",
                    "|---:|" + "---:|" * (len(names) + 2)]
            for x in s["builds"]:
                hb = x["handbook_s"]
                rest = x["mkdocs_build_s"] - sum(hb.values())
                out.append(f"| {x['procedures']} | " + " | ".join(f"{hb.get(n, 0):.1f}" for n in names)
                           + f" | {rest:.1f} | {x['ours_s'] - x['mkdocs_build_s']:.1f} |")
            out += ["", "`on_config` loads and validates procedures/ (generator/loader.py); `on_files` renders "
                    "the generated pages and adds the assets (the navigator's static pages among them); "
                    "`on_page_content` links glossary terms on every page; `on_post_build` hashes every "
                    "page's inline scripts into the Content-Security-Policy (generator/csp.py)."]
        if raw.get("cold_runtime_s"):
            out += ["", f"Building the trimmed standard library from an empty cache (node; two Pyodide boots, every "
                    f"call made twice) takes {raw['cold_runtime_s']:.1f} s, once per change to the rule core or Pyodide."]
    from .weight import section as weight_section
    out += weight_section(raw)
    if raw.get("history"):
        from .history import report as history_report
        out += history_report(raw["history"])
    out += ["", ANALYSIS]
    return "\n".join(out) + "\n"


def _runs(values) -> str:
    return ", ".join(f"{v:.0f}" for v in values)


ANALYSIS = """## What was done, and where the time still goes

**The navigator's start.** Stock Pyodide ships its standard library as source (python_stdlib.zip,
2.5 MB deflated) and compiles each module it imports, in WebAssembly, on every visit: about 125
modules before the first line of Python runs (asyncio, typing, inspect, ...; Pyodide's own
bootstrap needs them). The build now records the modules the navigator really loads, in Pyodide
under node, while making every call the navigator's API offers over every path of the question
flow (generator/runtime.py, generator/stdlib.mjs), compiles them with Pyodide's own Python and
ships them as sourceless bytecode, with the rule core's own bytecode beside them
(python_stdlib.trimmed-<key>.zip; the key is in the name because assets/pyodide/ is served as
immutable). navigator/web/boot.js passes it to loadPyodide as `stdLibURL`, copies the core's
bytecode into `__pycache__`, and fetches the core's files and the procedures while Pyodide starts
instead of after it. A second Pyodide, given only the trimmed zip, must answer every call exactly
as the stock one or the build stops; site_tests/perf/test_trimmed_stdlib.py checks every flow path
against CPython with only the shipped zip.

What is left of the navigator's start, measured on this machine with quiet neighbours: about
0.25 s of the handbook page loading before its module scripts start the worker; 0.1 s for the
manifest and pyodide.mjs; about 0.8 s inside loadPyodide (0.15 s compiling pyodide.asm.wasm,
0.05 s evaluating pyodide.asm.mjs, the rest starting the interpreter and running, no longer
compiling, the ~125 modules of Pyodide's bootstrap); and under 0.1 s for the core (import from
bytecode, parse procedures.json, the first answer). The same bare page with the trimmed zip is
ready in about 0.4 of the stock time; the page around the navigator makes up the difference.

**The build.** A profile of a 100-procedure build (cProfile, this machine) put about half of it in
reading YAML (PyYAML's pure-Python parser, each file parsed twice), then the JSON Schema check, the
Content-Security-Policy scan (html.parser over every built page) and glossary linking. Now: libyaml
parses (`yaml.CSafeLoader`: the same nodes and marks; a broken file is parsed again by the
pure-Python parser so its message keeps the same words), the anchor pass runs only on files holding
`&` or `*`, the schema's `$ref`s are written out once so validation follows none, glossary spellings
are looked up by their first word instead of one regular expression of every spelling at every
position (9 times faster, same output), and the policy scan is one regular-expression pass checked
against html.parser on every built page by the tests. Past 30 procedures the site's navigation no
longer lists each one (every page carried the whole list, so pages grew with the number of
procedures and the build grew faster than linearly). A 100-procedure build went from 55 s to 18 s.

What is left: MkDocs' own rendering (the `rest of the build`), about 30 ms a page here for pages
that are mostly HTML already. The next steps, not taken yet: give MkDocs the generated pages'
HTML directly instead of passing it through Markdown (the navigator's ~700 pages and the embed
copies, which repeat their procedure page), and keep each file's validation result by content
hash so an unchanged file is not checked again.
"""

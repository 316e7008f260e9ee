"""Bench-only pages written into the temporary site (never into the repository or the real build).

* bench/stock.html: the pinned npm Pyodide as it comes (stock python_stdlib.zip), on a bare page,
  running one line of Python: the baseline the navigator's start-up is compared with.
* bench/answers.html: boots the rule core exactly as the navigator does (navigator/web/boot.js,
  here on the main thread so the page can time it), then times every call it is given with
  performance.now(), inside the browser.

Both are module scripts of their own (the site's Content-Security-Policy allows no inline code),
and report through <html data-bench="..."> and window.__bench.
"""
from __future__ import annotations

import json
from pathlib import Path

STOCK_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stock Pyodide</title>
<script type="module" src="stock.js"></script></head><body><p>Stock Pyodide</p></body></html>
"""

STOCK_JS = """// Stock Pyodide: its own python_stdlib.zip, one line of Python.
const { loadPyodide } = await import("../assets/pyodide/%(version)s/pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: new URL("../assets/pyodide/%(version)s/", import.meta.url).href });
const answer = pyodide.runPython("sum(range(10))");
window.__bench = { ready: performance.now(), answer };
document.documentElement.dataset.bench = "ready";
"""

ANSWERS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Per-answer timing</title>
<script type="module" src="answers.js"></script></head><body><p>Timing answers</p></body></html>
"""

ANSWERS_JS = """// Boot the rule core as the navigator does, then time each next_step call inside the browser.
import { boot } from "../assets/navigator/boot.js";
try {
  const engine = await boot(new URL("../assets/", import.meta.url).href);
  const { calls, rounds } = await (await fetch("answers.json")).json();
  const times = [];
  const outcomes = [];
  for (let round = 0; round < rounds; round++) {
    for (const args of calls) {
      let start = performance.now();
      let reply = engine.core.call("next_step", args);
      if (reply.needs) {   // an area's part, fetched once and not timed: this times the Python alone
        await Promise.all(reply.needs.map(engine.load));
        start = performance.now();
        reply = engine.core.call("next_step", args);
      }
      times.push({ round, ms: performance.now() - start });
      if (round === 0) outcomes.push(reply.ok && reply.ok.outcome ? reply.ok.outcome.id : JSON.stringify(reply).slice(0, 200));
    }
  }
  window.__bench = { times, outcomes };
  document.documentElement.dataset.bench = "done";
} catch (error) {
  window.__bench = { error: String(error && error.stack || error) };
  document.documentElement.dataset.bench = "failed";
}
"""


def write(site: Path, pyodide_version: str, calls: list[dict], rounds: int) -> None:
    """Put the bench pages into the built site at site/bench/."""
    out = site / "bench"
    out.mkdir(exist_ok=True)
    (out / "stock.html").write_text(STOCK_HTML, encoding="utf-8")
    (out / "stock.js").write_text(STOCK_JS % {"version": pyodide_version}, encoding="utf-8")
    (out / "answers.html").write_text(ANSWERS_HTML, encoding="utf-8")
    (out / "answers.js").write_text(ANSWERS_JS, encoding="utf-8")
    (out / "answers.json").write_text(json.dumps({"calls": calls, "rounds": rounds}), encoding="utf-8")

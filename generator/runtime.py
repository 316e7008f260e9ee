"""The navigator's Python runtime for the browser: a trimmed, precompiled standard library.

Stock Pyodide downloads its whole standard library as source (python_stdlib.zip, 2.5 MB) and
compiles every module it imports at start-up, in WebAssembly, on every visit. The navigator needs
about a hundred of those modules. At build time this module:

* lists the calls the navigator's API can be asked (exercise_calls): the first question, every
  path of the question flow and every prefix of it, wrong answers at every question, open answers
  at their limits, stage deadlines for every pathway, and the malformed requests;
* runs generator/stdlib.mjs under node with the pinned Pyodide, which makes those calls the way
  navigator/web/boot.js does, records every standard-library module loaded on the way, compiles
  them with Pyodide's own Python and zips the bytecode (no source);
* checks that a Pyodide given only that zip answers every call exactly as the stock one did, and
  that every module the rule core imports anywhere (even inside a function) is in the zip or
  built into the runtime;
* keeps the zip in .build/stdlib/<key>/, the key being a hash of the Pyodide version, the rule
  core's files and these build scripts, so a second build reuses it in milliseconds.

Anything that goes wrong raises RuntimeBuildError with one line saying what to do: the site is
never built with a navigator that cannot start. site_tests/perf/test_trimmed_stdlib.py runs every
flow path in Pyodide with only the shipped zip and compares each answer with CPython's.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from navigator.flow import answers_for, enumerate_paths

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "stdlib.mjs"
CACHE = HERE.parent / ".build" / "stdlib"
TRIMMED_STEM = "python_stdlib.trimmed"
"""The zip is shipped as assets/pyodide/<version>/python_stdlib.trimmed-<key>.zip: the key is in the name
because the server marks everything under assets/pyodide/ immutable, and the zip changes with the core."""
NODE_TIMEOUT_SECONDS = 600
KEEP = 4   # cache entries kept: a few cores (branches, tests with an edited core) without growing forever
# Dates the calls use: `today` for the flow, and raised dates across Christmas, Easter and a leap day.
TODAY = "2027-01-15"
DATES = ("2026-12-18", "2027-03-24", "2024-02-29", "2026-11-23")


class RuntimeBuildError(RuntimeError):
    """The trimmed standard library could not be built or checked; the message is one line."""


# The calls.


def exercise_calls(bundle: dict, today: str = TODAY) -> list[list]:
    """Every kind of call the navigator makes, as [operation, args] pairs (args JSON-safe, or raw text).

    Covers each operation navigator.api offers: next_step over every flow path (each prefix too,
    so every question is reached), wrong answers at every question, both ends of number ranges,
    a date later than today, no `today` at all; stage_deadlines for every pathway of every
    procedure with a date, a date and time, an empty and an impossible date; and the malformed
    requests (bad JSON, an unknown operation, answers that are not a mapping).
    """
    calls: list[list] = []

    def step(answers: dict, when: str | None = today) -> None:
        calls.append(["next_step", {"answers": answers, "today": when}])

    flow = bundle.get("flow")
    if flow:
        questions = {q["id"]: q for q in flow["questions"]}
        step({})
        step({}, None)
        seen_prefixes = set()
        for path in enumerate_paths(flow):
            full = answers_for(flow, path, DATES[0])
            step(full)
            step(full, None)
            step(answers_for(flow, path, DATES[1]))
            keys = list(full)
            for i in range(len(keys)):
                prefix = {k: full[k] for k in keys[:i]}
                key = json.dumps(prefix, sort_keys=True)
                if key in seen_prefixes:
                    continue
                seen_prefixes.add(key)
                step(prefix)
                question = questions[keys[i]]
                for wrong in _wrong_answers(question):
                    step({**prefix, keys[i]: wrong})
                for edge in _edge_answers(question):
                    step({**full, keys[i]: edge})
    for procedure in bundle.get("procedures", []):
        for pathway in procedure.get("pathways", []):
            for raised in (*DATES, "2026-12-18T10:30", "", "2026-02-30", "18/12/2026"):
                calls.append(["stage_deadlines", {"procedure": procedure["id"], "pathway": pathway["id"], "raised": raised}])
    calls.append(["stage_deadlines", {"procedure": "no-such-procedure", "pathway": "x", "raised": DATES[0]}])
    calls.append(["next_step", {"answers": ["not", "a", "mapping"]}])
    calls.append(["next_step", "{not json"])
    calls.append(["no_such_operation", {}])
    return calls


def _wrong_answers(question: dict) -> list[str]:
    kind = question.get("type")
    if kind in ("choice", "yes-no"):
        return ["no-such-option"]
    if kind == "date":
        return ["2026-02-30", "not a date", "2099-01-01"]
    if kind == "number":
        low, high = question.get("min"), question.get("max")
        return ["many", "1.5"] + ([str(low - 1)] if low is not None else []) + ([str(high + 1)] if high is not None else [])
    return []


def _edge_answers(question: dict) -> list[str]:
    if question.get("type") != "number":
        return []
    return [str(n) for n in (question.get("min"), question.get("max")) if n is not None]


# Building, checking and caching the zip.


def core_files(root: Path) -> list[Path]:
    """The rule core's files as the site ships them to the browser (as generator.plugin selects them)."""
    core = root / "navigator"
    return sorted(p for p in core.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                  and "__pycache__" not in p.parts and "web" not in p.relative_to(core).parts)


def cache_key(root: Path, pyodide_dir: Path) -> str:
    """Hash of what decides the zip: the Pyodide release, the rule core's files and these scripts."""
    digest = hashlib.sha256()
    package = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))
    digest.update(f"pyodide {package['version']} {(pyodide_dir / 'python_stdlib.zip').stat().st_size}\0".encode())
    for path in [*core_files(root), root / "navigator" / "web" / "boot.js", SCRIPT, Path(__file__)]:
        name = path.relative_to(root / "navigator").as_posix() if path.is_relative_to(root / "navigator") else path.name
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def trimmed_stdlib(root: Path, pyodide_dir: Path, bundle_text, cache_dir: Path | None = None,
                   node: str | None = None) -> Path:
    """The trimmed standard library zip for this Pyodide and rule core, built or taken from the cache.

    `bundle_text` is the procedures.json text, or a function returning it (called only to build).
    The cache is this repository's .build/stdlib/ whatever `root` is: the key covers root's files.
    """
    root, pyodide_dir = Path(root), Path(pyodide_dir)
    cache_dir = Path(cache_dir) if cache_dir else CACHE
    key = cache_key(root, pyodide_dir)
    entry = cache_dir / key
    zip_path = entry / f"{TRIMMED_STEM}-{key}.zip"
    if (entry / "report.json").is_file() and zip_path.is_file() and zipfile.is_zipfile(zip_path):
        return zip_path
    partial = entry / f"{zip_path.name}.{os.getpid()}.partial"   # two builds at once never share a file
    try:
        report = build(root, pyodide_dir, bundle_text() if callable(bundle_text) else bundle_text, partial, node)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(zip_path)
    summary = {"python": report["python"], "calls": len(report["stock"]), "modules": report["modules"]}
    (entry / f"report.{os.getpid()}.partial").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    (entry / f"report.{os.getpid()}.partial").replace(entry / "report.json")
    _prune(cache_dir, keep=KEEP)
    return zip_path


def _prune(cache_dir: Path, keep: int) -> None:
    """Remove all but the `keep` newest cache entries (other cores, other Pyodide versions)."""
    entries = sorted((p for p in cache_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def build(root: Path, pyodide_dir: Path, bundle_text: str, out: Path, node: str | None = None) -> dict:
    """Run stdlib.mjs into `out` and check what it made; returns its report. Raises RuntimeBuildError."""
    node = node or shutil.which("node")
    if not node:
        raise RuntimeBuildError("node is not installed, and the navigator's trimmed Python standard library is "
                                "built with it: install node 20 (see README), or set `trimmed_stdlib: false` "
                                "for the handbook plugin in mkdocs.yml")
    if not (pyodide_dir / "pyodide.mjs").is_file():
        raise RuntimeBuildError(f"Pyodide is missing from {pyodide_dir}; run `make setup` (npm ci)")
    try:
        bundle = json.loads(bundle_text)
    except ValueError as exc:
        raise RuntimeBuildError(f"the procedures bundle is not JSON ({exc}); nothing to check the runtime with") from None
    calls = exercise_calls(bundle)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handbook-stdlib-") as tmp:
        tmp = Path(tmp)
        core = tmp / "core"
        for path in core_files(root):
            dest = core / "navigator" / path.relative_to(root / "navigator")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(path.read_bytes())
        (tmp / "procedures.json").write_text(bundle_text, encoding="utf-8")
        (tmp / "calls.json").write_text(json.dumps(calls), encoding="utf-8")
        job = {"pyodide_dir": str(pyodide_dir.resolve()), "boot_js": str((root / "navigator" / "web" / "boot.js").resolve()),
               "core_dir": str(core), "bundle": str(tmp / "procedures.json"),
               "calls": str(tmp / "calls.json"), "out": str(out.resolve())}
        (tmp / "job.json").write_text(json.dumps(job), encoding="utf-8")
        try:
            done = subprocess.run([node, str(SCRIPT), str(tmp / "job.json")], capture_output=True, text=True,
                                  timeout=NODE_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise RuntimeBuildError(f"building the trimmed Python standard library took over {NODE_TIMEOUT_SECONDS} s "
                                    f"(node {SCRIPT.name}); nothing was shipped") from None
        except OSError as exc:
            raise RuntimeBuildError(f"could not run node to build the trimmed Python standard library: {exc}") from None
    if done.returncode != 0:
        last = next((line for line in reversed(done.stderr.strip().splitlines()) if line.strip()), "no message")
        raise RuntimeBuildError(f"building the trimmed Python standard library failed (node {SCRIPT.name}): {last.strip()}")
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise RuntimeBuildError(f"node {SCRIPT.name} printed no report; run it by hand to see why") from None
    check(report, calls, root)
    if not out.is_file() or not zipfile.is_zipfile(out):
        raise RuntimeBuildError(f"node {SCRIPT.name} did not write a zip at {out}")
    return report


def check(report: dict, calls: list, root: Path) -> None:
    """Every call answered alike with and without trimming; every import of the rule core available."""
    if len(report["stock"]) != len(calls) or len(report["trimmed"]) != len(calls):
        raise RuntimeBuildError("the trimmed-runtime check did not answer every call; nothing was shipped")
    for (operation, args), stock, trimmed in zip(calls, report["stock"], report["trimmed"]):
        if "exception" in stock:
            raise RuntimeBuildError(f"the rule core failed in Pyodide on {operation} {json.dumps(args)[:120]}: "
                                    f"{stock['exception'][:200]}")
        if stock != trimmed:
            why = trimmed.get("exception", "a different answer")
            raise RuntimeBuildError(f"the trimmed Python standard library answers {operation} {json.dumps(args)[:120]} "
                                    f"differently from the full one ({why[:200]}); a module is missing from it")
    if report.get("core_recompiled"):
        raise RuntimeBuildError(f"Pyodide recompiled the rule core instead of using its bytecode ({report['core_recompiled'][0]}); "
                                "check navigator/web/boot.js's INSTALL_CORE")
    available = set(report["builtin"]) | set(report["frozen"]) | {
        m[:-len("/__init__.py")].replace("/", ".") if m.endswith("/__init__.py") else m[:-3].replace("/", ".")
        for m in report["modules"]}
    for path in core_files(root):
        if path.suffix != ".py" or path.name == "__main__.py":   # the command line; the browser never runs it
            continue
        for name in imported_modules(path.read_text(encoding="utf-8")):
            if name not in available:
                raise RuntimeBuildError(f"{path.relative_to(root)} imports {name}, which the trimmed Python standard "
                                        "library does not hold: make a call that needs it part of exercise_calls "
                                        "(generator/runtime.py)")


def imported_modules(source: str) -> set[str]:
    """Every absolute module a Python file imports, at any depth (top-level names and their parents)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found = [node.module]
        else:
            continue
        for name in found:
            parts = name.split(".")
            names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return names


def lock_info(pyodide_dir: Path) -> dict:
    """The pinned Pyodide's lock-file header (ABI and version), for a lock file that lists no packages."""
    return json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]


if __name__ == "__main__":  # python -m generator.runtime: build (or reuse) the zip and say where it is
    import sys

    from .loader import ROOT, load_bundle

    try:
        text = json.dumps(load_bundle(ROOT).to_json(), ensure_ascii=False, sort_keys=True)
        print(trimmed_stdlib(ROOT, ROOT / "node_modules" / "pyodide", text))
    except RuntimeBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)

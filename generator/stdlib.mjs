// Builds the navigator's trimmed, precompiled Python standard library with the pinned Pyodide.
//
//   node generator/stdlib.mjs job.json > report.json
//
// Called by generator/runtime.py at build time; job.json names:
//   pyodide_dir   the npm Pyodide package (its runtime and its stock python_stdlib.zip)
//   boot_js       navigator/web/boot.js: its startCore() is what the browser runs after loadPyodide
//   core_dir      the rule core's files, laid out as boot.js writes them (navigator/...)
//   bundle        the procedures.json the build produced
//   calls         [[operation, args], ...]: every operation the navigator's API offers, over
//                 every path of the question flow (generator/runtime.py exercise_calls); args is
//                 an object, or text sent as it is
//   out           where to write the zip
//
// 1. Boot the stock Pyodide, run boot.js's startCore (the core's files, sys.path, import
//    navigator.api, load_bundle, the first question) and then every call, each through the proxy
//    the browser uses (api.call(operation, JSON text)).
// 2. Record every module loaded from the stdlib zip: Pyodide's own bootstrap and everything the
//    calls needed. Frozen and built-in modules are part of the wasm binary and are left out.
// 3. Compile each one with Pyodide's own Python (py_compile, unchecked-hash .pyc: the host's
//    CPython has another bytecode) and zip them sourceless: "json/decoder.pyc" sits where
//    "json/decoder.py" did, which is where zipimport looks for a module with no source. The rule
//    core's bytecode goes in too, under _handbook_core/ (startCore copies it to __pycache__).
// 4. Boot a second Pyodide with ONLY the new zip (stdLibURL), run startCore and every call again.
//    generator/runtime.py fails the build on any answer that differs.
// The report on stdout: {python, modules, builtin, frozen, core, core_recompiled, stock: [answers], trimmed: [answers]}.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const pyodideDir = job.pyodide_dir.endsWith("/") ? job.pyodide_dir : job.pyodide_dir + "/";
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const { startCore, CORE_DIR, BYTECODE_PREFIX } = await import(pathToFileURL(job.boot_js).href);
const quiet = { stdout: (line) => process.stderr.write(line + "\n"), stderr: (line) => process.stderr.write(line + "\n") };

function coreFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push([relative(dir, path).split("\\").join("/"), new Uint8Array(readFileSync(path))]);
    }
  };
  walk(dir);
  return out;
}

function run(pyodide, files, bundle, calls) {
  startCore(pyodide, files, bundle);
  const api = pyodide.pyimport("navigator.api");
  return calls.map(([operation, args]) => {
    try {
      return JSON.parse(api.call(operation, typeof args === "string" ? args : JSON.stringify(args)));
    } catch (error) {
      return { exception: String(error && error.message || error).trim().split("\n").slice(-3).join(" ") };
    }
  });
}

const files = coreFiles(job.core_dir);
const bundle = readFileSync(job.bundle, "utf8");
const calls = JSON.parse(readFileSync(job.calls, "utf8"));

// 1. The stock runtime, as the browser would run it without trimming.
const stock = await loadPyodide({ indexURL: pyodideDir, ...quiet });
const stockAnswers = run(stock, files, bundle, calls);

// 2. and 3. Record, compile, zip (all inside the stock Pyodide, with its own Python).
stock.globals.set("out_path", "/tmp/python_stdlib.trimmed.zip");
stock.globals.set("core_dir", CORE_DIR);
stock.globals.set("core_prefix", BYTECODE_PREFIX);
const report = JSON.parse(stock.runPython(`
import json, sys

zip_path = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
loaded = set()
for name, module in list(sys.modules.items()):
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or ""
    if origin.startswith(zip_path + "/") and type(getattr(spec, "loader", None)).__name__ == "zipimporter":
        loaded.add(origin[len(zip_path) + 1:])

import _imp, importlib.util, os, py_compile, zipfile

def compiled(src, dfile):
    pyc = "/tmp/stdlib-build.pyc"
    py_compile.compile(src, cfile=pyc, dfile=dfile, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open(pyc, "rb") as handle:
        return handle.read()

entries = {}
with zipfile.ZipFile(zip_path) as stock_zip:
    for rel in sorted(loaded):
        if not rel.endswith(".py"):
            raise SystemExit(f"unexpected module file {rel}")
        src = f"/tmp/stdlib-src/{rel}"
        os.makedirs(os.path.dirname(src), exist_ok=True)
        with open(src, "wb") as handle:
            handle.write(stock_zip.read(rel))
        entries[rel + "c"] = compiled(src, f"{zip_path}/{rel}")

core = []
for folder, _, names in sorted(os.walk(core_dir)):
    for name in sorted(names):
        src = os.path.join(folder, name)
        if name.endswith(".py") and "__pycache__" not in src:
            rel = os.path.relpath(importlib.util.cache_from_source(src), core_dir)
            entries[core_prefix + rel] = compiled(src, src)
            core.append(rel)

dirs = sorted({"/".join(name.split("/")[:i]) + "/" for name in entries for i in range(1, name.count("/") + 1)})
with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_STORED) as out:
    for name in dirs + sorted(entries):   # fixed dates and order: the same inputs give the same bytes
        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else (0o100644 << 16)
        out.writestr(info, b"" if name.endswith("/") else entries[name])
json.dumps({"python": sys.version.split()[0], "modules": sorted(loaded), "core": core,
            "builtin": sorted(sys.builtin_module_names), "frozen": sorted(_imp._frozen_module_names())})
`));
writeFileSync(job.out, stock.FS.readFile("/tmp/python_stdlib.trimmed.zip"));

// 4. Only the trimmed zip: every call again, the core running from its bytecode.
const trimmed = await loadPyodide({ indexURL: pyodideDir, stdLibURL: job.out, ...quiet });
const trimmedAnswers = run(trimmed, files, bundle, calls);
// The core's bytecode must still be ours (unchecked-hash .pyc); one Python rewrote would be a recompile.
trimmed.globals.set("core_pycs", JSON.stringify(report.core));
trimmed.globals.set("core_dir", CORE_DIR);
report.core_recompiled = JSON.parse(trimmed.runPython(`
import json, os
bad = []
for rel in json.loads(core_pycs):
    path = os.path.join(core_dir, rel)
    with open(path, "rb") as handle:
        if int.from_bytes(handle.read(8)[4:8], "little") != 1:
            bad.append(rel)
json.dumps(bad)
`));
process.stdout.write(JSON.stringify({ ...report, stock: stockAnswers, trimmed: trimmedAnswers }) + "\n");

// Runs calls through the navigator's API in Pyodide given ONLY the site's trimmed standard library.
//
//   node site_tests/perf/run_calls.mjs <runtime dir> <site dir> <calls.json> > answers.json
//
// <runtime dir> holds the Pyodide runtime without python_stdlib.zip; the standard library comes
// from the built site's zip (its manifest names it), the rule core from the site's own files and
// its boot.js (startCore, as in the browser). Output: {modules: {name: file}, answers: [...]}.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const runtime = resolve(process.argv[2]) + "/";
const site = resolve(process.argv[3]);
const manifest = JSON.parse(readFileSync(join(site, "assets", "navigator", "manifest.json"), "utf8"));
const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
const { startCore } = await import(pathToFileURL(join(site, "assets", "navigator", "boot.js")).href);
const pyodide = await loadPyodide({
  indexURL: runtime,
  stdLibURL: join(site, manifest.pyodide, manifest.stdlib),
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const files = manifest.files.map((name) => [name, new Uint8Array(readFileSync(join(site, "assets", "navigator", "core", name)))]);
startCore(pyodide, files, readFileSync(join(site, "data", "procedures.json"), "utf8"));
const api = pyodide.pyimport("navigator.api");
const calls = JSON.parse(readFileSync(process.argv[4], "utf8"));
const answers = calls.map(([operation, args]) => {
  try {
    return JSON.parse(api.call(operation, typeof args === "string" ? args : JSON.stringify(args)));
  } catch (error) {
    return { exception: String(error && error.message || error) };
  }
});
const modules = JSON.parse(pyodide.runPython(`
import json, sys
json.dumps({name: getattr(module, "__file__", None) for name, module in sys.modules.items()
            if name in ("json", "json.decoder", "datetime", "re", "navigator.api", "navigator.flow")})
`));
process.stdout.write(JSON.stringify({ modules, answers }) + "\n");

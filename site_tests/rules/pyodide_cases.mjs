// Runs the rule-core cases inside Pyodide, the Python the browser uses, and prints the results.
//
//   node site_tests/rules/pyodide_cases.mjs <repo root> < cases.json > results.json
//
// Input: a JSON list of cases (already JSON-safe: dates as ISO strings). Output: one JSON
// object {"python": <version>, "results": [...]}, one result per case, from the same
// case_runner.py that test_cases.py runs in CPython. Only navigator/*.py and
// navigator/data/*.json are copied in, as the site copies them into the browser.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const repo = resolve(process.argv[2] ?? ".");
const home = "/home/pyodide";
const here = join(repo, "site_tests", "rules");

const { loadPyodide } = await import(join(repo, "node_modules", "pyodide", "pyodide.mjs"));
const pyodide = await loadPyodide({
  indexURL: join(repo, "node_modules", "pyodide") + "/",
  stdout: (line) => process.stderr.write(line + "\n"), // keep stdout for the results
  stderr: (line) => process.stderr.write(line + "\n"),
});

function copyInto(fromDir, toDir, suffix) {
  pyodide.FS.mkdirTree(toDir);
  for (const name of readdirSync(fromDir).filter((n) => n.endsWith(suffix)).sort()) {
    pyodide.FS.writeFile(`${toDir}/${name}`, readFileSync(join(fromDir, name)));
  }
}

copyInto(join(repo, "navigator"), `${home}/navigator`, ".py");
copyInto(join(repo, "navigator", "data"), `${home}/navigator/data`, ".json");
pyodide.FS.writeFile(`${home}/case_runner.py`, readFileSync(join(here, "case_runner.py")));

pyodide.globals.set("cases_json", readFileSync(0, "utf8"));
const output = pyodide.runPython(`
import json, sys
sys.path.insert(0, "${home}")
import case_runner
json.dumps({"python": sys.version, "results": case_runner.run_cases(json.loads(cases_json))})
`);
process.stdout.write(output + "\n");

// Starts the self-hosted Pyodide and the handbook's rule core (the `navigator` Python package).
// Used inside the module Web Worker (worker.js) and, where workers are blocked, on the main thread;
// generator/stdlib.mjs runs startCore() under node at build time, so the build checks the very
// steps the browser takes. Nothing is fetched from any host but the site's own: the runtime, the
// core and the data are all files of this site. This file decides nothing: every answer comes
// from Python.
//
// Start-up is most of the navigator's wait, so:
// * Pyodide gets the site's trimmed standard library (manifest.stdlib, built by
//   generator/runtime.py): only the modules the navigator uses, already compiled to bytecode,
//   instead of the whole library as source compiled on every visit. The same zip carries the rule
//   core's bytecode under _handbook_core/, which startCore puts in __pycache__ beside the sources;
// * the rule core's files and the navigator's index are fetched while Pyodide starts, not after it;
// * the data comes in parts (navigator/parts.py): the index holds the areas and the first
//   questions; where an answer needs an area's part, the core says which file ({"needs": [...]})
//   and this file fetches exactly that one, hands it to the core and asks again;
// * the core answers its first question before boot() returns, so "ready" means ready.

export const CORE_DIR = "/home/pyodide/handbook";
export const BYTECODE_PREFIX = "_handbook_core/";

// Put the core on sys.path, and its precompiled bytecode (if the standard library zip has it) where
// Python looks for it. The .pyc files are unchecked-hash ones made from these very sources.
const INSTALL_CORE = `
import os, sys, zipfile
if ${JSON.stringify(CORE_DIR)} not in sys.path:
    sys.path.insert(0, ${JSON.stringify(CORE_DIR)})
with zipfile.ZipFile(f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip") as stdlib:
    for name in stdlib.namelist():
        if name.startswith(${JSON.stringify(BYTECODE_PREFIX)}) and name.endswith(".pyc"):
            dest = os.path.join(${JSON.stringify(CORE_DIR)}, name[${BYTECODE_PREFIX.length}:])
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as handle:
                handle.write(stdlib.read(name))
`;

async function fetchOk(url, kind) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${kind} (${response.status}).`);
  return response;
}

// Everything after loadPyodide: write the core's files, import it, give it the procedures, and
// let it answer the first question. `files` is [[path under CORE_DIR, Uint8Array], ...].
export function startCore(pyodide, files, bundleText) {
  for (const [name, data] of files) {
    const path = `${CORE_DIR}/${name}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, data);
  }
  pyodide.runPython(INSTALL_CORE);
  const api = pyodide.pyimport("navigator.api");
  api.load_bundle(bundleText);
  const engine = {
    call(operation, args) {
      return JSON.parse(api.call(operation, JSON.stringify(args)));
    },
  };
  engine.call("next_step", { answers: {} });   // the first question: the core has answered once
  return engine;
}

// Pyodide waits for ever when WebAssembly is refused (a Content-Security-Policy without
// 'wasm-unsafe-eval', in the page or, for the worker, in the worker script's own response).
// Compile the smallest module first, so that case fails at once and the caller can fall back.
function checkWebAssembly() {
  if (typeof WebAssembly !== "object") throw new Error("This browser cannot run WebAssembly.");
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw new Error("WebAssembly is not allowed here: " + (error && error.message || error));
  }
}

export async function boot(assetsUrl, onProgress = () => {}) {
  checkWebAssembly();
  const base = new URL(assetsUrl);
  onProgress("Loading the date calculator");
  const manifest = await (await fetchOk(new URL("navigator/manifest.json", base), "the manifest")).json();
  const siteRoot = new URL("../", base);
  const runtimeUrl = new URL(manifest.pyodide, siteRoot);
  // Started now, awaited once Python runs: they download while the runtime starts.
  const files = Promise.all(manifest.files.map(async (name) => {
    const url = new URL(`navigator/core/${name}?v=${manifest.version}`, base);
    return [name, new Uint8Array(await (await fetchOk(url, name)).arrayBuffer())];
  }));
  const dataUrl = new URL("../data/navigator/", base);
  const bundle = fetchOk(new URL("index.json", dataUrl), "the navigator's index").then((r) => r.text());
  files.catch(() => {});   // a failure is reported where it is awaited, not as an unhandled rejection
  bundle.catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtimeUrl).href);
  const options = { indexURL: runtimeUrl.href, packages: [] };
  if (manifest.stdlib) options.stdLibURL = new URL(manifest.stdlib, runtimeUrl).href;
  const pyodide = await loadPyodide(options);
  onProgress("Loading the handbook's rules");
  return withParts(pyodide, startCore(pyodide, await files, await bundle), dataUrl);
}

const MAX_PART_ROUNDS = 8;   // an answer needs at most an area's part; a loop past this is a broken index

// The engine the page uses: each call answered by the core, after fetching the parts it names.
export function withParts(pyodide, engine, dataUrl) {
  const api = pyodide.pyimport("navigator.api");
  const loaded = new Map();   // file -> promise, so two calls at once fetch a part once
  const load = (file) => {
    if (!loaded.has(file)) {
      loaded.set(file, fetchOk(new URL(file, dataUrl), "the area's procedures").then((r) => r.text())
        .then((text) => { api.load_part(text); }));
      loaded.get(file).catch(() => loaded.delete(file));
    }
    return loaded.get(file);
  };
  return {
    core: engine,   // the core without the fetching (the bench times Python alone with it)
    load,
    async call(operation, args) {
      for (let round = 0; round < MAX_PART_ROUNDS; round++) {
        const answer = engine.call(operation, args);
        if (!answer.needs) return answer;
        try {
          await Promise.all(answer.needs.map(load));
        } catch (error) {
          return { error: `${error.message} Check the connection and try again.` };
        }
      }
      return { error: "The navigator's data could not be loaded; reload the page." };
    },
  };
}

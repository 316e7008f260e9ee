// Starts the self-hosted Pyodide and the handbook's rule core (the `navigator` Python package).
// Used inside the module Web Worker (worker.js) and, where workers are blocked, on the main thread.
// Nothing is fetched from any host but the site's own: the runtime, the core and the data are
// all files of this site. This file decides nothing: every answer comes from Python.

const CORE_DIR = "/home/pyodide/handbook";

async function fetchOk(url, kind) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${kind} (${response.status}).`);
  return response;
}

export async function boot(assetsUrl, onProgress = () => {}) {
  const base = new URL(assetsUrl);
  onProgress("Loading the date calculator");
  const manifest = await (await fetchOk(new URL("navigator/manifest.json", base), "the manifest")).json();
  const siteRoot = new URL("../", base);
  const runtimeUrl = new URL(manifest.pyodide, siteRoot);
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtimeUrl).href);
  const pyodide = await loadPyodide({ indexURL: runtimeUrl.href, packages: [] });
  onProgress("Loading the handbook's rules");
  const files = await Promise.all(manifest.files.map(async (name) => {
    const url = new URL(`navigator/core/${name}?v=${manifest.version}`, base);
    return [name, new Uint8Array(await (await fetchOk(url, name)).arrayBuffer())];
  }));
  for (const [name, data] of files) {
    const path = `${CORE_DIR}/${name}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, data);
  }
  pyodide.runPython(`import sys\nif ${JSON.stringify(CORE_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(CORE_DIR)})`);
  const api = pyodide.pyimport("navigator.api");
  const bundle = await (await fetchOk(new URL("../data/procedures.json", base), "the procedures")).text();
  api.load_bundle(bundle);
  return {
    call(operation, args) {
      return JSON.parse(api.call(operation, JSON.stringify(args)));
    },
  };
}

// The navigator's first script: an async module in the page's head (generator/theme/main.html), run
// as soon as it arrives, so the worker and Pyodide start while the rest of the page is still being
// read. The page's own script (flow.js, app.js) asks engine.js for the engine later and gets this one.
import { startEngine } from "./engine.js";

startEngine(new URL("../", import.meta.url).href).catch(() => {});   // the page's script reports a failure

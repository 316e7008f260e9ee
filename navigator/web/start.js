// The navigator's first script: an async module in the page's head (generator/theme/main.html), run
// as soon as it arrives; the engine it starts begins fetching the runtime once the page's first frame
// is painted (engine.js). The page's own script (flow.js, app.js) asks engine.js for the engine later
// and gets this one.
import { startEngine } from "./engine.js";

startEngine(new URL("../", import.meta.url).href).catch(() => {});   // the page's script reports a failure

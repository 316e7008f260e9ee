// Module Web Worker: runs the rule core off the main thread so the page stays responsive.
import { boot } from "./boot.js";

let engine = null;

self.onmessage = async (event) => {
  const { id, type, assetsUrl, operation, args } = event.data || {};
  try {
    if (type === "init") {
      engine = await boot(assetsUrl, (message) => self.postMessage({ type: "progress", message }));
      self.postMessage({ id, type: "ready" });
    } else if (type === "call") {
      self.postMessage({ id, type: "result", result: await engine.call(operation, args) });
    }
  } catch (error) {
    self.postMessage({ id, type: "failed", message: String(error && error.message || error) });
  }
};

// The page's handle on the rule core: a module Web Worker where the browser allows one, the main
// thread where it does not (sandboxed iframes, strict policies). Same Python either way.

const START_TIMEOUT_MS = 30000;

function workerEngine(assetsUrl, onProgress) {
  return new Promise((resolve, reject) => {
    let worker;
    try {
      worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      reject(error);
      return;
    }
    let next = 1;
    const pending = new Map();
    worker.onerror = (event) => { event.preventDefault(); reject(new Error("worker failed to start")); };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "progress") { onProgress(message.message); return; }
      if (message.type === "ready") {
        resolve({
          kind: "worker",
          call(operation, args) {
            const id = next++;
            worker.postMessage({ id, type: "call", operation, args });
            return new Promise((ok, fail) => pending.set(id, { ok, fail }));
          },
        });
        return;
      }
      const waiter = pending.get(message.id);
      if (message.type === "failed" && !waiter) { reject(new Error(message.message)); return; }
      if (!waiter) return;
      pending.delete(message.id);
      if (message.type === "result") waiter.ok(message.result); else waiter.fail(new Error(message.message));
    };
    worker.postMessage({ id: 0, type: "init", assetsUrl });
  });
}

async function mainThreadEngine(assetsUrl, onProgress) {
  const { boot } = await import("./boot.js");
  const engine = await boot(assetsUrl, onProgress);
  return { kind: "main-thread", call: async (operation, args) => engine.call(operation, args) };
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("The date calculator did not start in time.")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The runtime's megabytes are fetched once the page's own words are on screen: on a slow link the
// question is read first. A frame, then a task (the frame is painted by then); a tab opened in the
// background, which paints no frame, starts after a moment all the same.
function afterFirstPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 300);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }, 0));
  });
}

// One engine per page: start.js (an async script in the page's head) asks for it as soon as it is
// fetched, and it starts after the first paint; the page's own script, asking later, gets the same one and
// hears the progress messages from then on (and the last one sent before it asked).
const started = new Map();   // assetsUrl -> { engine: Promise, listeners: Set, last: message }

export function startEngine(assetsUrl, onProgress = () => {}) {
  let entry = started.get(assetsUrl);
  if (!entry) {
    entry = { listeners: new Set(), last: null };
    const progress = (message) => { entry.last = message; for (const listen of entry.listeners) listen(message); };
    const attempt = async () => {
      try {
        return await workerEngine(assetsUrl, progress);
      } catch (error) {
        return await mainThreadEngine(assetsUrl, progress);
      }
    };
    entry.engine = afterFirstPaint().then(() => withTimeout(attempt(), START_TIMEOUT_MS));
    entry.engine.catch(() => started.delete(assetsUrl));   // a later ask may try again
    started.set(assetsUrl, entry);
  }
  entry.listeners.add(onProgress);
  if (entry.last) onProgress(entry.last);
  return entry.engine;
}

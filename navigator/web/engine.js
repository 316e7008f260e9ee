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

export async function startEngine(assetsUrl, onProgress = () => {}) {
  const attempt = async () => {
    try {
      return await workerEngine(assetsUrl, onProgress);
    } catch (error) {
      return await mainThreadEngine(assetsUrl, onProgress);
    }
  };
  return withTimeout(attempt(), START_TIMEOUT_MS);
}

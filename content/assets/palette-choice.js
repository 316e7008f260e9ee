// Keep the colour scheme on this device only when the reader chooses one.
//
// Material for MkDocs writes the scheme showing to localStorage ("<site path>.__palette") on every
// page load, chosen or not. This script runs in <head>, after the theme defines __md_set and before
// its bundle uses it, and lets that write through only once the reader has used the light/dark
// toggle with a real click or key press (or chose before, so their choice stays up to date).
// Without a stored choice the theme follows the device's prefers-color-scheme, as it does anyway.
// The privacy page has a button that forgets the choice (#hb-forget-scheme, below).
(() => {
  "use strict";
  if (typeof window.__md_set !== "function" || typeof window.__md_get !== "function") return;
  const store = window.__md_set;
  let chosen = false;
  try {
    chosen = window.__md_get("__palette") !== null;
  } catch (_) {
    chosen = false;   // storage refused (a locked-down browser): the theme copes, so do we
  }
  const fromToggle = (event) => event.isTrusted && event.target instanceof Element
    && event.target.closest("[data-md-component=palette]") !== null;
  const mark = (event) => { if (fromToggle(event)) chosen = true; };
  document.addEventListener("click", mark, true);
  document.addEventListener("keydown", mark, true);
  window.__md_set = function (key, ...rest) {
    if (key === "__palette" && !chosen) return undefined;
    return store.call(this, key, ...rest);
  };

  // The privacy page's "Forget my colour choice" button: shown only where scripts run.
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("hb-forget-scheme");
    const status = document.getElementById("hb-forget-scheme-status");
    if (!button || !status) return;
    const key = () => window.__md_scope.pathname + ".__palette";
    const show = () => {
      let kept = false;
      try { kept = localStorage.getItem(key()) !== null; } catch (_) { kept = false; }
      status.textContent = kept ? "This browser keeps your colour choice for this site."
        : "This browser keeps nothing for this site.";
    };
    button.hidden = false;
    show();
    button.addEventListener("click", () => {
      try { localStorage.removeItem(key()); } catch (_) { /* nothing was kept */ }
      chosen = false;
      show();
    });
  });
})();

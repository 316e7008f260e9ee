/* The escalation handbook: host-page script for embedded handbook pages.
 * Sets each handbook iframe's height from the messages the embedded page posts. It accepts a
 * message only from one of this page's handbook iframes (event.source), only from the handbook's
 * own origin (or "null" for an iframe sandboxed without allow-same-origin, whose source is still
 * checked), and clamps the height. The embedded page sends its height and an id, never answers. */
(function () {
  "use strict";
  var script = document.currentScript;
  var handbookOrigin = script ? new URL(script.src, location.href).origin : location.origin;
  var MIN = 150, MAX = 20000;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-hb-embed]"));
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "hb-embed-height") return;
    if (event.origin !== handbookOrigin && event.origin !== "null") return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow !== event.source) return;
      if (new URL(frame.src, location.href).origin !== handbookOrigin) return;
      frame.style.height = Math.round(Math.min(MAX, Math.max(MIN, height))) + "px";
      frame.setAttribute("data-hb-height", String(Math.round(height)));
    });
  });
})();

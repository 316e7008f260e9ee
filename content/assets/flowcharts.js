/* Draw the handbook's flowcharts with the self-hosted Mermaid (loaded just before this file, only
   on pages that have a chart). Mermaid runs in strict mode: labels cannot carry HTML or script, and
   a box can only link somewhere, never run code. The theme follows Material's colour scheme and
   the charts are redrawn when the reader switches it. Nothing here decides anything: the charts
   are drawn from text the build wrote, and the numbered steps on the page are the text version.
   The charts stay hidden (CSS) unless this script runs and Mermaid draws them. */
(function () {
  "use strict";
  var root = document.documentElement;
  var charts = Array.prototype.slice.call(document.querySelectorAll("pre.hb-mermaid"));
  if (!charts.length || typeof window.mermaid === "undefined") return;
  var sources = charts.map(function (el) { return el.textContent; });
  root.classList.add("hb-flowcharts-on");

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "default";
  }

  var drawing = Promise.resolve();
  var drawnWith = null;

  function draw() {
    var theme = scheme();
    if (theme === drawnWith) return drawing;
    drawnWith = theme;
    drawing = drawing.then(function () {
      charts.forEach(function (el, i) {
        el.classList.remove("hb-drawn");
        el.removeAttribute("data-processed");
        el.textContent = sources[i];
      });
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: theme,
        fontFamily: window.getComputedStyle(document.body).fontFamily,
        flowchart: { htmlLabels: true, useMaxWidth: true, wrappingWidth: 260 }
      });
      return window.mermaid.run({ nodes: charts, suppressErrors: true });
    }).then(function () {
      charts.forEach(function (el) {
        var figure = el.closest("figure");
        var svg = el.querySelector("svg");
        if (svg) {
          /* Never shrink a chart below a readable size: on a narrow screen it scrolls sideways. */
          var box = svg.viewBox && svg.viewBox.baseVal;
          if (box && box.width) svg.style.minWidth = Math.min(box.width, 560) + "px";
          el.classList.add("hb-drawn");
        } else if (figure) {
          figure.hidden = true;   /* could not draw it: the numbered steps carry everything */
        }
      });
    });
    return drawing;
  }

  draw();
  new MutationObserver(draw).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();

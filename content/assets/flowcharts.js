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

  /* The site's Content-Security-Policy (style-src 'self') refuses <style> elements and style=""
     attributes that come from markup or that a script adds, and Mermaid makes both while it draws:
     it adds a <style> to the chart, sets style attributes, and parses its SVG for its sanitizer.
     The CSS object model is not refused to the site's own scripts, so while Mermaid draws (and
     only then) a style attribute is set through element.style, the <style> becomes a constructed
     stylesheet of the document (one per chart, replaced when redrawn), and markup given to
     DOMParser carries its styles as data-hb-style, which insertSvg sets through element.style once
     the chart is on the page. Without constructed stylesheets (old browsers) Mermaid draws as it
     would anyway. docs/arch/0004-content-security-policy.md says why. */
  var cssom = typeof CSSStyleSheet === "function" && "adoptedStyleSheets" in document
    && "replaceSync" in CSSStyleSheet.prototype;
  var sheets = {};
  /* Serialised markup never has a raw double quote inside an attribute value, so inside a tag
     ' style="' can only start the style attribute. */
  var TAG = /<[a-zA-Z][^\s\/>]*(?:\s+[^\s"'>\/=]+(?:="[^"]*")?)*\s*\/?>/g;
  function setAside(markup) {
    return String(markup).replace(TAG, function (tag) { return tag.replace(/(\s)style="/, "$1data-hb-style=\""); });
  }

  function adopt(id, css) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = document.adoptedStyleSheets
      .filter(function (s) { return s !== sheets[id]; }).concat([sheet]);
    sheets[id] = sheet;
  }

  function throughCssom(id, work) {
    if (!cssom) return work();
    var saved = [[Element.prototype, "setAttribute"], [Node.prototype, "insertBefore"],
      [Node.prototype, "appendChild"], [DOMParser.prototype, "parseFromString"]]
      .map(function (p) { return [p[0], p[1], p[0][p[1]]]; });
    var setAttribute = saved[0][2], insertBefore = saved[1][2], appendChild = saved[2][2], parse = saved[3][2];
    var isStyle = function (node) { return node && node.nodeType === 1 && node.localName === "style"; };
    Element.prototype.setAttribute = function (name, value) {
      if (String(name).toLowerCase() === "style" && this.style) { this.style.cssText = String(value); return; }
      return setAttribute.call(this, name, value);
    };
    Node.prototype.insertBefore = function (node, ref) {
      if (isStyle(node)) { adopt(id, node.textContent); return node; }
      return insertBefore.call(this, node, ref);
    };
    Node.prototype.appendChild = function (node) {
      if (isStyle(node)) { adopt(id, node.textContent); return node; }
      return appendChild.call(this, node);
    };
    DOMParser.prototype.parseFromString = function (markup, type) { return parse.call(this, setAside(markup), type); };
    var restore = function () { saved.forEach(function (p) { p[0][p[1]] = p[2]; }); };
    return Promise.resolve().then(work).then(function (out) { restore(); return out; },
      function (error) { restore(); throw error; });
  }

  function insertSvg(el, svg) {
    if (!cssom) { el.innerHTML = svg; return; }
    el.innerHTML = setAside(svg.replace(/<style\b[^>]*>[^<]*<\/style>/g, ""));
    Array.prototype.forEach.call(el.querySelectorAll("[data-hb-style]"), function (node) {
      node.style.cssText = node.getAttribute("data-hb-style");
      node.removeAttribute("data-hb-style");
    });
  }

  function drawOne(el, i) {
    var id = "hb-chart-" + i;
    el.classList.remove("hb-drawn");
    return throughCssom(id, function () { return window.mermaid.render(id, sources[i], el); })
      .then(function (result) {
        insertSvg(el, result.svg);
        if (result.bindFunctions) result.bindFunctions(el);
      }, function () { el.textContent = sources[i]; });
  }

  var drawing = Promise.resolve();
  var drawnWith = null;

  function draw() {
    var theme = scheme();
    if (theme === drawnWith) return drawing;
    drawnWith = theme;
    drawing = drawing.then(function () {
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: theme,
        fontFamily: window.getComputedStyle(document.body).fontFamily,
        flowchart: { htmlLabels: true, useMaxWidth: true, wrappingWidth: 260 }
      });
      return charts.reduce(function (done, el, i) {
        return done.then(function () { return drawOne(el, i); });
      }, Promise.resolve());
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

/* The escalation handbook: runs inside an embedded (chrome-less) page. Posts only the page's
 * height and the page's id to the host page, and opens links to other pages in a new tab so the
 * host page is never replaced. Nothing a user types is ever posted. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var id = location.pathname;
  var last = 0;
  function report() {
    var box = document.querySelector(".md-container") || document.body;
    var height = Math.ceil(box.getBoundingClientRect().bottom + window.scrollY);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "hb-embed-height", id: id, height: height }, "*");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.getAttribute("href").charAt(0) === "#") return;
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener");
  });
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.querySelector(".md-container") || document.body);
  window.addEventListener("load", report);
  report();
})();

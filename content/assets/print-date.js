/* Fill in the date a page is printed, so a paper copy says how old it is. Runs on every page;
   does nothing where the page has no .hb-print-date. */
(function () {
  "use strict";
  function fill() {
    var when = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    var spans = document.querySelectorAll(".hb-print-date");
    for (var i = 0; i < spans.length; i++) spans[i].textContent = " on " + when;
  }
  window.addEventListener("beforeprint", fill);
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    if (mq.addEventListener) mq.addEventListener("change", function (e) { if (e.matches) fill(); });
  }
  fill();
})();

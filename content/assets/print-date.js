/* Fill in the date a page is printed, so a paper copy says how old it is. Runs on every page;
   does nothing where the page has no .hb-print-date. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  function fill() {
    // Written out by hand, not with toLocaleDateString: starting Intl costs a phone about 0.1 s of
    // blocking work on every page load (Lighthouse), for a date only paper shows.
    var d = new Date();
    var when = d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
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

/* The escalation handbook: writes the "embed this page" snippet with this site's full address, so
 * that it can be pasted into a page on any other website as it is. */
(function () {
  "use strict";
  var codes = document.querySelectorAll("code[data-embed-src]");
  Array.prototype.forEach.call(codes, function (code) {
    var src = new URL(code.getAttribute("data-embed-src"), location.href).href;
    var js = new URL(code.getAttribute("data-embed-script"), location.href).href;
    code.textContent = code.textContent.split(code.getAttribute("data-embed-script")).join(js)
      .split(code.getAttribute("data-embed-src")).join(src);
  });
})();

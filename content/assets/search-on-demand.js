// Search that costs nothing until it is used (issue 18). Material for MkDocs (9.8.1) starts its
// search worker and downloads search/search_index.json on every page load over http (it waits for
// the search toggle only on file://). Most readers never search, and the index grows with every
// procedure, so this script, run in <head> before Material's bundle, holds both back until the
// reader opens search: focus on the search box, the search button (the __search toggle), one of
// Material's keyboard shortcuts ("/", "s", "f"), or a page opened from a result with ?h= to
// highlight. Until then Material's worker is a stand-in that keeps its messages, and the index
// request waits unsent; then the real worker starts and the request goes, and Material carries on
// exactly as it would have. Nothing else is changed; without JavaScript there is no search anyway.
(function () {
  "use strict";
  var WORKER = /\/assets\/javascripts\/workers\/search\.[^/]*\.js$/;
  var INDEX = /\/search\/search_index\.json$/;
  var wanted = false;
  var waiting = [];

  function want() {
    if (wanted) return;
    wanted = true;
    document.documentElement.dataset.search = "wanted";
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function whenWanted(go) { if (wanted) go(); else waiting.push(go); }
  function path(url) {
    try { return new URL(String(url), location.href).pathname; } catch (error) { return ""; }
  }

  var RealWorker = window.Worker;
  if (typeof RealWorker === "function" && typeof EventTarget === "function") {
    var StandIn = function (url, options) {
      if (!WORKER.test(path(url))) return new RealWorker(url, options);
      var stand = new EventTarget();
      var real = null;
      var queue = [];
      stand.postMessage = function (message) { if (real) real.postMessage(message); else queue.push(message); };
      stand.terminate = function () { if (real) real.terminate(); queue = []; };
      whenWanted(function () {
        real = new RealWorker(url, options);
        real.addEventListener("message", function (event) {
          stand.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        real.addEventListener("error", function (event) {
          stand.dispatchEvent(new ErrorEvent("error", { message: event.message }));
        });
        queue.splice(0).forEach(function (message) { real.postMessage(message); });
      });
      return stand;
    };
    StandIn.prototype = RealWorker.prototype;
    window.Worker = StandIn;
  }

  var held = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(path(url))) held.add(this); else held.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!held.has(request)) return send.apply(request, args);
    whenWanted(function () { send.apply(request, args); });
  };

  // What opens search. Capture phase: before Material's own handlers move the focus.
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.closest && event.target.closest("[data-md-component=search]")) want();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) want();
  }, true);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/.test(event.key)) want();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (event.target && event.target.closest && event.target.closest("label[for=__search]")) want();
  }, true);
  if (new URLSearchParams(location.search).has("h")) want();   // search.highlight needs the index
})();

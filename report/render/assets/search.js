// Client-side search with Pagefind (index built at render time, served from this site).
// The page carries a plain search box; Pagefind's interface (script and styles) is fetched
// when the reader first turns to it (focus, pointer or a key), replaces it, and gets what was
// typed meanwhile, so a page that is only read never loads it.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script.getAttribute("data-bundle");
  var started = false;

  function fetchFile(tag, attributes) {
    return new Promise(function (done, fail) {
      var el = document.createElement(tag);
      Object.keys(attributes).forEach(function (k) { el.setAttribute(k, attributes[k]); });
      el.onload = done;
      el.onerror = fail;
      document.head.appendChild(el);
    });
  }

  function open(starter) {
    if (started) { return; }
    started = true;
    Promise.all([fetchFile("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
                 fetchFile("script", { src: bundle + "pagefind-ui.js" })]).then(function () {
      var focused = document.activeElement === starter, typed = starter.value;
      starter.remove();
      var ui = new PagefindUI({
        element: "#search", bundlePath: bundle,
        showImages: false, resetStyles: false, showSubResults: true
      });
      var input = document.querySelector("#search .pagefind-ui__search-input");
      if (input && focused) { input.focus(); }
      if (typed) { ui.triggerSearch(typed); }
    }).catch(function () { started = false; });
  }

  function start() {
    var starter = document.querySelector("#search .search-start");
    if (!starter) { return; }
    ["focus", "pointerenter", "keydown"].forEach(function (kind) {
      starter.addEventListener(kind, function () { open(starter); });
    });
    if (document.activeElement === starter) { open(starter); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();

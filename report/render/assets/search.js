// Client-side search with Pagefind (index built at render time, served from this site).
(function () {
  "use strict";
  var script = document.currentScript;
  function start() {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined") { return; }
    new PagefindUI({
      element: "#search", bundlePath: script.getAttribute("data-bundle"),
      showImages: false, resetStyles: false, showSubResults: true
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();

// Draw every Vega-Lite chart on the page with the local Vega runtime (assets/vega.js).
// Expressions run through Vega's interpreter (ast: true), so the CSP needs no 'unsafe-eval'.
(function () {
  "use strict";
  function draw(el) {
    var role = el.getAttribute("role");
    var holder = document.getElementById(el.getAttribute("data-spec"));
    if (!holder || typeof vegaEmbed === "undefined") { return; }
    var spec = JSON.parse(holder.textContent);
    vegaEmbed(el, spec, {
      actions: false, renderer: "svg", ast: true, defaultStyle: false,
      tooltip: { theme: "custom", disableDefaultStyle: true }
    }).then(function () {
      // The holder is role="img" with the alt text (vega-embed replaces the role); the
      // drawing inside is presentational.
      if (role) { el.setAttribute("role", role); }
      el.querySelectorAll("svg").forEach(function (svg) {
        svg.setAttribute("aria-hidden", "true");
        // On a narrow screen a chart shrinks to at most 80 % of its size (its text stays
        // legible) and scrolls sideways beyond that.
        var natural = parseFloat(svg.getAttribute("width"));
        if (natural) { svg.style.minWidth = Math.round(natural * 0.8) + "px"; }
      });
      if (el.scrollWidth > el.clientWidth + 1) { el.setAttribute("tabindex", "0"); }
      el.setAttribute("data-drawn", "true");
    }).catch(function (err) {
      el.setAttribute("data-error", String(err));
    });
  }
  // Vega measures label widths with the page's fonts: draw once the web fonts are loaded,
  // or labels are measured with a fallback font and clipped when the real one arrives.
  function fontsReady() {
    if (!document.fonts || !document.fonts.load) { return Promise.resolve(); }
    var face = getComputedStyle(document.body).fontFamily;
    return Promise.all([document.fonts.load("11px " + face),
                        document.fonts.load("bold 11px " + face)]).catch(function () {});
  }
  function start() {
    fontsReady().then(function () {
      document.querySelectorAll(".vega-chart").forEach(draw);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();

// Draw every Vega-Lite chart on the page with the local Vega runtime (assets/vega.js).
// Expressions run through Vega's interpreter (ast: true), so the CSP needs no 'unsafe-eval'.
// Specs are files beside the page (data-spec-src), so the browser caches them.
//
// Charts fit their column: a chart drawn wider than the column is drawn again with its plot
// narrower (its text keeps its size), small multiples wrap into fewer columns and charts side
// by side are stacked; on a wide column the plot grows, up to MAX_GROW times its size.
// Only a chart that cannot shrink enough scrolls, and then it shows a scroll cue.
(function () {
  "use strict";
  var MAX_GROW = 1.6, MIN_PLOT = 120, TRIES = 5;
  var OPTIONS = {
    actions: false, renderer: "svg", ast: true, defaultStyle: false,
    tooltip: { theme: "custom", disableDefaultStyle: true }
  };

  function copy(x) { return JSON.parse(JSON.stringify(x)); }

  // The view whose width is the plot's: the top level, or the cell of a facet.
  function plotView(spec) {
    if (spec.facet && spec.spec) { return spec.spec; }
    return spec;
  }

  var measurer = null;
  function textWidth(text, size) {
    if (!measurer) { measurer = document.createElement("canvas").getContext("2d"); }
    measurer.font = size + "px " + getComputedStyle(document.body).fontFamily;
    return measurer.measureText(text).width;
  }

  // Text lines re-wrapped to WIDTH px (a footnote set as a title under the chart).
  function rewrap(lines, width, size) {
    var words = lines.join(" ").split(/\s+/), out = [];
    words.forEach(function (word) {
      var last = out.length ? out[out.length - 1] + " " + word : null;
      if (last !== null && textWidth(last, size) <= width) { out[out.length - 1] = last; }
      else { out.push(word); }
    });
    return out;
  }

  // Multiply the horizontal geometry of a spec by F: view widths, pixel ranges of x scales,
  // x positions given as pixel values; titles wrapped in lines are re-wrapped to the width.
  function scaleX(node, f, width, key) {
    if (Array.isArray(node)) {
      node.forEach(function (n) { scaleX(n, f, width, key); });
      return;
    }
    if (!node || typeof node !== "object") { return; }
    if (key === "data" || key === "datasets" || key === "config") { return; }
    if ((key === "x" || key === "x2") && !node.field && typeof node.value === "number") {
      node.value = node.value * f;
    }
    if ((key === "x" || key === "x2") && node.scale && Array.isArray(node.scale.range) &&
        node.scale.range.every(function (v) { return typeof v === "number"; })) {
      node.scale.range = node.scale.range.map(function (v) { return v * f; });
    }
    if (typeof node.width === "number" && node.type === undefined) {
      node.width = Math.max(1, Math.round(node.width * f));
    }
    if (key === "title" && Array.isArray(node.text) && width) {
      node.text = rewrap(node.text, width, node.fontSize || 11);
    }
    Object.keys(node).forEach(function (k) { scaleX(node[k], f, width, k); });
  }

  function drawnWidth(el) {
    var svg = el.querySelector("svg");
    return svg ? parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width : 0;
  }

  function embed(el, spec, state) {
    if (state.result) { state.result.finalize(); }
    return vegaEmbed(el, spec, OPTIONS).then(function (result) {
      state.result = result;
      return drawnWidth(el);
    });
  }

  // Legends under the plot, in one column: a legend beside the plot takes its width.
  function legendsBelow(node, key) {
    if (Array.isArray(node)) { node.forEach(function (n) { legendsBelow(n, key); }); return; }
    if (!node || typeof node !== "object") { return; }
    if (key === "data" || key === "datasets") { return; }
    if (key === "legend") {
      node.orient = "bottom"; node.direction = "vertical"; node.columns = 1;
      return;
    }
    Object.keys(node).forEach(function (k) { legendsBelow(node[k], k); });
  }

  // Long labels of a nominal y axis on two or more lines, at most WIDTH px each: a lookup
  // from label to lines in the axis's labelExpr, the axis's reserved width cut to match and
  // the rows made taller (a step size) to hold the lines.
  function wrapLabels(spec, width) {
    var changed = false;
    (function walk(node, key) {
      if (Array.isArray(node)) { node.forEach(function (n) { walk(n, key); }); return; }
      if (!node || typeof node !== "object" || key === "data" || key === "datasets") { return; }
      if (key === "y" && node.type === "nominal" && Array.isArray(node.sort) &&
          node.axis !== null) {
        var axis = node.axis = node.axis || {}, size = axis.labelFontSize || 11, table = {};
        var lines = 1;
        node.sort.forEach(function (label) {
          var text = String(label);
          if (textWidth(text, size) > width) {
            table[text] = rewrap([text], width, size);
            lines = Math.max(lines, table[text].length);
          }
        });
        if (Object.keys(table).length) {
          axis.labelExpr = JSON.stringify(table) + "[datum.label] || datum.label";
          axis.labelLineHeight = size + 1;
          axis.labelLimit = 0;
          axis.minExtent = Math.min(axis.minExtent || width, width + 8);
          state_lines = Math.max(state_lines, lines);
          changed = true;
        }
      }
      Object.keys(node).forEach(function (k) { walk(node[k], k); });
    })(spec, null);
    return changed;
  }
  var state_lines = 1;

  // How many panels a facet has: its sort list, else the distinct values in the data.
  function facetValues(spec, facet) {
    if (Array.isArray(facet.sort)) { return facet.sort.length; }
    var rows = spec.data && spec.data.values ||
      (spec.data && spec.datasets && spec.datasets[spec.data.name]) || [];
    var seen = {};
    rows.forEach(function (r) { seen[String(r[facet.field])] = true; });
    return Object.keys(seen).length;
  }

  // The next spec to try, or null when the drawing is as good as it gets.
  function adjust(spec, drawn, room, state) {
    var plot = plotView(spec);
    if (drawn > room + 1 && !state.legendsBelow) {
      state.legendsBelow = true;
      spec.config = spec.config || {};
      spec.config.legend = spec.config.legend || {};
      legendsBelow(spec, null);
      return spec;
    }
    if (drawn > room + 1 && spec.hconcat) {  // side by side -> stacked
      spec.vconcat = spec.hconcat; delete spec.hconcat;
      return spec;
    }
    if (drawn > room + 1 && spec.facet && spec.facet.column && !spec.facet.row) {
      var values = facetValues(spec, spec.facet.column);  // a row of panels -> wrapping
      if (values > 1) {
        spec.facet = spec.facet.column;
        spec.columns = Math.max(1, Math.min(values - 1, Math.floor(room / (drawn / values))));
        return spec;
      }
    }
    if (drawn > room + 1 && spec.facet && spec.columns > 1) {  // fewer columns
      var each = drawn / spec.columns;
      spec.columns = Math.max(1, Math.min(spec.columns - 1, Math.floor(room / each)));
      return spec;
    }
    if (typeof plot.width !== "number") { return null; }
    var base = state.width, columns = spec.facet ? (spec.columns || 1) : 1;
    if (drawn > room + 1 && plot.width <= Math.min(MIN_PLOT, base) + 1 && !state.wrapped) {
      state.wrapped = true;  // the plot is as narrow as it goes: wrap the row labels
      state_lines = 1;
      var labelRoom = Math.max(80, room - MIN_PLOT - (drawn - room) / 4 - 60);
      if (wrapLabels(spec, Math.min(labelRoom, room * 0.45))) {
        // rows of one label each grow to hold its lines (not rows split in sub-rows)
        if (state_lines > 1 && plot.height && typeof plot.height.step === "number" &&
            JSON.stringify(plot).indexOf('"yOffset"') < 0) {
          plot.height.step = Math.max(plot.height.step, state_lines * 12 + 2);
        }
        return spec;
      }
    }
    var target = plot.width + (room - 2 - drawn) / columns;
    target = Math.max(Math.min(MIN_PLOT, base), Math.min(base * MAX_GROW, target));
    if (drawn <= room + 1 && drawn >= room - 24) { return null; }  // fits well enough
    if (Math.abs(target - plot.width) < 2) { return null; }
    scaleX(spec, target / plot.width, target * columns, null);  // notes span the panels
    return spec;
  }

  function fit(el, original, state) {
    var room = el.clientWidth;
    var spec = copy(original), tries = 0;
    state.width = plotView(spec).width;
    state.legendsBelow = false;
    state.wrapped = false;
    state.room = room;
    function step(drawn) {
      var next = tries++ < TRIES ? adjust(spec, drawn, room, state) : null;
      if (next) { spec = next; return embed(el, spec, state).then(step); }
      return drawn;
    }
    return embed(el, spec, state).then(step);
  }

  function finish(el, role) {
    // The holder is role="img", named by the caption and described by the text beside it
    // (vega-embed replaces the role); the drawing inside is presentational.
    if (role) { el.setAttribute("role", role); }
    el.querySelectorAll("svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
    var scrolls = el.scrollWidth > el.clientWidth + 1;
    el.classList.toggle("scrolls", scrolls);
    if (scrolls) { el.setAttribute("tabindex", "0"); } else { el.removeAttribute("tabindex"); }
    el.setAttribute("data-drawn", "true");
  }

  function draw(el, spec) {
    var role = el.getAttribute("role"), state = {};
    el.nbcrRefit = function () {
      if (Math.abs(el.clientWidth - state.room) < 8) { return Promise.resolve(); }
      return fit(el, spec, state).then(function () { finish(el, role); });
    };
    return fit(el, spec, state).then(function () { finish(el, role); }).catch(function (err) {
      el.setAttribute("data-error", String(err));
    });
  }

  // The chart's spec (a file beside the page, cached by the browser), or null on failure.
  function fetchSpec(el) {
    var src = el.getAttribute("data-spec-src");
    if (!src) { return Promise.resolve(null); }
    return fetch(src).then(function (r) {
      if (!r.ok) { throw new Error(src + ": " + r.status); }
      return r.json();
    }).catch(function (err) {
      el.setAttribute("data-error", String(err));
      return null;
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

  var FONT_WAIT = 3000, SPEC_WAIT = 20000;  // milliseconds

  // PROMISE's value, or FALLBACK if it has not settled within MS milliseconds.
  function within(promise, ms, fallback) {
    return Promise.race([promise, new Promise(function (done) {
      setTimeout(function () { done(fallback); }, ms);
    })]);
  }

  // Charts are drawn as they come near the screen (IntersectionObserver): a chart further
  // down fetches its spec and is drawn when the reader scrolls towards it, so the first one
  // is drawn without waiting for the rest. Before printing, every chart is drawn.
  function start() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".vega-chart"));
    var queue = null;
    function want(el) {
      if (el.nbcrWanted) { return; }
      el.nbcrWanted = true;
      var spec = fetchSpec(el);  // fetched at once, while fonts load and others draw
      // drawn one after another, in the order they came into view; a chart that fails or
      // whose spec does not arrive is marked and the next one is drawn all the same
      queue = queue.then(function () { return within(spec, SPEC_WAIT, null); })
        .then(function (s) {
          if (s && typeof vegaEmbed !== "undefined") { return draw(el, s); }
          if (!el.getAttribute("data-error")) { el.setAttribute("data-error", "not drawn"); }
        }).catch(function (err) { el.setAttribute("data-error", String(err)); });
    }
    queue = within(fontsReady(), FONT_WAIT, null);  // a stalled font must not hold every chart
    if (typeof IntersectionObserver === "undefined") {
      charts.forEach(want);
    } else {
      var near = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { near.unobserve(entry.target); want(entry.target); }
        });
      }, { rootMargin: "50% 0px 50% 0px" });
      charts.forEach(function (el) { near.observe(el); });
    }
    window.addEventListener("beforeprint", function () { charts.forEach(want); });
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        charts.forEach(function (el) { if (el.nbcrRefit) { el.nbcrRefit(); } });
      }, 200);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();

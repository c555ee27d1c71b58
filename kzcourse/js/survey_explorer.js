/* Kernel-free survey explorer for the course book (kzcourse.surveys_explorer.twin).
 * A menu of the sources' survey figures fills the boxes; the reader may type a share and a sample
 * size instead, pick the confidence level and move the design effect. window.kzSurveyMath does the
 * arithmetic; Plotly draws each wave's three intervals and the change, and the shares a sample of n
 * can produce around a printed figure. window.kzFigureState(id) returns what the figure shows. */
(function () {
  "use strict";
  var root = document.querySelector('[data-kz-figure="__ID__"]');
  if (!root || root.dataset.kzReady) { return; }
  root.dataset.kzReady = "1";
  var M = window.kzSurveyMath;
  var spec = JSON.parse(root.querySelector("script.kz-spec").textContent);
  var plotDiv = root.querySelector(".kz-plot");
  var grainDiv = root.querySelector(".kz-plot-grain");
  var readout = root.querySelector(".kz-readout");
  var grainReadout = root.querySelector(".kz-grain-readout");
  var deffOut = root.querySelector(".kz-deff-value");
  var el = {};
  root.querySelectorAll("[data-kz-control], [data-kz-entry]").forEach(function (e) {
    el[e.dataset.kzControl || e.dataset.kzEntry] = e;
  });
  var METHODS = [["normal", "normal"], ["wilson", "Wilson"], ["exact", "exact"]];
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  var state = {};

  function drawIntervals(view) {
    var traces = [], layout;
    if (!view.ok) {
      layout = {
        height: 220, margin: { l: 20, r: 20, t: 20, b: 20 }, xaxis: { visible: false }, yaxis: { visible: false },
        annotations: [{ text: view.message, showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper" }]
      };
      return window.Plotly.react(plotDiv, [], layout, config);
    }
    var labels = [];
    view.waves.forEach(function (w) {
      METHODS.forEach(function (m) {
        var label = w.label + ", " + m[1];
        labels.push(label);
        traces.push({
          type: "scatter", mode: "lines", x: [w[m[0]][0], w[m[0]][1]], y: [label, label], name: m[1],
          legendgroup: m[0], showlegend: w.label === "wave 1", line: { color: spec.colors[m[0]], width: 6 },
          hovertemplate: label + ": %{x:.2f}%<extra></extra>"
        });
      });
      traces.push({
        type: "scatter", mode: "markers", x: [w.share, w.share, w.share], y: labels.slice(-3), showlegend: false,
        marker: { color: "#000000", size: 8 }, hovertemplate: w.label + " share %{x}%<extra></extra>"
      });
    });
    var ends = [];
    view.waves.forEach(function (w) { METHODS.forEach(function (m) { ends.push(w[m[0]][0], w[m[0]][1]); }); });
    var lo = Math.min.apply(null, ends), hi = Math.max.apply(null, ends), pad = Math.max(0.5, 0.06 * (hi - lo));
    // On a narrow screen the change goes below the intervals instead of beside them.
    var narrow = plotDiv.clientWidth > 0 && plotDiv.clientWidth < 560, stacked = narrow && view.difference;
    layout = {
      height: 130 + 34 * labels.length + (stacked ? 150 : 0), margin: { l: 120, r: 20, t: 20, b: 50 },
      hovermode: "closest", font: { family: "sans-serif", size: 13 }, legend: { orientation: "h", y: stacked ? -0.12 : -0.3 },
      xaxis: { title: { text: "share of respondents (%)" }, domain: view.difference && !stacked ? [0, 0.6] : [0, 1],
        zeroline: false, range: [lo - pad, hi + pad] },
      yaxis: { autorange: "reversed", type: "category", domain: stacked ? [0.42, 1] : [0, 1] }
    };
    var d = view.difference;
    if (d) {
      traces.push({
        type: "scatter", mode: "lines", x: [d.lower, d.upper], y: ["change", "change"], xaxis: "x2", yaxis: "y2",
        name: "change (Newcombe)", line: { color: spec.colors.change, width: 6 },
        hovertemplate: "change: %{x:.2f} points<extra></extra>"
      });
      traces.push({
        type: "scatter", mode: "markers", x: [d.estimate], y: ["change"], xaxis: "x2", yaxis: "y2", showlegend: false,
        marker: { color: "#000000", size: 8 }, hovertemplate: "change %{x:.1f} points<extra></extra>"
      });
      var reach = Math.max(Math.abs(d.lower), Math.abs(d.upper)) * 1.15 + 0.5;
      layout.xaxis2 = { title: { text: "change (points)" }, domain: stacked ? [0, 1] : [0.72, 1], range: [-reach, reach],
        zeroline: true, zerolinecolor: spec.colors.muted, zerolinewidth: 2, anchor: "y2" };
      layout.yaxis2 = { anchor: "x2", type: "category", domain: stacked ? [0.1, 0.2] : [0, 1] };
    }
    return window.Plotly.react(plotDiv, traces, layout, config);
  }

  function drawGrain(g) {
    if (!g.ok) {
      return window.Plotly.react(grainDiv, [], {
        height: 160, margin: { l: 20, r: 20, t: 10, b: 20 }, xaxis: { visible: false }, yaxis: { visible: false },
        annotations: [{ text: g.message, showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper" }]
      }, config);
    }
    var step = 100 / g.n, half = 0.5 * Math.pow(10, -g.decimals), span = Math.max(4 * step, 3 * half);
    var lo = Math.max(0, Math.floor((g.share - span) * g.n / 100)), hi = Math.min(g.n, Math.ceil((g.share + span) * g.n / 100));
    var inside = [], outside = [];
    for (var k = lo; k <= hi; k++) {
      var s = 100 * k / g.n;
      (g.counts.indexOf(k) >= 0 ? inside : outside).push([k, s]);
    }
    function trace(points, name, color) {
      return {
        type: "scatter", mode: "markers", name: name, x: points.map(function (p) { return p[1]; }),
        y: points.map(function () { return 0; }), text: points.map(function (p) { return p[0] + "/" + g.n; }),
        marker: { color: color, size: 11, line: { color: "#000000", width: 1 } },
        hovertemplate: "%{text} = %{x:.3f}%<extra></extra>"
      };
    }
    var layout = {
      height: 200, margin: { l: 20, r: 20, t: 45, b: 45 }, hovermode: "closest", font: { family: "sans-serif", size: 13 },
      showlegend: true, legend: { orientation: "h", x: 0, y: 1.45, yanchor: "bottom" },
      xaxis: { title: { text: "shares k/n that " + g.n.toLocaleString("en-US") + " respondents can give (%)" }, zeroline: false },
      yaxis: { visible: false, range: [-1, 1] },
      shapes: [
        { type: "rect", xref: "x", yref: "paper", x0: g.share - half, x1: g.share + half, y0: 0, y1: 1,
          fillcolor: spec.colors.grain, opacity: 0.25, line: { width: 0 } },
        { type: "line", xref: "x", yref: "paper", x0: g.share, x1: g.share, y0: 0, y1: 0.85,
          line: { color: "#000000", width: 1.5, dash: "dash" } }
      ],
      annotations: [{ x: g.share, y: 0.86, xref: "x", yref: "paper", showarrow: false, yanchor: "bottom",
        text: "printed " + g.share.toFixed(g.decimals) + "% \u00b1 " + half + " (rounding)" }]
    };
    return window.Plotly.react(grainDiv, [trace(inside, "rounds to the printed figure", spec.colors.grain),
      trace(outside, "does not", spec.colors.muted)], layout, config);
  }

  function draw() {
    var confidence = Number(el.confidence.value), deff = Number(el.deff.value);
    deffOut.textContent = deff.toFixed(1);
    var view = M.intervalView(el.share_a.value, el.n_a.value, el.share_b.value, el.n_b.value, deff, confidence,
      spec.z[el.confidence.value]);
    var g = M.grainView(el.grain_share.value, el.grain_n.value);
    readout.textContent = view.message;
    grainReadout.textContent = g.message;
    state = {
      figure: el.figure.value, confidence: confidence, deff: deff,
      entries: { share_a: el.share_a.value, n_a: el.n_a.value, share_b: el.share_b.value, n_b: el.n_b.value },
      ok: view.ok, message: view.message, difference: view.difference,
      waves: view.waves.map(function (w) {
        return { share: w.share, n: w.n, n_effective: w.n_effective, normal: w.normal, wilson: w.wilson, exact: w.exact };
      }),
      grain: {
        preset: el.grain.value, share: el.grain_share.value, n: el.grain_n.value, ok: g.ok, possible: g.possible,
        counts: g.counts.slice(0, 20), nearest: g.nearest, message: g.message
      }
    };
    drawIntervals(view);
    drawGrain(g);
  }

  function fill(preset) {
    var values = spec.presets[preset];
    if (!values) { return; }
    el.share_a.value = values[0]; el.n_a.value = values[1]; el.share_b.value = values[2]; el.n_b.value = values[3];
  }

  function fillGrain(preset) {
    var values = spec.grains[preset];
    if (!values) { return; }
    el.grain_share.value = values[0]; el.grain_n.value = values[1];
  }

  function start() {
    el.figure.addEventListener("change", function () { fill(el.figure.value); draw(); });
    el.grain.addEventListener("change", function () { fillGrain(el.grain.value); draw(); });
    el.confidence.addEventListener("change", draw);
    el.deff.addEventListener("input", draw);
    el.deff.addEventListener("change", draw);
    ["share_a", "n_a", "share_b", "n_b"].forEach(function (k) {
      el[k].addEventListener("input", function () { el.figure.value = "custom"; draw(); });
    });
    ["grain_share", "grain_n"].forEach(function (k) {
      el[k].addEventListener("input", function () { el.grain.value = "custom"; draw(); });
    });
    draw();
    root.classList.add("kz-live");
  }

  window.kzFigures = window.kzFigures || {};
  window.kzFigures["__ID__"] = function () { return JSON.parse(JSON.stringify(state)); };
  window.kzFigureState = window.kzFigureState || function (id) { return window.kzFigures[id] ? window.kzFigures[id]() : null; };

  window.kzWithPlotly(start, function () {
    readout.textContent = "The figure's script could not be loaded.";
  });
})();

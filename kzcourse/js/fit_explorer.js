/* Kernel-free regression explorer for the course book (kzcourse.interactive.fit_explorer).
 * Reads its data from the JSON block beside it, fits y = a + b x by least squares in the
 * browser, and redraws with Plotly whenever a control changes or a point is clicked.
 * window.kzFigureState(id) returns what the figure currently shows (used by the tests). */
(function () {
  "use strict";
  var root = document.querySelector('[data-kz-figure="__ID__"]');
  if (!root || root.dataset.kzReady) { return; }
  root.dataset.kzReady = "1";
  var spec = JSON.parse(root.querySelector("script.kz-spec").textContent);
  var plotDiv = root.querySelector(".kz-plot");
  var readout = root.querySelector(".kz-readout");
  var controls = {};
  root.querySelectorAll("[data-kz-control]").forEach(function (el) { controls[el.dataset.kzControl] = el; });
  var excluded = {};

  function current() {
    return { year: Number(controls.year.value), x: controls.x.value, y: controls.y.value, set: controls.set.value };
  }

  function visiblePoints(s) {
    var members = spec.sets[s.set];
    return spec.rows.filter(function (r) {
      return r.year === s.year && r.x[s.x] !== null && r.y[s.y] !== null &&
        (members === null || members.indexOf(r.key) >= 0);
    });
  }

  function fit(points, s) {
    var n = points.length;
    if (n < 3) { return { error: "Choose at least three countries: a line through fewer says nothing (" + n + " now)." }; }
    var sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    points.forEach(function (p) { var x = p.x[s.x], y = p.y[s.y]; sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y; });
    var d = n * sxx - sx * sx;
    if (Math.abs(d) < 1e-12 * Math.max(1, n * sxx)) { return { error: "x takes a single value among these countries: no line fits better than another." }; }
    var b = (n * sxy - sx * sy) / d, a = (sy * sxx - sx * sxy) / d;
    var my = sy / n, sst = 0, sse = 0;
    points.forEach(function (p) { var y = p.y[s.y], e = y - (a + b * p.x[s.x]); sse += e * e; sst += (y - my) * (y - my); });
    return { n: n, slope: b, intercept: a, r2: sst > 0 ? 1 - sse / sst : NaN };
  }

  function fmt(v, digits) { return (Math.round(v * Math.pow(10, digits)) / Math.pow(10, digits)).toFixed(digits); }

  var state = {};
  function draw() {
    var s = current();
    var points = visiblePoints(s);
    var inFit = points.filter(function (p) { return !excluded[p.key]; });
    var out = points.filter(function (p) { return excluded[p.key]; });
    var result = fit(inFit, s);
    var xl = spec.x_labels[s.x], yl = spec.y_labels[s.y];
    function trace(pts, name, marker, mode) {
      return {
        type: "scatter", mode: mode || "markers", name: name, marker: marker,
        x: pts.map(function (p) { return p.x[s.x]; }), y: pts.map(function (p) { return p.y[s.y]; }),
        text: pts.map(function (p) { return p.label; }), customdata: pts.map(function (p) { return p.key; }),
        textposition: "top center",
        hovertemplate: "%{text}<br>" + xl + " %{x:.4f}<br>" + yl + " %{y}<extra></extra>"
      };
    }
    var hl = inFit.filter(function (p) { return p.key === spec.highlight; });
    var traces = [
      trace(inFit.filter(function (p) { return p.key !== spec.highlight; }), "in the fit", { color: spec.colors.points, size: 9, opacity: 0.8 }),
      trace(out, "left out (click to restore)", { color: spec.colors.muted, size: 9, symbol: "circle-open" }),
      trace(hl, spec.highlight_label, { color: spec.colors.highlight, size: 13, symbol: "diamond" }, "markers+text")
    ];
    var summary;
    if (result.error) {
      summary = result.error;
    } else {
      var xs = inFit.map(function (p) { return p.x[s.x]; });
      var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
      traces.push({ type: "scatter", mode: "lines", name: "least-squares line", x: [lo, hi],
        y: [result.intercept + result.slope * lo, result.intercept + result.slope * hi],
        line: { color: spec.colors.line, width: 2 }, hoverinfo: "skip" });
      summary = "Fit on " + result.n + " countries: " + yl + " = " + fmt(result.intercept, 2) + " + " +
        fmt(result.slope, 2) + " \u00d7 " + xl + ", R\u00b2 = " + fmt(result.r2, 4) + ".";
    }
    readout.textContent = summary;
    var layout = {
      margin: { l: 60, r: 20, t: 30, b: 55 }, height: 460, hovermode: "closest",
      xaxis: { title: { text: xl + " (" + s.year + ")" }, zeroline: false },
      yaxis: { title: { text: yl }, zeroline: false },
      legend: { orientation: "h", y: -0.2 }, font: { family: "sans-serif", size: 13 }
    };
    window.Plotly.react(plotDiv, traces, layout, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] });
    state = {
      year: s.year, x: s.x, y: s.y, set: s.set,
      n: result.error ? inFit.length : result.n,
      slope: result.error ? null : result.slope,
      intercept: result.error ? null : result.intercept,
      r2: result.error ? null : result.r2,
      message: summary,
      included: inFit.map(function (p) { return p.key; }),
      excluded: out.map(function (p) { return p.key; })
    };
  }

  function start() {
    Object.keys(controls).forEach(function (k) { controls[k].addEventListener("change", draw); });
    draw();
    plotDiv.on("plotly_click", function (ev) {
      var key = ev.points && ev.points[0] && ev.points[0].customdata;
      if (!key) { return; }
      excluded[key] = !excluded[key];
      draw();
    });
    var reset = root.querySelector(".kz-reset");
    if (reset) { reset.addEventListener("click", function () { excluded = {}; draw(); }); }
    root.classList.add("kz-live");
  }

  window.kzFigures = window.kzFigures || {};
  window.kzFigures["__ID__"] = function () { return JSON.parse(JSON.stringify(state)); };
  window.kzFigureState = window.kzFigureState || function (id) { return window.kzFigures[id] ? window.kzFigures[id]() : null; };

  window.kzWithPlotly(start, function () {
    readout.textContent = "The figure's script could not be loaded.";
  });
})();

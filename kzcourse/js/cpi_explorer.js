/* Kernel-free CPI explorer for the course book (kzcourse.history_explorer.twin).
 * Reads every country's CPI series from the JSON block beside it and redraws two Plotly panels
 * (the 0-10 editions up to 2011, the 0-100 editions from 2012: never one line) whenever a
 * control changes. The read-out is written by the same rules as the notebook widget's
 * (history_explorer.view), so both say the same sentence for the same choice.
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
  var codes = Object.keys(spec.series);  // sorted by name, as the widget's list
  var MINUS = "\u2212";

  function fixed(v, d) {  // halves away from zero on the exact value, as Python's _fmt
    var t = Number(v).toFixed(d);
    if (/^-0\.?0*$/.test(t)) { t = t.slice(1); }
    return t.replace("-", MINUS);
  }
  function general(v) { return String(Number(v)).replace("-", MINUS); }  // 28, 2.69, as Python's :g
  function value(v, measure) { return measure === "score" ? general(v) : fixed(v, 1); }

  function chosenCodes() {
    var picked = [];
    Array.prototype.forEach.call(controls.countries.options, function (o) { if (o.selected) { picked.push(o.value); } });
    return picked;
  }

  function current() {
    return {
      countries: chosenCodes(), measure: controls.measure.value, band: controls.band.checked,
      start: Number(controls.start.value), end: Number(controls.end.value), events: controls.events.value,
      preset: controls.preset.value
    };
  }

  function points(entry, scale, s) {
    var part = entry[scale], out = [];
    for (var i = 0; i < part.y.length; i++) {
      var year = part.y[i];
      if (year < s.start || year > s.end) { continue; }
      var v = s.measure === "score" ? part.s[i] : part.p[i], lo = null, hi = null;
      if (scale === "new") {
        if (s.measure === "score") {
          if (part.se[i] !== null) { lo = part.s[i] - spec.z * part.se[i]; hi = part.s[i] + spec.z * part.se[i]; }
        } else { lo = part.plo[i]; hi = part.phi[i]; }
      }
      out.push({ year: year, v: v, lo: lo, hi: hi, se: scale === "new" ? part.se[i] : null });
    }
    return out;
  }

  function view(s) {
    var out = { ok: true, old: {}, neu: {}, events: [], message: "", shown: [] };
    if (!s.countries.length) { out.ok = false; out.message = "Choose at least one country."; return out; }
    if (s.start > s.end) {
      out.ok = false;
      out.message = "The period starts after it ends (" + s.start + " > " + s.end + "): pick a start year no later than the end year.";
      return out;
    }
    var missing = [];
    s.countries.forEach(function (code) {
      var entry = spec.series[code], o = points(entry, "old", s), n = points(entry, "new", s);
      if (o.length) { out.old[code] = o; }
      if (n.length) { out.neu[code] = n; }
      if (o.length || n.length) { out.shown.push(code); } else { missing.push(entry.name); }
    });
    var kinds = spec.event_sets[s.events].kinds;
    out.events = spec.events.filter(function (e) { return kinds.indexOf(e.kind) >= 0 && e.year >= s.start && e.year <= s.end; });
    if (!out.shown.length) {
      out.ok = false;
      out.message = "None of the chosen countries was scored in " + s.start + "-" + s.end + ".";
      return out;
    }
    var lead = out.shown.indexOf(spec.highlight) >= 0 ? spec.highlight : out.shown[0];
    var parts = [summary(lead, out, s)];
    if (s.band && Object.keys(out.old).length) { parts.push("No band before 2012: the 0-10 files carry no standard errors."); }
    if (s.events !== "none") { parts.push(out.events.length + " " + (out.events.length === 1 ? "event" : "events") + " shown."); }
    if (missing.length) { parts.push("Not scored in " + s.start + "-" + s.end + ": " + missing.join(", ") + "."); }
    out.message = parts.join(" ");
    return out;
  }

  function summary(code, out, s) {
    var entry = spec.series[code], pieces = [], what = s.measure === "score" ? "score" : "percentile";
    [["old", "0-10 scale", out.old], ["new", "0-100 scale", out.neu]].forEach(function (p) {
      var pts = p[2][code];
      if (!pts) { return; }
      var a = pts[0], b = pts[pts.length - 1];
      if (a.year === b.year) { pieces.push(p[1] + ", " + what + " " + value(a.v, s.measure) + " in " + a.year); return; }
      var text = p[1] + ", " + what + " " + value(a.v, s.measure) + " in " + a.year + " and " + value(b.v, s.measure) + " in " + b.year;
      if (p[0] === "new" && s.measure === "score" && a.se !== null && b.se !== null) {
        var d = b.v - a.v, se = Math.hypot(a.se, b.se), low = d - spec.z * se, high = d + spec.z * se;
        var verdict = (low > 0 || high < 0) ? "beyond" : "within";
        text += ": a change of " + (d > 0 ? "+" : "") + general(d) + " (95% interval " + fixed(low, 1) + " to " +
          fixed(high, 1) + "), " + verdict + " the standard errors";
      }
      pieces.push(text);
    });
    return entry.name + ": " + pieces.join("; ") + ".";
  }

  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function colours(chosen) {
    var out = {}, i = 0, pal = spec.colors.palette;
    codes.forEach(function (c) {
      if (chosen.indexOf(c) < 0) { return; }
      if (c === spec.highlight) { out[c] = spec.colors.highlight; } else { out[c] = pal[i % pal.length]; i += 1; }
    });
    return out;
  }

  var state = {};
  function draw() {
    var s = current(), v = view(s), traces = [], shapes = [], annotations = [];
    var col = colours(s.countries);
    var yMaxOld = s.measure === "score" ? 10 : 100, yMaxNew = 100;
    var legendDone = {};
    [["old", "x", "y", v.old, yMaxOld], ["new", "x2", "y2", v.neu, yMaxNew]].forEach(function (panel) {
      var scale = panel[0], xa = panel[1], ya = panel[2], data = panel[3];
      Object.keys(data).forEach(function (code) {
        var pts = data[code], name = spec.series[code].name, xs = pts.map(function (p) { return p.year; });
        if (scale === "new" && s.band && pts.every(function (p) { return p.lo !== null; })) {
          traces.push({ type: "scatter", mode: "lines", x: xs, y: pts.map(function (p) { return p.lo; }), xaxis: xa, yaxis: ya,
            line: { width: 0 }, hoverinfo: "skip", showlegend: false, legendgroup: code });
          traces.push({ type: "scatter", mode: "lines", x: xs, y: pts.map(function (p) { return p.hi; }), xaxis: xa, yaxis: ya,
            line: { width: 0 }, fill: "tonexty", fillcolor: rgba(col[code], 0.15), hoverinfo: "skip", showlegend: false,
            legendgroup: code, name: name + " 95% band" });
        }
        traces.push({
          type: "scatter", mode: "lines+markers", x: xs, y: pts.map(function (p) { return p.v; }), xaxis: xa, yaxis: ya,
          name: name, legendgroup: code, showlegend: !legendDone[code],
          line: { color: col[code], width: code === spec.highlight ? 3 : 1.8 }, marker: { size: 6, color: col[code] },
          hovertemplate: name + " %{x}: %{y}" + (s.measure === "score" ? " (" + (scale === "old" ? "0-10" : "0-100") + " scale)" : " percentile") + "<extra></extra>"
        });
        legendDone[code] = true;
      });
      var lo = Math.max(s.start, scale === "old" ? spec.first_year : 2012), hi = Math.min(s.end, scale === "old" ? 2011 : spec.last_year);
      if (lo > hi) {
        annotations.push({ xref: xa + " domain", yref: ya + " domain", x: 0.5, y: 0.5, text: "no editions in this period",
          showarrow: false, font: { color: spec.colors.events } });
      }
      var inPanel = v.events.filter(function (e) { return e.year >= lo && e.year <= hi; });
      var perYear = {};
      inPanel.forEach(function (e) {
        shapes.push({ type: "line", xref: xa, yref: ya + " domain", x0: e.year, x1: e.year, y0: 0, y1: 1,
          line: { color: spec.colors.events, width: 1, dash: "dot" }, layer: "below" });
        perYear[e.year] = (perYear[e.year] || 0) + 1;
        e._k = perYear[e.year];
      });
      if (inPanel.length) {
        var top = scale === "old" ? yMaxOld : yMaxNew;
        traces.push({ type: "scatter", mode: "markers", xaxis: xa, yaxis: ya, showlegend: false, name: "events",
          x: inPanel.map(function (e) { return e.year; }), y: inPanel.map(function (e) { return top * 0.035 * e._k; }),
          marker: { symbol: "triangle-up", size: 8, color: spec.colors.events },
          text: inPanel.map(function (e) { return e.date + " (" + e.kind + (e.disputed ? ", dated differently by the documents" : "") + ")<br>" + e.label + "<br>" + e.sources; }),
          hovertemplate: "%{text}<extra></extra>" });
      }
    });
    var xr = function (lo, hi) { return lo <= hi ? [lo - 0.8, hi + 0.5] : [0, 1]; };
    var layout = {
      height: 440, margin: { l: 60, r: 20, t: 40, b: 40 }, hovermode: "closest", showlegend: true,
      legend: { orientation: "h", y: -0.15 }, font: { family: "sans-serif", size: 13 }, shapes: shapes,
      annotations: annotations.concat([
        { xref: "x domain", yref: "paper", x: 0, y: 1.08, xanchor: "left", showarrow: false, text: "1995-2011: 0-10 scale, old method" },
        { xref: "x2 domain", yref: "paper", x: 0, y: 1.08, xanchor: "left", showarrow: false, text: "2012-2024: 0-100 scale" }
      ]),
      xaxis: { domain: [0, 0.53], range: xr(Math.max(s.start, spec.first_year), Math.min(s.end, 2011)), dtick: 2, zeroline: false },
      xaxis2: { domain: [0.62, 1], range: xr(Math.max(s.start, 2012), Math.min(s.end, spec.last_year)), dtick: 2, zeroline: false },
      yaxis: { range: [0, yMaxOld], title: { text: s.measure === "score" ? "CPI score (0-10)" : "percentile rank" }, zeroline: false },
      yaxis2: { range: [0, yMaxNew], anchor: "x2", title: { text: s.measure === "score" ? "CPI score (0-100)" : "percentile rank" }, zeroline: false }
    };
    readout.textContent = v.message;
    window.Plotly.react(plotDiv, traces, layout, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] });
    state = {
      countries: s.countries.slice(), preset: s.preset, measure: s.measure, band: s.band, start: s.start, end: s.end,
      events: s.events, ok: v.ok, message: v.message, shown: v.shown.slice(), events_shown: v.events.length,
      traces: traces.length
    };
  }

  function applyPreset() {
    var p = spec.presets[controls.preset.value];
    if (!p) { return; }
    Array.prototype.forEach.call(controls.countries.options, function (o) { o.selected = p.members.indexOf(o.value) >= 0; });
  }

  function start() {
    controls.preset.addEventListener("change", function () { applyPreset(); draw(); });
    controls.countries.addEventListener("change", function () { controls.preset.value = "custom"; draw(); });
    ["measure", "band", "start", "end", "events"].forEach(function (k) { controls[k].addEventListener("change", draw); });
    draw();
    root.classList.add("kz-live");
  }

  window.kzFigures = window.kzFigures || {};
  window.kzFigures["__ID__"] = function () { return JSON.parse(JSON.stringify(state)); };
  window.kzFigureState = window.kzFigureState || function (id) { return window.kzFigures[id] ? window.kzFigures[id]() : null; };

  window.kzWithPlotly(start, function () { readout.textContent = "The figure's script could not be loaded."; });
})();

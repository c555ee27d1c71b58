/* Chapter 2's kernel-free explorer (kzcourse.egov_explorer.twin). Two kinds of figure:
 * "group": the OSI, HCI, TII and EGDI of a set of countries in one survey, and one measure
 *   over every survey; every country's published values are in the JSON beside it, so a
 *   custom pick works too (nothing is computed but a lookup);
 * "correlation": the correlations of the three components among the top N countries,
 *   precomputed in Python for every survey and N, switched by a menu and a slider.
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
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  var state = {};

  function fmt(v, digits) {
    return (Math.round(v * Math.pow(10, digits)) / Math.pow(10, digits)).toFixed(digits).replace("-", "\u2212");
  }

  /* ------------------------------------------------------------------ group */

  var FIELD = {};
  (spec.fields || []).forEach(function (f, i) { FIELD[f] = i; });

  function selected(el) {
    return Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
  }

  function setPick(codes) {
    var first = -1;
    Array.prototype.forEach.call(controls.pick.options, function (o, i) {
      o.selected = codes.indexOf(o.value) >= 0;
      if (o.selected && first < 0) { first = i; }
    });
    // show the first chosen country at the top of the list (scrolling the list, not the page)
    if (first >= 0) { controls.pick.scrollTop = first * controls.pick.scrollHeight / controls.pick.options.length; }
  }

  function members(setKey, year) {
    if (setKey === "custom") { return selected(controls.pick); }
    return spec.sets[setKey].members[String(year)].slice();
  }

  function value(code, year, field) {
    var c = spec.countries[code], at = spec.years.indexOf(Number(year));
    if (!c || at < 0 || !c.v[at]) { return null; }
    var v = c.v[at][FIELD[field]];
    return field === "egdi_rank" ? v : v / spec.scale;
  }

  function groupMessage(setKey, year, rows, unscored) {
    if (!rows.length && !unscored.length) { return spec.no_pick; }
    if (!rows.length) {
      return "No EGDI in " + year + " for " + unscored.join(", ") + ": the early files give such countries a " +
        "placeholder 0 or leave them out. Pick another survey or other countries.";
    }
    var who = setKey === "custom" ? "a custom pick" : spec.sets[setKey].who;
    var top = rows[0], low = rows[rows.length - 1];
    var text = year + ", " + who + ": " + rows.length + (rows.length === 1 ? " country" : " countries") + " with an EGDI. " +
      "Highest: " + top.name + ", " + fmt(top.egdi, 4) + " (ranked " + top.rank + " of " + spec.ranked[String(year)] + ")";
    if (rows.length > 1) { text += "; lowest: " + low.name + ", " + fmt(low.egdi, 4) + " (ranked " + low.rank + ")"; }
    text += ".";
    if (unscored.length) { text += " No EGDI that year for " + unscored.join(", ") + "."; }
    return text;
  }

  function drawGroup() {
    var setKey = controls.set.value, year = Number(controls.year.value), measure = controls.measure.value;
    var codes = members(setKey, year);
    var rows = [], unscored = [];
    codes.forEach(function (code) {
      var egdi = value(code, year, "egdi");
      var name = spec.countries[code] ? spec.countries[code].name : code;
      if (egdi === null) { unscored.push(name); return; }
      rows.push({ code: code, name: name, egdi: egdi, osi: value(code, year, "osi"), hci: value(code, year, "hci"),
                  tii: value(code, year, "tii"), rank: value(code, year, "egdi_rank") });
    });
    rows.sort(function (a, b) { return b.egdi - a.egdi || (a.code < b.code ? -1 : 1); });
    var message = groupMessage(setKey, year, rows, unscored);
    readout.textContent = message;
    var names = rows.map(function (r) { return r.name; });
    var traces = ["osi", "hci", "tii", "egdi"].map(function (f) {
      return { type: "bar", name: spec.measures[f] || f.toUpperCase(), x: names, y: rows.map(function (r) { return r[f]; }),
               marker: { color: spec.colors.bars[f] }, xaxis: "x", yaxis: "y", legend: "legend",
               hovertemplate: "%{x}<br>" + f.toUpperCase() + " %{y:.4f}<extra></extra>" };
    });
    var other = 0;
    codes.forEach(function (code) {
      if (!spec.countries[code]) { return; }
      var hl = code === spec.highlight;
      var k = other++, colour = hl ? spec.colors.highlight : spec.colors.lines[k % spec.colors.lines.length];
      traces.push({
        type: "scatter", mode: "lines+markers", name: spec.countries[code].name, xaxis: "x2", yaxis: "y2",
        x: spec.years, y: spec.years.map(function (y) { return value(code, y, measure); }),
        line: { color: colour, width: hl ? 3.5 : 1.8, dash: !hl && k >= spec.colors.lines.length ? "dash" : "solid" },
        marker: { size: hl ? 7 : 5 }, connectgaps: false,
        legend: "legend2",
        hovertemplate: spec.countries[code].name + ", %{x}: " + spec.measures[measure] + " %{y}<extra></extra>"
      });
    });
    var layout = {
      height: 760, margin: { l: 60, r: 20, t: 40, b: 40 }, barmode: "group", font: { family: "sans-serif", size: 13 },
      xaxis: { domain: [0, 1], anchor: "y", automargin: true },
      yaxis: { domain: [0.58, 1], range: [0, 1.05], title: { text: "score in " + year + " (0 to 1)" }, anchor: "x" },
      xaxis2: { domain: [0, 1], anchor: "y2", tickvals: spec.years.filter(function (y) { return y !== 2004 && y !== 2005; }),
                tickangle: -45 },
      yaxis2: { domain: [0, 0.4], anchor: "x2", autorange: measure === "egdi_rank" ? "reversed" : true,
                title: { text: spec.measures[measure] + (measure === "egdi_rank" ? " (1 = best)" : "") } },
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
      legend2: { orientation: "h", x: 0, y: -0.1, yanchor: "top" }, hovermode: "closest"
    };
    window.Plotly.react(plotDiv, traces, layout, config);
    state = { set: setKey, year: year, measure: measure, members: codes, shown: rows.map(function (r) { return r.code; }),
              unscored: unscored, message: message };
  }

  function startGroup() {
    setPick(members(controls.set.value, Number(controls.year.value)));
    controls.set.addEventListener("change", function () {
      if (controls.set.value !== "custom") { setPick(members(controls.set.value, Number(controls.year.value))); }
      drawGroup();
    });
    controls.year.addEventListener("change", function () {
      if (controls.set.value !== "custom") { setPick(members(controls.set.value, Number(controls.year.value))); }
      drawGroup();
    });
    controls.measure.addEventListener("change", drawGroup);
    controls.pick.addEventListener("change", function () {
      controls.set.value = "custom";  // picking countries makes the set a custom pick
      drawGroup();
    });
    drawGroup();
  }

  /* ------------------------------------------------------------------ correlation */

  // A diverging red-white-blue scale for r in [-1, 1] (as matplotlib's RdBu).
  function colour(v) {
    var end = v < 0 ? [178, 24, 43] : [33, 102, 172], t = Math.min(1, Math.abs(v));
    var rgb = end.map(function (c) { return Math.round(255 + (c - 255) * t); });
    return "rgb(" + rgb.join(",") + ")";
  }

  // Black or white text, whichever contrasts more with the background (WCAG relative luminance):
  // one of the two always reaches the 4.5:1 that readers need.
  function textOn(background) {
    var rgb = background.match(/\d+/g).map(Number).map(function (c) {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#000" : "#fff";
  }

  var PAIR_LABEL = {};
  (spec.pairs || []).forEach(function (p) {
    var parts = p.split("_");
    PAIR_LABEL[p] = "r(" + spec.labels[parts[0]] + ", " + spec.labels[parts[1]] + ")";
  });

  function drawCorrelation() {
    var year = String(controls.year.value);
    var curve = spec.curves[year];
    var i = Math.min(Number(controls.n.value), curve.n.length - 1);
    var n = curve.n[i], all = curve.n[curve.n.length - 1];
    var output = root.querySelector(".kz-n-value");
    if (output) { output.textContent = String(n); }
    controls.n.setAttribute("aria-valuetext", n + " countries");
    var r = {};
    spec.pairs.forEach(function (p) { r[p] = curve[p][i]; });
    var z = [[1, r.osi_hci, r.osi_tii], [r.osi_hci, 1, r.hci_tii], [r.osi_tii, r.hci_tii, 1]];
    var who = n === all ? "all " + all + " scored countries" : "the top " + n + " (EGDI " + fmt(curve.lowest[i], 4) + " and above)";
    var message = year + ", " + who + ": " + spec.pairs.map(function (p) { return PAIR_LABEL[p] + " = " + fmt(r[p], 2); }).join(", ") + ".";
    if (n !== all) {
      message += " Among all " + all + ": " + spec.pairs.map(function (p) { return fmt(curve[p][curve.n.length - 1], 2); }).join(", ") + ".";
    }
    readout.textContent = message;
    var caption = root.querySelector(".kz-matrix-title");
    if (caption) { caption.textContent = (n === all ? "All " + all : "Top " + n + " of " + all) + ", " + year; }
    for (var a = 0; a < 3; a++) {
      for (var b = 0; b < 3; b++) {
        var cell = root.querySelector('[data-kz-cell="' + a + b + '"]');
        if (!cell) { continue; }
        cell.textContent = fmt(z[a][b], 2);
        cell.style.background = colour(z[a][b]);
        cell.style.color = textOn(cell.style.background);
      }
    }
    var traces = [];
    spec.pairs.forEach(function (p, k) {
      traces.push({ type: "scatter", mode: "lines", name: PAIR_LABEL[p], x: curve.n, y: curve[p],
                    line: { color: spec.colors[k], width: 2.5 }, hovertemplate: PAIR_LABEL[p] + ", top %{x}: %{y:.2f}<extra></extra>" });
    });
    var layout = {
      height: 380, margin: { l: 60, r: 20, t: 20, b: 50 }, font: { family: "sans-serif", size: 13 },
      xaxis: { type: "log", tickvals: [5, 10, 20, 50, 100, 190], title: { text: "top N countries by EGDI (log scale)" } },
      yaxis: { range: [-1, 1], title: { text: "correlation" }, zeroline: false },
      shapes: [{ type: "line", x0: n, x1: n, y0: -1, y1: 1, line: { color: "#000", width: 1, dash: "dash" } },
               { type: "line", x0: curve.n[0], x1: all, y0: 0, y1: 0, line: { color: "#000", width: 0.6 } }],
      legend: { orientation: "h", x: 0, y: -0.25 }, hovermode: "closest"
    };
    window.Plotly.react(plotDiv, traces, layout, config);
    state = { year: Number(year), n: n, all: all, r: r, message: message };
  }

  function startCorrelation() {
    controls.year.addEventListener("change", function () {
      var curve = spec.curves[String(controls.year.value)];
      var wasAll = Number(controls.n.value) >= Number(controls.n.max);
      controls.n.max = String(curve.n.length - 1);
      if (wasAll || Number(controls.n.value) > curve.n.length - 1) { controls.n.value = String(curve.n.length - 1); }
      drawCorrelation();
    });
    controls.n.addEventListener("input", drawCorrelation);
    controls.n.addEventListener("change", drawCorrelation);
    drawCorrelation();
  }

  function start() {
    if (spec.kind === "group") { startGroup(); } else { startCorrelation(); }
    root.classList.add("kz-live");
  }

  window.kzFigures = window.kzFigures || {};
  window.kzFigures["__ID__"] = function () { return JSON.parse(JSON.stringify(state)); };
  window.kzFigureState = window.kzFigureState || function (id) { return window.kzFigures[id] ? window.kzFigures[id]() : null; };
  window.kzWithPlotly(start, function () { readout.textContent = "The figure's script could not be loaded."; });
})();

/* Kernel-free explorer of Chapter 4 (kzcourse.crime_explorer.crime_twin).
 * Reads the report's series from the JSON block beside it and redoes, in the browser, what
 * kzcourse.crime.explore does in Python: the selection's total, its share of all crime, its
 * rate per 100,000 people or the tried-to-registered ratio, the one-line summary of the change
 * between two years (with the chance variation of a count), and the same one-line messages for
 * choices the tables cannot serve. window.kzFigureState(id) returns what the figure shows. */
(function () {
  "use strict";
  var root = document.querySelector('[data-kz-figure="__ID__"]');
  if (!root || root.dataset.kzReady) { return; }
  root.dataset.kzReady = "1";
  var spec = JSON.parse(root.querySelector("script.kz-spec").textContent);
  var plotDiv = root.querySelector(".kz-plot");
  var readout = root.querySelector(".kz-readout");
  var controls = {};
  root.querySelectorAll("select[data-kz-control]").forEach(function (el) { controls[el.dataset.kzControl] = el; });
  var boxes = Array.prototype.slice.call(root.querySelectorAll('input[data-kz-control="offence"]'));
  var order = spec.offences.map(function (o) { return o.key; });
  var names = {};
  spec.offences.forEach(function (o) { names[o.key] = o; });
  var years = spec.years;

  function Fail(message) { this.message = message; }

  /* ---------------------------------------------------------------- number formats (as Python's) */
  function fixed(v, d) {
    return new Intl.NumberFormat("en-US", { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(v);
  }
  function grouped(v, d) {
    return new Intl.NumberFormat("en-US", { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: true }).format(v);
  }
  function signed(v, d) { return (v >= 0 ? "+" : "") + fixed(v, d); }
  function number(v, unit) {
    if (unit === "percent") { return fixed(v, 2) + "%"; }
    if (Math.abs(v) >= 100 || Number.isInteger(v)) { return grouped(v, 0); }
    return grouped(v, 1);
  }

  /* ---------------------------------------------------------------- kzcourse.crime, in the browser */
  function sameSet(a, b) { return a.length === b.length && a.every(function (k, i) { return k === b[i]; }); }

  function label(keys) {
    for (var g in spec.groups) {
      if (sameSet(spec.groups[g].members, keys)) { return spec.groups[g].label; }
    }
    return keys.map(function (k) { return names[k].label; }).join(" + ");
  }

  function total(keys, measure) {
    if (!keys.length) { throw new Fail("empty selection: choose at least one article or group, e.g. 'bribery' or '366'"); }
    var m = spec.measures[measure];
    var all = sameSet(keys, order);
    if (!m.by_offence) {
      if (!all) {
        throw new Fail(m.label + " are counted for all corruption offences together (" + m.source + "), not by article: choose 'all'");
      }
      return spec.persons[measure].slice();
    }
    if (measure === "damage" && all) { return spec.damage_total.slice(); }
    var table = spec.by_offence[measure];
    return years.map(function (y, i) {
      var cells = keys.map(function (k) { return table[k][i]; });
      var present = cells.filter(function (v) { return v !== null; });
      if (measure === "damage") {
        return present.length === cells.length ? present.reduce(function (a, b) { return a + b; }, 0) : null;
      }
      return present.length ? present.reduce(function (a, b) { return a + b; }, 0) : null;
    });
  }

  function divide(num, den, scale) {
    return num.map(function (v, i) { return v === null || den[i] === null || den[i] === 0 ? null : scale * v / den[i]; });
  }

  function view(keys, measure, scale) {
    var m = spec.measures[measure];
    var name = label(keys);
    if (scale === "share") {
      var part = total(keys, measure);
      if (!spec.all_crime[measure]) {
        throw new Fail("the report gives no count of all crime for " + m.label + ": use registered, tried or damage");
      }
      return { values: divide(part, spec.all_crime[measure], 100), label: "share of all " + spec.all_noun[measure] + ": " + name, unit: "percent" };
    }
    if (scale === "rate") {
      if (measure === "damage") { throw new Fail("rates per 100,000 people are for counts; damage is an amount of money"); }
      return { values: divide(total(keys, measure), spec.population, 1e5), label: m.label + " per 100,000 people: " + name, unit: "per 100,000 people" };
    }
    if (scale === "ratio") {
      if (measure !== "tried") { throw new Fail("the ratio per 100 registered is for offences tried in court: choose the measure 'tried'"); }
      var tried = total(keys, "tried"), registered = total(keys, "registered");
      var zero = years.filter(function (y, i) { return registered[i] === 0; });
      if (zero.length) {
        throw new Fail("zero denominator: the number of registered offences (" + name + ") is 0 in " + zero.join(", ") + ", so the ratio is undefined there");
      }
      return { values: divide(tried, registered, 100), label: "tried per 100 registered: " + name, unit: "percent" };
    }
    return { values: total(keys, measure), label: m.label + ": " + name, unit: m.unit };
  }

  function at(values, year) {
    var v = values[years.indexOf(year)];
    if (v === null || v === undefined) { throw new Fail("the series has no value for " + year + " (blank in the table)"); }
    return v;
  }

  function summary(series, start, end) {
    if (!series.values.some(function (v) { return v !== null; })) { throw new Fail("empty series: nothing to compare"); }
    var a = at(series.values, start), b = at(series.values, end);
    if (a === 0) { throw new Fail("zero denominator: the value in " + start + " is 0, so growth and fold change from it are undefined"); }
    var unit = series.unit, ratio = b / a;
    var moved = unit === "percent" ? signed(b - a, 2) + " points" : signed(100 * (b - a) / a, 1) + "%";
    var times = ratio >= 1 ? fixed(ratio, 2) + "-fold" : (b ? "down " + fixed(1 / ratio, 2) + "-fold" : "down to zero");
    var peak = null, peakYear = null;
    years.forEach(function (y, i) {
      var v = series.values[i];
      if (y >= start && y <= end && v !== null && (peak === null || v > peak)) { peak = v; peakYear = y; }
    });
    var suffix = unit === "percent" || unit === "" ? "" : " " + unit;
    return series.label + ": " + number(a, unit) + " (" + start + ") to " + number(b, unit) + " (" + end + ")" + suffix +
      ", " + moved + ", " + times + "; peak " + number(peak, unit) + " (" + peakYear + ")";
  }

  function chanceZ(counts, start, end, rate) {
    var i = years.indexOf(start), j = years.indexOf(end);
    var a = counts[i], b = counts[j];
    var ea = rate ? spec.population[i] : 1, eb = rate ? spec.population[j] : 1;
    var n = a + b, p = eb / (ea + eb);
    return (b - n * p) / Math.sqrt(n * p * (1 - p));
  }

  function explore(keys, measure, scale, start, end) {
    if (start >= end) { throw new Fail("choose a start year before the end year (" + start + " to " + end + " now)"); }
    var series = view(keys, measure, scale);
    var line = summary(series, start, end);
    var bars = null;
    if (spec.count_measures.indexOf(measure) >= 0 && (scale === "count" || scale === "rate")) {
      var counts = total(keys, measure);
      var z = chanceZ(counts, start, end, scale === "rate");
      line += "; " + (Math.abs(z) >= 1.96 ? "beyond" : "within") + " the chance variation of a count (z = " + signed(z, 1) + ")";
    }
    if (spec.count_measures.indexOf(measure) >= 0 && scale !== "ratio") {
      var raw = total(keys, measure);
      bars = series.values.map(function (v, i) { return v === null || !raw[i] ? null : 1.96 * Math.sqrt(raw[i]) * v / raw[i]; });
    }
    return { series: series, line: line, bars: bars };
  }

  /* ---------------------------------------------------------------- controls and drawing */
  function chosen() { return order.filter(function (k) { return boxes.some(function (b) { return b.value === k && b.checked; }); }); }

  function syncGroup() {
    var keys = chosen(), found = "custom";
    for (var g in spec.groups) { if (sameSet(spec.groups[g].members, keys)) { found = g; break; } }
    controls.group.value = found;
  }

  var state = {};
  function draw() {
    var keys = chosen();
    var start = Number(controls.start.value), end = Number(controls.end.value);
    var measure = controls.measure.value, scale = controls.scale.value;
    var result = null, message;
    try {
      result = explore(keys, measure, scale, start, end);
      message = result.line;
    } catch (err) {
      if (!(err instanceof Fail)) { throw err; }
      message = err.message;
    }
    readout.textContent = message;
    var traces = [], shown = [], values = [];
    if (result) {
      years.forEach(function (y, i) {
        if (y >= start && y <= end) { shown.push(y); values.push(result.series.values[i]); }
      });
      var articles = shown.map(function (y) {
        var code = y >= spec.code_change_year ? "new" : "old";
        return "article " + keys.map(function (k) { return names[k][code]; }).join(", ") + (code === "new" ? " (2014 Code)" : " (1997 Code)");
      });
      var trace = {
        type: "scatter", mode: "lines+markers", name: result.series.label, x: shown, y: values, text: articles,
        line: { color: spec.colors.line, width: 2 }, marker: { size: 8 }, connectgaps: false,
        hovertemplate: "%{x}: %{y:,.2f}<br>%{text}<extra></extra>"
      };
      if (result.bars) {
        var half = [];
        years.forEach(function (y, i) { if (y >= start && y <= end) { half.push(result.bars[i]); } });
        trace.error_y = { type: "data", array: half, visible: true, color: spec.colors.bars, thickness: 1.2, width: 4 };
      }
      traces.push(trace);
    }
    var shapes = [], notes = [];
    if (result && start < spec.code_change_year && end >= spec.code_change_year) {
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: spec.code_change_year - 0.5, x1: spec.code_change_year - 0.5,
        y0: 0, y1: 1, line: { color: spec.colors.code, dash: "dash", width: 1 } });
      notes.push({ xref: "x", yref: "paper", x: spec.code_change_year - 0.45, y: 1, xanchor: "left", yanchor: "top",
        text: "2014 Code", showarrow: false, font: { color: spec.colors.code, size: 12 } });
    }
    var layout = {
      margin: { l: 70, r: 20, t: 40, b: 45 }, height: 400, hovermode: "closest", showlegend: false,
      title: { text: result ? result.series.label : "nothing to show for this choice", font: { size: 14 }, x: 0, xanchor: "left" },
      xaxis: result ? { dtick: 1, zeroline: false, range: [start - 0.5, end + 0.5] } : { visible: false }, yaxis: { title: { text: result ? result.series.unit : "" }, rangemode: "tozero" },
      shapes: shapes, annotations: notes, font: { family: "sans-serif", size: 13 }
    };
    window.Plotly.react(plotDiv, traces, layout, { displayModeBar: false, responsive: true });
    state = {
      offences: keys, group: controls.group.value, measure: measure, scale: scale, start: start, end: end,
      ok: !!result, years: shown, values: values, message: message
    };
  }

  function start() {
    controls.group.addEventListener("change", function () {
      var g = spec.groups[controls.group.value];
      if (g) { boxes.forEach(function (b) { b.checked = g.members.indexOf(b.value) >= 0; }); }
      draw();
    });
    boxes.forEach(function (b) { b.addEventListener("change", function () { syncGroup(); draw(); }); });
    ["measure", "scale", "start", "end"].forEach(function (k) { controls[k].addEventListener("change", draw); });
    draw();
    root.classList.add("kz-live");
  }

  window.kzFigures = window.kzFigures || {};
  window.kzFigures["__ID__"] = function () { return JSON.parse(JSON.stringify(state)); };
  window.kzFigureState = window.kzFigureState || function (id) { return window.kzFigures[id] ? window.kzFigures[id]() : null; };
  window.kzWithPlotly(start, function () { readout.textContent = "The figure's script could not be loaded."; });
})();

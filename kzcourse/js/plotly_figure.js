/* A precomputed Plotly figure for the course book (kzcourse.interactive.precomputed_figure).
 * Its states are all in the JSON beside it; Plotly's own menus and sliders switch them.
 * window.kzFigureState(id) returns which menu button and slider step are active (for tests). */
(function () {
  "use strict";
  var root = document.querySelector('[data-kz-figure="__ID__"]');
  if (!root || root.dataset.kzReady) { return; }
  root.dataset.kzReady = "1";
  var spec = JSON.parse(root.querySelector("script.kz-spec").textContent);
  var plotDiv = root.querySelector(".kz-plot");
  var readout = root.querySelector(".kz-readout");
  var state = {};

  function record() {
    var layout = plotDiv.layout || {};
    state = {
      menus: (layout.updatemenus || []).map(function (m) { return m.active === undefined ? 0 : m.active; }),
      sliders: (layout.sliders || []).map(function (s) { return s.active === undefined ? 0 : s.active; }),
      visible: (plotDiv.data || []).map(function (t) { return t.visible === undefined ? true : t.visible; }),
      title: layout.title && (layout.title.text || layout.title)
    };
    var caption = (layout.meta && layout.meta.readout) || "";
    if (typeof caption === "object") {
      var key = state.menus.concat(state.sliders).join(",");
      caption = caption[key] || "";
    }
    readout.textContent = caption;
  }

  function start() {
    var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
    window.Plotly.newPlot(plotDiv, spec.data, spec.layout, config).then(function () {
      record();
      plotDiv.on("plotly_relayout", record);
      plotDiv.on("plotly_restyle", record);
      plotDiv.on("plotly_sliderchange", function () { setTimeout(record, 0); });
      plotDiv.on("plotly_buttonclicked", function () { setTimeout(record, 0); });
      root.classList.add("kz-live");
    });
  }

  window.kzFigures = window.kzFigures || {};
  window.kzFigures["__ID__"] = function () { return JSON.parse(JSON.stringify(state)); };
  window.kzFigureState = window.kzFigureState || function (id) { return window.kzFigures[id] ? window.kzFigures[id]() : null; };
  window.kzWithPlotly(start, function () { readout.textContent = "The figure's script could not be loaded."; });
})();

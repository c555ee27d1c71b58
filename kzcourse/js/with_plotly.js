/* Shared by the course's kernel-free figures: load the book's own Plotly once, then call back.
 * Plotly is served by the book at _vendor/plotly.min.js, found through Sphinx's data-content_root. */
window.kzWithPlotly = window.kzWithPlotly || function (callback, onError) {
  if (window.Plotly) { callback(); return; }
  var base = document.documentElement.dataset.content_root || "";
  var tag = document.querySelector("script[data-kz-plotly]");
  if (!tag) {
    tag = document.createElement("script");
    tag.src = base + "_vendor/plotly.min.js";
    tag.dataset.kzPlotly = "1";
    document.head.appendChild(tag);
  }
  tag.addEventListener("load", callback);
  if (onError) { tag.addEventListener("error", onError); }
};

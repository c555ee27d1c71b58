"""ipywidgets controls for the notebooks: the live twins of the book's kernel-free figures.

In JupyterLab a student changes the year, the regressor, the outcome or the set of
countries and the fit is recomputed in Python by :mod:`kzcourse.regression`, the same
code the chapter's text uses. A choice that cannot be fitted (fewer than three
countries, an ``x`` that does not vary) shows a message in the widget, never a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import base64
import html
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display

from . import style
from .regression import FitSummary, RegressionError, fit_summary

CUSTOM = "custom"


@dataclass
class ExplorerView:
    """What the explorer shows for one choice of inputs: the points and the fit, or why not."""

    points: pd.DataFrame
    fit: FitSummary | None
    message: str


def explorer_view(rows: pd.DataFrame, *, year: int, x: str, y: str, members, x_label: str = "", y_label: str = "") -> ExplorerView:
    """Select the points for a year and set of countries and fit ``y`` on ``x``.

    ``members`` is a collection of ISO3 codes, or ``None`` for every country.
    """
    points = rows[(rows["year"] == year)].dropna(subset=[x, y])
    if members is not None:
        points = points[points["iso3"].isin(list(members))]
    x_label, y_label = x_label or x, y_label or y
    try:
        fit = fit_summary(points[x], points[y])
    except RegressionError as err:
        if len(points) < 3:
            why = f"choose at least three countries with both values in {year} ({len(points)} now)"
        elif points[x].nunique() < 2:
            why = f"{x_label} takes a single value among these countries, so no line fits better than another"
        else:
            why = str(err)
        return ExplorerView(points, None, f"No fit: {why}.")
    message = (
        f"Fit on {fit.n} countries: {y_label} = {fit.intercept:.2f} + {fit.slope:.2f} × {x_label}, "
        f"R² = {fit.r2:.4f}."
    )
    return ExplorerView(points, fit, message)


def _figure_html(view, x, y, year, x_options, y_options, highlight) -> str:
    """The explorer's plot as an <img> with alt text (the widget snapshot in the book keeps it)."""
    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    pts = view.points
    ax.scatter(pts[x], pts[y], color=style.OKABE_ITO["blue"], alpha=0.8)
    if highlight is not None:
        hl = pts[pts["iso3"] == highlight]
        if len(hl):
            ax.scatter(hl[x], hl[y], color=style.KAZAKHSTAN, marker="D", s=70, zorder=3, label="Kazakhstan")
            ax.legend(loc="upper left")
    if view.fit is not None:
        grid = np.linspace(pts[x].min(), pts[x].max(), 2)
        ax.plot(grid, view.fit.predict(grid), color="black", lw=1.5)
    ax.set_xlabel(f"{x_options[x]} ({year})")
    ax.set_ylabel(y_options[y])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    alt = html.escape(
        f"Scatter plot of {y_options[y]} against {x_options[x]} in {year}, {len(pts)} countries. {view.message}",
        quote=True,
    )
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'


def regression_explorer(
    rows: pd.DataFrame,
    *,
    x_options: dict[str, str],
    y_options: dict[str, str],
    sets: dict[str, tuple[str, list[str] | None]],
    default_year: int,
    default_x: str,
    default_y: str,
    default_set: str,
    highlight: str | None = "KAZ",
) -> widgets.VBox:
    """A widget to refit the regression for any year, regressor, outcome and country set.

    Picking "custom" in the set menu enables the country list, where countries are
    toggled in and out of the fit (Ctrl/Cmd-click).
    """
    years = sorted(int(v) for v in rows["year"].unique())
    names = rows.drop_duplicates("iso3").set_index("iso3")["country"].sort_values()
    year_w = widgets.Dropdown(options=years, value=default_year, description="Year")
    x_w = widgets.Dropdown(options=[(v, k) for k, v in x_options.items()], value=default_x, description="x")
    y_w = widgets.Dropdown(options=[(v, k) for k, v in y_options.items()], value=default_y, description="y")
    set_options = [(label, key) for key, (label, _) in sets.items()] + [("Custom pick (list below)", CUSTOM)]
    set_w = widgets.Dropdown(options=set_options, value=default_set, description="Countries")
    start = sets[default_set][1] or list(names.index)
    pick_w = widgets.SelectMultiple(
        options=[(f"{n} ({k})", k) for k, n in names.items()],
        value=tuple(k for k in start if k in names.index),
        rows=8,
        description="Custom",
        disabled=True,
    )
    readout = widgets.HTML()
    plot = widgets.Output()

    def members():
        if set_w.value == CUSTOM:
            return list(pick_w.value)
        return sets[set_w.value][1]

    def redraw(*_):
        pick_w.disabled = set_w.value != CUSTOM
        view = explorer_view(
            rows, year=year_w.value, x=x_w.value, y=y_w.value, members=members(),
            x_label=x_options[x_w.value], y_label=y_options[y_w.value],
        )
        readout.value = f"<b>{view.message}</b>"
        plot.clear_output(wait=True)
        with plot:
            display(HTML(_figure_html(view, x_w.value, y_w.value, year_w.value, x_options, y_options, highlight)))

    for w in (year_w, x_w, y_w, set_w, pick_w):
        w.observe(redraw, names="value")
    redraw()
    controls = widgets.HBox([widgets.VBox([year_w, x_w, y_w, set_w]), pick_w])
    return widgets.VBox([controls, readout, plot])

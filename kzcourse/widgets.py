"""ipywidgets controls for the notebooks: the live twins of the book's kernel-free figures.

In JupyterLab a student changes the year, the regressor, the outcome or the set of
countries and the fit is recomputed in Python by :mod:`kzcourse.regression`, the same
code the chapter's text uses. A choice that cannot be fitted (fewer than three
countries, an ``x`` that does not vary) shows a message in the widget, never a
traceback. The plot is an image with alt text, so the widget's snapshot in the book
stays accessible.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from .explorer import ExplorerSpec, describe, draw_png, explorer_view

CUSTOM = "custom"


def regression_explorer(rows: pd.DataFrame, spec: ExplorerSpec) -> widgets.VBox:
    """A widget to refit the regression for any year, regressor, outcome and country set.

    Picking "custom" in the set menu enables the country list, where countries are
    toggled in and out of the fit (Ctrl/Cmd-click).
    """
    spec.check(rows)
    years = sorted(int(v) for v in rows["year"].unique())
    names = rows.drop_duplicates("iso3").set_index("iso3")["country"].sort_values()
    year_w = widgets.Dropdown(options=years, value=spec.default_year, description="Year")
    x_w = widgets.Dropdown(options=[(v, k) for k, v in spec.x_options.items()], value=spec.default_x, description="x")
    y_w = widgets.Dropdown(options=[(v, k) for k, v in spec.y_options.items()], value=spec.default_y, description="y")
    set_options = [(label, key) for key, (label, _) in spec.sets.items()] + [("Custom pick (list below)", CUSTOM)]
    set_w = widgets.Dropdown(options=set_options, value=spec.default_set, description="Countries")
    start = spec.sets[spec.default_set][1] or list(names.index)
    pick_w = widgets.SelectMultiple(
        options=[(f"{n} ({k})", k) for k, n in names.items()],
        value=tuple(k for k in start if k in names.index),
        rows=8,
        description="Custom",
        disabled=True,
    )
    readout = widgets.HTML()
    plot = widgets.Output()

    def redraw(*_):
        custom = set_w.value == CUSTOM
        pick_w.disabled = not custom
        x_label, y_label = spec.x_options[x_w.value], spec.y_options[y_w.value]
        members = list(pick_w.value) if custom else spec.sets[set_w.value][1]
        view = explorer_view(rows, year=year_w.value, x=x_w.value, y=y_w.value, members=members,
                             x_label=x_label, y_label=y_label)
        readout.value = f"<b>{html.escape(view.message)}</b>"
        png = draw_png(view, x_w.value, y_w.value, f"{x_label} ({year_w.value})", y_label, spec.highlight)
        who = "a custom pick" if custom else spec.sets[set_w.value][0].lower()
        alt = html.escape(describe(view, x_label, y_label, year_w.value, who), quote=True)
        plot.clear_output(wait=True)
        with plot:
            data = base64.b64encode(png).decode()
            display(HTML(f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'))

    for w in (year_w, x_w, y_w, set_w, pick_w):
        w.observe(redraw, names="value")
    redraw()
    controls = widgets.HBox([widgets.VBox([year_w, x_w, y_w, set_w]), pick_w])
    return widgets.VBox([controls, readout, plot])

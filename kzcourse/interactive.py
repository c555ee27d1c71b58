"""Interactive figures that compute in the reader's browser, with no kernel behind them.

The published book is static: an ipywidgets control there is only a snapshot, since no
Python runs when a reader moves it. The figures made here carry their data as JSON
and a small script that redoes the computation (for the regression explorer, a
least-squares fit) with Plotly in the browser. Plotly's script is served by the book
itself (``_vendor/plotly.min.js``), found through Sphinx's ``data-content_root``.

Each figure is a ``<div class="kz-interactive" data-kz-figure="ID">`` holding its
controls (``data-kz-control``), the plot, a live text read-out, and a ``<noscript>``
fallback image with alt text for print and for readers without JavaScript. In a
notebook the same output shows a note instead of the plot (the script has no book to
load Plotly from): there, the chapter's ipywidgets control is the live view.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from importlib import resources

import numpy as np
import pandas as pd

from . import style
from .regression import RegressionError, fit_summary

__all__ = ["InteractiveFigure", "fit_explorer"]

_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_CSS = (
    ".kz-interactive{border:1px solid #c8c8c8;border-left:4px solid #0072B2;padding:.6em .8em;margin:1em 0}"
    ".kz-controls{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center}"
    ".kz-controls select,.kz-controls button{font-size:.95em;padding:.15em .3em}"
    ".kz-live-note{margin:.2em 0 .5em;font-size:.95em}.kz-readout{font-weight:600;margin:.4em 0 0}"
    ".kz-plot{min-height:300px}"
)


class InteractiveFigure:
    """HTML for a kernel-free figure; displays itself in notebooks and in the book."""

    def __init__(self, figure_id: str, body: str, script: str, fallback_png: bytes, alt: str, caption: str):
        self.figure_id = figure_id
        self.body = body
        self.script = script
        self.fallback_png = fallback_png
        self.alt = alt
        self.caption = caption

    def to_html(self) -> str:
        png = base64.b64encode(self.fallback_png).decode()
        alt = html.escape(self.alt, quote=True)
        return (
            f'<div class="kz-interactive" data-kz-figure="{self.figure_id}" role="group" '
            f'aria-label="{html.escape(self.caption, quote=True)}">\n'
            '<p class="kz-live-note"><strong>Live figure:</strong> it computes in your browser. '
            "Change the controls or click a point to leave it out of the fit.</p>\n"
            f"<style>{_CSS}</style>\n{self.body}\n"
            f'<noscript><img src="data:image/png;base64,{png}" alt="{alt}" width="640"></noscript>\n'
            f"<script>{self.script}</script>\n</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _fallback_png(points: pd.DataFrame, x: str, y: str, highlight: str | None, x_label: str, y_label: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.scatter(points[x], points[y], color=style.OKABE_ITO["blue"], s=25, alpha=0.8)
    if highlight is not None:
        hl = points[points["key"] == highlight]
        ax.scatter(hl[x], hl[y], color=style.KAZAKHSTAN, marker="D", s=60, zorder=3)
    if len(points) >= 3 and points[x].nunique() > 1:
        fit = fit_summary(points[x], points[y])
        grid = np.linspace(points[x].min(), points[x].max(), 2)
        ax.plot(grid, fit.predict(grid), color="black", lw=1.5)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _select(name: str, label: str, options: dict, default) -> str:
    items = "".join(
        f'<option value="{html.escape(str(k))}"{" selected" if k == default else ""}>{html.escape(v)}</option>'
        for k, v in options.items()
    )
    ident = f"kz-{name}-{{id}}"
    return (
        f'<label for="{ident}">{html.escape(label)}</label> '
        f'<select id="{ident}" data-kz-control="{name}">{items}</select>'
    )


def fit_explorer(
    rows: pd.DataFrame,
    *,
    figure_id: str,
    x_options: dict[str, str],
    y_options: dict[str, str],
    sets: dict[str, tuple[str, list[str] | None]],
    default_year: int,
    default_x: str,
    default_y: str,
    default_set: str,
    key: str = "iso3",
    label: str = "country",
    year: str = "year",
    highlight: str | None = "KAZ",
    highlight_label: str = "Kazakhstan",
    caption: str = "",
) -> InteractiveFigure:
    """A scatter of ``y`` on ``x`` with its least-squares line, refitted in the browser.

    ``rows`` has one row per point and year, with a column for every key of
    ``x_options`` and ``y_options`` (NaN where a value does not exist). ``sets`` maps a
    set's id to ``(label, keys)``; ``keys=None`` means every point. The reader picks the
    year, x, y and set, and clicks points to leave them out of (or back into) the fit.
    """
    if not _ID.match(figure_id):
        raise ValueError(f"figure_id {figure_id!r} must be lowercase letters, digits and hyphens")
    needed = [key, label, year, *x_options, *y_options]
    missing = [c for c in needed if c not in rows.columns]
    if missing:
        raise ValueError(f"rows lacks column(s) {missing}")
    for name, default, options in (("x", default_x, x_options), ("y", default_y, y_options), ("set", default_set, sets)):
        if default not in options:
            raise ValueError(f"default {name} {default!r} is not one of {list(options)}")
    years = sorted(int(v) for v in rows[year].unique())
    if default_year not in years:
        raise ValueError(f"default_year {default_year} is not in the data's years {years}")

    def value(v):
        return None if pd.isna(v) else round(float(v), 6)

    records = [
        {
            "key": str(r[key]),
            "label": str(r[label]),
            "year": int(r[year]),
            "x": {c: value(r[c]) for c in x_options},
            "y": {c: value(r[c]) for c in y_options},
        }
        for _, r in rows.iterrows()
    ]
    spec = {
        "rows": records,
        "sets": {k: members for k, (_, members) in sets.items()},
        "x_labels": x_options,
        "y_labels": y_options,
        "highlight": highlight,
        "highlight_label": highlight_label,
        "colors": {
            "points": style.OKABE_ITO["blue"],
            "highlight": style.KAZAKHSTAN,
            "muted": style.MUTED,
            "line": "#000000",
        },
    }
    controls = " ".join(
        [
            _select("year", "Year", {y: str(y) for y in years}, default_year),
            _select("x", "x:", x_options, default_x),
            _select("y", "y:", y_options, default_y),
            _select("set", "Countries:", {k: lab for k, (lab, _) in sets.items()}, default_set),
        ]
    ).replace("{id}", figure_id)
    data_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    body = (
        f'<div class="kz-controls">{controls} '
        '<button type="button" class="kz-reset">Restore left-out points</button></div>\n'
        f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>\n'
        '<p class="kz-readout" aria-live="polite">This figure computes in the browser on the published '
        "book's page (make book). In a notebook, use the widget above it instead.</p>\n"
        f'<script type="application/json" class="kz-spec">{data_json}</script>'
    )
    script = resources.files("kzcourse").joinpath("js/fit_explorer.js").read_text().replace("__ID__", figure_id)

    members = sets[default_set][1]
    view = rows[rows[year] == default_year].dropna(subset=[default_x, default_y])
    if members is not None:
        view = view[view[key].isin(members)]
    view = view.rename(columns={key: "key"})
    try:
        fit = fit_summary(view[default_x], view[default_y])
        line = (
            f"The least-squares line is {y_options[default_y]} = {fit.intercept:.2f} + "
            f"{fit.slope:.2f} × {x_options[default_x]}, with R² = {fit.r2:.4f} over {fit.n} countries."
        )
    except RegressionError as err:
        line = f"No line is drawn: {err}."
    alt = (
        f"Scatter plot of {y_options[default_y]} against {x_options[default_x]} in {default_year} for "
        f"{sets[default_set][0].lower()}, {len(view)} points. {line}"
    )
    png = _fallback_png(view, default_x, default_y, highlight, x_options[default_x], y_options[default_y])
    return InteractiveFigure(figure_id, body, script, png, alt, caption or alt)

"""Interactive figures that compute in the reader's browser, with no kernel behind them.

The published book is static: no Python runs when a reader moves a control. The
figures made here carry their data as JSON and a small script that redoes the
computation (for the regression explorer, a least-squares fit) with Plotly in the
browser. Plotly's script is served by the book itself (``_vendor/plotly.min.js``), found
through Sphinx's ``data-content_root``.

Each figure is a ``<div class="kz-interactive" data-kz-figure="ID">`` holding its
controls (``data-kz-control``), the plot, a live text read-out, and a ``<noscript>``
fallback image with alt text for print and for readers without JavaScript. Chapters do
not call these directly: :mod:`kzcourse.explore` shows them only in the book, and the
ipywidgets control in a notebook.
"""

from __future__ import annotations

import base64
import html
import json
import re
from importlib import resources

import pandas as pd

from . import style
from .explorer import ExplorerSpec, default_view, describe, draw_png

__all__ = ["InteractiveFigure", "fit_explorer", "precomputed_figure"]

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

    def __init__(self, figure_id: str, body: str, script: str, fallback_png: bytes, alt: str, caption: str,
                 note: str = "Change the controls or click a point to leave it out of the fit."):
        self.figure_id = figure_id
        self.body = body
        self.script = script
        self.fallback_png = fallback_png
        self.alt = alt
        self.caption = caption
        self.note = note

    def to_html(self) -> str:
        png = base64.b64encode(self.fallback_png).decode()
        alt = html.escape(self.alt, quote=True)
        return (
            f'<div class="kz-interactive" data-kz-figure="{self.figure_id}" role="group" '
            f'aria-label="{html.escape(self.caption, quote=True)}">\n'
            f'<p class="kz-live-note"><strong>Live figure:</strong> it runs in your browser. '
            f"{html.escape(self.note)}</p>\n"
            f"<style>{_CSS}</style>\n{self.body}\n"
            f'<noscript><img src="data:image/png;base64,{png}" alt="{alt}" width="640"></noscript>\n'
            f"<script>{self.script}</script>\n</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _script(name: str, figure_id: str) -> str:
    """A figure's script with the shared Plotly loader (js/with_plotly.js) in front of it."""
    js = resources.files("kzcourse").joinpath("js")
    return (js.joinpath("with_plotly.js").read_text() + js.joinpath(name).read_text()).replace("__ID__", figure_id)


def _select(figure_id: str, name: str, label: str, options: dict, default) -> str:
    items = "".join(
        f'<option value="{html.escape(str(k))}"{" selected" if k == default else ""}>{html.escape(v)}</option>'
        for k, v in options.items()
    )
    ident = f"kz-{name}-{figure_id}"
    return (
        f'<label for="{ident}">{html.escape(label)}</label> '
        f'<select id="{ident}" data-kz-control="{name}">{items}</select>'
    )


def fit_explorer(rows: pd.DataFrame, spec: ExplorerSpec, *, figure_id: str, caption: str = "") -> InteractiveFigure:
    """A scatter of ``y`` on ``x`` with its least-squares line, refitted in the browser.

    ``rows`` has one row per country and year, with ``iso3``, ``country``, ``year`` and
    a column for every key of ``spec.x_options`` and ``spec.y_options`` (NaN where a
    value does not exist). The reader picks the year, x, y and set of countries, and
    clicks points to leave them out of (or back into) the fit.
    """
    if not _ID.match(figure_id):
        raise ValueError(f"figure_id {figure_id!r} must be lowercase letters, digits and hyphens")
    spec.check(rows)
    years = sorted(int(v) for v in rows["year"].unique())

    def value(v):
        return None if pd.isna(v) else round(float(v), 6)

    records = [
        {
            "key": str(r["iso3"]),
            "label": str(r["country"]),
            "year": int(r["year"]),
            "x": {c: value(r[c]) for c in spec.x_options},
            "y": {c: value(r[c]) for c in spec.y_options},
        }
        for _, r in rows.iterrows()
    ]
    data = {
        "rows": records,
        "sets": {k: members for k, (_, members) in spec.sets.items()},
        "x_labels": spec.x_options,
        "y_labels": spec.y_options,
        "highlight": spec.highlight,
        "highlight_label": spec.highlight_label,
        "colors": {
            "points": style.OKABE_ITO["blue"],
            "highlight": style.KAZAKHSTAN,
            "muted": style.MUTED,
            "line": "#000000",
        },
    }
    controls = " ".join(
        [
            _select(figure_id, "year", "Year", {y: str(y) for y in years}, spec.default_year),
            _select(figure_id, "x", "x:", spec.x_options, spec.default_x),
            _select(figure_id, "y", "y:", spec.y_options, spec.default_y),
            _select(figure_id, "set", "Countries:", {k: lab for k, (lab, _) in spec.sets.items()}, spec.default_set),
        ]
    )
    data_json = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    body = (
        f'<div class="kz-controls">{controls} '
        '<button type="button" class="kz-reset">Restore left-out points</button></div>\n'
        f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>\n'
        '<p class="kz-readout" aria-live="polite">Loading the figure…</p>\n'
        f'<script type="application/json" class="kz-spec">{data_json}</script>'
    )
    script = _script("fit_explorer.js", figure_id)

    view = default_view(rows, spec)
    x_label, y_label = spec.x_options[spec.default_x], spec.y_options[spec.default_y]
    who = spec.sets[spec.default_set][0].lower()
    alt = describe(view, x_label, y_label, spec.default_year, who)
    png = draw_png(view, spec.default_x, spec.default_y, f"{x_label} ({spec.default_year})", y_label, spec.highlight, dpi=80)
    return InteractiveFigure(figure_id, body, script, png, alt, caption or alt)


def precomputed_figure(fig, *, figure_id: str, caption: str, alt: str, fallback_png: bytes,
                       note: str = "Use the menus and sliders above the plot.") -> InteractiveFigure:
    """A Plotly figure whose states were computed in Python, switched in the browser.

    For explorations that need no new computation (a country set, a year, a measure),
    the chapter builds every state as Plotly traces and lets Plotly's own dropdowns
    (``layout.updatemenus``) and sliders switch between them; nothing is recomputed in
    the page. ``fig`` is a ``plotly.graph_objects.Figure``; ``fallback_png`` and ``alt``
    are shown to readers without JavaScript.
    """
    if not _ID.match(figure_id):
        raise ValueError(f"figure_id {figure_id!r} must be lowercase letters, digits and hyphens")
    spec = json.dumps(fig.to_plotly_json(), separators=(",", ":"), default=_json_default).replace("</", "<\\/")
    body = (
        f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>\n'
        '<p class="kz-readout" aria-live="polite">Loading the figure…</p>\n'
        f'<script type="application/json" class="kz-spec">{spec}</script>'
    )
    return InteractiveFigure(figure_id, body, _script("plotly_figure.js", figure_id), fallback_png, alt, caption, note)


def _json_default(value):
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")

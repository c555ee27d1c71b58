"""Chapter 4's explorer: counts of corruption offences by article, measure, scale and years.

Two faces of one exploration (:func:`kzcourse.explore.crime_explorer` picks the one the
reader can use):

* :func:`crime_widget`, an ipywidgets control for JupyterLab, which recomputes with
  :func:`kzcourse.crime.explore` in the notebook's Python;
* :func:`crime_twin`, the kernel-free figure of the published book, which carries the
  report's series as JSON and redoes the same sums, shares, rates, ratios and summary
  line in the reader's browser (``js/crime_explorer.js``). The number of possible
  selections (any of 2^11 sets of articles, six measures, four scales, 45 year ranges) is
  far too large to precompute, and the computation is a few additions.

A reader picks offences by group or article by article (across the 2015 change of
Criminal Code through the crosswalk, so an offence keeps its row whatever its number),
a measure, a scale and two years; the chart and a one-line summary follow, or a one-line
message says why the choice cannot be shown. Both faces give the same line for the same
choice (``tests/test_04_crime.py`` checks the twin against :func:`kzcourse.crime.explore`).
"""

from __future__ import annotations

import base64
import html
import io
import json

import numpy as np
import pandas as pd

from . import crime, style

__all__ = ["GROUP_CHOICES", "CUSTOM", "explorer_data", "offence_label", "draw_png", "describe", "crime_widget", "crime_twin"]

CUSTOM = "custom"
GROUP_CHOICES = {key: text for key, (text, _) in crime.GROUPS.items()}
"""The group menu: every named group of :data:`kzcourse.crime.GROUPS`, then a custom pick."""

MEASURE_CHOICES = {
    "registered": "registered offences (Table 3.1.1)",
    "tried": "offences tried in court (Table 3.1.2)",
    "damage": "damage, thousand KZT (Table 3.2.2)",
    "persons": "persons who committed them (Table 3.3.1)",
    "charged": "persons charged (Table 3.3.1)",
    "not_charged": "persons not charged (Table 3.3.1)",
}
SCALE_CHOICES = {
    "count": "as counted",
    "share": "share of all crime (%)",
    "rate": "per 100,000 people",
    "ratio": "tried per 100 registered",
}
CHANCE_NOTE = "bars: ±1.96√n, the chance variation of a count (not sampling error: the counts are complete)"


def offence_label(key: str) -> str:
    """An offence's name with its article in both Codes, e.g. 'Receipt of bribes (311 → 366)'."""
    row = crime.crosswalk().loc[key]
    return f"{row['label_table_3_1_1']} ({row['article_old_cc']} → {row['article_new_cc']})"


def _values(series: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in series.reindex(list(crime.YEARS))]


def explorer_data() -> dict:
    """Everything the browser needs to redo :func:`kzcourse.crime.explore`, as plain JSON values."""
    cw = crime.crosswalk()
    by_offence = {}
    for measure in ("registered", "tried", "damage"):
        long = crime.series("all", measure)
        by_offence[measure] = {
            key: _values(rows.set_index("year")["value"]) for key, rows in long.groupby("offence_key", sort=False)
        }
    return {
        "years": list(crime.YEARS),
        "code_change_year": crime.CODE_CHANGE_YEAR,
        "offences": [
            {"key": k, "label": cw.loc[k, "label_table_3_1_1"], "old": cw.loc[k, "article_old_cc"], "new": cw.loc[k, "article_new_cc"]}
            for k in crime.OFFENCES
        ],
        "groups": {key: {"label": text, "members": list(members)} for key, (text, members) in crime.GROUPS.items()},
        "measures": {
            key: {"label": m.label, "unit": m.unit, "source": m.source, "by_offence": m.by_offence}
            for key, m in crime.MEASURES.items()
        },
        "count_measures": list(crime.COUNT_MEASURES),
        "by_offence": by_offence,
        "damage_total": _values(crime.total("all", "damage")),
        "persons": {m: _values(crime.total("all", m)) for m in ("persons", "charged", "not_charged")},
        "all_crime": {m: _values(crime.all_crime(m)) for m in ("registered", "tried", "damage")},
        "all_noun": dict(crime._ALL_NOUN),
        "population": _values(crime.population("KAZ")),
        "colors": {"line": style.OKABE_ITO["blue"], "bars": style.MUTED, "code": style.KAZAKHSTAN},
        "chance_note": CHANCE_NOTE,
    }


def _chance_bars(selection, measure: str, scale: str, values: pd.Series) -> pd.Series | None:
    """Half-widths of the ±1.96√n bars for counts (and for rates and shares of counts)."""
    if measure not in crime.COUNT_MEASURES or scale not in ("count", "rate", "share"):
        return None
    counts = crime.total(selection, measure).loc[values.index]
    return 1.96 * np.sqrt(counts) * (values / counts)


def draw_png(values: pd.Series | None, bars: pd.Series | None, title: str, unit: str, dpi: int = 90) -> bytes:
    """The chart as a PNG: the series with its chance bars and the 2015 change of Code marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    if values is not None and values.notna().any():
        years = values.index.astype(int)
        ax.errorbar(years, values, yerr=None if bars is None else bars, color=style.OKABE_ITO["blue"], marker="o",
                    ecolor=style.MUTED, capsize=3)
        if years.min() < crime.CODE_CHANGE_YEAR <= years.max():
            ax.axvline(crime.CODE_CHANGE_YEAR - 0.5, color=style.KAZAKHSTAN, ls="--", lw=1)
            ax.annotate("2014 Code in force", (crime.CODE_CHANGE_YEAR - 0.45, 0.95), xycoords=("data", "axes fraction"),
                        color=style.KAZAKHSTAN, fontsize=9, va="top")
        ax.set_xticks(list(years))
        ax.set_ylim(bottom=0)
    else:
        ax.text(0.5, 0.5, "nothing to show for this choice", ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_title(title, fontsize=10, loc="left")
    ax.set_ylabel(unit)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def describe(values: pd.Series | None, title: str, line: str) -> str:
    """Alt text for the chart: what is plotted, over which years, and the summary line."""
    if values is None:
        return f"No chart: {line}"
    return f"Line chart of {title}, {int(values.index.min())} to {int(values.index.max())}. {line}"


def _view(selection, measure, scale, start, end):
    values, line = crime.explore(selection, measure, scale, start, end)
    if values is None:
        return None, None, line, "", ""
    full = crime.view(selection, measure, scale)
    title, unit = full.attrs["label"], full.attrs["unit"]
    bars = _chance_bars(selection, measure, scale, values)
    return values, bars, line, title, unit


def crime_widget(*, selection="all", measure: str = "registered", scale: str = "count"):
    """The notebook's control: group or articles, measure, scale and years; chart and summary line."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    keys = crime.resolve(selection)
    matching = [g for g, (_, members) in crime.GROUPS.items() if list(members) == keys]
    group_w = widgets.Dropdown(options=[(text, key) for key, text in GROUP_CHOICES.items()] + [("Custom pick (list)", CUSTOM)],
                               value=matching[0] if matching else CUSTOM, description="Offences")
    pick_w = widgets.SelectMultiple(options=[(offence_label(k), k) for k in crime.OFFENCES], value=tuple(keys), rows=11,
                                    description="Articles", layout=widgets.Layout(width="430px"))
    measure_w = widgets.Dropdown(options=[(text, key) for key, text in MEASURE_CHOICES.items()], value=measure,
                                 description="Measure", layout=widgets.Layout(width="380px"))
    scale_w = widgets.Dropdown(options=[(text, key) for key, text in SCALE_CHOICES.items()], value=scale, description="Scale")
    years_w = widgets.IntRangeSlider(value=(crime.YEARS[0], crime.YEARS[-1]), min=crime.YEARS[0], max=crime.YEARS[-1],
                                     description="Years", continuous_update=False)
    readout = widgets.HTML()
    plot = widgets.Output()
    busy = {"syncing": False}

    def redraw(*_):
        values, bars, line, title, unit = _view(list(pick_w.value), measure_w.value, scale_w.value, *years_w.value)
        readout.value = f"<b>{html.escape(line)}</b>" + (
            f"<br><small>{html.escape(CHANCE_NOTE)}</small>" if bars is not None else "")
        png = draw_png(values, bars, title, unit)
        alt = html.escape(describe(values, title, line), quote=True)
        plot.clear_output(wait=True)
        with plot:
            display(HTML(f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" style="max-width:100%">'))

    def group_changed(change):
        if busy["syncing"] or change["new"] == CUSTOM:
            return
        busy["syncing"] = True
        pick_w.value = tuple(crime.GROUPS[change["new"]][1])
        busy["syncing"] = False
        redraw()

    def pick_changed(change):
        if busy["syncing"]:
            return
        chosen = [k for k in crime.OFFENCES if k in change["new"]]
        found = [g for g, (_, members) in crime.GROUPS.items() if list(members) == chosen]
        busy["syncing"] = True
        group_w.value = found[0] if found else CUSTOM
        busy["syncing"] = False
        redraw()

    group_w.observe(group_changed, names="value")
    pick_w.observe(pick_changed, names="value")
    for w in (measure_w, scale_w, years_w):
        w.observe(redraw, names="value")
    redraw()
    controls = widgets.HBox([widgets.VBox([group_w, measure_w, scale_w, years_w]), pick_w])
    return widgets.VBox([controls, readout, plot])


def _select(figure_id: str, name: str, label: str, options: dict, default) -> str:
    items = "".join(
        f'<option value="{html.escape(str(k))}"{" selected" if k == default else ""}>{html.escape(v)}</option>'
        for k, v in options.items()
    )
    ident = f"kz-{name}-{figure_id}"
    return f'<label for="{ident}">{html.escape(label)}</label> <select id="{ident}" data-kz-control="{name}">{items}</select>'


def crime_twin(*, figure_id: str, caption: str, selection="all", measure: str = "registered", scale: str = "count"):
    """The book's kernel-free explorer: the same choices, computed in the reader's browser."""
    from .interactive import InteractiveFigure, _ID, _script

    if not _ID.match(figure_id):
        raise ValueError(f"figure_id {figure_id!r} must be lowercase letters, digits and hyphens")
    keys = crime.resolve(selection)
    matching = [g for g, (_, members) in crime.GROUPS.items() if list(members) == keys]
    years = {y: str(y) for y in crime.YEARS}
    group = _select(figure_id, "group", "Offences:", {**GROUP_CHOICES, CUSTOM: "custom pick (tick below)"},
                    matching[0] if matching else CUSTOM)
    boxes = "".join(
        f'<label class="kz-check"><input type="checkbox" data-kz-control="offence" value="{k}"'
        f'{" checked" if k in keys else ""}> {html.escape(offence_label(k))}</label>'
        for k in crime.OFFENCES
    )
    controls = " ".join(
        [
            _select(figure_id, "measure", "Measure:", MEASURE_CHOICES, measure),
            _select(figure_id, "scale", "Scale:", SCALE_CHOICES, scale),
            _select(figure_id, "start", "From", years, crime.YEARS[0]),
            _select(figure_id, "end", "to", years, crime.YEARS[-1]),
        ]
    )
    data = json.dumps(explorer_data(), separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    body = (
        "<style>.kz-articles{border:0;margin:.3em 0 .5em;padding:0;font-size:.92em}"
        ".kz-articles legend{font-size:1em;font-weight:600;margin:0 0 .2em;padding:0;border:0}"
        ".kz-article-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(17em,1fr));gap:.1em 1em}"
        ".kz-check{display:block}[data-kz-figure] select{max-width:100%}</style>\n"
        f'<div class="kz-controls">{group}</div>\n'
        f'<fieldset class="kz-articles"><legend>Articles (1997 Code → 2014 Code)</legend>'
        f'<div class="kz-article-grid">{boxes}</div></fieldset>\n'
        f'<div class="kz-controls">{controls}</div>\n'
        f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>\n'
        '<p class="kz-readout" aria-live="polite">Loading the figure…</p>\n'
        f'<p class="kz-note"><small>{html.escape(CHANCE_NOTE)}</small></p>\n'
        f'<script type="application/json" class="kz-spec">{data}</script>'
    )
    values, bars, line, title, unit = _view(keys, measure, scale, crime.YEARS[0], crime.YEARS[-1])
    png = draw_png(values, bars, title, unit, dpi=80)
    return InteractiveFigure(figure_id, body, _script("crime_explorer.js", figure_id), png, describe(values, title, line),
                             caption, note="Pick offences, a measure, a scale and years: the chart and the summary line are recomputed.")

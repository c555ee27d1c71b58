"""Chapter 1's explorer: the CPI of any countries over 1995-2024, both scales kept apart.

A reader picks countries (one by one, or a cited group), the measure (the score or the
percentile rank among the countries scored that year), whether to draw the 95% band of
the score's standard error, a period, and a kind of timeline event to overlay. The
editions before 2012 (0-10 scale, another method) and from 2012 (0-100) are always two
panels, never one line: the chapter shows why multiplying by ten does not join them.

Two faces share the data and the words: :func:`widget` (ipywidgets, for JupyterLab) and
:func:`twin` (a kernel-free figure for the book, ``js/cpi_explorer.js``). Both read
:func:`explorer_data`, and both write the read-out that :func:`message` writes, so a
student and a reader see the same sentence for the same choice. A choice that shows
nothing (no country, a period that ends before it starts, countries not scored then)
gets a one-line message, never a traceback.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import pandas as pd
from . import countries as _countries
from . import history, style

__all__ = ["PRESETS", "EVENT_SETS", "MEASURES", "Selection", "explorer_data", "message", "draw_png", "describe", "widget",
           "twin"]

FIRST_YEAR, LAST_YEAR = history.OLD_YEARS.start, history.NEW_YEARS.stop - 1
Z95 = history._z(0.95)
MEASURES = {"score": "Score", "percentile": "Percentile rank"}
#: preset id -> (label, group name for kzcourse.history.group, or None for Kazakhstan alone)
PRESETS = {
    "kaz": ("Kazakhstan", None),
    "s004": ("Document 004's comparison (2023)", "s004"),
    "central_asia": ("Central Asia", "central_asia"),
    "kaz_neighbours": ("Kazakhstan and its land neighbours", "kaz_neighbours"),
    "post_soviet": ("The fifteen former Soviet republics", "post_soviet"),
}
CUSTOM = "custom"
#: event set id -> (label, timeline kinds)
EVENT_SETS = {
    "none": ("No events", ()),
    "laws": ("Laws", ("law",)),
    "strategies": ("Strategies", ("strategy",)),
    "institutions": ("Institutions and renamings", ("institution", "renaming")),
    "international": ("International commitments and monitoring", ("international commitment", "monitoring round")),
    "all": ("Every dated event", history.KINDS),
}


def preset_members(preset: str) -> list[str]:
    """ISO3 codes of a preset, Kazakhstan first, only countries the CPI scores."""
    label, name = PRESETS[preset]
    codes = ["KAZ"] + ([] if name is None else [c for c in history.group(name) if c != "KAZ"])
    known = set(_series())
    return [c for c in codes if c in known]


@dataclass(frozen=True)
class Selection:
    """One state of the explorer."""

    countries: tuple[str, ...] = ("KAZ",)
    measure: str = "score"
    band: bool = True
    start: int = FIRST_YEAR
    end: int = LAST_YEAR
    events: str = "none"


# --------------------------------------------------------------------------- data
@lru_cache(maxsize=1)
def _series() -> dict:
    """ISO3 -> {'name', 'old': {y, s, p}, 'new': {y, s, p, se, lo, hi, plo, phi}} (values rounded for shipping)."""
    out: dict = {}
    old = history.positions(history.OLD_SCALE)
    new = history.positions(history.NEW_SCALE)
    for code, g in old.groupby("iso3"):
        out.setdefault(code, {"name": _countries.name(code)})["old"] = {
            "y": g["year"].astype(int).tolist(), "s": [round(float(v), 2) for v in g["score"]],
            "p": [round(float(v), 2) for v in g["percentile"]],
        }
    for code, g in new.groupby("iso3"):
        entry = out.setdefault(code, {"name": _countries.name(code)})
        entry["new"] = {
            "y": g["year"].astype(int).tolist(), "s": [round(float(v), 2) for v in g["score"]],
            "p": [round(float(v), 2) for v in g["percentile"]],
            "se": [_num(v) for v in g["standard_error"]],
            "lo": [_num(v) for v in g["low"]], "hi": [_num(v) for v in g["high"]],
            "plo": [_num(v) for v in g["pct_low"]], "phi": [_num(v) for v in g["pct_high"]],
        }
    for entry in out.values():
        entry.setdefault("old", {"y": [], "s": [], "p": []})
        entry.setdefault("new", {"y": [], "s": [], "p": [], "se": [], "lo": [], "hi": [], "plo": [], "phi": []})
    return dict(sorted(out.items(), key=lambda kv: kv[1]["name"]))


def _num(value):
    return None if pd.isna(value) else round(float(value), 2)


@lru_cache(maxsize=1)
def _events() -> list[dict]:
    """Every dated event (one per event), with a short label and its sources."""
    table = history.events()
    rows = []
    for _, e in table.iterrows():
        text = str(e["description"])
        label = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"
        rows.append({"year": int(e["year"]), "kind": e["kind"], "date": e["date"], "label": label,
                     "sources": e["sources"], "disputed": bool(e["disputed"])})
    return rows


def explorer_data() -> dict:
    """Everything the twin needs, JSON-ready: series, events, presets, labels and the z of a 95% interval.

    The score's band (score +/- z x standard error) is left for the browser to compute,
    which keeps the page lighter; its band in percentiles needs every other country's
    score and is shipped.
    """
    series = {code: {**entry, "new": {k: v for k, v in entry["new"].items() if k not in ("lo", "hi")}}
              for code, entry in _series().items()}
    return {
        "series": series,
        "events": _events(),
        "event_sets": {k: {"label": lab, "kinds": list(kinds)} for k, (lab, kinds) in EVENT_SETS.items()},
        "presets": {k: {"label": lab, "members": preset_members(k)} for k, (lab, _) in PRESETS.items()},
        "measures": MEASURES,
        "z": Z95,
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
        "highlight": "KAZ",
        "colors": {"highlight": style.KAZAKHSTAN, "palette": [c for c in style.PALETTE if c != style.KAZAKHSTAN],
                   "events": style.MUTED},
    }


# --------------------------------------------------------------------------- what a choice shows
@dataclass
class View:
    """The points each panel shows for a selection, the events in the period, and the read-out."""

    selection: Selection
    old: dict = field(default_factory=dict)  # iso3 -> list of (year, value, low, high)
    new: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    message: str = ""
    ok: bool = True


def _points(entry: dict, scale: str, sel: Selection) -> list[tuple]:
    part = entry[scale]
    value_key = "s" if sel.measure == "score" else "p"
    low_key, high_key = ("lo", "hi") if sel.measure == "score" else ("plo", "phi")
    out = []
    for i, year in enumerate(part["y"]):
        if sel.start <= year <= sel.end:
            low = part[low_key][i] if scale == "new" else None
            high = part[high_key][i] if scale == "new" else None
            out.append((year, part[value_key][i], low, high))
    return out


def _fmt(value: float, decimals: int = 1) -> str:
    """Fixed decimals, halves away from zero on the exact binary value (JavaScript's toFixed), typographic minus.

    The twin's script writes the same read-out with ``toFixed``; rounding the same way
    keeps the two texts identical even for a value such as 47.25.
    """
    quantum = Decimal(1).scaleb(-decimals)
    text = str(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


def _value(value: float, measure: str) -> str:
    return f"{value:g}" if measure == "score" else _fmt(value)


def view(sel: Selection) -> View:
    """What the explorer shows for ``sel``: the points per panel, the events, and one sentence."""
    data = _series()
    out = View(sel)
    if sel.measure not in MEASURES:
        out.ok, out.message = False, f"Choose score or percentile, not {sel.measure!r}."
        return out
    if sel.events not in EVENT_SETS:
        out.ok, out.message = False, f"Unknown set of events {sel.events!r}."
        return out
    if not sel.countries:
        out.ok, out.message = False, "Choose at least one country."
        return out
    if sel.start > sel.end:
        out.ok, out.message = False, (f"The period starts after it ends ({sel.start} > {sel.end}): "
                                      "pick a start year no later than the end year.")
        return out
    unknown = [c for c in sel.countries if c not in data]
    if unknown:
        out.ok, out.message = False, f"No CPI score for {', '.join(unknown)}."
        return out
    missing = []
    order = {code: i for i, code in enumerate(data)}  # by name, as the twin's list
    chosen = sorted(dict.fromkeys(sel.countries), key=order.get)
    for code in chosen:
        old, new = _points(data[code], "old", sel), _points(data[code], "new", sel)
        if old:
            out.old[code] = old
        if new:
            out.new[code] = new
        if not old and not new:
            missing.append(data[code]["name"])
    kinds = EVENT_SETS[sel.events][1]
    out.events = [e for e in _events() if e["kind"] in kinds and sel.start <= e["year"] <= sel.end]
    if not out.old and not out.new:
        out.ok, out.message = False, f"None of the chosen countries was scored in {sel.start}-{sel.end}."
        return out
    shown = [c for c in chosen if c in out.old or c in out.new]
    lead = "KAZ" if "KAZ" in shown else shown[0]
    parts = [_summary(data[lead], lead, out, sel)]
    if sel.band and out.old:
        parts.append("No band before 2012: the 0-10 files carry no standard errors.")
    if sel.events != "none":
        parts.append(f"{len(out.events)} {'event' if len(out.events) == 1 else 'events'} shown.")
    if missing:
        parts.append(f"Not scored in {sel.start}-{sel.end}: {', '.join(missing)}.")
    out.message = " ".join(parts)
    return out


def _summary(entry: dict, code: str, out: View, sel: Selection) -> str:
    """One sentence on the first chosen country: each scale's first and last value; the 0-100 change with its interval."""
    name = entry["name"]
    pieces = []
    what = "score" if sel.measure == "score" else "percentile"
    for scale, label in (("old", "0-10 scale"), ("new", "0-100 scale")):
        pts = (out.old if scale == "old" else out.new).get(code)
        if not pts:
            continue
        (y1, v1, _, _), (y2, v2, _, _) = pts[0], pts[-1]
        if y1 == y2:
            pieces.append(f"{label}, {what} {_value(v1, sel.measure)} in {y1}")
            continue
        text = f"{label}, {what} {_value(v1, sel.measure)} in {y1} and {_value(v2, sel.measure)} in {y2}"
        if scale == "new" and sel.measure == "score":
            part = entry["new"]
            se1, se2 = part["se"][part["y"].index(y1)], part["se"][part["y"].index(y2)]
            if se1 is not None and se2 is not None:
                d, se = v2 - v1, math.hypot(se1, se2)
                low, high = d - Z95 * se, d + Z95 * se
                verdict = "beyond" if low > 0 or high < 0 else "within"
                sign = "+" if d > 0 else ""
                text += (f": a change of {sign}{_value(d, 'score').replace('-', chr(0x2212))} "
                         f"(95% interval {_fmt(low)} to {_fmt(high)}), {verdict} the standard errors")
        pieces.append(text)
    return f"{name}: " + "; ".join(pieces) + "."


def message(sel: Selection) -> str:
    """The read-out for a selection (the widget's and the twin's text)."""
    return view(sel).message


# --------------------------------------------------------------------------- static picture
def draw_png(v: View, dpi: int = 90) -> bytes:
    """The view as two panels (0-10 editions, 0-100 editions), with bands and event ticks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sel = v.selection
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.5, 3.8), gridspec_kw={"width_ratios": [17, 13]})
    colours = _colours([c for c in _series() if c in sel.countries])
    data = _series()
    for ax, panel, scale, years in ((left, v.old, "0-10", history.OLD_YEARS), (right, v.new, "0-100", history.NEW_YEARS)):
        lo, hi = max(sel.start, years.start), min(sel.end, years.stop - 1)
        for code, pts in panel.items():
            xs = [p[0] for p in pts]
            ax.plot(xs, [p[1] for p in pts], marker="o", ms=3.5, color=colours[code], label=data[code]["name"],
                    lw=2.2 if code == "KAZ" else 1.4)
            if sel.band and scale == "0-100" and all(p[2] is not None for p in pts):
                ax.fill_between(xs, [p[2] for p in pts], [p[3] for p in pts], color=colours[code], alpha=0.15, lw=0)
        for e in v.events:
            if lo <= e["year"] <= hi:
                ax.axvline(e["year"], color=style.MUTED, lw=0.6, alpha=0.5, zorder=0)
        if lo <= hi:
            ax.set_xlim(lo - 0.5, hi + 0.5)
        else:
            ax.text(0.5, 0.5, "no editions in this period", ha="center", va="center", transform=ax.transAxes,
                    color=style.MUTED)
            ax.set_xticks([])
        if sel.measure == "score":
            ax.set_ylim(0, 10 if scale == "0-10" else 100)
            ax.set_ylabel(f"CPI score ({scale})")
        else:
            ax.set_ylim(0, 100)
            ax.set_ylabel("percentile rank")
        ax.set_title(f"{years.start}-{years.stop - 1}: {scale} scale", fontsize=10)
    handles, labels = right.get_legend_handles_labels()
    if not handles:
        handles, labels = left.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=min(5, len(handles)), fontsize=8, bbox_to_anchor=(0.5, -0.08))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _colours(codes) -> dict:
    palette = [c for c in style.PALETTE if c != style.KAZAKHSTAN]
    out, i = {}, 0
    for code in codes:
        if code == "KAZ":
            out[code] = style.KAZAKHSTAN
        else:
            out[code] = palette[i % len(palette)]
            i += 1
    return out


def describe(v: View) -> str:
    """Alt text: what is plotted, for whom, and the read-out."""
    sel = v.selection
    names = ", ".join(_series()[c]["name"] for c in sel.countries if c in _series()) or "no country"
    what = "CPI score" if sel.measure == "score" else "CPI percentile rank"
    band = " with the 95% band of the standard error on the 0-100 scale" if sel.band else ""
    return (f"Two panels of the {what}{band}, {sel.start}-{sel.end}: editions on the 0-10 scale (up to 2011) on the left, "
            f"on the 0-100 scale (from 2012) on the right, for {names}. {v.message}")


# --------------------------------------------------------------------------- notebook widget
def widget(selection: Selection = Selection()):
    """An ipywidgets control for JupyterLab: the same choices as the book's twin, recomputed in Python."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    data = _series()
    preset_w = widgets.Dropdown(options=[(lab, k) for k, (lab, _) in PRESETS.items()] + [("Custom pick (list below)", CUSTOM)],
                                value="kaz", description="Countries")
    pick_w = widgets.SelectMultiple(options=[(f"{e['name']} ({k})", k) for k, e in data.items()],
                                    value=tuple(selection.countries), rows=8, description="Pick")
    measure_w = widgets.ToggleButtons(options=[(lab, k) for k, lab in MEASURES.items()], value=selection.measure,
                                      description="Measure")
    band_w = widgets.Checkbox(value=selection.band, description="95% band (0-100 scale)")
    period_w = widgets.IntRangeSlider(value=(selection.start, selection.end), min=FIRST_YEAR, max=LAST_YEAR, step=1,
                                      description="Period", continuous_update=False)
    events_w = widgets.Dropdown(options=[(lab, k) for k, (lab, _) in EVENT_SETS.items()], value=selection.events,
                                description="Events")
    readout = widgets.HTML()
    plot = widgets.Output()
    busy = {"preset": False}

    def on_preset(change):
        if change["new"] != CUSTOM:
            busy["preset"] = True
            pick_w.value = tuple(preset_members(change["new"]))
            busy["preset"] = False
            redraw()

    def on_pick(_):
        if not busy["preset"]:
            preset_w.value = CUSTOM
            redraw()

    def current() -> Selection:
        start, end = period_w.value
        return Selection(tuple(pick_w.value), measure_w.value, band_w.value, int(start), int(end), events_w.value)

    def redraw(*_):
        v = view(current())
        readout.value = f"<b>{html.escape(v.message)}</b>"
        plot.clear_output(wait=True)
        if v.ok:
            png = base64.b64encode(draw_png(v)).decode()
            alt = html.escape(describe(v), quote=True)
            with plot:
                display(HTML(f'<img src="data:image/png;base64,{png}" alt="{alt}" style="max-width:100%">'))

    preset_w.observe(on_preset, names="value")
    pick_w.observe(on_pick, names="value")
    for w in (measure_w, band_w, period_w, events_w):
        w.observe(redraw, names="value")
    redraw()
    controls = widgets.HBox([widgets.VBox([preset_w, measure_w, band_w, period_w, events_w]), pick_w])
    box = widgets.VBox([controls, readout, plot])
    box.kz = {"preset": preset_w, "pick": pick_w, "measure": measure_w, "band": band_w, "period": period_w,
              "events": events_w, "readout": readout, "selection": current}
    return box


# --------------------------------------------------------------------------- book twin
def twin(*, figure_id: str, caption: str, selection: Selection = Selection()):
    """The kernel-free figure for the book: the same choices, drawn with Plotly in the reader's browser."""
    from .interactive import InteractiveFigure, _ID, _script, _select

    if not _ID.match(figure_id):
        raise ValueError(f"figure_id {figure_id!r} must be lowercase letters, digits and hyphens")
    data = explorer_data()
    data["default"] = {"countries": list(selection.countries), "measure": selection.measure, "band": selection.band,
                       "start": selection.start, "end": selection.end, "events": selection.events}
    years = {y: str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    pick_id = f"kz-countries-{figure_id}"
    options = "".join(
        f'<option value="{k}"{" selected" if k in selection.countries else ""}>{html.escape(e["name"])}</option>'
        for k, e in data["series"].items()
    )
    band_id = f"kz-band-{figure_id}"
    controls = " ".join([
        _select(figure_id, "preset", "Countries:", {**{k: lab for k, (lab, _) in PRESETS.items()},
                                                    CUSTOM: "Custom pick (list)"}, "kaz"),
        _select(figure_id, "measure", "Measure:", MEASURES, selection.measure),
        f'<label><input type="checkbox" id="{band_id}" data-kz-control="band"{" checked" if selection.band else ""}> '
        "95% band (0-100 scale)</label>",
        _select(figure_id, "start", "From", years, selection.start),
        _select(figure_id, "end", "to", years, selection.end),
        _select(figure_id, "events", "Events:", {k: lab for k, (lab, _) in EVENT_SETS.items()}, selection.events),
    ])
    pick = (f'<label for="{pick_id}">Pick countries (Ctrl or Cmd to add):</label> '
            f'<select id="{pick_id}" data-kz-control="countries" multiple size="6">{options}</select>')
    data_json = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    body = (
        f'<div class="kz-controls">{controls}</div>\n<div class="kz-controls">{pick}</div>\n'
        f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>\n'
        '<p class="kz-readout" aria-live="polite">Loading the figure…</p>\n'
        f'<script type="application/json" class="kz-spec">{data_json}</script>'
    )
    v = view(selection)
    return InteractiveFigure(figure_id, body, _script("cpi_explorer.js", figure_id), draw_png(v, dpi=80), describe(v),
                             caption, note="Change the controls; hover over a point or an event for its details.")

"""Chapter 5's explorer: the interval of a survey share, of a change, and the granularity check.

A reader picks a survey figure from the sources (or types a share and a sample size,
with a design effect) and sees its normal, Wilson and exact intervals, and, for two
waves, the interval of the change between them. A second control runs the granularity
check: can a printed percentage come from a whole number of respondents?

Two faces share this module, as Chapter 3's explorer does:

* :func:`widget`, an ipywidgets control for JupyterLab that computes with
  :mod:`kzcourse.surveys`;
* :func:`twin`, the book's kernel-free figure, which does the same arithmetic in the
  reader's browser (``js/survey_math.js``: Wilson, Clopper-Pearson through the
  incomplete beta function, Newcombe's difference, the granularity check) and draws
  with Plotly (``js/survey_explorer.js``).

What the reader types arrives as text. :func:`parse_share` and :func:`parse_n` turn it
into numbers or raise :class:`~kzcourse.surveys.SurveyError` with a one-line message,
which both faces show in place of a result (the browser script words its messages the
same way). :func:`interval_view` and :func:`grain_view` never raise: a bad entry gives
a view whose ``message`` says what to fix.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd

from . import style
from . import surveys as sv
from .surveys import SurveyError

__all__ = [
    "CUSTOM",
    "CONFIDENCE_LEVELS",
    "DEFF_RANGE",
    "Preset",
    "figure_presets",
    "grain_presets",
    "parse_share",
    "parse_n",
    "IntervalView",
    "interval_view",
    "GrainView",
    "grain_view",
    "draw_png",
    "describe",
    "widget",
    "twin",
]

CUSTOM = "custom"
CONFIDENCE_LEVELS = {"0.9": "90%", "0.95": "95%", "0.99": "99%"}
DEFF_RANGE = (1.0, 5.0, 0.1)  # min, max, step of the design-effect slider
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_SHARE_TEXT = re.compile(r"^\d+(?:[.,]\d+)?$")
_N_TEXT = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)$")
_METHODS = (("normal", "normal"), ("wilson", "Wilson"), ("exact", "exact"))


# =========================================================================== presets
@dataclass(frozen=True)
class Preset:
    """A survey figure (one wave, or two waves of the same question) the explorer can open on."""

    key: str
    label: str
    share_a: str
    n_a: str
    share_b: str = ""
    n_b: str = ""
    note: str = ""


def _share_text(value: float) -> str:
    return f"{value:g}"


def _n_text(value) -> str:
    return "" if pd.isna(value) else str(int(value))


_NAMES = {
    "gcb": "Barometer", "preko": "PREKO", "apa": "Academy", "pwc_ceo": "PwC CEOs", "internews": "Internews",
    "strategiya": "Strategy", "nur_otan": "Nur Otan", "pwc_gecs": "PwC crime survey",
}
#: Single figures offered beside the waves: (survey, population, question_id, answer, label).
_SINGLE = [
    ("apa_2017", "adults", "bribery_widespread", "widespread", "Academy 2017: bribery widespread"),
    ("pwc_ceo_2017", "CEOs of non-national companies in Kazakhstan", "state_capable", "yes",
     "PwC CEOs 2017: the state is capable"),
    ("preko_2017", "individual entrepreneurs", "encountered_corruption", "yes",
     "PREKO 2017: entrepreneurs who encountered corruption"),
    ("nur_otan_2014", "people from all across the country", "least_important_values", "self-development",
     "Nur Otan 2014: self-development among the least important values"),
]


def _family_name(survey: str) -> str:
    family = re.sub(r"_\d{4}$", "", survey)
    return _NAMES.get(family, family)


def figure_presets() -> list[Preset]:
    """Every change between two waves the sources compare, then a few single figures.

    Waves come from :func:`kzcourse.surveys.wave_changes` (PREKO 2015 and 2016 print no
    sample size: the 2017 size is assumed, and the label says so).
    """
    out = []
    waves = sv.wave_changes()
    # The Barometer's bribe question first (the figure the chapter opens with), then the rest by survey.
    order = waves.survey_from.str.startswith("gcb").map({True: 0, False: 1}) * 2 + (waves.question_id != "paid_bribe_12m")
    waves = waves.assign(_order=order).sort_values(["_order", "survey_from", "question_id"], kind="stable")
    for r in waves.itertuples():
        who = "" if r.population in ("adults", "individuals") else f", {r.population}"
        assumed = " (sizes assumed)" if r.n_assumed else ""
        label = (f"{_family_name(r.survey_from)}: {sv.question_label(r.question_id)}{who}, "
                 f"{r.year_from} to {r.year_to}{assumed}")
        key = f"{r.survey_from}-{r.survey_to}-{r.question_id.split(' /')[0]}-{r.population}".replace(" ", "_")
        out.append(Preset(key, label, _share_text(r.share_from), _n_text(r.n_from), _share_text(r.share_to),
                          _n_text(r.n_to), "sample sizes of 2015 and 2016 not printed; 2017's assumed" if r.n_assumed else ""))
    figures = sv._load("s003_surveys")
    for survey, population, qid, answer, label in _SINGLE:
        row = figures[(figures.survey == survey) & (figures.population == population) & (figures.question_id == qid)
                      & (figures.answer == answer) & (figures.row_kind == "value") & figures.settlement.isna()]
        if len(row) != 1:
            raise SurveyError(f"preset {label!r}: expected one figure in s003_surveys, found {len(row)}")
        r = row.iloc[0]
        out.append(Preset(f"{survey}-{qid}-{answer}".replace(" ", "_"), label, _share_text(float(r.percent)),
                          _n_text(r.sample_size)))
    return out


def grain_presets() -> list[Preset]:
    """Printed shares for the granularity check: the sources' failures first, then some that pass."""
    sweep = sv.granularity_sweep()
    failing = sweep[~sweep.possible]
    out = []
    for r in failing.itertuples():
        out.append(Preset(f"{r.survey}-{r.question_id}", f"{_family_name(r.survey)} {r.survey[-4:]}: "
                          f"{r.percent:g}% of {r.n:,} ({r.population})", _share_text(r.percent), str(r.n)))
    for survey, qid, answer in (("gcb_2016", "paid_bribe_12m", "yes"), ("apa_2017", "research_promotes_culture", "yes"),
                                ("pwc_ceo_2017", "state_capable", "yes")):
        r = sweep[(sweep.survey == survey) & (sweep.question_id == qid) & (sweep.answer == answer)].iloc[0]
        out.append(Preset(f"{survey}-{qid}", f"{_family_name(survey)} {survey[-4:]}: {r.percent:g}% of {r.n:,} "
                          f"({r.population})", _share_text(r.percent), str(r.n)))
    return out


# =========================================================================== parsing
def parse_share(text, name: str = "share") -> tuple[float, str]:
    """A typed percentage ('29', '39.9', '23,7', '61%') as (value, printed text), or a one-line error."""
    raw = "" if text is None else str(text)
    cleaned = raw.strip().rstrip("%").strip()
    if not cleaned:
        raise SurveyError(f"{name} is empty: type a percentage such as 29 or 39.9")
    if not _SHARE_TEXT.match(cleaned):
        raise SurveyError(f"{name} '{raw.strip()}' is not a number: type a percentage such as 29 or 39.9")
    value = float(cleaned.replace(",", "."))
    if value > 100:
        raise SurveyError(f"{name} must be a percentage between 0 and 100; got {value:g}")
    return value, cleaned.replace(",", ".")


def parse_n(text, name: str = "n") -> int:
    """A typed sample size ('1505', '1,505') as an int, or a one-line error."""
    raw = "" if text is None else str(text)
    cleaned = raw.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not cleaned:
        raise SurveyError(f"{name} is empty: type the number of respondents, such as 1505")
    if not _N_TEXT.match(cleaned):
        raise SurveyError(f"{name} '{raw.strip()}' is not a whole number of respondents: type one such as 1505")
    value = int(cleaned.replace(",", ""))
    if value < 1:
        raise SurveyError(f"{name} must be at least 1 respondent; got {value}")
    return value


# =========================================================================== views
@dataclass
class IntervalView:
    """What the interval explorer shows: each wave's three intervals and the change, or why not."""

    waves: list[dict] = field(default_factory=list)
    difference: sv.DifferenceInterval | None = None
    deff: float = 1.0
    confidence: float = 0.95
    message: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.waves)


def _wave(label: str, share: float, n: int, deff: float, confidence: float) -> dict:
    out = {"label": label, "share": share, "n": n, "n_effective": n / deff}
    for key, make in (("normal", sv.normal_interval), ("wilson", sv.wilson_interval), ("exact", sv.exact_interval)):
        ci = make(share, n, deff=deff, confidence=confidence)
        out[key] = (ci.lower, ci.upper)
    return out


def _fmt_n(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


def interval_view(share_a, n_a, share_b="", n_b="", *, deff: float = 1.0, confidence: float = 0.95) -> IntervalView:
    """The intervals of one share (or two waves) typed as text; a view with a message, never an exception.

    Leave ``share_b`` and ``n_b`` empty for a single figure. ``deff`` widens every
    interval as if the sample held ``n / deff`` independent respondents.
    """
    view = IntervalView(deff=float(deff), confidence=float(confidence))
    try:
        sv._deff(deff)
        sv._confidence(confidence)
        p1, _ = parse_share(share_a, "share (wave 1)")
        m1 = parse_n(n_a, "n (wave 1)")
        second = [str(v).strip() for v in (share_b, n_b)]
        if any(second) and not all(second):
            raise SurveyError("wave 2 needs both a share and a sample size (or leave both empty)")
        waves = [_wave("wave 1", p1, m1, deff, confidence)]
        if all(second):
            p2, _ = parse_share(share_b, "share (wave 2)")
            m2 = parse_n(n_b, "n (wave 2)")
            waves.append(_wave("wave 2", p2, m2, deff, confidence))
            view.difference = sv.difference_interval(p1, m1, p2, m2, deff_before=deff, deff_after=deff,
                                                     confidence=confidence)
    except SurveyError as err:
        view.message = f"No interval: {err}."
        return view
    view.waves = waves
    level = f"{confidence:.0%}"
    parts = []
    for w in waves:
        lo, hi = w["wilson"]
        eff = f" ({_fmt_n(w['n_effective'])} effective)" if deff != 1 else ""
        parts.append(f"{w['share']:g}% of {w['n']:,}{eff}: Wilson {level} interval {lo:.1f} to {hi:.1f}")
    text = "; ".join(parts) + "."
    d = view.difference
    if d is not None:
        verdict = "larger than its uncertainty" if d.significant else "within its uncertainty"
        text += (f" Change {d.difference:+.2f} points, {level} interval {d.lower:+.2f} to {d.upper:+.2f}: "
                 f"{verdict}.")
    view.message = text
    return view


@dataclass
class GrainView:
    """The granularity check of a typed share and sample size, or why it cannot run."""

    share: float | None = None
    n: int | None = None
    decimals: int = 0
    counts: tuple = ()
    nearest: tuple = ()
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.n is not None

    @property
    def possible(self) -> bool:
        return bool(self.counts)


def grain_view(share_text, n_text) -> GrainView:
    """Can the typed percentage (at its typed precision) come from whole respondents of n?"""
    try:
        _, printed = parse_share(share_text, "share")
        n = parse_n(n_text, "n")
        g = sv.granularity(printed, n)
    except SurveyError as err:
        return GrainView(message=f"No check: {err}.")
    return GrainView(g.share, g.n, g.decimals, g.counts, g.nearest, str(g) + ".")


# =========================================================================== pictures
def draw_png(view: IntervalView, grain: GrainView | None = None, dpi: int = 90) -> bytes:
    """The view as a PNG: each wave's three intervals, and the change with its interval."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    two = view.difference is not None
    fig, axes = plt.subplots(1, 2 if two else 1, figsize=(7.5, 3.0), squeeze=False,
                             gridspec_kw={"width_ratios": [2, 1]} if two else None)
    ax = axes[0][0]
    colours = [style.OKABE_ITO["sky"], style.OKABE_ITO["blue"], style.OKABE_ITO["orange"]]
    ticks, labels = [], []
    for i, w in enumerate(view.waves):
        for j, (key, name) in enumerate(_METHODS):
            y = i * 4 + j
            lo, hi = w[key]
            ax.plot([lo, hi], [y, y], color=colours[j], lw=3)
            ax.plot([w["share"]], [y], "o", color="black", ms=4)
            ticks.append(y)
            labels.append(f"{w['label']}, {name}")
    ax.set_yticks(ticks, labels)
    ax.invert_yaxis()
    ax.set_xlabel("share of respondents (%)")
    if two:
        d = view.difference
        bx = axes[0][1]
        bx.axvline(0, color=style.MUTED, lw=1)
        bx.plot([d.lower, d.upper], [0, 0], color=style.OKABE_ITO["vermillion"], lw=3)
        bx.plot([d.difference], [0], "o", color="black", ms=4)
        bx.set_yticks([0], ["change"])
        bx.set_xlabel("wave 2 − wave 1 (points)")
    if not view.ok:
        ax.text(0.5, 0.5, view.message, ha="center", va="center", wrap=True, transform=ax.transAxes)
        ax.set_yticks([])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def describe(view: IntervalView) -> str:
    """Alt text for the picture of a view."""
    if not view.ok:
        return f"No intervals are drawn. {view.message}"
    what = "two survey waves" if view.difference is not None else "one survey share"
    return (f"Confidence intervals of {what} by three methods (normal, Wilson, exact), design effect "
            f"{view.deff:g}. {view.message}")


# =========================================================================== the notebook widget
def _options(presets: list[Preset]) -> list[tuple[str, str]]:
    return [(p.label, p.key) for p in presets] + [("Your own numbers (type below)", CUSTOM)]


def widget(*, start: str | None = None, grain_start: str | None = None):
    """The ipywidgets explorer: survey figure, confidence, design effect, two waves; and the granularity check.

    Choosing a figure fills the boxes; typing in a box switches the menu to "your own
    numbers". Bad entries show a one-line message where the result would be.
    """
    import ipywidgets as widgets
    from IPython.display import HTML, display

    presets = figure_presets()
    grains = grain_presets()
    by_key = {p.key: p for p in presets}
    grain_by_key = {p.key: p for p in grains}
    first = by_key[start] if start else presets[0]
    layout = widgets.Layout(width="auto")
    fig_w = widgets.Dropdown(options=_options(presets), value=first.key, description="Figure", layout=layout)
    conf_w = widgets.Dropdown(options=[(v, float(k)) for k, v in CONFIDENCE_LEVELS.items()], value=0.95,
                              description="Confidence")
    lo, hi, step = DEFF_RANGE
    deff_w = widgets.FloatSlider(value=1.0, min=lo, max=hi, step=step, description="Design effect",
                                 readout_format=".1f", continuous_update=False, style={"description_width": "initial"})
    share_a = widgets.Text(first.share_a, description="Share 1 (%)")
    n_a = widgets.Text(first.n_a, description="n 1")
    share_b = widgets.Text(first.share_b, description="Share 2 (%)")
    n_b = widgets.Text(first.n_b, description="n 2")
    readout = widgets.HTML()
    plot = widgets.Output()

    g_first = grain_by_key[grain_start] if grain_start else grains[0]
    grain_w = widgets.Dropdown(options=_options(grains), value=g_first.key, description="Printed", layout=layout)
    g_share = widgets.Text(g_first.share_a, description="Share (%)")
    g_n = widgets.Text(g_first.n_a, description="n")
    g_readout = widgets.HTML()
    filling = {"on": False}

    def redraw(*_):
        view = interval_view(share_a.value, n_a.value, share_b.value, n_b.value, deff=deff_w.value,
                             confidence=conf_w.value)
        readout.value = f"<b>{html.escape(view.message)}</b>"
        png = base64.b64encode(draw_png(view)).decode()
        alt = html.escape(describe(view), quote=True)
        plot.clear_output(wait=True)
        with plot:
            display(HTML(f'<img src="data:image/png;base64,{png}" alt="{alt}" style="max-width:100%">'))

    def regrain(*_):
        g_readout.value = f"<b>{html.escape(grain_view(g_share.value, g_n.value).message)}</b>"

    def pick(change):
        if change["new"] == CUSTOM:
            return
        p = by_key[change["new"]]
        filling["on"] = True
        share_a.value, n_a.value, share_b.value, n_b.value = p.share_a, p.n_a, p.share_b, p.n_b
        filling["on"] = False
        redraw()

    def typed(_):
        if filling["on"]:
            return
        if fig_w.value != CUSTOM:
            fig_w.value = CUSTOM
        redraw()

    def pick_grain(change):
        if change["new"] == CUSTOM:
            return
        p = grain_by_key[change["new"]]
        filling["on"] = True
        g_share.value, g_n.value = p.share_a, p.n_a
        filling["on"] = False
        regrain()

    def typed_grain(_):
        if filling["on"]:
            return
        if grain_w.value != CUSTOM:
            grain_w.value = CUSTOM
        regrain()

    fig_w.observe(pick, names="value")
    for w in (conf_w, deff_w):
        w.observe(redraw, names="value")
    for w in (share_a, n_a, share_b, n_b):
        w.observe(typed, names="value")
    grain_w.observe(pick_grain, names="value")
    for w in (g_share, g_n):
        w.observe(typed_grain, names="value")
    redraw()
    regrain()
    intervals = widgets.VBox([
        widgets.HTML("<b>Interval of a share, and of a change between two waves</b>"),
        fig_w, widgets.HBox([conf_w, deff_w]), widgets.HBox([share_a, n_a]), widgets.HBox([share_b, n_b]),
        readout, plot,
    ])
    grain = widgets.VBox([
        widgets.HTML("<b>Granularity check: can the printed share come from whole respondents?</b>"),
        grain_w, widgets.HBox([g_share, g_n]), g_readout,
    ])
    return widgets.VBox([intervals, grain])


# =========================================================================== the book's twin
_CSS = (
    ".kz-survey-row{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;margin:.3em 0}"
    ".kz-survey-row input[type=text]{width:6.5em;font-size:.95em;padding:.1em .3em}"
    ".kz-survey-row select{max-width:100%}.kz-survey-grain{border-top:1px solid #c8c8c8;margin-top:.8em;padding-top:.5em}"
    ".kz-plot-grain{min-height:160px}"
)


def _select(figure_id: str, name: str, label: str, options: list[tuple[str, str]], default: str) -> str:
    ident = f"kz-{name}-{figure_id}"
    items = "".join(
        f'<option value="{html.escape(k)}"{" selected" if k == default else ""}>{html.escape(v)}</option>'
        for v, k in options
    )
    return (f'<label for="{ident}">{html.escape(label)}</label> '
            f'<select id="{ident}" data-kz-control="{name}">{items}</select>')


def _entry(figure_id: str, name: str, label: str, value: str) -> str:
    ident = f"kz-{name}-{figure_id}"
    return (f'<label for="{ident}">{html.escape(label)}</label> '
            f'<input type="text" inputmode="decimal" id="{ident}" data-kz-entry="{name}" value="{html.escape(value)}">')


def _script(figure_id: str) -> str:
    js = resources.files("kzcourse").joinpath("js")
    parts = [js.joinpath(name).read_text() for name in ("with_plotly.js", "survey_math.js", "survey_explorer.js")]
    return "\n".join(parts).replace("__ID__", figure_id)


def twin(*, figure_id: str, caption: str):
    """The kernel-free explorer for the book: the same controls, computed in the reader's browser."""
    from .interactive import InteractiveFigure

    if not _ID.match(figure_id):
        raise ValueError(f"figure_id {figure_id!r} must be lowercase letters, digits and hyphens")
    presets, grains = figure_presets(), grain_presets()
    first, g_first = presets[0], grains[0]
    z = {k: sv.z_value(float(k)) for k in CONFIDENCE_LEVELS}
    data = {
        "presets": {p.key: [p.share_a, p.n_a, p.share_b, p.n_b] for p in presets},
        "grains": {p.key: [p.share_a, p.n_a] for p in grains},
        "z": z,
        "colors": {"normal": style.OKABE_ITO["sky"], "wilson": style.OKABE_ITO["blue"],
                   "exact": style.OKABE_ITO["orange"], "change": style.OKABE_ITO["vermillion"],
                   "muted": style.MUTED, "grain": style.OKABE_ITO["green"]},
    }
    lo, hi, step = DEFF_RANGE
    deff_id = f"kz-deff-{figure_id}"
    controls = (
        f'<div class="kz-survey-row">{_select(figure_id, "figure", "Survey figure:", _options(presets), first.key)}</div>'
        f'<div class="kz-survey-row">{_select(figure_id, "confidence", "Confidence:", [(v, k) for k, v in CONFIDENCE_LEVELS.items()], "0.95")} '
        f'<label for="{deff_id}">Design effect:</label> '
        f'<input type="range" id="{deff_id}" data-kz-control="deff" min="{lo}" max="{hi}" step="{step}" value="1"> '
        f'<output class="kz-deff-value" for="{deff_id}">1.0</output></div>'
        f'<div class="kz-survey-row">{_entry(figure_id, "share_a", "Wave 1: share (%)", first.share_a)} '
        f'{_entry(figure_id, "n_a", "of n =", first.n_a)}</div>'
        f'<div class="kz-survey-row">{_entry(figure_id, "share_b", "Wave 2 (optional): share (%)", first.share_b)} '
        f'{_entry(figure_id, "n_b", "of n =", first.n_b)}</div>'
    )
    grain_controls = (
        '<div class="kz-survey-grain"><p><strong>Granularity check:</strong> can a printed share come from a '
        'whole number of the respondents?</p>'
        f'<div class="kz-survey-row">{_select(figure_id, "grain", "Printed figure:", _options(grains), g_first.key)}</div>'
        f'<div class="kz-survey-row">{_entry(figure_id, "grain_share", "Share as printed (%)", g_first.share_a)} '
        f'{_entry(figure_id, "grain_n", "of n =", g_first.n_a)}</div>'
        f'<div class="kz-plot-grain" id="kz-plot-grain-{figure_id}" role="figure" '
        'aria-label="The shares a sample of n respondents can produce near the printed figure"></div>'
        '<p class="kz-grain-readout" aria-live="polite"></p></div>'
    )
    data_json = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    body = (
        f"<style>{_CSS}</style>{controls}\n"
        f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>\n'
        '<p class="kz-readout" aria-live="polite">Loading the figure…</p>\n'
        f"{grain_controls}\n"
        f'<script type="application/json" class="kz-spec">{data_json}</script>'
    )
    view = interval_view(first.share_a, first.n_a, first.share_b, first.n_b)
    return InteractiveFigure(
        figure_id, body, _script(figure_id), draw_png(view, dpi=80), describe(view), caption,
        note="Pick a survey figure, or type your own share and sample size; move the design effect.",
    )

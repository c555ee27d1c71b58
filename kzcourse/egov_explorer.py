"""Chapter 2's explorer: the EGDI's parts for a set of countries, and the component correlations of the top N.

Two views, shared by the notebook widget and the book's kernel-free twin:

* **countries** (:func:`group_view`, :func:`trajectory`): pick a set of countries
  (Kazakhstan and its neighbours, the CIS as document 002 counts it, Central Asia,
  Central Asia with the South Caucasus as document 004 compares it, or a custom pick)
  and a survey; see the OSI, HCI and TII side by side with the EGDI, and one measure
  over all eleven surveys;
* **correlations** (:func:`correlation_view`, :func:`correlation_curve`): pick a survey
  and N; see the correlation matrix of the three components among the N countries with
  the highest EGDI, and how each correlation changes as N shrinks from every country to
  the leaders (restriction of range, seen rather than told).

In a notebook :func:`widget` recomputes in Python; in the book :func:`twin` ships every
country's values and the precomputed correlations as JSON, and a small script
(``js/egov_explorer.js``) switches between them in the reader's browser with ordinary
HTML controls, so the custom pick works without a kernel too. A choice that cannot be
shown (no country picked, none scored that year, N too small) gives a one-line message
in either face, never a traceback.
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from . import countries, egov, style
from .countries import CountryError
from .egov import COMPONENTS, SURVEYS, EgovError

__all__ = [
    "SETS",
    "WHO",
    "CUSTOM",
    "MEASURES",
    "PAIRS",
    "set_members",
    "label",
    "GroupView",
    "group_view",
    "trajectory",
    "CorrelationView",
    "correlation_view",
    "correlation_curve",
    "draw_group_png",
    "draw_correlation_png",
    "widget",
    "twin",
]

SETS = {
    "neighbours": "Kazakhstan and its neighbours",
    "cis": "The CIS (as document 002 counts it)",
    "central_asia": "Central Asia",
    "ca_caucasus": "Central Asia and the South Caucasus",
}
# How a readout names each set mid-sentence ("2022, the CIS: ...").
WHO = {
    "neighbours": "Kazakhstan and its neighbours",
    "cis": "the CIS",
    "central_asia": "Central Asia",
    "ca_caucasus": "Central Asia and the South Caucasus",
    "custom": "a custom pick",
}
CUSTOM = "custom"
MEASURES = {"egdi": "EGDI", "egdi_rank": "EGDI rank", "osi": "OSI", "hci": "HCI", "tii": "TII"}
SHORT = {"egdi": "EGDI", "osi": "OSI", "hci": "HCI", "tii": "TII"}
PAIRS = (("osi", "hci"), ("osi", "tii"), ("hci", "tii"))
BAR_COLOURS = {
    "osi": style.OKABE_ITO["blue"],
    "hci": style.OKABE_ITO["green"],
    "tii": style.OKABE_ITO["orange"],
    "egdi": style.OKABE_ITO["black"],
}
LINE_COLOURS = [style.OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "sky", "black", "yellow")]
NO_PICK = "Pick at least one country in the list (Ctrl- or Cmd-click adds more)."


@lru_cache(maxsize=len(SURVEYS))
def _survey(year: int) -> pd.DataFrame:
    """One survey's rows (read once per session: the explorer redraws often)."""
    return egov.survey(year)


def _surveys() -> pd.DataFrame:
    return pd.concat([_survey(y) for y in SURVEYS], ignore_index=True)


def label(iso3: str) -> str:
    """A short display name: the course's name, with TI's "Korea; South" read as "South Korea"."""
    name = countries.name(iso3)
    if ";" in name:
        first, second = (part.strip() for part in name.split(";", 1))
        name = f"{second} {first}"
    return name


def set_members(key: str, year) -> list[str]:
    """ISO3 codes of a named set as of a survey year (the CIS changes: Georgia left in 2009)."""
    return list(_set_members(key, egov.check_year(year)))


@lru_cache(maxsize=64)
def _set_members(key: str, year: int) -> tuple[str, ...]:
    return tuple(_members(key, year))


def _members(key: str, year: int) -> list[str]:
    if key == "neighbours":
        return ["KAZ", *countries.members("kaz_neighbours", year)]
    if key == "cis":
        return countries.members("cis", year)
    if key == "central_asia":
        return countries.members("central_asia", year)
    if key == "ca_caucasus":
        return countries.members("central_asia", year) + countries.members("south_caucasus", year)
    raise EgovError(f"Unknown set {key!r}: choose one of {', '.join(SETS)} or pick countries yourself.")


# --------------------------------------------------------------------------- the countries view


@dataclass
class GroupView:
    """One survey's values for a set of countries, best EGDI first, or why there are none.

    ``rows`` holds the countries with an EGDI that year (iso3, name, egdi, osi, hci, tii,
    egdi_rank); ``unscored`` names the picked countries without one (a placeholder 0 in
    the early files, or not assessed); ``ranked`` is how many countries the survey ranked.
    """

    year: int | None
    rows: pd.DataFrame
    unscored: list[str]
    ranked: int | None
    message: str

    @property
    def ok(self) -> bool:
        return not self.rows.empty


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=["iso3", "name", "egdi", *COMPONENTS, "egdi_rank"])


def _resolve_all(members) -> list[str]:
    if members is None or isinstance(members, str):
        members = [] if members is None else [members]
    codes = []
    for member in members:
        code = countries.resolve(member)
        if code not in codes:
            codes.append(code)
    return codes


def group_view(members, year, who: str = "these countries") -> GroupView:
    """The OSI, HCI, TII and EGDI of ``members`` (codes or names) in survey ``year``."""
    try:
        year = egov.check_year(year)
        codes = _resolve_all(members)
    except (EgovError, CountryError) as err:
        return GroupView(None, _empty_rows(), [], None, str(err))
    if not codes:
        return GroupView(year, _empty_rows(), [], None, NO_PICK)
    survey = _survey(year)
    ranked = int(survey["egdi_rank"].notna().sum())
    rows = survey[survey["iso3"].isin(codes) & (survey["status"] == "scored")]
    rows = rows.sort_values(["egdi", "iso3"], ascending=[False, True])
    out = pd.DataFrame(
        {
            "iso3": rows["iso3"].to_numpy(),
            "name": [label(c) for c in rows["iso3"]],
            **{c: rows[c].to_numpy(float) for c in ("egdi", *COMPONENTS)},
            "egdi_rank": rows["egdi_rank"].astype(int).to_numpy(),
        }
    )
    unscored = [label(c) for c in codes if c not in set(out["iso3"])]
    if out.empty:
        message = (
            f"No EGDI in {year} for {', '.join(unscored)}: the early files give such countries a "
            "placeholder 0 or leave them out. Pick another survey or other countries."
        )
        return GroupView(year, out, unscored, ranked, message)
    top, low = out.iloc[0], out.iloc[-1]
    message = f"{year}, {who}: {len(out)} {'country' if len(out) == 1 else 'countries'} with an EGDI. "
    message += f"Highest: {top['name']}, {top['egdi']:.4f} (ranked {top['egdi_rank']} of {ranked})"
    if len(out) > 1:
        message += f"; lowest: {low['name']}, {low['egdi']:.4f} (ranked {low['egdi_rank']})"
    message += "."
    if unscored:
        message += f" No EGDI that year for {', '.join(unscored)}."
    return GroupView(year, out, unscored, ranked, message)


def trajectory(members, measure: str = "egdi") -> pd.DataFrame:
    """One measure for ``members`` over every survey: index the years, one column per country.

    Surveys in which a country has no EGDI (a placeholder 0, or not assessed) are NaN, so
    a line breaks there instead of diving to zero.
    """
    if measure not in MEASURES:
        raise EgovError(f"Unknown measure {measure!r}: choose one of {', '.join(MEASURES)}.")
    codes = _resolve_all(members)
    frame = _surveys()
    frame = frame[frame["iso3"].isin(codes)]
    values = frame[measure].astype(float).where(frame["status"] == "scored")
    wide = frame.assign(value=values).pivot(index="year", columns="iso3", values="value")
    wide = wide.reindex(index=list(SURVEYS), columns=[c for c in codes if c in wide.columns])
    return wide.rename(columns=label)


# --------------------------------------------------------------------------- the correlations view


@dataclass
class CorrelationView:
    """The component correlations among the top ``n`` of a survey, or why there are none."""

    year: int | None
    n: int | None
    scored: int | None
    matrix: pd.DataFrame | None
    lowest_egdi: float | None
    message: str

    @property
    def ok(self) -> bool:
        return self.matrix is not None


@lru_cache(maxsize=len(SURVEYS))
def _ordered(year: int) -> pd.DataFrame:
    """Every scored country of a survey in the order :func:`kzcourse.egov.top` keeps them."""
    scored = int((_survey(year)["status"] == "scored").sum())
    return egov.top(year, scored)


def _r(frame: pd.DataFrame) -> dict[str, float]:
    corr = frame[list(COMPONENTS)].corr()
    return {f"{a}_{b}": float(corr.loc[a, b]) for a, b in PAIRS}


def correlation_view(year, n=None) -> CorrelationView:
    """Pearson correlations of OSI, HCI and TII among the ``n`` highest-EGDI countries (None: all)."""
    try:
        year = egov.check_year(year)
        ordered = _ordered(year)
        scored = len(ordered)
        if n is None:
            n = scored
        matrix = egov.correlations(year, top_n=None if n == scored else n)
    except EgovError as err:
        return CorrelationView(None if not isinstance(year, int) else year, None, None, None, None, str(err))
    sample = ordered.head(n)
    lowest = float(sample["egdi"].min())
    r = {f"{a}_{b}": float(matrix.loc[a, b]) for a, b in PAIRS}
    everyone = _r(ordered)
    who = f"all {scored} scored countries" if n == scored else f"the top {n} (EGDI {lowest:.4f} and above)"
    message = (
        f"{year}, {who}: r(OSI, HCI) = {_fmt(r['osi_hci'])}, r(OSI, TII) = {_fmt(r['osi_tii'])}, "
        f"r(HCI, TII) = {_fmt(r['hci_tii'])}."
    )
    if n != scored:
        message += (
            f" Among all {scored}: {_fmt(everyone['osi_hci'])}, {_fmt(everyone['osi_tii'])}, "
            f"{_fmt(everyone['hci_tii'])}."
        )
    return CorrelationView(year, n, scored, matrix, lowest, message)


def _fmt(value: float) -> str:
    return f"{value:.2f}".replace("-", "\u2212")


def correlation_curve(year, step: int = 5) -> pd.DataFrame:
    """The three correlations among the top N for N = 5, 10, ... and every scored country."""
    year = egov.check_year(year)
    ordered = _ordered(year)
    scored = len(ordered)
    ns = list(range(step, scored, step)) + [scored]
    rows = []
    for n in ns:
        sample = ordered.head(n)
        rows.append({"n": n, **{f"r_{k}": v for k, v in _r(sample).items()}, "lowest_egdi": float(sample["egdi"].min())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- pictures (widget, fallback)


def _png(fig, dpi: int) -> bytes:
    """The figure as a small PNG: an adaptive palette of 64 colours keeps the page light."""
    import matplotlib.pyplot as plt
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").quantize(colors=64)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_group_png(view: GroupView, path: pd.DataFrame, measure: str, dpi: int = 90) -> bytes:
    """Bars of OSI, HCI, TII and EGDI per country, and the chosen measure over the surveys."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (bars, lines) = plt.subplots(2, 1, figsize=(6.5, 6.4))
    rows = view.rows
    if view.ok:
        x = np.arange(len(rows))
        width = 0.2
        for i, c in enumerate(("osi", "hci", "tii", "egdi")):
            bars.bar(x + (i - 1.5) * width, rows[c], width, label=SHORT[c], color=BAR_COLOURS[c])
        bars.set_xticks(x, rows["name"], rotation=30, ha="right")
        bars.set_ylim(0, 1.05)
        bars.set_ylabel(f"score in {view.year} (0 to 1)")
        bars.legend(ncols=4, loc="upper right", fontsize=9)
    else:
        bars.text(0.5, 0.5, view.message, ha="center", va="center", wrap=True, transform=bars.transAxes)
        bars.set_axis_off()
    others = 0
    for name in path.columns:
        kaz = name == label("KAZ")
        colour = style.KAZAKHSTAN if kaz else LINE_COLOURS[others % len(LINE_COLOURS)]
        dash = "-" if kaz or others < len(LINE_COLOURS) else "--"
        others += 0 if kaz else 1
        lines.plot(path.index, path[name], marker="o", ms=3, lw=2.6 if kaz else 1.4, ls=dash,
                   color=colour, label=name, zorder=3 if kaz else 2)
    if len(path.columns):
        lines.legend(fontsize=8, ncols=2)
    if measure == "egdi_rank":
        lines.invert_yaxis()
    lines.set_xticks(list(SURVEYS), [str(y) for y in SURVEYS], rotation=45)
    lines.set_ylabel(MEASURES[measure] + (" (1 = best)" if measure == "egdi_rank" else ""))
    fig.tight_layout()
    return _png(fig, dpi)


def draw_correlation_png(view: CorrelationView, curve: pd.DataFrame | None, dpi: int = 90) -> bytes:
    """The correlation matrix of the top N, and each correlation against N."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (heat, lines) = plt.subplots(1, 2, figsize=(8.4, 3.6), gridspec_kw={"width_ratios": [1, 1.6]})
    names = [SHORT[c] for c in COMPONENTS]
    if view.ok:
        z = view.matrix.loc[list(COMPONENTS), list(COMPONENTS)].to_numpy()
        heat.imshow(z, cmap="RdBu", vmin=-1, vmax=1)
        for i in range(3):
            for j in range(3):
                heat.text(j, i, _fmt(z[i, j]), ha="center", va="center", color="white" if abs(z[i, j]) > 0.6 else "black")
        heat.set_xticks(range(3), names)
        heat.set_yticks(range(3), names)
        heat.grid(False)
        heat.set_title(f"top {view.n} of {view.scored}, {view.year}" if view.n != view.scored else f"all {view.scored}, {view.year}",
                       fontsize=10)
    else:
        heat.text(0.5, 0.5, view.message, ha="center", va="center", wrap=True, transform=heat.transAxes)
        heat.set_axis_off()
    if curve is not None:
        for (a, b), colour in zip(PAIRS, (style.OKABE_ITO["blue"], style.OKABE_ITO["orange"], style.OKABE_ITO["green"])):
            lines.plot(curve["n"], curve[f"r_{a}_{b}"], color=colour, label=f"r({SHORT[a]}, {SHORT[b]})")
        if view.ok:
            lines.axvline(view.n, color="black", lw=1, ls="--")
        lines.axhline(0, color="black", lw=0.6)
        lines.set_xscale("log")
        lines.set_xlabel("N: the countries with the highest EGDI kept")
        lines.set_ylabel("correlation")
        lines.set_ylim(-1, 1)
        lines.legend(fontsize=8)
    fig.tight_layout()
    return _png(fig, dpi)


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode()
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" style="max-width:100%">'


def _group_alt(view: GroupView, measure: str) -> str:
    return (
        f"Bar chart of the OSI, HCI, TII and EGDI of each chosen country in {view.year}, and a line "
        f"chart of their {MEASURES[measure]} over the surveys from 2003 to 2022. {view.message}"
    )


def _correlation_alt(view: CorrelationView) -> str:
    return (
        "Heat map of the correlations between the OSI, HCI and TII among the countries kept, and a "
        f"line chart of each correlation against the number of countries kept. {view.message}"
    )


# --------------------------------------------------------------------------- the notebook widget


def widget(default_set: str = "cis", default_year: int = 2022, default_n: int | None = None):
    """Two ipywidgets panels: the countries view and the correlations view, recomputed in Python."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    all_codes = sorted(set(_surveys().query("status == 'scored'")["iso3"]), key=label)
    set_w = widgets.Dropdown(options=[(v, k) for k, v in SETS.items()] + [("Custom pick (list)", CUSTOM)],
                             value=default_set, description="Countries")
    year_w = widgets.Dropdown(options=list(SURVEYS), value=default_year, description="Survey")
    measure_w = widgets.Dropdown(options=[(v, k) for k, v in MEASURES.items()], value="egdi", description="Over time")
    pick_w = widgets.SelectMultiple(options=[(f"{label(c)} ({c})", c) for c in all_codes],
                                    value=tuple(set_members(default_set, default_year)), rows=8, description="Pick")
    readout = widgets.HTML()
    plot = widgets.Output()
    busy = {"syncing": False}

    def members():
        if set_w.value == CUSTOM:
            return list(pick_w.value)
        return set_members(set_w.value, year_w.value)

    def redraw(*_):
        view = group_view(members(), year_w.value, WHO[set_w.value])
        path = trajectory(members(), measure_w.value) if members() else trajectory([], measure_w.value)
        readout.value = f"<b>{html.escape(view.message)}</b>"
        png = draw_group_png(view, path, measure_w.value)
        plot.clear_output(wait=True)
        with plot:
            display(HTML(_img(png, _group_alt(view, measure_w.value))))

    def on_set(change):
        if set_w.value != CUSTOM:
            busy["syncing"] = True
            pick_w.value = tuple(c for c in set_members(set_w.value, year_w.value) if c in set(all_codes))
            busy["syncing"] = False
        redraw()

    def on_pick(change):
        if busy["syncing"]:
            return
        if set_w.value != CUSTOM:
            set_w.value = CUSTOM  # picking countries makes the set a custom pick (redraws)
        else:
            redraw()

    set_w.observe(on_set, names="value")
    pick_w.observe(on_pick, names="value")
    year_w.observe(on_set, names="value")
    measure_w.observe(redraw, names="value")
    redraw()

    # The correlations panel
    c_year_w = widgets.Dropdown(options=list(SURVEYS), value=default_year, description="Survey")
    scored = len(_ordered(default_year))
    n_w = widgets.IntSlider(value=default_n or scored, min=3, max=scored, step=1, description="Top N",
                            continuous_update=False)
    c_readout = widgets.HTML()
    c_plot = widgets.Output()
    curves: dict[int, pd.DataFrame] = {}

    def redraw_corr(*_):
        year = c_year_w.value
        view = correlation_view(year, n_w.value)
        if year not in curves:
            curves[year] = correlation_curve(year)
        c_readout.value = f"<b>{html.escape(view.message)}</b>"
        png = draw_correlation_png(view, curves[year])
        c_plot.clear_output(wait=True)
        with c_plot:
            display(HTML(_img(png, _correlation_alt(view))))

    def on_corr_year(change):
        top_n = len(_ordered(c_year_w.value))
        at_max = n_w.value == n_w.max
        n_w.max = top_n
        if at_max or n_w.value > top_n:
            n_w.value = top_n
        redraw_corr()

    c_year_w.observe(on_corr_year, names="value")
    n_w.observe(redraw_corr, names="value")
    redraw_corr()

    first = widgets.VBox([
        widgets.HTML("<b>The EGDI and its parts for a set of countries</b>"),
        widgets.HBox([widgets.VBox([set_w, year_w, measure_w]), pick_w]),
        readout,
        plot,
    ])
    second = widgets.VBox([
        widgets.HTML("<b>Correlations of the components among the top N countries</b>"),
        widgets.HBox([c_year_w, n_w]),
        c_readout,
        c_plot,
    ])
    return widgets.VBox([first, second])


# --------------------------------------------------------------------------- the book's twin


def _round(value, digits: int = 4):
    return None if value is None or pd.isna(value) else round(float(value), digits)


def _group_spec(default_set: str, default_year: int, default_measure: str) -> dict:
    """Every scored country's values, compact: per survey (in ``years`` order) null or
    [EGDI, OSI, HCI, TII] in ten-thousandths and the rank (the files print four decimals)."""
    frame = _surveys()
    scored = frame[frame["status"] == "scored"]
    data = {}
    for iso3, rows in scored.groupby("iso3"):
        by_year = {int(r.year): r for r in rows.itertuples()}
        data[iso3] = {
            "name": label(iso3),
            "v": [
                None if y not in by_year else
                [*(int(round(10_000 * getattr(by_year[y], c))) for c in ("egdi", *COMPONENTS)), int(by_year[y].egdi_rank)]
                for y in SURVEYS
            ],
        }
    ranked = {str(y): int(frame[(frame["year"] == y)]["egdi_rank"].notna().sum()) for y in SURVEYS}
    sets = {
        key: {"label": text, "who": WHO[key], "members": {str(y): set_members(key, y) for y in SURVEYS}}
        for key, text in SETS.items()
    }
    return {
        "kind": "group",
        "years": list(SURVEYS),
        "measures": MEASURES,
        "fields": ["egdi", "osi", "hci", "tii", "egdi_rank"],
        "scale": 10_000,
        "countries": data,
        "order": sorted(data, key=lambda c: data[c]["name"]),
        "sets": sets,
        "ranked": ranked,
        "highlight": "KAZ",
        "colors": {"bars": BAR_COLOURS, "lines": LINE_COLOURS, "highlight": style.KAZAKHSTAN},
        "no_pick": NO_PICK,
        "default": {"set": default_set, "year": default_year, "measure": default_measure},
    }


def _correlation_spec(default_year: int, default_n: int | None) -> dict:
    curves = {}
    for year in SURVEYS:
        curve = correlation_curve(year)
        curves[str(year)] = {
            "n": [int(v) for v in curve["n"]],
            **{f"{a}_{b}": [_round(v) for v in curve[f"r_{a}_{b}"]] for a, b in PAIRS},
            "lowest": [_round(v) for v in curve["lowest_egdi"]],
        }
    all_n = curves[str(default_year)]["n"][-1]
    return {
        "kind": "correlation",
        "years": list(SURVEYS),
        "curves": curves,
        "pairs": [f"{a}_{b}" for a, b in PAIRS],
        "labels": SHORT,
        "colors": [style.OKABE_ITO["blue"], style.OKABE_ITO["orange"], style.OKABE_ITO["green"]],
        "default": {"year": default_year, "n": default_n or all_n},
    }


def _select(figure_id: str, name: str, text: str, options: list[tuple[str, str]], default, multiple: bool = False) -> str:
    items = "".join(
        f'<option value="{html.escape(str(k))}"{" selected" if (k in default if multiple else k == default) else ""}>'
        f"{html.escape(v)}</option>"
        for k, v in options
    )
    ident = f"kz-{name}-{figure_id}"
    extra = ' multiple size="6"' if multiple else ""
    return (
        f'<label for="{ident}">{html.escape(text)}</label> '
        f'<select id="{ident}" data-kz-control="{name}"{extra}>{items}</select>'
    )


def _script(figure_id: str) -> str:
    js = resources.files("kzcourse").joinpath("js")
    text = js.joinpath("with_plotly.js").read_text() + js.joinpath("egov_explorer.js").read_text()
    return text.replace("__ID__", figure_id)


_MATRIX_CSS = (
    ".kz-matrix-wrap{display:flex;flex-wrap:wrap;gap:1em;align-items:center}"
    ".kz-matrix-wrap .kz-plot{flex:1 1 360px;min-width:0}"
    ".kz-matrix{display:grid;grid-template-columns:repeat(4,auto);gap:2px;margin:.5em 0;"
    "font-variant-numeric:tabular-nums}"
    ".kz-matrix [role=columnheader],.kz-matrix [role=rowheader],.kz-matrix [role=cell]{padding:.45em .7em;text-align:center}"
    ".kz-matrix [role=row]{display:contents}.kz-matrix [role=columnheader],.kz-matrix [role=rowheader]{font-weight:600}"
    ".kz-matrix-title{font-size:.9em;margin:.2em 0;text-align:center}"
)


def _matrix_table(figure_id: str) -> str:
    """A correlation matrix the script fills in (the book's Plotly bundle has no heat map).

    An ARIA grid of divs rather than a <table>: the book numbers and captions every data
    table of a page, and this one is part of a figure.
    """
    names = [SHORT[c] for c in COMPONENTS]
    head = '<div role="row"><span role="columnheader"></span>' + "".join(
        f'<span role="columnheader">{n}</span>' for n in names) + "</div>"
    rows = "".join(
        f'<div role="row"><span role="rowheader">{a}</span>'
        + "".join(f'<span role="cell" data-kz-cell="{i}{j}">…</span>' for j in range(3)) + "</div>"
        for i, a in enumerate(names)
    )
    title_id = f"kz-matrix-title-{figure_id}"
    return (
        f'<div><p class="kz-matrix-title" id="{title_id}">Correlation matrix</p>'
        f'<div class="kz-matrix" role="table" aria-labelledby="{title_id}">{head}{rows}</div></div>'
    )


def _body(figure_id: str, controls: str, caption: str, spec: dict, matrix: bool = False) -> str:
    data = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    plot = f'<div class="kz-plot" id="kz-plot-{figure_id}" role="figure" aria-label="{html.escape(caption, quote=True)}"></div>'
    if matrix:
        plot = f"<style>{_MATRIX_CSS}</style><div class=\"kz-matrix-wrap\">{_matrix_table(figure_id)}{plot}</div>"
    return (
        f'<div class="kz-controls">{controls}</div>\n{plot}\n'
        '<p class="kz-readout" aria-live="polite">Loading the figure…</p>\n'
        f'<script type="application/json" class="kz-spec">{data}</script>'
    )


class _Pair:
    """Two kernel-free figures shown as one cell output."""

    def __init__(self, *figures):
        self.figures = figures

    def to_html(self) -> str:
        return "\n".join(f.to_html() for f in self.figures)

    def _repr_html_(self) -> str:
        return self.to_html()


def twin(figure_id: str = "egdi", default_set: str = "cis", default_year: int = 2022, default_n: int | None = None,
         caption: str = "The EGDI's parts for a set of countries, and the correlations of the parts among the top N"):
    """The book's kernel-free twin: two figures (``<id>-countries``, ``<id>-correlations``)."""
    from .interactive import InteractiveFigure

    group_id, corr_id = f"{figure_id}-countries", f"{figure_id}-correlations"
    gspec = _group_spec(default_set, default_year, "egdi")
    all_codes = gspec["order"]
    pick_default = set_members(default_set, default_year)
    controls = " ".join([
        _select(group_id, "set", "Countries:", [(k, v) for k, v in SETS.items()] + [(CUSTOM, "Custom pick (list)")], default_set),
        _select(group_id, "year", "Survey:", [(y, str(y)) for y in SURVEYS], default_year),
        _select(group_id, "measure", "Over time:", list(MEASURES.items()), "egdi"),
        _select(group_id, "pick", "Pick:", [(c, f"{gspec['countries'][c]['name']} ({c})") for c in all_codes],
                pick_default, multiple=True),
    ])
    view = group_view(pick_default, default_year, WHO[default_set])
    path = trajectory(pick_default, "egdi")
    first = InteractiveFigure(
        group_id,
        _body(group_id, controls, caption, gspec),
        _script(group_id),
        draw_group_png(view, path, "egdi", dpi=60),
        _group_alt(view, "egdi"),
        "The OSI, HCI, TII and EGDI of a set of countries in one survey, and one measure over all surveys",
        note="Choose a set of countries, a survey and a measure; Ctrl- or Cmd-click in the list to pick your own countries.",
    )
    cspec = _correlation_spec(default_year, default_n)
    n_values = cspec["curves"][str(default_year)]["n"]
    start = n_values.index(cspec["default"]["n"]) if cspec["default"]["n"] in n_values else len(n_values) - 1
    corr_controls = " ".join([
        _select(corr_id, "year", "Survey:", [(y, str(y)) for y in SURVEYS], default_year),
        f'<label for="kz-n-{corr_id}">Top N:</label> <input type="range" id="kz-n-{corr_id}" data-kz-control="n" '
        f'min="0" max="{len(n_values) - 1}" step="1" value="{start}" aria-valuetext="{n_values[start]} countries"> '
        f'<output for="kz-n-{corr_id}" class="kz-n-value">{n_values[start]}</output>',
    ])
    cview = correlation_view(default_year, n_values[start])
    second = InteractiveFigure(
        corr_id,
        _body(corr_id, corr_controls, "Correlations of OSI, HCI and TII against the number of top countries kept", cspec,
              matrix=True),
        _script(corr_id),
        draw_correlation_png(cview, correlation_curve(default_year), dpi=70),
        _correlation_alt(cview),
        "Correlations of OSI, HCI and TII among the top N countries",
        note="Move the slider to keep fewer countries, from all of them down to the five with the highest EGDI.",
    )
    return _Pair(first, second)

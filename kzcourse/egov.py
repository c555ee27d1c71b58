"""E-government and the UN EGDI: the shaping and statistics of Chapter 2.

The UN's E-Government Development Index (EGDI) is built from three components, each
scored 0-1 for every UN member state in a survey: the Online Service Index (OSI), the
Human Capital Index (HCI) and the Telecommunication Infrastructure Index (TII). The
functions here let a reader check, from the UN's own files (derived table ``egdi``):

* how the EGDI is made from its components in each survey, and where the published
  value departs from that rule (:func:`rebuild`, :func:`rebuild_summary`,
  :func:`fitted_weights`, :func:`component_ranges`);
* how the rank follows from the score (:func:`rank`, :func:`rank_check`);
* a country's path over the eleven surveys and what moved it (:func:`path`,
  :func:`change`, :func:`moves`);
* where it stands in a group of countries (:func:`compare`, :func:`group_means`,
  :func:`standing`), the groups being cited in ``country_groups``;
* how correlations between the components depend on which countries are kept
  (:func:`correlations`, :func:`restriction_of_range`, :func:`random_correlations`)
  and on income (:func:`partial_correlations`);
* where a country stands among all countries, component by component, once the
  scale of each survey is set aside (:func:`position`);
* the published analysis of document 002 recomputed from its own table and from the
  UN file (:func:`s002_statistics`, :func:`s002_cis_statistics`), the sources' claims
  about Kazakhstan's rank (:func:`source_claims`), and document 003's table of state
  services by channel (:func:`services_by_channel`, :func:`services_checks`,
  :func:`services_vs_op_ed`).

Bad input (an unknown country, a year with no survey, too few countries for a
correlation) raises :class:`EgovError` or :class:`~kzcourse.countries.CountryError`
with one line that names the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from numbers import Integral

import numpy as np
import pandas as pd

from . import countries, paths
from .data import load, resource
from .derive import EGDI_YEARS

__all__ = [
    "EgovError",
    "COMPONENTS",
    "LABELS",
    "SURVEYS",
    "WEIGHTS",
    "ROUNDING",
    "check_year",
    "survey",
    "weights",
    "rebuild",
    "rebuild_summary",
    "fitted_weights",
    "component_ranges",
    "rank",
    "rank_check",
    "rank_summary",
    "path",
    "Move",
    "change",
    "moves",
    "compare",
    "group_means",
    "standing",
    "top",
    "correlations",
    "restriction_of_range",
    "random_correlations",
    "partial_correlations",
    "position",
    "s002_statistics",
    "s002_cis_statistics",
    "source_claims",
    "services_by_channel",
    "services_checks",
    "services_vs_op_ed",
]

COMPONENTS = ("osi", "hci", "tii")
LABELS = {
    "egdi": "EGDI",
    "osi": "Online Service Index (OSI)",
    "hci": "Human Capital Index (HCI)",
    "tii": "Telecommunication Infrastructure Index (TII)",
    "epart": "E-Participation Index (EPI)",
}
SURVEYS = tuple(EGDI_YEARS)
_PAIRS = (("osi", "hci"), ("osi", "tii"), ("hci", "tii"))

# The 2008 and 2010 files fit EGDI = 0.34 OSI + 0.33 HCI + 0.33 TII to within 1e-5
# (see fitted_weights); every other survey's EGDI is the plain mean of the three.
WEIGHTS = {
    "equal": {"osi": 1 / 3, "hci": 1 / 3, "tii": 1 / 3},
    "0.34/0.33/0.33": {"osi": 0.34, "hci": 0.33, "tii": 0.33},
}
_WEIGHTED_SURVEYS = (2008, 2010)

# The files print four (2018 on) or five decimals. A mean of rounded components and a
# rounded EGDI can differ by up to one unit in the fourth decimal without any error.
ROUNDING = 1e-4 + 1e-9


class EgovError(ValueError):
    """The request cannot be answered from the EGDI data as asked; the message says why."""


# --------------------------------------------------------------------------- surveys


def check_year(year) -> int:
    """The survey year as an int; a clear error for a year with no UN survey."""
    listed = ", ".join(str(y) for y in SURVEYS[:-1]) + f" and {SURVEYS[-1]}"
    if isinstance(year, bool) or not isinstance(year, (Integral, str)):
        raise EgovError(f"A survey year must be a whole number such as 2022, not {year!r}; the surveys are {listed}.")
    try:
        value = int(year)
    except ValueError:
        raise EgovError(f"A survey year must be a whole number such as 2022, not {year!r}; the surveys are {listed}.") from None
    if value not in SURVEYS:
        raise EgovError(f"No UN e-government survey in {value}: the surveys are {listed}.")
    return value


def _all() -> pd.DataFrame:
    """Every survey's rows with a ``status`` column; read once per version of the file.

    Nearly every function here starts from the whole table, and a chapter calls them
    dozens of times: the typed table is kept for as long as the file on disk is unchanged
    (its path, size and modification time), and each caller gets its own copy.
    """
    path = paths.DATA / resource("egdi")["path"]
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
    except FileNotFoundError:  # load() derives it, then says so if it cannot
        key = (str(path), None, None)
    return _read_all(key).copy()


@lru_cache(maxsize=2)
def _read_all(_key) -> pd.DataFrame:
    frame = load("egdi")
    frame["egdi_rank"] = frame["egdi_rank"].astype("Int64")
    frame["year"] = frame["year"].astype(int)
    parts = frame[list(COMPONENTS)]
    frame["status"] = np.where(
        frame["egdi"] > 0, "scored", np.where((parts > 0).any(axis=1), "zero_egdi", "absent")
    )
    return frame


def survey(year) -> pd.DataFrame:
    """One survey's rows, with a ``status`` column that says how to read a zero.

    ``scored``: an EGDI above zero. ``zero_egdi``: the file prints EGDI 0 although some
    component is not 0 (2003-2005 and 2012: every country with OSI 0; 2008-2010: every
    country with HCI 0, plainly a missing value for Monaco or San Marino); these
    countries share the bottom rank, and their 0 is a placeholder, not a score.
    ``absent``: every value 0 and no rank (South Sudan before 2012, Montenegro before
    2008: not yet UN members).
    """
    year = check_year(year)
    frame = _all()
    return frame[frame["year"] == year].reset_index(drop=True)


def _scored(year) -> pd.DataFrame:
    frame = survey(year)
    return frame[frame["status"] == "scored"].reset_index(drop=True)


# --------------------------------------------------------------------------- the EGDI rule


def weights(year) -> dict[str, float]:
    """The weights of OSI, HCI and TII in the EGDI of a survey, as its file shows them."""
    year = check_year(year)
    return dict(WEIGHTS["0.34/0.33/0.33" if year in _WEIGHTED_SURVEYS else "equal"])


def rebuild(year) -> pd.DataFrame:
    """Each country's EGDI rebuilt from its three components, beside the published one.

    ``mean`` is the plain mean (the rule of every survey but 2008 and 2010),
    ``weighted`` is 0.34 OSI + 0.33 HCI + 0.33 TII (the rule the 2008 and 2010 files
    follow), ``rebuilt`` is the survey's own rule and ``gap`` = published - rebuilt.
    ``within_rounding`` says whether the gap is no larger than the files' rounding.
    """
    year = check_year(year)
    frame = survey(year)
    parts = frame[list(COMPONENTS)]
    out = frame[["iso3", "country", "status", "egdi", *COMPONENTS]].copy()
    out["mean"] = parts.mean(axis=1)
    w = WEIGHTS["0.34/0.33/0.33"]
    out["weighted"] = sum(w[c] * frame[c] for c in COMPONENTS)
    rule = weights(year)
    out["rebuilt"] = sum(rule[c] * frame[c] for c in COMPONENTS)
    out["gap"] = out["egdi"] - out["rebuilt"]
    out["gap_mean"] = out["egdi"] - out["mean"]
    out["within_rounding"] = out["gap"].abs() <= ROUNDING
    return out


def rebuild_summary() -> pd.DataFrame:
    """One row per survey: how many countries, how many zeros, which rule, how close.

    Gaps are counted over scored countries only (a ``zero_egdi`` row is a placeholder,
    not a score). ``beyond_rounding_mean`` counts the scored countries whose EGDI is not
    the plain mean of their components: zero except in 2008 and 2010, where almost
    every country departs, because those surveys weighted OSI 0.34.
    """
    rows = []
    for year in SURVEYS:
        r = rebuild(year)
        scored = r[r["status"] == "scored"]
        rows.append(
            {
                "year": year,
                "countries": len(r),
                "scored": len(scored),
                "zero_egdi": int((r["status"] == "zero_egdi").sum()),
                "absent": int((r["status"] == "absent").sum()),
                "rule": "0.34/0.33/0.33" if year in _WEIGHTED_SURVEYS else "equal",
                "max_abs_gap": float(scored["gap"].abs().max()),
                "beyond_rounding": int((~scored["within_rounding"]).sum()),
                "max_abs_gap_mean": float(scored["gap_mean"].abs().max()),
                "beyond_rounding_mean": int((scored["gap_mean"].abs() > ROUNDING).sum()),
            }
        )
    return pd.DataFrame(rows)


def fitted_weights(year) -> dict[str, float]:
    """Least-squares weights of OSI, HCI, TII that best give the published EGDI.

    No intercept, scored countries only. It recovers the rule from the data alone:
    (1/3, 1/3, 1/3) for 2022, (0.34, 0.33, 0.33) for 2010.
    """
    scored = _scored(year)
    x = scored[list(COMPONENTS)].to_numpy(float)
    coef, *_ = np.linalg.lstsq(x, scored["egdi"].to_numpy(float), rcond=None)
    return {c: float(v) for c, v in zip(COMPONENTS, coef)}


def component_ranges() -> pd.DataFrame:
    """Per survey and component: lowest and highest score of the countries assessed.

    From 2012 every component runs from exactly 0 to exactly 1: each is rescaled so that
    the lowest country of that survey scores 0 and the highest 1. A score says where a
    country stands among the others in the same survey, not how much it has.
    """
    rows = []
    for year in SURVEYS:
        frame = survey(year)
        scored = frame[frame["status"] != "absent"]
        for c in (*COMPONENTS, "epart"):
            top_row = scored.loc[scored[c].idxmax()]
            rows.append(
                {
                    "year": year,
                    "component": c,
                    "min": float(scored[c].min()),
                    "max": float(scored[c].max()),
                    "at_max": str(top_row["iso3"]),
                    "n_at_1": int((scored[c] == 1).sum()),
                    "n_at_0": int((scored[c] == 0).sum()),
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- ranks


def rank(scores) -> pd.Series:
    """Ranks from scores, highest first, ties sharing the best rank (1, 2, 2, 4).

    This is how the UN ranks the EGDI: in 2022 Sweden and Iceland both score 0.9410
    and both rank 5th, and Australia is 7th. Missing scores get no rank.
    """
    values = pd.Series(scores, dtype="float64")
    return values.rank(method="min", ascending=False).astype("Int64")


def rank_check(year) -> pd.DataFrame:
    """Published EGDI rank beside the rank computed from the published EGDI.

    Countries without a published rank (``absent``) are left out. They agree in every
    survey except 2020, whose file gives different ranks to four countries that tie
    with a neighbour at four decimals (Croatia and Hungary, Peru and North Macedonia,
    Moldova and Andorra, Tajikistan and Timor-Leste): the UN broke those ties with
    figures the file does not hold.
    """
    frame = survey(year)
    frame = frame[frame["egdi_rank"].notna()].reset_index(drop=True)
    out = frame[["iso3", "country", "egdi", "egdi_rank"]].rename(columns={"egdi_rank": "published_rank"})
    out["computed_rank"] = rank(frame["egdi"]).to_numpy()
    out["agrees"] = out["published_rank"] == out["computed_rank"]
    return out.sort_values(["published_rank", "iso3"], ignore_index=True)


def rank_summary() -> pd.DataFrame:
    """Per survey: countries ranked, countries sharing a rank, ranks that disagree."""
    rows = []
    for year in SURVEYS:
        check = rank_check(year)
        shared = check["published_rank"].duplicated(keep=False)
        rows.append(
            {
                "year": year,
                "ranked": len(check),
                "sharing_a_rank": int(shared.sum()),
                "disagreements": int((~check["agrees"]).sum()),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- a country's path


def path(country: str = "KAZ") -> pd.DataFrame:
    """A country's EGDI, rank, components and E-Participation over every survey.

    ``ranked`` is the number of countries ranked in that survey, so that a rank can be
    read as a position among how many; ``epart_rank`` is computed with :func:`rank`
    (the files publish no E-Participation rank; the UN's own may treat ties otherwise)
    and ``rebuilt_gap`` is published EGDI minus the survey's rule applied to the
    components.
    """
    iso3 = countries.resolve(country)
    frame = _all()
    rows = frame[frame["iso3"] == iso3]
    if rows.empty or (rows["status"] == "absent").all():
        raise EgovError(f"{countries.name(iso3)} ({iso3}) has no EGDI in any UN survey.")
    ranked = frame[frame["egdi_rank"].notna()].groupby("year").size()
    epart_rank = frame.groupby("year", group_keys=False)["epart"].apply(lambda s: rank(s.where(s.notna())))
    frame = frame.assign(epart_rank=epart_rank.reindex(frame.index))
    rows = frame[frame["iso3"] == iso3].sort_values("year")
    out = rows[["year", "status", "egdi", "egdi_rank", *COMPONENTS, "epart", "epart_rank"]].copy()
    out.insert(4, "ranked", out["year"].map(ranked).astype("Int64"))
    out["rebuilt_gap"] = [
        row.egdi - sum(weights(row.year)[c] * getattr(row, c) for c in COMPONENTS) for row in rows.itertuples()
    ]
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Move:
    """What changed for one country between two surveys, and which component led.

    ``contributions`` are each component's share of the change in the rebuilt EGDI
    (weight x score at the end minus weight x score at the start), so they add up to
    ``egdi_change`` up to the files' rounding. ``largest`` is the component with the
    largest absolute change in score.
    """

    iso3: str
    start: int
    end: int
    egdi_start: float
    egdi_end: float
    rank_start: int | None
    rank_end: int | None
    changes: dict[str, float]
    contributions: dict[str, float]

    @property
    def egdi_change(self) -> float:
        return self.egdi_end - self.egdi_start

    @property
    def rank_gain(self) -> int | None:
        """Places gained (positive = moved up the ranking)."""
        if self.rank_start is None or self.rank_end is None:
            return None
        return self.rank_start - self.rank_end

    @property
    def largest(self) -> str:
        return max(self.changes, key=lambda c: abs(self.changes[c]))


def _row(iso3: str, year: int) -> pd.Series:
    frame = survey(year)
    rows = frame[frame["iso3"] == iso3]
    if rows.empty or rows.iloc[0]["status"] == "absent":
        raise EgovError(f"{countries.name(iso3)} ({iso3}) has no EGDI in the {year} survey.")
    if rows.iloc[0]["status"] == "zero_egdi":
        raise EgovError(
            f"{countries.name(iso3)} ({iso3}) has EGDI 0 in the {year} survey: a placeholder "
            "the survey gave a country with OSI or HCI 0, not a score to compare."
        )
    return rows.iloc[0]


def change(country: str, start, end) -> Move:
    """The change in EGDI, rank and each component of ``country`` from ``start`` to ``end``."""
    iso3 = countries.resolve(country)
    start, end = check_year(start), check_year(end)
    if start == end:
        raise EgovError(f"Start and end are both {start}: choose two different surveys.")
    a, b = _row(iso3, start), _row(iso3, end)
    wa, wb = weights(start), weights(end)
    rank_a = None if pd.isna(a["egdi_rank"]) else int(a["egdi_rank"])
    rank_b = None if pd.isna(b["egdi_rank"]) else int(b["egdi_rank"])
    return Move(
        iso3=iso3,
        start=start,
        end=end,
        egdi_start=float(a["egdi"]),
        egdi_end=float(b["egdi"]),
        rank_start=rank_a,
        rank_end=rank_b,
        changes={c: float(b[c] - a[c]) for c in COMPONENTS},
        contributions={c: float(wb[c] * b[c] - wa[c] * a[c]) for c in COMPONENTS},
    )


def moves(country: str = "KAZ") -> pd.DataFrame:
    """Survey-to-survey changes of a country: EGDI, rank, each component, the largest."""
    iso3 = countries.resolve(country)
    years = list(path(iso3).query("status == 'scored'")["year"])
    rows = []
    for start, end in zip(years, years[1:]):
        m = change(iso3, start, end)
        rows.append(
            {
                "start": start,
                "end": end,
                "egdi_change": m.egdi_change,
                "rank_gain": m.rank_gain,
                **{f"{c}_change": m.changes[c] for c in COMPONENTS},
                "largest": m.largest,
            }
        )
    out = pd.DataFrame(rows)
    out["rank_gain"] = out["rank_gain"].astype("Int64")
    return out


# --------------------------------------------------------------------------- groups


@lru_cache(maxsize=128)
def _members(group: str, year: int) -> tuple[str, ...]:
    return tuple(countries.members(group, year))


def _group_codes(group: str, year: int, include) -> list[str]:
    codes = list(_members(group, year))
    for extra in [include] if isinstance(include, str) else list(include or []):
        code = countries.resolve(extra)
        if code not in codes:
            codes.append(code)
    return codes


def compare(group: str, year, *, include=("KAZ",)) -> pd.DataFrame:
    """A group's countries in one survey, best first, with their rank within the group.

    ``group`` is a key of ``country_groups`` (``cis``, ``kaz_neighbours``,
    ``central_asia``, ``south_caucasus``); ``include`` adds countries that are not
    members (Kazakhstan, by default, so that it stands beside its neighbours). A
    ``zero_egdi`` placeholder (``status``) is kept and ranked last, as the UN ranks it.
    """
    year = check_year(year)
    codes = _group_codes(group, year, include)
    frame = survey(year)
    rows = frame[frame["iso3"].isin(codes) & (frame["status"] != "absent")].copy()
    rows["rank_in_group"] = rank(rows["egdi"]).to_numpy()
    columns = ["iso3", "country", "rank_in_group", "egdi_rank", "egdi", *COMPONENTS, "epart", "status"]
    return rows.sort_values(["rank_in_group", "iso3"])[columns].reset_index(drop=True)


def group_means(group: str, year, *, include=()) -> pd.Series:
    """Mean EGDI and components of a group's countries in one survey (scored countries)."""
    table = compare(group, year, include=include)
    return table.loc[table["status"] == "scored", ["egdi", *COMPONENTS]].mean()


def standing(group: str, country: str = "KAZ") -> pd.DataFrame:
    """A country's rank within a group in every survey, with the group's leader and mean.

    ``group_mean_egdi`` averages the scored countries (placeholder zeros left out).
    """
    iso3 = countries.resolve(country)
    rows = []
    for year in SURVEYS:
        table = compare(group, year, include=(iso3,))
        if iso3 not in set(table["iso3"]):
            continue
        own = table.set_index("iso3").loc[iso3]
        leader = table.iloc[0]
        rows.append(
            {
                "year": year,
                "countries": len(table),
                "rank_in_group": int(own["rank_in_group"]),
                "egdi": float(own["egdi"]),
                "group_mean_egdi": float(table.loc[table["status"] == "scored", "egdi"].mean()),
                "leader": str(leader["iso3"]),
                "leader_egdi": float(leader["egdi"]),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- correlations


def top(year, n: int) -> pd.DataFrame:
    """The ``n`` scored countries with the highest EGDI in a survey.

    A tie at the cut (two countries with the same four-decimal EGDI) is broken by the
    mean of the components, then by ISO3 code, so that the selection is always ``n``.
    """
    year = check_year(year)
    scored = _scored(year)
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise EgovError(f"N must be a whole number of countries, not {n!r}.")
    if n > len(scored):
        raise EgovError(f"N = {n} but the {year} survey scores only {len(scored)} countries.")
    scored = scored.assign(_mean=scored[list(COMPONENTS)].mean(axis=1))
    ordered = scored.sort_values(["egdi", "_mean", "iso3"], ascending=[False, False, True])
    return ordered.head(n).drop(columns="_mean").reset_index(drop=True)


def _corr(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    if len(frame) < 3:
        raise EgovError(f"N = {len(frame)} is too small for a correlation: it needs at least 3 countries.")
    flat = [c for c in COMPONENTS if frame[c].nunique() < 2]
    if flat:
        raise EgovError(f"{LABELS[flat[0]]} takes a single value among {what}, so its correlation is undefined.")
    return frame[list(COMPONENTS)].corr(method="pearson")


def correlations(year, top_n: int | None = None) -> pd.DataFrame:
    """Pearson correlations of OSI, HCI and TII: all scored countries, or the top ``top_n``."""
    year = check_year(year)
    if top_n is None:
        return _corr(_scored(year), f"the countries of {year}")
    if isinstance(top_n, Integral) and not isinstance(top_n, bool) and top_n < 3:
        raise EgovError(f"N = {top_n} is too small for a correlation: it needs at least 3 countries.")
    return _corr(top(year, top_n), f"the top {top_n} of {year}")


def restriction_of_range(year, ns=(None, 150, 100, 50, 30, 15, 10)) -> pd.DataFrame:
    """How the component correlations shrink as the sample narrows to the leaders.

    For each N (``None``: every scored country of the survey): the three Pearson
    correlations among the top N by EGDI, the components' standard deviations (sample,
    n-1) and the lowest EGDI kept. Among all countries the
    components rise together (rich, schooled, connected countries build online
    services); among the leaders, who all score near 1, the spread left is small and
    mostly noise, so the correlations fall towards zero or below. Selecting on the
    outcome (the EGDI) restricts the range of its parts.
    """
    year = check_year(year)
    rows = []
    for n in ns:
        sample = top(year, n) if n is not None else _scored(year)
        c = _corr(sample, f"the top {n} of {year}")
        sd = sample[list(COMPONENTS)].std(ddof=1)
        rows.append(
            {
                "n": len(sample),
                "r_osi_hci": float(c.loc["osi", "hci"]),
                "r_osi_tii": float(c.loc["osi", "tii"]),
                "r_hci_tii": float(c.loc["hci", "tii"]),
                "sd_osi": float(sd["osi"]),
                "sd_hci": float(sd["hci"]),
                "sd_tii": float(sd["tii"]),
                "lowest_egdi": float(sample["egdi"].min()),
            }
        )
    return pd.DataFrame(rows)


def random_correlations(year, size: int = 15, draws: int = 10_000, seed: int = 0) -> pd.DataFrame:
    """The three component correlations in ``draws`` random samples of ``size`` scored countries.

    What a correlation among ``size`` countries looks like when the countries are picked at
    random rather than by their EGDI: the spread shows how much a sample that small varies
    by chance alone, so that a value far outside it (the top 15's) must come from the way
    the countries were chosen. One row per draw, columns ``r_osi_hci``, ``r_osi_tii``,
    ``r_hci_tii``; reproducible for a given ``seed``.
    """
    year = check_year(year)
    scored = _scored(year)
    if isinstance(size, bool) or not isinstance(size, Integral):
        raise EgovError(f"The sample size must be a whole number of countries, not {size!r}.")
    if size < 3:
        raise EgovError(f"N = {size} is too small for a correlation: it needs at least 3 countries.")
    if size > len(scored):
        raise EgovError(f"N = {size} but the {year} survey scores only {len(scored)} countries.")
    values = scored[list(COMPONENTS)].to_numpy(float)
    rng = np.random.default_rng(seed)
    idx = np.argsort(rng.random((draws, len(values))), axis=1)[:, :size]
    sample = values[idx]  # draws x size x 3
    centred = sample - sample.mean(axis=1, keepdims=True)
    out = {}
    for a, b in _PAIRS:
        i, j = COMPONENTS.index(a), COMPONENTS.index(b)
        xa, xb = centred[:, :, i], centred[:, :, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"r_{a}_{b}"] = (xa * xb).sum(axis=1) / np.sqrt((xa**2).sum(axis=1) * (xb**2).sum(axis=1))
    return pd.DataFrame(out)


def partial_correlations(year) -> pd.DataFrame:
    """Component correlations across countries, raw and with income held fixed.

    Income is the log of GDP per capita of the survey year (table ``wdi``, current US
    dollars). ``r_given_income`` is the correlation of what is left of each component
    after a straight-line fit on log income (a partial correlation): how closely two
    components go together among countries of similar income, with a 95% interval
    (Fisher's z, n - 4 degrees of freedom for one variable held fixed). Countries without GDP
    data that year are left out of both columns, so the two are comparable.
    """
    year = check_year(year)
    scored = _scored(year)
    wdi = load("wdi")
    gdp = wdi[wdi["year"] == year].set_index("iso3")["gdp_per_capita_usd"]
    frame = scored.assign(log_income=np.log(scored["iso3"].map(gdp).astype(float))).dropna(subset=["log_income"])
    if len(frame) < 4:
        raise EgovError(f"Only {len(frame)} countries of the {year} survey have GDP data: too few for a partial correlation.")
    design = np.column_stack([np.ones(len(frame)), frame["log_income"].to_numpy()])
    resid = {}
    for c in COMPONENTS:
        target = frame[c].to_numpy(float)
        beta, *_ = np.linalg.lstsq(design, target, rcond=None)
        resid[c] = target - design @ beta
    rows = []
    q = 1.959963984540054  # two-sided 95%
    for a, b in _PAIRS:
        partial = float(np.corrcoef(resid[a], resid[b])[0, 1])
        z, se = np.arctanh(partial), 1 / np.sqrt(len(frame) - 4)  # one variable held fixed: n - 3 - 1
        rows.append(
            {
                "pair": f"{a}_{b}",
                "n": len(frame),
                "r": float(np.corrcoef(frame[a], frame[b])[0, 1]),
                "r_given_income": partial,
                "ci_low": float(np.tanh(z - q * se)),
                "ci_high": float(np.tanh(z + q * se)),
                "r_a_income": float(np.corrcoef(frame[a], frame["log_income"])[0, 1]),
                "r_b_income": float(np.corrcoef(frame[b], frame["log_income"])[0, 1]),
            }
        )
    return pd.DataFrame(rows)


def position(country: str = "KAZ") -> pd.DataFrame:
    """A country's place among the scored countries of each survey, for the EGDI and each part.

    Because every survey rescales its components, a score of one survey cannot be set
    beside a score of another as if the ruler were the same. Its place among the other
    countries can: ``rank`` (1 = best, ties sharing the best rank), ``scored`` (how many
    countries had a score), the survey's ``mean`` and ``sd`` and the standard score
    ``z`` = (value - mean) / sd. A component whose world mean moves while the country's
    ``z`` stays put changed its scale, not the country.
    """
    iso3 = countries.resolve(country)
    rows = []
    for year in SURVEYS:
        scored = _scored(year)
        own = scored[scored["iso3"] == iso3]
        if own.empty:
            continue
        for c in ("egdi", *COMPONENTS):
            value = float(own.iloc[0][c])
            mean, sd = float(scored[c].mean()), float(scored[c].std(ddof=1))
            rows.append(
                {
                    "year": year,
                    "component": c,
                    "value": value,
                    "mean": mean,
                    "sd": sd,
                    "z": (value - mean) / sd,
                    "rank": int((scored[c] > value).sum()) + 1,
                    "scored": len(scored),
                }
            )
    if not rows:
        raise EgovError(f"{countries.name(iso3)} ({iso3}) has no EGDI in any UN survey.")
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- document 002




def _stats_rows(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    out = {}
    for c in COMPONENTS:
        out[("mean", c)] = float(frame[c].mean())
        out[("sd_population", c)] = float(frame[c].std(ddof=0))
        out[("sd_sample", c)] = float(frame[c].std(ddof=1))
    corr = frame[list(COMPONENTS)].corr()
    for a, b in _PAIRS:
        out[("r", f"{a}_{b}")] = float(corr.loc[a, b])
    return out


def s002_statistics() -> pd.DataFrame:
    """Document 002's Tables 2 and 3, printed beside the same statistics recomputed.

    ``from_table`` uses the 15 rows of its Table 1; ``from_un`` the 15 countries ranked
    1-15 in the UN's 2022 file (the same countries and values). Formula (2) of the
    article divides by n, so its SD is the population SD; the sample SD (n - 1) is
    shown too, since the printed SDs match neither.
    """
    table1 = load("s002_leading_countries_2022")
    un = survey(2022)
    un = un[un["egdi_rank"] <= 15]
    t2 = load("s002_descriptive_stats").set_index("indicator")
    t3 = load("s002_correlations").set_index(["indicator_1", "indicator_2"])["r"]
    printed = {}
    for c in COMPONENTS:
        printed[("mean", c)] = ("Table 2", float(t2.loc[c.upper(), "mean"]))
        printed[("sd_population", c)] = ("Table 2", float(t2.loc[c.upper(), "sd"]))
        printed[("sd_sample", c)] = ("Table 2", float(t2.loc[c.upper(), "sd"]))
    for a, b in _PAIRS:
        printed[("r", f"{a}_{b}")] = ("Table 3", float(t3[(a.upper(), b.upper())]))
    from_table, from_un = _stats_rows(table1), _stats_rows(un)
    rows = []
    for key, (where, value) in printed.items():
        rows.append(
            {
                "table": where,
                "statistic": key[0],
                "of": key[1],
                "printed": value,
                "from_table": from_table[key],
                "from_un": from_un[key],
                "difference": value - from_table[key],
            }
        )
    return pd.DataFrame(rows)


def s002_cis_statistics() -> pd.DataFrame:
    """Document 002's CIS averages (Table 4's average row and the text) beside the real means.

    ``from_table`` averages the ten country rows of Table 4; ``from_un`` the ten CIS
    countries of ``country_groups`` in the UN's 2022 file (the same ten, same values).
    """
    t4 = load("s002_cis_2022")
    values = t4[t4["row_kind"] == "value"]
    average = t4[t4["row_kind"] == "average"].iloc[0]
    reported = load("s002_reported").set_index("statistic")["value"]
    un = survey(2022)
    un = un[un["iso3"].isin(countries.members("cis", 2022))]
    rows = []
    for c in ("egdi", "osi", "tii", "hci"):
        rows.append(
            {
                "of": c,
                "printed_table": float(average[c]),
                "printed_text": float(reported[f"text_mean_{c}_cis"]),
                "from_table": float(values[c].mean()),
                "from_un": float(un[c].mean()),
            }
        )
    out = pd.DataFrame(rows)
    out["difference_table"] = out["printed_table"] - out["from_table"]
    out["difference_text"] = out["printed_text"] - out["from_table"]
    return out


# --------------------------------------------------------------------------- the sources' claims


def source_claims() -> pd.DataFrame:
    """The documents' claims about Kazakhstan's UN ranking, each beside the UN file.

    Document 001 (an op-ed of late 2017, so the 2016 survey), document 002 (2022),
    document 004 (2022). ``agrees`` is the plain comparison of printed and UN values.
    """
    s001 = load("s001_figures").set_index("figure")["value"]
    s002 = load("s002_reported").set_index("statistic")["value"]
    s004 = load("s004_figures").set_index("figure")["value"]
    kaz16, kaz22 = _row("KAZ", 2016), _row("KAZ", 2022)
    cis22 = compare("cis", 2022).set_index("iso3")
    region = compare("central_asia", 2022, include=countries.members("south_caucasus", 2022)).set_index("iso3")
    rows = [
        ("001", "line 42", "EGDI rank (2016 survey)", s001["un_egdi_rank"], int(kaz16["egdi_rank"])),
        ("001", "line 42", "countries ranked (2016 survey)", s001["un_egdi_n_countries"], len(rank_check(2016))),
        ("002", "abstracts (lines 29-30, 62-63, 93)", "EGDI rank 2022", s002["kaz_egdi_rank_2022"], int(kaz22["egdi_rank"])),
        ("002", "abstracts (lines 29-30, 62-63, 93)", "EGDI 2022", s002["kaz_egdi_2022"], float(kaz22["egdi"])),
        ("002", "Table 4 and line 616", "rank among the ten CIS countries, 2022", 1, int(cis22.loc["KAZ", "rank_in_group"])),
        ("004", "line 29", "EGDI rank 2022", s004["egdi_rank_2022"], int(kaz22["egdi_rank"])),
        ("004", "line 29", "UN member states ranked 2022", s004["egdi_n_countries_2022"], len(rank_check(2022))),
        ("004", "line 29", "rank in Central Asia and the South Caucasus, 2022", 1, int(region.loc["KAZ", "rank_in_group"])),
    ]
    out = pd.DataFrame(rows, columns=["document", "location", "claim", "printed", "un_value"])
    out["printed"] = out["printed"].astype(float)
    out["un_value"] = out["un_value"].astype(float)
    out["agrees"] = np.isclose(out["printed"], out["un_value"], rtol=0, atol=1e-9)
    return out


# --------------------------------------------------------------------------- document 003, Table 13.4.1


_CHANNELS = ("egov_portal", "public_service_centres", "paper_at_provider")


def services_by_channel() -> pd.DataFrame:
    """Table 13.4.1 in long form: millions of services by channel and year, with shares.

    ``share_of_total`` divides by the printed total, ``share_of_parts`` by the sum of
    the three channels (139.0 in 2014, where the printed total is 139.1).
    """
    table = load("s003_t13_4_1_services_by_channel").set_index("channel")
    rows = []
    for year in (2014, 2017):
        column = f"services_{year}_mn"
        total = float(table.loc["total", column])
        parts = float(table.loc[list(_CHANNELS), column].sum())
        for channel in _CHANNELS:
            value = float(table.loc[channel, column])
            rows.append(
                {
                    "channel": channel,
                    "year": year,
                    "services_mn": value,
                    "share_of_total": 100 * value / total,
                    "share_of_parts": 100 * value / parts,
                }
            )
    return pd.DataFrame(rows)


def services_checks() -> pd.DataFrame:
    """Every total and change of Table 13.4.1, printed beside its recomputation.

    Totals are the sum of the three channels; changes are 100 (2017 / 2014 - 1) from the
    printed values, rounded to the printed one decimal. ``tolerance`` is what rounding
    alone can explain: 0.05 per rounded number summed (0.2 for a total of three parts),
    0.05 for a change computed from printed values, 0.2 for a change computed from a
    sum of rounded parts.
    """
    table = load("s003_t13_4_1_services_by_channel").set_index("channel")
    rows = []
    for year in (2014, 2017):
        column = f"services_{year}_mn"
        printed = float(table.loc["total", column])
        parts = float(table.loc[list(_CHANNELS), column].sum())
        rows.append((f"total {year} = sum of channels", printed, round(parts, 1), 0.2))
    for channel in ("total", *_CHANNELS):
        a, b = float(table.loc[channel, "services_2014_mn"]), float(table.loc[channel, "services_2017_mn"])
        rows.append((f"change {channel}, %", float(table.loc[channel, "change_percent"]), round(100 * (b / a - 1), 1), 0.05))
    parts14 = float(table.loc[list(_CHANNELS), "services_2014_mn"].sum())
    parts17 = float(table.loc[list(_CHANNELS), "services_2017_mn"].sum())
    # rounding the parts can move their sum by 0.15 of 139, i.e. the change by about 0.13 points
    rows.append(("change total from the sum of channels, %", float(table.loc["total", "change_percent"]), round(100 * (parts17 / parts14 - 1), 1), 0.2))
    out = pd.DataFrame(rows, columns=["check", "printed", "recomputed", "tolerance"])
    out["difference"] = (out["printed"] - out["recomputed"]).round(10)
    out["equal"] = out["difference"].abs() < 1e-9
    out["within_rounding"] = out["difference"].abs() <= out["tolerance"] + 1e-9
    return out


def services_vs_op_ed() -> pd.DataFrame:
    """Document 001's shares of services by channel beside Table 13.4.1's 2017 shares.

    The op-ed (late 2017) says 47% of public services were rendered electronically
    'this year' and 24% through one-stop shops; the table gives the full year 2017.
    """
    s001 = load("s001_figures").set_index("figure")["value"]
    shares = services_by_channel().query("year == 2017").set_index("channel")["share_of_total"]
    rows = [
        ("egov_portal", float(s001["e_services_share"]), float(shares["egov_portal"])),
        ("public_service_centres", float(s001["one_stop_shop_share"]), float(shares["public_service_centres"])),
        ("paper_at_provider", 100 - float(s001["e_services_share"]) - float(s001["one_stop_shop_share"]), float(shares["paper_at_provider"])),
    ]
    out = pd.DataFrame(rows, columns=["channel", "op_ed_percent", "table_2017_percent"])
    out["difference"] = out["op_ed_percent"] - out["table_2017_percent"]
    out["op_ed_printed"] = [True, True, False]
    return out

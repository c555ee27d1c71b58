"""Chapter 1's data: the history of the fight against corruption, and how it is measured from outside.

The chapter tells Kazakhstan's anti-corruption history from the documents (a timeline
with one row per statement, so that two documents that date the same law differently
stay visibly different), holds the state's, civil society's and academics' claims
against the data, and teaches what the Corruption Perceptions Index (CPI) can and cannot
say. The CPI part is where most readers go wrong, so the functions here make the wrong
moves impossible rather than merely discouraged:

* The CPI was published on a 0-10 scale with one method until 2011 and on a 0-100 scale
  with another from 2012. A series is asked for on one scale (:func:`cpi_series`) and a
  change across the 2012 break is refused (:func:`change`); :func:`scale_break` shows why
  multiplying the old scores by ten does not join the two.
* A rank depends on how many countries were scored that year (98 in 1999, 180 from 2017),
  so :func:`position` gives the percentile (the share of the other countries scoring
  lower) beside the rank and the count.
* A score is an estimate with a standard error; :func:`change` and :func:`difference`
  say whether a change or a gap is larger than the two errors combined.

Countries are named, and grouped (Central Asia, Kazakhstan's land neighbours, the former
Soviet republics), by :mod:`kzcourse.countries`, the course's one lookup with cited groups;
``CENTRAL_ASIA``, ``KAZ_NEIGHBOURS`` and ``POST_SOVIET`` here are read from it, and
``S004_COMPARISON`` from document 004's own list (``s004_cpi_2023``).

Bad input (an unknown country code, a year the CPI did not score, a period or kind with no
events) raises :class:`HistoryError` with a one-line message naming the problem.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from . import countries as _countries
from .data import load

__all__ = [
    "HistoryError",
    "OLD_SCALE",
    "NEW_SCALE",
    "OLD_YEARS",
    "NEW_YEARS",
    "KINDS",
    "CENTRAL_ASIA",
    "KAZ_NEIGHBOURS",
    "S004_COMPARISON",
    "POST_SOVIET",
    "group",
    "scale_of",
    "country_name",
    "scored",
    "countries_scored",
    "cpi_series",
    "both_scales",
    "scale_break",
    "Position",
    "position",
    "positions",
    "Difference",
    "change",
    "difference",
    "BestResult",
    "best_to_date",
    "neighbours",
    "standard_error_from_sources",
    "cpi_source_moves",
    "timeline",
    "format_date",
    "events",
    "timeline_disagreements",
    "informer_rewards",
    "rating_directions",
    "VERDICTS",
    "check_claims",
]


class HistoryError(ValueError):
    """A question the course's data cannot answer as asked; the message says why."""


OLD_SCALE = "0-10"
NEW_SCALE = "0-100"
#: Editions published on the 0-10 scale with the pre-2012 method.
OLD_YEARS = range(1995, 2012)
#: Editions on the 0-100 scale (the method introduced in 2012).
NEW_YEARS = range(2012, 2025)

KINDS = ("law", "strategy", "institution", "renaming", "international commitment", "monitoring round", "event")

#: Module constants read from the course's cited groups (kzcourse.countries), on first use.
_GROUP_CONSTANTS = {"CENTRAL_ASIA": "central_asia", "KAZ_NEIGHBOURS": "kaz_neighbours", "POST_SOVIET": "post_soviet"}
#: The name of document 004's own comparison, for :func:`group`.
S004 = "s004"


def group(name: str) -> tuple[str, ...]:
    """ISO3 codes of a country group: any group of :mod:`kzcourse.countries`, or 's004'.

    's004' is the list document 004 compares Kazakhstan with for the CPI 2023 (line 13),
    Kazakhstan first, read from the extracted table ``s004_cpi_2023``.
    """
    if isinstance(name, str) and name.strip().lower() == S004:
        return tuple(_load("s004_cpi_2023")["iso3"])
    try:
        return tuple(_countries.members(name))
    except _countries.CountryError as err:
        raise HistoryError(f"{err} Or 's004', document 004's comparison.") from None


def __getattr__(name: str):
    """CENTRAL_ASIA, KAZ_NEIGHBOURS, POST_SOVIET and S004_COMPARISON, read from the data when first asked for."""
    if name in _GROUP_CONSTANTS:
        return group(_GROUP_CONSTANTS[name])
    if name == "S004_COMPARISON":
        return group(S004)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- CPI tables
@lru_cache(maxsize=None)
def _cached(name: str) -> pd.DataFrame:
    return load(name)


def _load(name: str) -> pd.DataFrame:
    """A course table, read (and checksum-verified) once per session; a copy, so callers may change it."""
    return _cached(name).copy()


@lru_cache(maxsize=1)
def _new() -> pd.DataFrame:
    frame = _load("cpi")
    return frame.assign(score=frame["cpi_score"].astype(float))


@lru_cache(maxsize=1)
def _old() -> pd.DataFrame:
    frame = _load("cpi_old_scale")
    return frame.assign(score=frame["cpi_score_0_10"].astype(float))


def _table(scale: str) -> pd.DataFrame:
    """Scores on one scale, old-method years only for the 0-10 scale.

    The 0-10 file (datahub) also carries 2012-2017, but those are the 0-100 scores
    divided by ten, i.e. the new method: they are not old-scale data and are left out.
    """
    if scale == NEW_SCALE:
        return _new()
    if scale == OLD_SCALE:
        old = _old()
        return old[old["year"] < NEW_YEARS.start]
    raise HistoryError(f"scale must be {NEW_SCALE!r} (2012-2024) or {OLD_SCALE!r} (1995-2011), not {scale!r}")


def scale_of(year: int) -> str:
    """The scale an edition was published on: '0-10' up to 2011, '0-100' from 2012."""
    year = _year(year)
    if year in OLD_YEARS:
        return OLD_SCALE
    if year in NEW_YEARS:
        return NEW_SCALE
    raise HistoryError(
        f"the CPI has no edition for {year}: the course's data cover 1995-2011 (0-10 scale) and 2012-2024 (0-100 scale)"
    )


def _year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise HistoryError(f"a year must be a whole number such as 2016, not {year!r}") from None
    if value != year and not (isinstance(year, str) and year.strip() == str(value)):
        raise HistoryError(f"a year must be a whole number such as 2016, not {year!r}")
    return value


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every code either CPI file scores -> the course's display name (kzcourse.countries)."""
    codes = sorted(set(_old()["iso3"]) | set(_new()["iso3"]))
    return {code: _countries.name(code) for code in codes}


def _code(iso3) -> str:
    """Validate a country code against both CPI tables; suggest close codes and names.

    A name ('Kazakhstan', 'Russian Federation') is recognised by kzcourse.countries and
    answered with its code, so that every function here is called with one kind of key.
    """
    if not isinstance(iso3, str):
        raise HistoryError(f"a country is given by its three-letter ISO code such as 'KAZ', not {iso3!r}")
    code = iso3.strip().upper()
    names = _names()
    if code in names:
        return code
    try:
        named = _countries.resolve(iso3)
    except _countries.CountryError:
        named = None
    if named is not None and named != code and named in names:
        raise HistoryError(f"give the ISO code, not the name: {iso3!r} is {named!r}")
    by_name = {name.lower(): c for c, name in names.items()}
    # same letters in another order first (KZA -> KAZ), then codes and names that look alike
    close = [c for c in names if sorted(c) == sorted(code)]
    close += difflib.get_close_matches(code, list(names), n=3, cutoff=0.6)
    close += [by_name[n] for n in difflib.get_close_matches(iso3.strip().lower(), list(by_name), n=2, cutoff=0.7)]
    close = list(dict.fromkeys(close))[:3]
    hint = f"; did you mean {', '.join(f'{c} ({names[c]})' for c in close)}?" if close else ""
    raise HistoryError(f"no CPI score for the country code {iso3!r} on either scale{hint}")


def country_name(iso3: str) -> str:
    """The course's name for a country code (TI's spelling; a clear error for a code the CPI never scored)."""
    return _names()[_code(iso3)]


def scored(year: int) -> pd.DataFrame:
    """Every country scored in an edition: iso3, country, score (on that edition's scale)."""
    year = _year(year)
    table = _table(scale_of(year))
    return table.loc[table["year"] == year, ["iso3", "country", "score"]].reset_index(drop=True)


def countries_scored(year: int) -> int:
    """How many countries the CPI scored in ``year`` (98 in 1999, 180 from 2017).

    From the course's files. TI's 2012-2024 file has since dropped Puerto Rico, scored
    in 2012-2014, so those three years count one country fewer than TI published (see
    erratum raw-cpi-2012-2024-puerto-rico).
    """
    return len(scored(year))


def cpi_series(iso3: str = "KAZ", scale: str = NEW_SCALE) -> pd.DataFrame:
    """One country's CPI on one scale, year by year, with its position each year.

    Columns: year, score, rank (1 + countries scoring higher), countries (scored that
    year), percentile (see :func:`position`), and on the 0-100 scale also TI's published
    rank (from 2017), the number of sources and the standard error. The two scales are
    never put in one column: ask for each and plot them side by side.
    """
    code = _code(iso3)
    table = _table(scale)
    mine = table[table["iso3"] == code]
    if mine.empty:
        other = OLD_SCALE if scale == NEW_SCALE else NEW_SCALE
        years = _table(other).query("iso3 == @code")["year"]
        raise HistoryError(
            f"{country_name(code)} ({code}) has no score on the {scale} scale; "
            f"it is scored on the {other} scale in {years.min()}-{years.max()}"
        )
    rows = [asdict(position(code, int(y))) for y in mine["year"]]
    out = pd.DataFrame(rows).drop(columns=["iso3", "country", "scale"])
    if scale == NEW_SCALE:
        out = out.merge(mine[["year", "sources"]], on="year")
        out["published_rank"] = out["published_rank"].astype("Int64")
    else:
        out = out.drop(columns=["published_rank", "standard_error"])
    return out.reset_index(drop=True)


def both_scales(iso3: str = "KAZ") -> pd.DataFrame:
    """Both series of a country stacked, with a ``scale`` column to facet or colour by.

    Scores on the two scales share no axis; the percentile column does compare across the
    break, because it is a position among the countries scored that year.
    """
    parts = []
    for scale in (OLD_SCALE, NEW_SCALE):
        try:
            part = cpi_series(iso3, scale)
        except HistoryError:
            continue
        parts.append(part.assign(scale=scale)[["year", "scale", "score", "rank", "countries", "percentile"]])
    return pd.concat(parts, ignore_index=True)


def scale_break(year_old: int = 2011, year_new: int = 2012) -> dict:
    """How far ten times the 0-10 score of ``year_old`` is from the 0-100 score of ``year_new``.

    If the new scale were the old one times ten, the differences over the countries
    scored both years would centre on zero with the spread of an ordinary year-to-year
    change. They do not: returns the number of countries, mean and standard deviation of
    the difference, its range, and, for comparison, the standard deviation of ordinary
    one-year changes on each scale (2010-2011 times ten, and 2012-2013).
    """
    if scale_of(year_old) != OLD_SCALE or scale_of(year_new) != NEW_SCALE:
        raise HistoryError(f"compare an edition on the 0-10 scale (1995-2011) with one on the 0-100 scale (2012-2024), not {year_old} and {year_new}")
    a = scored(year_old).rename(columns={"score": "old"})
    b = scored(year_new).rename(columns={"score": "new"})
    both = a.merge(b[["iso3", "new"]], on="iso3")
    diff = both["new"] - 10 * both["old"]

    def yearly_sd(y1, y2, factor):
        m = scored(y1).merge(scored(y2), on="iso3")
        return float((factor * (m["score_y"] - m["score_x"])).std(ddof=1))

    return {
        "countries": int(len(both)),
        "mean_difference": float(diff.mean()),
        "sd_difference": float(diff.std(ddof=1)),
        "min_difference": float(diff.min()),
        "max_difference": float(diff.max()),
        "correlation": float(np.corrcoef(both["old"], both["new"])[0, 1]),
        "sd_change_old_scale_x10": yearly_sd(2010, 2011, 10),
        "sd_change_new_scale": yearly_sd(2012, 2013, 1),
    }


# --------------------------------------------------------------------------- positions
@dataclass(frozen=True)
class Position:
    """A country's place in one CPI edition."""

    iso3: str
    country: str
    year: int
    scale: str
    score: float
    rank: int  #: 1 + number of countries with a higher score (ties share a rank)
    tied: int  #: other countries with the same score
    countries: int  #: countries scored that year
    percentile: float  #: % of the other countries scoring lower, a tie counting half
    published_rank: int | None  #: TI's printed rank (2017 on), else None
    standard_error: float | None  #: TI's standard error (0-100 scale), else None


def position(iso3: str, year: int) -> Position:
    """Score, rank, number of countries scored and percentile of a country in one edition.

    The percentile is 100 x (countries scoring lower + half the others tied) / (countries
    scored - 1): 0 for the lowest, 100 for the highest, comparable between years that
    scored 85 and 180 countries, and between the two scales.
    """
    code = _code(iso3)
    year = _year(year)
    scale = scale_of(year)
    table = _positions(scale)
    mine = table[(table["iso3"] == code) & (table["year"] == year)]
    if mine.empty:
        years = _table(scale).query("iso3 == @code")["year"]
        known = f"; on the {scale} scale it is scored in {', '.join(map(str, years))}" if len(years) else f"; it has no score on the {scale} scale"
        raise HistoryError(f"{country_name(code)} ({code}) was not scored in the CPI {year}{known}")
    row = mine.iloc[0]
    published = se = None
    if scale == NEW_SCALE:
        published = None if pd.isna(row["published_rank"]) else int(row["published_rank"])
        se = None if pd.isna(row["standard_error"]) else float(row["standard_error"])
    return Position(code, country_name(code), year, scale, float(row["score"]), int(row["rank"]), int(row["tied"]),
                    int(row["countries"]), float(row["percentile"]), published, se)


@lru_cache(maxsize=2)
def _positions(scale: str) -> pd.DataFrame:
    """Every country-year of one scale with its rank, ties, count and percentile (see :func:`position`)."""
    columns = ["iso3", "year", "score"] + (["cpi_rank", "standard_error", "sources"] if scale == NEW_SCALE else [])
    table = _table(scale)[columns].rename(columns={"cpi_rank": "published_rank"}).reset_index(drop=True)
    by_year = table.groupby("year")["score"]
    n = by_year.transform("size").astype(int)
    higher = (by_year.rank(method="min", ascending=False) - 1).astype(int)
    lower = (by_year.rank(method="min", ascending=True) - 1).astype(int)
    table["rank"] = higher + 1
    table["tied"] = n - higher - lower - 1
    table["countries"] = n
    share = [100.0 * (lo + 0.5 * ti) / (k - 1) if k > 1 else 50.0 for lo, ti, k in zip(lower, table["tied"], n)]
    table["percentile"] = [round(v, 2) for v in share]  # Python's rounding, as position() always used
    table.insert(1, "country", table["iso3"].map(_names()))
    return table.sort_values(["iso3", "year"], ignore_index=True)


def _percentile_of(value: float, own: float, scores: np.ndarray) -> float:
    """Percentile that ``value`` would have among the other countries of a year (sorted ``scores``, own included)."""
    lower = int(np.searchsorted(scores, value, "left"))
    equal = int(np.searchsorted(scores, value, "right")) - lower
    if own < value:
        lower -= 1
    elif own == value:
        equal -= 1
    return min(100.0, max(0.0, 100.0 * (lower + 0.5 * equal) / (len(scores) - 1)))


def positions(scale: str = NEW_SCALE, level: float = 0.95) -> pd.DataFrame:
    """Every country and year of one scale: score, rank, ties, countries scored, percentile.

    On the 0-100 scale also TI's published rank, the number of sources, the standard
    error, the score's interval at ``level`` (``low``, ``high``) and that interval as
    percentiles (``pct_low``, ``pct_high``): where the country would stand among the
    others that year if its true score lay at either end. The band in percentiles is
    what a rank's uncertainty looks like; TI publishes none.
    """
    if not 0 < level < 1:
        raise HistoryError(f"the confidence level must be between 0 and 1 (e.g. 0.95 or TI's 0.90), not {level!r}")
    table = _positions(scale).copy()
    if scale != NEW_SCALE:
        return table
    crit = _z(level)
    table["low"] = table["score"] - crit * table["standard_error"]
    table["high"] = table["score"] + crit * table["standard_error"]
    sorted_scores = {y: np.sort(g.to_numpy(dtype=float)) for y, g in table.groupby("year")["score"]}
    for bound in ("low", "high"):
        table[f"pct_{bound}"] = [
            round(_percentile_of(b, own, sorted_scores[y]), 2) if np.isfinite(b) else np.nan
            for b, own, y in zip(table[bound], table["score"], table["year"])
        ]
    return table


# --------------------------------------------------------------------------- differences
def _z(level: float) -> float:
    """The normal quantile for a two-sided interval at ``level`` (1.96 at 0.95); the standard library's, not SciPy's, to keep imports light."""
    return NormalDist().inv_cdf(0.5 + level / 2)


@dataclass(frozen=True)
class Difference:
    """A difference of two CPI scores with the uncertainty of the difference.

    ``se`` is sqrt(se_a^2 + se_b^2) (the two estimates treated as independent); the
    interval is ``difference +/- z_crit * se`` at ``level``; ``exceeds`` says whether the
    interval excludes zero, i.e. whether the difference is larger than the combined error.
    """

    label_a: str
    label_b: str
    score_a: float
    score_b: float
    se_a: float
    se_b: float
    difference: float  #: score_b - score_a
    se: float
    z: float
    level: float
    low: float
    high: float
    exceeds: bool


def _difference(label_a, label_b, score_a, se_a, score_b, se_b, level) -> Difference:
    if not 0 < level < 1:
        raise HistoryError(f"the confidence level must be between 0 and 1 (e.g. 0.95 or TI's 0.90), not {level!r}")
    se = math.hypot(se_a, se_b)
    diff = score_b - score_a
    z = diff / se
    crit = _z(level)
    return Difference(label_a, label_b, score_a, score_b, se_a, se_b, diff, se, z, level, diff - crit * se, diff + crit * se, bool(abs(z) > crit))


def _se(pos: Position) -> float:
    if pos.scale == OLD_SCALE or pos.standard_error is None:
        raise HistoryError(
            f"the CPI {pos.year} is on the 0-10 scale, for which the course's files carry no standard errors; "
            "compare changes on the 0-100 scale (2012-2024)"
        )
    return pos.standard_error


def change(iso3: str, year_from: int, year_to: int, level: float = 0.95) -> Difference:
    """Did a country's score change by more than the two years' standard errors allow?

    Only within the 0-100 scale (2012-2024): a change across the 2012 break mixes two
    methods, and the 0-10 files carry no standard errors.
    """
    a, b = position(iso3, year_from), position(iso3, year_to)
    if a.scale != b.scale:
        raise HistoryError(
            f"{a.year} is on the {a.scale} scale and {b.year} on the {b.scale} scale: a change across the 2012 method "
            "change cannot be computed (compare percentiles with position() instead)"
        )
    return _difference(str(a.year), str(b.year), a.score, _se(a), b.score, _se(b), level)


def difference(iso3_a: str, iso3_b: str, year: int, level: float = 0.95) -> Difference:
    """Is country b's score different from country a's in ``year`` beyond the combined error?"""
    a, b = position(iso3_a, year), position(iso3_b, year)
    return _difference(a.iso3, b.iso3, a.score, _se(a), b.score, _se(b), level)


# --------------------------------------------------------------------------- best results
@dataclass(frozen=True)
class BestResult:
    """Whether a score was a country's best to date, when that level was first reached and whether it still stands.

    ``by`` is 'score' (within one scale: 1995-2011 or 2012-2024) or 'percentile'
    (across both scales, since a position among the countries scored is scale-free).
    """

    iso3: str
    year: int
    by: str
    value: float
    previous_best: float | None
    previous_best_year: int | None
    is_best_to_date: bool  #: strictly above every earlier year compared
    equalled_before: bool  #: an earlier year had the same value
    first_year_at_or_above: int  #: first compared year with a value >= this one
    superseded_in: int | None  #: first later year with a higher value
    still_holds: bool
    as_of: int  #: last year compared
    earlier_years_higher: tuple[int, ...]


def best_to_date(iso3: str, year: int, by: str = "score") -> BestResult:
    """Test a 'best result to date' claim for ``year``.

    By score, years are compared only on the same scale (a pre-2012 score times ten is not
    a 0-100 score). By percentile, all years 1995-2024 are compared.
    """
    code = _code(iso3)
    year = _year(year)
    if by == "score":
        series = cpi_series(code, scale_of(year)).set_index("year")["score"]
    elif by == "percentile":
        series = both_scales(code).set_index("year")["percentile"]
    else:
        raise HistoryError(f"by must be 'score' (within one scale) or 'percentile' (across scales), not {by!r}")
    if year not in series.index:
        position(code, year)  # raises the clear 'not scored' message
    value = float(series[year])
    earlier = series[series.index < year]
    later = series[series.index > year]
    previous = float(earlier.max()) if len(earlier) else None
    higher_later = later[later > value]
    at_or_above = series[(series >= value)]
    return BestResult(
        code,
        year,
        by,
        value,
        previous,
        int(earlier.idxmax()) if len(earlier) else None,
        bool(previous is None or value > previous),
        bool(len(earlier) and (earlier == value).any()),
        int(at_or_above.index.min()),
        int(higher_later.index.min()) if len(higher_later) else None,
        bool(higher_later.empty),
        int(series.index.max()),
        tuple(int(y) for y in earlier[earlier > value].index),
    )


# --------------------------------------------------------------------------- neighbours
def neighbours(year: int, countries=None, anchor: str = "KAZ", level: float = 0.95) -> pd.DataFrame:
    """Kazakhstan (or ``anchor``) and a set of countries in one edition, best first.

    ``countries`` is a list of ISO3 codes or the name of a group (see :func:`group`);
    by default document 004's comparison.

    Columns: iso3, country, score, rank, countries (scored that year), percentile, and on
    the 0-100 scale standard_error, gap (country minus anchor), z and ``exceeds`` (the gap
    is larger than the combined standard errors at ``level``). A listed country not scored
    that year is kept with empty values, so it is not silently dropped.
    """
    year = _year(year)
    scale_of(year)
    if countries is None or isinstance(countries, str):
        countries = group(S004 if countries is None else countries)
    codes = list(dict.fromkeys(_code(c) for c in countries))
    anchor = _code(anchor)
    if anchor not in codes:
        codes.insert(0, anchor)
    ref = position(anchor, year)
    rows = []
    for code in codes:
        try:
            p = position(code, year)
        except HistoryError:
            rows.append({"iso3": code, "country": country_name(code)})
            continue
        row = {k: getattr(p, k) for k in ("iso3", "country", "score", "rank", "countries", "percentile")}
        if p.scale == NEW_SCALE:
            row["standard_error"] = p.standard_error
            if code != anchor:
                d = _difference(anchor, code, ref.score, ref.standard_error, p.score, p.standard_error, level)
                row.update(gap=d.difference, z=round(d.z, 3), exceeds=d.exceeds)
            else:
                row.update(gap=0.0, z=0.0, exceeds=False)
        else:
            row["gap"] = p.score - ref.score
        rows.append(row)
    out = pd.DataFrame(rows)
    out = out.sort_values(["score", "iso3"], ascending=[False, True], na_position="last").reset_index(drop=True)
    if "exceeds" in out:
        out["exceeds"] = out["exceeds"].astype("boolean")
    return out


# --------------------------------------------------------------------------- CPI sources
def standard_error_from_sources(scores) -> float:
    """Standard error of a CPI score from its source scores: sample SD / sqrt(number of sources).

    With the nine source scores document 003 prints for Kazakhstan this gives TI's
    published standard errors (3.35 for 2016, 3.59 for 2017): the CPI is the mean of its
    sources, and its uncertainty is how much they disagree.
    """
    values = np.asarray(list(scores), dtype=float)
    values = values[np.isfinite(values)]
    if values.size < 2:
        raise HistoryError(f"a standard error needs at least two source scores, got {values.size}")
    return float(values.std(ddof=1) / math.sqrt(values.size))


def cpi_source_moves() -> pd.DataFrame:
    """Kazakhstan's nine CPI sources in 2016 and 2017 (document 003), with kind and direction of change."""
    src = _load("s003_cpi_sources").pivot(index="source", columns="year", values="score").astype(float)
    types = _load("cpi_source_types").set_index("source")["source_type"]
    out = pd.DataFrame({"source": src.index, "source_type": src.index.map(types), "score_2016": src[2016].values, "score_2017": src[2017].values})
    out["change"] = out["score_2017"] - out["score_2016"]
    out["direction"] = np.select([out["change"] > 0, out["change"] < 0], ["up", "down"], "unchanged")
    return out.sort_values("change", ascending=False, ignore_index=True)


# --------------------------------------------------------------------------- timeline
def _timeline() -> pd.DataFrame:
    return _load("timeline")


def timeline(kind=None, start: int | None = None, end: int | None = None, document: str | None = None, include_undated: bool = False) -> pd.DataFrame:
    """Statements of the timeline, filtered by kind(s), period and document, in date order.

    A statement is in the period when its date (or, for a period or range, any part of
    it) falls between ``start`` and ``end`` inclusive. Undated statements are left out
    unless ``include_undated``; they come last.
    """
    frame = _timeline()
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise HistoryError(f"unknown kind {unknown[0]!r}; kinds are {', '.join(repr(k) for k in KINDS)}")
        frame = frame[frame["kind"].isin(kinds)]
    if document is not None:
        doc = str(document).zfill(3)
        if doc not in set(_timeline()["document"]):
            raise HistoryError(f"no timeline statements from document {document!r}; documents are {', '.join(sorted(set(_timeline()['document'])))}")
        frame = frame[frame["document"] == doc]
    lo = _year(start) if start is not None else None
    hi = _year(end) if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise HistoryError(f"the period starts after it ends: {lo} > {hi}")
    dated = frame["year"].notna()
    first = frame["year"].astype("Float64")
    last = frame["year_end"].fillna(frame["year"]).astype("Float64")
    keep = dated.copy()
    if lo is not None:
        keep &= last >= lo
    if hi is not None:
        keep &= first <= hi
    if include_undated:
        keep |= ~dated
    out = frame[keep.fillna(False).astype(bool)]
    if out.empty:
        what = f"of kind {kind!r} " if kind is not None else ""
        where = f"from document {document} " if document is not None else ""
        span = f"between {lo if lo is not None else 'the start'} and {hi if hi is not None else 'the end'}"
        raise HistoryError(f"no timeline statements {what}{where}{span}")
    return out.sort_values(["year", "month", "day", "id"], na_position="last").reset_index(drop=True)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_PRECISION = {"day": 0, "month": 1, "year": 2, "range": 3, "period": 4}


def format_date(row) -> str:
    """A statement's date as a reader writes it: '18 November 2015', 'September 2017', '2015', '2018-2020'."""
    if pd.isna(row["year"]):
        return "undated"
    year = int(row["year"])
    if pd.notna(row.get("year_end")):
        return f"{year}-{int(row['year_end'])}"
    if pd.notna(row.get("month")):
        month = _MONTHS[int(row["month"]) - 1]
        return f"{int(row['day'])} {month} {year}" if pd.notna(row.get("day")) else f"{month} {year}"
    return str(year)


def events(kind=None, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One row per dated event of the timeline, its statements condensed, in date order.

    Columns: event_key, kind, year, month, day (of the most precise statement), date
    (that statement's date), dates (every distinct date the documents give, most
    precise first, so that a disagreement shows both; a date only 'attested', i.e. a
    document of that year uses the name, is marked so), documents, sources
    ('003: 841-842; 001: 216'), statements (how many), disputed (the statements
    disagree, see :func:`timeline_disagreements`) and description (of the most precise
    statement). Filters as :func:`timeline`.
    """
    frame = timeline(kind, start, end)
    labels = frame.apply(format_date, axis=1)
    labels = labels.where(frame["date_basis"] != "attested", labels + " (name in use)")
    frame = frame.assign(_rank=frame["date_precision"].map(_PRECISION), _date=labels,
                         _attested=frame["date_basis"] == "attested")
    disputed = set(timeline_disagreements()["event_key"])
    rows = []
    for key, g in frame.groupby("event_key", sort=False):
        g = g.sort_values(["_attested", "_rank", "year", "id"])
        lead = g.iloc[0]
        rows.append({
            "event_key": key,
            "kind": lead["kind"],
            "year": int(lead["year"]),
            "month": lead["month"],
            "day": lead["day"],
            "date": format_date(lead),
            "dates": "; ".join(dict.fromkeys(g["_date"])),
            "documents": ", ".join(sorted(set(g["document"]))),
            "sources": "; ".join(f"{d}: {lines}" for d, lines in zip(g["document"], g["source_lines"])),
            "statements": len(g),
            "disputed": key in disputed,
            "description": lead["description"],
        })
    out = pd.DataFrame(rows)
    out["month"] = out["month"].astype("Int64")
    out["day"] = out["day"].astype("Int64")
    return out.sort_values(["year", "month", "day", "event_key"], na_position="first", ignore_index=True)


def _dates_agree(a: pd.Series, b: pd.Series) -> bool:
    """Two statements agree if their dates match at the precision both give."""
    if a["year"] != b["year"]:
        return False
    for part in ("month", "day"):
        if pd.notna(a[part]) and pd.notna(b[part]) and a[part] != b[part]:
            return False
    if pd.notna(a["year_end"]) and pd.notna(b["year_end"]) and a["year_end"] != b["year_end"]:
        return False
    return True


def timeline_disagreements() -> pd.DataFrame:
    """Events whose dated statements disagree, one row per pair of statements that differ.

    Compared: statements whose date is printed or inferred from another place ('attested'
    dates only say a name was in use), point dates with point dates and periods with
    periods (a strategy's term is not its adoption date).
    """
    frame = _timeline()
    frame = frame[frame["year"].notna() & frame["date_basis"].isin(["printed", "printed_glued", "inferred"])]
    frame = frame[frame["date_precision"] != "range"]
    rows = []
    for key, group in frame.groupby("event_key", sort=True):
        group = group.reset_index(drop=True)
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                a, b = group.iloc[i], group.iloc[j]
                if (a["date_precision"] == "period") != (b["date_precision"] == "period"):
                    continue
                if not _dates_agree(a, b):
                    rows.append({
                        "event_key": key,
                        "id_a": a["id"], "date_a": a["date_as_printed"], "lines_a": f"{a['document']}:{a['source_lines']}",
                        "id_b": b["id"], "date_b": b["date_as_printed"], "lines_b": f"{b['document']}:{b['source_lines']}",
                        "across_documents": a["document"] != b["document"],
                    })
    return pd.DataFrame(rows, columns=["event_key", "id_a", "date_a", "lines_a", "id_b", "date_b", "lines_b", "across_documents"])


# --------------------------------------------------------------------------- informers
def informer_rewards() -> pd.DataFrame:
    """Rewards to people who reported corruption, as each document states them, with the average reward.

    Document 001 gives 2016 as 'more than 26 million tenge' to 187 people; document 003
    (twice) 27 million to 185, and 31 million to 226 for 2017. The average is the total
    divided by the people (a lower bound where the total is).
    """
    rows = []
    fig = _load("s001_figures").set_index("figure")["value"]
    rows.append({"document": "001", "statement": "op-ed (line 190)", "year": 2016, "people": int(fig["informers_awarded"]),
                 "amount_kzt_million": float(fig["informer_awards_total"]), "amount_is_lower_bound": True})
    for _, r in _load("s003_informer_rewards").iterrows():
        rows.append({"document": "003", "statement": f"{r['section']} (lines {r['source_lines']})", "year": int(r["year"]),
                     "people": int(r["people"]), "amount_kzt_million": float(r["amount_kzt_million"]), "amount_is_lower_bound": False})
    out = pd.DataFrame(rows)
    out["average_kzt"] = (out["amount_kzt_million"] * 1e6 / out["people"]).round(0)
    return out


# --------------------------------------------------------------------------- other ratings
_BETTER_IF_HIGHER = {
    "less corruption": True,
    "better control of corruption": True,
    "easier business regulation": True,
    "worse business regulation": False,
    "more bribery risk": False,
    "fewer bribes": True,
    "more competitive": True,
}


def rating_directions() -> pd.DataFrame:
    """For every rating of Kazakhstan quoted in document 003 (and the CPI from TI's data), the first and last value and whether it moved for the better.

    'better' follows the scale's meaning (s003_rating_scales.higher_means): a falling
    TRACE risk score is better, a falling WEF 'irregular payments' score (1 = very often,
    7 = never) is worse; for business-survey ranks of corruption among problems, a
    smaller rank (corruption weighs more) is worse.
    """
    scales = _load("s003_rating_scales").set_index(["rating", "indicator"])["higher_means"]
    series = []  # (rating, indicator, {year: value}, better_if_higher, source)
    other = _load("s003_other_ratings")
    kaz = other[(other["country"] == "Kazakhstan") & other["year"].notna()]
    rating_names = {"World Bank Doing Business": "World Bank Doing Business", "TRACE Matrix": "TRACE Bribery Risk Matrix",
                    "WEF Global Competitiveness Index": "WEF Global Competitiveness Index"}
    for (rating, indicator), g in kaz.groupby(["rating", "indicator"], sort=False):
        scale_rating = rating_names[rating]
        if g["value"].notna().any():
            key = (scale_rating, indicator) if (scale_rating, indicator) in scales else (scale_rating, "domain score")
            series.append((rating, indicator, dict(zip(g["year"].astype(int), g["value"].astype(float))), _BETTER_IF_HIGHER[scales[key]], "document 003"))
        if g["rank"].notna().any() and rating == "TRACE Matrix":
            ranks = g[g["rank"].notna()]
            series.append((rating, "rank", dict(zip(ranks["year"].astype(int), ranks["rank"].astype(float))), False, "document 003"))
    wgi = _load("s003_wgi_control_of_corruption")
    for measure, g in wgi.groupby("measure", sort=False):
        series.append(("World Bank WGI Control of Corruption", measure, dict(zip(g["year"].astype(int), g["value"].astype(float))), True, "document 003"))
    ranks = _load("s003_business_problem_ranks")
    for (survey, item), g in ranks.groupby(["survey", "item"], sort=False):
        if g["year"].nunique() > 1:
            series.append((survey, f"rank of {item}", dict(zip(g["year"].astype(int), g["rank"].astype(float))), True, "document 003"))
    kaz_cpi = cpi_series("KAZ", NEW_SCALE).set_index("year")["score"]
    for first, last in ((2016, 2017), (2012, 2024)):
        series.append(("TI Corruption Perceptions Index", f"score {first}-{last}", {first: kaz_cpi[first], last: kaz_cpi[last]}, True, "TI data"))
    rows = []
    for rating, indicator, values, better_if_higher, source in series:
        years = sorted(values)
        first, last = years[0], years[-1]
        delta = values[last] - values[first]
        if delta == 0:
            direction = "unchanged"
        else:
            direction = "better" if (delta > 0) == better_if_higher else "worse"
        rows.append({"rating": rating, "indicator": indicator, "first_year": first, "first_value": values[first],
                     "last_year": last, "last_value": values[last], "change": delta,
                     "higher_is_better": better_if_higher, "direction": direction, "source": source})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- claims
def _ordinal(n: int) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _survey(survey: str, question: str, answer: str) -> float:
    sv = _load("s003_surveys")
    rows = sv[(sv["survey"] == survey) & (sv["question_id"] == question) & (sv["answer"] == answer) & (sv["row_kind"] == "value") & sv["settlement"].isna()]
    return float(rows["percent"].iloc[0])


def _s001(figure: str) -> float:
    return float(_load("s001_figures").set_index("figure").loc[figure, "value"])


def _s003_public_councils() -> int:
    """Document 003's count of public councils (3.4, line 684), from the section 3 prose figures."""
    figures = _load("s003_section3_text_figures").set_index("figure_id")
    return int(figures.loc["s3_4_public_councils", "value"])


def _iap(section: str) -> pd.Series:
    return _load("s003_oecd_iap_recommendations").query("section == @section").set_index("category")["count"]


def _checks() -> dict:
    """claim_id -> function returning (recomputed, verdict, erratum)."""

    def egov_rank():
        un = _load("egdi").query("year == 2016")
        rank = int(un.loc[un["iso3"] == "KAZ", "egdi_rank"].iloc[0])
        return f"UN EGDI 2016: Kazakhstan {_ordinal(rank)} of {len(un)} countries", "partly holds", "s001-egdi-174"

    def doing_business():
        o = _load("s003_other_ratings").query("rating == 'World Bank Doing Business' and indicator == 'overall rank'").iloc[0]
        return f"document 003 gives the same rank: {_ordinal(o['rank'])} of {int(o['countries'])} (2018)", "holds", ""

    def _councils():
        return int(_s001("public_councils")), _s003_public_councils()

    def councils(_doc):
        at_least, counted = _councils()
        return f"document 003 counts {counted} public councils; document 001 'more than {at_least}': consistent", "holds", ""

    def gcb_doubled():
        a = _survey("gcb_2013", "positive_change_seen", "yes")
        b = _survey("gcb_2016", "corruption_fallen_4y", "agree (corruption has fallen)")
        return (f"GCB 2013 {a:g}% saw positive change; GCB 2016 {b:g}% say corruption fell: x{b / a:.2f} "
                "(the two surveys asked different questions)"), "holds", ""

    def gcb_third():
        a = _survey("gcb_2013", "paid_bribe_12m", "yes")
        b = _survey("gcb_2016", "paid_bribe_12m", "yes")
        return f"GCB: paid a bribe {a:g}% (2013) -> {b:g}% (2016), a fall of {100 * (a - b) / a:.1f}%, not a third", "overstated", "s001-gcb-bribe-third"

    def everyday():
        a = _survey("gcb_2013", "paid_bribe_12m", "yes")
        b = _survey("gcb_2016", "paid_bribe_12m", "yes")
        return (f"no measure of 'day-to-day corruption' in the course's data; the nearest, GCB bribe payment, fell by "
                f"{100 * (a - b) / a:.1f}% (2013-2016)"), "cannot be checked", ""

    def informers_001():
        r = informer_rewards()
        d3 = r[(r["document"] == "003") & (r["year"] == 2016)].iloc[0]
        return f"document 003: {d3['people']} people, KZT {d3['amount_kzt_million']:g} million in 2016", "contradicted", "s001-s003-informer-rewards-2016"

    def informers_003():
        r = informer_rewards()
        d1 = r[r["document"] == "001"].iloc[0]
        return f"document 001: {d1['people']} people, more than KZT {d1['amount_kzt_million']:g} million in 2016", "contradicted", "s001-s003-informer-rewards-2016"

    def iap_since():
        t = _timeline().set_index("id")
        return f"document 003: since {int(t.loc['iap_participation_start.003a', 'year'])}", "contradicted", "s001-s003-iap-start"

    def iap_positive():
        r = _iap("11.1.2")
        rated = int(r[["not implemented", "partially implemented", "substantially implemented"]].sum())
        return (f"the report rates {int(r['previous (3rd round) recommendations'])} earlier recommendations: "
                f"{int(r['not implemented'])} not, {int(r['partially implemented'])} partly, {int(r['substantially implemented'])} substantially, none fully "
                f"implemented ({rated} rated); {int(r['new 4th round recommendations'])} new ones"), "partly holds", "s003-oecd-iap-recommendations-sum"

    def convictions():
        return "no conviction counts before 2008 in the course's data", "cannot be checked", ""

    def iap_ratings():
        r = _iap("5.1.2")
        rated = int(r[["not implemented", "partially implemented", "substantially implemented"]].fillna(0).sum())
        return f"the ratings add up to {rated}, not {int(r['previous (3rd round) recommendations'])}", "partly holds", "s003-oecd-iap-recommendations-sum"

    def cpi_2016_improved():
        d = change("KAZ", 2015, 2016)
        return f"{d.score_a:g} -> {d.score_b:g} (+{d.difference:g}), z = {d.z:.2f}: within the standard errors", "holds within error", ""

    def cpi_2015_rank():
        p = position("KAZ", 2015)
        return f"CPI 2015: {_ordinal(p.rank)} of {p.countries}", "contradicted", "s003-cpi-2015-rank"

    def rank_fell():
        a, b = position("KAZ", 2015), position("KAZ", 2016)
        return (f"{_ordinal(a.rank)} of {a.countries} -> {_ordinal(b.rank)} of {b.countries}: percentile {a.percentile:.1f} -> {b.percentile:.1f}; "
                f"eight more countries were scored in 2016"), "partly holds", "s003-cpi-2015-countries"

    def cpi_2017_best():
        s = best_to_date("KAZ", 2017, by="score")
        p = best_to_date("KAZ", 2017, by="percentile")
        return (f"best on the 0-100 scale (previous best {s.previous_best:g}); by percentile ({p.value:.1f}) below "
                f"{', '.join(map(str, p.earlier_years_higher))}"), "contradicted", "s003-cpi-2017-best-percentile"

    def cpi_2017_progress():
        d = change("KAZ", 2016, 2017)
        return f"{d.score_a:g} -> {d.score_b:g} (+{d.difference:g}), z = {d.z:.2f}: within the standard errors", "holds within error", ""

    def sources_improved():
        m = cpi_source_moves()
        up, down = int((m["change"] > 0).sum()), int((m["change"] < 0).sum())
        return f"{up} up, {down} down, {len(m) - up - down} unchanged of {len(m)}", "holds", ""

    def wgi():
        return "no WGI data in the course's package; the quoted figures are internally consistent", "cannot be checked", ""

    def trace():
        t = _load("s003_other_ratings").query("rating == 'TRACE Matrix' and indicator == 'overall score' and country == 'Kazakhstan'")
        t = t.sort_values("year")
        first, last = t.iloc[0], t.iloc[-1]
        return (f"overall risk score {first['value']:g} -> {last['value']:g} (lower = less risk); "
                f"rank {_ordinal(first['rank'])} -> {_ordinal(last['rank'])}"), "partly holds", "s003-trace-direction"

    def willingness():
        a = _survey("gcb_2013", "ready_to_act", "yes")
        b = _survey("gcb_2016", "ready_to_act", "yes")
        return f"GCB: prepared to act {a:g}% (2013) -> {b:g}% (2016)", "contradicted", "s003-summary-willingness"

    def public_councils_003():
        at_least, _ = _councils()
        return f"document 001 says 'more than {at_least}': consistent", "holds", ""

    def s004_cpi():
        p = position("KAZ", 2023)
        d = change("KAZ", 2022, 2023)
        return (f"{p.score:g} points, {_ordinal(p.published_rank)} of {p.countries}; +{d.difference:g} since 2022 (z = {d.z:.2f}, within the errors)"), "holds", ""

    def s004_best():
        b = best_to_date("KAZ", 2023)
        return (f"best on the 0-100 scale in 2023 (previous best {b.previous_best:g}); superseded in {b.superseded_in}"), "holds", ""

    def s004_neighbours():
        listed = neighbours(2023)
        ps = neighbours(2023, "post_soviet")
        above = ps.loc[ps["score"] > ps.loc[ps["iso3"] == "KAZ", "score"].iloc[0], "iso3"].tolist()
        blr = listed.set_index("iso3").loc["BLR"]
        return (f"true for the seven listed; {len(above)} other post-Soviet states score higher ({', '.join(above)}); "
                f"the gap to Belarus ({-blr['gap']:g} points, z = {-blr['z']:.2f}) is within the errors"), "partly holds", ""

    def s004_egdi():
        un = _load("egdi").query("year == 2022")
        rank = int(un.loc[un["iso3"] == "KAZ", "egdi_rank"].iloc[0])
        return f"UN EGDI 2022: {_ordinal(rank)} of {len(un)}", "holds", ""

    def s000_cpi():
        p19, p20 = position("KAZ", 2019), position("KAZ", 2020)
        return (f"CPI 2020: {p20.score:g} points, {_ordinal(p20.published_rank)} of {p20.countries}; gain on 2019 "
                f"{p19.published_rank - p20.published_rank} places, not 27"), "partly holds", "s000-kaz-27-positions"

    return {
        "s001_egov_rank": egov_rank,
        "s001_doing_business": doing_business,
        "s001_public_councils": lambda: councils("001"),
        "s001_gcb_progress_doubled": gcb_doubled,
        "s001_gcb_bribes_third": gcb_third,
        "s001_everyday_corruption": everyday,
        "s001_informers_2016": informers_001,
        "s001_iap_since_2004": iap_since,
        "s001_iap_positive": iap_positive,
        "s001_convictions": convictions,
        "s003_public_councils": public_councils_003,
        "s003_informers_2016": informers_003,
        "s003_iap_ratings": iap_ratings,
        "s003_cpi_2016_improved": cpi_2016_improved,
        "s003_cpi_2015_rank": cpi_2015_rank,
        "s003_cpi_rank_fell_2016": rank_fell,
        "s003_cpi_2017_best": cpi_2017_best,
        "s003_cpi_2017_progress": cpi_2017_progress,
        "s003_cpi_sources_improved": sources_improved,
        "s003_wgi_improved": wgi,
        "s003_trace_pessimistic": trace,
        "s003_willingness": willingness,
        "s004_cpi_2023": s004_cpi,
        "s004_best_to_date": s004_best,
        "s004_outperformed_neighbours": s004_neighbours,
        "s004_egdi_2022": s004_egdi,
        "s000_cpi_2020": s000_cpi,
    }


VERDICTS = ("holds", "holds within error", "partly holds", "overstated", "contradicted", "cannot be checked")


def check_claims(account: str | None = None) -> pd.DataFrame:
    """Every claim of ``account_claims`` with what the data show and a verdict.

    Verdicts: holds; holds within error (the direction is right but the change is smaller
    than the standard errors); partly holds; overstated; contradicted; cannot be checked
    (with the course's data). ``erratum`` names the errata.csv row where the check found a
    contradiction.
    """
    claims = _load("account_claims")
    if account is not None:
        accounts = sorted(set(claims["account"]))
        if account not in accounts:
            raise HistoryError(f"unknown account {account!r}; accounts are {', '.join(repr(a) for a in accounts)}")
        claims = claims[claims["account"] == account]
    checks = _checks()
    missing = sorted(set(claims["claim_id"]) - set(checks))
    if missing:
        raise HistoryError(f"no check written for claim(s) {', '.join(missing)}")
    results = [checks[c]() for c in claims["claim_id"]]
    out = claims[["claim_id", "document", "account", "topic", "claim", "printed", "source_lines"]].reset_index(drop=True)
    out["recomputed"] = [r[0] for r in results]
    out["verdict"] = [r[1] for r in results]
    out["erratum"] = [r[2] for r in results]
    return out

"""Counts of corruption offences in Kazakhstan, 2008-2017, shaped for Chapter 4 and its widget.

Chapter 4 reads the crime statistics of the civil-society report (document 003, section 3)
as what they are: records of enforcement. A registered offence is one the police or the
anti-corruption service chose to record, a case tried in court is one the prosecution
brought, and damage is what the investigators could put a figure on. The functions here
turn the report's tables into one long shape (offence, year, measure, value), so that the
chapter, its exercise and its widget compute totals, shares of all crime, tried-to-
registered ratios, rates per 100,000 people, growth and n-fold changes the same way, and
so that every series that crosses 2015 says which Criminal Code's article it counts.

Selections name offences the way a reader meets them: our offence keys
(``"receipt_of_bribes"``), an article of the 1997 Code (``"311"``, ``"310-1"``), an article
of the 2014 Code (``366`` or ``"Article 366"``), a printed label (``"Giving bribes"``), a
group (``"bribery"``, see :data:`GROUPS`), ``"all"``, or a list of these.

Bad input (an unknown article, an empty selection, a year outside the tables, a zero
denominator) raises :class:`CrimeError` with a one-line message that names the problem,
which the widget shows as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from .data import load

__all__ = [
    "CrimeError",
    "Measure",
    "CodeChangeEffect",
    "YEARS",
    "CODE_CHANGE_YEAR",
    "OFFENCES",
    "GROUPS",
    "MEASURES",
    "crosswalk",
    "resolve",
    "label",
    "article_in_force",
    "apply_crosswalk",
    "series",
    "total",
    "all_crime",
    "share_of_all_crime",
    "tried_to_registered",
    "population",
    "rate_per_100k",
    "Change",
    "change",
    "fold",
    "growth",
    "fold_range",
    "year_on_year",
    "code_change_effect",
    "summary",
    "SCALES",
    "view",
    "COUNT_MEASURES",
    "explore",
    "PoissonChange",
    "poisson_change",
    "Dispersion",
    "dispersion",
    "reconcile",
    "prose_checks",
    "claims_table",
    "reconcile_table",
    "civil_servant_tables",
    "court_statistics",
    "court_rates",
    "audit_violations",
    "programme_violations",
    "cost_comparison",
]

YEARS = tuple(range(2008, 2018))
"""Years of the report's crime tables (Tables 3.1.1-3.3.3)."""

CODE_CHANGE_YEAR = 2015
"""First year counted under the 2014 Criminal Code (articles 361-371 instead of 307-316)."""

OFFENCES = (
    "abuse_of_authority",
    "abuse_of_power",
    "assumption_of_authority",
    "illegal_business_participation",
    "impeding_business",
    "receipt_of_bribes",
    "giving_bribes",
    "mediation_in_bribery",
    "official_forgery",
    "failure_to_act",
    "negligence",
)
"""The 11 offences of the Criminal Code's corruption chapter, in the tables' order."""

GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "all": ("all corruption offences", OFFENCES),
    "abuse": ("abuse and assumption of office (307-309 / 361-363)", OFFENCES[0:3]),
    "business": ("offences against business (310, 310-1 / 364-365)", OFFENCES[3:5]),
    "bribery": ("bribery (311-313 / 366-368)", OFFENCES[5:8]),
    "duty": ("forgery, failure to act, negligence (314-316 / 369-371)", OFFENCES[8:11]),
}
"""Named groups of offences: consecutive articles of both Codes, so a group is the same
set of offences before and after 2015. The four groups other than ``all`` partition the 11."""


@dataclass(frozen=True)
class Measure:
    """One thing the report counts, where it is printed, and in what unit."""

    label: str
    unit: str
    table: str
    source: str
    by_offence: bool


MEASURES: dict[str, Measure] = {
    "registered": Measure("registered offences", "offences", "s003_t3_1_1_registered_offences", "doc 003, Table 3.1.1", True),
    "tried": Measure("offences tried in court", "offences", "s003_t3_1_2_offences_tried_in_court", "doc 003, Table 3.1.2", True),
    "damage": Measure("damage", "thousand KZT", "s003_t3_2_2_damage_corruption_offences", "doc 003, Table 3.2.2", True),
    "persons": Measure("persons who committed corruption offences", "persons", "s003_t3_3_1_persons_corruption_offences", "doc 003, Table 3.3.1", False),
    "charged": Measure("persons charged", "persons", "s003_t3_3_1_persons_corruption_offences", "doc 003, Table 3.3.1", False),
    "not_charged": Measure("persons not charged (printed 'Acquitted')", "persons", "s003_t3_3_1_persons_corruption_offences", "doc 003, Table 3.3.1", False),
}
"""What :func:`series` and :func:`total` can count. All come from the Committee for Legal
Statistics of the General Prosecutor's Office, as printed under each table."""

_PERSON_COLUMNS = {"persons": "total_persons", "charged": "charged", "not_charged": "acquitted"}
_ALL_CRIME = {"registered": "all_offences", "tried": "all_offences", "damage": "damage"}


class CrimeError(ValueError):
    """A selection or computation the tables cannot serve; the message says why, in one line."""


# --------------------------------------------------------------------------- tables
@lru_cache(maxsize=None)
def _table(name: str) -> pd.DataFrame:
    return load(name)


def _copy(name: str) -> pd.DataFrame:
    return _table(name).copy()


def crosswalk() -> pd.DataFrame:
    """The 11 offences with their articles in the 1997 and 2014 Codes (``s003_criminal_code_articles``).

    The report never prints the two numbers side by side: the old ones label the rows of
    Table 3.2.2, the new ones are listed in section 4.1.1, and the offence names match.
    """
    frame = _copy("s003_criminal_code_articles")
    frame["article_new_cc"] = frame["article_new_cc"].astype(int).astype(str)
    return frame.set_index("offence_key")


@lru_cache(maxsize=None)
def _lookup() -> dict[str, str]:
    """Every accepted spelling of an offence, lower-cased, mapped to its key."""
    table = crosswalk()
    names: dict[str, str] = {}
    for key, row in table.iterrows():
        for spelling in (key, row["article_old_cc"], row["article_new_cc"], row["label_table_3_1_1"], row["label_section_4_1_1"]):
            names[str(spelling).strip().lower()] = key
    return names


def _one(item) -> tuple[str, ...]:
    if isinstance(item, (bool, np.bool_)) or item is None:
        raise CrimeError(f"unknown article or group {item!r}: {_HELP}")
    if isinstance(item, (int, np.integer)):
        text = str(int(item))
    elif isinstance(item, float) and item.is_integer():
        text = str(int(item))
    elif isinstance(item, str):
        text = item.strip()
    else:
        raise CrimeError(f"unknown article or group {item!r}: {_HELP}")
    lowered = text.lower()
    if lowered in GROUPS:
        return GROUPS[lowered][1]
    lowered = re.sub(r"^(?:article|art\.?)\s*", "", lowered)
    if lowered in _lookup():
        return (_lookup()[lowered],)
    raise CrimeError(f"unknown article or group {item!r}: {_HELP}")


_HELP = (
    "use an offence key, an article of the 1997 Code (307-316, 310-1) or of the 2014 Code (361-371), "
    f"or a group ({', '.join(GROUPS)})"
)


def resolve(selection="all") -> list[str]:
    """The offence keys a selection names, in the tables' order, each once.

    Why: the widget and the exercise let a reader pick by old article, new article, name or
    group; resolving them in one place means ``"311"``, ``366`` and ``"Receipt of bribes"``
    select the same row, whatever the year.
    """
    if isinstance(selection, (list, tuple, set, frozenset, pd.Index, np.ndarray, pd.Series)):
        items = list(selection)
        if not items:
            raise CrimeError("empty selection: choose at least one article or group, e.g. 'bribery' or '366'")
    else:
        items = [selection]
    chosen: set[str] = set()
    for item in items:
        chosen.update(_one(item))
    return [key for key in OFFENCES if key in chosen]


def label(selection="all") -> str:
    """A short English name for a selection, for titles and summaries."""
    keys = resolve(selection)
    for name, (text, members) in GROUPS.items():
        if tuple(keys) == members:
            return text
    table = crosswalk()
    names = [table.loc[k, "label_table_3_1_1"] for k in keys]
    return names[0] if len(names) == 1 else " + ".join(names)


def _check_year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise CrimeError(f"year {year!r} is not a year") from None
    if value != year and not (isinstance(year, str) and year.strip() == str(value)):
        raise CrimeError(f"year {year!r} is not a whole year")
    return value


def article_in_force(offence, year) -> str:
    """The article under which ``offence`` was counted in ``year``: 1997 Code to 2014, 2014 Code from 2015.

    Why: a series that crosses 2015 keeps its offence but changes its article number (abuse
    of authority is article 307 in 2014 and article 361 in 2015); a chart or table that
    names articles has to name the one in force each year.
    """
    keys = resolve(offence)
    if len(keys) != 1:
        raise CrimeError(f"{offence!r} names {len(keys)} offences; article_in_force needs one")
    row = crosswalk().loc[keys[0]]
    year = _check_year(year)
    return row["article_new_cc"] if year >= CODE_CHANGE_YEAR else row["article_old_cc"]


def apply_crosswalk(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the article in force, the Code, and both article numbers to rows keyed by offence and year.

    ``frame`` needs ``offence_key`` and ``year`` columns. Rows that are not one of the 11
    offences (printed totals) get empty article columns. Returns a new frame.
    """
    missing = [c for c in ("offence_key", "year") if c not in frame.columns]
    if missing:
        raise CrimeError(f"apply_crosswalk needs column(s) {missing}; the frame has {list(frame.columns)}")
    table = crosswalk()
    out = frame.copy()
    years = out["year"].astype(int)
    out["criminal_code"] = np.where(years >= CODE_CHANGE_YEAR, "new_2014", "old_1997")
    old = out["offence_key"].map(table["article_old_cc"])
    new = out["offence_key"].map(table["article_new_cc"])
    out["article_old_cc"] = old
    out["article_new_cc"] = new
    out["article"] = np.where(years >= CODE_CHANGE_YEAR, new, old)
    out.loc[old.isna(), "article"] = None
    return out


# --------------------------------------------------------------------------- series
def _measure(measure: str) -> Measure:
    if measure not in MEASURES:
        raise CrimeError(f"unknown measure {measure!r}: choose one of {', '.join(MEASURES)}")
    return MEASURES[measure]


def _offence_rows(measure: str) -> pd.DataFrame:
    frame = _copy(MEASURES[measure].table)
    return frame[frame["row_kind"] == "article"][["offence_key", "year", "value"]]


def series(selection="all", measure: str = "registered") -> pd.DataFrame:
    """Long form: one row per offence and year, with the article in force and the value as printed.

    Columns: ``offence_key``, ``label``, ``year``, ``article``, ``criminal_code``, ``measure``,
    ``value``, ``unit``. A blank cell stays empty (NaN): in Tables 3.1.1-3.1.2 only the '-' of
    article 310-1 before it existed; in Table 3.2.2 many damage cells are blank, which means
    not reported, not zero. Person counts (Table 3.3.1) exist only for all offences together.
    """
    spec = _measure(measure)
    keys = resolve(selection)
    if not spec.by_offence:
        if keys != list(OFFENCES):
            raise CrimeError(
                f"{spec.label} are counted for all corruption offences together ({spec.source}), "
                "not by article: choose 'all'"
            )
        persons = _copy(spec.table)
        out = pd.DataFrame(
            {
                "offence_key": "all",
                "label": GROUPS["all"][0],
                "year": persons["year"].astype(int),
                "article": None,
                "criminal_code": np.where(persons["year"] >= CODE_CHANGE_YEAR, "new_2014", "old_1997"),
                "measure": measure,
                "value": persons[_PERSON_COLUMNS[measure]].astype("float64"),
                "unit": spec.unit,
            }
        )
        return out.reset_index(drop=True)
    rows = _offence_rows(measure)
    rows = rows[rows["offence_key"].isin(keys)].copy()
    rows["year"] = rows["year"].astype(int)
    rows = apply_crosswalk(rows)
    labels = crosswalk()["label_table_3_1_1"]
    rows["label"] = rows["offence_key"].map(labels)
    rows["measure"] = measure
    rows["unit"] = spec.unit
    rows["value"] = rows["value"].astype("float64")
    order = {k: i for i, k in enumerate(OFFENCES)}
    rows = rows.sort_values(["offence_key", "year"], key=lambda s: s.map(order) if s.name == "offence_key" else s)
    return rows[["offence_key", "label", "year", "article", "criminal_code", "measure", "value", "unit"]].reset_index(drop=True)


def _named(values: pd.Series, name: str, unit: str, source: str) -> pd.Series:
    out = values.astype("float64")
    out.index = out.index.astype(int)
    out.index.name = "year"
    out.name = name
    out.attrs = {"label": name, "unit": unit, "source": source}
    return out


def _printed_total(measure: str) -> pd.Series:
    frame = _table(MEASURES[measure].table)
    rows = frame[frame["row_kind"] == "total"]
    return rows.set_index("year")["value"]


def total(selection="all", measure: str = "registered") -> pd.Series:
    """The selection's yearly total of a measure, indexed by year.

    Registered and tried counts add the article rows, counting the '-' of article 310-1
    before it existed as 0 (as the printed totals do; for ``"all"`` the sum equals the
    printed total every year); a year in which every selected cell is '-' stays NaN. Damage by article is printed only in part: for ``"all"`` the
    printed total is used; for a smaller selection a year in which any selected cell is
    blank is NaN, because a blank damage cell is unknown, not zero.
    """
    spec = _measure(measure)
    keys = resolve(selection)
    name = f"{spec.label}: {label(keys)}"
    if not spec.by_offence:
        long = series(keys, measure)
        return _named(long.set_index("year")["value"], name, spec.unit, spec.source)
    if measure == "damage" and keys == list(OFFENCES):
        return _named(_printed_total(measure), name, spec.unit, spec.source)
    long = series(keys, measure)
    wide = long.pivot(index="year", columns="offence_key", values="value")
    if measure == "damage":
        values = wide.sum(axis=1, min_count=len(keys)).where(wide.notna().all(axis=1))
    else:
        values = wide.sum(axis=1, min_count=1)
    return _named(values, name, spec.unit, spec.source)


def all_crime(measure: str = "registered") -> pd.Series:
    """All offences (not only corruption) of the same measure: the denominator of a share.

    Registered: the 'Total number of offences' row of Table 3.1.1 (the same numbers as Table
    3.2.1). Tried: that row of Table 3.1.2. Damage: the damage from all offences, Table 3.2.1.
    """
    spec = _measure(measure)
    if measure not in _ALL_CRIME:
        raise CrimeError(f"the report gives no count of all crime for {spec.label}: use registered, tried or damage")
    if measure == "damage":
        frame = _table("s003_t3_2_1_damage_all_offences").set_index("year")
        return _named(frame["damage_thousand_kzt"], "damage: all offences", "thousand KZT", "doc 003, Table 3.2.1")
    frame = _table(spec.table)
    rows = frame[frame["row_kind"] == "all_offences"].set_index("year")["value"]
    return _named(rows, f"{spec.label}: all offences", spec.unit, spec.source)


def _divide(numerator: pd.Series, denominator: pd.Series, *, what: str, on_zero: str) -> pd.Series:
    if on_zero not in ("raise", "nan"):
        raise CrimeError(f"on_zero must be 'raise' or 'nan', not {on_zero!r}")
    num, den = numerator.align(denominator, join="inner")
    zero = den == 0
    if zero.any():
        if on_zero == "raise":
            years = ", ".join(str(y) for y in den.index[zero])
            raise CrimeError(f"zero denominator: {what} is 0 in {years}, so the ratio is undefined there")
        den = den.where(~zero)
    return num / den


def share_of_all_crime(selection="all", measure: str = "registered", *, on_zero: str = "raise") -> pd.Series:
    """Percent of all offences (or all damage) that the selection accounts for, by year.

    Why: the count of corruption offences barely moved from 2008 to 2017 while all
    registered crime grew 2.5-fold, so the share fell; a share answers 'how much of the
    police's recorded work is corruption', not 'how much corruption there is'.
    """
    part = total(selection, measure)
    whole = all_crime(measure)
    out = 100 * _divide(part, whole, what=whole.name, on_zero=on_zero)
    return _named(out, f"share of all {_ALL_NOUN[measure]}: {label(selection)}", "percent", part.attrs["source"])


_ALL_NOUN = {"registered": "registered offences", "tried": "offences tried in court", "damage": "damage"}


def tried_to_registered(selection="all", *, on_zero: str = "raise") -> pd.Series:
    """Offences tried in court per 100 registered, by year (percent).

    The two counts are of different cases: one registered in a year may reach court in a
    later one, so a single article can exceed 100 (receipt of bribes in 2010-2011). The
    ratio measures how much of what is recorded the prosecution takes to court, not guilt.
    """
    tried = total(selection, "tried")
    registered = total(selection, "registered")
    what = f"the number of registered offences ({label(selection)})"
    out = 100 * _divide(tried, registered, what=what, on_zero=on_zero)
    return _named(out, f"tried per 100 registered: {label(selection)}", "percent", "doc 003, Tables 3.1.1 and 3.1.2")


def population(iso3: str = "KAZ") -> pd.Series:
    """Total population by year from the World Bank (derived table ``wdi``)."""
    frame = _table("wdi")
    rows = frame[frame["iso3"] == iso3]
    if rows.empty:
        raise CrimeError(f"no population for {iso3!r} in the wdi table")
    out = rows.set_index("year")["population"].dropna()
    return _named(out, f"population ({iso3})", "persons", "World Bank WDI (table wdi)")


def rate_per_100k(selection="all", measure: str = "registered") -> pd.Series:
    """A count per 100,000 inhabitants of Kazakhstan (World Bank population), by year.

    Why: Kazakhstan's population grew by about 14% from 2008 to 2017, so a flat count is a
    falling rate. Damage is money, not a count: it has no rate per 100,000 here.
    """
    spec = _measure(measure)
    if measure == "damage":
        raise CrimeError("rates per 100,000 people are for counts; damage is an amount of money")
    counts = total(selection, measure)
    people = population("KAZ")
    missing = [y for y in counts.index if y not in people.index]
    if missing:
        raise CrimeError(f"no World Bank population for Kazakhstan in {', '.join(map(str, missing))}")
    out = 1e5 * counts / people.loc[counts.index]
    return _named(out, f"{spec.label} per 100,000 people: {label(selection)}", "per 100,000 people", f"{spec.source}; World Bank population")


# --------------------------------------------------------------------------- change
@dataclass(frozen=True)
class Change:
    """How a series moved between two years."""

    start_year: int
    end_year: int
    start: float
    end: float

    @property
    def difference(self) -> float:
        return self.end - self.start

    @property
    def percent(self) -> float:
        """Growth in percent of the start value."""
        return 100 * (self.end - self.start) / self.start

    @property
    def fold(self) -> float:
        """End over start: 2.0 is 'two-fold'; below 1 is a fall (0.4 = a 2.5-fold drop)."""
        return self.end / self.start


def _value(values: pd.Series, year) -> float:
    year = _check_year(year)
    if year not in values.index:
        span = f"{int(values.index.min())}-{int(values.index.max())}" if len(values) else "no years"
        raise CrimeError(f"year {year} is not in the series ({span})")
    value = values.loc[year]
    if pd.isna(value):
        raise CrimeError(f"the series has no value for {year} (blank in the table)")
    return float(value)


def change(values: pd.Series, start=None, end=None) -> Change:
    """The change from ``start`` to ``end`` (default: first and last year with a value).

    A zero start value raises: growth from zero and an n-fold change of zero are undefined.
    """
    if not isinstance(values, pd.Series):
        raise CrimeError("change needs a pandas Series indexed by year")
    present = values.dropna()
    if present.empty:
        raise CrimeError("empty series: nothing to compare")
    start = int(present.index.min()) if start is None else _check_year(start)
    end = int(present.index.max()) if end is None else _check_year(end)
    first, last = _value(values, start), _value(values, end)
    if first == 0:
        raise CrimeError(f"zero denominator: the value in {start} is 0, so growth and fold change from it are undefined")
    return Change(start, end, first, last)


def fold(values: pd.Series, start, end) -> float:
    """``values[end] / values[start]``: the 'n-fold' of a claim such as 'fell almost three-fold'.

    For a fall, the claim's n is ``fold(values, end, start)`` (the larger over the smaller).
    """
    return change(values, start, end).fold


def growth(values: pd.Series, start, end) -> float:
    """Percent change from ``start`` to ``end``."""
    return change(values, start, end).percent


def fold_range(values: pd.Series) -> tuple[float, int, int]:
    """Largest value over smallest, with their years: how far a series swings.

    Why: the report's '80-fold' damage claim and 'almost three-fold' share claim compare two
    years; this gives the widest such ratio a series allows, to hold the claim against.
    """
    present = values.dropna()
    if present.empty:
        raise CrimeError("empty series: nothing to compare")
    low, high = int(present.idxmin()), int(present.idxmax())
    if present[low] <= 0:
        raise CrimeError(f"zero denominator: the smallest value ({present[low]:g} in {low}) is not positive")
    return float(present[high] / present[low]), high, low


def year_on_year(values: pd.Series) -> pd.Series:
    """Percent change from each year to the next (first year empty), with the series' label."""
    present = values.astype("float64")
    prev = present.shift(1)
    out = 100 * (present - prev) / prev.where(prev != 0)
    return _named(out, f"year-on-year change: {values.attrs.get('label', values.name)}", "percent", values.attrs.get("source", ""))


@dataclass(frozen=True)
class CodeChangeEffect:
    """What the 2015 change of Criminal Code does to a series (see :func:`code_change_effect`)."""

    label: str
    mean_before: float
    mean_after: float
    jump_percent: float
    largest_other_percent: float
    largest_other_year: int

    @property
    def jump_is_largest(self) -> bool:
        """Whether 2014 -> 2015 is the series' largest year-on-year change (in absolute terms)."""
        return abs(self.jump_percent) > abs(self.largest_other_percent)


def code_change_effect(selection="all", measure: str = "registered") -> CodeChangeEffect:
    """Compare the 2014 -> 2015 step of a series with its other year-on-year changes.

    Why: in 2015 new article numbers, new wording and (the report notes) new registration
    rules came in together. A step at 2015 that dwarfs the other years' changes is more
    likely the law and the counting than corruption: a series crossing 2015 should be read
    as two series, before and after.
    """
    values = total(selection, measure)
    yoy = year_on_year(values).dropna()
    if CODE_CHANGE_YEAR not in yoy.index:
        raise CrimeError(f"the series has no values for both {CODE_CHANGE_YEAR - 1} and {CODE_CHANGE_YEAR}")
    others = yoy.drop(index=CODE_CHANGE_YEAR)
    if others.empty:
        raise CrimeError("the series has no other year-on-year change to compare with 2015")
    biggest = int(others.abs().idxmax())
    before = values.loc[: CODE_CHANGE_YEAR - 1].dropna()
    after = values.loc[CODE_CHANGE_YEAR:].dropna()
    return CodeChangeEffect(
        label=values.name,
        mean_before=float(before.mean()),
        mean_after=float(after.mean()),
        jump_percent=float(yoy.loc[CODE_CHANGE_YEAR]),
        largest_other_percent=float(others.loc[biggest]),
        largest_other_year=biggest,
    )


def _number(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.2f}%"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def summary(values: pd.Series, start=None, end=None) -> str:
    """One line a widget can show: start and end values, the change and the fold, and the peak.

    Shares and ratios (unit 'percent') change in percentage points; counts in percent. The
    peak is the largest value between the two years.
    """
    step = change(values, start, end)
    unit = values.attrs.get("unit", "")
    name = values.attrs.get("label", values.name or "series")
    a, b = _number(step.start, unit), _number(step.end, unit)
    moved = f"{step.difference:+.2f} points" if unit == "percent" else f"{step.percent:+.1f}%"
    if step.fold >= 1:
        times = f"{step.fold:.2f}-fold"
    elif step.end:
        times = f"down {1 / step.fold:.2f}-fold"
    else:
        times = "down to zero"
    window = values.loc[min(step.start_year, step.end_year) : max(step.start_year, step.end_year)].dropna()
    peak_year = int(window.idxmax())
    suffix = "" if unit in ("percent", "") else f" {unit}"
    return (
        f"{name}: {a} ({step.start_year}) to {b} ({step.end_year}){suffix}, {moved}, {times}; "
        f"peak {_number(window.max(), unit)} ({peak_year})"
    )


SCALES = {
    "count": "as counted",
    "share": "share of all crime (%)",
    "rate": "per 100,000 people",
    "ratio": "per 100 registered (tried only)",
}
"""How :func:`view` can show a measure."""


def view(selection="all", measure: str = "registered", scale: str = "count") -> pd.Series:
    """The series a widget shows for one choice of offences, measure and scale.

    One entry point for the notebook control and the book's twin, so both raise the same
    :class:`CrimeError` for a choice the tables cannot serve (persons by article, a share of
    persons, a rate of damage, a tried-to-registered ratio of anything but offences tried).
    """
    if scale not in SCALES:
        raise CrimeError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    if scale == "share":
        return share_of_all_crime(selection, measure)
    if scale == "rate":
        return rate_per_100k(selection, measure)
    if scale == "ratio":
        _measure(measure)
        if measure != "tried":
            raise CrimeError("the ratio per 100 registered is for offences tried in court: choose the measure 'tried'")
        return tried_to_registered(selection)
    return total(selection, measure)


COUNT_MEASURES = ("registered", "tried", "persons", "charged", "not_charged")
"""Measures that count events or people, so that chance variation (Poisson) applies to them."""


def explore(selection="all", measure: str = "registered", scale: str = "count", start=2008, end=2017):
    """What the explorer shows for one choice: the series between two years and a one-line summary.

    Returns ``(values, line)``. ``values`` is the chosen series from ``start`` to ``end`` (or
    ``None`` when the choice cannot be served) and ``line`` is :func:`summary` of the change,
    followed, for counts and rates of counts, by whether the change is beyond the chance
    variation of a count (:func:`poisson_change`, normal approximation, |z| of 1.96 or more);
    or the one-line reason the choice cannot be served. The widget and the book's twin show
    ``line`` as it is, so a bad choice never shows a traceback.
    """
    try:
        first, last = _check_year(start), _check_year(end)
        if first >= last:
            raise CrimeError(f"choose a start year before the end year ({first} to {last} now)")
        values = view(selection, measure, scale)
        line = summary(values, first, last)
        if measure in COUNT_MEASURES and scale in ("count", "rate"):
            exposure = population("KAZ") if scale == "rate" else None
            step = poisson_change(total(selection, measure), first, last, exposure=exposure)
            side = "beyond" if abs(step.z) >= 1.96 else "within"
            line += f"; {side} the chance variation of a count (z = {step.z:+.1f})"
        return values.loc[first:last], line
    except CrimeError as err:
        return None, str(err)


# --------------------------------------------------------------------------- chance
@dataclass(frozen=True)
class PoissonChange:
    """Two counts (or two sums of counts) compared with the chance variation of a count.

    A registered offence is not a sample: 2,474 is every offence registered in 2017, so the
    count has no sampling error. But the number of events in a year fluctuates by chance
    even when nothing changes, and for events that happen independently at a steady rate
    that fluctuation is Poisson: a count of ``n`` varies by about ``sqrt(n)``. Comparing a
    change with it asks whether the *recorded* rate changed, not whether corruption did.

    ``exposure`` is what each count is counted over (1 for a year, 3 for three years, or the
    population, for a rate): the comparison is of ``end / end_exposure`` with
    ``start / start_exposure``.
    """

    before: str
    after: str
    start: float
    end: float
    start_exposure: float
    end_exposure: float
    level: float = 0.95

    @property
    def _share(self) -> float:
        """Share of all events expected in the later count if the rate had not changed."""
        return self.end_exposure / (self.start_exposure + self.end_exposure)

    @property
    def difference(self) -> float:
        """Later count less earlier count (for equal exposures, the change in events)."""
        return self.end - self.start

    @property
    def se(self) -> float:
        """Standard error of the difference of two equal-exposure counts: sqrt(start + end)."""
        return float(np.sqrt(self.start + self.end))

    @property
    def ci(self) -> tuple[float, float]:
        """Interval of the difference (normal approximation, equal exposures)."""
        q = float(stats.norm.ppf(0.5 + self.level / 2))
        return (self.difference - q * self.se, self.difference + q * self.se)

    @property
    def z(self) -> float:
        """How many standard errors the later count lies from what an unchanged rate predicts."""
        n, p = self.start + self.end, self._share
        return float((self.end - n * p) / np.sqrt(n * p * (1 - p)))

    @property
    def p(self) -> float:
        """Exact two-sided p-value: given the two counts' sum, the later one is binomial."""
        return float(stats.binomtest(int(self.end), int(self.start + self.end), self._share).pvalue)

    @property
    def ratio(self) -> float:
        """Rate ratio: later rate over earlier rate (1.57 = 57% more per year or per person)."""
        if self.start == 0:
            return float("inf")
        return (self.end / self.end_exposure) / (self.start / self.start_exposure)

    @property
    def ratio_ci(self) -> tuple[float, float]:
        """Exact (Clopper-Pearson) interval of the rate ratio."""
        n = int(self.start + self.end)
        low, high = stats.binomtest(int(self.end), n, self._share).proportion_ci(self.level, method="exact")
        scale = self.start_exposure / self.end_exposure

        def odds(q):
            return float("inf") if q >= 1 else q / (1 - q) * scale

        return (odds(low), odds(high))

    @property
    def percent(self) -> float:
        """The rate ratio as a percent change."""
        return 100 * (self.ratio - 1)

    @property
    def beyond_chance(self) -> bool:
        """Whether the exact test rejects an unchanged rate at the chosen level."""
        return self.p < 1 - self.level


def _counts_in(values: pd.Series, years: tuple[int, int]) -> tuple[float, str]:
    first, last = years
    for year in range(first, last + 1):
        _value(values, year)
    window = values.loc[first:last].astype("float64")
    bad = window[(window < 0) | (window != np.floor(window))]
    if len(bad):
        year = int(bad.index[0])
        raise CrimeError(
            f"chance variation (Poisson) is a model for counts; the value in {year} is {bad.iloc[0]:g}, "
            "not a count: compare counts, not shares, rates or money"
        )
    return float(window.sum()), (str(first) if first == last else f"{first}-{last}")


def _window(years) -> tuple[int, int]:
    if isinstance(years, (tuple, list)) and len(years) == 2:
        first, last = _check_year(years[0]), _check_year(years[1])
    else:
        first = last = _check_year(years)
    if first > last:
        raise CrimeError(f"a window of years runs forward: {first} comes after {last}")
    return first, last


def poisson_change(values: pd.Series, start=None, end=None, *, exposure: pd.Series | None = None,
                   level: float = 0.95) -> PoissonChange:
    """Compare the count of ``end`` with that of ``start`` against the chance variation of a count.

    ``start`` and ``end`` are years, or ``(first, last)`` windows whose counts are added
    (three years before 2015 against three after). Default: first and last year with a value.
    ``exposure`` (e.g. :func:`population`) turns the comparison into one of rates; without it
    each year counts as one unit of exposure. Raises for values that are not counts.
    """
    if not isinstance(values, pd.Series):
        raise CrimeError("poisson_change needs a pandas Series indexed by year")
    present = values.dropna()
    if present.empty:
        raise CrimeError("empty series: nothing to compare")
    before = _window(int(present.index.min()) if start is None else start)
    after = _window(int(present.index.max()) if end is None else end)
    a, a_label = _counts_in(values, before)
    b, b_label = _counts_in(values, after)
    if a + b == 0:
        raise CrimeError(f"both counts are 0 ({a_label} and {b_label}): there is no change to compare")
    if exposure is None:
        ea, eb = float(before[1] - before[0] + 1), float(after[1] - after[0] + 1)
    else:
        ea = sum(_value(exposure, y) for y in range(before[0], before[1] + 1))
        eb = sum(_value(exposure, y) for y in range(after[0], after[1] + 1))
    return PoissonChange(a_label, b_label, a, b, ea, eb, level)


@dataclass(frozen=True)
class Dispersion:
    """How much a yearly count varies around its mean, against what chance alone would give."""

    first: int
    last: int
    n: int
    mean: float
    variance: float

    @property
    def index(self) -> float:
        """Variance over mean: about 1 for a Poisson count with a steady rate."""
        return self.variance / self.mean

    @property
    def chi2(self) -> float:
        return (self.n - 1) * self.index

    @property
    def p(self) -> float:
        """Chance of a spread at least this large if the rate were the same every year."""
        return float(stats.chi2.sf(self.chi2, self.n - 1))


def dispersion(values: pd.Series, start=None, end=None) -> Dispersion:
    """The index of dispersion of a count over a span of years, with its chi-square test.

    Why: if the yearly counts varied only by chance around one steady rate, their variance
    would be close to their mean. Registered offences vary many times more: the counts
    follow something that changes from year to year (policing, registration, the law, and
    perhaps corruption), so a Poisson interval understates how far next year's count may
    move, and the series' own history is the better yardstick.
    """
    present = values.dropna()
    if present.empty:
        raise CrimeError("empty series: nothing to compare")
    first = int(present.index.min()) if start is None else _check_year(start)
    last = int(present.index.max()) if end is None else _check_year(end)
    counts, _ = _counts_in(values, (first, last))  # checks every value is a count
    window = values.loc[first:last].astype("float64")
    if len(window) < 3:
        raise CrimeError("a dispersion needs at least three years")
    mean = float(window.mean())
    if mean == 0:
        raise CrimeError("zero denominator: the mean count is 0")
    return Dispersion(first, last, int(len(window)), mean, float(window.var(ddof=1)))


# --------------------------------------------------------------------------- other tables
def civil_servant_tables() -> pd.DataFrame:
    """Corruption offences of civil servants by year in Tables 3.3.2 and 3.3.3, side by side.

    The two tables count the same crimes; their difference per year is the reconciliation
    (0 in 2008-2012 and 2014, 1 in 2013, 21-41 in 2015-2017 when 3.3.3's list of departments
    changes).
    """
    t332 = _table("s003_t3_3_2_offences_civil_servants").set_index("year")
    t333 = _table("s003_t3_3_3_offences_by_department")
    by_department = t333[t333["row_kind"] == "total"].set_index("year")["count"]
    out = pd.DataFrame(
        {
            "table_3_3_2": t332["corruption_offences"].astype(int),
            "table_3_3_3": by_department.astype(int),
        }
    )
    out["difference"] = out["table_3_3_2"] - out["table_3_3_3"]
    out.index = out.index.astype(int)
    out.index.name = "year"
    return out


def court_statistics() -> pd.DataFrame:
    """Table 8.1.1 (Supreme Court, 2010-2017) wide: one row per year, one column per indicator."""
    frame = _table("s003_t8_1_1_court_statistics")
    wide = frame.pivot(index="year", columns="indicator_key", values="value").astype("float64")
    wide.index = wide.index.astype(int)
    order = list(dict.fromkeys(frame["indicator_key"]))
    return wide[order]


def court_rates() -> pd.DataFrame:
    """What happens to criminal cases in court, as shares (percent), from Table 8.1.1.

    ``custodial_share``: custodial sentences per 100 convictions; ``non_custodial``: the
    convictions without a custodial sentence (a count, to hold against the official 73%);
    ``acquittal_share``: people acquitted per 100 convicted or acquitted; ``civil_mediation_share``:
    civil cases settled by mediation per 100 completed. Empty where the table is.
    """
    wide = court_statistics()
    out = pd.DataFrame(index=wide.index)
    out["convictions"] = wide["convictions_total"]
    out["custodial"] = wide["convictions_custodial"]
    out["non_custodial"] = wide["convictions_total"] - wide["convictions_custodial"]
    out["custodial_share"] = 100 * wide["convictions_custodial"] / wide["convictions_total"]
    out["non_custodial_share"] = 100 - out["custodial_share"]
    out["acquittal_share"] = 100 * wide["persons_acquitted"] / (wide["persons_acquitted"] + wide["convictions_total"])
    out["civil_mediation_share"] = 100 * wide["civil_cases_mediation"] / wide["civil_cases_completed"]
    return out


def audit_violations() -> pd.DataFrame:
    """Financial violations found by the Accounts Committee, 2013-2016 (Table 6.3.1), by year.

    Columns: ``kzt_billion``, ``usd_billion`` and the exchange rate the two imply
    (``kzt_per_usd``), which shows how the report converted each year.
    """
    frame = _table("s003_t6_3_1_financial_violations").set_index("year")
    out = frame[["kzt_billion", "usd_billion"]].astype("float64")
    out["kzt_per_usd"] = out["kzt_billion"] / out["usd_billion"]
    out.index = out.index.astype(int)
    return out


def programme_violations() -> pd.DataFrame:
    """Violations found in 13 state programmes (Table 6.3.2): one row per programme.

    Columns: allocation and violations (KZT million), the printed percent and the percent
    recomputed from the printed parts, and the years with a violation.
    """
    programmes = _table("s003_t6_3_2_programmes").set_index("programme_key")
    cells = _table("s003_t6_3_2_programme_violations")
    found = cells.dropna(subset=["violations_million_kzt"])
    sums = found.groupby("programme_key")["violations_million_kzt"].sum()
    years = found.groupby("programme_key")["year"].apply(lambda s: ", ".join(str(int(y)) for y in s))
    out = programmes[["programme_label", "total_allocated_million_kzt", "percent_misappropriated"]].copy()
    out["violations_million_kzt"] = sums.reindex(out.index).astype("float64")
    out["percent_recomputed"] = 100 * out["violations_million_kzt"] / out["total_allocated_million_kzt"]
    out["years"] = years.reindex(out.index)
    return out


def cost_comparison() -> pd.DataFrame:
    """Two measures of what corruption costs, 2013-2016, in billion KZT, and their ratio.

    ``damage_corruption``: damage from corruption offences recorded by the prosecutors
    (Table 3.2.2); ``damage_all_offences``: from all offences (Table 3.2.1);
    ``audit_violations``: financial violations and ineffective use of budget funds found by
    the Accounts Committee (Table 6.3.1); ``audit_programmes``: the part found in the state
    programmes of Table 6.3.2. The ratio and its log10 compare orders of magnitude: the two
    institutions measure different things (crimes proven to a standard vs. spending found
    irregular), so the gap is about the measures as much as about corruption.
    """
    years = list(range(2013, 2017))
    damage = total("all", "damage").loc[years] / 1e6
    all_damage = all_crime("damage").loc[years] / 1e6
    audit = audit_violations().loc[years, "kzt_billion"]
    cells = _table("s003_t6_3_2_programme_violations")
    programmes = cells.groupby("year")["violations_million_kzt"].sum().loc[years] / 1e3
    out = pd.DataFrame(
        {
            "damage_corruption": damage.to_numpy(),
            "damage_all_offences": all_damage.to_numpy(),
            "audit_violations": audit.to_numpy(),
            "audit_programmes": programmes.to_numpy(),
        },
        index=pd.Index(years, name="year"),
    )
    out["audit_over_damage"] = out["audit_violations"] / out["damage_corruption"]
    out["orders_of_magnitude"] = np.log10(out["audit_over_damage"])
    return out



# --------------------------------------------------------------------------- reconciliation
def _wide(name: str, key: str = "offence_key", value: str = "value") -> pd.DataFrame:
    frame = _table(name)
    out = frame.pivot(index=key, columns="year", values=value).astype("float64")
    out.columns = out.columns.astype(int)
    return out


def _check(table: str, what: str, printed, recomputed, tolerance: float, verdict: str, erratum: str = "") -> dict:
    printed = np.asarray(printed, dtype="float64").ravel()
    recomputed = np.asarray(recomputed, dtype="float64").ravel()
    keep = ~(np.isnan(printed) | np.isnan(recomputed))
    gap = np.abs(printed[keep] - recomputed[keep])
    return {
        "table": table,
        "check": what,
        "cells": int(keep.sum()),
        "off": int((gap > tolerance + 1e-9).sum()),
        "largest_gap": float(gap.max()) if gap.size else float("nan"),
        "verdict": verdict,
        "erratum": erratum,
    }


def reconcile() -> pd.DataFrame:
    """Every printed total and share of Tables 3.1.1-3.3.3, 6.3.2 and 8.1.1 recomputed from its parts.

    One row per check: how many printed cells were recomputed, how many differ by more than
    the rounding of their last printed digit (``off``), the largest absolute difference, our
    verdict, and the erratum (``data/errata.csv``) where a difference is not rounding.
    """
    rows = []
    for name, number in (("s003_t3_1_1_registered_offences", "3.1.1"), ("s003_t3_1_2_offences_tried_in_court", "3.1.2")):
        w = _wide(name)
        summed = w.loc[list(OFFENCES)].fillna(0).sum()
        rows.append(_check(number, "the 11 articles add up to the printed total", w.loc["total_corruption_offences"], summed, 0,
                           "adds up every year"))
        share = 100 * w.loc["total_corruption_offences"] / w.loc["all_offences"]
        rows.append(_check(number, "printed share = total / all offences", w.loc["share_corruption_percent"], share, 0.005,
                           "agrees to the printed 2 decimals"))
    t321 = _table("s003_t3_2_1_damage_all_offences").set_index("year")
    w311 = _wide("s003_t3_1_1_registered_offences")
    rows.append(_check("3.1.1 / 3.2.1", "all offences registered: the same in both tables", w311.loc["all_offences"],
                       t321["registered_offences"], 0, "identical"))
    rows.append(_check("3.2.1", "average damage = damage / offences", t321["average_damage_thousand_kzt"],
                       t321["damage_thousand_kzt"] / t321["registered_offences"], 0.5, "agrees to the printed thousand KZT"))
    w322 = _wide("s003_t3_2_2_damage_corruption_offences")
    complete = [2015, 2016, 2017]  # before 2015 whole groups of articles are blank (see tests/data/test_s003_crime.py)
    printed, summed = w322.loc["total_corruption_offences", complete], w322.loc[list(OFFENCES), complete].fillna(0).sum()
    off = sorted({int(v) for v in (printed - summed).abs()})
    rows.append(_check("3.2.2", f"articles add up to the total ({complete[0]}-{complete[-1]}, the years with every group of articles)",
                       printed, summed, 0, f"off by {' or '.join(map(str, off))} thousand KZT a year: rounding of the cells",
                       "s003-s3.2-damage-2017"))
    rows.append(_check("3.2.2", "printed share = total / damage from all offences (3.2.1)", w322.loc["share_corruption_percent"],
                       100 * w322.loc["total_corruption_offences"] / t321["damage_thousand_kzt"], 0.05,
                       "agrees to the printed decimal"))
    t331 = _table("s003_t3_3_1_persons_corruption_offences").set_index("year")
    short = t331["total_persons"] - t331["charged"] - t331["acquitted"]
    rows.append(_check("3.3.1", "charged + 'acquitted' = total persons", t331["total_persons"],
                       t331["charged"] + t331["acquitted"], 0,
                       "; ".join(f"{int(v)} short in {int(y)}" for y, v in short[short != 0].items()), "s003-t3.3.1-total-2016"))
    rows.append(_check("3.3.1", "printed percentages = parts / total",
                       pd.concat([t331["percent_charged"], t331["percent_acquitted"]]),
                       pd.concat([100 * t331["charged"] / t331["total_persons"], 100 * t331["acquitted"] / t331["total_persons"]]),
                       0.5, "agree to the printed whole percent"))
    t332 = _table("s003_t3_3_2_offences_civil_servants").set_index("year")
    rows.append(_check("3.3.2", "printed share = corruption offences / all offences", t332["share_corruption_percent"],
                       100 * t332["corruption_offences"] / t332["total_offences"], 0.05, "agrees to the printed decimal"))
    w333 = _wide("s003_t3_3_3_offences_by_department", key="category_key", value="count")
    totals = _table("s003_t3_3_3_department_totals").set_index("category_key")
    departments = [k for k in w333.index if k != "total"]
    rows.append(_check("3.3.3", "departments add up to each year's total", w333.loc["total"],
                       w333.loc[departments].fillna(0).sum(), 0, "adds up every year"))
    rows.append(_check("3.3.3", "years add up to each department's 2008-2017 total", totals.loc[departments, "total_2008_2017"],
                       w333.loc[departments].fillna(0).sum(axis=1), 0, "adds up for every department"))
    grand = totals.loc["total", "total_2008_2017"]
    rows.append(_check("3.3.3", "printed shares = department total / grand total", totals.loc[departments, "share_percent"],
                       100 * totals.loc[departments, "total_2008_2017"] / grand, 0.005, "agree to the printed 2 decimals"))
    both = civil_servant_tables()
    late = both.loc[CODE_CHANGE_YEAR:, "difference"]
    rows.append(_check("3.3.3 / 3.3.2", "civil servants' corruption offences: the same in both tables", both["table_3_3_2"],
                       both["table_3_3_3"], 0,
                       f"off by {both.loc[2013, 'difference']} in 2013 and by {late.min()}-{late.max()} in "
                       f"{CODE_CHANGE_YEAR}-{YEARS[-1]}", "s003-t3.3.3-total-2013; s003-t3.3.3-total-2015-2017"))
    programmes = programme_violations()
    printed = programmes["percent_misappropriated"]
    places = [_decimals(d) for d in printed]
    rounded = pd.Series([round(v, d) for v, d in zip(programmes["percent_recomputed"], places)], index=printed.index)
    cut = pd.Series([np.floor(v * 10**d + 1e-9) / 10**d for v, d in zip(programmes["percent_recomputed"], places)],
                    index=printed.index)
    n_cut = int(((rounded != printed) & (cut == printed)).sum())
    unexplained = programmes.loc[(rounded != printed) & (cut != printed), "programme_label"].str.replace('"', "").tolist()
    rows.append(_check("6.3.2", "printed percent = violations / allocation", printed, rounded, 0,
                       f"cut instead of rounded ({n_cut} cells); unexplained: {', '.join(unexplained)}",
                       "s003-t6.3.2-percent-truncated; s003-t6.3.2-information-kazakhstan"))
    courts = court_statistics().loc[2010:2016]
    rows.append(_check("8.1.1", "civil + criminal + administrative = cases completed (2010-2016)", courts["cases_completed"],
                       courts[["civil_cases_completed", "criminal_cases_completed", "administrative_cases_completed"]].sum(axis=1),
                       0, "adds up every year"))
    return pd.DataFrame(rows)


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def _text_figures(name: str) -> pd.DataFrame:
    return _table(name).set_index("figure_id")


def _fmt(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}"


def _in_range(values: pd.Series, low: float, high: float) -> str:
    """'holds' when every value lies in [low, high], else 'contradicted'."""
    return "holds" if values.between(low, high).all() else "contradicted"


def _cut(value: float, decimals: int) -> float:
    factor = 10**decimals
    return float(np.floor(value * factor + 1e-9) / factor)


def _printed_decimal(printed: float, value: float) -> str:
    """How a printed figure relates to the value it reports: equal, rounded, cut, or neither."""
    places = _decimals(printed)
    if abs(value - printed) < 1e-9:
        return "holds"
    if round(value, places) == printed:
        return "holds after rounding"
    if _cut(value, places) == printed:
        return "rounding (cut, not rounded)"
    return "contradicted"


def prose_checks() -> pd.DataFrame:
    """The figures of the prose of sections 3, 6.3 and 8.1 (doc 003) and of the op-ed (doc 001), held against the tables.

    One row per claim: ``section``, the claim in our words, what the text prints, what the
    tables give, a ``verdict`` and the erratum where there is one. Every recomputed figure is
    computed here from the tables, and so is every verdict: ``holds``, ``holds after
    rounding``, ``rounding`` (a printed figure cut instead of rounded, or a one-unit
    difference), ``overstated``, ``contradicted`` or ``cannot be checked`` (the tables do not
    hold the quantity). Changed data change the verdicts.
    """
    t3 = _text_figures("s003_section3_text_figures")
    t68 = _text_figures("s003_section6_8_text_figures")
    official = _table("s001_figures").set_index("figure")["value"]
    reg = total("all", "registered")
    share = share_of_all_crime()
    ratio = tried_to_registered()
    usual = 100 * all_crime("tried") / all_crime("registered")
    w311 = _wide("s003_t3_1_1_registered_offences")
    damage = total("all", "damage")
    t321 = _table("s003_t3_2_1_damage_all_offences").set_index("year")["damage_thousand_kzt"].astype("float64")
    w322 = _wide("s003_t3_2_2_damage_corruption_offences")
    t331 = _table("s003_t3_3_1_persons_corruption_offences").set_index("year")
    t332 = _table("s003_t3_3_2_offences_civil_servants").set_index("year")
    years = np.array(YEARS, dtype=float)
    rows = []

    def add(section, claim, printed, recomputed, verdict, erratum=""):
        rows.append({"section": section, "claim": claim, "text": printed, "tables": recomputed, "verdict": verdict,
                     "erratum": erratum if verdict not in ("holds", "holds after rounding") else ""})

    def inside(series, low, high):
        return int(series.between(low, high).sum())

    step = change(reg)
    add("3.1", "corruption offences barely changed", "grown insignificantly",
        f"{_fmt(step.start)} (2008) to {_fmt(step.end)} (2017), {step.percent:+.1f}%",
        ("holds (a slight fall)" if step.percent < 0 else "holds") if abs(step.percent) < 1 else "contradicted")
    claimed = t3.loc["s3_1_share_drop_fold", "value_from_words"]
    fold_ends, (peak_fold, peak, low) = fold(share, 2017, 2008), fold_range(share)
    add("3.1", "their share of all offences fell", f"almost {claimed:.0f}-fold",
        f"{share[2008]:.2f}% to {share[2017]:.2f}%: {fold_ends:.2f}-fold; {peak_fold:.2f}-fold only from {peak} to {low}",
        "holds" if claimed - 0.4 <= fold_ends <= claimed else "overstated" if fold_ends < claimed else "understated",
        "s003-s3.1-share-three-fold")
    lo, hi = t3.loc["s3_1_court_ratio_corruption", ["value", "value_high"]]
    add("3.1", "share of corruption offences tried in court", f"{lo:.0f}-{hi:.0f}%",
        f"{ratio.min():.1f}-{ratio.max():.1f}%; inside the range in {inside(ratio, lo, hi)} of {len(ratio)} years",
        _in_range(ratio, lo, hi), "s003-s3.1-court-ratio")
    lo, hi = t3.loc["s3_1_court_ratio_usual", ["value", "value_high"]]
    one_lo, one_hi = t3.loc["s3_1_usual_one_in", ["value", "value_high"]]
    add("3.1", "share of all offences tried in court", f"{hi:.0f}-{lo:.0f}%, '1 out of {one_lo:.0f}-{one_hi:.0f}'",
        f"{usual.min():.1f}-{usual.max():.1f}%; inside {lo:.0f}-{hi:.0f}% in {inside(usual, lo, hi)} of {len(usual)} years",
        _in_range(usual, lo, hi), "s003-s3.1-court-ratio")
    slope_a = np.polyfit(years, w311.loc["abuse_of_authority", list(YEARS)].to_numpy(), 1)[0]
    slope_p = np.polyfit(years, w311.loc["abuse_of_power", list(YEARS)].to_numpy(), 1)[0]
    add("3.1", "'abuse of authority' grows, abuse of position falls", "growing / falling",
        f"abuse of authority {slope_a:+.1f} a year; abuse of power or office {slope_p:+.1f} a year",
        "holds" if slope_a > 0 > slope_p else "contradicted (names swapped)" if slope_a < 0 < slope_p else "contradicted",
        "s003-s3.1-abuse-trend")
    grows = [k for k in ("receipt_of_bribes", "giving_bribes", "mediation_in_bribery", "negligence")
             if w311.loc[k, 2017] > w311.loc[k, 2008]]
    add("3.1", "bribery offences and negligence grow", "growing",
        f"{len(grows)} of 4 higher in 2017 than in 2008", "holds" if len(grows) == 4 else "contradicted")
    billions = t321 / 1e6
    printed = [t3.loc[k, "value"] for k in ("s3_2_damage_all_2008", "s3_2_damage_all_2017", "s3_2_damage_all_2016_max")]
    found = [billions[2008], billions[2017], billions.max()]
    add("3.2", "damage from all offences", f"KZT {printed[0]:.0f} bn (2008) to {printed[1]:.0f} bn (2017), peak {printed[2]:.0f} bn (2016)",
        f"{found[0]:.1f} to {found[1]:.1f} bn, peak {found[2]:.1f} bn ({int(billions.idxmax())})",
        "holds after rounding" if [round(v) for v in found] == printed and billions.idxmax() == 2016 else "contradicted")
    dfold = fold(damage, 2014, 2013)
    text_fold = t3.loc["s3_2_corruption_damage_fold", "value"]
    add("3.2", "corruption damage swings", f"{text_fold:.0f}-fold, KZT "
        f"{t3.loc['s3_2_corruption_damage_2013', 'value']:.0f} bn (2013) to {t3.loc['s3_2_corruption_damage_2014', 'value']:.0f} bn (2014)",
        f"{dfold:.1f}-fold: {damage[2013] / 1e6:.1f} to {damage[2014] / 1e6:.2f} bn",
        "holds after rounding" if round(dfold, -1) == text_fold else "contradicted")
    abuse_share = 100 * w322.loc["abuse_of_authority"] / w322.loc["total_corruption_offences"]
    claimed = t3.loc["s3_2_abuse_share_of_damage_max", "value"]
    add("3.2", "abuse of authority's share of corruption damage", f"up to {claimed:.0f}%",
        f"up to {abuse_share.max():.1f}% ({int(abuse_share.idxmax())})",
        "holds after rounding" if round(abuse_share.max()) == claimed else "contradicted", "s003-s3.2-abuse-share-95")
    printed_share = w322.loc["share_corruption_percent"]
    claimed = t3.loc["s3_2_corruption_share_damage_2008", "value"]
    add("3.2", "corruption's share of all damage in 2008", f"{claimed:.1f}%",
        f"{100 * damage[2008] / t321[2008]:.1f}% (Table 3.2.2 prints {printed_share[2008]:.1f})",
        "holds" if claimed == printed_share[2008] else "contradicted (a slip)", "s003-s3.2-share-2008")
    s13, after = t3.loc["s3_2_corruption_share_damage_2013", "value"], t3.loc["s3_2_corruption_share_damage_after_2013", "value"]
    add("3.2", "that share in 2013, and after", f"{s13:.1f}%, then {after:.0f}%",
        f"{printed_share[2013]:.1f}%; {printed_share.loc[2014:2017].min():.1f}-{printed_share.loc[2014:2017].max():.1f}% in 2014-2017",
        "holds" if printed_share[2013] == s13 and round(printed_share[2017]) == after else "contradicted")
    text_2017 = t3.loc["s3_2_corruption_damage_2017", "value"]
    gap_2017 = abs(damage[2017] - text_2017)
    add("3.2", "corruption damage in 2017", f"KZT {_fmt(text_2017)} thousand",
        f"{_fmt(damage[2017])} printed total; articles add up to {_fmt(w322.loc[list(OFFENCES), 2017].fillna(0).sum())}",
        "holds" if gap_2017 == 0 else "rounding" if gap_2017 <= 1 else "contradicted", "s003-s3.2-damage-2017")
    back = t3.loc["s3_2_damage_2017_returned", "value"] + t3.loc["s3_2_damage_2017_seized", "value"]
    returned = t3.loc["s3_2_damage_2017_returned", "value"]
    claimed = t3.loc["s3_2_damage_recovered_share", "value"]
    add("3.2", "damage recovered (2017)", f"over {claimed:.0f}%",
        f"{100 * back / text_2017:.1f}% returned or seized; {100 * returned / text_2017:.1f}% returned",
        "holds" if 100 * returned / text_2017 > claimed else
        "holds only if seized property counts" if 100 * back / text_2017 > claimed else "contradicted")
    lo, hi = t3.loc["s3_3_persons_charged_per_year", ["value", "value_high"]]
    add("3.3", "people charged each year", f"{lo:.0f}-{hi:.0f}",
        f"{t331['charged'].min():,}-{t331['charged'].max():,}; outside the range in "
        f"{len(t331) - inside(t331['charged'], lo, hi)} of {len(t331)} years", _in_range(t331["charged"], lo, hi),
        "s003-s3.3-charged-range")
    lo, hi = t3.loc["s3_3_persons_charged_share", ["value", "value_high"]]
    add("3.3", "share of offenders charged", f"{lo:.0f}-{hi:.0f}%",
        f"{t331['percent_charged'].min()}-{t331['percent_charged'].max()}%; below {lo:.0f}% in "
        f"{int((t331['percent_charged'] < lo).sum())} years", _in_range(t331["percent_charged"], lo, hi),
        "s003-s3.3-charged-share")
    lo, hi = t3.loc["s3_3_civil_servant_corruption_share", ["value", "value_high"]]
    cs = t332["share_corruption_percent"]
    add("3.3", "corruption's share of civil servants' offences", f"{lo:.0f}-{hi:.0f}%",
        f"{cs.min():.1f}-{cs.max():.1f}%; outside the range in {len(cs) - inside(cs, lo, hi)} of {len(cs)} years",
        _in_range(cs, lo, hi), "s003-s3.3-civil-servant-share")

    audit = audit_violations()
    claimed = t68.loc["s6_3_violations_total_kzt", "value"]
    add("6.3", "violations found by the auditors, 2013-2016", f"KZT {claimed:.1f} trillion",
        f"{audit['kzt_billion'].sum() / 1000:.3f} trillion", _printed_decimal(claimed, audit["kzt_billion"].sum() / 1000))
    claimed = t68.loc["s6_3_violations_total_usd", "value"]
    add("6.3", "the same in US dollars", f"USD {claimed:.1f} bn",
        f"{audit['usd_billion'].sum():.2f} bn (the table's own dollars)",
        _printed_decimal(claimed, audit["usd_billion"].sum()), "s003-s6.3-usd-total")
    claimed = t68.loc["s6_3_violations_2015_kzt", "value"]
    add("6.3", "the 2015 peak", f"KZT {claimed:.1f} bn",
        f"{audit.loc[2015, 'kzt_billion']:.3f} bn (printed without its decimal point)",
        _printed_decimal(claimed, audit.loc[2015, "kzt_billion"]), "s003-t6.3.1-2015-kzt")
    progs = programme_violations()
    for key, figure, erratum in (("information_kazakhstan", "s6_3_information_kazakhstan_share", "s003-t6.3.2-information-kazakhstan"),
                                 ("business_road_map", "s6_3_business_road_map_share", "s003-t6.3.2-percent-truncated")):
        claimed = t68.loc[figure, "value"]
        name = progs.loc[key, "programme_label"].replace('"', "").replace(" Programme", "")
        add("6.3", f"'{name}': share of funds", f"{claimed:.1f}%", f"{progs.loc[key, 'percent_recomputed']:.2f}%",
            _printed_decimal(claimed, progs.loc[key, "percent_recomputed"]), erratum)
    in_programmes = progs["violations_million_kzt"].sum()
    claimed = t68.loc["s6_3_programmes_total_kzt", "value"]
    factor = claimed * 1e6 / in_programmes
    add("6.3", "violations in state programmes, 2013-2016", f"KZT {claimed:.1f} trillion", f"{in_programmes / 1e6:.2f} trillion",
        _printed_decimal(claimed, in_programmes / 1e6) if factor < 1.5 else f"contradicted ({factor:.0f} times too large)",
        "s003-s6.3-programmes-kzt")
    rate = audit["kzt_per_usd"]
    by_year = _table("s003_t6_3_2_programme_violations").groupby("year")["violations_million_kzt"].sum() / 1000
    claimed = t68.loc["s6_3_programmes_total_usd", "value"]
    add("6.3", "the same in US dollars", f"USD {claimed:.2f} bn", f"{(by_year / rate).sum():.2f} bn at the table's own rates",
        _printed_decimal(claimed, (by_year / rate).sum()), "s003-s6.3-programmes-usd")
    held = 100 * in_programmes / 1000 / audit["kzt_billion"].sum()
    add("6.3", "most violations are in state programmes", "the majority",
        f"the listed programmes hold {held:.1f}% of all violations found",
        "holds" if held > 50 else "cannot be checked (the list may be partial)")

    courts = court_statistics()
    rates_ = court_rates()
    civil = courts["civil_cases_mediation"]
    claimed = t68.loc["s8_1_civil_mediation_2016", "value"]
    add("8.1", "civil cases settled by mediation", f"none in 2011, {claimed:.0f} thousand in 2016",
        f"{civil[2011]:,.0f} and {civil[2016]:,.0f}",
        "holds after rounding" if civil[2011] == 0 and round(civil[2016] / 1000) == claimed else "contradicted")
    claimed = t68.loc["s8_1_criminal_mediation_2017", "value"]
    criminal = courts.loc[2017, "criminal_cases_mediation"]
    add("8.1", "criminal cases settled by mediation, 2017", f"nearly {claimed:.0f} thousand", f"{criminal:,.0f}",
        "holds" if criminal < 1000 * claimed and round(criminal / 1000) == claimed else "contradicted")
    acq = courts["persons_acquitted"]
    share_acq = rates_["acquittal_share"]
    add("8.1", "court acquittals grow, insignificantly", "growing, insignificantly",
        f"{acq[2011]:,.0f} (2011) to {acq[2017]:,.0f} (2017); {share_acq[2011]:.1f}% to "
        f"{share_acq[2017]:.1f}% of people convicted or acquitted",
        "holds" if acq[2017] > acq[2011] and share_acq[2017] < 5 else "contradicted")
    custodial = rates_["custodial_share"]
    add("8.1", "fewer prison sentences", "fewer",
        f"custodial {custodial[2011]:.1f}% of convictions (2011), {custodial[2016]:.1f}% (2016)",
        "holds" if custodial[2016] < custodial[2011] and rates_.loc[2016, "custodial"] < rates_.loc[2011, "custodial"]
        else "contradicted")
    jury = courts["criminal_cases_jury"]
    claimed = t68.loc["s8_1_jury_cases_fewer_fold", "value_from_words"]
    add("8.1", "jury cases, 2017 against 2011", f"{claimed:.0f} times fewer",
        f"{jury[2011]:.0f} to {jury[2017]:.0f}: {jury[2011] / jury[2017]:.2f} times fewer",
        _printed_decimal(claimed, jury[2011] / jury[2017]))

    add("001", "people convicted of corruption since 2001", f"{official['convicted_since_2001']:,.0f}",
        f"the report counts {int(t331['charged'].sum()):,} persons charged in 2008-2017, and no convictions",
        "cannot be checked")
    non_custodial = rates_["non_custodial"]
    apart = abs(non_custodial[2016] - official["non_custodial_count"])
    add("001", "non-custodial sentences", f"{official['non_custodial_share']:.0f}% ({official['non_custodial_count']:,.0f})",
        f"2016: {non_custodial[2016]:,.0f} ({rates_.loc[2016, 'non_custodial_share']:.1f}%) of all convictions",
        "holds (2016)" if apart == 0 else f"holds (2016) but {apart:.0f} sentences apart" if apart < 5 else "contradicted",
        "s001-non-custodial-count")
    fell = 100 * (1 - rates_.loc[2016, "custodial"] / rates_.loc[2011, "custodial"])
    add("001", "prison population cut three times", f"{official['prisoners_1996']:,.0f} to {official['prisoners_now']:,.0f}",
        f"{official['prisoners_1996'] / official['prisoners_now']:.2f}-fold; the report has no prison population; custodial "
        f"sentences fell {fell:.1f}% in 2011-2016",
        "cannot be checked (direction only)" if fell > 0 else "cannot be checked (direction contradicted)")
    today = official["mediation_cases"]
    growth_ = today / civil[2016] - 1
    add("001", "civil mediation up by a third since 2016", f"one third, to {today:,.0f}",
        f"{100 * growth_:+.1f}% on 2016's {civil[2016]:,.0f}",
        "holds" if abs(growth_ - 1 / 3) < 0.05 else "contradicted", "s001-mediation-one-third")
    return pd.DataFrame(rows)


def _verdict_html(verdict: str, erratum: str) -> str:
    if not erratum:
        return verdict
    ids = "<br>".join(f"<code>{e.strip()}</code>" for e in erratum.split(";"))
    return f"{verdict}<br><small>erratum {ids}</small>"


def claims_table(*sections: str) -> pd.DataFrame:
    """:func:`prose_checks` of the given sections, shaped for a page: the erratum under its verdict."""
    checks = prose_checks()
    if sections:
        unknown = sorted(set(sections) - set(checks["section"]))
        if unknown:
            raise CrimeError(f"unknown section(s) {unknown}: choose from {sorted(set(checks['section']))}")
        checks = checks[checks["section"].isin(sections)]
    return pd.DataFrame({
        "claim": checks["claim"].to_numpy(),
        "the text says": checks["text"].to_numpy(),
        "the tables give": checks["tables"].to_numpy(),
        "verdict": [_verdict_html(v, e) for v, e in zip(checks["verdict"], checks["erratum"])],
    })


def reconcile_table() -> pd.DataFrame:
    """:func:`reconcile` shaped for a page: cells checked and off in one column, the erratum under its verdict."""
    recon = reconcile()
    return pd.DataFrame({
        "table": recon["table"].to_numpy(),
        "check": recon["check"].to_numpy(),
        "cells (off)": [f"{c} ({o})" for c, o in zip(recon["cells"], recon["off"])],
        "largest gap": recon["largest_gap"].to_numpy(),
        "verdict": [_verdict_html(v, e) for v, e in zip(recon["verdict"], recon["erratum"])],
    })

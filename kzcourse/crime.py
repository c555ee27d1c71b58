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
            raise CrimeError(f"zero denominator: {what} is 0 in {years}, so the ratio is undefined there (use on_zero='nan' to skip those years)")
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
}
"""How :func:`view` can show a measure."""


def view(selection="all", measure: str = "registered", scale: str = "count") -> pd.Series:
    """The series a widget shows for one choice of offences, measure and scale.

    One entry point for the notebook control and the book's twin, so both raise the same
    :class:`CrimeError` for a choice the tables cannot serve (persons by article, a share of
    persons, a rate of damage).
    """
    if scale not in SCALES:
        raise CrimeError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    if scale == "share":
        return share_of_all_crime(selection, measure)
    if scale == "rate":
        return rate_per_100k(selection, measure)
    return total(selection, measure)


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


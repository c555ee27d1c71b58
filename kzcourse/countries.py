"""Countries by name or code, and the named country groups the chapters compare.

Students type "Kazakhstan", "kaz", "Russia" or the UN's "Russian Federation"; the data
are keyed by ISO3 codes. :func:`resolve` turns any spelling the course's crosswalk
knows (UN, TI, the course's display names) into the code, and an unknown name into
one line that suggests the closest names instead of an empty table further on.

Country groups (the CIS as document 002 counts it, Kazakhstan's land neighbours,
Central Asia, the South Caucasus, the fifteen former Soviet republics) live in
``data/reference/country_groups.csv``, each row cited, so that a comparison says which countries it compares and why. Membership
can change: Georgia left the CIS in 2009, so :func:`members` takes the survey year.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

import pandas as pd

from . import paths
from .data import load, resource

__all__ = ["CountryError", "resolve", "name", "groups", "members", "group_table"]


class CountryError(ValueError):
    """An unknown country or group; the message names it and suggests close matches."""


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Lower-case spelling -> ISO3, from the crosswalk, the groups table and the codes."""
    table = load("country_names")
    table = table[table["iso3"].notna()]
    out = {str(n).strip().lower(): str(c) for n, c in zip(table["name"], table["iso3"])}
    groups = load("country_groups")
    out.update({str(n).lower(): str(c) for n, c in zip(groups["country"], groups["iso3"])})
    out.update({str(c).lower(): str(c) for c in table["iso3"].unique()})
    return out


@lru_cache(maxsize=1)
def _display() -> dict[str, str]:
    """ISO3 -> display name: TI's current spelling, else the UN's, else the old CPI file's.

    The last covers countries scored only before 2015 (Macau, Palestine, Puerto Rico),
    which Chapter 1's series over 1995-2024 name.
    """
    from .derive import crosswalk_names

    table = load("country_names")
    old = table[(table["source"] == "ti_cpi_1995_2017") & table["iso3"].notna()].drop_duplicates("iso3")
    names = dict(zip(old["iso3"], old["name"]))
    names.update(crosswalk_names())
    return names


def resolve(country: str) -> str:
    """ISO3 code of ``country``, given as a code ("KAZ", "kaz") or any known name.

    Raises :class:`CountryError` naming the input and the closest known names.
    """
    if not isinstance(country, str) or not country.strip():
        raise CountryError(f"A country must be a name or an ISO3 code, not {country!r}.")
    key = country.strip().lower()
    spellings = _spellings()
    if key in spellings:
        return spellings[key]
    close = difflib.get_close_matches(key, list(spellings), n=3, cutoff=0.75)
    names = sorted({_display().get(spellings[c], c) for c in close})
    hint = f" Did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    raise CountryError(f"Unknown country {country!r}.{hint} Give an ISO3 code (e.g. 'KAZ') or a UN or TI name.")


def name(iso3: str) -> str:
    """The course's display name for an ISO3 code (TI's spelling where TI scores it); the code if unknown."""
    return _display().get(iso3, iso3)


def group_table() -> pd.DataFrame:
    """The groups table: group, iso3, country, role, in_group, until_year, source, note.

    Read once per version of the file (an explorer asks for members dozens of times);
    each caller gets its own copy.
    """
    path = paths.DATA / resource("country_groups")["path"]
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
    except FileNotFoundError:  # load() reports the missing file
        key = (str(path), None, None)
    return _read_groups(key).copy()


@lru_cache(maxsize=2)
def _read_groups(_key) -> pd.DataFrame:
    return load("country_groups")


def groups() -> list[str]:
    """Names of the country groups, in table order."""
    return list(dict.fromkeys(group_table()["group"]))


def members(group: str, year: int | None = None) -> list[str]:
    """ISO3 codes of a group's countries (in table order), today or as of a survey year.

    Only rows with ``in_group`` true count (Ukraine is listed under the CIS but, as in
    document 002, not counted). A country whose membership ended (``until_year``) counts
    only for years before it: Georgia left the CIS in August 2009, so it belongs to the
    CIS of the 2008 survey, not of the 2010 one, nor to today's (``year=None``).
    """
    table = group_table()
    known = groups()
    key = group.strip().lower() if isinstance(group, str) else group
    if key not in known:
        close = difflib.get_close_matches(str(group).lower(), known, n=2, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise CountryError(f"Unknown country group {group!r}.{hint} The groups are: {', '.join(known)}.")
    rows = table[(table["group"] == key) & table["in_group"].fillna(False).astype(bool)]
    until = rows["until_year"]
    if year is None:
        rows = rows[until.isna()]
    else:
        rows = rows[until.isna() | (until > int(year))]
    return list(rows["iso3"])

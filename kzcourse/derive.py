"""Derive the course's tidy tables from the unchanged upstream files in ``data/raw/``.

The CPI licence (CC BY-ND 4.0) forbids shipping altered copies, so the repository
keeps TI's and the UN's files byte-for-byte and everything a chapter computes with
is made here, by code anyone can rerun: ``make data`` or ``python -m kzcourse.derive``.

Joining the two sources needs ISO3 codes. TI's file has them; the UN's names
("Türkiye", "Republic of Korea", names with trailing spaces) are mapped through the
hand-checked crosswalk ``data/reference/country_names.csv``. A name missing from the
crosswalk stops the build with that name, so no country is dropped silently.
"""

from __future__ import annotations

import sys

import pandas as pd

from . import paths
from .data import DataError, load, package

EGDI_YEARS = (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022)
CPI_YEARS = tuple(range(2012, 2025))
PANEL_YEARS = tuple(y for y in EGDI_YEARS if y >= 2012)


class CrosswalkError(DataError):
    """A country name from an upstream file has no ISO3 code in the crosswalk."""


def crosswalk(source: str) -> dict[str, str]:
    """Name -> ISO3 for one upstream source ("" for aggregates with no single code)."""
    table = load("country_names")
    table = table[table["source"] == source]
    return dict(zip(table["name"], table["iso3"].fillna("")))


def _iso3(names: pd.Series, source: str) -> pd.Series:
    mapping = crosswalk(source)
    stripped = names.str.strip()
    unknown = sorted(set(stripped) - set(mapping))
    if unknown:
        raise CrosswalkError(
            f"{len(unknown)} country name(s) from {source!r} have no ISO3 code in "
            f"data/reference/country_names.csv: {unknown}. Add a row per name."
        )
    return stripped.map(mapping)


def cpi() -> pd.DataFrame:
    """TI CPI 2012-2024 in long form: one row per country and year with a score."""
    wide = load("ti_cpi_2012_2024")
    frames = []
    for year in CPI_YEARS:
        part = pd.DataFrame(
            {
                "iso3": wide["ISO3"],
                "country": wide["Country / Territory"].str.strip(),
                "region": wide["Region"],
                "year": year,
                "cpi_score": wide[_col(wide, "CPI score", year)],
                "cpi_rank": wide[f"Rank {year}"] if f"Rank {year}" in wide else pd.NA,
                "sources": wide[f"Sources {year}"],
                "standard_error": wide[f"Standard error {year}"],
            }
        )
        frames.append(part[part["cpi_score"].notna()])
    out = pd.concat(frames, ignore_index=True)
    out["cpi_rank"] = out["cpi_rank"].astype("Int64")
    return out.sort_values(["iso3", "year"], ignore_index=True)


def _col(frame: pd.DataFrame, prefix: str, year: int) -> str:
    for column in frame.columns:
        if column.lower() == f"{prefix} {year}".lower():
            return column
    raise DataError(f"ti_cpi_2012_2024 has no column '{prefix} {year}'")


def cpi_old_scale() -> pd.DataFrame:
    """TI CPI 1995-2017 on the 0-10 scale, long form, spelling variants merged by ISO3.

    The upstream table lists some countries several times under different spellings
    (seven for Côte d'Ivoire), each row holding the years it was spelt that way, with
    0.0 for "not covered". Rows that are aggregates (Belgium/Luxembourg, Serbia and
    Montenegro) have no single code and are left out.
    """
    wide = load("ti_cpi_1995_2017")
    wide = wide.assign(iso3=_iso3(wide["country"], "ti_cpi_1995_2017"))
    long = wide.melt(id_vars=["country", "iso3"], var_name="year", value_name="cpi_score_0_10")
    long = long[(long["iso3"] != "") & (long["cpi_score_0_10"] > 0)]
    long["year"] = long["year"].astype("int64")
    clash = long.groupby(["iso3", "year"])["cpi_score_0_10"].nunique()
    clash = clash[clash > 1]
    if len(clash):
        raise DataError(f"ti_cpi_1995_2017 gives two different scores for {list(clash.index)}")
    long = long.drop_duplicates(["iso3", "year"])
    names = crosswalk_names()
    long["country"] = long["iso3"].map(names).fillna(long["country"].str.strip())
    return long[["iso3", "country", "year", "cpi_score_0_10"]].sort_values(["iso3", "year"], ignore_index=True)


def crosswalk_names() -> dict[str, str]:
    """ISO3 -> one display name (TI's spelling where TI scores the country, else the UN's)."""
    table = load("country_names")
    names = {}
    for source in ("un_egdi", "ti_cpi_2012_2024"):  # later sources win
        part = table[(table["source"] == source) & table["iso3"].notna()]
        names.update(dict(zip(part["iso3"], part["name"])))
    return names


def egdi() -> pd.DataFrame:
    """UN EGDI and its components for every survey year, long form, with ISO3 codes."""
    frames = []
    for year in EGDI_YEARS:
        raw = load(f"un_egdi_{year}")
        frames.append(
            pd.DataFrame(
                {
                    "iso3": _iso3(raw["Country Name"], "un_egdi"),
                    "country": raw["Country Name"].str.strip(),
                    "year": raw["Survey Year"],
                    "egdi_rank": raw["E-Government Rank"],
                    "egdi": raw["E-Government Index"],
                    "osi": raw["Online Service Index"],
                    "hci": raw["Human Capital Index"],
                    "tii": raw["Telecommunication Infrastructure Index"],
                    "epart": raw["E-Participation Index"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values(["iso3", "year"], ignore_index=True)


def panel(cpi_long: pd.DataFrame, egdi_long: pd.DataFrame) -> pd.DataFrame:
    """Country-year panel of CPI and EGDI for the survey years 2012-2022 (outer join).

    Outer, so that a country scored by only one source keeps its row with the other
    side empty: the chapters choose their sample, the data do not choose it for them.

    An EGDI of exactly 0 is the UN files' placeholder for a country whose online services
    were not assessed (three countries in 2012, with an OSI of 0 and the last rank); it is
    not a score, so the panel leaves that EGDI and OSI empty. Left in, such a country
    would look like the least digital government on earth and then the fastest riser.
    """
    c = cpi_long[cpi_long["year"].isin(PANEL_YEARS)]
    e = egdi_long[egdi_long["year"].isin(PANEL_YEARS)].copy()
    placeholder = e["egdi"] == 0
    e.loc[placeholder, ["egdi", "osi"]] = float("nan")
    merged = e.merge(
        c[["iso3", "year", "country", "region", "cpi_score", "cpi_rank"]],
        on=["iso3", "year"],
        how="outer",
        suffixes=("_un", "_ti"),
    )
    names = crosswalk_names()
    merged["country"] = merged["iso3"].map(names)
    region = c.drop_duplicates("iso3").set_index("iso3")["region"]
    merged["region"] = merged["iso3"].map(region)
    columns = ["iso3", "country", "region", "year", "cpi_score", "cpi_rank", "egdi", "osi", "hci", "tii", "egdi_rank"]
    out = merged[columns].sort_values(["iso3", "year"], ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out


def coverage(cpi_long: pd.DataFrame, egdi_long: pd.DataFrame) -> pd.DataFrame:
    """Which countries each source covers (2012-2022), so the join's losses are visible."""
    in_cpi = set(cpi_long.loc[cpi_long["year"].isin(PANEL_YEARS), "iso3"])
    in_egdi = set(egdi_long.loc[egdi_long["year"].isin(PANEL_YEARS), "iso3"])
    names = crosswalk_names()
    rows = [
        {"iso3": iso3, "country": names.get(iso3, iso3), "in_cpi": iso3 in in_cpi, "in_egdi": iso3 in in_egdi}
        for iso3 in sorted(in_cpi | in_egdi)
    ]
    return pd.DataFrame(rows)


# The World Bank codes Kosovo XKX; TI (and so the course) codes it KSV.
WB_CODES = {"XKX": "KSV"}


def wdi() -> pd.DataFrame:
    """Population, GDP (current US$) and GDP per capita by country and year, World Bank.

    The World Bank's files mix countries with aggregates (WLD, ECS, income groups);
    only the codes the course's crosswalk knows are kept, so every row joins the CPI
    and EGDI tables on ``iso3``. GDP per capita is GDP divided by population, in
    current dollars: not adjusted for prices or purchasing power.
    """
    known = set(load("country_names")["iso3"].dropna())
    frames = {}
    for name, column in (("wb_population", "population"), ("wb_gdp", "gdp_usd")):
        raw = load(name)
        codes = raw["Country Code"].replace(WB_CODES)
        frames[column] = pd.DataFrame({"iso3": codes, "wb_name": raw["Country Name"], "year": raw["Year"], column: raw["Value"]})
    out = frames["population"].merge(frames["gdp_usd"].drop(columns="wb_name"), on=["iso3", "year"], how="outer")
    out = out[out["iso3"].isin(known)].copy()
    names = crosswalk_names()
    wb_names = out.dropna(subset=["wb_name"]).drop_duplicates("iso3").set_index("iso3")["wb_name"]
    out["country"] = out["iso3"].map(names).fillna(out["iso3"].map(wb_names))
    out["gdp_per_capita_usd"] = (out["gdp_usd"] / out["population"].astype("float64")).round(2)
    out["gdp_usd"] = out["gdp_usd"].round(0)
    columns = ["iso3", "country", "year", "population", "gdp_usd", "gdp_per_capita_usd"]
    return out[columns].sort_values(["iso3", "year"], ignore_index=True)


def build_all(verbose: bool = False) -> dict[str, pd.DataFrame]:
    """Write every derived table to ``data/derived/``; return them by resource name."""
    (paths.DATA / "derived").mkdir(exist_ok=True)
    cpi_long = cpi()
    egdi_long = egdi()
    tables = {
        "cpi": cpi_long,
        "cpi_old_scale": cpi_old_scale(),
        "egdi": egdi_long,
        "panel": panel(cpi_long, egdi_long),
        "country_coverage": coverage(cpi_long, egdi_long),
        "wdi": wdi(),
    }
    described = {r["name"]: r for r in package()["resources"]}
    for name, frame in tables.items():
        path = paths.DATA / described[name]["path"]
        frame.to_csv(path, index=False, lineterminator="\n")
        if verbose:
            print(f"{paths.shown(path)}: {len(frame)} rows")
    return tables


if __name__ == "__main__":
    build_all(verbose=True)
    sys.exit(0)

"""The CPI-EGDI data of Chapter 3 and its exercise, shaped once for text, widgets and book.

One row per country and EGDI survey year (2012-2022) with the EGDI and its three
components, the CPI of the same year, the CPI two years later (for the lagged check the
paper's "delayed effect" remark invites), and, for the paper's 19 countries in 2020,
the CPI column as the paper printed it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import load
from .explorer import ExplorerSpec
from .regression import fit_summary

X_OPTIONS = {"egdi": "EGDI", "osi": "OSI", "hci": "HCI", "tii": "TII"}
Y_OPTIONS = {
    "cpi_score": "CPI, same year",
    "cpi_lead2": "CPI two years later",
    "cpi_paper": "CPI as printed in the paper",
}
REGIONS = {
    "ECA": "Eastern Europe and Central Asia",
    "WE/EU": "Western Europe and EU",
    "AP": "Asia Pacific",
    "AME": "Americas",
    "MENA": "Middle East and North Africa",
    "SSA": "Sub-Saharan Africa",
}


def paper_countries() -> list[str]:
    """ISO3 codes of the 19 countries of Kuanaliyev's Table 3, in the paper's order."""
    return list(load("s000_countries").sort_values("row")["iso3"])


def rows() -> pd.DataFrame:
    """Panel rows with same-year CPI, CPI two years later and the paper's CPI column."""
    panel = load("panel")
    cpi = load("cpi")[["iso3", "year", "cpi_score"]]
    lead = cpi.assign(year=cpi["year"] - 2).rename(columns={"cpi_score": "cpi_lead2"})
    out = panel.merge(lead, on=["iso3", "year"], how="left")
    paper = load("s000_countries")[["iso3", "cpi"]].rename(columns={"cpi": "cpi_paper"}).assign(year=2020)
    out = out.merge(paper, on=["iso3", "year"], how="left")
    for column in ("cpi_score", "cpi_lead2", "cpi_paper"):
        out[column] = out[column].astype("float64")
    return out


def with_income(rows_: pd.DataFrame) -> pd.DataFrame:
    """Add GDP per capita (current US$, World Bank) and its natural log for the same year."""
    wdi = load("wdi")[["iso3", "year", "gdp_per_capita_usd"]]
    out = rows_.merge(wdi, on=["iso3", "year"], how="left")
    out["gdp_per_capita_usd"] = out["gdp_per_capita_usd"].astype("float64")
    out["log_gdp_per_capita"] = np.log(out["gdp_per_capita_usd"])
    return out


def yearly_fits(rows_: pd.DataFrame, y: str = "cpi_score", highlight: str = "KAZ") -> pd.DataFrame:
    """CPI (or ``y``) on EGDI over every country with both, one fit per survey year.

    Also where one country (Kazakhstan) stands against each year's line: predicted,
    actual, residual, and the 95% prediction interval for a country with its EGDI.
    """
    out = []
    for year, group in rows_.dropna(subset=["egdi", y]).groupby("year"):
        fit = fit_summary(group["egdi"], group[y])
        row = {"year": int(year), "countries": fit.n, "slope": fit.slope, "slope_low": fit.ci_slope[0],
               "slope_high": fit.ci_slope[1], "intercept": fit.intercept, "r2": fit.r2}
        one = group[group["iso3"] == highlight]
        if len(one):
            x0, actual = float(one["egdi"].iloc[0]), float(one[y].iloc[0])
            low, high = fit.prediction_interval(x0)
            row.update(predicted=float(fit.predict(x0)), actual=actual, residual=actual - float(fit.predict(x0)),
                       pi_low=low, pi_high=high)
        out.append(row)
    return pd.DataFrame(out)


def persistence(rows_: pd.DataFrame, column: str, gap: int = 2) -> pd.Series:
    """Correlation across countries of ``column`` in year t with the same column in t + gap.

    Near 1 means countries keep their places from one survey to the next, so a score
    two years later carries almost the same information as this year's.
    """
    wide = rows_.pivot(index="iso3", columns="year", values=column)
    years = [y for y in wide.columns if y + gap in wide.columns]
    return pd.Series({y: float(wide[[y, y + gap]].dropna().corr().iloc[0, 1]) for y in years}, name=column)


def changes(rows_: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Per country with both indices in both years: the change in EGDI and in CPI.

    Adds the CPI's standard errors of both years and the standard error of the change
    (sqrt(se1^2 + se2^2)), so a change can be held against the index's own margin.
    """
    cpi = load("cpi").set_index(["iso3", "year"])["standard_error"].astype("float64")
    wide = rows_.pivot(index="iso3", columns="year", values=["egdi", "cpi_score"])[
        [("egdi", first), ("egdi", last), ("cpi_score", first), ("cpi_score", last)]
    ].dropna()
    out = pd.DataFrame(
        {
            "d_egdi": wide[("egdi", last)] - wide[("egdi", first)],
            "d_cpi": wide[("cpi_score", last)] - wide[("cpi_score", first)],
        }
    )
    se_first = cpi.reindex(pd.MultiIndex.from_product([out.index, [first]])).to_numpy()
    se_last = cpi.reindex(pd.MultiIndex.from_product([out.index, [last]])).to_numpy()
    out["se_change"] = np.hypot(se_first, se_last)
    out["z_change"] = out["d_cpi"] / out["se_change"]
    return out


def country_sets() -> dict[str, tuple[str, list[str] | None]]:
    """Named country sets for the explorers: the paper's 19, everyone, each TI region."""
    panel = load("panel")
    sets: dict[str, tuple[str, list[str] | None]] = {
        "paper": (f"The paper's {len(paper_countries())} countries", paper_countries()),
        "all": ("All countries with both indices", None),
    }
    for code, name in REGIONS.items():
        members = sorted(panel.loc[panel["region"] == code, "iso3"].unique())
        sets[code.lower().replace("/", "-")] = (name, members)
    return sets


def explorer_spec() -> ExplorerSpec:
    """The chapter's explorer: it opens on the paper's view (its countries, its CPI column, 2020)."""
    return ExplorerSpec(
        x_options=X_OPTIONS,
        y_options=Y_OPTIONS,
        sets=country_sets(),
        default_year=2020,
        default_x="egdi",
        default_y="cpi_paper",
        default_set="paper",
    )

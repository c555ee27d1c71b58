"""The CPI-EGDI data of Chapter 3 and its exercise, shaped once for text, widgets and book.

One row per country and EGDI survey year (2012-2022) with the EGDI and its three
components, the CPI of the same year, the CPI two years later (for the lagged check the
paper's "delayed effect" remark invites), and, for the paper's 19 countries in 2020,
the CPI column as the paper printed it.
"""

from __future__ import annotations

import pandas as pd

from .data import load
from .explorer import ExplorerSpec

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


def country_sets() -> dict[str, tuple[str, list[str] | None]]:
    """Named country sets for the explorers: the paper's 19, everyone, each TI region."""
    panel = load("panel")
    sets: dict[str, tuple[str, list[str] | None]] = {
        "paper": ("The paper's 19 countries", paper_countries()),
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

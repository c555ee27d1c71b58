"""Reconciliation of the auditors' figures (section 6.3) and the court statistics (section 8.1)
of document 003, and of the state's op-ed (document 001) against them.

Tables 6.3.1-6.3.2 (Accounts Committee) and 8.1.1 (Supreme Court) are recomputed from their
parts, every figure of the prose of sections 6.3 and 8.1 is checked against them, and the
op-ed's figures on courts, sentences and convictions are held against what the report's
tables can confirm. Contradictions are asserted as found in the ``test_erratum_*`` tests and
listed in ``data/errata.csv``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzcourse import paths
from kzcourse.data import load
from kzcourse.tools import provenance

DOC = "seeds/003_ca52632ee1104f9a.txt"


@pytest.fixture(scope="module")
def t631() -> pd.DataFrame:
    return load("s003_t6_3_1_financial_violations").set_index("year")


@pytest.fixture(scope="module")
def programmes() -> pd.DataFrame:
    return load("s003_t6_3_2_programmes").set_index("programme_key")


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    return load("s003_t6_3_2_programme_violations")


@pytest.fixture(scope="module")
def violations(cells) -> pd.DataFrame:
    """Programmes x years, KZT million, NaN for '-'."""
    return cells.pivot(index="programme_key", columns="year", values="violations_million_kzt").astype("float64")


@pytest.fixture(scope="module")
def courts() -> pd.DataFrame:
    frame = load("s003_t8_1_1_court_statistics")
    return frame.pivot(index="indicator_key", columns="year", values="value").astype("float64")


@pytest.fixture(scope="module")
def text() -> pd.DataFrame:
    return load("s003_section6_8_text_figures").set_index("figure_id")


@pytest.fixture(scope="module")
def official() -> pd.Series:
    return load("s001_figures").set_index("figure")["value"]


def tf(text: pd.DataFrame, figure_id: str, column: str = "value") -> float:
    return float(text.loc[figure_id, column])


def cut(value: float, decimals: int) -> float:
    """Cut (truncate) to the given decimals, as some of the report's percentages are."""
    factor = 10**decimals
    return math.floor(value * factor + 1e-9) / factor


def decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def seeds_or_skip():
    if not paths.seeds_dir().exists():
        pytest.skip(f"source documents not found at {paths.seeds_dir()}")


# =========================================================================== Table 6.3.1
def test_t631_shape(t631):
    assert list(t631.index) == [2013, 2014, 2015, 2016]
    assert t631.usd_billion.tolist() == [1.24, 1.94, 4.70, 0.78]


def test_t631_restored_decimal_point(t631):
    """Only 2015 is printed without its decimal point; every other cell is read as printed."""
    printed, read = t631.kzt_billion_as_printed, t631.kzt_billion
    assert (printed.drop(index=2015) == read.drop(index=2015)).all()
    assert printed[2015] == 874369 and read[2015] == pytest.approx(874.369)


def test_t631_implied_exchange_rates(t631):
    """The KZT and USD columns imply 154, 183, 186 and 344 KZT per US dollar. The tenge was
    devalued in 2014 and floated in August 2015, so 2015's rate (186) being close to 2014's
    suggests that year was converted at an early-2015 rate (the report gives none)."""
    rate = t631.kzt_billion / t631.usd_billion
    assert rate.round(1).tolist() == [154.1, 183.1, 186.0, 343.6]
    assert rate.is_monotonic_increasing


def test_text_violations_total_and_peak(t631, text):
    """'Between 2013 and 2016 ... KZT 1.7 trillion'; 'the peak was in 2015'."""
    lo, hi = tf(text, "s6_3_violations_period"), tf(text, "s6_3_violations_period", "value_high")
    assert (lo, hi) == (t631.index.min(), t631.index.max())
    total = t631.kzt_billion.sum()
    assert total == pytest.approx(1688.674)
    assert round(total / 1000, 1) == tf(text, "s6_3_violations_total_kzt") == 1.7
    assert t631.kzt_billion.idxmax() == 2015 == text.loc["s6_3_violations_2015_kzt", "year"]
    assert t631.usd_billion[2015] == tf(text, "s6_3_violations_2015_usd") == 4.7


def test_erratum_violations_usd_total(t631, text):
    printed = tf(text, "s6_3_violations_total_usd")
    assert printed == 6.9
    assert t631.usd_billion.sum() == pytest.approx(8.66)
    # 6.9 would need an average rate of 245 KZT per dollar, which no year of the table uses
    assert round(t631.kzt_billion.sum() / printed, 1) == 244.7
    rate = t631.kzt_billion / t631.usd_billion
    assert not ((rate - 244.7).abs() < 20).any()


def test_erratum_violations_2015_printed(t631, text):
    assert t631.kzt_billion_as_printed[2015] == 874369
    assert tf(text, "s6_3_violations_2015_kzt") == 874.3
    assert cut(t631.kzt_billion[2015], 1) == 874.3  # the text cuts
    assert round(t631.kzt_billion[2015], 1) == 874.4  # rounding gives 874.4


def test_text_agency_estimate_not_checkable(text, t631):
    """The Anti-Corruption Agency's 'US$ 3.8 billion a year, about 10% of the budget' rests on the
    budget (not in the report). For scale only: the auditors' violations average US$ 2.17 billion
    a year in Table 6.3.1's own dollars."""
    assert tf(text, "s6_3_agency_estimate_usd") == 3.8
    assert tf(text, "s6_3_agency_estimate_budget_share") == 10
    assert t631.usd_billion.mean() == pytest.approx(2.165)


# =========================================================================== Table 6.3.2
def test_t632_printed_allocations_split_into_value_and_footnote(programmes):
    """Each allocation is printed with its footnote number glued on; value + footnote rebuilds
    the printed string, and the footnotes run 71-83 in row order."""
    programmes = programmes.sort_values("row")
    assert programmes.footnote.tolist() == list(range(71, 84))
    for key, row in programmes.iterrows():
        value = row.total_allocated_million_kzt
        places = 1 if not float(value).is_integer() else 0
        rebuilt = f"{value:,.{places}f}" + str(row.footnote)
        assert rebuilt == row.total_allocated_as_printed, key


def test_t632_printed_strings_and_footnotes_are_in_the_text(programmes):
    seeds_or_skip()
    stop = {"programme", "the", "for", "of", "and", "in", "to", "development", "republic", "kazakhstan"}
    for key, row in programmes.iterrows():
        spans = str(row.source_lines).split(";")
        table_part = provenance.text_of(DOC, spans[:-1])
        footnote = provenance.text_of(DOC, spans[-1:])
        assert row.total_allocated_as_printed in table_part, key
        assert footnote.startswith(f"{row.footnote} "), key
        words = [w for w in re.findall(r"[a-z]+", row.programme_label.lower()) if w not in stop and len(w) > 3]
        assert any(w in footnote.lower() for w in words), (key, words)


def test_t632_cells_are_money(programmes, violations):
    """The yearly columns ('Number of violations highlighted') are KZT millions: their sum over an
    allocation gives the printed percent (space programme: 104 100 / 128 300 = 81.1%)."""
    space = violations.loc["space_activities"].sum() / programmes.loc["space_activities", "total_allocated_million_kzt"]
    assert round(100 * space, 1) == programmes.loc["space_activities", "percent_misappropriated"] == 81.1
    assert violations.notna().sum().to_dict() == {2013: 7, 2014: 5, 2015: 2, 2016: 2}


def _recomputed(programmes, violations) -> pd.Series:
    found = violations.sum(axis=1, min_count=1)
    return 100 * found / programmes.total_allocated_million_kzt


def test_erratum_t632_percent_truncated(programmes, violations):
    """12 of the 13 printed percentages are the recomputed share cut (not rounded) to the
    printed decimals; rounding would give a different figure for six of them."""
    share = _recomputed(programmes, violations)
    printed = programmes.percent_misappropriated
    truncated = pd.Series({k: cut(share[k], decimals(printed[k])) for k in printed.index})
    rounded = pd.Series({k: round(share[k], decimals(printed[k])) for k in printed.index})
    assert sorted(truncated.index[truncated != printed]) == ["information_kazakhstan"]
    assert sorted(rounded.index[rounded != printed]) == sorted(
        ["salamaty_kazakhstan", "industrial_innovative_development", "ak_bulak", "languages",
         "agrobusiness", "business_road_map", "information_kazakhstan"])
    # for three of them not even the lowest value the printed cells can stand for (each cell
    # rounded at its last non-zero digit: 42,000 may be 41,950) reaches the printed figure: the
    # cut is in the percentages, not in the cells
    for key in ("ak_bulak", "languages", "business_road_map"):
        cells = violations.loc[key].dropna()
        half = cells.map(lambda v: 50 if v % 100 == 0 else 5 if v % 10 == 0 else 0.5)
        low = 100 * (cells - half).sum() / programmes.loc[key, "total_allocated_million_kzt"]
        assert round(low, 1) > printed[key], key
    assert {k: round(share[k], 2) for k in ("ak_bulak", "languages", "business_road_map")} == {
        "ak_bulak": 3.30, "languages": 15.78, "business_road_map": 32.30}


def test_erratum_t632_information_kazakhstan(programmes, violations, text):
    share = _recomputed(programmes, violations)
    assert programmes.loc["information_kazakhstan", "percent_misappropriated"] == 46.4
    assert tf(text, "s6_3_information_kazakhstan_share") == 46.4
    assert round(share["information_kazakhstan"], 2) == 46.05
    allocated = programmes.loc["information_kazakhstan", "total_allocated_million_kzt"]
    assert round(0.464 * allocated) == 56330  # what 46.4% would need, against 55 900 printed
    assert round(55900 / 0.464) == 120474  # or the allocation it would need, against 121 400


def test_text_anti_record_programmes(programmes, text):
    """The three programmes the text names as the 'anti-record' are the top three by printed share."""
    top = programmes.percent_misappropriated.sort_values(ascending=False)
    assert list(top.index[:3]) == ["space_activities", "information_kazakhstan", "business_road_map"]
    assert top.iloc[:3].tolist() == [
        tf(text, "s6_3_space_share"), tf(text, "s6_3_information_kazakhstan_share"), tf(text, "s6_3_business_road_map_share")]


def test_t632_each_year_within_table_631(violations, t631):
    """Programme violations never exceed all violations found that year (KZT billion)."""
    by_year = violations.sum() / 1000
    assert by_year.round(3).to_dict() == {2013: 97.714, 2014: 268.353, 2015: 121.7, 2016: 189.3}
    assert (by_year < t631.kzt_billion).all()
    assert (100 * by_year / t631.kzt_billion).round(1).to_dict() == {2013: 51.1, 2014: 75.5, 2015: 13.9, 2016: 70.6}


def test_text_majority_in_programmes_not_confirmed(violations, t631):
    """'The majority of financial violations ... seem to occur during ... state programmes': the
    programmes of Table 6.3.2 hold 40.1% of the violations of Table 6.3.1 over 2013-2016 (13.9%
    in 2015). The table may list only some programmes, so this bounds the share from below and
    can neither confirm nor refute the claim."""
    share = 100 * violations.sum().sum() / 1000 / t631.kzt_billion.sum()
    assert round(share, 1) == 40.1


def test_erratum_programmes_total_kzt(violations, t631, text):
    printed = tf(text, "s6_3_programmes_total_kzt")
    lo, hi = tf(text, "s6_3_programmes_period"), tf(text, "s6_3_programmes_period", "value_high")
    assert (lo, hi) == (2013, 2016) and list(violations.columns) == [2013, 2014, 2015, 2016]
    total_trillion = violations.sum().sum() / 1e6
    assert printed == 6.7
    assert violations.sum().sum() == 677067
    assert round(total_trillion, 2) == 0.68
    assert round(printed / total_trillion, 1) == 9.9  # a factor of ten
    # 6.7 trillion would exceed all violations found in the same years (1.69 trillion)
    assert printed > t631.kzt_billion.sum() / 1000


def test_erratum_programmes_total_usd(violations, t631, text):
    printed = tf(text, "s6_3_programmes_total_usd")
    rate = t631.kzt_billion / t631.usd_billion  # KZT per USD, as the report converted each year
    usd = (violations.sum() / 1000 / rate).sum()
    assert printed == 2.07
    assert round(usd, 2) == 3.30
    implied = violations.sum().sum() / 1000 / printed
    assert round(implied) == 327  # KZT per USD that 2.07 implies: no year of Table 6.3.1 uses it
    assert not ((rate - implied).abs() < 10).any()


# =========================================================================== Table 8.1.1
def test_t811_shape_and_blank_cells(courts):
    assert list(courts.columns) == list(range(2010, 2018))
    assert len(courts) == 18
    present = courts.notna()
    first = {k: int(present.loc[k].idxmax()) for k in courts.index}
    assert first["civil_cases_mediation"] == 2011 and first["persons_acquitted"] == 2011
    assert first["criminal_cases_mediation"] == 2016
    assert present.sum(axis=1).to_dict()["convictions_custodial"] == 6


def test_t811_cases_completed_are_civil_criminal_administrative(courts):
    """Civil + criminal + administrative cases completed = the printed 'cases completed', exactly,
    in every year 2010-2016: this confirms the placing of the shorter rows."""
    years = list(range(2010, 2017))
    parts = courts.loc[["civil_cases_completed", "criminal_cases_completed", "administrative_cases_completed"], years].sum()
    assert (parts == courts.loc["cases_completed", years]).all()
    assert np.isnan(courts.loc["civil_cases_completed", 2017])


def test_t811_inequalities(courts):
    c = courts
    assert (c.loc["cases_completed"] <= c.loc["petitions_and_cases_received"]).all()
    assert (c.loc["civil_cases_mediation"].dropna() <= c.loc["civil_cases_completed"].dropna().loc[2011:2016]).all()
    sentences = c.loc["convictions_custodial"] + c.loc["convictions_suspended"]
    assert (sentences.dropna() < c.loc["convictions_total"].loc[2011:2016]).all()
    assert (c.loc["convictions_total"] < c.loc["criminal_cases_completed"]).all()


def test_t811_2017_jump(courts):
    """Petitions and completed cases jump by three quarters in 2017 (1 212 144 -> 2 129 001, +75.6%)
    while criminal cases rise by 12.8%: the civil and administrative rows, which would show where,
    are blank for 2017."""
    received = courts.loc["petitions_and_cases_received"]
    assert round(100 * (received[2017] / received[2016] - 1), 1) == 75.6
    crim = courts.loc["criminal_cases_completed"]
    assert round(100 * (crim[2017] / crim[2016] - 1), 1) == 12.8


def test_text_mediation(courts, text):
    """'in 2011 there were no civil cases ... in 2016 there were already 20 thousand';
    criminal cases 'in 2017 there were nearly 13 thousand'."""
    assert courts.loc["civil_cases_mediation", 2011] == tf(text, "s8_1_civil_mediation_2011", "value_from_words") == 0
    assert round(courts.loc["civil_cases_mediation", 2016] / 1000) == tf(text, "s8_1_civil_mediation_2016") == 20
    assert courts.loc["criminal_cases_mediation", 2017] == 12945
    assert 12945 < tf(text, "s8_1_criminal_mediation_2017") * 1000  # 'nearly'
    assert round(courts.loc["criminal_cases_mediation", 2017] / 1000) == 13


def test_text_jury_five_times_fewer(courts, text):
    jury = courts.loc["criminal_cases_jury"]
    assert (jury[2011], jury[2017]) == (354, 72)
    ratio = jury[2011] / jury[2017]
    assert round(ratio, 2) == 4.92 and round(ratio) == tf(text, "s8_1_jury_cases_fewer_fold", "value_from_words")
    assert jury.idxmax() == 2011 and jury.idxmin() == 2015  # 42: the low came in 2015


def test_text_section_8_1_conclusions(courts):
    """The six conclusions of section 8.1, held against Table 8.1.1."""
    c = courts
    # 1. more disputes in court: civil cases completed rise every year 2010-2016; petitions
    #    received rise every year but 2015 (1 221 011 -> 1 182 916)
    assert c.loc["civil_cases_completed"].dropna().is_monotonic_increasing
    received = c.loc["petitions_and_cases_received"].diff().dropna()
    assert [int(y) for y in received.index[received < 0]] == [2015]
    # 3. acquittals grow 'albeit insignificantly': 481 (2011) -> 865 (2017), 1.7% -> 2.5% of
    #    people convicted or acquitted
    acq = c.loc["persons_acquitted"]
    share = 100 * acq / (acq + c.loc["convictions_total"])
    assert (acq[2011], acq[2017]) == (481, 865)
    assert round(share[2011], 1) == 1.7 and round(share[2017], 1) == 2.5
    # 4. fewer prison sentences: custodial 11 051 (2011) -> 8 097 (2016), from 39.7% to 26.4%
    #    of convictions
    custodial = 100 * c.loc["convictions_custodial"] / c.loc["convictions_total"]
    assert round(custodial[2011], 1) == 39.7 and round(custodial[2016], 1) == 26.4
    # 6. overturned and amended verdicts are small: at most 4.3% (criminal, amended)
    pct = c.loc[[k for k in c.index if k.endswith("_percent")]]
    assert pct.max().max() == 4.3


# =========================================================================== coverage of the prose
def test_every_prose_figure_of_6_3_and_8_1_is_checked(text):
    source = Path(__file__).read_text(encoding="utf-8")
    read = set(re.findall(r"\"(s[68]_[13]_[a-z0-9_]+)\"", source))
    assert set(text.index) <= read, sorted(set(text.index) - read)
    assert len(text) == 17


# =========================================================================== the official view (doc 001)
def test_official_non_custodial_share_matches_2016(official, courts):
    """The op-ed's '73 percent (22,627)' non-custodial sentences are Table 8.1.1's 2016: 30 726
    convictions less 8 097 custodial = 22 629 (73.6%), two off the op-ed's count; its 73 cuts 73.6."""
    non_custodial = courts.loc["convictions_total"] - courts.loc["convictions_custodial"]
    assert non_custodial[2016] == 22629
    assert abs(non_custodial[2016] - official["non_custodial_count"]) == 2
    share = 100 * non_custodial / courts.loc["convictions_total"]
    assert round(share[2016], 1) == 73.6 and cut(share[2016], 0) == official["non_custodial_share"]
    assert round(100 * official["non_custodial_count"] / courts.loc["convictions_total", 2016], 1) == 73.6
    # no other year comes close: the nearest is 2015 (23 543, 916 away)
    others = (non_custodial - official["non_custodial_count"]).abs().drop(index=2016).dropna()
    assert others.idxmin() == 2015 and others.min() == 916


def test_erratum_s001_non_custodial_count(official, courts):
    """The op-ed's 22,627 non-custodial sentences against Table 8.1.1's 2016: two apart, same share."""
    non_custodial = courts.loc["convictions_total", 2016] - courts.loc["convictions_custodial", 2016]
    assert (official["non_custodial_count"], non_custodial) == (22627, 22629)
    total = courts.loc["convictions_total", 2016]
    assert round(100 * official["non_custodial_count"] / total, 1) == round(100 * non_custodial / total, 1) == 73.6
    assert cut(100 * non_custodial / total, 0) == official["non_custodial_share"] == 73


def test_erratum_s001_mediation_one_third(official, courts):
    today, growth = official["mediation_cases"], official["mediation_increase"]
    assert (today, growth) == (21076, pytest.approx(1 / 3, abs=1e-3))
    in_2016 = courts.loc["civil_cases_mediation", 2016]
    assert in_2016 == 19798
    assert round(100 * (today / in_2016 - 1), 1) == 6.5
    assert round(today / (1 + 1 / 3)) == 15807  # the 2016 base that 'one third' would need


def test_official_prison_population_not_in_the_report(official, courts):
    """'reducing the prison population by three times' (96,000 -> 35,000, a factor 2.74): the report
    has no prison population. It confirms the direction only: custodial sentences fell from
    11 051 (2011) to 8 097 (2016), by 26.7%."""
    assert round(official["prisoners_1996"] / official["prisoners_now"], 2) == 2.74
    custodial = courts.loc["convictions_custodial"]
    assert round(100 * (1 - custodial[2016] / custodial[2011]), 1) == 26.7


def test_official_convictions_since_2001_cannot_be_checked(official):
    """'10,931 convicted of corruption crimes since 2001': the report counts persons charged
    (Table 3.3.1, 8 007 in 2008-2017) and offences tried (Table 3.1.2, 15 339), not persons
    convicted, and starts in 2008. If every person charged in 2008-2017 had been convicted,
    2001-2007 would hold at most 2 924 of the 10 931 (418 a year against 801 a year after)."""
    persons = load("s003_t3_3_1_persons_corruption_offences")
    tried = load("s003_t3_1_2_offences_tried_in_court")
    charged = int(persons.charged.sum())
    offences_tried = int(tried[tried.offence_key == "total_corruption_offences"].value.sum())
    assert (charged, offences_tried) == (8007, 15339)
    convicted = official["convicted_since_2001"]
    assert convicted == 10931
    assert convicted - charged == 2924
    assert round((convicted - charged) / 7) == 418 and round(charged / 10) == 801


# =========================================================================== two measures of cost
def test_cost_two_measures_orders_of_magnitude(t631):
    """Damage from corruption offences (Table 3.2.2) and the auditors' violations (Table 6.3.1),
    2013-2016: KZT 105.5 billion against 1 688.7 billion, 16-fold (1.2 orders of magnitude); year
    by year the ratio swings from 2.4 (2013) to 338 (2014). The auditors' figure even exceeds the
    damage from all registered offences (KZT 1 093.1 billion)."""
    t322 = load("s003_t3_2_2_damage_corruption_offences")
    t321 = load("s003_t3_2_1_damage_all_offences").set_index("year")
    damage = t322[t322.offence_key == "total_corruption_offences"].set_index("year")["value"].loc[2013:2016] / 1e6
    audit = t631.kzt_billion
    assert round(damage.sum(), 1) == 105.5 and round(audit.sum(), 1) == 1688.7
    assert round(audit.sum() / damage.sum(), 1) == 16.0
    assert round(math.log10(audit.sum() / damage.sum()), 1) == 1.2
    ratio = (audit / damage).round(1)
    assert ratio.to_dict() == {2013: 2.4, 2014: 338.5, 2015: 93.2, 2016: 17.9}
    all_damage = t321.damage_thousand_kzt.loc[2013:2016].sum() / 1e6
    assert round(all_damage, 1) == 1093.1 and audit.sum() > all_damage

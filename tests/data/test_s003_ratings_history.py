"""Reconciliation of how corruption in Kazakhstan is measured from outside: the CPI over both of
its scales and the other ratings quoted in document 003 (11.2), the 2023 comparison of
document 004, and the two upstream CPI files the course ships.

Builds on ``test_s003_surveys_ratings.py`` (ranks and sources of 2015-2017 as quoted); here the
recomputations are the ones the chapter needs: standard errors from the sources, positions as
percentiles, the scale break of 2012, the neighbours, and the direction of every other rating.
Contradictions are asserted as found in ``test_erratum_*`` tests listed in ``data/errata.csv``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from kzcourse import history
from kzcourse.data import load
from kzcourse.derive import _iso3

WORDS = {"first": 1, "second": 2, "third": 3}


# ----------------------------------------------------------------- the CPI's sources
def test_cpi_standard_errors_follow_from_the_nine_sources():
    """TI's standard error is the sources' sample SD / sqrt(n): 003's nine source scores reproduce it."""
    src = load("s003_cpi_sources")
    ti = history.cpi_series("KAZ").set_index("year")
    for year, published in ((2016, 3.35), (2017, 3.59)):
        scores = src[src.year == year].score
        assert round(history.standard_error_from_sources(scores), 2) == published == ti.loc[year, "standard_error"]
        assert ti.loc[year, "sources"] == len(scores) == 9


def test_sources_disagree_more_than_the_score_moves():
    moves = history.cpi_source_moves()
    assert moves["change"].tolist() == [14, 8, 5, 2, 1, 1, 0, -4, -9]
    assert moves["score_2017"].max() - moves["score_2017"].min() == 35  # IMD 55 vs V-Dem 24
    assert round(moves["score_2017"].std(ddof=1), 2) == 10.78


def test_erratum_s003_cpi_public_opinion():
    types = load("cpi_source_types").set_index("source")["source_type"]
    listed = load("s003_cpi_sources")["source"].unique()
    assert set(listed) == set(types.index) and len(listed) == 9
    kinds = types[listed].value_counts()
    assert kinds.to_dict() == {"expert assessment": 7, "survey of business executives": 2}
    assert "survey of the public" not in kinds
    described = load("s003_rating_scales").set_index("indicator").loc["score", "data_basis_as_described"]
    assert "public opinion" in described


# ----------------------------------------------------------------- scales and positions
def test_old_and_new_scales_are_kept_apart():
    old = history.cpi_series("KAZ", "0-10")
    new = history.cpi_series("KAZ", "0-100")
    assert (old.year.min(), old.year.max(), len(old)) == (1999, 2011, 13)
    assert (new.year.min(), new.year.max(), len(new)) == (2012, 2024, 13)
    assert old.score.max() <= 10 < new.score.min()


def test_multiplying_by_ten_does_not_join_the_scales():
    b = history.scale_break()
    assert b["countries"] == 175
    assert round(b["mean_difference"], 2) == 2.71  # 2012 sits 2.7 points above 10 x 2011 on average
    assert round(b["sd_difference"], 2) == 3.91
    assert round(b["min_difference"], 2) == -8.87 and round(b["max_difference"], 2) == 12.14
    # an ordinary year-to-year change has an SD of about 2.3 on either scale
    assert round(b["sd_change_old_scale_x10"], 2) == 2.27 and round(b["sd_change_new_scale"], 2) == 2.28
    assert b["sd_difference"] > 1.5 * max(b["sd_change_old_scale_x10"], b["sd_change_new_scale"])
    assert round(b["correlation"], 3) == 0.985  # the order is kept, the values are not


def test_kazakhstan_positions_over_the_whole_period():
    both = history.both_scales("KAZ").set_index("year")
    assert both.loc[1999, ["rank", "countries"]].tolist() == [84, 98]
    assert both.loc[2000, ["rank", "countries", "percentile"]].tolist() == [65, 89, 26.14]
    assert both.loc[2007, ["rank", "countries", "percentile"]].tolist() == [150, 180, 13.69]
    assert both.loc[2024, ["rank", "countries", "percentile"]].tolist() == [88, 180, 50.56]
    assert both["percentile"].idxmin() == 1999 and both["percentile"].idxmax() == 2024


def test_rank_changes_partly_reflect_the_number_scored():
    """003: 'like many others, Kazakhstan's ranking has deteriorated' in 2016."""
    a, b = history.position("KAZ", 2015), history.position("KAZ", 2016)
    assert (a.rank, a.countries, b.rank, b.countries) == (123, 168, 131, 176)
    assert b.rank - a.rank == 8 == b.countries - a.countries
    assert round(b.percentile - a.percentile, 2) == -0.58  # the position barely moved


def test_erratum_s003_cpi_2017_best_percentile():
    printed = load("s003_cpi_history").set_index("year").loc[2017, "statement"]
    assert "maximum since 1999" in printed
    by_score = history.best_to_date("KAZ", 2017, by="score")
    assert by_score.is_best_to_date and by_score.previous_best == 29  # true within 2012-2017
    by_pct = history.best_to_date("KAZ", 2017, by="percentile")
    assert by_pct.value == 30.45
    assert by_pct.earlier_years_higher == (2009, 2010, 2011)
    assert by_pct.previous_best == 40.11 and by_pct.previous_best_year == 2010
    assert history.position("KAZ", 2000).percentile < by_pct.value  # the report's own example (2000) does hold


def test_cpi_changes_of_the_documents_are_within_their_errors():
    """003 (2015-2016, 2016-2017), 000 (2019-2020) and 004 (2022-2023) each celebrate a change
    smaller than the two years' standard errors combined; only the whole 0-100 period is not."""
    for a, b, diff, z in ((2015, 2016, 1, 0.17), (2016, 2017, 2, 0.41), (2019, 2020, 4, 0.77), (2022, 2023, 3, 0.65)):
        d = history.change("KAZ", a, b)
        assert (d.difference, round(d.z, 2), d.exceeds) == (diff, z, False)
        assert d.low < 0 < d.high
    whole = history.change("KAZ", 2012, 2024)
    assert whole.difference == 12 and whole.exceeds and round(whole.low, 1) == 1.9
    assert not history.change("KAZ", 2012, 2024, level=0.99).exceeds  # but not at 99%


# ----------------------------------------------------------------- 004's neighbours
def test_s004_neighbours_against_the_data():
    quoted = load("s004_cpi_2023").set_index("iso3")
    table = history.neighbours(2023).set_index("iso3")
    assert set(table.index) == set(quoted.index)
    assert (table.loc[quoted.index, "score"] == quoted["score_2023"]).all()
    ranked = quoted["rank_2023"].dropna()
    assert (table.loc[ranked.index, "rank"] == ranked).all()
    assert table["score"].idxmax() == "KAZ"
    # only the gap to Belarus (2 points) and to Uzbekistan (6) is within the errors
    assert set(table.index[~table["exceeds"].astype(bool)]) == {"KAZ", "BLR", "UZB"}


def test_post_soviet_comparison_and_its_extension_to_2024():
    ps23 = history.neighbours(2023, history.POST_SOVIET)
    assert ps23["iso3"].tolist().index("KAZ") == 6  # 7th of 15
    assert ps23["iso3"].head(6).tolist() == ["EST", "LTU", "LVA", "GEO", "ARM", "MDA"]
    ps24 = history.neighbours(2024, history.POST_SOVIET).set_index("iso3")
    assert ps24.loc["KAZ", ["score", "rank"]].tolist() == [40, 88]
    assert ps24.loc["BLR", "score"] == 33 and round(ps24.loc["BLR", "z"], 2) == -1.57
    ca = history.neighbours(2024, history.CENTRAL_ASIA)
    assert ca["iso3"].iloc[0] == "KAZ" and (ca["gap"].iloc[1:] <= -8).all()


# ----------------------------------------------------------------- the other ratings
def test_rating_scales_as_printed():
    sc = load("s003_rating_scales")
    for _, row in sc.iterrows():
        printed = row["scale_as_printed"].replace("+", "")
        numbers = {float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", printed)}
        for col in ("scale_min", "scale_max"):
            if pd.notna(row[col]) and row["indicator"] != "overall rank":
                assert row[col] in numbers, (row["indicator"], col)
    wgi = sc.set_index("indicator").loc["estimate"]
    assert (wgi["scale_min"], wgi["scale_max"]) == (-2.5, 2.5)
    assert set(sc["higher_means"]) <= set(history._BETTER_IF_HIGHER)


def test_business_problem_ranks_as_printed():
    r = load("s003_business_problem_ranks")
    for _, row in r.iterrows():
        words = [WORDS[w] for w in re.findall(r"first|second|third", row["rank_as_printed"])]
        assert row["rank"] == words[-1], row["rank_as_printed"]  # 'moved up from second to first': the last word
    ceo = r[r.item == "bribery and corruption among threats to business"].set_index("year")["rank"]
    assert ceo[2016] == 2 and ceo[2017] == 1  # 'moved up from second' agrees with the 2016 figure


def test_directions_of_the_other_ratings():
    d = history.rating_directions().set_index(["rating", "indicator"])["direction"]
    assert d[("World Bank WGI Control of Corruption", "estimate")] == "better"
    assert d[("World Bank WGI Control of Corruption", "percentile_rank")] == "better"
    assert d[("TRACE Matrix", "overall score")] == "better"
    assert d[("TRACE Matrix", "rank")] == "worse"
    assert d[("WEF Global Competitiveness Index", "irregular payments and bribes")] == "worse"
    assert d[("World Bank Doing Business", "distance to frontier")] == "better"
    business = [i for i in d.index if i[1].startswith("rank of")]
    assert len(business) == 3 and all(d[i] == "worse" for i in business)
    counts = history.rating_directions()["direction"].value_counts().to_dict()
    assert counts == {"worse": 9, "better": 7}


def test_wgi_percentile_peak_and_cpi_percentile_compared():
    """Both outside measures put Kazakhstan in the bottom quarter in 2016."""
    wgi = load("s003_wgi_control_of_corruption").set_index(["measure", "year"])["value"]
    assert wgi[("percentile_rank", 2016)] < 25 and history.position("KAZ", 2016).percentile < 25


# ----------------------------------------------------------------- upstream files
def test_erratum_raw_cpi_datahub_2015_scores():
    raw = load("ti_cpi_1995_2017")
    raw = raw.assign(iso3=_iso3(raw["country"], "ti_cpi_1995_2017"))
    ti = load("cpi")

    def disagreeing(year):
        scores = ti[ti.year == year].set_index("iso3")["cpi_score"].astype(float)
        rows = raw[(raw[str(year)] > 0) & raw.iso3.isin(scores.index)]
        diff = (rows[str(year)] * 10 - rows.iso3.map(scores)).round(6)
        return rows[diff != 0], diff[diff != 0], len(rows)

    bad, diff, n = disagreeing(2015)
    assert n == 168 and len(bad) == 11
    assert set(bad.iso3) == {"KOR", "LVA", "LTU", "LUX", "MLT", "MEX", "NLD", "NZL", "NOR", "POL", "PRT"}
    assert (diff.abs().min(), diff.abs().max()) == (1, 4)
    assert bad.set_index("iso3").loc[["LUX", "MEX", "MLT", "NLD"], "2015"].tolist() == [8.1, 3.5, 5.6, 8.7]
    for year in (2012, 2013, 2014, 2016, 2017):  # every other year of the overlap agrees
        assert disagreeing(year)[0].empty, year


def test_erratum_raw_cpi_2012_2024_puerto_rico():
    new = load("cpi")
    old = load("cpi_old_scale")
    counts = new.groupby("year").size()
    assert counts[[2012, 2013, 2014]].tolist() == [175, 176, 174]
    assert old.groupby("year").size()[[2012, 2013, 2014]].tolist() == [176, 177, 175]
    missing = set(old.query("year >= 2012 and year <= 2014").iso3) - set(new.iso3)
    assert missing == {"PRI"}
    pri = old[(old.iso3 == "PRI") & old.year.between(2012, 2014)].set_index("year")["cpi_score_0_10"]
    assert (pri * 10).round().astype(int).tolist() == [63, 62, 63]
    assert old[(old.iso3 == "PRI") & (old.year > 2014)].empty
    # with Puerto Rico (above Kazakhstan each year) the published ranks come back
    computed = [history.position("KAZ", y).rank for y in (2012, 2013, 2014)]
    assert computed == [132, 139, 125]
    assert [r + 1 for r in computed] == [133, 140, 126]

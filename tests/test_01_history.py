"""Unit tests of kzcourse.history, the shaping and statistics of Chapter 1.

Each function is checked on real values of the course's data, and on bad input for a
one-line HistoryError that names the problem. The chapter page and its exercise come later;
their checks will join this file.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzcourse import history as h
from kzcourse.history import HistoryError


def one_line_error(func, *args, match: str, **kwargs) -> str:
    with pytest.raises(HistoryError, match=match) as err:
        func(*args, **kwargs)
    message = str(err.value)
    assert "\n" not in message and len(message) < 240, message
    return message


# --------------------------------------------------------------------------- scales and countries
def test_scale_of_each_edition():
    assert h.scale_of(1995) == h.scale_of(2011) == "0-10"
    assert h.scale_of(2012) == h.scale_of(2024) == "0-100"
    assert h.scale_of("2016") == "0-100"
    one_line_error(h.scale_of, 1994, match="no edition for 1994")
    one_line_error(h.scale_of, 2025, match="no edition for 2025.*2012-2024")
    one_line_error(h.scale_of, 2016.5, match="whole number")
    one_line_error(h.scale_of, "twenty", match="whole number")


def test_country_codes_are_checked():
    assert h.country_name("kaz") == "Kazakhstan"
    assert h.country_name(" KGZ ") == "Kyrgyzstan"
    one_line_error(h.country_name, "KZA", match=r"'KZA'.*did you mean KAZ \(Kazakhstan\)")
    one_line_error(h.country_name, "Kazakhstan", match="give the ISO code.*'KAZ'")
    one_line_error(h.country_name, 398, match="three-letter ISO code")
    one_line_error(h.country_name, "QQQ", match="no CPI score for the country code 'QQQ'")


def test_countries_scored_grows_over_time():
    counts = {y: h.countries_scored(y) for y in (1999, 2000, 2007, 2015, 2016, 2024)}
    assert counts == {1999: 98, 2000: 89, 2007: 180, 2015: 168, 2016: 176, 2024: 180}
    assert set(h.scored(2024).columns) == {"iso3", "country", "score"}


def test_cpi_series_keeps_the_scales_apart():
    new = h.cpi_series("KAZ").set_index("year")
    assert new.loc[2016, ["score", "rank", "countries", "sources", "standard_error"]].tolist() == [29, 131, 176, 9, 3.35]
    assert new.loc[2017, "published_rank"] == 122 and pd.isna(new.loc[2016, "published_rank"])
    old = h.cpi_series("KAZ", "0-10").set_index("year")
    assert old.loc[2000, ["score", "rank", "countries"]].tolist() == [3.0, 65, 89]
    assert "standard_error" not in old and old.index.max() == 2011  # 2012-2017 of the datahub file are not old-scale data
    one_line_error(h.cpi_series, "SSD", "0-10", match=r"South Sudan \(SSD\) has no score on the 0-10 scale.*0-100 scale in 2013-2024")
    one_line_error(h.cpi_series, "KAZ", "1-10", match="scale must be '0-100'")


def test_both_scales_for_plotting_side_by_side():
    both = h.both_scales("KAZ")
    assert len(both) == 26 and both.groupby("scale").size().to_dict() == {"0-10": 13, "0-100": 13}
    assert list(both.columns) == ["year", "scale", "score", "rank", "countries", "percentile"]
    assert both["year"].is_monotonic_increasing


def test_scale_break_refuses_two_years_on_one_scale():
    one_line_error(h.scale_break, 2012, 2013, match="0-10 scale .* 0-100 scale")
    assert h.scale_break(2010, 2012)["countries"] > 150


# --------------------------------------------------------------------------- positions
def test_position_in_2023():
    p = h.position("KAZ", 2023)
    assert (p.score, p.rank, p.published_rank, p.countries, p.tied, p.standard_error) == (39, 93, 93, 180, 3, 3.2)
    assert p.percentile == pytest.approx(100 * (180 - 92 - 3 - 1 + 1.5) / 179, abs=0.005) == 47.77  # 92 above, 3 tied


def test_percentile_of_the_top_and_bottom():
    top = h.scored(2024).sort_values("score").iloc[-1]["iso3"]
    bottom = h.scored(2024).sort_values("score").iloc[0]["iso3"]
    assert h.position(top, 2024).percentile == 100.0 and h.position(top, 2024).rank == 1
    assert h.position(bottom, 2024).percentile == 0.0


def test_position_errors():
    one_line_error(h.position, "KAZ", 1998, match=r"Kazakhstan \(KAZ\) was not scored in the CPI 1998.*1999")
    one_line_error(h.position, "KAZ", 2030, match="no edition for 2030")
    one_line_error(h.position, "XXX", 2020, match="'XXX'")


# --------------------------------------------------------------------------- differences
def test_change_with_its_interval():
    d = h.change("KAZ", 2022, 2023)
    assert (d.score_a, d.score_b, d.se_a, d.se_b, d.difference) == (36, 39, 3.29, 3.2, 3)
    assert d.se == pytest.approx(math.hypot(3.29, 3.2))
    assert round(d.z, 3) == 0.654 and not d.exceeds
    assert d.low == pytest.approx(3 - 1.959964 * d.se, abs=1e-4)
    at90 = h.change("KAZ", 2022, 2023, level=0.90)
    assert at90.high - at90.low < d.high - d.low


def test_change_errors():
    one_line_error(h.change, "KAZ", 2011, 2012, match="2011 is on the 0-10 scale and 2012 on the 0-100 scale")
    one_line_error(h.change, "KAZ", 2005, 2010, match="no standard errors")
    one_line_error(h.change, "KAZ", 2016, 2017, level=95, match="between 0 and 1")
    one_line_error(h.change, "KAZ", 1997, 2000, match="not scored in the CPI 1997")


def test_difference_between_countries():
    d = h.difference("KAZ", "BLR", 2023)
    assert d.difference == -2 and round(d.z, 2) == -0.43 and not d.exceeds
    d = h.difference("KAZ", "TKM", 2024)
    assert d.difference == -23 and d.exceeds


# --------------------------------------------------------------------------- best results
def test_best_to_date_2023_was_superseded_in_2024():
    b = h.best_to_date("KAZ", 2023)
    assert (b.is_best_to_date, b.previous_best, b.previous_best_year, b.first_year_at_or_above) == (True, 38, 2020, 2023)
    assert (b.superseded_in, b.still_holds, b.as_of) == (2024, False, 2024)
    now = h.best_to_date("KAZ", 2024)
    assert now.is_best_to_date and now.still_holds and now.superseded_in is None


def test_best_to_date_ties_and_falls():
    tie = h.best_to_date("KAZ", 2018)  # 31 again
    assert not tie.is_best_to_date and tie.equalled_before and tie.first_year_at_or_above == 2017
    low = h.best_to_date("KAZ", 2013)
    assert not low.is_best_to_date and low.earlier_years_higher == (2012,)
    old = h.best_to_date("KAZ", 2000)  # on the 0-10 scale the comparison stops in 2011
    assert old.is_best_to_date and old.still_holds and old.as_of == 2011
    one_line_error(h.best_to_date, "KAZ", 2017, by="rank", match="by must be 'score'")
    one_line_error(h.best_to_date, "KAZ", 1996, match="not scored in the CPI 1996")


# --------------------------------------------------------------------------- neighbours
def test_neighbours_default_is_document_004s_comparison():
    n = h.neighbours(2023)
    assert n["iso3"].tolist() == ["KAZ", "BLR", "UZB", "KGZ", "RUS", "AZE", "TJK", "TKM"]
    assert n.set_index("iso3").loc["UZB", ["score", "gap"]].tolist() == [33, -6]


def test_neighbours_on_the_old_scale_and_unscored_countries():
    n = h.neighbours(2000, h.CENTRAL_ASIA).set_index("iso3")
    assert n.loc["KAZ", "score"] == 3.0 and n.loc["UZB", "score"] == 2.4
    assert n.loc[["KGZ", "TJK", "TKM"], "score"].isna().all()  # not scored in 2000, kept visibly
    assert "z" not in n  # no standard errors on the 0-10 scale


def test_neighbours_adds_the_anchor_and_checks_codes():
    n = h.neighbours(2024, ["UZB"], anchor="kgz")
    assert set(n["iso3"]) == {"KGZ", "UZB"}
    one_line_error(h.neighbours, 2024, ["UZB", "TKX"], match="'TKX'")
    one_line_error(h.neighbours, 1990, match="no edition for 1990")


# --------------------------------------------------------------------------- sources
def test_standard_error_from_sources():
    assert h.standard_error_from_sources([20, 30, 40]) == pytest.approx(10 / math.sqrt(3))
    assert h.standard_error_from_sources([20, float("nan"), 40]) == pytest.approx(10.0)
    one_line_error(h.standard_error_from_sources, [31], match="at least two source scores, got 1")


def test_cpi_source_moves():
    m = h.cpi_source_moves()
    assert m["direction"].value_counts().to_dict() == {"up": 6, "down": 2, "unchanged": 1}
    assert m.iloc[0]["source"] == "IMD World Competitiveness Yearbook" and m.iloc[-1]["source"] == "World Economic Forum"
    assert m["score_2016"].mean() == pytest.approx(259 / 9)


# --------------------------------------------------------------------------- timeline
def test_timeline_by_kind_and_period():
    rounds = h.timeline("monitoring round")
    assert len(rounds) == 14 and rounds["year"].is_monotonic_increasing
    assert rounds.iloc[0]["id"] == "iap_round1.003a"
    laws_2015 = h.timeline("law", 2015, 2015)
    assert set(laws_2015["event_key"]) >= {"corruption_law", "civil_service_law_2015", "rewards_resolution", "public_councils_law"}
    assert len(h.timeline(["renaming", "institution"], 2018, 2024)) == 8
    both = h.timeline(start=2019, end=2019)  # periods that cover 2019
    assert set(both["event_key"]) == {"anticorruption_strategy", "strategy_stage2", "greco_accession_plan", "anticorruption_agency_name_change"}


def test_timeline_undated_and_documents():
    dated = h.timeline(document="001")
    with_undated = h.timeline(document=1, include_undated=True)
    assert len(with_undated) - len(dated) == 11 and with_undated["year"].isna().iloc[-1]
    assert set(h.timeline(document="004")["document"]) == {"004"}


def test_timeline_errors():
    one_line_error(h.timeline, "decree", match="unknown kind 'decree'; kinds are 'law'")
    one_line_error(h.timeline, start=2020, end=2010, match="starts after it ends: 2020 > 2010")
    one_line_error(h.timeline, "renaming", 1990, 2000, match="no timeline statements of kind 'renaming' between 1990 and 2000")
    one_line_error(h.timeline, document="002", match="no timeline statements from document '002'")
    one_line_error(h.timeline, start="soon", match="whole number")


def test_timeline_disagreements_columns():
    d = h.timeline_disagreements()
    assert list(d.columns) == ["event_key", "id_a", "date_a", "lines_a", "id_b", "date_b", "lines_b", "across_documents"]
    row = d[d["event_key"] == "iap_participation_start"].iloc[0]
    assert {row["date_a"], row["date_b"]} == {"since 2004", "since 2006"}


# --------------------------------------------------------------------------- informers, ratings, claims
def test_informer_rewards_table():
    r = h.informer_rewards()
    assert list(r["document"]) == ["001", "003", "003", "003"]
    assert r["amount_is_lower_bound"].tolist() == [True, False, False, False]
    assert r["average_kzt"].tolist() == [139037, 145946, 145946, 137168]


def test_rating_directions_follow_each_scale():
    d = h.rating_directions().set_index(["rating", "indicator"])
    trace = d.loc[("TRACE Matrix", "business interactions with government")]
    assert (trace["change"], trace["higher_is_better"], trace["direction"]) == (-17, False, "better")
    wef = d.loc[("WEF Global Competitiveness Index", "irregular payments and bribes")]
    assert (round(wef["change"], 2), wef["direction"]) == (-0.4, "worse")
    cpi = d.loc[("TI Corruption Perceptions Index", "score 2012-2024")]
    assert (cpi["first_value"], cpi["last_value"], cpi["direction"]) == (28, 40, "better")


def test_check_claims_by_account():
    state = h.check_claims("state")
    assert len(state) == 10 and set(state["document"]) == {"001"}
    assert set(state["verdict"]) <= set(h.VERDICTS)
    informers = state.set_index("claim_id").loc["s001_informers_2016"]
    assert informers["verdict"] == "contradicted" and "185 people" in informers["recomputed"]
    one_line_error(h.check_claims, "government", match="unknown account 'government'; accounts are 'academic'")


def test_check_claims_needs_a_check_per_claim(monkeypatch):
    checks = h._checks()
    checks.pop("s004_egdi_2022")
    monkeypatch.setattr(h, "_checks", lambda: checks)
    one_line_error(h.check_claims, match="no check written for claim.*s004_egdi_2022")


# --------------------------------------------------------------------------- one lookup: kzcourse.countries
def test_groups_come_from_the_cited_groups_table():
    from kzcourse import countries

    assert h.CENTRAL_ASIA == tuple(countries.members("central_asia")) == ("KAZ", "KGZ", "TJK", "TKM", "UZB")
    assert h.POST_SOVIET == tuple(countries.members("post_soviet")) and len(h.POST_SOVIET) == 15
    assert h.KAZ_NEIGHBOURS == ("CHN", "KGZ", "RUS", "TKM", "UZB")
    assert h.S004_COMPARISON == ("KAZ", "UZB", "KGZ", "TJK", "TKM", "AZE", "BLR", "RUS")  # document 004, line 13
    assert h.group("s004") == h.S004_COMPARISON
    one_line_error(h.group, "neighbors", match="Unknown country group 'neighbors'.*'s004'")
    with pytest.raises(AttributeError):
        h.NOT_A_GROUP  # noqa: B018


def test_names_come_from_kzcourse_countries():
    from kzcourse import countries

    for code in ("KAZ", "RUS", "MDA", "PRI", "PSE"):
        assert h.country_name(code) == countries.name(code)
    assert h.country_name("PRI") == "Puerto Rico"  # scored only in the old file
    # any spelling kzcourse.countries knows is answered with its code
    one_line_error(h.country_name, "Russian Federation", match="give the ISO code.*'RUS'")


def test_neighbours_takes_a_group_name():
    assert h.neighbours(2024, "central_asia")["iso3"].tolist() == h.neighbours(2024, h.CENTRAL_ASIA)["iso3"].tolist()
    assert len(h.neighbours(2024, "post_soviet")) == 15
    one_line_error(h.neighbours, 2024, "stans", match="Unknown country group 'stans'")


def test_positions_table_agrees_with_position():
    table = h.positions().set_index(["iso3", "year"])
    for code, year in (("KAZ", 2023), ("DNK", 2024), ("SSD", 2013), ("KAZ", 2016)):
        p = h.position(code, year)
        row = table.loc[(code, year)]
        assert (row["score"], row["rank"], row["tied"], row["countries"], row["percentile"]) == (
            p.score, p.rank, p.tied, p.countries, p.percentile)
    old = h.positions("0-10")
    assert old["year"].max() == 2011 and "standard_error" not in old
    assert old.groupby("year").size()[1999] == 98


def test_percentile_band_of_kazakhstan():
    """The score's 95% interval, read as positions among the others: the rank's uncertainty."""
    kaz = h.positions().query("iso3 == 'KAZ'").set_index("year")
    assert (kaz["pct_low"] < kaz["percentile"]).all() and (kaz["percentile"] < kaz["pct_high"]).all()
    row = kaz.loc[2024]
    assert row["low"] == pytest.approx(40 - 1.959964 * row["standard_error"], abs=1e-5)
    assert (row["pct_low"], row["pct_high"]) == (37.43, 64.25)
    at90 = h.positions(level=0.90).query("iso3 == 'KAZ' and year == 2024").iloc[0]
    assert row["pct_low"] < at90["pct_low"] < at90["pct_high"] < row["pct_high"]
    one_line_error(h.positions, level=95, match="between 0 and 1")

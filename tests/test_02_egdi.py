"""kzcourse.egov: Chapter 2's values (the EGDI rule, ranks, Kazakhstan's path, groups,
correlations, document 002 recomputed, Table 13.4.1) and its errors on bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from kzcourse import egov
from kzcourse.countries import CountryError
from kzcourse.egov import EgovError


# --------------------------------------------------------------------------- surveys and the rule


def test_surveys():
    assert egov.SURVEYS == (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022)
    assert egov.check_year("2022") == 2022


@pytest.mark.parametrize("bad", [2019, 2023, 1990, "2021"])
def test_year_without_a_survey(bad):
    with pytest.raises(EgovError, match=rf"^No UN e-government survey in {int(bad)}: the surveys are 2003, .* and 2022\.$"):
        egov.check_year(bad)


@pytest.mark.parametrize("bad", [2022.5, "twenty", None, True])
def test_year_that_is_not_a_whole_number(bad):
    with pytest.raises(EgovError, match="must be a whole number such as 2022"):
        egov.survey(bad)


def test_survey_status_reads_the_zeros():
    s2003 = egov.survey(2003).set_index("iso3")
    assert (s2003["status"].value_counts().to_dict()) == {"scored": 173, "zero_egdi": 18, "absent": 2}
    assert s2003.loc["UZB", "status"] == "zero_egdi" and s2003.loc["UZB", "egdi_rank"] == 174
    assert s2003.loc["SSD", "status"] == "absent" and pd.isna(s2003.loc["SSD", "egdi_rank"])
    assert egov.survey(2008).set_index("iso3").loc["MCO", "status"] == "zero_egdi"  # HCI missing
    assert set(egov.survey(2022)["status"]) == {"scored"}


def test_rebuild_summary():
    summary = egov.rebuild_summary().set_index("year")
    assert list(summary["rule"]) == ["equal"] * 3 + ["0.34/0.33/0.33"] * 2 + ["equal"] * 6
    # the survey's own rule reproduces every scored EGDI but two 2008 values (see errata)
    assert summary["beyond_rounding"].to_dict() == {y: (2 if y == 2008 else 0) for y in egov.SURVEYS}
    # the plain mean fails almost everywhere in 2008 and 2010, nowhere else
    assert summary.loc[2008, "beyond_rounding_mean"] == 179 and summary.loc[2010, "beyond_rounding_mean"] == 176
    assert summary.drop([2008, 2010])["beyond_rounding_mean"].eq(0).all()
    assert summary["zero_egdi"].tolist() == [18, 13, 12, 10, 9, 3, 0, 0, 0, 0, 0]
    assert round(summary.loc[2008, "max_abs_gap"], 4) == 0.0121  # Cameroon


def test_rebuild_kazakhstan_2010_needs_the_weights():
    kaz = egov.rebuild(2010).set_index("iso3").loc["KAZ"]
    assert kaz["egdi"] == 0.55782
    assert round(kaz["weighted"], 5) == 0.55782 and kaz["within_rounding"]
    assert round(kaz["mean"], 5) == 0.55813  # the plain mean misses by 0.0003


def test_fitted_weights_recover_the_rules():
    w2010 = egov.fitted_weights(2010)
    assert [round(w2010[c], 3) for c in egov.COMPONENTS] == [0.34, 0.33, 0.33]
    w2022 = egov.fitted_weights(2022)
    assert all(abs(w2022[c] - 1 / 3) < 1e-4 for c in egov.COMPONENTS)
    assert egov.weights(2008) == {"osi": 0.34, "hci": 0.33, "tii": 0.33}


def test_components_are_rescaled_from_0_to_1_since_2012():
    ranges = egov.component_ranges()
    recent = ranges[ranges["year"] >= 2012]
    assert (recent["min"] == 0).all() and (recent["max"] == 1).all()
    # before, only the OSI was rescaled so: the best TII of 2003 is 0.84563 (Sweden)
    tii2003 = ranges[(ranges["year"] == 2003) & (ranges["component"] == "tii")].iloc[0]
    assert (tii2003["max"], tii2003["at_max"]) == (0.84563, "SWE")
    osi2022 = ranges[(ranges["year"] == 2022) & (ranges["component"] == "osi")].iloc[0]
    assert osi2022["at_max"] == "EST"


# --------------------------------------------------------------------------- ranks


def test_rank_shares_ties_like_the_un():
    assert list(egov.rank([0.9, 0.8, 0.8, 0.7])) == [1, 2, 2, 4]
    assert egov.rank([0.5, None, 0.7]).isna().tolist() == [False, True, False]


def test_rank_check_2022_sweden_and_iceland():
    check = egov.rank_check(2022).set_index("iso3")
    assert check["agrees"].all() and len(check) == 193
    assert check.loc["SWE", "computed_rank"] == check.loc["ISL", "computed_rank"] == 5
    assert check.loc["AUS", "computed_rank"] == 7


def test_rank_summary_only_2020_disagrees():
    summary = egov.rank_summary().set_index("year")
    assert summary["disagreements"].to_dict() == {y: (4 if y == 2020 else 0) for y in egov.SURVEYS}
    assert summary["ranked"].tolist() == [191, 191, 191, 192, 192] + [193] * 6
    assert summary.loc[2003, "sharing_a_rank"] == 18  # the zero placeholders, all 174th
    bad = egov.rank_check(2020).query("~agrees")
    assert list(bad["iso3"]) == ["HUN", "MKD", "AND", "TLS"]


# --------------------------------------------------------------------------- Kazakhstan's path


def test_path_of_kazakhstan():
    p = egov.path("Kazakhstan").set_index("year")
    assert list(p.index) == list(egov.SURVEYS)
    assert p["egdi_rank"].tolist() == [83, 69, 65, 81, 46, 38, 28, 33, 39, 29, 28]
    assert p["ranked"].tolist() == [191, 191, 191, 192, 192] + [193] * 6
    assert p.loc[2022, ["egdi", "osi", "hci", "tii"]].tolist() == [0.8628, 0.9344, 0.9021, 0.752]
    assert p.loc[2003, "egdi"] == 0.38661
    assert (p["rebuilt_gap"].abs() <= egov.ROUNDING).all()
    # e-participation: 3rd of 193 in 2012 by the EGDI's tie rule (two countries at 1.0)
    assert p.loc[2012, "epart"] == 0.9474 and p.loc[2012, "epart_rank"] == 3


def test_change_2003_2022_led_by_online_services():
    m = egov.change("KAZ", 2003, 2022)
    assert round(m.egdi_change, 5) == 0.47619 and m.rank_gain == 55
    assert {c: round(v, 5) for c, v in m.changes.items()} == {"osi": 0.74663, "hci": -0.0079, "tii": 0.68994}
    assert m.largest == "osi"
    assert sum(m.contributions.values()) == pytest.approx(m.egdi_change, abs=egov.ROUNDING)
    assert round(m.contributions["osi"], 4) == 0.2489 and round(m.contributions["tii"], 4) == 0.23


def test_change_with_weighted_survey_adds_up():
    m = egov.change("KAZ", 2005, 2010)
    assert sum(m.contributions.values()) == pytest.approx(m.egdi_change, abs=egov.ROUNDING)
    assert m.rank_gain == 19


def test_moves_of_kazakhstan():
    mv = egov.moves("KAZ").set_index(["start", "end"])
    assert len(mv) == 10
    assert mv["largest"].tolist() == ["osi", "osi", "osi", "osi", "osi", "tii", "hci", "osi", "tii", "tii"]
    assert round(mv.loc[(2010, 2012), "osi_change"], 5) == 0.25733  # the biggest single jump
    assert round(mv.loc[(2012, 2014), "tii_change"], 5) == 0.21942
    assert mv["rank_gain"].tolist() == [14, 4, -16, 35, 8, 10, -5, -6, 10, 1]
    assert mv["osi_change"].idxmax() == (2010, 2012)


def test_change_errors():
    with pytest.raises(CountryError, match=r"Unknown country 'Kazakstan'\. Did you mean 'Kazakhstan'\?"):
        egov.change("Kazakstan", 2020, 2022)
    with pytest.raises(EgovError, match="No UN e-government survey in 2021"):
        egov.change("KAZ", 2021, 2022)
    with pytest.raises(EgovError, match="both 2022: choose two different surveys"):
        egov.change("KAZ", 2022, 2022)
    with pytest.raises(EgovError, match=r"South Sudan \(SSD\) has no EGDI in the 2010 survey"):
        egov.change("SSD", 2010, 2022)
    with pytest.raises(EgovError, match=r"Uzbekistan \(UZB\) has EGDI 0 in the 2003 survey: a placeholder"):
        egov.change("Uzbekistan", 2003, 2022)


def test_path_of_a_country_without_egdi():
    with pytest.raises(EgovError, match=r"Taiwan \(TWN\) has no EGDI in any UN survey"):
        egov.path("TWN")


# --------------------------------------------------------------------------- groups


def test_compare_cis_2022():
    table = egov.compare("cis", 2022)
    assert list(table["iso3"]) == ["KAZ", "RUS", "BLR", "ARM", "UZB", "MDA", "KGZ", "AZE", "TJK", "TKM"]
    assert list(table["rank_in_group"]) == list(range(1, 11))
    assert list(table["egdi_rank"])[:3] == [28, 42, 58]


def test_compare_neighbours_includes_kazakhstan():
    table = egov.compare("kaz_neighbours", 2022)
    assert list(table["iso3"]) == ["KAZ", "RUS", "CHN", "UZB", "KGZ", "TKM"]
    assert list(table["egdi"]) == [0.8628, 0.8162, 0.8119, 0.7265, 0.6977, 0.4808]
    alone = egov.compare("kaz_neighbours", 2022, include=())
    assert "KAZ" not in set(alone["iso3"]) and len(alone) == 5


def test_group_means_cis_2022():
    means = egov.group_means("cis", 2022).round(5)
    assert means.to_dict() == {"egdi": 0.70011, "osi": 0.63298, "hci": 0.82756, "tii": 0.63978}


def test_standing_of_kazakhstan():
    cis = egov.standing("cis").set_index("year")
    assert cis["rank_in_group"].tolist() == [3, 4, 3, 3, 1, 2, 2, 1, 3, 1, 1]
    assert cis["countries"].tolist() == [11] * 4 + [10] * 7  # Georgia until 2008
    assert cis.loc[2018, "leader"] == "RUS" and cis.loc[2008, "leader"] == "BLR"
    # the 2003 mean leaves out the placeholder zeros of Tajikistan and Uzbekistan
    assert round(cis.loc[2003, "group_mean_egdi"], 4) == 0.3714
    neighbours = egov.standing("kaz_neighbours").set_index("year")
    assert neighbours["rank_in_group"].tolist() == [3, 4, 3, 3, 1, 2, 2, 1, 2, 1, 1]
    assert set(neighbours.loc[neighbours["rank_in_group"] > 1, "leader"]) == {"RUS"}


def test_compare_keeps_placeholders_last():
    table = egov.compare("cis", 2003)
    assert list(table["status"].tail(2)) == ["zero_egdi", "zero_egdi"]
    assert list(table["rank_in_group"].tail(2)) == [10, 10] and len(table) == 11


def test_group_errors():
    with pytest.raises(CountryError, match="Unknown country group 'nato'"):
        egov.compare("nato", 2022)
    with pytest.raises(EgovError, match="No UN e-government survey in 2021"):
        egov.compare("cis", 2021)


# --------------------------------------------------------------------------- correlations


def test_correlations_all_countries_2022():
    c = egov.correlations(2022).round(3)
    assert (c.loc["osi", "hci"], c.loc["osi", "tii"], c.loc["hci", "tii"]) == (0.71, 0.784, 0.802)


def test_correlations_top_15_are_document_002_recomputed():
    c = egov.correlations(2022, top_n=15).round(3)
    assert (c.loc["osi", "hci"], c.loc["osi", "tii"], c.loc["hci", "tii"]) == (0.186, -0.215, 0.039)
    assert set(egov.top(2022, 15)["iso3"]) == set(egov.survey(2022).query("egdi_rank <= 15")["iso3"])


def test_restriction_of_range_2022():
    r = egov.restriction_of_range(2022, ns=(193, 100, 50, 15)).set_index("n").round(3)
    assert r["r_hci_tii"].tolist() == [0.802, 0.668, 0.382, 0.039]
    assert r["r_osi_tii"].tolist() == [0.784, 0.443, 0.231, -0.215]
    # the spread left among the leaders is a sixth of the spread among all countries
    assert r.loc[15, "sd_osi"] < r.loc[193, "sd_osi"] / 5
    assert r.loc[15, "lowest_egdi"] == 0.894
    # every correlation of all 193 is above every correlation of the top 15
    assert r.loc[193, ["r_osi_hci", "r_osi_tii", "r_hci_tii"]].min() > r.loc[15, ["r_osi_hci", "r_osi_tii", "r_hci_tii"]].max()


def test_top_breaks_a_tie_at_the_cut():
    top5 = egov.top(2022, 5)
    assert list(top5["iso3"]) == ["DNK", "FIN", "KOR", "NZL", "SWE"]  # Sweden's components sum higher than Iceland's


@pytest.mark.parametrize("n", [0, 1, 2])
def test_n_too_small_for_a_correlation(n):
    with pytest.raises(EgovError, match=rf"^N = {n} is too small for a correlation: it needs at least 3 countries\.$"):
        egov.correlations(2022, top_n=n)


def test_n_larger_than_the_survey():
    with pytest.raises(EgovError, match=r"^N = 250 but the 2022 survey scores only 193 countries\.$"):
        egov.correlations(2022, top_n=250)
    with pytest.raises(EgovError, match="N = 200 but the 2003 survey scores only 173 countries"):
        egov.restriction_of_range(2003, ns=(200,))


def test_n_not_a_number():
    with pytest.raises(EgovError, match="N must be a whole number of countries, not 'ten'"):
        egov.top(2022, "ten")


def test_restriction_of_range_rejects_small_n():
    with pytest.raises(EgovError, match="N = 2 is too small for a correlation"):
        egov.restriction_of_range(2022, ns=(193, 2))


# --------------------------------------------------------------------------- document 002


def test_s002_statistics_printed_beside_recomputed():
    s = egov.s002_statistics().set_index(["statistic", "of"])
    assert (s["from_table"] - s["from_un"]).abs().max() < 1e-12  # Table 1 is the UN's 2022 top 15
    assert s.loc[("mean", "osi"), "printed"] == 0.9317 and round(s.loc[("mean", "osi"), "from_table"], 4) == 0.9337
    assert round(s.loc[("sd_population", "tii"), "from_table"], 4) == 0.034
    assert round(s.loc[("sd_sample", "tii"), "from_table"], 4) == 0.0352 and s.loc[("sd_sample", "tii"), "printed"] == 0.0364
    assert round(s.loc[("r", "osi_tii"), "difference"], 3) == 0.897  # printed 0.682, real -0.215
    assert set(s["table"]) == {"Table 2", "Table 3"} and len(s) == 12
    # no printed statistic of Tables 2-3 is the recomputed one at the printed precision
    assert (s["difference"].abs() > 5e-5).all()


def test_s002_cis_statistics():
    s = egov.s002_cis_statistics().set_index("of")
    assert s.loc["egdi", "printed_table"] == s.loc["egdi", "printed_text"] == 0.70061
    assert round(s.loc["egdi", "from_table"], 5) == round(s.loc["egdi", "from_un"], 5) == 0.70011
    assert round(s.loc["tii", "difference_text"], 5) == -0.00685
    assert s.loc["osi", "printed_table"] == 0.632 and round(s.loc["osi", "from_un"], 5) == 0.63298


def test_source_claims():
    claims = egov.source_claims()
    assert len(claims) == 8
    wrong = claims[~claims["agrees"]]
    assert list(wrong["claim"]) == ["countries ranked (2016 survey)"]
    assert (wrong.iloc[0]["printed"], wrong.iloc[0]["un_value"]) == (174, 193)
    assert claims.set_index("claim").loc["EGDI rank (2016 survey)", "un_value"] == 33


# --------------------------------------------------------------------------- document 003, Table 13.4.1


def test_services_by_channel_shares():
    s = egov.services_by_channel().set_index(["channel", "year"]).round(1)
    assert s.loc[("egov_portal", 2014), "share_of_total"] == 28.5
    assert s.loc[("egov_portal", 2017), "share_of_total"] == 49.0
    assert s.loc[("paper_at_provider", 2017), "share_of_total"] == 27.9
    assert s.loc[("public_service_centres", 2017), "share_of_total"] == 23.1
    assert s.xs(2017, level="year")["share_of_parts"].sum() == pytest.approx(100, abs=0.05)


def test_services_checks():
    c = egov.services_checks().set_index("check")
    assert not c.loc["total 2014 = sum of channels", "equal"]
    assert c.loc["total 2014 = sum of channels", ["printed", "recomputed"]].tolist() == [139.1, 139.0]
    assert c.loc["total 2014 = sum of channels", "within_rounding"]
    assert c.loc["change total from the sum of channels, %", "recomputed"] == 18.2
    changes = c[c.index.str.startswith("change ") & ~c.index.str.contains("sum")]
    assert changes["equal"].all() and len(changes) == 4
    assert c["within_rounding"].all()


def test_services_vs_op_ed():
    v = egov.services_vs_op_ed().set_index("channel").round(1)
    assert v.loc["egov_portal", ["op_ed_percent", "table_2017_percent", "difference"]].tolist() == [47.0, 49.0, -2.0]
    assert v.loc["public_service_centres", "difference"] == 0.9
    assert not v.loc["paper_at_provider", "op_ed_printed"]


def test_restriction_of_range_default_starts_with_every_scored_country():
    assert egov.restriction_of_range(2022)["n"].tolist() == [193, 150, 100, 50, 30, 15, 10]
    early = egov.restriction_of_range(2003, ns=(None, 15))
    assert early["n"].tolist() == [173, 15]  # 18 placeholders and 2 absent rows left out
    assert round(early.loc[0, "r_osi_tii"], 3) == 0.697


# --------------------------------------------------------------------------- positions, random samples, income


def test_position_sets_the_hci_break_apart():
    p = egov.position("KAZ").set_index(["year", "component"])
    assert len(p) == 44 and set(p.index.get_level_values(1)) == {"egdi", "osi", "hci", "tii"}
    # the world's mean HCI fell by 0.14 from 2010 to 2014; Kazakhstan's standard score did not
    assert round(p.loc[(2010, "hci"), "mean"], 3) == 0.797 and round(p.loc[(2014, "hci"), "mean"], 3) == 0.657
    assert round(p.loc[(2010, "hci"), "z"], 2) == 0.97 and round(p.loc[(2014, "hci"), "z"], 2) == 1.03
    # places among the scored countries: online services from 96th of 173 to 8th of 193
    assert (p.loc[(2003, "osi"), "rank"], p.loc[(2003, "osi"), "scored"]) == (96, 173)
    assert (p.loc[(2022, "osi"), "rank"], p.loc[(2022, "tii"), "rank"], p.loc[(2022, "egdi"), "rank"]) == (8, 64, 28)
    with pytest.raises(EgovError, match=r"Taiwan \(TWN\) has no EGDI in any UN survey"):
        egov.position("TWN")


def test_random_correlations_are_reproducible_and_far_above_the_leaders():
    draws = egov.random_correlations(2022, size=15, draws=2_000, seed=7)
    again = egov.random_correlations(2022, size=15, draws=2_000, seed=7)
    assert draws.equals(again) and list(draws.columns) == ["r_osi_hci", "r_osi_tii", "r_hci_tii"]
    assert draws.shape == (2_000, 3) and draws.abs().le(1 + 1e-12).all().all()
    assert 0.75 < draws["r_osi_tii"].median() < 0.85
    # the leaders' -0.215 lies below the whole random distribution
    assert (draws["r_osi_tii"] <= -0.215).sum() == 0


@pytest.mark.parametrize("size, message", [
    (2, "N = 2 is too small for a correlation"),
    (194, "N = 194 but the 2022 survey scores only 193 countries"),
    ("15", "The sample size must be a whole number of countries"),
])
def test_random_correlations_errors(size, message):
    with pytest.raises(EgovError, match=message):
        egov.random_correlations(2022, size=size, draws=10)


def test_partial_correlations_hold_income_fixed():
    pc = egov.partial_correlations(2022).set_index("pair")
    assert list(pc.index) == ["osi_hci", "osi_tii", "hci_tii"] and (pc["n"] == 185).all()
    assert pc["r"].round(3).tolist() == [0.715, 0.773, 0.808]
    assert pc["r_given_income"].round(3).tolist() == [0.394, 0.525, 0.37]
    assert (pc["ci_low"] < pc["r_given_income"]).all() and (pc["r_given_income"] < pc["ci_high"]).all()
    assert pc.loc["hci_tii", ["r_a_income", "r_b_income"]].round(3).tolist() == [0.823, 0.845]


def test_reads_are_cached_per_file_version():
    first, second = egov.survey(2022), egov.survey(2022)
    first.loc[first.index[0], "egdi"] = -1  # a caller's change does not leak into the next read
    assert second.loc[second.index[0], "egdi"] != -1 and egov.survey(2022).iloc[0]["egdi"] > 0


# --------------------------------------------------------------------------- the explorer (widget and twin)


from kzcourse import egov_explorer as ex  # noqa: E402


def test_set_members_follow_the_cited_groups():
    assert ex.set_members("neighbours", 2022) == ["KAZ", "CHN", "KGZ", "RUS", "TKM", "UZB"]
    assert "GEO" in ex.set_members("cis", 2008) and "GEO" not in ex.set_members("cis", 2010)
    assert ex.set_members("ca_caucasus", 2022)[-3:] == ["ARM", "AZE", "GEO"]
    with pytest.raises(EgovError, match="Unknown set 'nato'"):
        ex.set_members("nato", 2022)


def test_group_view_values_and_message():
    view = ex.group_view(ex.set_members("cis", 2022), 2022, "the CIS")
    assert view.ok and list(view.rows["iso3"])[:3] == ["KAZ", "RUS", "BLR"]
    assert view.message == ("2022, the CIS: 10 countries with an EGDI. Highest: Kazakhstan, 0.8628 (ranked 28 of 193); "
                            "lowest: Turkmenistan, 0.4808 (ranked 137).")


@pytest.mark.parametrize("members, year, expected", [
    ([], 2022, "Pick at least one country in the list (Ctrl- or Cmd-click adds more)."),
    (["UZB", "TJK"], 2003, "No EGDI in 2003 for Uzbekistan, Tajikistan: the early files give such countries a placeholder 0"),
    (["Kazakstan"], 2022, "Unknown country 'Kazakstan'. Did you mean 'Kazakhstan'?"),
    (["KAZ"], 2021, "No UN e-government survey in 2021"),
])
def test_group_view_says_why_it_shows_nothing(members, year, expected):
    view = ex.group_view(members, year)
    assert not view.ok and view.message.startswith(expected) and "\n" not in view.message


def test_group_view_names_the_unscored():
    view = ex.group_view(ex.set_members("cis", 2003), 2003, "the CIS")
    assert len(view.rows) == 9 and view.message.endswith("No EGDI that year for Tajikistan, Uzbekistan.")


def test_trajectory_breaks_at_placeholders():
    path = ex.trajectory(["KAZ", "UZB"], "egdi_rank")
    assert list(path.columns) == ["Kazakhstan", "Uzbekistan"] and list(path.index) == list(egov.SURVEYS)
    assert path.loc[2003, "Kazakhstan"] == 83 and pd.isna(path.loc[2003, "Uzbekistan"])
    with pytest.raises(EgovError, match="Unknown measure 'gdp'"):
        ex.trajectory(["KAZ"], "gdp")


def test_correlation_view_and_curve():
    view = ex.correlation_view(2022, 15)
    assert view.ok and round(view.matrix.loc["osi", "tii"], 3) == -0.215 and view.lowest_egdi == 0.8943
    assert view.message.startswith("2022, the top 15 (EGDI 0.8943 and above): r(OSI, HCI) = 0.19, r(OSI, TII) = \u22120.21")
    assert view.message.endswith("Among all 193: 0.71, 0.78, 0.80.")
    curve = ex.correlation_curve(2022)
    assert curve["n"].iloc[0] == 5 and curve["n"].iloc[-1] == 193 and (curve["n"].diff().dropna() > 0).all()
    assert curve.set_index("n").loc[15, "r_osi_tii"] == pytest.approx(-0.2148, abs=1e-4)


@pytest.mark.parametrize("year, n, expected", [
    (2022, 2, "N = 2 is too small for a correlation: it needs at least 3 countries."),
    (2022, 300, "N = 300 but the 2022 survey scores only 193 countries."),
    (2021, 15, "No UN e-government survey in 2021"),
    (2022, "ten", "N must be a whole number of countries, not 'ten'."),
])
def test_correlation_view_says_why_not(year, n, expected):
    view = ex.correlation_view(year, n)
    assert not view.ok and view.message.startswith(expected) and "\n" not in view.message


def test_widget_answers_and_reports_bad_choices():
    box = ex.widget()
    first, second = box.children
    (set_w, year_w, measure_w), pick_w = first.children[1].children[0].children, first.children[1].children[1]
    readout = first.children[2]
    assert "2022, the CIS: 10 countries" in readout.value
    set_w.value = "central_asia"
    assert "2022, Central Asia: 5 countries" in readout.value and set(pick_w.value) == set(ex.set_members("central_asia", 2022))
    pick_w.value = ()  # an empty custom pick
    assert set_w.value == ex.CUSTOM and "Pick at least one country" in readout.value
    pick_w.value = ("UZB",)
    year_w.value = 2003
    assert "No EGDI in 2003 for Uzbekistan" in readout.value
    c_year_w, n_w = second.children[1].children
    c_readout = second.children[2]
    assert "all 193 scored countries" in c_readout.value
    n_w.value = 15
    assert "the top 15 (EGDI 0.8943 and above)" in c_readout.value
    c_year_w.value = 2003  # a survey with fewer scored countries: the slider's maximum follows
    assert n_w.max == 173 and "2003, the top 15" in c_readout.value


def test_twin_html_contract():
    import json
    import re

    html_text = ex.twin(figure_id="egdi").to_html()
    figures = re.findall(r'class="kz-interactive" data-kz-figure="([a-z-]+)"', html_text)
    assert figures == ["egdi-countries", "egdi-correlations"]
    controls = re.findall(r'data-kz-control="(\w+)"', html_text)
    assert controls == ["set", "year", "measure", "pick", "year", "n"]
    specs = [json.loads(s) for s in re.findall(r'<script type="application/json" class="kz-spec">(.*?)</script>', html_text, re.S)]
    group, corr = specs
    assert group["kind"] == "group" and len(group["countries"]) == 193 and group["scale"] == 10_000
    assert group["countries"]["KAZ"]["v"][-1] == [8628, 9344, 9021, 7520, 28]
    assert group["countries"]["UZB"]["v"][0] is None  # the 2003 placeholder is not shipped as a score
    assert group["sets"]["cis"]["members"]["2008"][-1] == "GEO"
    assert corr["kind"] == "correlation" and corr["curves"]["2022"]["n"][-1] == 193
    assert corr["curves"]["2022"]["osi_tii"][corr["curves"]["2022"]["n"].index(15)] == -0.2148
    alts = re.findall(r'<noscript><img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html_text)
    assert len(alts) == 2 and "Highest: Kazakhstan, 0.8628" in alts[0] and "r(OSI, TII) = 0.78" in alts[1]
    assert re.findall(r"https?://", html_text) == [], "the twin must load nothing from other hosts"
    assert 'window.kzFigures["egdi-countries"]' in html_text and 'window.kzFigures["egdi-correlations"]' in html_text
    assert len(html_text) < 200_000, "the twin should stay light"


def test_explore_chooses_the_face(monkeypatch):
    import ipywidgets

    from kzcourse import explore

    monkeypatch.delenv(explore.BOOK_ENV, raising=False)
    assert isinstance(explore.egdi_explorer(), ipywidgets.VBox)
    monkeypatch.setenv(explore.BOOK_ENV, "1")
    assert "kz-interactive" in explore.egdi_explorer()._repr_html_()


# --------------------------------------------------------------------------- the chapter, run as a reader would

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from chapter_support import ROOT, ChapterFailed, eval_names, run_chapter  # noqa: E402

CHAPTER = ROOT / "chapters" / "02_egdi.md"


@pytest.fixture(scope="module")
def numbers() -> dict:
    return run_chapter(CHAPTER)


@pytest.mark.slow
def test_every_number_the_prose_asks_for_is_computed_and_every_computed_one_is_used(numbers):
    asked = eval_names(CHAPTER)
    assert asked - set(numbers) == set(), "the prose quotes names no cell computes"
    assert set(numbers) - asked == set(), "cells compute numbers the prose never shows"


@pytest.mark.slow
def test_chapter_measurement_and_path(numbers):
    assert (numbers["n_surveys"], numbers["ranked_first"], numbers["ranked_last"], numbers["rescaled_from"]) == (11, 191, 193, 2012)
    assert (numbers["n_placeholder"], numbers["n_absent"], numbers["n_mean_off"], numbers["n_rule_off"]) == (65, 8, 355, 2)
    assert (numbers["w_osi"], numbers["w_hci"], numbers["w_tii"]) == pytest.approx((0.34, 0.33, 0.33), abs=5e-4)
    assert numbers["hci_world_2010"] - numbers["hci_world_2014"] > 0.1
    assert (numbers["kaz_rank_2003"], numbers["kaz_rank_2022"], numbers["kaz_ranked_2003"]) == (83, 28, 191)
    assert numbers["contrib_osi"] == pytest.approx(0.2489, abs=1e-4) and numbers["contrib_tii"] == pytest.approx(0.23, abs=1e-4)
    assert (numbers["place_osi_2003"], numbers["place_osi_2022"]) == (96, 8)
    assert (numbers["fall_from"], numbers["fall_to"], numbers["fall_rank_from"], numbers["fall_rank_to"]) == (2016, 2018, 33, 39)
    assert (numbers["n_cis_first"], numbers["cis_first_years"], numbers["n_russia_led"]) == (4, "2010, 2016, 2020 and 2022", 6)
    assert (numbers["n_claims"], numbers["n_claims_ok"], numbers["un_2016_ranked"]) == (8, 7, 193)


@pytest.mark.slow
def test_chapter_document_002_and_restriction_of_range(numbers):
    assert numbers["n_t1_values"] == 45 and numbers["max_t1_diff"] == 0
    assert (numbers["t2_mean_tii"], numbers["re_mean_tii"]) == pytest.approx((0.9215, 0.9247), abs=5e-5)
    assert (numbers["t3_osi_tii"], numbers["r15_osi_tii"]) == pytest.approx((0.682, -0.2148), abs=1e-4)
    assert numbers["r15_osi_tii_low"] < 0 < numbers["r15_osi_tii_high"] < numbers["t3_osi_tii"]
    assert numbers["re_cis_egdi"] == pytest.approx(0.70011, abs=1e-5) and numbers["t4_egdi"] == 0.70061
    assert (numbers["rall_osi_hci"], numbers["rall_osi_tii"], numbers["rall_hci_tii"]) == pytest.approx((0.710, 0.784, 0.802), abs=1e-3)
    assert numbers["lowest_top15"] == 0.8943 and numbers["max_below"] <= 20
    assert abs(numbers["r_osi_rest_15"]) < 0.01 and numbers["r_osi_rest_all"] == pytest.approx(0.79, abs=0.01)
    assert numbers["fit15_r2"] == pytest.approx(0.084, abs=1e-3)
    assert numbers["pc_hci_tii"] == pytest.approx(0.37, abs=1e-2) and numbers["partial_n"] == 185


@pytest.mark.slow
def test_chapter_services(numbers):
    assert (numbers["portal_2014"], numbers["portal_2017"]) == pytest.approx((28.47, 49.0), abs=0.01)
    assert (numbers["parts_2014"], numbers["total_2014"], numbers["change_from_parts"]) == pytest.approx((139.0, 139.1, 18.2))
    assert (numbers["oped_portal"], numbers["oped_centres"], numbers["oped_rest"]) == (47, 24, 29)
    assert numbers["max_oped_gap"] == pytest.approx(1.996, abs=1e-3)


def _copy_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("derived", ".datapackage.lock"))
    return data


def _refresh(data):
    env = {"KZCOURSE_DATA": str(data), "PATH": str(ROOT / ".venv" / "bin")}
    for args in (["kzcourse.tools.datapackage", "refresh"], ["kzcourse.derive"], ["kzcourse.tools.datapackage", "refresh"]):
        result = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_the_claim_about_the_op_ed_breaks_the_page_when_the_data_stop_supporting_it(tmp_path):
    """Had the op-ed said 40 per cent of services were electronic, the chapter's sentence that its
    shares lie within two points of Table 13.4.1's would be false: the page must stop."""
    data = _copy_data(tmp_path)
    path = data / "extracted" / "s001_figures.csv"
    text = path.read_text(encoding="utf-8")
    old = "e_services_share,public services,47 percent,47,"
    assert old in text
    path.write_text(text.replace(old, "e_services_share,public services,40 percent,40,"), encoding="utf-8")
    _refresh(data)
    with pytest.raises(ChapterFailed) as failure:
        run_chapter(CHAPTER, data_dir=data)
    assert failure.value.name == "AssertionError"
    assert "the op-ed's shares are within two points of the table's" in failure.value.value


# --------------------------------------------------------------------------- in JupyterLab and in the built book


@pytest.mark.browser
def test_chapter_2_in_jupyterlab_reads_as_in_the_book_and_saving_changes_nothing(lab):
    from lab_support import open_notebook, read_chapter, save

    path = lab[0] / "chapters" / "02_egdi.md"
    before = path.read_bytes()
    context, page, errors = open_notebook(lab, "chapters/02_egdi.md")
    try:
        read_chapter(page, expect=["83rd of 191 countries", "\u22120.215", "0.70011", "ranked 28 of 193"])
        # The live widget answers: pick Central Asia, then narrow the correlations to the top few.
        countries_w = page.locator(".widget-dropdown").filter(has=page.locator("label.widget-label", has_text="Countries"))
        countries_w.locator("select").select_option(label="Central Asia")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('2022, Central Asia: 5 countries'))",
            timeout=30_000,
        )
        handle = page.locator(".widget-slider .ui-slider-handle, .widget-slider .noUi-handle").first
        handle.focus()
        page.keyboard.press("Home")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('the top 3 (EGDI'))",
            timeout=30_000,
        )
        save(page)
    finally:
        context.close()
    assert not errors, errors
    assert path.read_bytes() == before, "saving the chapter in JupyterLab rewrote the file"


@pytest.mark.browser
def test_chapter_2_twin_in_the_built_book_answers_every_control_offline(built_book, browser):
    """The book's twin, served from 127.0.0.1 with every other host cut off: each control moves
    the figure (kzFigureState), the readouts follow, and nothing logs an error."""
    import json

    from browser_support import visit
    from kzcourse.tools.serve import serve

    steps = [
        ("egdi-countries", "set", "select", "central_asia", lambda s: s["set"] == "central_asia" and s["shown"][0] == "KAZ"),
        ("egdi-countries", "year", "select", "2003", lambda s: s["year"] == 2003 and s["unscored"] == ["Tajikistan", "Uzbekistan"]
         and s["message"].endswith("No EGDI that year for Tajikistan, Uzbekistan.")),
        ("egdi-countries", "measure", "select", "egdi_rank", lambda s: s["measure"] == "egdi_rank"),
        ("egdi-countries", "pick", "select", ["KAZ", "EST"], lambda s: s["set"] == "custom" and s["shown"] == ["EST", "KAZ"]),
        ("egdi-correlations", "year", "select", "2012", lambda s: s["year"] == 2012 and s["n"] == s["all"] == 190),
        ("egdi-correlations", "n", "range", "2", lambda s: s["n"] == 15 and s["r"]["osi_tii"] < 0.5),
    ]
    with serve(built_book) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            loaded = visit(context, base, "chapters/02_egdi.html", built_book)
            page = loaded.page
            assert loaded.rendered.get("plotly"), "Plotly did not draw the page's figures"
            start = page.evaluate("id => kzFigureState(id)", "egdi-countries")
            assert start["set"] == "cis" and start["year"] == 2022 and start["shown"][0] == "KAZ"
            for fid, control, kind, value, check in steps:
                selector = f'[data-kz-figure="{fid}"] [data-kz-control="{control}"]'
                before = json.dumps(page.evaluate("id => kzFigureState(id)", fid), sort_keys=True)
                if kind == "select":
                    page.select_option(selector, value)
                else:  # a range input: set the step and fire 'input', as dragging the slider does
                    page.eval_on_selector(
                        selector, "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", value)
                page.wait_for_function("([id, b]) => JSON.stringify(kzFigureState(id)) !== b", arg=[fid, before], timeout=5000)
                state = page.evaluate("id => kzFigureState(id)", fid)
                assert check(state), f"{fid}/{control} = {value!r}: {state}"
            # the matrix beside the curve shows the state's r(OSI, TII), with a typographic minus if negative
            r = page.evaluate("id => kzFigureState(id)", "egdi-correlations")["r"]["osi_tii"]
            cell = page.locator('[data-kz-figure="egdi-correlations"] [data-kz-cell="02"]').inner_text()
            assert cell == f"{r:.2f}".replace("-", "\u2212")
            # an empty custom pick gives the one-line message, not an error
            pick = '[data-kz-figure="egdi-countries"] [data-kz-control="pick"]'
            page.eval_on_selector(pick, "el => { [...el.options].forEach(o => o.selected = false); "
                                        "el.dispatchEvent(new Event('change', {bubbles: true})); }")
            state = page.evaluate("id => kzFigureState(id)", "egdi-countries")
            assert state["message"] == "Pick at least one country in the list (Ctrl- or Cmd-click adds more)."
            assert page.locator('[data-kz-figure="egdi-countries"] .kz-readout').inner_text() == state["message"]
            problems = loaded.problems()
            assert not problems, problems
        finally:
            context.close()

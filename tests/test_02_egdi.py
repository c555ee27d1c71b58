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

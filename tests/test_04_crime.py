"""Unit tests of kzcourse.crime, the shaping and statistics of Chapter 4 (crime statistics).

The values asserted are the report's own (doc 003, Tables 3.1.1-3.3.3, 6.3.1-6.3.2, 8.1.1)
and the World Bank's population, so a change in the data or in a function breaks a test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kzcourse import crime
from kzcourse.crime import CrimeError

PRINTED_REGISTERED_TOTAL = [2483, 2467, 2090, 2145, 2087, 2411, 2127, 3337, 2928, 2474]


# --------------------------------------------------------------------------- selections
@pytest.mark.parametrize("spelling", ["receipt_of_bribes", "311", 311, "366", 366, 366.0, "Article 366", "art. 311", " Receipt of bribes ", "RECEIPT OF BRIBES"])
def test_resolve_every_spelling_of_one_offence(spelling):
    assert crime.resolve(spelling) == ["receipt_of_bribes"]


def test_resolve_old_article_with_suffix():
    assert crime.resolve("310-1") == crime.resolve(365) == ["impeding_business"]


def test_groups_partition_the_eleven_offences():
    parts = [crime.resolve(g) for g in ("abuse", "business", "bribery", "duty")]
    assert sum(parts, []) == list(crime.OFFENCES)
    assert crime.resolve("all") == list(crime.OFFENCES) and len(crime.OFFENCES) == 11
    assert crime.resolve("bribery") == ["receipt_of_bribes", "giving_bribes", "mediation_in_bribery"]


def test_resolve_list_keeps_table_order_once():
    assert crime.resolve(["negligence", "bribery", "312", 366]) == [
        "receipt_of_bribes", "giving_bribes", "mediation_in_bribery", "negligence"]


@pytest.mark.parametrize(
    "bad, words",
    [
        ("999", "unknown article or group '999'"),
        ("bribes", "unknown article or group 'bribes'"),
        (None, "unknown article or group None"),
        (True, "unknown article or group True"),
        (3.5, "unknown article or group 3.5"),
        ([], "empty selection"),
        ((), "empty selection"),
    ],
)
def test_resolve_bad_selection_is_one_clear_line(bad, words):
    with pytest.raises(CrimeError) as err:
        crime.resolve(bad)
    message = str(err.value)
    assert message.startswith(words) and "\n" not in message
    if "unknown" in words:
        assert "307-316, 310-1" in message and "361-371" in message and "bribery" in message


def test_label():
    assert crime.label("366") == "Receipt of bribes"
    assert crime.label("bribery") == "bribery (311-313 / 366-368)"
    assert crime.label(["307", "311"]) == "Abuse of authority + Receipt of bribes"


# --------------------------------------------------------------------------- the crosswalk
def test_crosswalk_table():
    cw = crime.crosswalk()
    assert list(cw.index) == list(crime.OFFENCES)
    assert cw.loc["abuse_of_authority", ["article_old_cc", "article_new_cc"]].tolist() == ["307", "361"]
    assert cw.loc["negligence", ["article_old_cc", "article_new_cc"]].tolist() == ["316", "371"]


@pytest.mark.parametrize(
    "offence, year, article",
    [("abuse_of_authority", 2014, "307"), ("abuse_of_authority", 2015, "361"), ("310-1", 2014, "310-1"),
     ("310-1", 2015, "365"), (366, 2008, "311"), ("311", "2017", "366")],
)
def test_article_in_force(offence, year, article):
    assert crime.article_in_force(offence, year) == article


def test_article_in_force_needs_one_offence_and_a_year():
    with pytest.raises(CrimeError, match="names 3 offences"):
        crime.article_in_force("bribery", 2015)
    with pytest.raises(CrimeError, match="not a year"):
        crime.article_in_force("311", "next year")
    with pytest.raises(CrimeError, match="not a whole year"):
        crime.article_in_force("311", 2014.5)


def test_apply_crosswalk_names_the_article_of_each_year():
    frame = pd.DataFrame({"offence_key": ["official_forgery"] * 2 + ["total_corruption_offences"], "year": [2014, 2015, 2015]})
    out = crime.apply_crosswalk(frame)
    assert out["article"].tolist()[:2] == ["314", "369"]
    assert out["criminal_code"].tolist() == ["old_1997", "new_2014", "new_2014"]
    assert out["article"].isna().tolist() == [False, False, True]  # a printed total has no article
    assert "article" not in frame.columns  # the input is not changed


def test_apply_crosswalk_names_missing_columns():
    with pytest.raises(CrimeError, match=r"needs column\(s\) \['year'\]"):
        crime.apply_crosswalk(pd.DataFrame({"offence_key": ["negligence"]}))


# --------------------------------------------------------------------------- series and totals
def test_series_long_form_crosses_2015_with_its_articles():
    long = crime.series("366", "registered")
    assert list(long.columns) == ["offence_key", "label", "year", "article", "criminal_code", "measure", "value", "unit"]
    assert long.year.tolist() == list(crime.YEARS)
    assert long.value.tolist() == [290, 344, 344, 388, 418, 316, 259, 551, 694, 812]
    assert set(long[long.year <= 2014].article) == {"311"} and set(long[long.year >= 2015].article) == {"366"}


def test_series_several_offences_in_table_order():
    long = crime.series(["negligence", "307"], "tried")
    assert long.offence_key.unique().tolist() == ["abuse_of_authority", "negligence"]
    assert long.set_index(["offence_key", "year"]).value[("negligence", 2012)] == 25


def test_series_damage_keeps_blank_cells_blank():
    long = crime.series("giving_bribes", "damage").set_index("year").value
    assert long[2010] == 4395 and long.loc[2012:2014].isna().all() and long[2017] == 1128856


def test_series_persons_only_for_all_offences():
    persons = crime.series("all", "charged")
    assert persons.value.tolist() == [831, 1092, 957, 715, 510, 800, 662, 724, 803, 913]
    with pytest.raises(CrimeError, match="not by article: choose 'all'"):
        crime.series("bribery", "persons")


def test_total_of_all_equals_the_printed_total():
    assert crime.total("all", "registered").tolist() == PRINTED_REGISTERED_TOTAL
    assert crime.total("all", "tried").tolist() == [1794, 1775, 1783, 1619, 1015, 1630, 1256, 1200, 1693, 1574]
    damage = crime.total("all", "damage")
    assert damage[2013] == 80142262 and damage[2017] == 9482993  # the printed totals


def test_total_of_a_group_and_of_an_article_not_yet_in_the_code():
    bribery = crime.total("bribery", "registered")
    assert (bribery[2008], bribery[2017]) == (553, 1245)
    impeding = crime.total("310-1", "registered")
    assert impeding.loc[2008:2011].isna().all() and impeding[2015] == 12
    # in a group the '-' counts as 0, as the printed totals count it
    assert crime.total("business", "registered")[2008] == 8


def test_total_damage_of_a_group_is_unknown_where_a_cell_is_blank():
    damage = crime.total("bribery", "damage")
    assert damage.loc[2012:2014].isna().all()
    assert damage[2008] == 24008 + 4467 + 12
    assert crime.total("307", "damage")[2013] == 79951049


def test_total_carries_label_unit_and_source():
    values = crime.total("bribery", "tried")
    assert values.attrs == {"label": "offences tried in court: bribery (311-313 / 366-368)", "unit": "offences", "source": "doc 003, Table 3.1.2"}
    assert values.index.name == "year"


def test_unknown_measure():
    with pytest.raises(CrimeError, match="unknown measure 'convicted': choose one of registered, tried, damage"):
        crime.total("all", "convicted")


# --------------------------------------------------------------------------- shares, ratios, rates
def test_all_crime():
    assert crime.all_crime("registered")[2008] == 127478
    assert crime.all_crime("tried")[2017] == 73794
    assert crime.all_crime("damage")[2016] == 382506448
    with pytest.raises(CrimeError, match="no count of all crime"):
        crime.all_crime("persons")


def test_share_of_all_crime_recomputes_the_printed_share():
    share = crime.share_of_all_crime("all", "registered")
    printed = [1.95, 2.03, 1.58, 1.04, 0.73, 0.67, 0.62, 0.86, 0.81, 0.78]
    assert np.allclose(share.round(2).tolist(), printed)
    assert round(crime.share_of_all_crime("all", "tried")[2010], 2) == 2.56
    assert round(crime.share_of_all_crime("all", "damage")[2008], 2) == 31.44
    assert round(crime.share_of_all_crime("bribery")[2017], 3) == 0.393


def test_tried_to_registered():
    ratio = crime.tried_to_registered()
    assert round(ratio[2010], 1) == 85.3 and round(ratio[2015], 1) == 36.0
    assert round(crime.tried_to_registered("receipt_of_bribes")[2010], 1) == 101.2  # court lags registration


def test_tried_to_registered_zero_denominator():
    with pytest.raises(CrimeError) as err:
        crime.tried_to_registered("309")
    message = str(err.value)
    assert message.startswith("zero denominator: the number of registered offences (Receipt of officer authority) is 0 in 2008, 2009, 2010, 2012, 2014, 2015")
    assert "\n" not in message
    lenient = crime.tried_to_registered("309", on_zero="nan")
    assert lenient.isna().sum() == 6 and lenient[2013] == 50.0
    with pytest.raises(CrimeError, match="on_zero must be"):
        crime.tried_to_registered("all", on_zero="zero")


def test_population_and_rates():
    people = crime.population()
    assert people[2008] == 16426525 and people[2017] == 18651931
    rate = crime.rate_per_100k("all", "registered")
    assert round(rate[2008], 2) == 15.12 and round(rate[2015], 2) == 18.45 and round(rate[2017], 2) == 13.26
    # the count is flat (-0.4%) but the rate falls by 12.3%: the population grew 13.5%
    assert round(crime.growth(rate, 2008, 2017), 1) == -12.3
    assert round(crime.growth(people, 2008, 2017), 1) == 13.5
    assert round(crime.rate_per_100k("all", "charged")[2017], 2) == 4.89


def test_rate_errors():
    with pytest.raises(CrimeError, match="damage is an amount of money"):
        crime.rate_per_100k("all", "damage")
    with pytest.raises(CrimeError, match="no population for 'XXX'"):
        crime.population("XXX")


# --------------------------------------------------------------------------- change
def test_change_growth_and_fold():
    total = crime.total("all", "registered")
    step = crime.change(total)
    assert (step.start_year, step.end_year, step.start, step.end) == (2008, 2017, 2483, 2474)
    assert round(step.percent, 2) == -0.36 and step.difference == -9
    share = crime.share_of_all_crime()
    assert round(crime.fold(share, 2017, 2008), 2) == 2.49  # 'almost three-fold'
    damage = crime.total("all", "damage")
    assert round(crime.fold(damage, 2014, 2013), 1) == 76.4  # the text's '80-fold'


def test_fold_range():
    ratio, high, low = crime.fold_range(crime.share_of_all_crime())
    assert (high, low) == (2009, 2014) and round(ratio, 2) == 3.25
    with pytest.raises(CrimeError, match="smallest value"):
        crime.fold_range(crime.total("309"))


def test_change_errors_are_one_line():
    total = crime.total("309")
    with pytest.raises(CrimeError, match="zero denominator: the value in 2008 is 0"):
        crime.change(total, 2008, 2017)
    with pytest.raises(CrimeError, match=r"year 2030 is not in the series \(2008-2017\)"):
        crime.change(crime.total(), 2008, 2030)
    with pytest.raises(CrimeError, match="no value for 2008"):
        crime.change(crime.total("310-1"), 2008, 2017)
    with pytest.raises(CrimeError, match="empty series"):
        crime.change(pd.Series([], dtype=float))
    with pytest.raises(CrimeError, match="needs a pandas Series"):
        crime.change([1, 2])


def test_year_on_year_and_the_2015_break():
    yoy = crime.year_on_year(crime.total())
    assert math.isnan(yoy[2008]) and round(yoy[2015], 2) == 56.89
    effect = crime.code_change_effect("all", "registered")
    assert round(effect.jump_percent, 1) == 56.9 and effect.largest_other_year == 2013
    assert round(effect.largest_other_percent, 1) == 15.5 and effect.jump_is_largest
    assert round(effect.mean_before, 1) == 2258.6 and effect.mean_after == 2913.0
    bribery = crime.code_change_effect("bribery")
    assert round(bribery.jump_percent, 1) == 90.4 and bribery.jump_is_largest
    duty = crime.code_change_effect("duty")  # forgery halves in 2015 but falls further in 2017
    assert round(duty.jump_percent, 1) == -20.9 and not duty.jump_is_largest and duty.largest_other_year == 2017


def test_code_change_effect_needs_both_years():
    with pytest.raises(CrimeError, match="no values for both 2014 and 2015"):
        crime.code_change_effect("bribery", "damage")  # bribery damage is blank in 2012-2014


def test_summary_lines():
    assert crime.summary(crime.total("bribery")) == (
        "registered offences: bribery (311-313 / 366-368): 553 (2008) to 1,245 (2017) offences, "
        "+125.1%, 2.25-fold; peak 1,245 (2017)")
    assert crime.summary(crime.share_of_all_crime()) == (
        "share of all registered offences: all corruption offences: 1.95% (2008) to 0.78% (2017), "
        "-1.17 points, down 2.49-fold; peak 2.03% (2009)")
    assert crime.summary(crime.total(), 2014, 2015).endswith("2,127 (2014) to 3,337 (2015) offences, +56.9%, 1.57-fold; peak 3,337 (2015)")
    assert "\n" not in crime.summary(crime.rate_per_100k())


def test_view_scales_and_errors():
    assert crime.view("bribery").equals(crime.total("bribery"))
    assert crime.view("all", "tried", "share").equals(crime.share_of_all_crime("all", "tried"))
    assert round(crime.view("all", "persons", "rate")[2008], 2) == 6.89
    with pytest.raises(CrimeError, match="unknown scale 'log'"):
        crime.view("all", "registered", "log")
    with pytest.raises(CrimeError, match="no count of all crime for persons"):
        crime.view("all", "persons", "share")


# --------------------------------------------------------------------------- other tables
def test_civil_servant_tables_year_by_year():
    both = crime.civil_servant_tables()
    assert both.difference.to_dict() == {2008: 0, 2009: 0, 2010: 0, 2011: 0, 2012: 0, 2013: 1, 2014: 0, 2015: 21, 2016: 23, 2017: 41}
    assert both.table_3_3_2.sum() - both.table_3_3_3.sum() == 4413 - 4327


def test_court_statistics_and_rates():
    wide = crime.court_statistics()
    assert wide.shape == (8, 18) and wide.loc[2016, "civil_cases_mediation"] == 19798
    rates = crime.court_rates()
    assert rates.loc[2016, "non_custodial"] == 22629
    assert round(rates.loc[2016, "non_custodial_share"], 1) == 73.6
    assert round(rates.loc[2011, "custodial_share"], 1) == 39.7
    assert round(rates.loc[2017, "acquittal_share"], 2) == 2.50
    assert round(rates.loc[2016, "civil_mediation_share"], 2) == 2.59
    assert rates.loc[2010, ["custodial", "acquittal_share"]].isna().all()


def test_audit_tables():
    audit = crime.audit_violations()
    assert audit.kzt_per_usd.round(1).tolist() == [154.1, 183.1, 186.0, 343.6]
    programmes = crime.programme_violations()
    assert programmes.violations_million_kzt.sum() == 677067
    assert round(programmes.loc["information_kazakhstan", "percent_recomputed"], 2) == 46.05
    assert programmes.loc["salamaty_kazakhstan", "years"] == "2013, 2015"


def test_cost_comparison_orders_of_magnitude():
    cost = crime.cost_comparison()
    assert list(cost.index) == [2013, 2014, 2015, 2016]
    assert round(cost.audit_over_damage[2014], 1) == 338.5
    assert round(cost.orders_of_magnitude[2013], 2) == 0.38
    assert round(cost.audit_programmes.sum(), 3) == 677.067
    assert (cost.audit_violations > cost.damage_corruption).all()

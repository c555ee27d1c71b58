"""Chapter 4 (crime statistics): its topic module, its explorer, the page, and both faces in a browser.

* Unit tests of kzcourse.crime: selections and the 1997/2014 crosswalk, totals, shares, ratios
  and rates, changes against the chance variation of a count (Poisson) and overdispersion,
  the reconciliation of every printed total and the verdicts on the prose's figures. The
  values asserted are the report's own (doc 003, Tables 3.1.1-3.3.3, 6.3.1-6.3.2, 8.1.1) and
  the World Bank's population, so a change in the data or in a function breaks a test.
* The explorer (kzcourse.crime_explorer): the widget's one-line messages on bad choices, the
  twin's markup and data.
* The page (slow): it is executed once, the numbers its sentences show are asserted, every
  {eval} name is computed and used, and on altered data its claim about 2015 stops the page.
* In a browser (browser): the chapter in a real JupyterLab (numbers in the prose, the widget
  answers, saving changes nothing), and the twin in the built book, operated control by
  control and checked against kzcourse.crime.explore for every kind of choice.
"""

from __future__ import annotations

import math
from pathlib import Path

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


def test_view_ratio_scale():
    assert crime.view("all", "tried", "ratio").equals(crime.tried_to_registered("all"))
    with pytest.raises(CrimeError, match="ratio per 100 registered is for offences tried in court"):
        crime.view("all", "registered", "ratio")


# --------------------------------------------------------------------------- chance
def test_poisson_change_of_the_2015_step():
    step = crime.poisson_change(crime.total(), 2014, 2015)
    assert (step.before, step.after, step.start, step.end) == ("2014", "2015", 2127, 3337)
    assert step.difference == 1210 and step.se == pytest.approx(math.sqrt(5464))
    assert round(step.z, 2) == 16.37 and step.beyond_chance and step.p < 1e-50
    assert [round(v) for v in step.ci] == [1065, 1355]
    assert round(step.ratio, 4) == 1.5689 and [round(v, 3) for v in step.ratio_ci] == [1.485, 1.657]


def test_poisson_change_windows_and_exposure():
    bribery = crime.poisson_change(crime.total("bribery"), (2012, 2014), (2015, 2017))
    assert (bribery.before, bribery.after, bribery.start, bribery.end) == ("2012-2014", "2015-2017", 1581, 3171)
    assert round(bribery.ratio, 3) == 2.006 and bribery.ratio_ci[0] > 1.88
    business = crime.poisson_change(crime.total("business"), (2012, 2014), (2015, 2017))
    assert (business.start, business.end) == (32, 53) and round(business.p, 3) == 0.029
    # a flat count is within chance; the same count per head of a growing population is not
    count = crime.poisson_change(crime.total(), 2008, 2017)
    rate = crime.poisson_change(crime.total(), 2008, 2017, exposure=crime.population())
    assert not count.beyond_chance and round(count.z, 2) == -0.13
    assert rate.beyond_chance and round(rate.z, 1) == -4.6 and rate.ratio_ci[1] < 1
    assert rate.ratio == pytest.approx(crime.rate_per_100k()[2017] / crime.rate_per_100k()[2008])


def test_poisson_change_of_small_counts_is_exact():
    """Impeding business, 4 (2014) -> 12 (2015): the exact binomial test, not the normal one."""
    step = crime.poisson_change(crime.total("310-1"), 2014, 2015)
    assert round(step.p, 4) == 0.0768 and not step.beyond_chance and round(step.z, 2) == 2.0


@pytest.mark.parametrize(
    "values, args, words",
    [
        (crime.share_of_all_crime(), (2008, 2017), "chance variation (Poisson) is a model for counts; the value in 2008 is 1.94779"),
        (crime.total("309"), (2008, 2010), "both counts are 0 (2008 and 2010)"),
        (crime.total("310-1"), (2008, 2017), "the series has no value for 2008"),
        (crime.total(), ((2015, 2012), 2017), "a window of years runs forward: 2015 comes after 2012"),
        ([1, 2], (2008, 2017), "poisson_change needs a pandas Series"),
    ],
)
def test_poisson_change_errors(values, args, words):
    with pytest.raises(CrimeError) as err:
        crime.poisson_change(values, *args)
    assert str(err.value).startswith(words) and "\n" not in str(err.value)


def test_dispersion_of_registered_offences():
    spread = crime.dispersion(crime.total(), 2008, 2014)
    assert (spread.first, spread.last, spread.n) == (2008, 2014, 7)
    assert round(spread.mean, 1) == 2258.6 and round(spread.index, 1) == 15.1 and spread.p < 1e-15
    with pytest.raises(CrimeError, match="at least three years"):
        crime.dispersion(crime.total(), 2016, 2017)


# --------------------------------------------------------------------------- the explorer's one line
def test_explore_lines():
    values, line = crime.explore("bribery", "registered", "count", 2014, 2015)
    assert values.tolist() == [470, 895]
    assert line == ("registered offences: bribery (311-313 / 366-368): 470 (2014) to 895 (2015) offences, +90.4%, "
                    "1.90-fold; peak 895 (2015); beyond the chance variation of a count (z = +11.5)")
    _, line = crime.explore("all", "registered", "rate")
    assert line.endswith("per 100,000 people, -12.3%, down 1.14-fold; peak 18.5 (2015); beyond the chance variation of a count (z = -4.6)")
    _, line = crime.explore("all", "tried", "ratio")
    assert line == "tried per 100 registered: all corruption offences: 72.25% (2008) to 63.62% (2017), -8.63 points, down 1.14-fold; peak 85.31% (2010)"
    _, line = crime.explore("all", "damage", "share", 2010, 2015)
    assert "chance" not in line and line.startswith("share of all damage: all corruption offences: 4.48% (2010)")


@pytest.mark.parametrize(
    "args, message",
    [
        (([], "registered", "count", 2008, 2017), "empty selection: choose at least one article or group, e.g. 'bribery' or '366'"),
        (("bribery", "persons", "count", 2008, 2017), "persons who committed corruption offences are counted for all corruption offences together (doc 003, Table 3.3.1), not by article: choose 'all'"),
        (("all", "damage", "rate", 2008, 2017), "rates per 100,000 people are for counts; damage is an amount of money"),
        (("all", "persons", "share", 2008, 2017), "the report gives no count of all crime for persons who committed corruption offences: use registered, tried or damage"),
        (("all", "registered", "ratio", 2008, 2017), "the ratio per 100 registered is for offences tried in court: choose the measure 'tried'"),
        (("309", "tried", "ratio", 2008, 2017), "zero denominator: the number of registered offences (Receipt of officer authority) is 0 in 2008, 2009, 2010, 2012, 2014, 2015, so the ratio is undefined there"),
        (("310-1", "registered", "count", 2008, 2017), "the series has no value for 2008 (blank in the table)"),
        (("309", "damage", "count", 2008, 2017), "empty series: nothing to compare"),
        (("all", "registered", "count", 2015, 2015), "choose a start year before the end year (2015 to 2015 now)"),
        (("all", "registered", "log", 2008, 2017), "unknown scale 'log': choose one of count, share, rate, ratio"),
    ],
)
def test_explore_says_why_in_one_line(args, message):
    values, line = crime.explore(*args)
    assert values is None and line == message


# --------------------------------------------------------------------------- reconciliation and the prose
def test_reconcile_counts_and_errata():
    recon = crime.reconcile().set_index("check")
    assert len(recon) == 17 and recon["cells"].sum() == 183 and recon["off"].sum() == 15
    assert ((recon["off"] > 0) == (recon["erratum"] != "")).all()
    civil = recon.loc["civil servants' corruption offences: the same in both tables"]
    assert (civil["off"], civil["largest_gap"], civil["verdict"]) == (4, 41, "off by 1 in 2013 and by 21-41 in 2015-2017")
    programmes = recon.loc["printed percent = violations / allocation"]
    assert programmes["off"] == 7 and programmes["verdict"].startswith("cut instead of rounded (6 cells)")


def test_prose_checks_verdicts():
    checks = crime.prose_checks()
    assert checks["section"].value_counts().to_dict() == {"3.1": 6, "3.2": 7, "3.3": 3, "6.3": 8, "8.1": 5, "001": 4}
    first = checks["verdict"].str.split(" ").str[0]
    assert first.value_counts().to_dict() == {"contradicted": 13, "holds": 13, "rounding": 3, "cannot": 3, "overstated": 1}
    # every erratum named exists in data/errata.csv, and every contradicted claim names one
    known = set(pd.read_csv(crime_errata_path())["id"])
    named = {e for e in checks["erratum"] if e}
    assert named <= known
    assert (checks.loc[first.isin(["contradicted", "overstated", "rounding"]), "erratum"] != "").all()
    row = checks.set_index("claim").loc["their share of all offences fell"]
    assert row["tables"] == "1.95% to 0.78%: 2.49-fold; 3.25-fold only from 2009 to 2014"


def test_prose_checks_verdicts_follow_the_data(monkeypatch):
    """A verdict is computed, not typed: with the mediation count of 2016 at 15,807, the op-ed's 'one third' holds."""
    courts = crime.court_statistics().copy()
    courts.loc[2016, "civil_cases_mediation"] = 15807
    monkeypatch.setattr(crime, "court_statistics", lambda: courts)
    row = crime.prose_checks().set_index("claim").loc["civil mediation up by a third since 2016"]
    assert (row["verdict"], row["erratum"]) == ("holds", "")


def test_claims_and_reconcile_tables_for_the_page():
    table = crime.claims_table("8.1")
    assert list(table.columns) == ["claim", "the text says", "the tables give", "verdict"] and len(table) == 5
    contradicted = crime.claims_table("001").set_index("claim").loc["civil mediation up by a third since 2016", "verdict"]
    assert contradicted == "contradicted<br><small>erratum <code>s001-mediation-one-third</code></small>"
    with pytest.raises(CrimeError, match=r"unknown section\(s\) \['9.3'\]"):
        crime.claims_table("9.3")
    assert crime.reconcile_table()["cells (off)"].tolist()[6] == "3 (3)"


def crime_errata_path():
    from kzcourse import paths

    return paths.ERRATA


# --------------------------------------------------------------------------- the explorer: widget and twin
def _widget_parts(box):
    (group_w, measure_w, scale_w, years_w), pick_w = box.children[0].children[0].children, box.children[0].children[1]
    return group_w, pick_w, measure_w, scale_w, years_w, box.children[1]


def test_widget_follows_its_controls():
    from kzcourse.crime_explorer import crime_widget

    group_w, pick_w, measure_w, scale_w, years_w, readout = _widget_parts(crime_widget())
    assert group_w.value == "all" and len(pick_w.value) == 11
    assert "2,483 (2008) to 2,474 (2017) offences" in readout.value and "±1.96√n" in readout.value
    group_w.value = "bribery"
    assert pick_w.value == ("receipt_of_bribes", "giving_bribes", "mediation_in_bribery")
    assert "bribery (311-313 / 366-368): 553 (2008) to 1,245 (2017)" in readout.value
    pick_w.value = ("receipt_of_bribes",)
    assert group_w.value == "custom" and "Receipt of bribes: 290 (2008) to 812 (2017)" in readout.value
    measure_w.value, scale_w.value = "tried", "ratio"
    assert "tried per 100 registered: Receipt of bribes: 87.59% (2008)" in readout.value and "±1.96√n" not in readout.value
    years_w.value = (2012, 2016)
    assert "(2012) to" in readout.value and "(2016)" in readout.value


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"pick": ()}, "empty selection: choose at least one article or group"),
        ({"group": "bribery", "measure": "persons"}, "are counted for all corruption offences together"),
        ({"measure": "damage", "scale": "rate"}, "rates per 100,000 people are for counts; damage is an amount of money"),
        ({"years": (2013, 2013)}, "choose a start year before the end year (2013 to 2013 now)"),
        ({"pick": ("assumption_of_authority",), "measure": "tried", "scale": "ratio"}, "zero denominator"),
    ],
)
def test_widget_says_why_in_one_line(changes, message):
    from kzcourse.crime_explorer import crime_widget

    box = crime_widget()
    group_w, pick_w, measure_w, scale_w, years_w, readout = _widget_parts(box)
    for name, value in changes.items():
        {"pick": pick_w, "group": group_w, "measure": measure_w, "scale": scale_w, "years": years_w}[name].value = value
    assert message in readout.value and "Traceback" not in readout.value
    assert readout.value.count("<b>") == 1  # one line, no stack


def test_twin_html_contract():
    import json
    import re

    from kzcourse.crime_explorer import crime_twin

    html = crime_twin(figure_id="crime-explorer", caption="test caption").to_html()
    assert 'class="kz-interactive" data-kz-figure="crime-explorer"' in html
    controls = re.findall(r'data-kz-control="(\w+)"', html.split("<noscript>")[0])
    assert controls == ["group"] + ["offence"] * 11 + ["measure", "scale", "start", "end"]
    assert html.count('type="checkbox"') == 11 and html.count(" checked>") == 11
    alt = re.search(r'<noscript><img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html).group(1)
    assert alt.startswith("Line chart of registered offences: all corruption offences, 2008 to 2017.") and "2,483 (2008)" in alt
    spec = json.loads(re.search(r'<script type="application/json" class="kz-spec">(.*?)</script>', html, re.S).group(1))
    assert spec["by_offence"]["registered"]["receipt_of_bribes"] == [290, 344, 344, 388, 418, 316, 259, 551, 694, 812]
    assert spec["by_offence"]["registered"]["impeding_business"][:4] == [None] * 4
    assert spec["damage_total"][5] == 80142262 and spec["population"][0] == 16426525
    assert spec["offences"][5] == {"key": "receipt_of_bribes", "label": "Receipt of bribes", "old": "311", "new": "366"}
    assert re.findall(r"https?://", html) == [], "the twin must load nothing from other hosts"
    assert 'window.kzFigures["crime-explorer"]' in html


def test_twin_rejects_a_bad_id():
    from kzcourse.crime_explorer import crime_twin

    with pytest.raises(ValueError, match="must be lowercase letters"):
        crime_twin(figure_id="Crime Explorer", caption="x")


def test_explore_picks_the_face_for_the_reader(monkeypatch):
    from kzcourse.explore import BOOK_ENV, crime_explorer
    from kzcourse.interactive import InteractiveFigure

    monkeypatch.setenv(BOOK_ENV, "1")
    assert isinstance(crime_explorer(figure_id="crime-explorer", caption="x"), InteractiveFigure)
    monkeypatch.delenv(BOOK_ENV)
    import ipywidgets

    assert isinstance(crime_explorer(figure_id="crime-explorer", caption="x"), ipywidgets.VBox)


# --------------------------------------------------------------------------- the chapter
CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "04_crime.md"


@pytest.fixture(scope="module")
def numbers() -> dict:
    from chapter_support import run_chapter

    return run_chapter(CHAPTER)


@pytest.mark.slow
def test_chapter_every_number_the_prose_asks_for_is_computed_and_every_computed_one_is_used(numbers):
    from chapter_support import eval_names

    asked = eval_names(CHAPTER)
    assert asked - set(numbers) == set(), "the prose quotes names no cell computes"
    assert set(numbers) - asked == set(), "cells compute numbers the prose never shows"


@pytest.mark.slow
def test_chapter_measurement_values(numbers):
    assert (numbers["reg_2008"], numbers["reg_2017"]) == ("2,483", "2,474")
    assert numbers["reg_change"] == pytest.approx(-0.362, abs=1e-3)
    assert numbers["all_fold"] == pytest.approx(2.482, abs=1e-3) and numbers["all_fold_2010_2013"] == pytest.approx(2.728, abs=1e-3)
    assert (round(numbers["share_2008"], 2), round(numbers["share_2017"], 2)) == (1.95, 0.78)
    assert (round(numbers["ratio_min"], 1), numbers["ratio_min_year"], round(numbers["ratio_max"], 1), numbers["ratio_max_year"]) == (36.0, 2015, 85.3, 2010)
    assert (round(numbers["usual_min"], 1), round(numbers["usual_max"], 1)) == (16.5, 59.4)
    assert numbers["rate_change"] == pytest.approx(-12.25, abs=0.01) and numbers["pop_growth"] == pytest.approx(13.55, abs=0.01)
    assert (numbers["sum_registered"], numbers["sum_tried"], numbers["sum_charged"]) == ("24,549", "15,339", "8,007")


@pytest.mark.slow
def test_chapter_code_change_and_reconciliation(numbers):
    assert numbers["jump"] == pytest.approx(56.89, abs=0.01) and numbers["next_jump"] == pytest.approx(15.52, abs=0.01)
    assert numbers["next_jump_year"] == 2013 and numbers["n_groups_largest"] == 2
    assert (numbers["power_2014"], numbers["power_2015"], numbers["forgery_2014"], numbers["forgery_2015"]) == (131, 649, 553, 283)
    assert (numbers["n_checks"], numbers["n_cells"], numbers["n_checks_clean"], numbers["n_cells_off"]) == (17, 183, 13, 15)
    assert (numbers["n_claims3"], numbers["n_claims3_hold"], numbers["n_claims3_round"], numbers["n_claims3_wrong"]) == (16, 6, 1, 9)
    assert numbers["share_fold"] == pytest.approx(2.491, abs=1e-3) and numbers["share_fold_peak"] == pytest.approx(3.254, abs=1e-3)
    assert numbers["damage_fold"] == pytest.approx(76.37, abs=0.01) and numbers["text_damage_fold"] == 80
    assert numbers["n_years_in_range"] == 3
    assert (numbers["gap_2013"], numbers["gap_min"], numbers["gap_max"]) == (1, 21, 41)


@pytest.mark.slow
def test_chapter_costs_courts_and_the_official_view(numbers):
    assert numbers["damage_sum"] == pytest.approx(105.52, abs=0.01) and numbers["audit_sum"] == "1,688.7"
    assert numbers["audit_over_damage"] == pytest.approx(16.0, abs=0.01) and numbers["orders"] == pytest.approx(1.2, abs=0.01)
    assert (round(numbers["kzt_low"]), round(numbers["kzt_high"])) == (154, 344) and numbers["usd_sum"] == pytest.approx(8.66)
    assert numbers["text_usd_rate"] == pytest.approx(244.7, abs=0.1) and numbers["programmes_trillion"] == pytest.approx(0.677, abs=1e-3)
    assert numbers["acq_low"] > 1 and numbers["acq_ratio"] == pytest.approx(1.798, abs=1e-3)
    assert (numbers["non_custodial_2016"], numbers["non_custodial_gap"]) == ("22,629", 2)
    assert numbers["mediation_growth"] == pytest.approx(6.46, abs=0.01)
    assert (numbers["before_2008"], numbers["per_year_before"], numbers["per_year_after"]) == ("2,924", 418, 801)


@pytest.mark.slow
def test_chapter_chance_and_the_break(numbers):
    assert numbers["jump_diff"] == "1,210" and (numbers["jump_low"], numbers["jump_high"]) == ("1,065", "1,355")
    assert numbers["jump_z"] == pytest.approx(16.37, abs=0.01) and numbers["disp"] == pytest.approx(15.14, abs=0.01)
    assert numbers["jump_z_adjusted"] == pytest.approx(4.21, abs=0.01)
    assert numbers["bribery_low"] > 1 > numbers["duty_high"]
    assert (numbers["business_before"], numbers["business_after"]) == (32, 53)
    assert numbers["count_z"] == pytest.approx(-0.13, abs=0.01) and numbers["rate_ratio_high"] < 1


def _alter_registered_2013(data_dir: Path) -> None:
    """A made-up Table 3.1.1 in which receipt of bribes (and so the total) rose by 1,000 in 2013.

    The total then jumps by 63% from 2012 to 2013, more than the 57% of 2015, so the chapter's
    claim that the change of Code brought the decade's largest step no longer holds.
    """
    import csv

    path = data_dir / "extracted" / "s003_t3_1_1_registered_offences.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    for row in rows:
        if row["year"] == "2013" and row["offence_key"] in ("receipt_of_bribes", "total_corruption_offences"):
            row["value"] = str(int(float(row["value"])) + 1000)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow
def test_the_claim_about_2015_breaks_the_page_when_the_data_stop_supporting_it(tmp_path):
    import shutil
    import subprocess
    import sys

    from chapter_support import ROOT, ChapterFailed, run_chapter

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".datapackage.lock"))
    _alter_registered_2013(data)
    env = {"KZCOURSE_DATA": str(data), "PATH": str(ROOT / ".venv" / "bin")}
    result = subprocess.run([sys.executable, "-m", "kzcourse.tools.datapackage", "refresh"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with pytest.raises(ChapterFailed) as failure:
        run_chapter(CHAPTER, data_dir=data)
    assert failure.value.name == "AssertionError"
    assert "the 2015 step dwarfs every other year's change" in failure.value.value


# --------------------------------------------------------------------------- in JupyterLab and in the built book
@pytest.mark.browser
def test_chapter_4_reads_in_the_lab_the_widget_answers_and_saving_changes_nothing(lab):
    from lab_support import open_notebook, read_chapter, save

    path = lab[0] / "chapters" / "04_crime.md"
    before = path.read_bytes()
    context, page, errors = open_notebook(lab, "chapters/04_crime.md")
    try:
        read_chapter(page, expect=["from 2,483 in 2008", "rose by 56.9 per cent", "16.4", "2.49-fold"])
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('2,483 (2008) to 2,474 (2017)'))",
            timeout=30_000,
        )
        measure = page.locator(".widget-dropdown").filter(has=page.locator("label.widget-label", has_text="Measure"))
        measure.locator("select").select_option(label="offences tried in court (Table 3.1.2)")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('offences tried in court: all corruption offences: 1,794 (2008)'))",
            timeout=30_000,
        )
        scale = page.locator(".widget-dropdown").filter(has=page.locator("label.widget-label", has_text="Scale"))
        scale.locator("select").select_option(label="per 100,000 people")
        measure.locator("select").select_option(label="damage, thousand KZT (Table 3.2.2)")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('damage is an amount of money'))",
            timeout=30_000,
        )
        save(page)
    finally:
        context.close()
    assert not errors, errors
    assert path.read_bytes() == before, "saving the chapter in JupyterLab rewrote the file"


TWIN_STATES = [
    # (offences or group, measure, scale, start, end)
    ("all", "registered", "count", 2008, 2017),
    ("bribery", "tried", "ratio", 2008, 2017),
    (["receipt_of_bribes"], "registered", "rate", 2012, 2016),
    ("all", "damage", "share", 2010, 2015),
    ("all", "damage", "count", 2013, 2014),
    (["abuse_of_authority", "negligence"], "damage", "count", 2015, 2017),
    ("all", "charged", "rate", 2009, 2016),
    ("all", "not_charged", "count", 2008, 2017),
    (["abuse_of_power", "negligence"], "registered", "share", 2013, 2017),
    ("duty", "tried", "count", 2014, 2015),
    ("bribery", "persons", "count", 2008, 2017),
    ("all", "damage", "rate", 2008, 2017),
    ("all", "persons", "share", 2008, 2017),
    ("all", "registered", "ratio", 2008, 2017),
    (["assumption_of_authority"], "tried", "ratio", 2008, 2017),
    (["impeding_business"], "registered", "count", 2008, 2017),
    (["assumption_of_authority"], "damage", "count", 2008, 2017),
    ([], "registered", "count", 2008, 2017),
    ("all", "registered", "count", 2016, 2012),
]

SET_STATE_JS = """
([id, group, offences, measure, scale, start, end]) => {
  const root = document.querySelector(`[data-kz-figure="${id}"]`);
  const select = name => root.querySelector(`select[data-kz-control="${name}"]`);
  const boxes = [...root.querySelectorAll('input[data-kz-control="offence"]')];
  if (group) {
    select('group').value = group;
    select('group').dispatchEvent(new Event('change'));
  } else {
    boxes.forEach(b => { b.checked = offences.includes(b.value); });
    boxes[0].dispatchEvent(new Event('change'));
  }
  for (const [name, value] of [['measure', measure], ['scale', scale], ['start', String(start)], ['end', String(end)]]) {
    select(name).value = value;
    select(name).dispatchEvent(new Event('change'));
  }
  return kzFigureState(id);
}
"""


@pytest.fixture(scope="module")
def book_site(built_book):
    from kzcourse.tools.serve import serve

    with serve(built_book) as base:
        yield base, built_book


@pytest.mark.browser
def test_twin_in_the_built_book_computes_what_python_computes(book_site, browser):
    """Every control changes the figure, and for each choice the twin shows Python's own line and values."""
    import json

    from browser_support import visit

    base, html_dir = book_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        loaded = visit(context, base, "chapters/04_crime.html", html_dir)
        page = loaded.page
        page.wait_for_function("() => window.kzFigureState && kzFigureState('crime-explorer') && kzFigureState('crime-explorer').message")
        first = page.evaluate("kzFigureState('crime-explorer')")
        assert first["message"] == crime.explore()[1]
        assert page.locator('[data-kz-figure="crime-explorer"] .js-plotly-plot .main-svg').count() > 0
        # operate every control once: each changes what the figure reports
        controls = page.locator('[data-kz-figure="crime-explorer"] [data-kz-control]')
        assert controls.count() == 16
        for i in range(controls.count()):
            before = json.dumps(page.evaluate("kzFigureState('crime-explorer')"), sort_keys=True)
            control = controls.nth(i)
            if control.get_attribute("type") == "checkbox":
                control.click()
            else:
                options = control.locator("option")
                current = control.input_value()
                values = [options.nth(k).get_attribute("value") for k in range(options.count())]
                control.select_option(values[(values.index(current) + 1) % len(values)])
            after = json.dumps(page.evaluate("kzFigureState('crime-explorer')"), sort_keys=True)
            assert after != before, f"operating control #{i} left the figure unchanged"
        # each choice: the same line as kzcourse.crime.explore, and the same values
        for selection, measure, scale, start, end in TWIN_STATES:
            group = selection if isinstance(selection, str) else None
            offences = [] if group else selection
            state = page.evaluate(SET_STATE_JS, ["crime-explorer", group, offences, measure, scale, start, end])
            values, line = crime.explore(selection, measure, scale, start, end)
            assert state["message"] == line, (selection, measure, scale, start, end)
            assert state["ok"] == (values is not None)
            if values is not None:
                assert state["years"] == [int(y) for y in values.index]
                expected = [None if pd.isna(v) else float(v) for v in values]
                assert [None if v is None else pytest.approx(v, rel=1e-9) for v in expected] == state["values"]
        problems = loaded.problems()
    finally:
        context.close()
    assert not problems, problems

"""Chapter 5 (opinion surveys): kzcourse.surveys, the chapter's key values, its explorer and twin.

Interval formulas are checked against textbook values and against statsmodels; the
consistency checks against the figures of the source documents that motivate them. The
chapter is run top to bottom (and once on altered data, to show a claim breaking); the
explorer's browser arithmetic is run under Node and compared with Python; the widget is
driven in a real JupyterLab and the twin in the built book (marked ``browser``).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import threading

import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from chapter_support import ROOT, ChapterFailed, eval_names, run_chapter
from kzcourse import paths
from kzcourse import surveys as sv
from kzcourse import surveys_explorer as se
from kzcourse.data import load
from kzcourse.surveys import SurveyError

CHAPTER = ROOT / "chapters" / "05_surveys.md"


# =========================================================================== intervals
def test_wilson_interval_12_of_100():
    ci = sv.wilson_interval(12, 100)
    assert (ci.lower, ci.upper) == pytest.approx((6.9994, 19.8121), abs=1e-3)
    assert ci.estimate == 12 and ci.method == "Wilson" and ci.n == 100
    lo, hi = proportion_confint(12, 100, method="wilson")
    assert (ci.lower, ci.upper) == pytest.approx((100 * lo, 100 * hi), abs=1e-9)
    assert str(ci) == "12.0% (95% CI 7.0 to 19.8, Wilson, n = 100)"


def test_exact_interval_12_of_100():
    ci = sv.exact_interval(12, 100)
    assert (ci.lower, ci.upper) == pytest.approx((6.3569, 20.0236), abs=1e-3)
    lo, hi = proportion_confint(12, 100, method="beta")
    assert (ci.lower, ci.upper) == pytest.approx((100 * lo, 100 * hi), abs=1e-9)
    assert sv.clopper_pearson(12, 100) == ci


def test_normal_margin_and_interval():
    assert sv.normal_margin(50, 1000) == pytest.approx(3.099, abs=1e-3)  # the familiar '+/- 3 points'
    assert sv.normal_margin(29, 1505) == pytest.approx(2.292, abs=1e-3)  # GCB 2016
    ci = sv.normal_interval(12, 100)
    assert (ci.lower, ci.upper) == pytest.approx((5.6309, 18.3691), abs=1e-3)
    assert ci.margin == pytest.approx(6.369, abs=1e-3)


def test_small_share_normal_interval_breaks_down_wilson_does_not():
    """2 of 52 CEOs: the normal interval runs below zero, Wilson stays inside and is asymmetric."""
    normal = sv.normal_interval(100 * 2 / 52, 52)
    wilson = sv.wilson_interval(100 * 2 / 52, 52)
    assert normal.lower < 0
    assert wilson.lower > 0
    assert wilson.upper - wilson.estimate > wilson.estimate - wilson.lower
    zero = sv.normal_interval(0, 50)
    assert zero.lower == zero.upper == 0  # the normal margin says 'certain' about a zero share
    assert sv.wilson_interval(0, 50).upper == pytest.approx(7.13, abs=0.01)
    assert sv.exact_interval(0, 50).upper == pytest.approx(7.11, abs=0.01)  # the 'rule of three': about 3/50


def test_interval_at_full_share():
    assert sv.exact_interval(100, 40).upper == 100
    assert sv.wilson_interval(100, 40).upper == pytest.approx(100)


def test_interval_table_for_the_widget():
    t = sv.interval_table(2, 52, deff=1.5)
    assert list(t.method) == ["normal", "Wilson", "Clopper-Pearson"]
    assert t.n_effective.tolist() == pytest.approx([52 / 1.5] * 3)
    assert t.loc[0, "lower"] < 0 < t.loc[1, "lower"]  # the normal interval breaks down at 2% of 35 effective
    assert t.loc[2, "upper"] > t.loc[1, "upper"]  # exact is the most conservative
    assert t.loc[1, "lower"] == pytest.approx(sv.wilson_interval(2, 52, deff=1.5).lower)
    with pytest.raises(SurveyError, match="design effect must be at least 1"):
        sv.interval_table(2, 52, deff=0)


def test_design_effect_and_effective_sample():
    assert sv.design_effect(20, 0.05) == pytest.approx(1.95)
    assert sv.design_effect(1, 0.3) == 1  # one interview per cluster: no clustering
    assert sv.effective_sample_size(1505, 1.5) == pytest.approx(1003.33, abs=0.01)
    # a design effect of 2 widens the margin by sqrt(2) and is worth half the sample
    assert sv.normal_margin(50, 1000, deff=2) == pytest.approx(math.sqrt(2) * sv.normal_margin(50, 1000))
    gcb = sv.wilson_interval(29, 1505, deff=1.5)
    assert (round(gcb.lower, 1), round(gcb.upper, 1)) == (26.3, 31.9)
    assert gcb.n_effective == pytest.approx(1003.33, abs=0.01)


def test_wilson_with_deff_equals_smaller_simple_sample():
    a = sv.wilson_interval(12, 200, deff=2)
    b = sv.wilson_interval(12, 100)
    assert (a.lower, a.upper) == pytest.approx((b.lower, b.upper))


def test_difference_interval_newcombe_matches_statsmodels():
    d = sv.difference_interval(29, 100, 40, 100)
    lo, hi = confint_proportions_2indep(40, 100, 29, 100, method="newcomb", compare="diff")
    assert (d.lower, d.upper) == pytest.approx((100 * lo, 100 * hi), abs=1e-9)
    assert d.difference == 11 and not d.significant  # 11 points on 100 + 100 people is within noise
    w = sv.difference_interval(29, 100, 40, 100, method="wald")
    lo, hi = confint_proportions_2indep(40, 100, 29, 100, method="wald", compare="diff")
    assert (w.lower, w.upper) == pytest.approx((100 * lo, 100 * hi), abs=1e-9)


def test_difference_interval_gcb_bribes():
    """GCB Kazakhstan: 39.9% of 1,000 (2013) paid a bribe, 29% of 1,505 (2016)."""
    d = sv.difference_interval(39.9, 1000, 29, 1505)
    assert d.difference == pytest.approx(-10.9)
    assert (d.lower, d.upper) == pytest.approx((-14.70, -7.10), abs=0.01)
    assert d.significant
    assert str(d) == "39.9% -> 29%: -10.9 points (95% CI -14.7 to -7.1, Newcombe)"


def test_difference_interval_design_effect_can_erase_significance():
    """PREKO 72.7% -> 70.1% of 5,000 (sizes assumed equal): significant only while the design effect is small."""
    assert sv.difference_interval(72.7, 5000, 70.1, 5000).significant
    assert sv.difference_interval(72.7, 5000, 70.1, 5000, deff_before=2, deff_after=2).upper == pytest.approx(-0.095, abs=1e-3)
    assert not sv.difference_interval(72.7, 5000, 70.1, 5000, deff_before=2.2, deff_after=2.2).significant


def test_relative_change():
    assert sv.relative_change(39.9, 29) == pytest.approx(-27.318, abs=1e-3)
    assert sv.relative_change(19, 37) == pytest.approx(94.737, abs=1e-3)


# =========================================================================== granularity
def test_printed_decimals():
    assert sv.printed_decimals("79.81") == 2
    assert sv.printed_decimals("23,7") == 1
    assert sv.printed_decimals("47.0") == 1
    assert sv.printed_decimals(47.0) == 0
    assert sv.printed_decimals(29.9) == 1
    assert sv.half_unit("29") == 0.5 and sv.half_unit(29.9) == pytest.approx(0.05)


def test_rounds_to():
    assert sv.rounds_to(23.68, 23.7)
    assert sv.rounds_to(0.8811, 0.9) and not sv.rounds_to(0.8811, 0.8)
    assert sv.rounds_to(2.25, 2.2) and sv.rounds_to(2.25, 2.3)  # half-way: either convention


def test_granularity_pwc_61_of_52_impossible():
    g = sv.granularity(61, 52)
    assert not g.possible and g.counts == ()
    assert [k for k, _ in g.nearest] == [31, 32]
    assert [round(s, 1) for _, s in g.nearest] == [59.6, 61.5]
    assert str(g) == "61% of 52 is impossible: nearest 31/52 = 59.6%; 32/52 = 61.5%"


def test_granularity_possible_cases():
    assert sv.granularity(29, 1505).counts == tuple(range(429, 444))  # 28.5% to 29.5% of 1,505
    assert sv.granularity(54.8, 500).counts == (274,)
    assert not sv.granularity(54.9, 500).possible  # steps of 0.2% with 500 respondents
    assert sv.granularity("79.81", 104).counts == (83,)
    assert sv.granularity(0, 10).counts == (0,)
    assert sv.granularity(100, 10).counts == (10,)


def test_possible_bases_finds_the_real_base():
    assert sv.possible_bases("79.81", 90, 110) == [104]
    assert 51 in sv.possible_bases(61, 45, 60) and 52 not in sv.possible_bases(61, 45, 60)


# =========================================================================== sums and pooling
def test_sum_check_single_and_multiple():
    gcb = sv.sum_check([37, 32, 22])
    assert gcb.total == 91 and gcb.tolerance == 1.5 and gcb.possible and not gcb.complete
    assert gcb.rest == 9 and gcb.verdict.startswith("partial: 9.0 points")
    assert sv.sum_check([92.4, 7.6]).complete
    assert sv.sum_check([14, 36.8, 27.4, 21.4]).complete  # 99.6 within 4 half-units
    over = sv.sum_check([60, 50])
    assert not over.possible and over.verdict.startswith("impossible")
    multi = sv.sum_check([38.4, 34.9, 30.7, 18.4], kind="multiple")
    assert multi.total == pytest.approx(122.4) and multi.possible
    assert multi.verdict.startswith("multiple response: sums above 100")


def test_pool_shares_preko_encounters():
    pooled = sv.pool_shares([19.9, 29.9, 13.3], [5000, 2400, 2400])
    assert pooled == pytest.approx(203180 / 9800)  # 20.73
    check = sv.pooling_check(18.1, [19.9, 29.9, 13.3], [5000, 2400, 2400])
    assert not check.consistent
    assert (check.low, check.high) == pytest.approx((20.6827, 20.7827), abs=1e-4)


def test_pooling_check_preko_perception_consistent_at_the_edge():
    check = sv.pooling_check(70.1, [70.1, 68.9, 71.7], [5000, 2400, 2400])
    assert check.pooled == pytest.approx(70.198, abs=1e-3)
    assert check.consistent
    assert check.low == pytest.approx(70.148, abs=1e-3)  # only just inside 70.05-70.15


# =========================================================================== quantifiers
@pytest.mark.parametrize(
    "phrase, value, kwargs, holds",
    [
        ("the majority", 46, {}, False),
        ("majority", 50.5, {}, True),
        ("over half", 54.8, {}, True),
        ("absolute majority", 52.2 + 41.8, {}, True),
        ("vast majority", 87.6, {}, True),
        ("vast majority", 70, {}, False),
        ("less than a third", 23, {}, True),
        ("more than a third", 38, {}, True),
        ("a third", 33, {}, True),
        ("one third", 27.3, {}, False),  # nearer a quarter
        ("every fifth", 19.9, {}, True),
        ("every fourth", 26, {}, True),
        ("every 10th", 10.4, {}, True),
        ("practically 50%", 47, {}, True),
        ("doubled", 37, {"reference": 19}, True),
        ("doubled", 30, {"reference": 19}, True),  # 1.58 rounds to 2: the lenient reading
        ("doubled", 28, {"reference": 19}, False),
        ("quadrupled", 37795, {"reference": 9183}, True),
        ("tripled", 7291, {"reference": 2445}, True),
        ("nearly halved", 50.35, {"reference": 90.49}, True),
        ("7-8 times", 1881207, {"reference": 13573508}, True),
        ("7-8 times", 1881207, {"reference": 16254682}, False),
        ("129-fold", 391122, {"reference": 13474543}, False),
        ("1.5 times", 146027, {"reference": 105536}, False),
        ("1.5 times", 157126, {"reference": 105536}, True),
        ("nearly 10 times less often", 2096, {"reference": 5796}, False),
        ("decreased by one third", 29, {"reference": 39.9}, False),
        ("fell by half", 25, {"reference": 52}, True),
        ("largest", 29.9, {"others": [19.9, 13.3]}, True),
        ("largest", 19.9, {"others": [29.9, 13.3]}, False),
        ("smallest", 13.3, {"others": [19.9, 29.9]}, True),
    ],
)
def test_check_quantifier(phrase, value, kwargs, holds):
    assert sv.check_quantifier(phrase, value, **kwargs).holds is holds


def test_check_quantifier_reports_its_rule():
    c = sv.check_quantifier("decreased by one third", 29, reference=39.9)
    assert c.computed == pytest.approx(0.27318, abs=1e-5)
    assert "a quarter" in c.rule
    assert str(c).endswith("fails")
    assert sv.check_quantifier("129-fold", 391122, reference=13474543).computed == pytest.approx(34.45, abs=0.01)


def test_nearest_fraction():
    assert sv.nearest_fraction(27.3) == ("a quarter", 0.25)
    assert sv.nearest_fraction(19.9)[0] == "a fifth"
    assert sv.nearest_fraction(10.4, extra=1 / 10)[0] == "a tenth"


def test_range_check():
    r = sv.range_check(627, 2953, [1741, 1045, 627, 1786, 1737, 2385, 2953, 1458, 1374])
    assert r.holds and r.inside == r.count == 9
    bad = sv.range_check(16, 40, [35.5, 45.17, 32.22, 56.1, 53.94, 37.74, 42.94, 11.66, 16.52])
    assert not bad.holds and bad.inside == 4
    assert (bad.minimum, bad.maximum) == (11.66, 56.1)


# =========================================================================== bad input
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sv.wilson_interval(120, 100), "share must be a percentage between 0 and 100; got 120"),
        (lambda: sv.wilson_interval(-1, 100), "share must be a percentage between 0 and 100; got -1"),
        (lambda: sv.wilson_interval(12, 0), "n must be at least 1 respondent; got 0"),
        (lambda: sv.exact_interval(12, 10.5), "n must be a whole number of respondents; got 10.5"),
        (lambda: sv.clopper_pearson(12, 10), "k = 12 respondents is more than the sample size n = 10"),
        (lambda: sv.clopper_pearson(-1, 10), "k must be a whole number of respondents, 0 or more; got -1"),
        (lambda: sv.wilson_interval(12, 100, deff=0.8), "design effect must be at least 1 (1 = simple random sample); got 0.8"),
        (lambda: sv.normal_margin(12, 100, confidence=95), "confidence must be between 0 and 1 (e.g. 0.95); got 95"),
        (lambda: sv.normal_margin("12", 100), "share must be a number; got '12'"),
        (lambda: sv.normal_margin(float("nan"), 100), "share must be a finite number; got nan"),
        (lambda: sv.normal_margin(True, 100), "share must be a number; got True"),
        (lambda: sv.design_effect(20, 1.5), "intra-cluster correlation must be between 0 and 1; got 1.5"),
        (lambda: sv.design_effect(0, 0.1), "cluster size must be at least 1 respondent per cluster; got 0"),
        (lambda: sv.effective_sample_size(100, 0.5), "design effect must be at least 1 (1 = simple random sample); got 0.5"),
        (lambda: sv.difference_interval(30, 100, 40, 0), "n_after must be at least 1 respondent; got 0"),
        (lambda: sv.difference_interval(30, 100, 40, 100, method="exact"), "method must be 'newcombe' or 'wald'; got 'exact'"),
        (lambda: sv.granularity(101, 50), "share must be a percentage between 0 and 100; got 101"),
        (lambda: sv.granularity("abc", 50), "printed value 'abc' is not a number"),
        (lambda: sv.possible_bases(50, 60, 40), "n_min = 60 is larger than n_max = 40"),
        (lambda: sv.pool_shares([20, 30], [100]), "2 share(s) but 1 sample size(s): give one size for each share"),
        (lambda: sv.pool_shares([], []), "shares is empty: give at least one percentage"),
        (lambda: sv.sum_check([40, 60], kind="ranked"), "kind must be 'single' or 'multiple'; got 'ranked'"),
        (lambda: sv.check_quantifier("a smidgen", 40), "unknown quantifier 'a smidgen'"),
        (lambda: sv.check_quantifier("doubled", 40), "'doubled' compares two values: pass the other one as reference="),
        (lambda: sv.check_quantifier("largest", 40), "'largest' compares with other answers: pass others=[...]"),
        (lambda: sv.check_quantifier("majority", 140), "value must be a percentage between 0 and 100; got 140"),
        (lambda: sv.relative_change(0, 5), "before is 0: a relative change from zero is undefined"),
        (lambda: sv.range_check(40, 16, [20]), "the range 40-16 is upside down: give the low end first"),
    ],
)
def test_bad_input_raises_one_line_error(call, message):
    with pytest.raises(SurveyError) as info:
        call()
    text = str(info.value)
    assert text.startswith(message)
    assert "\n" not in text


def test_survey_error_is_a_value_error():
    assert issubclass(SurveyError, ValueError)


# =========================================================================== chapter tables
def test_survey_register_who_asked_whom():
    reg = sv.survey_register()
    assert len(reg) == 24
    assert set(reg.sponsor_kind) >= {"international NGO", "state body", "commissioned by a state body", "ruling party"}
    gcb16 = reg[reg.survey == "gcb_2016"].iloc[0]
    assert gcb16.sample_size == 1505 and gcb16.sponsor_kind == "international NGO"
    assert "paid a bribe for state services in the last 12 months" in gcb16.questions_as_printed
    apa = reg[(reg.survey == "apa_2017") & (reg.population == "adults")].iloc[0]
    assert apa.sample_size == 2000 and apa.figures_in_report == 61
    no_size = set(reg.loc[reg.sample_size.isna(), "survey"])
    assert no_size == {"sotsium_zertteu", "preko_2015", "preko_2016"}
    assert list(reg.year) == sorted(reg.year)


def test_wave_changes_every_comparison():
    w = sv.wave_changes()
    assert len(w) == 13
    assert w.significant.all()  # with simple random sampling every compared change exceeds its noise
    bribe = w[w.question_id == "paid_bribe_12m"].iloc[0]
    assert (bribe.difference, bribe.printed_change) == pytest.approx((-10.9, 10.9))
    assert (bribe.lower, bribe.upper) == pytest.approx((-14.70, -7.10), abs=0.01)
    assert not bribe.n_assumed
    preko = w[w.survey_from.str.startswith("preko")]
    assert preko.n_assumed.all()  # 2015 and 2016 print no sample size
    # printed changes are point differences of the levels
    printed = w.dropna(subset=["printed_change"])
    assert len(printed) == 4
    for r in printed.itertuples():
        assert abs(r.difference) == pytest.approx(r.printed_change, abs=0.05)
    # the swings of PREKO encounters (+11.1 then -18.3 points in a year) are far beyond sampling error
    enc = w[(w.question_id == "encountered_corruption") & (w.population == "individuals")].set_index(["year_from", "year_to"])
    assert enc.loc[(2015, 2016), "lower"] > 9 and enc.loc[(2016, 2017), "upper"] < -16


def test_wave_changes_with_design_effect():
    w1 = sv.wave_changes().set_index(["question_id", "population", "survey_from", "survey_to"])
    w2 = sv.wave_changes(deff=2).set_index(["question_id", "population", "survey_from", "survey_to"])
    key = ("perceived_avg_or_high", "individuals", "preko_2016", "preko_2017")
    assert w2.loc[key, "upper"] == pytest.approx(-0.095, abs=1e-3)  # barely significant at deff 2
    assert (w2.upper - w2.lower > w1.upper - w1.lower).all()
    w3 = sv.wave_changes(deff=2.5).set_index(["question_id", "population", "survey_from", "survey_to"])
    assert not w3.loc[key, "significant"]
    assert w3.drop(index=key).significant.all()


def test_official_vs_surveys_side_by_side():
    t = sv.official_vs_surveys()
    assert len(t) == 8
    official = t[t.source == "document 001"]
    assert list(official.share) == [80, 70] and official.n.isna().all() and official.lower.isna().all()
    gcb16 = t[(t.survey == "gcb_2016")].iloc[0]
    assert gcb16.share == 71 and gcb16.n == 1505
    assert (round(gcb16.lower, 2), round(gcb16.upper, 2)) == (68.66, 73.24)
    assert gcb16.upper < 80  # GCB's 'did not pay' stays below the 'over 80%' of document 001
    gcb13 = t[(t.survey == "gcb_2013")].iloc[0]
    assert gcb13.share == pytest.approx(60.1)
    derived = t[t.derived].iloc[0]
    assert derived.share == pytest.approx(100 - 19.9 * 55.8 / 100)
    wider = sv.official_vs_surveys(deff=2)
    with_n = t.n.notna()
    assert with_n.sum() == 5
    assert ((wider.upper - wider.lower) > (t.upper - t.lower))[with_n].all()


def test_appeals_tables_for_the_chapter():
    rec = sv.appeals_reconciliation()
    assert len(rec) == 2 * (9 + 6)
    assert list(rec.loc[~rec.agree, ["applicant", "measure", "year"]].itertuples(index=False, name=None)) == [
        ("individuals", "enquiries received", 2016)
    ]
    ratios = sv.appeals_ratios().set_index(["applicant", "year"])
    assert ratios.loc[("individuals", 2016), "considered_of_received"] > 100  # the 13.3.4 slip
    assert ratios.loc[("individuals", 2008), "upheld_of_considered"] == pytest.approx(90.49, abs=0.01)
    assert ratios.loc[("individuals", 2017), "upheld_of_considered"] == pytest.approx(50.35, abs=0.01)
    assert ratios.corruption_inquiries_of_all_inquiries.max() < 0.2  # a tiny share of all enquiries


def test_claims_and_granularity_sweeps():
    claims = sv.claim_checks()
    assert len(claims) == 25
    assert list(claims.loc[~claims.holds, "claim_id"]) == ["gcb2016_govt_efforts_majority"]
    sweep = sv.granularity_sweep()
    assert len(sweep) == 122
    assert set(sweep.loc[~sweep.possible, "survey"]) == {"internews_2016", "pwc_ceo_2016"}
    assert isinstance(sweep, pd.DataFrame)


# =========================================================================== design effects and unknown weights
def test_design_effect_to_erase_a_change():
    """PREKO 72.7% -> 70.1% (5,000 each) stops being significant at a design effect of about 2.15."""
    d = sv.design_effect_to_erase(72.7, 5000, 70.1, 5000)
    assert d == pytest.approx(2.154, abs=1e-3)
    assert sv.difference_interval(72.7, 5000, 70.1, 5000, deff_before=d * 0.99, deff_after=d * 0.99).significant
    assert not sv.difference_interval(72.7, 5000, 70.1, 5000, deff_before=d * 1.01, deff_after=d * 1.01).significant
    assert sv.design_effect_to_erase(39.9, 1000, 29, 1505) == pytest.approx(8.379, abs=1e-3)
    assert sv.design_effect_to_erase(29, 100, 40, 100) == 1.0  # already within noise
    assert sv.design_effect_to_erase(10, 100000, 90, 100000, limit=50) == math.inf


def test_design_effect_to_cover_a_value():
    """The Barometer's 71% 'did not pay' reaches document 001's 80% only at a design effect of about 20."""
    d = sv.design_effect_to_cover(71, 1505, 80)
    assert d == pytest.approx(19.83, abs=0.01)
    assert sv.wilson_interval(71, 1505, deff=d * 1.001).covers(80)
    assert not sv.wilson_interval(71, 1505, deff=d * 0.999).covers(80)
    assert sv.design_effect_to_cover(71, 1505, 72) == 1.0
    with pytest.raises(SurveyError, match="value must be a percentage"):
        sv.design_effect_to_cover(71, 1505, 180)


def test_mix_bounds_settlements():
    """Encounters by settlement (20.2, 14.2, 16.9) under every mix that gives 70.1% perception."""
    b = sv.mix_bounds([20.2, 14.2, 16.9], [73.8, 71.5, 58.2], 70.1)
    assert b.feasible
    assert (b.low, b.high) == pytest.approx((14.414, 19.488), abs=1e-3)
    assert not b.covers(19.9) and b.covers(18.1) and b.covers("19.5")
    impossible = sv.mix_bounds([20, 10], [60, 50], 70)  # no mix of 60 and 50 gives 70
    assert not impossible.feasible and not impossible.covers(15)
    with pytest.raises(SurveyError, match="2 share\\(s\\) but 3 known share\\(s\\)"):
        sv.mix_bounds([20, 10], [60, 50, 40], 55)


def test_settlement_mix_from_the_data():
    mix = sv.settlement_mix()
    assert mix["encounters"] == [20.2, 14.2, 16.9] and mix["perceptions"] == [73.8, 71.5, 58.2]
    assert mix["printed"] == 19.9 and not mix["printed_possible"]
    assert mix["bounds"].high == pytest.approx(19.49, abs=0.01)


def test_sum_and_pooling_sweeps():
    sums = sv.sum_sweep()
    single = sums[sums.response_type == "single"]
    assert len(single) == 21 and single.possible.all() and single.complete.sum() == 3
    fallen = single[single.question_id == "corruption_fallen_4y"].iloc[0]
    assert fallen.total == 91 and fallen.verdict.startswith("partial: 9.0 points")
    assert sums[sums.response_type == "multiple"].total.max() == pytest.approx(215.1)
    pooled = sv.pooling_sweep().set_index("question_id")
    assert bool(pooled.loc["perceived_avg_or_high", "consistent"]) is True
    assert bool(pooled.loc["encountered_corruption", "consistent"]) is False
    assert pooled.loc["encountered_corruption", "pooled"] == pytest.approx(20.7327, abs=1e-4)
    assert pooled.loc["encountered_corruption", "sizes"] == "5,000 / 2,400 / 2,400"


def test_appeals_claim_checks_and_their_errata():
    checks = sv.appeals_claim_checks().set_index("figure_id")
    assert len(checks) == 15
    failing = checks[~checks.holds]
    assert set(failing.index) == set(sv.APPEALS_ERRATA)
    errata = pd.read_csv(paths.ERRATA).id
    assert set(failing.erratum) <= set(errata)  # every failure is a recorded erratum
    assert (checks.loc[checks.holds, "erratum"] == "").all()
    assert checks.loc["s13_3_enquiries_individuals_fall_fold", "recomputed"] == "7.22 times"
    assert checks.loc["s13_3_considered_share_unchanged", "recomputed"] == "98.6% in 2008, 82.6% in 2017"


def test_survey_names_cover_every_survey():
    assert set(sv.survey_register().survey) <= set(sv.SURVEY_NAMES)
    assert sv.survey_name("gcb_2016") == "Barometer 2016 (Kazakhstan)" and sv.survey_name("other") == "other"


# =========================================================================== the data cover the sources
def _percent_tokens(first: int, last: int) -> list[tuple[int, float]]:
    lines = (paths.seeds_dir() / "003_ca52632ee1104f9a.txt").read_text(encoding="utf-8").splitlines()
    found = []
    for number, line in enumerate(lines[first - 1:last], start=first):
        for m in re.finditer(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?%", line):
            found.append((number, float(m.group(1).replace(",", "."))))
    return found


@pytest.mark.skipif(not paths.seeds_dir().exists(), reason="source documents not on disk")
def test_every_percentage_of_sections_9_and_13_3_is_in_the_data():
    """Every 'NN%' printed in section 9 (lines 4265-5425) and 13.3 (8077-8300) is a value of the data package."""
    known = set(load("s003_surveys").percent.round(2))
    known |= set(load("s003_survey_reported_changes").printed_change)
    text = load("s003_appeals_text_figures")
    known |= set(text.value.dropna()) | set(text.value_high.dropna())
    missing = [(line, v) for line, v in _percent_tokens(4265, 5425) + _percent_tokens(8077, 8300) if round(v, 2) not in known]
    assert missing == []
    assert len(_percent_tokens(4265, 5425)) > 150


# =========================================================================== the explorer (widget and twin)
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: se.parse_share("abc"), "share 'abc' is not a number: type a percentage such as 29 or 39.9"),
        (lambda: se.parse_share(""), "share is empty: type a percentage such as 29 or 39.9"),
        (lambda: se.parse_share("120"), "share must be a percentage between 0 and 100; got 120"),
        (lambda: se.parse_share("-5"), "share '-5' is not a number"),
        (lambda: se.parse_n("10.5"), "n '10.5' is not a whole number of respondents: type one such as 1505"),
        (lambda: se.parse_n("0"), "n must be at least 1 respondent; got 0"),
        (lambda: se.parse_n(" "), "n is empty: type the number of respondents, such as 1505"),
    ],
)
def test_explorer_entries_give_one_line_messages(call, message):
    with pytest.raises(SurveyError) as info:
        call()
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_explorer_parses_printed_forms():
    assert se.parse_share("23,7") == (23.7, "23.7") and se.parse_share(" 61 % ") == (61.0, "61")
    assert se.parse_n("1,505") == se.parse_n("1 505") == se.parse_n("1505") == 1505


def test_interval_view_messages():
    view = se.interval_view("39.9", "1000", "29", "1505")
    assert view.ok and view.difference.significant
    assert view.message == ("39.9% of 1,000: Wilson 95% interval 36.9 to 43.0; 29% of 1,505: Wilson 95% interval "
                            "26.8 to 31.3. Change -10.90 points, 95% interval -14.70 to -7.10: larger than its uncertainty.")
    wide = se.interval_view("72.7", "5000", "70.1", "5000", deff=2.2)
    assert not wide.difference.significant and wide.message.endswith("within its uncertainty.")
    assert "(2,272.7 effective)" in wide.message and "95% interval -5.22 to +0.03" in wide.message
    single = se.interval_view("14", "56", "", "")
    assert single.difference is None and single.waves[0]["exact"] == pytest.approx((6.1799, 25.8810), abs=1e-4)
    for bad, text in ((("14", "56", "20", ""), "wave 2 needs both a share and a sample size"),
                      (("14", "x"), "n (wave 1) 'x' is not a whole number"),
                      (("101", "56"), "share (wave 1) must be a percentage between 0 and 100; got 101")):
        view = se.interval_view(*bad)
        assert not view.ok and view.message.startswith("No interval: " + text), view.message
    assert not se.interval_view("14", "56", deff=0.5).ok


def test_grain_view_messages():
    assert se.grain_view("61", "52").message == "61% of 52 is impossible: nearest 31/52 = 59.6%; 32/52 = 61.5%."
    assert se.grain_view("79.81", "104").counts == (83,)
    assert se.grain_view("33.3", "500").possible is False
    assert se.grain_view("", "52").message == "No check: share is empty: type a percentage such as 29 or 39.9."


def test_presets_come_from_the_data():
    presets = se.figure_presets()
    assert presets[0].label == "Barometer: paid a bribe (12 months), 2013 to 2016"
    assert (presets[0].share_a, presets[0].n_a, presets[0].share_b, presets[0].n_b) == ("39.9", "1000", "29", "1505")
    assert len(presets) == 13 + 4 and sum("(sizes assumed)" in p.label for p in presets) == 9
    grains = se.grain_presets()
    assert [(g.share_a, g.n_a) for g in grains[:2]] == [("79.81", "105"), ("61", "52")]
    assert len({p.key for p in presets}) == len(presets)


def _children(box):
    intervals, grain = box.children
    fig_w, (conf_w, deff_w), (share_a, n_a), (share_b, n_b), readout = (
        intervals.children[1], intervals.children[2].children, intervals.children[3].children,
        intervals.children[4].children, intervals.children[5])
    grain_w, (g_share, g_n), g_readout = grain.children[1], grain.children[2].children, grain.children[3]
    return locals()


def test_widget_answers_and_reports_bad_entries():
    w = _children(se.widget())
    assert "Change -10.90 points" in w["readout"].value
    w["fig_w"].value = next(p.key for p in se.figure_presets() if p.share_a == "72.7" and p.share_b == "70.1")
    assert "72.7% of 5,000" in w["readout"].value and "larger than its uncertainty" in w["readout"].value
    w["deff_w"].value = 2.5
    assert "within its uncertainty" in w["readout"].value
    w["n_a"].value = "10.5"
    assert w["fig_w"].value == se.CUSTOM  # typing leaves the preset
    assert w["readout"].value == "<b>No interval: n (wave 1) &#x27;10.5&#x27; is not a whole number of respondents: type one such as 1505.</b>"
    w["conf_w"].value = 0.99
    w["n_a"].value = "5000"
    assert "99% interval" in w["readout"].value
    assert "79.81% of 105 is impossible" in w["g_readout"].value
    w["g_share"].value, w["g_n"].value = "33.3", "500"
    assert w["grain_w"].value == se.CUSTOM and "33.3% of 500 is impossible" in w["g_readout"].value
    w["g_n"].value = "abc"
    assert w["g_readout"].value.startswith("<b>No check: n &#x27;abc&#x27; is not a whole number")


def test_twin_html_contract():
    html_text = se.twin(figure_id="survey-intervals", caption="test caption").to_html()
    assert 'class="kz-interactive" data-kz-figure="survey-intervals"' in html_text
    assert re.findall(r'data-kz-control="(\w+)"', html_text) == ["figure", "confidence", "deff", "grain"]
    assert re.findall(r'data-kz-entry="(\w+)"', html_text) == ["share_a", "n_a", "share_b", "n_b", "grain_share", "grain_n"]
    spec = json.loads(re.search(r'<script type="application/json" class="kz-spec">(.*?)</script>', html_text, re.S).group(1))
    assert spec["z"]["0.95"] == pytest.approx(1.959964, abs=1e-6) and set(spec["z"]) == {"0.9", "0.95", "0.99"}
    assert len(spec["presets"]) == 17 and spec["grains"]["pwc_ceo_2016-govt_anticorruption_effective"] == ["61", "52"]
    alt = re.search(r'<noscript><img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html_text).group(1)
    assert "two survey waves" in alt and "Change -10.90 points" in alt
    assert "kzSurveyMath" in html_text and "kzWithPlotly" in html_text and "__ID__" not in html_text
    assert re.findall(r"https?://", html_text) == [], "the twin must load nothing from other hosts"
    with pytest.raises(ValueError, match="figure_id"):
        se.twin(figure_id="Bad Id", caption="")


NODE = shutil.which("node")
CASES = [  # share, n, deff, confidence
    (29, 1505, 1, 0.95), (39.9, 1000, 1.7, 0.95), (14, 56, 1, 0.99), (0, 50, 1, 0.95), (100, 40, 2.5, 0.9),
    (61, 52, 2.3, 0.99), (2.5, 160000, 1.1, 0.95), (87.6, 2000, 5, 0.95), (50, 1, 1, 0.95),
]


@pytest.mark.skipif(NODE is None, reason="node not installed")
def test_browser_arithmetic_equals_python():
    """survey_math.js, run by Node, gives the intervals, changes and granularity of kzcourse.surveys."""
    script = paths.ROOT / "kzcourse" / "js" / "survey_math.js"
    program = f"""
const m = require({json.dumps(str(script))});
const cases = {json.dumps(CASES)};
const z = {json.dumps({str(c): sv.z_value(c) for c in (0.9, 0.95, 0.99)})};
const out = {{intervals: cases.map(([s, n, d, c]) => [m.normalInterval(s, n, d, z[String(c)]),
  m.wilsonInterval(s, n, d, z[String(c)]), m.exactInterval(s, n, d, c)]),
  changes: [m.newcombe(39.9, 1000, 29, 1505, 1, z["0.95"]), m.newcombe(72.7, 5000, 70.1, 5000, 2.2, z["0.95"])],
  views: [m.intervalView("39.9", "1000", "29", "1,505", 1, 0.95, z["0.95"]).message,
          m.intervalView("72.7", "5000", "70.1", "5000", 2.2, 0.99, z["0.99"]).message,
          m.intervalView("14", "56", "", "", 1.5, 0.9, z["0.9"]).message,
          m.intervalView("14", "x", "", "", 1, 0.95, z["0.95"]).message,
          m.intervalView("14", "56", "3", "", 1, 0.95, z["0.95"]).message],
  grains: [["61", "52"], ["79.81", "105"], ["29", "1505"], ["33,3", "500"], ["0", "10"], ["abc", "5"]].map(
    ([s, n]) => m.grainView(s, n))}};
console.log(JSON.stringify(out));
"""
    result = subprocess.run([NODE, "-e", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    for (share, n, deff, conf), (normal, wilson, exact) in zip(CASES, out["intervals"]):
        for got, make in ((normal, sv.normal_interval), (wilson, sv.wilson_interval), (exact, sv.exact_interval)):
            want = make(share, n, deff=deff, confidence=conf)
            assert got == pytest.approx([want.lower, want.upper], abs=1e-7), (share, n, deff, conf, make.__name__)
    for got, args in zip(out["changes"], ((39.9, 1000, 29, 1505, 1), (72.7, 5000, 70.1, 5000, 2.2))):
        want = sv.difference_interval(*args[:4], deff_before=args[4], deff_after=args[4])
        assert (got["lower"], got["upper"], got["significant"]) == (pytest.approx(want.lower, abs=1e-9),
                                                                    pytest.approx(want.upper, abs=1e-9), want.significant)
    python_views = [se.interval_view("39.9", "1000", "29", "1,505").message,
                    se.interval_view("72.7", "5000", "70.1", "5000", deff=2.2, confidence=0.99).message,
                    se.interval_view("14", "56", deff=1.5, confidence=0.9).message,
                    se.interval_view("14", "x").message,
                    se.interval_view("14", "56", "3", "").message]
    assert out["views"] == python_views
    for got, (share, n) in zip(out["grains"], [("61", "52"), ("79.81", "105"), ("29", "1505"), ("33,3", "500"),
                                               ("0", "10"), ("abc", "5")]):
        want = se.grain_view(share, n)
        assert got["message"] == want.message
        assert got["possible"] == want.possible and tuple(got["counts"]) == want.counts


# =========================================================================== the chapter
@pytest.fixture(scope="module")
def numbers() -> dict:
    return run_chapter(CHAPTER)


@pytest.mark.slow
def test_every_number_the_prose_asks_for_is_computed_and_every_computed_one_is_used(numbers):
    asked = eval_names(CHAPTER)
    assert asked - set(numbers) == set(), "the prose quotes names no cell computes"
    assert set(numbers) - asked == set(), "cells compute numbers the prose never shows"


@pytest.mark.slow
def test_chapter_key_values(numbers):
    # who asked whom
    assert (numbers["n_surveys"], numbers["n_no_size"], numbers["n_worded"], numbers["n_figures"]) == (16, 3, 2, 172)
    # intervals
    assert numbers["moe_gcb"] == pytest.approx(2.2925, abs=1e-4)
    assert (numbers["gcb_w_low"], numbers["gcb_w_high"]) == pytest.approx((26.763, 31.344), abs=1e-3)
    assert numbers["ceo_normal_low"] < numbers["ceo_exact_low"] < numbers["ceo_wilson_low"]
    assert numbers["gcb_neff2"] == "752"
    # changes between waves
    assert numbers["n_waves"] == 13 and numbers["n_assumed"] == 9
    assert (numbers["gcb_d_low"], numbers["gcb_d_high"]) == pytest.approx((-14.70, -7.10), abs=0.01)
    assert numbers["p16_erase"] == pytest.approx(2.154, abs=1e-3) and numbers["e16_erase"] == pytest.approx(2.900, abs=1e-3)
    assert numbers["gcb_change_rel"] == pytest.approx(27.32, abs=0.01)
    # consistency checks
    assert (numbers["n_grain"], numbers["n_grain_fail"], numbers["jour_base"]) == (122, 2, 104)
    assert numbers["enc_pooled"] == pytest.approx(20.733, abs=1e-3) and numbers["enc_total"] == 18.1
    assert numbers["mix_high"] == pytest.approx(19.49, abs=0.01) and numbers["mix_high"] < numbers["mix_printed"]
    assert (numbers["n_words"], numbers["n_words_fail"], numbers["majority_value"]) == (25, 1, 46)
    assert numbers["third_if"] == pytest.approx(26.6)
    # the official view and the Barometer
    assert numbers["g16_high2"] < numbers["kisi_share"] == 80
    assert numbers["cover_80"] == pytest.approx(19.83, abs=0.01)
    assert numbers["preko_paid"] == pytest.approx(11.1042) and numbers["gap"] == pytest.approx(17.8958)
    # appeals
    assert (numbers["n_rec"], numbers["n_rec_agree"], numbers["rec_year"]) == (30, 29, 2016)
    assert (numbers["n_prose"], numbers["n_prose_fail"], numbers["n_prose_errata"]) == (15, 8, 7)
    assert numbers["ca_fall"] == pytest.approx(1 - 170 / 1268)


@pytest.mark.slow
def test_chapter_executes_quickly():
    import time

    started = time.perf_counter()
    run_chapter(CHAPTER)
    assert time.perf_counter() - started < 20


def _set_gcb_2013_size(folder, size: int) -> None:
    """Rewrite the Barometer 2013 sample size (1,000) in the survey tables to ``size``."""
    for name in ("s003_surveys.csv", "s003_survey_samples.csv"):
        path = folder / "extracted" / name
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[frame.survey == "gcb_2013", "sample_size"] = str(size)
        frame.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.slow
def test_the_claim_about_changes_breaks_the_page_when_the_data_stop_supporting_it(tmp_path):
    """Had the 2013 Barometer interviewed 60 people, its fall in bribe-paying would be within noise."""
    import sys

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("derived", ".datapackage.lock"))
    _set_gcb_2013_size(data, 60)
    env = {"KZCOURSE_DATA": str(data), "PATH": str(ROOT / ".venv" / "bin")}
    for args in (["kzcourse.tools.datapackage", "refresh"], ["kzcourse.derive"], ["kzcourse.tools.datapackage", "refresh"]):
        result = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    with pytest.raises(ChapterFailed) as failure:
        run_chapter(CHAPTER, data_dir=data)
    assert failure.value.name == "AssertionError"
    assert "every change the sources compare exceeds its sampling uncertainty" in failure.value.value


# =========================================================================== in JupyterLab, as a student
@pytest.mark.browser
def test_chapter_5_reads_in_the_lab_and_its_widget_answers(lab):
    from lab_support import open_notebook, read_chapter, save

    path = lab[0] / "chapters" / "05_surveys.md"
    before = path.read_bytes()
    context, page, errors = open_notebook(lab, "chapters/05_surveys.md")
    try:
        read_chapter(page, expect=["between 14.4 and 19.5 per cent", "runs from 26.8 to 31.3 per cent", "Change -10.90 points"])
        figure = page.locator(".widget-dropdown").filter(has=page.locator("label.widget-label", has_text=re.compile("^Figure$")))
        figure.locator("select").select_option(label="PREKO: corruption average or high, 2016 to 2017 (sizes assumed)")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('72.7% of 5,000'))",
            timeout=30_000,
        )
        share = page.locator(".widget-text").filter(has=page.locator("label.widget-label", has_text=re.compile(r"^Share \(%\)$")))
        share.locator("input").fill("33.3")
        n_box = page.locator(".widget-text").filter(has=page.locator("label.widget-label", has_text=re.compile("^n$")))
        n_box.locator("input").fill("500")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('33.3% of 500 is impossible'))",
            timeout=30_000,
        )
        save(page)
    finally:
        context.close()
    assert not errors, errors
    assert path.read_bytes() == before, "saving the chapter in JupyterLab rewrote the file"


# =========================================================================== in the built book, without a kernel
FIGURE_ID = "survey-intervals"


def _in_own_thread(check, timeout: float = 300) -> None:
    """Run ``check`` in a thread of its own and re-raise what it raised.

    Playwright's sync API refuses to start while another sync Playwright (the session's
    ``lab`` fixture, or test_browser's) keeps an event loop running in this thread; a
    fresh thread has none, so this test works alone or in the whole suite.
    """
    outcome = {}

    def run():
        try:
            check()
        except BaseException as error:  # noqa: BLE001 (re-raised below, in the test's thread)
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        pytest.fail(f"the browser check did not finish in {timeout} s")
    if "error" in outcome:
        raise outcome["error"]


def _state(page):
    return page.evaluate("id => kzFigureState(id)", FIGURE_ID)


def _mark(page):
    """Remember, in the page, what the figure shows now (compared in the page's own JSON)."""
    page.evaluate("id => { window.__kzBefore = JSON.stringify(kzFigureState(id)); }", FIGURE_ID)


def _changed(page):
    page.wait_for_function("id => JSON.stringify(kzFigureState(id)) !== window.__kzBefore", arg=FIGURE_ID, timeout=5000)
    return _state(page)


def _entry(page, name):
    return page.locator(f'[data-kz-figure="{FIGURE_ID}"] [data-kz-entry="{name}"]')


def _control(page, name):
    return page.locator(f'[data-kz-figure="{FIGURE_ID}"] [data-kz-control="{name}"]')


def _same_interval(got, want):
    return got == pytest.approx([want.lower, want.upper], abs=1e-7)


@pytest.mark.browser
def test_twin_computes_what_python_computes(built_book):
    """Operate every control and entry of the twin; its numbers and messages are the Python ones."""
    from kzcourse.tools.serve import CHROMIUM, chromium, serve

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed: apt-get install chromium (bash .ci/run does)")
    from playwright.sync_api import sync_playwright

    from browser_support import visit

    def check():
        with serve(built_book) as base, sync_playwright() as playwright, chromium(playwright) as browser:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                _operate_twin(visit(context, base, "chapters/05_surveys.html", built_book))
            finally:
                context.close()

    _in_own_thread(check)


def _operate_twin(book_page):
    page = book_page.page
    page.wait_for_function("id => window.kzFigureState && kzFigureState(id) && kzFigureState(id).ok", arg=FIGURE_ID, timeout=15000)
    state = _state(page)
    assert state["figure"] == se.figure_presets()[0].key
    assert _same_interval(state["waves"][0]["wilson"], sv.wilson_interval(39.9, 1000))
    assert state["message"] == se.interval_view("39.9", "1000", "29", "1505").message
    # The figure menu: PREKO's perception 2016 -> 2017; then the design effect erases the change.
    preko = next(p for p in se.figure_presets() if p.share_a == "72.7" and p.share_b == "70.1")
    _mark(page)
    _control(page, "figure").select_option(preko.key)
    state = _changed(page)
    assert state["difference"]["significant"] is True
    _mark(page)
    _control(page, "deff").evaluate("el => { el.value = '2.2'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    state = _changed(page)
    want = sv.difference_interval(72.7, 5000, 70.1, 5000, deff_before=2.2, deff_after=2.2)
    assert state["deff"] == 2.2 and state["difference"]["significant"] is False
    assert (state["difference"]["lower"], state["difference"]["upper"]) == pytest.approx((want.lower, want.upper), abs=1e-9)
    # The confidence menu, and a share typed by the reader.
    _mark(page)
    _control(page, "confidence").select_option("0.99")
    state = _changed(page)
    _entry(page, "share_b").fill("")
    _entry(page, "n_b").fill("")
    _entry(page, "share_a").fill("14")
    _entry(page, "n_a").fill("56")
    page.wait_for_function("id => kzFigureState(id).entries.n_a === '56'", arg=FIGURE_ID, timeout=5000)
    state = _state(page)
    assert state["figure"] == "custom" and state["difference"] is None
    for method, make in (("normal", sv.normal_interval), ("wilson", sv.wilson_interval), ("exact", sv.exact_interval)):
        assert _same_interval(state["waves"][0][method], make(14, 56, deff=2.2, confidence=0.99)), method
    assert state["message"] == se.interval_view("14", "56", deff=2.2, confidence=0.99).message
    # A bad entry gives the same one-line message as the notebook widget, and no error.
    _mark(page)
    _entry(page, "n_a").fill("10.5")
    state = _changed(page)
    assert state["ok"] is False and state["message"] == se.interval_view("14", "10.5").message
    assert page.locator(f'[data-kz-figure="{FIGURE_ID}"] .kz-readout').inner_text() == state["message"]
    # The granularity check: a preset, then a share typed by the reader.
    grain = _control(page, "grain")
    _mark(page)
    grain.select_option(se.grain_presets()[1].key)
    state = _changed(page)
    assert state["grain"]["message"] == se.grain_view("61", "52").message and state["grain"]["possible"] is False
    _entry(page, "grain_share").fill("33.3")
    _entry(page, "grain_n").fill("500")
    page.wait_for_function("id => kzFigureState(id).grain.n === '500'", arg=FIGURE_ID, timeout=5000)
    state = _state(page)
    assert state["grain"]["preset"] == "custom" and state["grain"]["message"] == se.grain_view("33.3", "500").message
    _mark(page)
    _entry(page, "grain_n").fill("0")
    state = _changed(page)
    assert state["grain"]["message"] == "No check: n must be at least 1 respondent; got 0."
    assert page.locator(f'[data-kz-figure="{FIGURE_ID}"] .kz-plot .main-svg').count() > 0
    assert page.locator(f'[data-kz-figure="{FIGURE_ID}"] .kz-plot-grain .main-svg').count() > 0
    assert not book_page.problems(), book_page.problems()

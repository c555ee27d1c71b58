"""Unit tests of kzcourse.surveys (Chapter 5, opinion surveys) and the chapter's key values.

Interval formulas are checked against textbook values and against statsmodels; the
consistency checks against the figures of the source documents that motivate them.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from kzcourse import surveys as sv
from kzcourse.surveys import SurveyError


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

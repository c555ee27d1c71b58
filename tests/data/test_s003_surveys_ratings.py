"""Reconciliation of the survey (section 9) and ratings (section 11.2) figures of document 003.

Each printed share, total, change and rating is recomputed from its parts or compared
with the published Corruption Perceptions Index. Contradictions are asserted as found
in the ``test_erratum_*`` tests and listed in ``data/errata.csv``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from kzcourse.data import load


# ----------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def sv() -> pd.DataFrame:
    return load("s003_surveys")


@pytest.fixture(scope="module")
def samples() -> pd.DataFrame:
    return load("s003_survey_samples")


@pytest.fixture(scope="module")
def cpi() -> pd.DataFrame:
    return load("ti_cpi_2012_2024")


@pytest.fixture(scope="module")
def cpi_old() -> pd.DataFrame:
    return load("ti_cpi_1995_2017")


def pct(sv, survey, population, question_id, answer, settlement=None, kind="value") -> float:
    rows = sv[(sv.survey == survey) & (sv.population == population) & (sv.question_id == question_id)
              & (sv.answer == answer) & (sv.row_kind == kind)]
    rows = rows[rows.settlement.isna()] if settlement is None else rows[rows.settlement == settlement]
    assert len(rows) >= 1, (survey, population, question_id, answer, settlement, kind)
    values = set(rows.percent)
    assert len(values) == 1, values
    return float(rows.percent.iloc[0])


def half_unit(value: float) -> float:
    """Half of the last printed digit: 0.5 for '29', 0.05 for '29.9', 0.005 for '79.81'."""
    for decimals in range(4):
        if math.isclose(value, round(value, decimals), abs_tol=1e-9):
            return 0.5 * 10 ** (-decimals)
    return 0.00005


def decimals_of(value: float) -> int:
    return int(round(-math.log10(2 * half_unit(value))))


def attainable(percent: float, n: int) -> bool:
    """Is there a whole number of respondents k out of n whose share rounds to the printed percent?"""
    tol = half_unit(percent) + 1e-9
    k = np.arange(n + 1)
    return bool(np.any(np.abs(100 * k / n - percent) <= tol))


def score_col(frame: pd.DataFrame, year: int) -> str:
    return next(c for c in frame.columns if c.lower() == f"cpi score {year}")


def kaz(frame: pd.DataFrame, column: str) -> float:
    return float(frame.loc[frame.ISO3 == "KAZ", column].iloc[0])


def computed_rank(frame: pd.DataFrame, year: int) -> tuple[int, int]:
    scores = pd.to_numeric(frame[score_col(frame, year)], errors="coerce").dropna()
    mine = kaz(frame, score_col(frame, year))
    return int((scores > mine).sum() + 1), int(len(scores))


# ----------------------------------------------------------------- samples
def test_preko_2017_sample_adds_up(samples):
    p = samples[samples.survey == "preko_2017"].set_index("population")["sample_size"]
    parts = p["individuals"] + p["individual entrepreneurs"] + p["legal entities"] + p["experts"]
    assert p["all respondents"] == 10000
    assert parts == 10000


def test_sample_sizes_as_printed(samples):
    printed = samples[samples.sample_size.notna()]
    for _, row in printed.iterrows():
        assert int(str(row.sample_size_as_printed).replace(",", "").replace(" ", "")) == row.sample_size
    # the surveys quoted without any sample size have their row too, with both columns empty
    unsized = samples[samples.sample_size.isna()]
    assert set(unsized.survey) == {"sotsium_zertteu", "preko_2015", "preko_2016"}
    assert unsized.sample_size_as_printed.isna().all()
    assert set(load("s003_surveys").survey) <= set(samples.survey)


def test_survey_rows_carry_the_samples_sizes(sv, samples):
    sizes = samples.set_index(["survey", "population"])["sample_size"]
    with_size = sv[sv.sample_size.notna()]
    assert len(with_size) > 100
    for _, row in with_size.iterrows():
        if row.survey == "gcb_2017_global":
            assert row.sample_size == sizes[("gcb_2017_global", "adults")]
        else:
            assert row.sample_size == sizes[(row.survey, row.population)]


def test_gcb_sample_sizes(samples):
    s = samples.set_index(["survey", "population"])
    assert s.loc[("gcb_2016", "adults"), "sample_size"] > s.loc[("gcb_2013", "adults"), "sample_size"]
    assert s.loc[("gcb_2017_global", "adults"), "countries"] > s.loc[("gcb_2013_global", "adults"), "countries"]


# ----------------------------------------------------------------- shares
def _groups(sv, response_type):
    values = sv[(sv.row_kind == "value") & (sv.response_type == response_type)]
    return values.groupby(["survey", "population", "settlement", "question_id"], dropna=False)


def test_single_choice_shares_do_not_exceed_100(sv):
    for key, g in _groups(sv, "single"):
        tol = sum(half_unit(v) for v in g.percent)
        assert g.percent.sum() <= 100 + tol, key


COMPLETE_SINGLE = {
    # (survey, population, question_id): printed options that should cover everyone
    ("apa_2017", "small and medium business", "trust_research_by_type"),
    ("apa_2017", "small and medium business", "publish_findings"),
    ("strategiya_2017", "businesses (questionnaire)", "initiator_land"),
}


def test_complete_single_choice_questions_sum_to_100(sv):
    for survey, population, qid in COMPLETE_SINGLE:
        g = sv[(sv.survey == survey) & (sv.population == population) & (sv.question_id == qid) & (sv.row_kind == "value")]
        tol = sum(half_unit(v) for v in g.percent)
        assert abs(g.percent.sum() - 100) <= tol, (survey, qid, g.percent.sum())


def test_partial_single_choice_questions_leave_a_plausible_rest(sv):
    """Printed options of these questions omit 'do not know' etc.; the rest is small."""
    cases = {
        ("apa_2017", "adults", "bribery_widespread"): 98.1,
        ("apa_2017", "adults", "media_coverage_view"): 97.3,
        ("apa_2017", "small and medium business", "read_about_corruption"): 94.0,
        ("apa_2017", "civil servants", "trust_research_results"): 94.0,
        ("apa_2017", "civil servants", "research_promotes_culture"): 99.0,
        ("apa_2017", "adults", "bribe_vs_connections"): 88.0,
        ("gcb_2016", "adults", "govt_efforts"): 83.0,
        ("strategiya_2017", "businesses (questionnaire)", "reasons_unofficial_payments"): 88.9,
    }
    for (survey, population, qid), expected in cases.items():
        g = sv[(sv.survey == survey) & (sv.population == population) & (sv.question_id == qid) & (sv.row_kind == "value")]
        assert g.percent.sum() == pytest.approx(expected, abs=1e-9)
        assert g.percent.sum() <= 100


def test_state_research_trust_parts_and_rest(sv):
    sme = "small and medium business"
    trust = pct(sv, "apa_2017", sme, "trust_state_research", "trust (total)", kind="total")
    distrust = pct(sv, "apa_2017", sme, "trust_state_research", "do not trust")
    assert trust + distrust == pytest.approx(93.8)
    assert trust + distrust <= 100


def test_multiple_response_questions_exceed_100(sv):
    """These sums exceed 100, so the questions must be multiple-response (the text does not say so)."""
    expected = {
        ("apa_2017", "adults", "why_bribes_given"): 122.4,
        ("apa_2017", "adults", "reasons_used_corruption"): 121.1,
        ("apa_2017", "adults", "most_corrupt_sector"): 100.5,  # shared labels counted once; 'the rest < 10%' come on top
        ("apa_2017", "civil servants", "who_needs_findings"): 105.4,
        ("apa_2017", "civil servants", "who_orders_research"): 140.6,
        ("nur_otan_2014", "people from all across the country", "most_important_values"): 215.1,
    }
    for (survey, population, qid), total in expected.items():
        g = sv[(sv.survey == survey) & (sv.population == population) & (sv.question_id == qid) & (sv.row_kind == "value")]
        assert set(g.response_type) == {"multiple"}
        assert g.percent.sum() == pytest.approx(total, abs=1e-9)
        assert g.percent.sum() > 100


def test_printed_totals_equal_their_parts(sv):
    for population, qid, parts in [
        ("small and medium business", "trust_state_research", ["more likely to trust", "trust in full"]),
        ("small and medium business", "trust_ti_cpi", ["more likely to trust", "trust in full"]),
        ("civil servants", "trust_ti_cpi", ["more likely to trust", "trust in full"]),
        ("civil servants", "trust_state_research", ["more likely to trust", "trust in full"]),
    ]:
        total = pct(sv, "apa_2017", population, qid, "trust (total)", kind="total")
        recomputed = sum(pct(sv, "apa_2017", population, qid, a) for a in parts)
        assert recomputed == pytest.approx(total, abs=1e-9), (population, qid)


def test_repeated_figures_match_their_first_statement(sv):
    repeats = sv[sv.row_kind == "repeat"]
    assert len(repeats) == 13
    for _, r in repeats.iterrows():
        first = pct(sv, r.survey, r.population, r.question_id, r.answer,
                    settlement=None if pd.isna(r.settlement) else r.settlement)
        assert first == r.percent, (r.survey, r.question_id, r.answer)


def test_percentages_attainable_with_printed_base(sv):
    """A share of n respondents is k/n; only two printed shares fail (see errata)."""
    rows = sv[sv.sample_size.notna() & sv.response_type.isin(["single", "multiple"])]
    failing = {(r.survey, r.question_id, r.percent) for _, r in rows.iterrows()
               if not attainable(r.percent, int(r.sample_size))}
    assert failing == {("internews_2016", "most_common_violation", 79.81),
                       ("pwc_ceo_2016", "govt_anticorruption_effective", 61.0)}


def test_apa_500_samples_print_multiples_of_0_2(sv):
    """With n = 500 each respondent is 0.2%; every SME and civil-servant share is a multiple of 0.2."""
    rows = sv[(sv.survey == "apa_2017") & sv.population.isin(["small and medium business", "civil servants"])]
    assert len(rows) == 36
    for v in rows.percent:
        assert abs(v / 0.2 - round(v / 0.2)) < 1e-6, v


# ----------------------------------------------------------------- claims in the prose
def test_verbal_quantifiers(sv):
    assert pct(sv, "preko_2017", "individuals", "encountered_corruption", "yes") == pytest.approx(100 / 5, abs=0.5)  # every fifth
    assert pct(sv, "apa_2017", "adults", "reasons_used_corruption", "bribe was the only option") == pytest.approx(10, abs=0.5)  # every 10th
    assert pct(sv, "strategiya_2017", "businesses (questionnaire)", "customs_behaviour", "unofficial way ('illegal')") == pytest.approx(25, abs=1.5)  # every fourth
    assert pct(sv, "strategiya_2017", "businesses (questionnaire)", "tax_behaviour", "follow the law") > 100 / 3  # more than a third
    assert pct(sv, "strategiya_2017", "businesses (questionnaire)", "procurement_behaviour", "act within the law") == pytest.approx(100 / 3, abs=0.5)
    assert pct(sv, "apa_2017", "civil servants", "research_promotes_culture", "yes") > 50  # over half
    assert pct(sv, "apa_2017", "small and medium business", "publish_findings", "yes") > 50
    # 'an absolute majority' of civil servants trust research results
    cs = "civil servants"
    assert pct(sv, "apa_2017", cs, "trust_research_results", "more likely to trust") + pct(sv, "apa_2017", cs, "trust_research_results", "trust") > 50
    # 'a little over a third' trust joint research: what the three printed options leave over
    implied_joint = 100 - sum(sv[(sv.survey == "apa_2017") & (sv.population == cs) & (sv.question_id == "trust_research_by_type")].percent)
    assert implied_joint == pytest.approx(38.6)
    assert 100 / 3 < implied_joint < 40
    # 'Less than a third ... (23%, 17%, 21%, 20%, 19%)'
    for answer in ["job in education", "kindergarten or school place", "social payments", "medical services", "official documents"]:
        assert pct(sv, "gcb_2016", "adults", "paid_bribe_by_service", answer) < 100 / 3


def test_ordering_claims(sv):
    inst = sv[(sv.survey == "gcb_2016") & (sv.question_id == "most_corrupt_institutions")].set_index("answer").percent
    assert inst.idxmax() == "law enforcement bodies" and inst.idxmin() == "high-level civil servants"
    sect = sv[(sv.survey == "apa_2017") & (sv.question_id == "most_corrupt_sector") & (sv.row_kind == "value")].set_index("answer").percent
    assert sect.idxmax() == "traffic police" and (sect >= 10).all()
    exp = sv[(sv.survey == "strategiya_2017") & (sv.question_id == "corruption_experience_by_area")].set_index("answer").percent
    assert list(exp.sort_values(ascending=False).index[:2]) == ["customs administration", "land relations"]
    groups = sv[(sv.survey == "preko_2017") & (sv.question_id == "encountered_corruption") & sv.settlement.isna() & (sv.row_kind == "value")
                & sv.population.isin(["individuals", "individual entrepreneurs", "legal entities"])].set_index("population").percent
    assert groups.idxmax() == "individual entrepreneurs"  # 'the most frequent category'
    places = sv[(sv.survey == "preko_2017") & (sv.question_id == "encountered_corruption") & sv.settlement.notna()].set_index("settlement").percent
    assert places.idxmax() == "oblast centres"  # 'far more often than anywhere else'
    assert pct(sv, "apa_2017", "civil servants", "trust_state_research", "trust (total)", kind="total") < \
        pct(sv, "apa_2017", "civil servants", "trust_ti_cpi", "trust (total)", kind="total")  # 'slightly lower'


def test_survey_scores_ordering_and_ranges():
    sc = load("s003_survey_scores")
    gcb = sc[sc.question_id == "institution_corruption_score"].value.tolist()
    assert gcb == sorted(gcb, reverse=True) and all(1 <= v <= 5 for v in gcb)
    low = sc[sc.question_id == "anticorruption_policy_confidence"].value.tolist()
    assert low == sorted(low, reverse=True)
    pay = sc[sc.question_id == "unofficial_payment_size"]
    in_thousand = pay.value * np.where(pay.unit == "KZT million", 1000, 1)
    customs = in_thousand[pay.item == "customs administration"].tolist()
    tax = in_thousand[pay.item == "taxation"].tolist()
    assert customs[0] < customs[1] and tax[0] < tax[1]
    assert max(customs) > max(tax)  # 'the highest average value ... in customs'


def test_reported_changes_are_percentage_point_differences(sv):
    ch = load("s003_survey_reported_changes").set_index("change_id")
    bribe13 = pct(sv, "gcb_2013", "adults", "paid_bribe_12m", "yes")
    bribe16 = pct(sv, "gcb_2016", "adults", "paid_bribe_12m", "yes")
    assert bribe13 - bribe16 == pytest.approx(ch.loc["gcb_bribe_paid", "printed_change"], abs=0.55)
    # as a relative fall it would be 27%, not 10.9%: the '%' means percentage points
    assert (bribe13 - bribe16) / bribe13 * 100 == pytest.approx(27.3, abs=0.1)
    seen13 = pct(sv, "gcb_2013", "adults", "positive_change_seen", "yes")
    fallen16 = pct(sv, "gcb_2016", "adults", "corruption_fallen_4y", "agree (corruption has fallen)")
    assert fallen16 - seen13 == ch.loc["gcb_positive_change", "printed_change"]
    p15 = pct(sv, "preko_2015", "individuals", "perceived_avg_or_high", "average or high")
    p17 = pct(sv, "preko_2017", "individuals", "perceived_avg_or_high", "average or high")
    for cid in ["preko_perception", "preko_perception_summary"]:
        assert p15 - p17 == pytest.approx(ch.loc[cid, "printed_change"], abs=0.1)
    e15 = pct(sv, "preko_2015", "individuals", "encountered_corruption", "yes")
    e17 = pct(sv, "preko_2017", "individuals", "encountered_corruption", "yes")
    assert e15 - e17 == pytest.approx(ch.loc["preko_encounter", "printed_change"], abs=0.1)


def test_gcb_directions_as_claimed(sv):
    assert pct(sv, "gcb_2016", "adults", "ready_to_act", "yes") < pct(sv, "gcb_2013", "adults", "ready_to_act", "yes")
    assert pct(sv, "gcb_2016", "adults", "people_cannot_change", "agree") < pct(sv, "gcb_2013", "adults", "people_cannot_change", "agree")


def test_preko_trends_as_claimed(sv):
    trend = [pct(sv, f"preko_{y}", "individuals", "perceived_avg_or_high", "average or high") for y in (2015, 2016, 2017)]
    assert trend == sorted(trend, reverse=True)
    ie = [pct(sv, f"preko_{y}", "individual entrepreneurs", "encountered_corruption", "yes") for y in (2015, 2016, 2017)]
    assert ie[2] > ie[0]  # 'a rise' over three years (though 2017 is below 2016)


def _settlement_bounds(sv, question_id, total_question_id, answer_total, answer):
    """Range of a settlement-weighted mean of question_id, over all mixes that reproduce the total of another question."""
    order = ["oblast centres and national-level cities", "small towns", "rural"]
    enc_order = ["oblast centres", "small towns", "rural"]
    P = np.array([pct(sv, "preko_2017", "individuals", total_question_id, answer_total, settlement=s) for s in order])
    E = np.array([pct(sv, "preko_2017", "individuals", question_id, answer, settlement=s) for s in enc_order])
    total = pct(sv, "preko_2017", "individuals", total_question_id, answer_total)
    h = 0.05
    # weights w >= 0, sum 1, (P - h).w <= total + h, (P + h).w >= total - h ; extremes of (E +/- h).w
    A_ub = np.vstack([P - h, -(P + h)])
    b_ub = np.array([total + h, -(total - h)])
    kw = dict(A_ub=A_ub, b_ub=b_ub, A_eq=np.ones((1, 3)), b_eq=[1], bounds=[(0, 1)] * 3)
    hi = -linprog(-(E + h), **kw).fun
    lo = linprog(E - h, **kw).fun
    return lo, hi


def test_preko_perception_settlements_reproduce_total(sv):
    order = ["oblast centres and national-level cities", "small towns", "rural"]
    P = [pct(sv, "preko_2017", "individuals", "perceived_avg_or_high", "average or high", settlement=s) for s in order]
    total = pct(sv, "preko_2017", "individuals", "perceived_avg_or_high", "average or high")
    assert min(P) <= total <= max(P)


# ----------------------------------------------------------------- CPI
def test_cpi_scores_match_published_index(cpi):
    hist = load("s003_cpi_history").set_index("year")
    for year in (2015, 2016, 2017):
        assert hist.loc[year, "score"] == kaz(cpi, score_col(cpi, year))
        assert hist.loc[year, "scale_as_printed"] == "0-100"


def test_cpi_2016_rank_and_country_count(cpi):
    hist = load("s003_cpi_history").set_index("year")
    rank, n = computed_rank(cpi, 2016)
    assert (hist.loc[2016, "rank"], hist.loc[2016, "countries"]) == (rank, n) == (131, 176)


def test_cpi_2017_rank_and_ties(cpi):
    hist = load("s003_cpi_history").set_index("year")
    assert hist.loc[2017, "rank"] == kaz(cpi, "Rank 2017") == computed_rank(cpi, 2017)[0] == 122
    tied = cpi.loc[cpi["Rank 2017"] == 122, "Country / Territory"].tolist()
    assert {"Azerbaijan", "Moldova"} <= set(tied)


def test_cpi_2016_statements(cpi):
    st = load("s003_cpi_statements").set_index("statement_id")
    scores = pd.to_numeric(cpi[score_col(cpi, 2016)], errors="coerce").dropna()
    assert st.loc["countries_covered", "value"] == len(scores) == 176
    assert st.loc["global_average", "value"] == round(scores.mean()) == 43
    assert (st.loc["scale_min", "value"], st.loc["scale_max", "value"]) == (0, 100)
    assert kaz(cpi, score_col(cpi, 2016)) < st.loc["corrupt_threshold", "value"]


def test_cpi_sources_average_to_the_score(cpi):
    src = load("s003_cpi_sources")
    for year, printed in [(2016, 29), (2017, 31)]:
        s = src[src.year == year].score
        assert len(s) == 9 == int(kaz(cpi, f"Sources {year}"))
        assert round(s.mean()) == printed == kaz(cpi, score_col(cpi, year))
    assert src[src.year == 2016].score.mean() == pytest.approx(259 / 9)
    assert src[src.year == 2017].score.mean() == pytest.approx(277 / 9)


def test_cpi_source_changes_and_counts():
    src = load("s003_cpi_sources").pivot(index="source", columns="year", values="score")
    ch = load("s003_cpi_source_changes").set_index("source")
    diff = src[2017] - src[2016]
    for source, row in ch.iterrows():
        if row.direction_printed == "unchanged":
            assert diff[source] == 0 and pd.isna(row.change_printed)
        else:
            assert abs(diff[source]) == row.change_printed
            assert (diff[source] > 0) == (row.direction_printed in {"rose", "increased", "raised", "improved"})
    counts = load("s003_cpi_source_counts").set_index("category")["count"]
    assert counts["all sources"] == len(diff) == 9
    assert counts["improved"] == (diff > 0).sum() == counts["favourable agencies listed"]
    assert counts["lower score"] == (diff < 0).sum() == counts["fell (WEF and Freedom House)"]
    assert counts["unchanged"] == (diff == 0).sum()


def test_cpi_extremes_hold_after_rescaling(cpi_old):
    """'Worst showing 2007 (21)', 'best 30 in 2000' and 'maximum since 1999' hold once 0-10 scores are multiplied by 10."""
    hist = load("s003_cpi_history").set_index("year")
    series = {int(y): 10 * float(cpi_old.loc[cpi_old.country == "Kazakhstan", y].iloc[0]) for y in map(str, range(1999, 2018))}
    assert hist.loc[2007, "score"] == pytest.approx(min(series.values()))
    assert hist.loc[2000, "score"] == pytest.approx(max(v for y, v in series.items() if y < 2017))
    assert hist.loc[2017, "score"] == pytest.approx(max(series.values()))


def test_erratum_cpi_2015_rank(cpi):
    hist = load("s003_cpi_history").set_index("year")
    rank, _ = computed_rank(cpi, 2015)
    assert hist.loc[2015, "rank"] == 126
    assert rank == 123


def test_erratum_cpi_2015_countries(cpi, cpi_old):
    hist = load("s003_cpi_history").set_index("year")
    _, n2015 = computed_rank(cpi, 2015)
    _, n2016 = computed_rank(cpi, 2016)
    assert hist.loc[2015, "countries"] == 176 == n2016
    assert n2015 == 168 == int((cpi_old["2015"] > 0).sum())


def test_erratum_cpi_pre2012_scale(cpi_old):
    hist = load("s003_cpi_history").set_index("year")
    published = {y: float(cpi_old.loc[cpi_old.country == "Kazakhstan", str(y)].iloc[0]) for y in (2000, 2007)}
    assert published == {2000: 3.0, 2007: 2.1}  # 0-10 scale
    for year in (2000, 2007):
        assert hist.loc[year, "score"] != published[year]
        assert hist.loc[year, "score"] == pytest.approx(10 * published[year])
    # the 'maximum since 1999' claim compares 31 (0-100 method) with 30 (= 3.0 on the 0-10 method)
    assert hist.loc[2017, "score"] - hist.loc[2000, "score"] == 1


# ----------------------------------------------------------------- WGI and other ratings
def test_wgi_internal_consistency():
    w = load("s003_wgi_control_of_corruption").set_index(["measure", "year"]).value
    est = w["estimate"]
    assert est[2016] > est[1996]  # 'an improvement'
    assert (est < 0).all() and (est >= -2.5).all()  # 'not a score over zero'
    pr = w["percentile_rank"]
    assert pr[2000] <= pr[2016] <= pr[2014]  # low in 2000, high in 2014
    assert pr[2016] < 25  # 'still in the lowest 25%'


def test_other_ratings_claims():
    o = load("s003_other_ratings")
    db = o[(o.rating == "World Bank Doing Business") & (o.indicator == "distance to frontier")].set_index("year").value
    assert db[2018] > db[2017]
    db_rank = o[(o.rating == "World Bank Doing Business") & (o.indicator == "overall rank")].iloc[0]
    assert db_rank["rank"] <= db_rank["countries"]
    tr = o[o.rating == "TRACE Matrix"]
    overall = tr[(tr.indicator == "overall score") & (tr.country == "Kazakhstan")].set_index("year")
    assert (overall["rank"] <= overall["countries"]).all()
    best = tr[tr.indicator == "overall score (best)"].value.iloc[0]
    worst = tr[tr.indicator == "overall score (worst)"].value.iloc[0]
    avg = tr[tr.indicator == "overall score (average)"].value.iloc[0]
    assert best < avg < overall.loc[2017, "value"] < worst
    wef = o[o.rating == "WEF Global Competitiveness Index"].set_index(["indicator", "year"]).value
    assert wef[("irregular payments and bribes", 2017)] < wef[("irregular payments and bribes", 2016)]  # 'fell'
    assert wef[("overall index", 2017)] < wef[("overall index", 2016)]  # 'fell to 4.3'


def test_erratum_trace_direction():
    o = load("s003_other_ratings")
    tr = o[(o.rating == "TRACE Matrix") & (o.country == "Kazakhstan")]
    overall = tr[tr.indicator == "overall score"].set_index("year")
    business = tr[tr.indicator == "business interactions with government"].set_index("year").value
    # the text's example of a 'disappointing' change is a 17-point fall of a risk score (higher = more risk)
    assert list(business) == [72, 68, 55]
    assert business[2017] - business[2014] == -17
    assert overall.loc[2017, "value"] - overall.loc[2014, "value"] == -10
    # what did worsen: the rank, and the three other domains
    assert overall.loc[2017, "rank"] > overall.loc[2016, "rank"]
    others = tr[~tr.indicator.isin(["overall score", "business interactions with government", "bribery risk level"])]
    change = others.pivot(index="indicator", columns="year", values="value")
    assert ((change[2017] - change[2014]) > 0).all()


def test_erratum_oecd_iap_recommendations_sum():
    table = load("s003_oecd_iap_recommendations")
    for section in ("11.1.2", "5.1.2"):  # the same figures are printed in both sections
        r = table[table.section == section].set_index("category")["count"]
        printed_total = r["previous (3rd round) recommendations"]
        rated = ["not implemented", "partially implemented", "substantially implemented", "fully implemented"]
        recomputed = int(r[rated].fillna(0).sum())  # 'has not implemented any recommendations in full' = 0
        assert printed_total == 19
        assert recomputed == 17


# ----------------------------------------------------------------- survey errata
def test_erratum_gcb2016_govt_efforts_majority(sv):
    poor = pct(sv, "gcb_2016", "adults", "govt_efforts", "poor or very poor")
    good = pct(sv, "gcb_2016", "adults", "govt_efforts", "relatively good")
    assert poor == 46
    assert poor < 50  # not 'the majority'
    assert poor > good  # only a plurality


def test_erratum_gcb2016_corruption_fallen_sum(sv):
    g = sv[(sv.survey == "gcb_2016") & (sv.question_id == "corruption_fallen_4y")]
    assert set(g.response_type) == {"single"}
    assert g.percent.sum() == 91
    assert 100 - g.percent.sum() > sum(half_unit(v) for v in g.percent)


def test_erratum_preko2017_encounter_country(sv, samples):
    individuals = pct(sv, "preko_2017", "individuals", "encountered_corruption", "yes")
    whole = pct(sv, "preko_2017", "people (country as a whole)", "encountered_corruption", "yes")
    n = samples[samples.survey == "preko_2017"].set_index("population").sample_size
    groups = ["individuals", "individual entrepreneurs", "legal entities"]
    pooled = sum(n[g] * pct(sv, "preko_2017", g, "encountered_corruption", "yes") for g in groups) / sum(n[g] for g in groups)
    assert (individuals, whole) == (19.9, 18.1)
    assert round(pooled, 1) == 20.7
    assert whole not in (individuals, round(pooled, 1))


def test_erratum_preko2017_encounter_settlement(sv):
    lo, hi = _settlement_bounds(sv, "encountered_corruption", "perceived_avg_or_high", "average or high", "yes")
    printed = pct(sv, "preko_2017", "individuals", "encountered_corruption", "yes")
    whole = pct(sv, "preko_2017", "people (country as a whole)", "encountered_corruption", "yes")
    assert printed == 19.9
    assert hi == pytest.approx(19.5, abs=0.1)
    assert printed - 0.05 > hi  # unattainable for any settlement mix
    assert lo <= whole <= hi  # 18.1% is attainable


def test_erratum_nurotan2014_top_five(sv):
    printed_top_n = 5  # 'The top five most important values'
    top = sv[(sv.survey == "nur_otan_2014") & (sv.question_id == "most_important_values")]
    bottom = sv[(sv.survey == "nur_otan_2014") & (sv.question_id == "least_important_values")]
    assert len(top) == 4 != printed_top_n
    assert len(bottom) == 5


def test_erratum_internews2016_base(sv):
    r = sv[sv.survey == "internews_2016"].iloc[0]
    assert (r.percent, r.sample_size) == (79.81, 105)
    assert not attainable(r.percent, 105)
    assert (round(100 * 83 / 105, 2), round(100 * 84 / 105, 2)) == (79.05, 80.0)
    assert round(100 * 83 / 104, 2) == 79.81


def test_erratum_pwc_ceo2016_base(sv):
    r = sv[(sv.survey == "pwc_ceo_2016") & (sv.question_id == "govt_anticorruption_effective")].iloc[0]
    assert (r.percent, r.sample_size) == (61, 52)
    assert not attainable(r.percent, 52)
    assert (round(100 * 31 / 52, 1), round(100 * 32 / 52, 1)) == (59.6, 61.5)
    assert attainable(r.percent, 51)
    # the 2017 wave's shares are all attainable with its 56 CEOs
    for v in sv[sv.survey == "pwc_ceo_2017"].percent:
        assert attainable(v, 56)


def test_erratum_summary_willingness(sv):
    """Summary item 5 / conclusion 11: society is 'more and more willing to participate' (no figure given)."""
    before = pct(sv, "gcb_2013", "adults", "ready_to_act", "yes")
    after = pct(sv, "gcb_2016", "adults", "ready_to_act", "yes")
    assert (before, after) == (67, 47)
    assert after - before == -20

"""Reconciliation of the history told by documents 001 (state op-ed, 2017), 003 (civil-society
report, 2018) and 004 (commentary, 2024): the timeline, the informer rewards, the accounts' claims.

The timeline keeps one row per statement, so these tests check each statement against its
printed date phrase (and, where the sources are on disk, against the cited lines), check that
statements of the same event agree, and assert every disagreement as found in a
``test_erratum_*`` test listed in ``data/errata.csv``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kzcourse import paths
from kzcourse.data import load
from kzcourse.history import KINDS, check_claims, informer_rewards, timeline_disagreements
from kzcourse.tools import provenance

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


@pytest.fixture(scope="module")
def tl() -> pd.DataFrame:
    return load("timeline")


@pytest.fixture(scope="module")
def by_id(tl) -> pd.DataFrame:
    return tl.set_index("id")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return check_claims()


def _date(row) -> tuple:
    return tuple(None if pd.isna(row[c]) else int(row[c]) for c in ("year", "month", "day"))


# ----------------------------------------------------------------- form of the timeline
def test_timeline_covers_every_kind_and_three_documents(tl):
    assert set(tl["kind"]) == set(KINDS)
    assert set(tl["document"]) == {"001", "003", "004"}
    assert len(tl) == 129 and tl["event_key"].nunique() == 81


def test_ids_name_their_event_and_document(tl):
    for _, row in tl.iterrows():
        key, tag = row["id"].split(".")
        assert key == row["event_key"] and tag[:3] == row["document"], row["id"]
        assert row["source_document"].startswith(row["document"] + "_")


def test_one_kind_per_event(tl):
    kinds = tl.groupby("event_key")["kind"].nunique()
    assert (kinds == 1).all(), list(kinds[kinds > 1].index)


def test_date_precision_matches_the_date_columns(tl):
    for _, row in tl.iterrows():
        year, month, day = _date(row)
        p = row["date_precision"]
        if p == "undated":
            assert year is None and pd.isna(row["year_end"]) and row["date_basis"] == "inferred", row["id"]
            continue
        assert year is not None, row["id"]
        if p == "day":
            assert month and day
        elif p == "month":
            assert month and day is None
        elif p in ("year", "period", "range"):
            assert month is None and day is None
        if p in ("period", "range"):
            assert row["year_end"] > year, row["id"]
        else:
            assert pd.isna(row["year_end"]), row["id"]


def test_printed_dates_match_the_printed_phrase(tl):
    """year, month, day and year_end are not provenance-checked; the printed phrase checks them."""
    for _, row in tl[tl["date_basis"].isin(["printed", "printed_glued"])].iterrows():
        text = row["date_as_printed"]
        year, month, day = _date(row)
        if row["date_basis"] == "printed":
            assert row["year_printed"] == year, row["id"]
            assert re.search(rf"(?<!\d){year}(?!\d)", text), row["id"]
        else:  # the year runs into a footnote marker: '200816'
            assert pd.isna(row["year_printed"]), row["id"]
            assert re.search(rf"(?<!\d){year}\d{{2}}(?!\d)", text), row["id"]
        if month:
            assert MONTHS[month - 1] in text, row["id"]
        if day:
            assert re.search(rf"(?<!\d){day}(?!\d)", text), row["id"]
        if pd.notna(row["year_end"]):
            assert str(int(row["year_end"])) in text, row["id"]


def test_inferred_and_attested_dates_say_why(tl):
    rest = tl[tl["date_basis"].isin(["inferred", "attested", "printed_glued"])]
    assert len(rest) == 46
    assert rest["date_note"].notna().all(), list(rest.loc[rest["date_note"].isna(), "id"])
    assert rest["year_printed"].isna().all()


def test_act_codes_carry_the_year_of_the_act(tl):
    """adilet.zan.kz codes start with a letter and the act's two-digit year: Z1500000410 is a 2015 law."""
    coded = tl[tl["act_code"].notna() & tl["year"].notna()]
    assert len(coded) == 19
    mismatched = {r["id"] for _, r in coded.iterrows() if r["act_code"][1:3] != str(int(r["year"]))[2:]}
    # the Plan of the Nation is 'developed in 2014' but its act is of 2015 (noted in the row)
    assert mismatched == {"plan_of_the_nation.003b"}
    assert "15" in tl.set_index("id").loc["plan_of_the_nation.003b", "date_note"]


def test_same_act_code_same_law(tl):
    """Statements citing one act code are one event (the interaction law is cited under two titles)."""
    coded = tl[tl["act_code"].notna()]
    keys = coded.groupby("act_code")["event_key"].nunique()
    assert (keys == 1).all()
    assert coded.groupby("act_code").size()["Z070000221_"] == 2


@pytest.mark.skipif(not paths.seeds_dir().exists(), reason="source documents not on disk")
def test_date_phrases_stand_in_the_cited_lines(tl):
    for _, row in tl[tl["date_as_printed"].notna()].iterrows():
        spans = [s.strip() for s in row["source_lines"].split(";")]
        text = " ".join(provenance.text_of(f"seeds/{row['source_document']}", spans).split())
        assert " ".join(row["date_as_printed"].split()) in text, row["id"]


@pytest.mark.skipif(not paths.seeds_dir().exists(), reason="source documents not on disk")
def test_act_codes_stand_in_the_cited_lines(tl):
    for _, row in tl[tl["act_code"].notna()].iterrows():
        spans = [s.strip() for s in row["source_lines"].split(";")]
        assert row["act_code"] in provenance.text_of(f"seeds/{row['source_document']}", spans), row["id"]


# ----------------------------------------------------------------- agreement between statements
def test_disagreements_are_exactly_the_errata(tl):
    d = timeline_disagreements()
    assert set(d["event_key"]) == {"corruption_law", "iap_participation_start", "iap_round4_report"}
    assert len(d) == 9
    assert d["across_documents"].sum() == 2


def test_statements_of_the_other_events_agree(tl):
    agreeing = {
        "uncac_ratified": (2008, 5, 4), "anticorruption_strategy": (2014, 12, 26), "universal_declaration": (2020, 1, 1),
        "public_unrest_2022": (2022, 1, None), "third_modernisation": (2017, 1, 31), "uncac_review_kazakhstan": (2015, None, None),
        "acn_founded": (1998, None, None), "iap_launched": (2003, None, None), "state_services_law": (2013, 4, 15),
        "interaction_law": (2007, 1, 12),
    }
    for key, (year, month, day) in agreeing.items():
        rows = tl[(tl["event_key"] == key) & tl["year"].notna() & (tl["date_precision"] != "period")]
        assert len(rows) >= 2, key
        assert (rows["year"] == year).all(), key
        for col, want in (("month", month), ("day", day)):
            given = rows[col].dropna()
            if want is not None:
                assert (given == want).all(), key


def test_strategy_stages_fit_the_action_plans(by_id):
    """Stage one ends in 2017 (the 2015-2017 action plan); stage two is 2018-2020 (the 2018-2020 action plan)."""
    assert by_id.loc["strategy_stage1_end.003a", "year"] == 2017
    assert by_id.loc["strategy_action_plan_2015_2017.003a", "year"] == 2015
    for i in ("strategy_stage2.003a", "strategy_stage2.003b", "greco_accession_plan.003b"):
        assert (by_id.loc[i, "year"], by_id.loc[i, "year_end"]) == (2018, 2020)
    # the strategy was adopted before its term began
    assert by_id.loc["anticorruption_strategy.003a", "year"] < by_id.loc["anticorruption_strategy.001a", "year"]
    assert by_id.loc["anticorruption_strategy.001a", "year_end"] == 2025


def test_declaration_was_postponed_from_2017_to_2020(by_id):
    first = by_id.loc["declaration_first_start.003a"]
    postponed = by_id.loc["declaration_postponed.003a"]
    new = by_id.loc["universal_declaration.003a"]
    assert (first["year"], postponed["year"], new["year"]) == (2017, 2016, 2020)
    assert postponed["year"] < first["year"] < new["year"]  # postponed a month before it was due
    assert new["year"] - first["year"] == 3


def test_monitoring_rounds_in_order(by_id):
    rounds = [by_id.loc[f"iap_round{i}.003a", "year"] for i in (1, 2, 3)] + [by_id.loc["iap_round4_report.003a", "year"]]
    assert rounds == [2007, 2011, 2014, 2017]
    assert by_id.loc["iap_launched.003a", "year"] < rounds[0]
    assert by_id.loc["iap_round4_launch.003a", "year"] == 2016


def test_agency_names_change_between_2017_and_2024(tl):
    agency = tl[tl["event_key"] == "anticorruption_agency"].set_index("document")
    assert set(agency.index) == {"001", "003", "004"}
    assert agency.loc["004", "year"].min() >= 2023 and agency.loc["003", "year"].max() <= 2018
    rename = tl[tl["kind"] == "renaming"].iloc[0]
    assert (rename["year"], rename["year_end"], rename["date_precision"]) == (2018, 2024, "range")


def test_public_councils_counts_agree(claims):
    """003 (3.4): 229 public councils; 001: 'more than 200' -- consistent."""
    claims = claims.set_index("claim_id")
    assert claims.loc["s001_public_councils", "verdict"] == claims.loc["s003_public_councils", "verdict"] == "holds"
    assert 229 > load("s001_figures").set_index("figure").loc["public_councils", "value"]


# ----------------------------------------------------------------- errata
def test_erratum_s003_corruption_law_date(tl):
    law = tl[tl["event_key"] == "corruption_law"]
    dates = law.apply(_date, axis=1).value_counts()
    assert dates[(2015, 11, 18)] == 4 and dates[(2015, 1, 18)] == 1
    odd = law[law["month"] == 1].iloc[0]
    assert odd["source_lines"] == "2274-2275" and odd["act_code"] == "Z1500000410"
    assert (law["act_code"].dropna() == "Z1500000410").all()  # one act


def test_erratum_s001_s003_iap_start(by_id):
    assert by_id.loc["iap_participation_start.001a", "year"] == 2004
    assert by_id.loc["iap_participation_start.003a", "year"] == 2006
    # both fit the report's chronology: launched 2003, first report on Kazakhstan in 2007
    assert by_id.loc["iap_launched.003a", "year"] < 2004 < 2006 < by_id.loc["iap_round1.003a", "year"]


def test_erratum_s003_iap_round4_completion(tl):
    r4 = tl[tl["event_key"] == "iap_round4_report"]
    due = r4[r4["id"] == "iap_round4_report.003d"].iloc[0]
    others = r4[r4["id"] != "iap_round4_report.003d"]
    assert (due["year"], due["month"]) == (2018, 9)
    assert set(zip(others["year"], others["month"])) == {(2017, 9)}
    assert len(others) == 4 and set(others["document"]) == {"001", "003"}


def test_erratum_s003_uncac_deposit_after_accession(by_id):
    ratified = pd.Timestamp(*_date(by_id.loc["uncac_ratified.003a"]))
    deposit = pd.Timestamp(*_date(by_id.loc["uncac_deposit.003a"]))
    accession = pd.Timestamp(*_date(by_id.loc["uncac_accession.003a"]))
    assert ratified < accession < deposit
    assert (deposit - accession).days == 29


def test_erratum_s001_s003_informer_rewards_2016():
    r = informer_rewards()
    s001 = r[r["document"] == "001"].iloc[0]
    s003 = r[(r["document"] == "003") & (r["year"] == 2016)]
    assert len(s003) == 2 and s003["people"].nunique() == 1 and s003["amount_kzt_million"].nunique() == 1
    s003 = s003.iloc[0]
    assert (s001["people"], s003["people"]) == (187, 185)
    assert s003["amount_kzt_million"] > s001["amount_kzt_million"]  # 27 is 'more than 26': the totals agree
    assert (s001["average_kzt"], s003["average_kzt"]) == (139037, 145946)


def test_informer_rewards_2017_and_2015():
    r = informer_rewards().set_index(["document", "year"]).sort_index()
    y16, y17 = r.loc[("003", 2016)].iloc[0], r.loc[("003", 2017)]
    assert round(100 * (y17["people"] / y16["people"] - 1), 1) == 22.2
    assert round(100 * (y17["amount_kzt_million"] / y16["amount_kzt_million"] - 1), 1) == 14.8
    assert y17["average_kzt"] < y16["average_kzt"]  # more informers, smaller average reward
    # '27 times more than in 2015' puts 2015 at about one million tenge
    growth = load("s001_figures").set_index("figure").loc["informer_awards_growth", "value"]
    assert round(26 / growth, 2) == 0.96 and round(27 / growth, 2) == 1.0


def test_reward_tiers_rise_with_gravity():
    tiers = load("s003_informer_reward_tiers")["mci_multiple"].tolist()
    assert tiers == [30, 40, 50, 70, 100] and tiers == sorted(tiers)


def test_gcb_doubling_holds(claims):
    claims = claims.set_index("claim_id")
    assert claims.loc["s001_gcb_progress_doubled", "verdict"] == "holds"
    assert "x1.95" in claims.loc["s001_gcb_progress_doubled", "recomputed"]


def test_doing_business_rank_agrees_across_documents():
    fig = load("s001_figures").set_index("figure")["value"]
    o = load("s003_other_ratings")
    db = o[(o.rating == "World Bank Doing Business") & (o.indicator == "overall rank")].iloc[0]
    assert (fig["db_overall_rank"], fig["db_overall_n_countries"]) == (db["rank"], db["countries"]) == (36, 190)


# ----------------------------------------------------------------- the accounts
def test_every_claim_has_a_verdict_and_every_erratum_exists(claims):
    c = claims
    assert len(c) == 27
    errata = set(pd.read_csv(paths.ERRATA)["id"])
    named = set(c["erratum"]) - {""}
    assert named <= errata, named - errata
    assert set(c.loc[c["verdict"].isin(["contradicted", "overstated"]), "erratum"]) - {""} == {
        "s001-gcb-bribe-third", "s001-s003-informer-rewards-2016", "s001-s003-iap-start", "s003-cpi-2015-rank",
        "s003-cpi-2017-best-percentile", "s003-summary-willingness"}
    assert (c.loc[c["verdict"].isin(["contradicted", "overstated"]), "erratum"] != "").all()


def test_verdicts_by_account(claims):
    c = claims
    table = c.groupby(["account", "verdict"]).size().unstack(fill_value=0)
    assert table.loc["state"].to_dict() == {
        "cannot be checked": 2, "contradicted": 2, "holds": 3, "holds within error": 0, "overstated": 1, "partly holds": 2}
    assert table.loc["civil_society", "contradicted"] == 4
    assert table.loc["civil_society", "holds within error"] == 2
    assert table.loc["academic", "holds"] == 3 and table.loc["academic", "partly holds"] == 2

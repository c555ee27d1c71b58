"""Reconciliation tests for document 003, section 13.4 (e-government services), and its
comparison with the shares of document 001 (the state's op-ed).

Table 13.4.1 gives millions of state services by channel in 2014 and 2017 with a printed
total and printed changes; every total and change is recomputed from its parts here. The
one disagreement (2014 total) is erratum s003-t13.4.1-total-2014.
"""

from __future__ import annotations

import pytest

from kzcourse.data import load

CHANNELS = ["egov_portal", "public_service_centres", "paper_at_provider"]


@pytest.fixture(scope="module")
def t1341():
    return load("s003_t13_4_1_services_by_channel").set_index("channel")


@pytest.fixture(scope="module")
def text():
    return load("s003_s13_4_text_figures").set_index("figure")["value"]


def _share(t, channel, year):
    return 100 * t.loc[channel, f"services_{year}_mn"] / t.loc["total", f"services_{year}_mn"]


def test_t1341_shape(t1341):
    assert list(t1341.index) == ["total", *CHANNELS]
    assert list(t1341["row_order"]) == [1, 2, 3, 4]
    assert list(t1341["row_kind"]) == ["total", "channel", "channel", "channel"]


def test_t1341_total_2017_is_the_sum_of_channels(t1341):
    assert t1341.loc[CHANNELS, "services_2017_mn"].sum() == pytest.approx(164.3, abs=1e-9)
    assert t1341.loc["total", "services_2017_mn"] == 164.3


def test_erratum_s003_t13_4_1_total_2014(t1341):
    """The 2014 channels add up to 139.0 million, the printed total is 139.1 (rounding)."""
    parts = t1341.loc[CHANNELS, "services_2014_mn"]
    assert list(parts) == [39.6, 15.1, 84.3]
    assert round(parts.sum(), 1) == 139.0
    assert t1341.loc["total", "services_2014_mn"] == 139.1
    # a difference rounding can explain: three parts rounded to 0.1 can be off by 0.15 in all
    assert abs(139.1 - parts.sum()) <= 0.15 + 1e-9
    # the printed change (+18.1%) follows from the printed total, not from the parts (+18.2%)
    assert round(100 * (164.3 / 139.1 - 1), 1) == t1341.loc["total", "change_percent"] == 18.1
    assert round(100 * (164.3 / parts.sum() - 1), 1) == 18.2


@pytest.mark.parametrize("channel", ["total", *CHANNELS])
def test_t1341_changes_follow_from_the_printed_values(t1341, channel):
    a, b = t1341.loc[channel, "services_2014_mn"], t1341.loc[channel, "services_2017_mn"]
    assert round(100 * (b / a - 1), 1) == t1341.loc[channel, "change_percent"]


def test_t1341_text_non_personal_contact_grows(t1341):
    """Line 8440: 'non-personal contact ... more and more popular': the portal's share
    of all services rose from 28.5% to 49.0% while paper at the provider fell from
    60.6% to 27.9%; the public service centres (in person) rose too, from 10.9% to 23.1%."""
    assert round(_share(t1341, "egov_portal", 2014), 1) == 28.5
    assert round(_share(t1341, "egov_portal", 2017), 1) == 49.0
    assert round(_share(t1341, "paper_at_provider", 2014), 1) == 60.6
    assert round(_share(t1341, "paper_at_provider", 2017), 1) == 27.9
    assert round(_share(t1341, "public_service_centres", 2014), 1) == 10.9
    assert round(_share(t1341, "public_service_centres", 2017), 1) == 23.1
    # the portal doubled (x2.03) and overtook paper, which had been the largest channel
    assert t1341.loc["egov_portal", "services_2017_mn"] > t1341.loc["paper_at_provider", "services_2017_mn"]
    assert t1341.loc["egov_portal", "services_2014_mn"] < t1341.loc["paper_at_provider", "services_2014_mn"]


def test_s001_shares_against_t1341(t1341):
    """The op-ed (late 2017, 'this year') gives 47% electronic and 24% via one-stop shops;
    Table 13.4.1's full year 2017 gives 49.0% and 23.1%. Two points apart for the portal
    and less than one for the centres: close, with the op-ed's part-year figure below the
    full-year share of a channel that was growing; not counted as a contradiction."""
    s001 = load("s001_figures").set_index("figure")["value"]
    assert s001["e_services_share"] == 47 and s001["one_stop_shop_share"] == 24
    assert round(_share(t1341, "egov_portal", 2017) - s001["e_services_share"], 1) == 2.0
    assert round(s001["one_stop_shop_share"] - _share(t1341, "public_service_centres", 2017), 1) == 0.9
    # both sources leave a little under 30% on paper at the provider
    assert 100 - s001["e_services_share"] - s001["one_stop_shop_share"] == 29
    assert round(_share(t1341, "paper_at_provider", 2017), 1) == 27.9
    # the op-ed's target (90% electronic, 10% one-stop shops) leaves nothing on paper
    assert s001["e_services_target"] + s001["one_stop_shop_target"] == 100


def test_s003_availability_is_not_volume(t1341, text):
    """'About 70% of state services are available' at the corporation's offices (a share of
    the catalogue of service types) is not the share of services delivered there (23.1%
    in 2017); the two figures measure different things and do not contradict each other."""
    assert text["psc_share_of_services"] == 70
    assert round(_share(t1341, "public_service_centres", 2017), 1) == 23.1
    assert text["psc_offices"] == 353


def test_s003_portal_users_and_adults(t1341, text):
    """7.4 million registered users against 12.9 million adults: 57% of adults (not printed);
    80.5 million services through the portal in 2017 are about 11 per registered user."""
    assert text["egov_registered_users"] == 7.4 and text["adult_population"] == 12.9
    assert round(100 * text["egov_registered_users"] / text["adult_population"], 1) == 57.4
    assert round(t1341.loc["egov_portal", "services_2017_mn"] / text["egov_registered_users"], 1) == 10.9
    assert text["egov_services_offered"] == 235


def test_s003_timeline_is_in_order(text):
    keys = [
        "egov_idea_year", "enquiries_law_year", "psc_opened_year", "performance_assessment_year",
        "psc_egov_merged_year", "egov_website_year", "state_services_law_year", "plan_of_nation_year",
        "access_to_information_law_year", "open_government_first_year", "corporation_year",
    ]
    years = [int(text[k]) for k in keys]
    assert years == sorted(years)
    assert years[0] == 2004 and years[-1] == 2016
    assert text["open_government_first_year"] < text["open_government_last_year"]
    # Table 13.4.1's first year (2014) is after the portal's launch in the report's timeline
    assert text["egov_website_year"] < 2014

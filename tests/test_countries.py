"""kzcourse.countries: names to codes, cited country groups, clear errors."""

from __future__ import annotations

import pytest

from kzcourse import countries
from kzcourse.countries import CountryError


@pytest.mark.parametrize(
    "given, code",
    [
        ("KAZ", "KAZ"),
        ("kaz", "KAZ"),
        ("Kazakhstan", "KAZ"),
        ("  kazakhstan ", "KAZ"),
        ("Russian Federation", "RUS"),  # UN spelling
        ("Russia", "RUS"),  # TI and the groups table
        ("Türkiye", "TUR"),
        ("Republic of Moldova", "MDA"),
        ("Moldova", "MDA"),
        ("Georgia (Country)", "GEO"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ],
)
def test_resolve(given, code):
    assert countries.resolve(given) == code


def test_unknown_country_suggests_close_names():
    with pytest.raises(CountryError, match=r"^Unknown country 'Kazakstan'\. Did you mean 'Kazakhstan'\?") as info:
        countries.resolve("Kazakstan")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("bad", ["", "   ", None, 398])
def test_empty_or_non_text_country(bad):
    with pytest.raises(CountryError, match="must be a name or an ISO3 code"):
        countries.resolve(bad)


def test_unknown_without_close_names_lists_no_guess():
    with pytest.raises(CountryError) as info:
        countries.resolve("Atlantis")
    assert "Did you mean" not in str(info.value) and "ISO3" in str(info.value)


def test_name():
    assert countries.name("KAZ") == "Kazakhstan"
    assert countries.name("TUR") == "Turkey"  # TI's spelling wins where TI scores the country


def test_groups():
    assert countries.groups() == ["cis", "kaz_neighbours", "central_asia", "south_caucasus", "post_soviet"]


def test_cis_as_document_002_counts_it():
    assert sorted(countries.members("cis", 2022)) == sorted(
        ["ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UZB", "TKM"]
    )
    assert countries.members("cis") == countries.members("cis", 2022)
    assert "UKR" not in countries.members("cis", 2003)  # listed, never counted


def test_cis_membership_changes_with_the_year():
    assert "GEO" in countries.members("cis", 2008)  # left in August 2009
    assert "GEO" not in countries.members("cis", 2010)
    assert len(countries.members("cis", 2005)) == 11


def test_neighbours_and_regions():
    assert countries.members("kaz_neighbours") == ["CHN", "KGZ", "RUS", "TKM", "UZB"]
    assert countries.members("central_asia") == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert countries.members("south_caucasus") == ["ARM", "AZE", "GEO"]
    assert countries.members("CIS") == countries.members("cis")  # case does not matter


def test_unknown_group_is_named():
    with pytest.raises(CountryError, match=r"Unknown country group 'neighbours'\. Did you mean 'kaz_neighbours'\?.*The groups are: cis"):
        countries.members("neighbours")


def test_every_group_row_is_cited():
    table = countries.group_table()
    assert table["source"].notna().all()
    assert set(table["source"]) == {"cia_factbook_organisations", "cia_factbook_kazakhstan", "un_m49", "britannica_transcaucasia",
                                    "britannica_ussr"}


def test_post_soviet_is_the_fifteen_republics():
    """Chapter 1's comparison group: the CIS as counted today, the Baltic states, Georgia and Ukraine."""
    ps = countries.members("post_soviet")
    assert len(ps) == 15 == len(set(ps))
    assert set(ps) == set(countries.members("cis", 2008)) | {"EST", "LTU", "LVA", "UKR"}
    assert set(countries.members("central_asia")) <= set(ps) and "CHN" not in ps


def test_names_of_countries_scored_only_in_the_old_cpi_file():
    assert (countries.name("PRI"), countries.name("MAC"), countries.name("PSE")) == ("Puerto Rico", "Macau", "Palestine")
    assert countries.name("XXX") == "XXX"

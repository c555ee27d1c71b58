"""The data package: valid, complete, loadable, reproducible, cited, with clear errors."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kzcourse import data, derive, paths
from kzcourse.tools import provenance
from kzcourse.data import ChecksumError, MissingFileError, SchemaError, UnknownTableError, is_snake_case, load

ROOT = paths.ROOT
PACKAGE = json.loads(paths.DATAPACKAGE.read_text())
NAMES = [r["name"] for r in PACKAGE["resources"]]


# The datahub file ends its lines with "\r\r\n", which a CSV reader sees as a blank row
# after every row: an upstream quirk we ship unchanged (and assert below).
BLANK_ROWS_UPSTREAM = {"ti_cpi_1995_2017"}


def test_package_is_valid_frictionless():
    from frictionless import Checklist, Package

    descriptor_errors = [e.message for e in Package.metadata_validate(PACKAGE)]
    assert not descriptor_errors, descriptor_errors[:10]
    package = Package(str(paths.DATAPACKAGE))
    errors = []
    for resource in package.resources:
        skip = ["blank-row"] if resource.name in BLANK_ROWS_UPSTREAM else []
        report = resource.validate(checklist=Checklist(skip_errors=skip))
        errors += [f"{resource.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert not errors, "\n".join(errors[:10])


def test_erratum_upstream_cpi_1995_2017_double_carriage_returns():
    raw = (paths.DATA / "raw" / "ti-cpi-1995-2017-datahub" / "cpi.csv").read_bytes()
    assert raw.count(b"\r\r\n") == raw.count(b"\n") == 253


@pytest.mark.parametrize("res", PACKAGE["resources"], ids=NAMES)
def test_resource_is_described(res):
    for key in ("name", "path", "title", "description", "schema", "licenses", "sources", "hash", "bytes"):
        assert res.get(key), f"{res['name']} lacks {key!r}"
    assert res["hash"].startswith("sha256:") and len(res["hash"]) == 7 + 64
    for field in res["schema"]["fields"]:
        assert field.get("type") in ("string", "integer", "number", "boolean"), field


@pytest.mark.parametrize("name", NAMES)
def test_every_table_loads_and_matches_its_hash(name):
    frame = load(name)
    assert len(frame) > 0
    res = data.resource(name)
    assert data.sha256(paths.DATA / res["path"]) == res["hash"].split(":")[1]
    if not res["path"].startswith("raw/"):
        assert all(is_snake_case(c) for c in frame.columns), f"{name}: columns must be snake_case: {list(frame.columns)}"


def test_raw_files_are_the_upstream_files():
    """The shipped upstream files are byte-for-byte the ones SOURCE.md names."""
    for source in (paths.DATA / "raw").glob("*/SOURCE.md"):
        text = source.read_text()
        if "sha256:" in text:
            expected = text.split("sha256:")[-1].split()[0]
            files = [p for p in source.parent.iterdir() if p.name != "SOURCE.md"]
            if len(files) == 1:
                assert data.sha256(files[0]) == expected, f"{files[0]} differs from upstream"


def test_derived_tables_are_reproducible():
    """Rebuilding from data/raw gives byte-identical files (their hashes are in the package)."""
    derive.build_all()
    for res in PACKAGE["resources"]:
        if res["path"].startswith("derived/"):
            assert data.sha256(paths.DATA / res["path"]) == res["hash"].split(":")[1], res["name"]


def test_derived_files_are_not_committed():
    tracked = subprocess.run(["git", "ls-files", "data/derived"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked.strip() == ""


# The panel -------------------------------------------------------------------

def test_panel_one_row_per_country_year():
    panel = load("panel")
    assert not panel.duplicated(["iso3", "year"]).any()
    assert sorted(panel["year"].unique()) == [2012, 2014, 2016, 2018, 2020, 2022]


def test_panel_known_values():
    panel = load("panel").set_index(["iso3", "year"])
    assert panel.loc[("KAZ", 2022), "egdi"] == pytest.approx(0.8628)
    assert panel.loc[("KAZ", 2022), "egdi_rank"] == 28
    assert panel.loc[("KAZ", 2020), "cpi_score"] == 38
    assert panel.loc[("DNK", 2020), "egdi"] == pytest.approx(0.9758)
    assert panel.loc[("TUR", 2022), "country"] == "Turkey"  # UN's "Türkiye", TI's "Turkey": one row
    cpi = load("cpi").set_index(["iso3", "year"])
    assert cpi.loc[("KAZ", 2023), "cpi_score"] == 39
    assert cpi.loc[("KAZ", 2024), "cpi_score"] == 40


def test_no_country_lost_in_the_join():
    panel = load("panel")
    egdi = load("egdi")
    cpi = load("cpi")
    for year in derive.PANEL_YEARS:
        in_panel = set(panel.loc[panel["year"] == year, "iso3"])
        assert set(egdi.loc[egdi["year"] == year, "iso3"]) <= in_panel
        assert set(cpi.loc[cpi["year"] == year, "iso3"]) <= in_panel
    assert panel.loc[panel["year"] == 2022].shape[0] == 196


def test_countries_in_one_source_only_are_reported():
    coverage = load("country_coverage")
    only_egdi = set(coverage.loc[coverage["in_egdi"] & ~coverage["in_cpi"], "iso3"])
    only_cpi = set(coverage.loc[coverage["in_cpi"] & ~coverage["in_egdi"], "iso3"])
    assert only_cpi == {"HKG", "KSV", "TWN"}
    assert {"AND", "LIE", "MCO", "SMR", "TUV"} <= only_egdi and len(only_egdi) == 15


def test_crosswalk_covers_every_upstream_name():
    names = load("country_names")
    for year in derive.EGDI_YEARS:
        raw = set(load(f"un_egdi_{year}")["Country Name"].str.strip())
        assert raw <= set(names.loc[names["source"] == "un_egdi", "name"])
    assert names.loc[names["name"] == "Türkiye", "iso3"].item() == "TUR"
    assert names.loc[names["name"] == "United Kingdom of Great Britain and Northern Ireland", "iso3"].item() == "GBR"


def test_crosswalk_gap_is_a_clear_error(monkeypatch):
    real = derive.crosswalk
    monkeypatch.setattr(derive, "crosswalk", lambda source: {k: v for k, v in real(source).items() if k != "Kazakhstan"})
    with pytest.raises(derive.CrosswalkError, match="Kazakhstan"):
        derive.egdi()


def test_old_cpi_scale_merges_spellings():
    old = load("cpi_old_scale")
    civ = old[old["iso3"] == "CIV"]
    assert not civ["year"].duplicated().any() and len(civ) >= 15
    assert old.set_index(["iso3", "year"]).loc[("KAZ", 2011), "cpi_score_0_10"] == pytest.approx(2.694)


# Upstream anomalies, kept as found ----------------------------------------------

def test_erratum_upstream_egdi_2003_hci_above_one():
    raw = load("un_egdi_2003").set_index(raw_key := "Country Name")
    over = raw[raw["Human Capital Index"] > 1]
    assert sorted(over.index.str.strip()) == ["Micronesia (Federated States of)", "Tuvalu"]
    assert over["Human Capital Index"].round(3).tolist() == [1.422, 1.03]


# Errata and provenance ------------------------------------------------------------

def test_every_erratum_names_a_test_that_exists():
    rows = list(csv.DictReader(open(paths.ERRATA, encoding="utf-8")))
    assert len(rows) >= 40
    assert len({r["id"] for r in rows}) == len(rows), "erratum ids repeat"
    for row in rows:
        for key in ("document", "location", "printed_value", "recomputed_value", "explanation"):
            assert row[key].strip(), f"erratum {row['id']} lacks {key}"
        file, _, test = row["test"].partition("::")
        path = ROOT / file
        assert path.exists(), f"erratum {row['id']}: {file} does not exist"
        assert f"def {test}(" in path.read_text(), f"erratum {row['id']}: no test {test} in {file}"
        assert test.startswith("test_erratum_"), row["test"]


def test_provenance_every_extracted_value_is_printed_where_cited():
    if not paths.seeds_dir().exists():
        pytest.skip(f"source documents not found at {paths.seeds_dir()} (set KZCOURSE_SHARED); provenance unchecked")
    problems = []
    resources = provenance.extracted_resources()
    assert len(resources) >= 30
    for res in resources:
        problems += provenance.check(res)
    assert not problems, "\n".join(problems[:20])


def test_provenance_catches_a_wrong_value(monkeypatch):
    if not paths.seeds_dir().exists():
        pytest.skip("source documents not found")
    res = data.resource("s000_countries")
    frame = load("s000_countries")
    frame.loc[0, "cpi"] = 98  # Denmark's printed CPI is 89
    monkeypatch.setattr(provenance, "load", lambda name: frame)
    problems = provenance.check(res)
    assert len(problems) == 1 and "98" in problems[0] and "'cpi'" in problems[0]


# Clear errors -----------------------------------------------------------------------

def test_unknown_table_suggests_names():
    with pytest.raises(UnknownTableError, match=r"No table named 'pannel'.*Did you mean 'panel'"):
        load("pannel")


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A copy of data/ to damage, with kzcourse pointed at it."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA, copy, ignore=shutil.ignore_patterns("derived", "_incoming"))
    monkeypatch.setattr(paths, "DATA", copy)
    monkeypatch.setattr(paths, "DATAPACKAGE", copy / "datapackage.json")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    return copy


def test_missing_file_is_named(sandbox):
    (sandbox / "extracted" / "s000_countries.csv").unlink()
    with pytest.raises(MissingFileError, match=r"data/extracted/s000_countries.csv is missing"):
        load("s000_countries")


def test_missing_derived_file_is_rebuilt(sandbox):
    frame = load("panel")
    assert (sandbox / "derived" / "panel.csv").exists() and len(frame) > 1000


def test_checksum_mismatch_is_named(sandbox):
    path = sandbox / "extracted" / "s000_countries.csv"
    path.write_text(path.read_text().replace("0.9758", "0.9759"))
    with pytest.raises(ChecksumError, match=r"s000_countries.csv has sha256 .* expects"):
        load("s000_countries")


def test_schema_violation_names_file_line_and_column(sandbox):
    path = sandbox / "extracted" / "s000_countries.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace("75", "seventy-five", 1)
    path.write_text("\n".join(lines) + "\n")
    res = data.resource("s000_countries")
    with pytest.raises(SchemaError, match=r"s000_countries.csv, line 4, column 'cpi': value 'seventy-five' is not an integer"):
        data._read_typed(res, path)


def test_constraint_violation_is_named(sandbox):
    path = sandbox / "extracted" / "s000_countries.csv"
    text = path.read_text()
    path.write_text(text.replace(",0.9758,", ",1.9758,", 1))
    res = json.loads((sandbox / "datapackage.json").read_text())
    res = next(r for r in res["resources"] if r["name"] == "s000_countries")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "egdi_2020")
    field.setdefault("constraints", {})["maximum"] = 1
    with pytest.raises(SchemaError, match=r"line 2, column 'egdi_2020': value '1.9758' is above the maximum 1"):
        data._read_typed(res, path)


def test_listing_has_every_kind():
    kinds = set(data.listing()["kind"])
    assert kinds == {"raw", "extracted", "reference", "derived"}


def test_datapackage_cli_rejects_a_bad_fragment(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"resource": []}))
    result = subprocess.run([sys.executable, "-m", "kzcourse.tools.datapackage", "add", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2 and "unknown key(s) ['resource']" in result.stderr


def test_wdi_joins_world_bank_population_and_gdp_on_course_codes():
    wdi = load("wdi").set_index(["iso3", "year"])
    kaz = wdi.loc[("KAZ", 2020)]
    # The upstream rows: population 19,482,117 and GDP 171,082,365,861.42 current US$.
    assert kaz["population"] == 19_482_117
    assert kaz["gdp_per_capita_usd"] == pytest.approx(171_082_365_861.4229 / 19_482_117, abs=0.01)
    codes = set(wdi.index.get_level_values("iso3"))
    assert {"WLD", "ECS", "EUU", "HIC", "XKX"}.isdisjoint(codes), "aggregates and WB-only codes are dropped"
    assert "KSV" in codes, "Kosovo's World Bank code XKX is mapped to TI's KSV"
    # The course's countries the World Bank does not cover are absent, not invented.
    assert "TWN" not in codes
    assert wdi.loc[("PRK", 2020), "gdp_usd"] != wdi.loc[("PRK", 2020), "gdp_usd"]  # NaN: no GDP for North Korea


def test_panel_leaves_the_uns_placeholder_egdi_of_zero_empty():
    egdi = load("egdi")
    placeholders = egdi[(egdi["egdi"] == 0) & (egdi["year"] >= 2012)]
    assert sorted(placeholders["iso3"]) == ["CAF", "GIN", "LBY"] and set(placeholders["year"]) == {2012}
    panel = load("panel").set_index(["iso3", "year"])
    for iso3 in ("CAF", "GIN", "LBY"):
        row = panel.loc[(iso3, 2012)]
        assert row["egdi"] != row["egdi"] and row["osi"] != row["osi"]  # NaN: not a score
        assert row["hci"] > 0 and row["tii"] > 0  # the other components are real
    assert panel["egdi"].dropna().gt(0).all()

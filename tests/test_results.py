"""The results layer end to end on the committed synthetic dataset: published files, disclosure
in every CSV, determinism, atomic writes."""

import json
import re
import shutil

import pandas as pd
import pytest
from builders import FIXTURE_REFERENCE, valid_tables, write_dataset

from report.compute import registry, results
from report.ingest.problems import ValidationFailed
from report.publish import outputs

SMALL = re.compile(r"^[1-4]$")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result_set = results.compute()
    return result_set, outputs.write(result_set, out)


def test_indicators_csv_has_exactly_the_published_columns(published):
    _, folder = published
    frame = pd.read_csv(folder / "indicators.csv", dtype=str)
    labelled = [name for column in results.INDICATOR_COLUMNS
                for name in ([column, f"{column}_label"]
                             if column in ("numerator", "denominator") else [column])]
    assert list(frame.columns) == labelled
    assert set(frame["indicator_id"]) == {i.id for i in registry.catalogue().indicators}


def test_volume_and_coverage_csv_columns(published):
    _, folder = published
    assert list(pd.read_csv(folder / "volume.csv").columns) == [
        "year", "hospital_id", "primary_operations", "primary_operations_label",
        "meets_recommendation", "suppressed", "suppression_rule"]
    assert list(pd.read_csv(folder / "coverage.csv").columns)[:9] == [
        "year", "form_type", "unit_level", "unit_id", "expected", "expected_label", "reported",
        "reported_label", "percent"]


def test_report_year_defaults_to_the_latest_complete_year(published):
    result_set, folder = published
    assert result_set.year == 2024
    assert json.loads((folder / "manifest.json").read_text())["report_year"] == 2024


def test_no_csv_publishes_a_count_of_persons_between_one_and_four(published):
    """Confidentiality: descriptive tables show counts 1-4 as '<5' (indicators are held to
    the reliability rule instead, and show their counts)."""
    result_set, folder = published
    for query in registry.catalogue().tables:
        if not query.disclosure.confidential:
            continue
        frame = pd.read_csv(folder / f"{query.id}.csv", dtype=str, keep_default_na=False)
        for column in query.disclosure.counts:
            assert not frame[column].str.match(SMALL).any(), (query.id, column)


def test_a_unit_under_the_minimum_shows_its_counts_but_no_rate(published):
    """Reliability: a unit whose denominator is under 10 shows numerator and denominator but
    no share, interval or status, with the reason; every other unit shows all of them,
    whatever its numerator. Nothing in an indicator is hidden to protect another cell."""
    result_set, _ = published
    ind = result_set.indicators
    assert ind[["numerator", "denominator"]].notna().all().all()
    few = ind["denominator"] < 10
    assert few.any() and (~few).any()
    assert ind.loc[few, ["percent", "ci_low", "ci_high", "target_status"]].isna().all().all()
    assert ind.loc[few, "suppression_rule"].eq("denominator_under_min").all()
    shown = ind[~few & (ind["denominator"] > 0)]
    assert shown[["percent", "ci_low", "ci_high", "target_status"]].notna().all().all()
    assert shown["suppression_rule"].isna().all()
    assert ind["suppression_rule"].dropna().eq("denominator_under_min").all()


def test_the_minimum_denominator_comes_from_settings(tmp_path):
    """settings.yml disclosure.min_denominator reaches every indicator: at 15, units with
    10-14 in the denominator show no rate either."""
    root = tmp_path / "queries"
    shutil.copytree(registry.QUERIES, root)
    settings = root / "settings.yml"
    settings.write_text(settings.read_text("utf-8").replace(
        "min_denominator: 10", "min_denominator: 15"), "utf-8")
    ind = results.compute(None, root=root).indicators
    middle = ind[ind["denominator"].between(10, 14)]
    assert len(middle) > 0
    assert middle["percent"].isna().all()
    assert ind.loc[ind["denominator"] >= 15, "percent"].notna().all()


def test_national_percent_matches_its_counts(published):
    result_set, _ = published
    ind = result_set.indicators
    row = ind[(ind.indicator_id == "single_operation") & (ind.unit_level == "nation")
              & (ind.period == 2024)].iloc[0]
    assert row.percent == pytest.approx(100 * row.numerator / row.denominator)
    assert row.ci_low < row.percent < row.ci_high


def test_manifest_hashes_inputs_and_queries(published):
    _, folder = published
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["synthetic"] is True
    assert "extracts/tumours.parquet" in manifest["inputs"]
    assert "reference/hospitals.csv" in manifest["inputs"]
    assert "surgery/bcs_small_invasive.sql" in manifest["queries"]
    assert manifest["outputs"]["indicators.csv"]["rows"] > 0


def test_every_published_column_is_in_the_dictionary(published):
    _, folder = published
    dictionary = pd.read_csv(folder / "dictionary.csv")
    for csv in folder.glob("*.csv"):
        documented = set(dictionary.loc[dictionary["file"] == csv.name, "column"])
        assert set(pd.read_csv(csv, nrows=0).columns) == documented, csv.name


def test_suppression_log_names_rules_not_values(published):
    _, folder = published
    log = pd.read_csv(folder / "suppression_log.csv")
    assert set(log.columns) == {"result", "row", "column", "rule"}
    assert set(log["rule"]) <= {"count_under_min", "denominator_under_min", "secondary"}


def test_same_inputs_give_identical_files(published, tmp_path):
    _, first = published
    second = outputs.write(results.compute(), tmp_path)
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_failed_validation_leaves_previous_data_untouched(published, tmp_path):
    _, folder = published
    site = tmp_path / "site"
    shutil.copytree(folder, site / "data")
    before = {p.name: p.read_bytes() for p in (site / "data").iterdir()}
    tables = valid_tables()
    tables["tumours"][0]["age_at_diagnosis"] = 130
    bad = write_dataset(tmp_path / "bad", tables)
    with pytest.raises(ValidationFailed):
        outputs.write(results.compute(bad, reference=FIXTURE_REFERENCE), site)
    assert {p.name: p.read_bytes() for p in (site / "data").iterdir()} == before
    assert sorted(p.name for p in site.iterdir()) == ["data"]


def test_a_year_without_the_indicators_follow_up_after_it_is_preliminary(published):
    """radiotherapy_after_bcs needs half a year (183 days) after the operation; the committed
    data's follow-up date is 2025-06-30, less than 183 days after 2024-12-31 (2025-07-02), so
    2024 is preliminary and 2023 is not; an indicator without follow-up never is."""
    result_set, folder = published
    frame = pd.read_csv(folder / "indicators.csv")
    years = frame.groupby(["indicator_id", "period"])["preliminary"].agg(set)
    assert years[("radiotherapy_after_bcs", 2024)] == {True}
    assert years[("radiotherapy_after_bcs", 2023)] == {False}
    without = [i.id for i in registry.catalogue().indicators if i.follow_up_years == 0]
    assert without
    assert frame.loc[frame.indicator_id.isin(without), "preliminary"].eq(False).all()

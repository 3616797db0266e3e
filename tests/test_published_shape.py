"""The published tables open cleanly in a spreadsheet: every count column is numeric (a hidden
count is empty), its label ('<5') stands in <column>_label right after it, the Parquet file
has the same columns and values, and the dictionary documents every column."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from report.compute import registry, results
from report.publish import outputs

INTEGER = re.compile(r"^[0-9]+$")
SMALL = f"<{registry.settings().rules.min_count}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return outputs.write(results.compute(), tmp_path_factory.mktemp("published"))


def counts() -> list[tuple[str, tuple[str, ...]]]:
    """(file stem, its protected count columns): the disclosure's counts and denominator."""
    out = [("indicators", ("numerator", "denominator"))]
    for query in registry.catalogue().tables:
        spec = query.disclosure
        out.append((query.id, tuple(dict.fromkeys(
            [*spec.counts, *([spec.denominator] if spec.denominator else [])]))))
    return sorted(out)


def read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_no_count_column_of_any_csv_holds_text(folder):
    for stem, columns in counts():
        frame = read_csv(folder / f"{stem}.csv")
        for column in columns:
            cells = frame[column]
            assert (cells.str.match(INTEGER) | (cells == "")).all(), (stem, column)
            assert pd.to_numeric(frame[column]).notna().sum() == (cells != "").sum()


def test_each_protected_count_has_its_label_column_right_after_it_in_csv_and_parquet(folder):
    for stem, columns in counts():
        for frame in (read_csv(folder / f"{stem}.csv"),
                      pd.read_parquet(folder / f"{stem}.parquet")):
            names = list(frame.columns)
            for column in columns:
                assert names[names.index(column) + 1] == f"{column}_label", (stem, column)


def test_an_indicator_row_under_the_minimum_shows_its_counts_and_no_share(folder):
    frame = read_csv(folder / "indicators.csv")
    assert list(frame.columns)[4:8] == ["numerator", "numerator_label", "denominator",
                                        "denominator_label"]
    few = frame[frame["suppression_rule"] == "denominator_under_min"]
    assert len(few) > 0
    assert (few["numerator"] != "").all() and (few["denominator"] != "").all()
    assert (few[["numerator_label", "denominator_label"]] == "").all().all()
    assert (few[["percent", "ci_low", "ci_high", "target_status"]] == "").all().all()
    assert (few["suppressed"] == "true").all()


def test_every_hidden_count_is_empty_with_its_label_under_five_where_the_rule_is_count_under_min(
        folder):
    log = read_csv(folder / "suppression_log.csv")
    indicators = {i.id for i in registry.catalogue().indicators}
    checked = {"count_under_min": 0, "secondary": 0, "denominator_under_min": 0}
    frames = {}
    for entry in log.itertuples(index=False):
        stem = "indicators" if entry.result in indicators else entry.result
        frame = frames.setdefault(stem, read_csv(folder / f"{stem}.csv"))
        keys = dict(part.split("=", 1) for part in entry.row.split("; "))
        if stem == "indicators":
            keys["indicator_id"] = entry.result
        match = frame.loc[(frame[list(keys)] == pd.Series(keys)).all(axis=1)]
        assert len(match) == 1, (entry.result, entry.row)
        row = match.iloc[0]
        if entry.rule == "denominator_under_min":  # reliability: a rate not shown
            assert entry.column not in ("numerator", "denominator", "cases", "expected")
            assert row[entry.column] == "" and row["suppressed"] == "true"
            checked[entry.rule] += 1
            continue
        assert row[entry.column] == "", (entry.result, entry.row, entry.column)
        label = SMALL if entry.rule == "count_under_min" else ""
        assert row[f"{entry.column}_label"] == label, (entry.result, entry.row, entry.column)
        assert row["suppressed"] == "true"
        checked[entry.rule] += 1
    assert all(checked.values()), checked


def test_every_empty_count_is_in_the_suppression_log_and_labels_are_only_under_five(folder):
    log = read_csv(folder / "suppression_log.csv")
    for stem, columns in counts():
        frame = read_csv(folder / f"{stem}.csv")
        for column in columns:
            label = frame[f"{column}_label"]
            assert set(label) <= {"", SMALL}, (stem, column)
            assert (frame.loc[label != "", column] == "").all(), (stem, column)
            empty = (frame[column] == "").sum()
            results_here = (set(frame["indicator_id"]) if stem == "indicators" else {stem})
            logged = log[log["result"].isin(results_here) & (log["column"] == column)]
            assert empty == len(logged), (stem, column)


def test_csv_and_parquet_agree(folder):
    for stem, columns in counts():
        csv = read_csv(folder / f"{stem}.csv")
        parquet = pd.read_parquet(folder / f"{stem}.parquet")
        assert list(csv.columns) == list(parquet.columns), stem
        for column in columns:
            assert pd.api.types.is_integer_dtype(parquet[column]), (stem, column)
            assert pd.api.types.is_string_dtype(parquet[f"{column}_label"]), (stem, column)
            for name in (column, f"{column}_label"):
                typed = parquet[name].astype(object).map(
                    lambda v: "" if v is None or pd.isna(v) else str(v))
                assert csv[name].tolist() == typed.tolist(), (stem, name)
        for name in csv.columns:
            assert (csv[name] == "").tolist() == parquet[name].isna().tolist(), (stem, name)


def test_the_dictionary_documents_labels_rules_and_the_suppression_log_in_both_languages(
        folder):
    dictionary = read_csv(folder / "dictionary.csv")
    assert (dictionary[["description_nb", "description_en"]] != "").all(axis=None)
    for csv in sorted(folder.glob("*.csv")):
        documented = dictionary.loc[dictionary["file"] == csv.name, "column"].tolist()
        assert documented == list(pd.read_csv(csv, nrows=0).columns), csv.name
    described = dictionary.set_index(["file", "column"])
    label = described.loc[("cases_by_age.csv", "cases_label")]
    assert SMALL in label["description_nb"] and SMALL in label["description_en"]
    assert "cases" in label["description_en"]
    rule = described.loc[("indicators.csv", "suppression_rule")]
    for word in ("count_under_min", "denominator_under_min", "secondary"):
        assert word in rule["description_nb"] and word in rule["description_en"]
    assert {"result", "row", "column", "rule"} <= set(
        dictionary.loc[dictionary["file"] == "suppression_log.csv", "column"])
    assert ("indicators.csv", "suppressed") in described.index

"""`nbcr-report verify` checks everything published: every CSV and Parquet file row by row,
rows named by all their keys, and the manifest's hashes."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from report.cli import main


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("published")
    assert CliRunner().invoke(main, ["results", "--out", str(out)]).exit_code == 0
    return out / "data"


@pytest.fixture
def copy(published, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(published, target)
    return target


def verify(folder):
    return CliRunner().invoke(main, ["verify", str(folder)])


def test_an_untouched_edition_passes_with_every_file_checked(published):
    outcome = verify(published)
    assert outcome.exit_code == 0, outcome.output
    files = len(list(published.glob("*.csv"))) + len(list(published.glob("*.parquet"))) + 1
    assert f"{files} files (CSV, Parquet and the manifest) checked" in outcome.output


def test_a_changed_number_in_a_parquet_file_is_found_and_named_by_its_keys(copy):
    path = copy / "coverage.parquet"
    frame = pd.read_parquet(path)
    row = frame[(frame.year == 2024) & (frame.form_type == "surgery")
                & (frame.unit_level == "nation")].index[0]
    before = int(frame.at[row, "reported"])
    frame.at[row, "reported"] = before + 1
    frame.to_parquet(path, index=False)
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert ("coverage.parquet: row (year=2024, form_type=surgery, unit_level=nation, "
            f"unit_id=norway), column reported: published '{before + 1}', rebuilt "
            f"'{before}'") in outcome.output
    assert "manifest.json: outputs.coverage.parquet.sha256 against the published file" \
        in outcome.output


def test_zeroed_hashes_in_the_manifest_fail(copy):
    path = copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["outputs"]["indicators.csv"]["sha256"] = "0" * 64
    manifest["inputs"]["extracts/tumours.parquet"] = "0" * 64
    path.write_text(json.dumps(manifest))
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert "manifest.json: outputs.indicators.csv.sha256 against the published file: " \
           f"published '{'0' * 64}'" in outcome.output
    assert "manifest.json: inputs.extracts/tumours.parquet: published" in outcome.output


def test_a_missing_and_an_extra_row_are_named(copy):
    path = copy / "volume.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    removed = frame.iloc[0]
    extra = frame.iloc[[1]].assign(hospital_id="h99")
    pd.concat([frame.iloc[1:], extra]).to_csv(path, index=False)
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert (f"volume.csv: row (year={removed.year}, hospital_id={removed.hospital_id}): "
            "published 'missing', rebuilt 'present'") in outcome.output
    assert (f"volume.csv: row (year={extra.year.iloc[0]}, hospital_id=h99): published "
            "'present', rebuilt 'missing'") in outcome.output


def test_a_missing_published_file_is_named(copy):
    (copy / "stage.parquet").unlink()
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert "stage.parquet: file: published 'missing', rebuilt 'present'" in outcome.output


def test_the_untouched_edition_has_numeric_counts_labels_and_a_full_dictionary(published):
    outcome = verify(published)
    assert "every count is a number, every hidden count is empty and logged with its label " \
        "beside it, and every column is in the dictionary" in outcome.output


def test_text_in_a_count_column_is_found(copy):
    """The old shape: '<5' written into the count column instead of beside it."""
    path = copy / "cases_by_age.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    line = int((frame["cases_label"] == "<5").to_numpy().nonzero()[0][0])
    frame.loc[line, "cases"] = "<5"
    frame.to_csv(path, index=False)
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert f"cases_by_age.csv: line {line + 2}, column cases: text '<5' in a count column" \
        in outcome.output


def test_a_label_that_differs_between_csv_and_parquet_is_found(copy):
    path = copy / "cases_by_age.parquet"
    frame = pd.read_parquet(path)
    line = int(frame["cases_label"].eq("<5").fillna(False).to_numpy().nonzero()[0][0])
    frame.loc[line, "cases_label"] = pd.NA
    frame.to_parquet(path, index=False)
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert (f"cases_by_age.csv: line {line + 2}, column cases_label: '<5' in the CSV but '' "
            "in cases_by_age.parquet") in outcome.output


def test_a_hidden_count_left_out_of_the_suppression_log_is_found(copy):
    path = copy / "suppression_log.csv"
    log = pd.read_csv(path, dtype=str, keep_default_na=False)
    gone = log[(log["result"] == "cases_by_age") & (log["rule"] == "count_under_min")].iloc[0]
    log.drop(index=gone.name).to_csv(path, index=False)
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert (f"cases_by_age.csv: row ({gone.row}), column {gone.column}: empty but not in "
            "suppression_log.csv") in outcome.output


def test_an_undocumented_column_is_found(copy):
    path = copy / "dictionary.csv"
    dictionary = pd.read_csv(path, dtype=str, keep_default_na=False)
    keep = ~((dictionary["file"] == "volume.csv")
             & (dictionary["column"] == "primary_operations_label"))
    dictionary[keep].to_csv(path, index=False)
    outcome = verify(copy)
    assert outcome.exit_code == 1
    assert "dictionary.csv: volume.csv column primary_operations_label: not documented" \
        in outcome.output


@pytest.fixture
def site(published, tmp_path):
    """A published site: data/ and the workbooks in downloads/."""
    from report.content import workbook

    shutil.copytree(published, tmp_path / "site" / "data")
    workbook.write_all(tmp_path / "site" / "data", tmp_path / "site" / "downloads")
    return tmp_path / "site"


def test_a_sites_workbooks_are_checked_and_a_changed_one_is_found(site):
    outcome = verify(site)
    assert outcome.exit_code == 0, outcome.output
    assert "checked and 2 Excel workbooks" in outcome.output
    book = next(site.glob("downloads/*-nb.xlsx"))
    data = bytearray(book.read_bytes())
    data[len(data) // 2] ^= 0xFF
    book.write_bytes(bytes(data))
    outcome = verify(site)
    assert outcome.exit_code == 1
    assert f"downloads/{book.name}: sha256: published" in outcome.output


def _manifest_with(**changes):
    def tamper(folder):
        path = folder / "manifest.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))
    return tamper


def _output_outside(folder):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["outputs"]["../../elsewhere.csv"] = {"sha256": "0" * 64, "rows": 1}
    path.write_text(json.dumps(manifest))


def _linked_file(folder):
    """A published file that is a link (here to a copy of itself; to /dev/zero it was read
    until memory ran out)."""
    shutil.copy(folder / "volume.csv", folder.parent / "elsewhere.csv")
    (folder / "volume.csv").unlink()
    (folder / "volume.csv").symlink_to(folder.parent / "elsewhere.csv")


def _dictionary_without_its_columns(folder):
    (folder / "dictionary.csv").write_text("a,b\n1,2\n")


def _empty_csv(folder):
    (folder / "volume.csv").write_text("")


def _log_not_utf8(folder):
    (folder / "suppression_log.csv").write_bytes(b"\xb9\xff" * 100)


NOT_A_MANIFEST = ("manifest.json: expected JSON with a report_year, outputs naming files of "
                  "this folder with their sha256, inputs and queries as mappings and "
                  "previous_edition a mapping or null")
# (case, how the published folder is tampered with, exit code, words of the message)
TAMPERED = [
    ("a report year without complete data", _manifest_with(report_year=1990), 2,
     "manifest.json: report_year 1990: no complete year 1990 in "),
    ("a report year that is true", _manifest_with(report_year=True), 2, NOT_A_MANIFEST),
    ("outputs as a list", _manifest_with(outputs=["volume.csv"]), 2, NOT_A_MANIFEST),
    ("inputs as a list", _manifest_with(inputs=["extracts/tumours.parquet"]), 2,
     NOT_A_MANIFEST),
    ("previous_edition as text", _manifest_with(previous_edition="2023"), 2, NOT_A_MANIFEST),
    ("an output outside the folder", _output_outside, 2, NOT_A_MANIFEST),
    ("a published file that is a link", _linked_file, 2,
     "volume.csv: expected a published file; found a link or a special file"),
    ("a dictionary without its columns", _dictionary_without_its_columns, 1,
     "dictionary.csv: columns: not file, column, description_nb and description_en"),
    ("an empty CSV file", _empty_csv, 1, "volume.csv: file: unreadable as CSV"),
    ("a suppression log that is not UTF-8", _log_not_utf8, 1,
     "suppression_log.csv: file: missing or unreadable"),
]


@pytest.mark.parametrize("case, tamper, code, words", TAMPERED, ids=[c[0] for c in TAMPERED])
def test_a_tampered_edition_is_a_named_problem_not_a_traceback(copy, case, tamper, code,
                                                                words):
    tamper(copy)
    outcome = verify(copy)
    assert outcome.exit_code == code, outcome.output
    assert not isinstance(outcome.exception, Exception) or isinstance(outcome.exception,
                                                                      SystemExit)
    assert "Traceback" not in outcome.output
    assert words in outcome.output

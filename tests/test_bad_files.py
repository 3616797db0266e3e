"""Broken files and bad arguments get a problem naming the file (exit 2), never a traceback,
and nothing is written. One table of cases; each case breaks a valid small dataset."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from builders import FIXTURE_REFERENCE, arrow_table, complete_tables, valid_tables, write_dataset
from click.testing import CliRunner

from report.cli import main


def _extract(folder: Path, name: str) -> Path:
    return folder / "extracts" / f"{name}.parquet"


def empty_file(folder: Path) -> None:
    _extract(folder, "forms").write_bytes(b"")


def truncated_file(folder: Path) -> None:
    path = _extract(folder, "forms")
    path.write_bytes(path.read_bytes()[:200])


def not_parquet(folder: Path) -> None:
    _extract(folder, "forms").write_text("form_id,tumour_id\nf1,t1\n")


def footer_claims_two_gigabytes(folder: Path) -> None:
    path = _extract(folder, "forms")
    data = path.read_bytes()
    path.write_bytes(data[:-8] + (2**31 - 1).to_bytes(4, "little") + b"PAR1")


def folder_in_place_of_file(folder: Path) -> None:
    path = _extract(folder, "patients")
    path.unlink()
    path.mkdir()


def link_loop_in_place_of_file(folder: Path) -> None:
    path = _extract(folder, "tumours")
    path.unlink()
    path.symlink_to(path.name)


def link_to_nothing(folder: Path) -> None:
    path = _extract(folder, "surgeries")
    path.unlink()
    path.symlink_to("gone.parquet")


def extracts_folder_a_link_loop(folder: Path) -> None:
    (folder / "extracts").rename(folder / "elsewhere")
    (folder / "extracts").symlink_to("extracts")


def missing_patients(folder: Path) -> None:
    _extract(folder, "patients").unlink()


def missing_tumours(folder: Path) -> None:
    _extract(folder, "tumours").unlink()


def wrong_column_type(folder: Path) -> None:
    rows = complete_tables(valid_tables())["tumours"]
    table = arrow_table("tumours", rows)
    index = table.schema.get_field_index("age_at_diagnosis")
    table = table.set_column(index, "age_at_diagnosis",
                             pa.array([True] * len(rows), type=pa.bool_()))
    pq.write_table(table, _extract(folder, "tumours"))


def broken_dataset_yml(folder: Path) -> None:
    (folder / "dataset.yml").write_text("synthetic: [true\nfollow_up_date: 2025-01-01\n")


def impossible_follow_up_date(folder: Path) -> None:
    (folder / "dataset.yml").write_text("synthetic: true\nfollow_up_date: 2025-13-45\n")


def follow_up_date_not_a_date(folder: Path) -> None:
    (folder / "dataset.yml").write_text("synthetic: true\nfollow_up_date: soon\n")


BILLION_LAUGHS = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] + [
    f"{x}: &{x} [{', '.join([f'*{y}'] * 9)}]" for x, y in zip("bcdefghi", "abcdefgh",
                                                            strict=True)]


def aliases_in_dataset_yml(folder: Path) -> None:
    """Nine levels of nine aliases: 9**9 strings once expanded (the manifest printed them)."""
    (folder / "dataset.yml").write_text("synthetic: true\n" + "\n".join(BILLION_LAUGHS) + "\n")


def synthetic_as_text(folder: Path) -> None:
    (folder / "dataset.yml").write_text("synthetic: 'no'\n")


def markup_as_the_seed(folder: Path) -> None:
    (folder / "dataset.yml").write_text("synthetic: true\nseed: '<script>alert(1)</script>'\n")


def follow_up_date_to_come_and_a_tumour_after_today(folder: Path) -> None:
    later = date.today().replace(day=1, year=date.today().year + 2)
    (folder / "dataset.yml").write_text(f"synthetic: true\nfollow_up_date: {later}\n")
    tables = complete_tables(valid_tables())
    tables["tumours"][0].update(diagnosis_date=later.replace(year=later.year - 1),
                                age_at_diagnosis=later.year - 1 - 1964)
    pq.write_table(arrow_table("tumours", tables["tumours"]), _extract(folder, "tumours"))


def number_too_big_for_64_bits(folder: Path) -> None:
    """An unsigned 64-bit size beyond BIGINT: its typed column held nothing (unknown)."""
    rows = complete_tables(valid_tables())["tumours"]
    table = arrow_table("tumours", rows)
    sizes = [2**64 - 1] + [row["tumour_size_mm"] for row in rows[1:]]
    table = table.set_column(table.schema.get_field_index("tumour_size_mm"), "tumour_size_mm",
                             pa.array(sizes, type=pa.uint64()))
    pq.write_table(table, _extract(folder, "tumours"))


def decimal_in_a_csv_whole_number_column(folder: Path) -> None:
    """20.4 mm was read as 20."""
    import pyarrow.csv as pacsv

    path = _extract(folder, "tumours")
    table = pq.read_table(path)
    sizes = [str(v) for v in table.column("tumour_size_mm").to_pylist()]
    sizes[0] = "20.4"
    table = table.set_column(table.schema.get_field_index("tumour_size_mm"), "tumour_size_mm",
                             pa.array(sizes))
    pacsv.write_csv(table, path.with_suffix(".csv"))
    path.unlink()


def _rewrite(folder: Path, name: str, index: int, **values) -> None:
    tables = complete_tables(valid_tables())
    tables[name][index].update(values)
    pq.write_table(arrow_table(name, tables[name]), _extract(folder, name))


def diagnosis_in_1850(folder: Path) -> None:
    _rewrite(folder, "tumours", 0, diagnosis_date=date(1850, 3, 1))


def emigration_in_1850(folder: Path) -> None:
    _rewrite(folder, "patients", 0, emigration_date=date(1850, 3, 1))


def tumour_in_2099_without_dataset_yml(folder: Path) -> None:
    (folder / "dataset.yml").unlink()
    _rewrite(folder, "tumours", 0, diagnosis_date=date(2099, 3, 1))


def yes_as_a_boolean(folder: Path) -> None:
    import pyarrow.csv as pacsv

    path = _extract(folder, "surgeries")
    pacsv.write_csv(pq.read_table(path), path.with_suffix(".csv"))
    path.unlink()
    csv = path.with_suffix(".csv")
    lines = csv.read_text().splitlines()
    header = [h.strip('"') for h in lines[0].split(",")]
    cells = lines[1].split(",")
    cells[header.index("reoperation")] = "yes"
    csv.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")


def ragged_csv(folder: Path) -> None:
    """Two rows longer than the header: DuckDB finds no delimiter and reads one column."""
    import pyarrow.csv as pacsv

    path = _extract(folder, "forms")
    pacsv.write_csv(pq.read_table(path), path.with_suffix(".csv"))
    path.unlink()
    csv = path.with_suffix(".csv")
    csv.write_text(csv.read_text().replace("\n", ",extra\n", 2))


def empty_dataset(folder: Path) -> None:
    for name in ("patients", "tumours", "forms", "assessments", "surgeries", "treatments"):
        pq.write_table(arrow_table(name, []), _extract(folder, name))


# (case, how to break the dataset, file named in the message, words of the message)
CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("empty file", empty_file, "extracts/forms.parquet",
     "unreadable file: expected a readable Parquet file; found the file is too small to be "
     "Parquet (empty or cut off)"),
    ("truncated file", truncated_file, "extracts/forms.parquet",
     "unreadable file: expected a readable Parquet file; found no Parquet marker at the end "
     "(not Parquet, or cut off)"),
    ("not parquet", not_parquet, "extracts/forms.parquet",
     "unreadable file: expected a readable Parquet file"),
    ("footer claims 2 GB", footer_claims_two_gigabytes, "extracts/forms.parquet",
     "unreadable file: expected a readable Parquet file"),
    ("folder in place of a file", folder_in_place_of_file, "extracts/patients.parquet",
     "unreadable file: expected the patients extract as a readable file; found a folder"),
    ("link loop", link_loop_in_place_of_file, "extracts/tumours.parquet",
     "unreadable file: expected the tumours extract as a readable file; found a link loop"),
    ("link to nothing", link_to_nothing, "extracts/surgeries.parquet",
     "found a link to nothing"),
    ("extracts/ a link loop", extracts_folder_a_link_loop, "ds/extracts",
     "unreadable file: expected a folder of extract files; found a link loop"),
    ("missing patients", missing_patients, "extracts/patients.parquet",
     "missing file: expected the patients extract (.parquet or .csv)"),
    ("missing tumours", missing_tumours, "extracts/tumours.parquet",
     "missing file: expected the tumours extract (.parquet or .csv)"),
    ("wrong column type", wrong_column_type, "tumours.parquet, column age_at_diagnosis",
     "wrong type: expected int values; found a column of type BOOLEAN"),
    ("broken dataset.yml", broken_dataset_yml, "dataset.yml, row 2",
     "bad dataset description: expected valid YAML"),
    ("impossible follow-up date", impossible_follow_up_date, "dataset.yml",
     "bad dataset description: expected valid YAML whose dates exist (YYYY-MM-DD)"),
    ("follow-up date not a date", follow_up_date_not_a_date, "dataset.yml, column follow_up_date",
     "expected an ISO date (YYYY-MM-DD) that exists"),
    ("diagnosis in 1850", diagnosis_in_1850, "tumours.parquet, column diagnosis_date, row 1",
     "out of range: expected dates from 1950-01-01"),
    ("emigration in 1850", emigration_in_1850, "patients.parquet, column emigration_date, row 1",
     "out of range: expected dates from 1950-01-01"),
    ("a tumour in 2099 and no dataset.yml", tumour_in_2099_without_dataset_yml,
     "tumours.parquet, column diagnosis_date, row 1", "out of range: expected dates from "
     "1950-01-01 to today"),
    ("yes as a boolean", yes_as_a_boolean, "surgeries.csv, column reoperation, row 1",
     "wrong type: expected bool values; found 1 distinct value not allowed"),
    ("rows longer than the header", ragged_csv, "extracts/forms.csv",
     "unreadable file: expected a readable CSV file with a header row; found a single column "
     "(no delimiter found, or rows of different lengths)"),
    ("an empty dataset", empty_dataset, "patients.parquet",
     "missing value: expected at least one row; found an empty table"),
    ("a number too big for 64 bits", number_too_big_for_64_bits,
     "tumours.parquet, column tumour_size_mm, row 1",
     "wrong type: expected int values; found 1 distinct value not allowed"),
    ("a decimal in a CSV whole-number column", decimal_in_a_csv_whole_number_column,
     "tumours.csv, column tumour_size_mm, row 1",
     "wrong type: expected int values; found 1 distinct value not allowed"),
    ("aliases in dataset.yml (billion laughs)", aliases_in_dataset_yml, "dataset.yml, row 3",
     "bad dataset description: expected every value written out, without anchors and aliases "
     "(& and *); found an alias"),
    ("synthetic: 'no'", synthetic_as_text, "dataset.yml, column synthetic",
     "bad dataset description: expected true or false"),
    ("markup as the seed", markup_as_the_seed, "dataset.yml, column seed",
     "bad dataset description: expected a whole number"),
    ("a follow-up date to come", follow_up_date_to_come_and_a_tumour_after_today,
     "dataset.yml, column follow_up_date",
     "bad dataset description: expected an ISO date (YYYY-MM-DD) that exists, not after today"),
    ("a tumour after today, under a follow-up date to come",
     follow_up_date_to_come_and_a_tumour_after_today,
     "tumours.parquet, column diagnosis_date, row 1", "out of range: expected dates from "
     "1950-01-01 to today"),
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str):
    return runner.invoke(main, [*args], catch_exceptions=True)


@pytest.mark.parametrize("case, breaks, file, words", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "results"])
def test_a_broken_file_is_a_named_problem_with_exit_2_and_nothing_written(
        runner, tmp_path, command, case, breaks, file, words):
    dataset = write_dataset(tmp_path / "ds", valid_tables(), meta="synthetic: true\n")
    breaks(dataset)
    args = [command, "--extracts", str(dataset), "--reference", str(FIXTURE_REFERENCE)]
    if command == "results":
        args += ["--out", str(tmp_path / "out")]
    outcome = run(runner, *args)
    assert outcome.exit_code == 2, outcome.output
    assert not isinstance(outcome.exception, Exception) or isinstance(outcome.exception,
                                                                      SystemExit)
    assert "Traceback" not in outcome.output
    line = next(line for line in outcome.output.splitlines() if words in line)
    assert file in line
    assert not (tmp_path / "out").exists()


def test_a_missing_extracts_folder_is_one_problem(runner, tmp_path):
    outcome = run(runner, "validate", "--extracts", str(tmp_path / "nowhere"))
    assert outcome.exit_code == 2
    assert outcome.output.count("  - ") == 1
    assert (f"{tmp_path / 'nowhere'}: missing file: expected a dataset folder holding "
            "extracts/ and dataset.yml; found no such folder") in outcome.output


def test_an_unreadable_file_is_named(runner, tmp_path, monkeypatch):
    """Root reads any file, so the failure of open() is what the test provides."""
    dataset = write_dataset(tmp_path / "ds", valid_tables())
    target = _extract(dataset, "forms")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == target:
            raise PermissionError(13, os.strerror(13))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    outcome = run(runner, "validate", "--extracts", str(dataset),
                  "--reference", str(FIXTURE_REFERENCE))
    assert outcome.exit_code == 2
    assert (f"{target}: unreadable file: expected the forms extract as a readable file; "
            "found it cannot be read (Permission denied)") in outcome.output


@pytest.mark.parametrize("year", ["0", "1990", "2013", "2099"])
def test_a_year_without_complete_data_is_refused_and_nothing_written(runner, tmp_path, year):
    outcome = run(runner, "results", "--year", year, "--out", str(tmp_path / "out"))
    assert outcome.exit_code == 2, outcome.output
    assert f"no complete year {year} in " in outcome.output
    assert "complete diagnosis years 2014 to 2024" in outcome.output
    assert not (tmp_path / "out").exists()


def _explode(monkeypatch, module, name: str, message: str) -> None:
    """MODULE.NAME raises an unexpected RuntimeError(MESSAGE) when called."""

    def explode(*args, **kwargs):
        raise RuntimeError(message)

    monkeypatch.setattr(module, name, explode)


def test_an_unexpected_error_is_one_line_naming_the_file_and_debug_shows_the_traceback(
        runner, tmp_path, monkeypatch):
    from report.ingest import identifiers

    _explode(monkeypatch, identifiers, "refuse", "a value from a cell: 15038540189")
    dataset = write_dataset(tmp_path / "ds", valid_tables())
    args = ["validate", "--extracts", str(dataset), "--reference", str(FIXTURE_REFERENCE)]
    outcome = run(runner, *args)
    assert outcome.exit_code == 1
    lines = outcome.output.strip().splitlines()
    assert lines == [f"Error: unexpected RuntimeError while reading "
                     f"{_extract(dataset, 'patients')}; run 'nbcr-report --debug validate ...' "
                     "to see the traceback"]
    assert "15038540189" not in outcome.output
    debug = run(runner, "--debug", *args)
    assert isinstance(debug.exception, RuntimeError)


def test_an_unexpected_error_after_validation_does_not_blame_the_extracts(
        runner, tmp_path, monkeypatch):
    from report.compute import results

    _explode(monkeypatch, results, "set_variables", "while computing")
    dataset = write_dataset(tmp_path / "ds", valid_tables())
    outcome = run(runner, "results", "--extracts", str(dataset), "--reference",
                  str(FIXTURE_REFERENCE), "--out", str(tmp_path / "out"))
    assert outcome.exit_code == 1
    assert (f"Error: unexpected RuntimeError while computing the results from {dataset}; "
            "run 'nbcr-report --debug results ...'") in outcome.output


def test_verify_refuses_a_broken_manifest_with_a_message(runner, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "manifest.json").write_text("{not json")
    outcome = run(runner, "verify", str(tmp_path))
    assert outcome.exit_code == 2
    assert "manifest.json: expected JSON with a report_year" in outcome.output


def _a_file(tmp: Path) -> Path:
    (tmp / "a-file").write_text("mine")
    return tmp / "a-file"


def _data_of_mine(tmp: Path) -> Path:
    (tmp / "out" / "data").mkdir(parents=True)
    (tmp / "out" / "data" / "thesis.txt").write_text("mine")
    return tmp / "out" / "data" / "thesis.txt"


def _data_a_file(tmp: Path) -> Path:
    (tmp / "out").mkdir()
    (tmp / "out" / "data").write_text("mine")
    return tmp / "out" / "data"


def _real_extract(tmp: Path) -> Path:
    (tmp / "ds" / "extracts").mkdir(parents=True)
    (tmp / "ds" / "extracts" / "patients.parquet").write_text("mine")
    return tmp / "ds" / "extracts" / "patients.parquet"


# (case, command, --out below tmp, make the user's file (returns it), words of the message)
OUT_CASES = [
    ("results --out an existing file", "results", "a-file", _a_file,
     "{tmp}/a-file: expected a folder for the results; found a file"),
    ("results --out whose data/ holds the user's files", "results", "out", _data_of_mine,
     "{tmp}/out/data: expected an empty folder or results written by nbcr-report (with "
     "manifest.json); found other files, which results would replace"),
    ("results --out whose data is a file", "results", "out", _data_a_file,
     "{tmp}/out/data: expected an empty folder or results written by nbcr-report"),
    ("results --out below a file", "results", "a-file/sub", _a_file,
     "{tmp}/a-file/sub: expected a folder for the results; found a file in its path "
     "({tmp}/a-file)"),
    ("build --out below a file", "build", "a-file/sub", _a_file,
     "{tmp}/a-file/sub: expected a folder for the site; found a file in its path "
     "({tmp}/a-file)"),
    ("hospital --out below a file", "hospital h01", "a-file/sub", _a_file,
     "{tmp}/a-file/sub: expected a folder for the site; found a file in its path "
     "({tmp}/a-file)"),
    ("hospital --out an existing file", "hospital h01", "a-file", _a_file,
     "{tmp}/a-file: expected a folder for the site; found a file"),
    ("synth --out a dataset not marked synthetic", "synth --scale 0.01", "ds", _real_extract,
     "{tmp}/ds: expected an empty folder or a synthetic dataset (dataset.yml with synthetic: "
     "true); found a dataset that is not marked synthetic, whose files synth would "
     "overwrite"),
]


@pytest.mark.parametrize("case, command, out, mine, words", OUT_CASES,
                         ids=[c[0] for c in OUT_CASES])
def test_an_output_folder_that_is_not_ours_is_refused_and_left_alone(
        runner, tmp_path, case, command, out, mine, words):
    mine = mine(tmp_path)
    outcome = run(runner, *command.split(), "--out", str(tmp_path / out))
    assert outcome.exit_code == 2, outcome.output
    assert words.format(tmp=tmp_path) in outcome.output
    assert mine.read_text() == "mine"
    assert sorted(p.name for p in mine.parent.iterdir()) == [mine.name]

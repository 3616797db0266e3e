"""Every CLI command has help text and works; bad data exits with code 2 and a readable list."""

import pytest
from builders import FIXTURE_REFERENCE, valid_tables, write_dataset
from click.testing import CliRunner

from report.cli import main

COMMANDS = sorted(main.commands)


@pytest.fixture
def runner():
    return CliRunner()


def test_the_documented_commands_exist():
    assert {"synth", "validate", "results", "render"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner, command):
    outcome = runner.invoke(main, [command, "--help"])
    assert outcome.exit_code == 0
    assert main.commands[command].help, f"{command} lacks a docstring"
    assert "Usage:" in outcome.output


def test_validate_accepts_a_valid_dataset(runner, tmp_path):
    folder = write_dataset(tmp_path / "ds", valid_tables())
    outcome = runner.invoke(main, ["validate", "--extracts", str(folder),
                                   "--reference", str(FIXTURE_REFERENCE)])
    assert outcome.exit_code == 0, outcome.output
    assert "valid (patients 2, tumours 2" in outcome.output


def test_validate_lists_every_problem_and_exits_2(runner, tmp_path):
    tables = valid_tables()
    tables["tumours"][0]["age_at_diagnosis"] = 130
    tables["forms"][0]["form_type"] = "letter"
    folder = write_dataset(tmp_path / "ds", tables)
    outcome = runner.invoke(main, ["validate", "--extracts", str(folder),
                                   "--reference", str(FIXTURE_REFERENCE)])
    assert outcome.exit_code == 2
    assert "2 problem(s) in the input data:" in outcome.output
    assert "tumours.parquet, column age_at_diagnosis, row 1: out of range" in outcome.output
    assert "Traceback" not in outcome.output


def test_results_with_bad_data_exits_2_and_writes_nothing(runner, tmp_path):
    tables = valid_tables()
    tables["surgeries"][0]["hospital_id"] = "h9"
    folder = write_dataset(tmp_path / "ds", tables)
    out = tmp_path / "site"
    outcome = runner.invoke(main, ["results", "--extracts", str(folder), "--reference",
                                   str(FIXTURE_REFERENCE), "--out", str(out)])
    assert outcome.exit_code == 2
    assert "unknown hospital" in outcome.output
    assert not (out / "data").exists()


def test_results_writes_the_published_tables(runner, tmp_path):
    outcome = runner.invoke(main, ["results", "--year", "2023", "--out", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert "report year 2023" in outcome.output
    assert (tmp_path / "data" / "indicators.csv").is_file()
    assert (tmp_path / "data" / "manifest.json").is_file()


def test_synth_writes_a_valid_dataset(runner, tmp_path):
    out = tmp_path / "synthetic"
    outcome = runner.invoke(main, ["synth", "--seed", "7", "--scale", "0.02", "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert (out / "dataset.yml").is_file()
    check = runner.invoke(main, ["validate", "--extracts", str(out)])
    assert check.exit_code == 0, check.output


def test_verify_passes_on_an_unchanged_rebuild(runner, tmp_path):
    assert runner.invoke(main, ["results", "--out", str(tmp_path)]).exit_code == 0
    outcome = runner.invoke(main, ["verify", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert "tables match" in outcome.output


def test_verify_lists_a_changed_cell(runner, tmp_path):
    assert runner.invoke(main, ["results", "--out", str(tmp_path)]).exit_code == 0
    path = tmp_path / "data" / "volume.csv"
    lines = path.read_text().splitlines()
    fields = lines[1].split(",")
    fields[2] = str(int(fields[2]) + 1)
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    outcome = runner.invoke(main, ["verify", str(tmp_path / "data")])
    assert outcome.exit_code == 1
    assert ("volume.csv: row (year=2014, hospital_id=h01), column primary_operations: "
            f"published '{fields[2]}', rebuilt '{int(fields[2]) - 1}'") in outcome.output

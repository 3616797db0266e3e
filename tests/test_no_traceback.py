"""The generic rule: no command ends in a Python traceback on bad input or bad arguments.
Each call runs the real command line in its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BAD = [
    ["synth", "--scale", "-1"],
    ["synth", "--scale", "abc"],
    ["validate", "--extracts", "{tmp}/nowhere"],
    ["validate", "--extracts", "{tmp}/a-file"],
    ["validate", "--reference", "{tmp}/nowhere"],
    ["results", "--year", "0"],
    ["results", "--year", "twenty"],
    ["results", "--out", "{tmp}/a-file"],
    ["build", "--out", "{tmp}/occupied", "--quiet"],
    ["hospital", "h99"],
    ["hospital", "h01", "--lang", "de"],
    ["verify", "{tmp}/nowhere"],
    ["verify", "{tmp}/broken"],
    ["render", "{tmp}/nowhere"],
    ["render", "{tmp}/broken"],
    ["render", "{tmp}/aliases"],
    ["results", "--out", "{tmp}/a-file/below"],
    ["hospital", "h01", "--out", "{tmp}/a-file/below"],
    ["synth", "--scale", "0.01", "--out", "{tmp}/real"],
    ["no-such-command"],
]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "a-file").write_text("x")
    (folder / "occupied").mkdir()
    (folder / "occupied" / "notes.txt").write_text("mine")
    (folder / "broken" / "data").mkdir(parents=True)
    (folder / "broken" / "data" / "manifest.json").write_text("{")
    (folder / "broken" / "_quarto.yml").write_text("project: [")
    (folder / "aliases").mkdir()
    (folder / "aliases" / "_quarto.yml").write_text("project:\n  type: website\n" + "".join(
        f"{new}: &{new} [{', '.join([f'*{old}'] * 10)}]\n"
        for new, old in zip("bcdef", "abcde", strict=True)).replace(
        "b: &b [*a", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a", 1))
    (folder / "real" / "extracts").mkdir(parents=True)
    (folder / "real" / "extracts" / "patients.parquet").write_text("mine")
    return folder


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a) for a in BAD])
def test_bad_arguments_end_in_a_message_not_a_traceback(tmp, args):
    argv = [a.format(tmp=tmp) for a in args]
    done = subprocess.run([sys.executable, "-m", "report.cli", *argv], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode in (1, 2), (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert (done.stdout + done.stderr).strip(), "a message says what was wrong"
    if args[0] != "no-such-command":
        assert "unexpected" not in done.stderr, "a known kind of bad input has its own message"

"""Builds that cannot hurt: one at a time per project, output folders replaced only when
they hold a previous build, and killed builds' leftovers removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from report import workspace
from report.cli import main

HOLD = """
import sys, time
from pathlib import Path
from report import workspace
with workspace.project_lock(Path(sys.argv[1])):
    print("got", time.monotonic(), flush=True)
    time.sleep(float(sys.argv[2]))
    print("released", time.monotonic(), flush=True)
"""


def test_a_second_build_waits_for_the_first_to_release_the_lock(tmp_path):
    first = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "1.5"],
                             stdout=subprocess.PIPE, text=True)
    got_first = float(first.stdout.readline().split()[1])
    second = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path), "0"],
                            capture_output=True, text=True, check=True)
    released_first = float(first.stdout.readline().split()[1])
    first.wait()
    got_second = float(second.stdout.split()[1])
    assert got_first < released_first <= got_second
    assert f"waiting for the build already running in this project (pid {first.pid})" \
        in second.stderr


@pytest.mark.parametrize("content", ["notes.txt", "data/other.csv"])
def test_build_refuses_a_folder_that_holds_something_else(tmp_path, content):
    out = tmp_path / "mine"
    (out / content).parent.mkdir(parents=True)
    (out / content).write_text("keep me")
    outcome = CliRunner().invoke(main, ["build", "--out", str(out), "--quiet"])
    assert outcome.exit_code == 2
    assert (f"{out}: expected an empty folder or a site built by nbcr-report "
            "(with data/manifest.json); found other files") in outcome.output
    assert (out / content).read_text() == "keep me"


def test_build_refuses_the_project_folder_and_its_parents(tmp_path):
    from report import paths

    for folder in (paths.REPO, paths.REPO.parent):
        with pytest.raises(workspace.OutputRefused, match="the project folder or one that "
                                                          "contains it"):
            workspace.check_site_folder(folder)


def test_a_previous_build_an_empty_or_a_missing_folder_may_be_replaced(tmp_path):
    previous = tmp_path / "site"
    (previous / "data").mkdir(parents=True)
    (previous / "data" / "manifest.json").write_text(
        json.dumps({"versions": {"nbcr-report": "0.1.0"}}))
    (tmp_path / "empty").mkdir()
    for folder in (previous, tmp_path / "empty", tmp_path / "missing"):
        workspace.check_site_folder(folder)  # no error


def test_leftovers_of_killed_builds_are_removed_and_running_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f".site-build-{dead.pid}").mkdir()
    (tmp_path / f".site-build-{dead.pid}.building-{dead.pid}").mkdir()
    (tmp_path / f".site-build-{os.getpid()}").mkdir()
    removed = workspace.remove_stale(tmp_path, ".site-build-")
    assert sorted(p.name for p in removed) == [f".site-build-{dead.pid}",
                                               f".site-build-{dead.pid}.building-{dead.pid}"]
    assert [p.name for p in tmp_path.iterdir()] == [f".site-build-{os.getpid()}"]

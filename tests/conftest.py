"""Shared fixtures: the whole report built once per test session on the synthetic data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite golden files (use `python tests/update_goldens.py`).")


@pytest.fixture(scope="session")
def built_report(tmp_path_factory):
    """The BuildResult of `nbcr-report build` into a temporary site folder."""
    from report import build

    return build.build(out=tmp_path_factory.mktemp("report") / "_site", quiet=True)


@pytest.fixture(scope="session")
def report_site(built_report) -> Path:
    return built_report.out


@pytest.fixture(scope="session")
def tenth(tmp_path_factory):
    """(dataset folder, its ResultSet): a synthetic registry at 10 % of the national volume
    (small hospitals, small years), computed once per session."""
    from report import synth
    from report.compute import results

    folder = tmp_path_factory.mktemp("tenth") / "ds"
    synth.generate(folder, seed=2025, scale=0.1)
    return folder, results.compute(folder)

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

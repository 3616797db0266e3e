"""Shared fixtures: the golden book rendered once per test session (both profiles)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.render import render_project

PROJECTS = Path(__file__).parent / "projects"
PARAMS = {"unit": "Testby"}


def copy_project(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(PROJECTS / name, target, ignore=shutil.ignore_patterns(".nbcr-cache", "_site*"))
    return target


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """(project folder, RenderResult) of a cold build of the golden book."""
    project = copy_project("book", tmp_path_factory.mktemp("book"))
    result = render_project(project, params=PARAMS, quiet=True)
    return project, result


@pytest.fixture
def copy_book():
    """A function copying the golden book (without caches) into a folder."""
    return lambda folder: copy_project("book", folder)


@pytest.fixture(scope="session")
def site(book) -> Path:
    return book[1].output_dir


@pytest.fixture(scope="session")
def make_project():
    """A function writing {name: text} files into a folder and returning the folder."""
    return write_project


def write_project(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder

"""Anything outside the supported subset is an error naming file, line and feature."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from report.render import render_project
from report.render.command import render
from report.render.errors import CellError, ConfigError, CrossrefError, UnsupportedFeature

BOOK = "project:\n  type: book\nbook:\n  title: T\n  chapters:\n    - index.qmd\n"


def build(folder: Path, make_project, index: str, **files) -> Path:
    make_project(folder, {"_quarto.yml": BOOK, "index.qmd": index, **files})
    render_project(folder, quiet=True, output_dir=folder / "_site", search=False)
    return folder / "_site"


@pytest.mark.parametrize("index, error, line, feature", [
    ("A\n\n::: {.panel-tabset}\nx\n:::\n", UnsupportedFeature, 3, "div 'panel-tabset'"),
    ("::: {.callout-caution}\nx\n:::\n", UnsupportedFeature, 1, "div 'callout-caution'"),
    ("::: {.callout-note collapse=true}\nx\n:::\n", UnsupportedFeature, 1,
     "callout attribute 'collapse'"),
    ("::: {.content-visible when-meta=x}\nx\n:::\n", UnsupportedFeature, 1,
     "content-visible condition 'when-meta'"),
    ("See [@fig-a].\n", UnsupportedFeature, 1, "bracketed cross-reference"),
    ("A\n\nSee @fig-nowhere.\n", CrossrefError, 3, "no figure, table or section is labelled"),
    ("| a |\n|---|\n| 1 |\n\n: Cap {#tbl-x}\n", UnsupportedFeature, 5, "markdown table"),
])
def test_unsupported_markdown_feature_names_file_and_line(tmp_path, make_project, index, error,
                                                          line, feature):
    with pytest.raises(error) as err:
        build(tmp_path, make_project, index)
    assert f"index.qmd:{line}:" in str(err.value)
    assert feature in str(err.value)


def test_missing_chapter_file_points_at_the_chapter_list(tmp_path, make_project):
    make_project(tmp_path, {"_quarto.yml": BOOK + "    - gone.qmd\n", "index.qmd": "A\n"})
    with pytest.raises(ConfigError, match=r"_quarto.yml:7: .*'gone.qmd' does not exist"):
        render_project(tmp_path, quiet=True, search=False)


def test_failing_cell_reports_file_line_source_and_traceback_and_keeps_old_site(
        tmp_path, make_project):
    site = build(tmp_path, make_project, "---\ntitle: Good\n---\n\nFirst version.\n")
    before = (site / "index.html").read_bytes()
    bad = "---\ntitle: Bad\n---\n\nText\n\n```{python}\n#| label: boom\nx = 1\n1 / 0\n```\n"
    with pytest.raises(CellError) as err:
        build(tmp_path, make_project, bad)
    message = str(err.value)
    assert "index.qmd:7:" in message
    assert "cell 'boom' raised ZeroDivisionError" in message
    assert "1 / 0" in message and "Traceback" in message or "ZeroDivisionError" in message
    assert (site / "index.html").read_bytes() == before
    assert not list(tmp_path.glob("_site.*"))


def test_cli_shows_the_error_without_a_traceback(tmp_path, make_project):
    make_project(tmp_path, {"_quarto.yml": BOOK, "index.qmd": "::: {.panel-tabset}\n:::\n"})
    result = CliRunner().invoke(render, [str(tmp_path), "--quiet"])
    assert result.exit_code == 1
    assert "index.qmd:1: unsupported Quarto feature: div 'panel-tabset'" in result.output
    assert "Traceback" not in result.output


def test_cli_parses_parameters_as_yaml_values():
    from report.render.command import _parse_params

    assert _parse_params(("year:2024", "unit:H01", "flag:true")) == {
        "year": 2024, "unit": "H01", "flag": True}


def test_cli_rejects_a_parameter_without_colon(tmp_path):
    result = CliRunner().invoke(render, [str(tmp_path), "-P", "year=2024"])
    assert result.exit_code == 2
    assert "'year=2024' is not key:value" in result.output


def test_files_another_tool_wrote_survive_but_stale_pages_go(tmp_path, make_project):
    site = build(tmp_path, make_project, "A\n", **{"old.qmd": "B\n"})
    (site / "data").mkdir()
    (site / "data" / "manifest.json").write_text("{}")
    make_project(tmp_path, {"_quarto.yml": BOOK + "    - old.qmd\n"})
    render_project(tmp_path, quiet=True, output_dir=site, search=False)
    assert (site / "old.html").is_file()
    make_project(tmp_path, {"_quarto.yml": BOOK})
    render_project(tmp_path, quiet=True, output_dir=site, search=False)
    assert not (site / "old.html").exists()
    assert (site / "data" / "manifest.json").read_text() == "{}"


def test_typst_error_names_the_chapter(tmp_path, make_project):
    from report.render.errors import TypstError

    make_project(tmp_path, {
        "_quarto.yml": BOOK + "    - bad.qmd\nformat:\n  typst: {}\n",
        "index.qmd": "# Start\n\nText.\n",
        "bad.qmd": "# Bad\n\n```{=typst}\n#undefined-function()\n```\n",
    })
    with pytest.raises(TypstError, match=r"bad.qmd: typst error: .*unknown variable"):
        render_project(tmp_path, quiet=True, search=False)

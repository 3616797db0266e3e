from pathlib import Path

import pytest

from report.render.errors import IncludeError, UnsupportedFeature, VariableError
from report.render.qmd import Cell, Markdown, inline_expressions, parse_file


def parse(tmp_path: Path, text: str, files: dict | None = None, variables: dict | None = None):
    for name, body in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    path = tmp_path / "doc.qmd"
    path.write_text(text, encoding="utf-8")
    return parse_file(path, variables or {}, tmp_path)


def test_front_matter_is_read(tmp_path):
    doc = parse(tmp_path, "---\ntitle: Hei\nlang: nb\nparams:\n  year: 2024\n---\n\nTekst\n")
    assert doc.meta == {"title": "Hei", "lang": "nb", "params": {"year": 2024}}


def test_cell_options_are_read_and_removed_from_the_source(tmp_path):
    doc = parse(tmp_path, "```{python}\n#| label: fig-a\n#| fig-cap: \"A\"\nx = 1\n```\n")
    cell = doc.cells[0]
    assert cell.options == {"label": "fig-a", "fig-cap": "A"}
    assert cell.source == "x = 1"
    assert cell.line == 1


def test_plain_code_blocks_are_markdown(tmp_path):
    doc = parse(tmp_path, "```python\nprint('x')\n```\n")
    assert [type(b) for b in doc.blocks] == [Markdown]


def test_include_is_expanded_with_its_own_file_and_lines(tmp_path):
    doc = parse(tmp_path, "A\n{{< include _p/part.qmd >}}\nB\n", {"_p/part.qmd": "P1\nP2\n"})
    lines = doc.blocks[0].lines
    assert [ln.text for ln in lines] == ["A", "P1", "P2", "B"]
    assert lines[2].file.name == "part.qmd" and lines[2].number == 2


def test_variables_are_substituted(tmp_path):
    doc = parse(tmp_path, "Year {{< var report.year >}}.\n", variables={"report": {"year": 2023}})
    assert doc.blocks[0].text == "Year 2023."


def test_inline_expressions_are_found_in_order(tmp_path):
    doc = parse(tmp_path, "A `{python} x` and `{python} f(2)`.\n\n```\n`{python} no`\n```\n")
    assert [e for e, _ in inline_expressions(doc.blocks[0])] == ["x", "f(2)"]


def test_cell_index_counts_cells_only(tmp_path):
    doc = parse(tmp_path, "A\n```{python}\n1\n```\nB\n```{python}\n2\n```\n")
    assert [b.index for b in doc.blocks if isinstance(b, Cell)] == [0, 1]


@pytest.mark.parametrize("text, error, where, feature", [
    ("---\nformat: pdf\n---\n", UnsupportedFeature, 2, "front matter key 'format'"),
    ("\n```{r}\n1\n```\n", UnsupportedFeature, 2, "code cell engine '{r}'"),
    ("```{python}\n#| fig-width: 4\n1\n```\n", UnsupportedFeature, 2, "cell option 'fig-width'"),
    ("```{python}\n#| tags: [remove]\n1\n```\n", UnsupportedFeature, 2, "cell tags"),
    ("A\n{{< meta title >}}\n", UnsupportedFeature, 2, "shortcode 'meta'"),
    ("{{< var nope.x >}}\n", VariableError, 1, "'nope.x' is not in _variables.yml"),
    ("A\n\n{{< include missing.qmd >}}\n", IncludeError, 3, "'missing.qmd' does not exist"),
    ("{{< include doc.qmd >}}\n", IncludeError, 1, "includes itself"),
])
def test_unsupported_or_wrong_input_names_file_line_and_feature(tmp_path, text, error, where,
                                                                feature):
    with pytest.raises(error) as err:
        parse(tmp_path, text)
    assert f"doc.qmd:{where}:" in str(err.value)
    assert feature in str(err.value)


def test_inline_code_in_another_language_is_unsupported(tmp_path):
    doc = parse(tmp_path, "Value `{r} x`.\n")
    with pytest.raises(UnsupportedFeature, match=r"doc.qmd:1: .*inline code '\{r\}'"):
        inline_expressions(doc.blocks[0])

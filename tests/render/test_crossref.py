"""Numbering per chapter and references worded per language."""

import pytest

from report.render.crossref import Registry, number_page
from report.render.errors import CrossrefError
from report.render.lang import WORDS
from report.render.qmd import Line, parse_file

DOC = """# Title {#sec-top}

## First {#sec-first}

### Deeper

## Unnumbered {.unnumbered}

## First

```{python}
#| label: fig-a
1
```

```{python}
#| label: tbl-a
1
```
"""


@pytest.fixture
def numbers(tmp_path):
    (tmp_path / "doc.qmd").write_text(DOC, encoding="utf-8")
    doc = parse_file(tmp_path / "doc.qmd", {}, tmp_path)
    return number_page(doc, "3", True)


def test_title_comes_from_the_first_level_one_heading(numbers):
    assert (numbers.title, numbers.title_id) == ("Title", "sec-top")


def test_sections_are_numbered_under_the_chapter(numbers):
    found = [(h.text, h.number, h.id) for h in numbers.headings.values()]
    assert found == [("First", "3.1", "sec-first"), ("Deeper", "3.1.1", "deeper"),
                     ("Unnumbered", None, "unnumbered"), ("First", "3.2", "first")]


def test_figures_and_tables_count_separately_per_chapter(numbers):
    assert numbers.figures == {"fig-a": "3.1"} and numbers.tables == {"tbl-a": "3.1"}


def test_references_link_across_pages_in_html_and_to_labels_in_typst(numbers, tmp_path):
    registry = Registry()
    registry.add_page(numbers, "three.html", appendix=False)
    line = Line("See @fig-a and @sec-top.", tmp_path / "x.qmd", 4)
    html = registry.resolve(line.text, line, WORDS["nb"], "other.html", "html")
    assert html == "See [Figur 3.1](three.html#fig-a) and [Kapittel 3](three.html#sec-top)."
    typst = registry.resolve(line.text, line, WORDS["en"], "other.html", "typst")
    assert typst == "See [Figure 3.1](#fig-a) and [Chapter 3](#sec-top)."


def test_unknown_reference_names_file_and_line(tmp_path):
    line = Line("See @tbl-missing.", tmp_path / "x.qmd", 7)
    with pytest.raises(CrossrefError, match=r"x.qmd:7: .*'tbl-missing'"):
        Registry().resolve(line.text, line, WORDS["nb"], "x.html", "html")


def test_email_addresses_are_not_references(tmp_path):
    line = Line("Mail post@fig-x.no.", tmp_path / "x.qmd", 1)
    assert Registry().resolve(line.text, line, WORDS["nb"], "x.html", "html") == line.text

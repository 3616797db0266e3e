"""A plain website project: page list, stylesheet, warnings, plain outputs."""

import pytest

from report.render import render_project
from report.render.errors import ConfigError, UnsupportedFeature

SITE = """project:
  type: website
  render: [about.qmd, index.qmd]
website:
  title: "Nettsted"
lang: nb
format:
  html:
    css: style.css
execute:
  echo: false
"""

ABOUT = """---
title: Om
---

Arvet: `{python} 'secret' in globals()`.

## Første del

```{python}
import warnings
warnings.warn("shown warning")
print("hello")
```

```{python}
#| warning: false
warnings.warn("hidden warning")
```

```{python}
import pandas as pd
pd.DataFrame({"a": [1]})
```
"""


@pytest.fixture(scope="module")
def website(tmp_path_factory, make_project):
    folder = make_project(tmp_path_factory.mktemp("web"), {
        "_quarto.yml": SITE,
        "index.qmd": "---\ntitle: Hjem\n---\n\n```{python}\n#| include: false\nsecret = 1\n```\n",
        "about.qmd": ABOUT, "style.css": "body { color: black; }\n",
        "draft.qmd": "---\ntitle: Utkast\n---\n",
    })
    render_project(folder, quiet=True, search=False)
    return folder / "_site"


def test_website_renders_the_listed_pages_index_first(website):
    assert sorted(p.name for p in website.glob("*.html")) == ["about.html", "index.html"]
    index = (website / "index.html").read_text(encoding="utf-8")
    assert index.index('href="index.html"') < index.index('href="about.html"')


def test_website_sections_are_not_numbered(website):
    about = (website / "about.html").read_text(encoding="utf-8")
    assert "header-section-number" not in about and "Første del" in about


def test_project_stylesheet_is_copied_and_linked(website):
    assert (website / "style.css").is_file()
    assert '<link rel="stylesheet" href="style.css">' in (website / "about.html").read_text(
        encoding="utf-8")


def test_warning_option_hides_warnings_per_cell(website):
    about = (website / "about.html").read_text(encoding="utf-8")
    assert "shown warning" in about and "hello" in about
    assert "hidden warning" not in about


def test_html_output_is_shown_in_the_page(website):
    about = (website / "about.html").read_text(encoding="utf-8")
    assert 'class="dataframe"' in about


def test_typst_format_in_a_website_is_unsupported(tmp_path, make_project):
    make_project(tmp_path, {"_quarto.yml": SITE.replace("format:\n", "format:\n  typst: {}\n"),
                            "index.qmd": "A\n", "about.qmd": "B\n", "style.css": ""})
    with pytest.raises(UnsupportedFeature, match=r"_quarto.yml:\d+: .*format 'typst'"):
        render_project(tmp_path, quiet=True, search=False)


def test_pdf_dir_puts_the_book_pdf_in_a_shared_folder(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n  chapters: [index.qmd]\n"
                       "  output-file: t-nb\npdf-dir: ../downloads\n"
                       "format:\n  html: {}\n  typst: {}\n",
        "_quarto-nb.yml": "lang: nb\n", "_quarto-en.yml": "lang: en\n",
        "index.qmd": "---\ntitle: Start\n---\n\nTekst.\n",
    })
    render_project(tmp_path, profiles=["nb", "en"], quiet=True, search=False)
    assert (tmp_path / "_site" / "downloads" / "t-nb.pdf").is_file()
    html = (tmp_path / "_site" / "nb" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/t-nb.pdf"' in html


def test_unnumbered_chapter_title_takes_no_number(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n"
                       "  chapters: [index.qmd, preface.qmd, one.qmd]\n",
        "index.qmd": "# Start\n", "preface.qmd": "# Preface {.unnumbered}\n\nText.\n",
        "one.qmd": "# One\n\n## Part\n",
    })
    render_project(tmp_path, quiet=True, search=False)
    one = (tmp_path / "_site" / "one.html").read_text(encoding="utf-8")
    assert '<span class="chapter-number">1</span> One</h1>' in one
    assert '<span class="header-section-number">1.1</span> Part' in one
    preface = (tmp_path / "_site" / "preface.html").read_text(encoding="utf-8")
    assert '<h1 class="title" id="title" data-pagefind-weight="10">Preface</h1>' in preface


def test_pages_dir_puts_chapter_pages_at_the_top_of_the_tree(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\npages-dir: chapters\nbook:\n  title: T\n"
                       "  chapters: [index.qmd, chapters/one.qmd, chapters/part/two.qmd]\n",
        "index.qmd": "# Start\n\nSee @sec-one.\n",
        "chapters/one.qmd": "# One {#sec-one}\n\nBack to [the start](../index.qmd).\n",
        "chapters/part/two.qmd": "# Two\n",
    })
    render_project(tmp_path, quiet=True, search=False)
    index = (tmp_path / "_site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="one.html#sec-one">Chapter 1</a>' in index
    assert (tmp_path / "_site" / "part" / "two.html").is_file()


def test_each_document_starts_with_a_fresh_namespace(website):
    assert "Arvet: False." in (website / "about.html").read_text(encoding="utf-8")


def test_a_path_as_output_file_is_an_error_as_quarto_takes_a_file_name(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n  chapters: [index.qmd]\n"
                       "  output-file: ../downloads/t-nb\nformat:\n  html: {}\n  typst: {}\n",
        "index.qmd": "Tekst.\n",
    })
    with pytest.raises(ConfigError, match=r"_quarto.yml:\d+: .*output-file '../downloads/t-nb' "
                                          r"is a path"):
        render_project(tmp_path, quiet=True, search=False)


def test_a_book_without_a_home_page_at_the_root_is_an_error(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n"
                       "  chapters: [chapters/index.qmd, chapters/one.qmd]\n",
        "chapters/index.qmd": "A\n", "chapters/one.qmd": "B\n",
    })
    with pytest.raises(ConfigError, match=r"must include a home page: index.qmd at the project "
                                          r"root"):
        render_project(tmp_path, quiet=True, search=False)


def test_the_home_page_is_read_first_wherever_it_is_listed(tmp_path, make_project):
    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n"
                       "  chapters: [one.qmd, index.qmd]\n",
        "index.qmd": "---\ntitle: Home\n---\n\nA\n", "one.qmd": "# One\n\nB\n",
    })
    result = render_project(tmp_path, quiet=True, search=False)
    assert [name.split(":")[-1] for name, _, _ in result.documents] == ["index.qmd", "one.qmd"]

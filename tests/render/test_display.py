"""The MIME contract helpers: Both and typst_table."""

import typst

from report.render import TYPST_MIME, Both, typst_table
from report.render.markup import renumber_svg_ids, stable_ids


def compile_markup(markup: str) -> bytes:
    return typst.compile(f"#set text(lang: \"nb\")\n{markup}\n".encode(), format="pdf")


def test_both_shows_html_on_the_site_and_typst_in_the_pdf():
    shown = Both("<table></table>", "#table(columns: 1, [x])", "x")
    assert shown._repr_html_() == "<table></table>"
    assert shown._repr_typst_() == "#table(columns: 1, [x])"
    assert TYPST_MIME == "text/x-typst"


def test_typst_table_escapes_text_and_compiles():
    markup = typst_table(["Sykehus", "Andel"], [['"Ullevål" #1 \\ $5', "87,3 %"]],
                         align=["left", "right"], fills=[[None, "#d4edda"]])
    assert "table.header(" in markup
    assert compile_markup(markup).startswith(b"%PDF")


def test_typst_table_accepts_typst_colour_expressions():
    markup = typst_table(["a"], [["1"]], fills=[["luma(240)"]])
    assert "fill: luma(240)" in markup
    compile_markup(markup)


def test_random_great_tables_ids_become_fixed():
    html = '<div id="abcdefghij"><style>#abcdefghij td {}</style></div>'
    assert stable_ids(html, "out-tbl-x") == (
        '<div id="out-tbl-x-0"><style>#out-tbl-x-0 td {}</style></div>')


def test_svg_ids_are_renumbered_per_chart():
    svg = '<clipPath id="clip7"/><g clip-path="url(#clip7)"/>'
    assert renumber_svg_ids(svg, "fig-a") == (
        '<clipPath id="fig-a-0"/><g clip-path="url(#fig-a-0)"/>')

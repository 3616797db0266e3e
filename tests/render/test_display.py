"""The MIME contract helpers: Both and typst_table; chart data tables."""

import re

import typst

from report.render import TYPST_MIME, Both, typst_table
from report.render.charts import data_table_html
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


def test_typst_table_sets_bold_rows_in_bold_as_the_website_does():
    markup = typst_table(["Type", "2024"], [["DCIS", "390"], ["Total", "4 682"]],
                         fills=[[None, "#d4edda"], [None, None]], bold_rows=(1,))
    body = markup.split("table.header(")[1].splitlines()[1:]
    assert [line.count('weight: "bold"') for line in body if '"' in line] == [0, 2]
    compile_markup(markup)


def test_random_great_tables_ids_become_fixed():
    html = '<div id="abcdefghij"><style>#abcdefghij td {}</style></div>'
    assert stable_ids(html, "out-tbl-x") == (
        '<div id="out-tbl-x-0"><style>#out-tbl-x-0 td {}</style></div>')


def test_svg_ids_are_renumbered_per_chart():
    svg = '<clipPath id="clip7"/><g clip-path="url(#clip7)"/>'
    assert renumber_svg_ids(svg, "fig-a") == (
        '<clipPath id="fig-a-0"/><g clip-path="url(#fig-a-0)"/>')


def _table_spec(config: dict | None = None) -> dict:
    spec = {"data": {"values": [
        {"Unit": "A", "Year": 2024, "Share": 87.3, "Count": 2390.0, "Change": -1234.5},
        {"Unit": "B", "Year": 2023, "Share": 100.0, "Count": 12, "Change": None}]},
        "mark": "bar",
        "encoding": {"x": {"field": "Year", "type": "ordinal"},
                     "y": {"field": "Share", "type": "quantitative"}}}
    if config is not None:
        spec["config"] = config
    return spec


def _cells(html: str) -> list[list[str]]:
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r'<tr>(<th scope="row">.*?)</tr>', html)]


def test_data_table_numbers_follow_the_charts_number_locale():
    nb = {"locale": {"number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3],
                                "currency": ["", ""], "minus": "\u2212"}}}
    rows = _cells(data_table_html(_table_spec(nb), "Tallene"))
    # decimal comma; whole numbers without ',0'; a column keeps one number of decimals;
    # thousands grouped with the locale's mark, but not years on an ordinal axis
    assert rows[0] == ["A", "2024", "87,3", "2\u00a0390", "\u22121\u00a0234,5"]
    assert rows[1] == ["B", "2023", "100,0", "12", ""]


def test_data_table_without_a_locale_prints_plain_numbers():
    rows = _cells(data_table_html(_table_spec(), "Data"))
    assert rows[0] == ["A", "2024", "87.3", "2390", "-1234.5"]


def test_data_table_leaves_years_formatted_d_ungrouped():
    spec = _table_spec({"locale": {"number": {"decimal": ".", "thousands": ","}}})
    spec["encoding"]["x"] = {"field": "Year", "type": "quantitative", "axis": {"format": "d"}}
    rows = _cells(data_table_html(spec, "Data"))
    assert rows[0][:4] == ["A", "2024", "87.3", "2,390"]


def test_data_table_leaves_out_the_fields_the_chart_omits():
    spec = _table_spec()
    spec["usermeta"] = {"data-table": {"omit": ["Count", "Change"]}}
    html = data_table_html(spec, "Data")
    assert re.findall(r'<th scope="col">(.*?)</th>', html) == ["Unit", "Year", "Share"]
    assert _cells(html)[0] == ["A", "2024", "87.3"]


def test_data_table_lists_only_the_rows_the_chart_names():
    spec = _table_spec()
    spec["data"]["values"] += [{"Unit": "limit", "Year": 2024, "Share": 80.0, "Count": None,
                                "Change": None}]
    spec["usermeta"] = {"data-table": {"rows": {"Unit": ["A", "B"]}}}
    assert [r[0] for r in _cells(data_table_html(spec, "Data"))] == ["A", "B"]
    del spec["usermeta"]
    assert [r[0] for r in _cells(data_table_html(spec, "Data"))] == ["A", "B", "limit"]


def test_data_table_shows_each_share_with_its_own_decimals_but_at_least_the_fields_least():
    spec = _table_spec()
    spec["data"]["values"] += [{"Unit": "C", "Year": 2022, "Share": 84.96, "Count": 1,
                                "Change": 0.5}]
    spec["usermeta"] = {"data-table": {"decimals": {"Share": 1}}}
    rows = _cells(data_table_html(spec, "Data"))
    # '84.96' keeps its two decimals; the rest of the column stays at one ('87.3', '100.0')
    assert [r[2] for r in rows] == ["87.3", "100.0", "84.96"]
    assert [r[4] for r in rows] == ["-1234.5", "", "0.5"]  # other columns as before


def test_an_output_with_its_own_typst_drawing_shows_it_in_the_pdf_and_the_chart_online():
    from report.render.outputs import Converters, Figure, Sink, pick, typst_bundle

    spec = {"mark": "point", "description": "Punkter per år", "data": {"values": []}}
    data = {"application/vnd.vegalite.v6+json": spec, TYPST_MIME: "#box[drawn]",
            "text/plain": "<Chart>"}
    assert pick(data, "html") == "application/vnd.vegalite.v6+json"
    assert pick(data, "typst") == TYPST_MIME

    def no_svg(spec, name):
        raise AssertionError("no chart conversion for an output that draws itself")

    markup = typst_bundle(data, Figure("fig-x", "Figur 1: Tittel", "", "fig", "Tittel"),
                          Sink("figures"), "x", ("doc.qmd", 1), Converters(str, no_svg))
    assert "#box[drawn]" in markup and 'alt: "Punkter per år"' in markup


def test_html_table_has_row_headings_and_says_why_a_cell_is_blank():
    from report.render import html_table

    html = html_table(["Unit", "Share"], [["A", "91"], ["B", ""]], table_id="t", label="Units",
                      align=["left", "right"], fills=[[None, "#ccffcc"], [None, None]],
                      hidden=[["", ""], ["", "Too few patients"]], notes=["A note"])
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody>")[1])
    assert rows[0] == ('<th scope="row" class="txt">A</th>'
                       '<td class="num" style="background-color:#ccffcc">91</td>')
    assert rows[1] == ('<th scope="row" class="txt">B</th><td class="num">'
                       '<span class="visually-hidden">Too few patients</span></td>')
    assert '<th scope="col" class="num">Share</th>' in html
    assert '<tfoot><tr><td colspan="2">A note</td></tr></tfoot>' in html
    assert 'tabindex="0" role="region" aria-label="Units"' in html and "<style" not in html

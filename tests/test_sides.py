"""A share shown next to a status or a level line never reads as the other side of the level:
indicator tables (chapters and hospital pages), the status matrix, the value labels beside
coverage bars (web and PDF), the data, tooltips and descriptions of the indicator charts, and
the main findings show one more decimal (or two) where the usual rounding would cross a level,
and a footnote says why, only where such a value is shown."""

from dataclasses import replace

import pandas as pd
import pytest

from report.compute import registry, results
from report.content import charts, fmt, hospital, sides, summary, tables
from report.content import key_figures as figures
from report.content import published as data
from report.content.charts import hospital as hcharts
from report.publish import outputs
from report.render.charts import chart_rows, data_table_html

NBSP = "\u00a0"
HOSPITAL = "h01"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    outputs.write(results.compute(), out)
    return data.load(out / "data")


def with_share(frame: pd.DataFrame, percent: float, **where) -> pd.DataFrame:
    """FRAME with the share of the row(s) matching WHERE set to PERCENT."""
    frame = frame.copy()
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.any(), where
    frame.loc[mask, "percent"] = percent
    return frame


def tables_with(published, **frames) -> data.PublishedTables:
    """The published tables with some frames replaced (the rest read from disk)."""
    return replace(published, _frames=dict(frames))


def indicator_cells(published, indicator: str, percent: float, unit: str, lang: str = "nb"):
    year = published.year
    ind = with_share(published.table("indicators"), percent, indicator_id=indicator,
                     period=year, unit_level="hospital", unit_id=unit)
    table = tables.indicator_table(ind, published.table("units"), indicator, year, lang)
    name = published.unit_name(unit, lang, "hospital")
    row = table.frame[table.frame.iloc[:, 0] == name].iloc[0]
    return row.iloc[2], table


# -- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "decimals", "levels", "direction", "places"), [
    (84.96, 1, (70, 85), "higher", 2),   # '85,0' would read as the high level reached
    (92.3, 1, (80, 90), "higher", 1),
    (79.6, 0, (80,), "higher", 1),       # '80' would read as satisfactory
    (10.04, 1, (10, 20), "lower", 2),    # at most 10 %: '10,0' would read as reached
    (9.96, 1, (10, 20), "lower", 1),     # '10,0' is reached, and so is 9.96
    (85.0, 1, (85,), "higher", 1),
])
def test_side_decimals_follow_the_direction_of_the_target(value, decimals, levels, direction,
                                                          places):
    assert fmt.side_decimals(value, decimals, levels, direction=direction) == places


def test_note_names_coverage_level_bare_and_target_levels_in_words():
    assert sides.note("nb", "coverage", 0, [80.0]).startswith("Dekningsgrad vises i hele prosent")
    assert "the target levels of 90% and 98%" in sides.note("en", "share", 1, [90.0, 98.0])
    assert "a target level" in sides.note("en", "share", 1, None)


# -- indicator tables on chapter pages -----------------------------------------------------


def test_indicator_table_shows_84_96_under_a_level_of_85_with_two_decimals(published):
    cell, table = indicator_cells(published, "bcs_small_invasive", 84.96, HOSPITAL)
    assert cell == f"84,96{NBSP}%"
    assert any("målnivået 85" in n and "flere desimaler" in n for n in table.notes)
    assert "84,96" in table.typst()  # the PDF's table is built from the same strings


def test_indicator_table_shows_79_6_under_a_level_of_80_as_79_6(published):
    cell, _ = indicator_cells(published, "single_operation", 79.6, HOSPITAL)
    assert cell == f"79,6{NBSP}%"


def test_indicator_table_far_from_a_level_keeps_one_decimal_and_no_note(published):
    year = published.year
    ind = with_share(published.table("indicators"), 92.3, indicator_id="single_operation",
                     period=year)  # every unit: 92.3 against levels of 80 and 90
    table = tables.indicator_table(ind, published.table("units"), "single_operation", year,
                                   "nb")
    shown = {v for v in table.frame.iloc[:, 2] if "%" in v}
    assert shown == {f"92,3{NBSP}%"}
    assert table.notes == ()


def test_indicator_table_note_is_in_english_on_english_pages(published):
    cell, table = indicator_cells(published, "bcs_small_invasive", 84.96, HOSPITAL, "en")
    assert cell == "84.96%"
    assert any("target level of 85%" in n for n in table.notes)


def test_status_matrix_says_why_a_cell_has_a_decimal(published):
    year = published.year
    ind = with_share(published.table("indicators"), 89.6, indicator_id="single_operation",
                     period=year, unit_level="hospital", unit_id=HOSPITAL)
    ind.loc[(ind.indicator_id == "single_operation") & (ind.period == year)
            & (ind.unit_id == HOSPITAL), "target_status"] = "moderate"
    names = {"single_operation": "Kun én operasjon"}
    region = "sorost"
    table = tables.status_matrix(ind, published.table("units"), region, year, "nb", names)
    assert f"■{NBSP}89,6" in set(table.frame.iloc[0])
    assert any("et målnivå" in n for n in table.notes)


# -- prose: the main findings ----------------------------------------------------------------------


def test_findings_show_79_96_national_coverage_as_79_96_not_80_0(published):
    cov = with_share(published.table("coverage"), 79.96, year=published.year,
                     form_type="radiology", unit_level="nation")
    text = summary.findings(tables_with(published, coverage=cov), "nb")
    assert f"radiologi (79,96{NBSP}%)" in text
    assert f"(80,0{NBSP}%)" not in text


# -- coverage bars: the label beside each bar, the note under the chart --------------------


def coverage_chart(published, percent: float, lang: str = "nb"):
    cov = with_share(published.table("coverage"), percent, year=published.year,
                     form_type="radiology", unit_level="hospital", unit_id=HOSPITAL)
    cov = with_share(cov, 86.0, year=published.year, form_type="radiology",
                     unit_level="nation")
    cov.loc[(cov.year == published.year) & (cov.form_type == "radiology") & (
        cov.unit_level == "hospital") & (cov.unit_id != HOSPITAL), "percent"] = 90.0
    cov.loc[(cov.year == published.year) & (cov.form_type == "radiology")
            & (cov.unit_level == "region"), "percent"] = 90.0
    return charts.coverage_bars(cov, published.table("units"), "radiology", published.year,
                                lang, 80).to_dict()


def label_of(spec: dict, unit: str, lang: str = "nb") -> dict:
    return next(r for r in chart_rows(spec) if r["Enhet" if lang == "nb" else "Unit"] == unit)


def test_coverage_bar_label_of_79_6_under_80_reads_79_6_not_80(published):
    spec = coverage_chart(published, 79.6)
    row = label_of(spec, published.unit_name(HOSPITAL, "nb", "hospital"))
    assert row["Dekningsgrad"] == f"79,6{NBSP}%"
    footer = " ".join(spec["title"]["text"])
    assert "hele prosent" in footer and f"80{NBSP}%" in footer


def test_coverage_bar_label_of_79_96_keeps_two_decimals_and_counts_below(published):
    spec = coverage_chart(published, 79.96)
    row = label_of(spec, published.unit_name(HOSPITAL, "nb", "hospital"))
    assert row["Dekningsgrad"] == f"79,96{NBSP}%"
    assert row["Dekningsgrad (%)"] == 79.96  # the data table: not '80,0'
    assert "79,96" in data_table_html(spec, "Tallene")
    assert f"1 sykehus under 80{NBSP}%" in spec["description"]


def test_coverage_bar_label_of_92_3_reads_92_without_a_note(published):
    spec = coverage_chart(published, 92.3)
    row = label_of(spec, published.unit_name(HOSPITAL, "nb", "hospital"))
    assert row["Dekningsgrad"] == f"92{NBSP}%"
    # no note on decimals (the note under the chart may only say where the axis starts)
    footer = " ".join(spec["title"]["text"]) if "title" in spec else ""
    assert "hele prosent" not in footer and "desimal" not in footer


# -- indicator charts: data table, tooltip and description ---------------------------------


def test_indicator_bars_keep_84_96_under_85_in_data_tooltip_and_description(published):
    year = published.year
    ind = with_share(published.table("indicators"), 84.96, indicator_id="bcs_small_invasive",
                     period=year, unit_level="nation")
    spec = charts.indicator_bars(ind, published.table("units"), "bcs_small_invasive", year,
                                 "nb").to_dict()
    nation = label_of(spec, "Norge")
    assert nation["Andel (%)"] == 84.96
    assert f"Landet: 84,96{NBSP}%" in spec["description"]
    assert "målnivået 85" in spec["description"]
    table = data_table_html(spec, "Tallene")
    assert "<td>84,96</td>" in table
    others = [r["Andel (%)"] for r in chart_rows(spec) if r["Andel (%)"] not in (None, 84.96)]
    shown = {f"<td>{fmt.number(v, 'nb', 1)}</td>" for v in others}
    assert all(s in table for s in shown)  # the other rows keep one decimal
    tips = [t for layer in spec["layer"] for t in layer.get("encoding", {}).get("tooltip", [])
            if t.get("title") == "Andel (%)"]
    assert tips and all(t["field"] == "share_tip" for t in tips)


def test_indicator_chart_without_a_close_value_has_no_note(published):
    year = published.year
    ind = published.table("indicators")
    ind = ind[~((ind.indicator_id == "single_operation") & (ind.period == year)
                & ind.percent.notna() & ind.percent.map(
                    lambda p: fmt.side_decimals(p, 1, (80, 90)) > 1))]
    spec = charts.indicator_bars(ind, published.table("units"), "single_operation", year,
                                 "en").to_dict()
    assert "more decimals" not in spec["description"]


# -- hospital pages and PDFs ---------------------------------------------------------------


def test_hospital_indicator_table_keeps_84_96_under_85_with_a_note(published):
    year = published.year
    ind = with_share(published.table("indicators"), 84.96, indicator_id="bcs_small_invasive",
                     period=year, unit_level="hospital", unit_id=HOSPITAL)
    table = hospital.indicator_table(tables_with(published, indicators=ind), HOSPITAL, "nb")
    name = registry.catalogue().get("bcs_small_invasive").name["nb"]
    row = table.frame[table.frame.iloc[:, 0] == name].iloc[0]
    assert row["Sykehuset"].startswith(f"84,96{NBSP}%")
    assert any("et målnivå" in n for n in table.notes)


def test_hospital_coverage_label_of_79_6_reads_79_6_on_the_page_and_in_the_pdf(published):
    cov = with_share(published.table("coverage"), 79.6, year=published.year,
                     form_type="radiology", unit_level="hospital", unit_id=HOSPITAL)
    chart = hcharts.hospital_coverage(cov, published.table("units"), HOSPITAL, published.year,
                                      "nb", 80, figures.FORM_ORDER)
    spec = chart.to_dict()
    assert f"79,6{NBSP}%" in [r["Dekningsgrad"] for r in chart_rows(spec)]
    assert f'"79,6{NBSP}%"' in chart.typst and f'"80{NBSP}%"' not in chart.typst
    assert "hele prosent" in " ".join(spec["title"]["text"])
    assert "hele prosent" in chart.typst  # the note under the PDF's drawing


def test_hospital_coverage_label_of_92_3_reads_92_without_a_note(published):
    cov = published.table("coverage")
    year = published.year
    mine = (cov.year == year) & (cov.unit_level == "hospital") & (cov.unit_id == HOSPITAL)
    cov.loc[mine, "percent"] = 92.3
    chart = hcharts.hospital_coverage(cov, published.table("units"), HOSPITAL, year, "nb", 80,
                                      figures.FORM_ORDER)
    assert set(r["Dekningsgrad"] for r in chart_rows(chart.to_dict()) if r["Dekningsgrad"]) \
        == {f"92{NBSP}%"}
    assert "title" not in chart.to_dict() and "hele prosent" not in chart.typst


def test_hospital_watch_list_lists_69_96_as_low_not_70_0(published):
    year = published.year
    ind = with_share(published.table("indicators"), 69.96, indicator_id="bcs_small_invasive",
                     period=year, unit_level="hospital", unit_id=HOSPITAL)
    ind.loc[(ind.indicator_id == "bcs_small_invasive") & (ind.period == year)
            & (ind.unit_id == HOSPITAL), "target_status"] = "low"
    text = hospital.watch_list(tables_with(published, indicators=ind), HOSPITAL, "nb")
    assert f"(69,96{NBSP}%)" in text

"""Results of the report year that depend on follow-up not yet complete are marked
preliminary in every table that shows them, on pages and in PDFs alike (one Table serves
both), not only in indicators.csv."""

from __future__ import annotations

import pytest

from report.compute import registry
from report.content import hospital, published, tables


@pytest.fixture(scope="module")
def results(report_site):
    return published.load(report_site / "data")


def preliminary_in_csv(results) -> set[str]:
    import pandas as pd

    ind = pd.read_csv(results.root / "indicators.csv")
    rows = ind[(ind.period == results.year) & (ind.preliminary.astype(str).str.lower() == "true")]
    return set(rows.indicator_id)


def test_the_status_matrix_marks_exactly_the_preliminary_indicators(results):
    expected = preliminary_in_csv(results)
    assert expected, "the committed data should have a preliminary indicator"
    names = {i.id: i.name["en"] for i in registry.catalogue().indicators}
    matrix = tables.status_matrix(results.table("indicators"), results.table("units"), "vest",
                                  results.year, "en", names)
    first = matrix.frame.columns[0]
    shown = {i for i, name in names.items()
             if f"{name} {tables.PRELIMINARY_MARK}" in set(matrix.frame[first])}
    assert shown == expected
    assert any(str(results.year) in n and "Preliminary" in n for n in matrix.notes)


def test_the_hospital_table_marks_them_and_says_why(results):
    expected = preliminary_in_csv(results)
    table = hospital.indicator_table(results, hospital.operating(results)[0], "nb")
    names = {i.id: i.name["nb"] for i in registry.catalogue().indicators}
    first = table.frame.columns[0]
    shown = {i for i, n in names.items() if f"{n} {tables.PRELIMINARY_MARK}" in
             set(table.frame[first])}
    assert shown == expected
    assert any("Foreløpig for" in n for n in table.notes)


def test_an_indicator_table_of_a_preliminary_indicator_has_the_note(results):
    preliminary = sorted(preliminary_in_csv(results))[0]
    final = next(i.id for i in registry.catalogue().indicators
                 if i.id not in preliminary_in_csv(results))
    args = (results.table("indicators"), results.table("units"))
    assert any("Preliminary" in n for n in
               tables.indicator_table(*args, preliminary, results.year, "en").notes)
    assert not any("Preliminary" in n for n in
                   tables.indicator_table(*args, final, results.year, "en").notes)


def test_a_trend_chart_marks_the_preliminary_year_on_its_axis(results):
    import json

    from report.content import charts

    preliminary = sorted(preliminary_in_csv(results))[0]
    final = next(i.id for i in registry.catalogue().indicators
                 if i.id not in preliminary_in_csv(results))
    args = (results.table("indicators"), results.table("units"))
    marked = json.dumps(charts.indicator_trend(*args, preliminary, "en").to_dict(),
                        ensure_ascii=False)
    plain = json.dumps(charts.indicator_trend(*args, final, "en").to_dict(),
                       ensure_ascii=False)
    assert f"datum.value == {results.year} ? datum.label + ' {tables.PRELIMINARY_MARK}'" \
        in marked
    assert "labelExpr" not in plain


def _finished(chart) -> dict:
    """The Vega-Lite spec of a chart (of one with its own PDF drawing, the web chart)."""
    return (chart.chart if hasattr(chart, "chart") else chart).to_dict()


def _drawing(chart) -> str:
    return chart._repr_typst_()


def test_a_funnel_of_a_preliminary_year_has_hollow_markers_and_a_note(results):
    from report.content import charts

    preliminary = sorted(preliminary_in_csv(results))[0]
    final = next(i.id for i in registry.catalogue().indicators
                 if i.id not in preliminary_in_csv(results))
    args = (results.table("indicators"), results.table("units"))
    marked = charts.indicator_funnel(*args, preliminary, results.year, "en").to_dict()
    plain = charts.indicator_funnel(*args, final, results.year, "en").to_dict()
    points = marked["layer"][0]["mark"]
    assert points["filled"] is False and points["fill"] == "white"
    assert plain["layer"][0]["mark"]["filled"] is True
    note = " ".join(marked["title"]["text"])  # under the chart, in the PDF's drawing too
    assert f"Preliminary for {results.year}" in note and "Hollow markers" in note
    assert "title" not in plain or "Preliminary" not in " ".join(plain["title"]["text"])


def test_hospital_trend_and_funnels_mark_the_preliminary_panels_on_web_and_in_the_pdf(results):
    from report.content.charts import hospital as hcharts

    expected = preliminary_in_csv(results)
    names = {i.id: i.name["nb"] for i in registry.catalogue().indicators}
    args = (results.table("indicators"), results.table("units"),
            hospital.operating(results)[0], results.year, "nb")
    for chart in (hcharts.hospital_trend(*args), hcharts.hospital_funnels(*args)):
        spec = _finished(chart)
        data = next(iter(spec["datasets"].values()))
        titled = {i for i, n in names.items()
                  if any(r["Indikator"] == f"{n} {tables.PRELIMINARY_MARK}" for r in data)}
        assert titled == expected
        hollow = {r["Indikator"] for r in data if r["preliminary"] == hcharts.HOLLOW}
        assert hollow == {f"{names[i]} {tables.PRELIMINARY_MARK}" for i in expected}
        assert f"Foreløpig for {results.year}" in " ".join(spec["title"]["text"])
        drawing = _drawing(chart)
        assert "fill: white" in drawing and f"Foreløpig for {results.year}" in drawing

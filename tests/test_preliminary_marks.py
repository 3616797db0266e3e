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

"""Table cells: the status matrix shows whole per cent unless that would put the shown value
on the other side of a target level than its status."""

import pytest

from report.compute import registry
from report.content import tables

HIGHER = registry.Target(moderate=80.0, high=90.0, direction="higher", source="test")
LOWER = registry.Target(moderate=20.0, high=10.0, direction="lower", source="test")


@pytest.mark.parametrize(("percent", "status", "target", "lang", "shown"), [
    (92.4, "high", HIGHER, "nb", "●\u00a092"),          # far from a level: whole per cent
    (89.6, "moderate", HIGHER, "nb", "■\u00a089,6"),    # '90' would read as high
    (89.6, "moderate", HIGHER, "en", "■\u00a089.6"),
    (79.5, "low", HIGHER, "nb", "▲\u00a079,5"),         # '80' would read as moderate
    (89.4, "moderate", HIGHER, "nb", "■\u00a089"),      # rounds down: stays whole
    (10.4, "moderate", LOWER, "nb", "■\u00a010,4"),     # lower is better: '10' reads high
    (9.6, "high", LOWER, "nb", "●\u00a010"),            # 9.6 and 10 are both high
    (97.96, "moderate", registry.Target(90.0, 98.0, "higher", "test"), "nb",
     "■\u00a097,96"),                                   # '98,0' would still read as high
])
def test_matrix_cell_keeps_a_decimal_where_rounding_would_cross_a_target(
        percent, status, target, lang, shown):
    assert tables.status_cell(percent, status, lang, target) == shown


def test_hidden_matrix_cell_is_empty():
    assert tables.status_cell(float("nan"), None, "nb", HIGHER) == ""


# --- new cases by tumour type -------------------------------------------------------------

TYPES = ("invasive", "dcis", "lcis", "other_in_situ")
LABELS = {"nb": {"invasive": "Invasiv brystkreft (C50)", "dcis": "DCIS (D05.1)",
                 "lcis": "LCIS (D05.0)", "other_in_situ": "Annet in situ (D05.7, D05.9)",
                 "total": "I alt"},
          "en": {"invasive": "Invasive breast cancer (C50)", "dcis": "DCIS (D05.1)",
                 "lcis": "LCIS (D05.0)", "other_in_situ": "Other in situ (D05.7, D05.9)",
                 "total": "Total"}}


def _published_new_cases(rows):
    """A published new_cases frame from (year, sex, tumour_type, cases); cases 1-4 hidden
    as disclosure control hides them."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["year", "sex", "tumour_type", "cases"])
    small = frame["cases"].between(1, 4)
    frame["suppressed"] = small
    frame["suppression_rule"] = [("count_under_min" if s else None) for s in small]
    frame["cases"] = frame["cases"].astype("Int64").mask(small)
    frame.insert(4, "cases_label", ["<5" if s else None for s in small])
    return frame


def _lines(table, lang):
    """{(sex, line label): {year: cell}} of a new cases table; the sex stands on the first
    line of its block only."""
    from report.content import i18n

    frame = table.frame
    sex_col, type_col = i18n.t("column.sex", lang), i18n.t("column.tumour_type", lang)
    years = [c for c in frame.columns if c not in (sex_col, type_col)]
    out, sex = {}, None
    for row in frame.to_dict("records"):
        sex = row[sex_col] or sex
        out[(sex, row[type_col])] = {int(y): row[y] for y in years}
    return out


NEW_CASES = [(2023, "f", "invasive", 4050), (2023, "f", "dcis", 381), (2023, "f", "lcis", 20),
             (2023, "f", "other_in_situ", 57), (2023, "m", "invasive", 35),
             (2024, "f", "invasive", 4199), (2024, "f", "dcis", 390), (2024, "f", "lcis", 21),
             (2024, "f", "other_in_situ", 72), (2024, "m", "invasive", 36),
             (2024, "m", "dcis", 6)]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_new_cases_table_has_a_line_for_each_tumour_type_and_a_total_for_women_and_men(lang):
    from report.content import overview_tables

    table = overview_tables.new_cases_table(_published_new_cases(NEW_CASES), 2024, lang, 5)
    lines = _lines(table, lang)
    women, men = ("Kvinner", "Menn") if lang == "nb" else ("Women", "Men")
    words = LABELS[lang]
    assert list(lines) == [(sex, words[k]) for sex in (women, men) for k in (*TYPES, "total")]
    number = {"nb": {2023: "4\u00a0050", 2024: "4\u00a0199"}, "en": {2023: "4,050", 2024: "4,199"}}
    assert lines[(women, words["invasive"])] == number[lang]
    assert lines[(women, words["lcis"])] == {2023: "20", 2024: "21"}
    assert lines[(women, words["other_in_situ"])] == {2023: "57", 2024: "72"}
    assert lines[(men, words["dcis"])] == {2023: "0", 2024: "6"}  # no row: no case
    total = {"nb": {2023: "4\u00a0508", 2024: "4\u00a0682"}, "en": {2023: "4,508", 2024: "4,682"}}
    assert lines[(women, words["total"])] == total[lang]  # the sum of the four lines above
    assert lines[(men, words["total"])] == {2023: "35", 2024: "42"}
    assert table.bold_rows == (4, 9) and table.notes == ()


def test_dcis_line_never_includes_lcis_or_other_in_situ():
    from report.content import overview_tables

    lines = _lines(overview_tables.new_cases_table(_published_new_cases(NEW_CASES), 2024, "en",
                                                   5), "en")
    assert lines[("Women", "DCIS (D05.1)")] == {2023: "381", 2024: "390"}  # not 401 or 458


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_new_cases_total_is_not_shown_where_a_part_is_under_five(lang):
    """A '<5' part and a total beside it would give the hidden count away: the total of that
    sex and year is hidden and a note says why; every other cell stays."""
    from report.content import overview_tables

    rows = [r if r[:3] != (2024, "m", "dcis") else (2024, "m", "dcis", 3) for r in NEW_CASES]
    table = overview_tables.new_cases_table(_published_new_cases(rows), 2024, lang, 5)
    lines = _lines(table, lang)
    men, hidden = ("Menn", "skjult") if lang == "nb" else ("Men", "hidden")
    words = LABELS[lang]
    assert lines[(men, words["dcis"])] == {2023: "0", 2024: "<5"}
    assert lines[(men, words["invasive"])] == {2023: "35", 2024: "36"}
    assert lines[(men, words["total"])] == {2023: "35", 2024: hidden}
    cells = [c for line in lines.values() for c in line.values()]
    assert "39" not in cells and "3" not in cells  # neither the total nor the part
    assert len(table.notes) == 1 and "5" in table.notes[0]

"""Year-on-year change on a hospital page: only when more than chance, in both directions,
in the indicator's own direction."""

from types import SimpleNamespace as Row

from report.content.hospital import change


def test_a_jump_on_few_patients_is_not_a_change():
    assert change(Row(numerator=13, denominator=13), Row(numerator=8, denominator=10),
                  "higher") is None


def test_a_clear_rise_is_better_when_higher_is_better_and_worse_when_lower_is():
    now, before = Row(numerator=80, denominator=100), Row(numerator=50, denominator=100)
    assert change(now, before, "higher") == "better"
    assert change(now, before, "lower") == "worse"
    assert change(before, now, "higher") == "worse"


def test_a_hidden_year_shows_no_change():
    assert change(Row(numerator=80, denominator=100),
                  Row(numerator=float("nan"), denominator=float("nan")), "higher") is None
    assert change(Row(numerator=80, denominator=100), None, "higher") is None

import pytest

from report.content import fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (4197, "nb", 0, f"4{NBSP}197"),
        (4197, "en", 0, "4,197"),
        (1234567, "nb", 0, f"1{NBSP}234{NBSP}567"),
        (1234567, "en", 0, "1,234,567"),
        (999, "en", 0, "999"),
        (0, "nb", 0, "0"),
        (139.64, "nb", 1, "139,6"),
        (139.65, "en", 1, "139.7"),
        (0.05, "en", 1, "0.1"),
        (-3.2, "nb", 1, "\u22123,2"),
        (-3.2, "en", 1, "\u22123.2"),
        (-0.01, "en", 1, "0.0"),
        (12345.678, "nb", 2, f"12{NBSP}345,68"),
    ],
)
def test_number_uses_the_language_marks(value, lang, decimals, expected):
    assert fmt.number(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(87.3, "nb", f"87,3{NBSP}%"), (87.3, "en", "87.3%"), (100, "nb", f"100,0{NBSP}%")],
)
def test_percent_follows_the_language(value, lang, expected):
    assert fmt.percent(value, lang) == expected


def test_missing_values_format_as_empty():
    assert fmt.number(None, "nb") == ""
    assert fmt.number(float("nan"), "en") == ""
    assert fmt.percent(None, "en") == ""


def test_interval_uses_an_en_dash():
    assert fmt.interval(84.14, 90.25, "nb") == "84,1\u201390,3"
    assert fmt.interval(84.14, 90.25, "en") == "84.1\u201390.3"


@pytest.mark.parametrize(("code", "shown"), [
    ("00-29", "0\u201329"), ("30-39", "30\u201339"), ("05-09", "5\u20139"), ("80+", "80+"),
    ("all", "all")])
def test_age_group_reads_without_leading_zeros_and_with_an_en_dash(code, shown):
    assert fmt.age_group(code) == shown


def test_unknown_language_is_named():
    with pytest.raises(fmt.UnknownLanguage, match="'de'"):
        fmt.number(1, "de")


@pytest.mark.parametrize("value, levels, expected", [
    (79.5, (80,), "79,5"), (79.96, (80,), "79,96"), (80.0, (80,), "80"), (80.4, (80,), "80"),
    (92.3, (80,), "92"), (89.95, (80, 90), "89,95"), (79.996, (80,), "79,996"),
    (70.0, (80,), "70"),
])
def test_a_shown_percent_keeps_its_side_of_a_level(value, levels, expected):
    shown = fmt.percent(value, "nb", fmt.side_decimals(value, 0, levels))
    assert shown == f"{expected}\u00a0%"

"""Key figures and main findings are written from the published results."""

import pytest

from report.compute import registry, results
from report.content import key_figures as figures
from report.content import published as data
from report.content import summary
from report.publish import outputs


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    outputs.write(results.compute(), out)
    return data.load(out / "data")


def test_key_figures_match_the_published_tables(published):
    key = figures.key_figures(published)
    cases = published.table("new_cases")
    women = cases[(cases.year == 2024) & (cases.sex == "f") & (cases.tumour_type == "invasive")]
    before = cases[(cases.year == 2023) & (cases.sex == "f") & (cases.tumour_type == "invasive")]
    assert key["women"].value == women["cases"].iloc[0]
    assert key["women"].change("en") == f"+{int(women.cases.iloc[0] - before.cases.iloc[0])}"
    volume = published.table("volume")
    assert key["operations"].value == volume[volume.year == 2024]["primary_operations"].sum()


def test_key_figures_follow_the_language(published):
    key = figures.key_figures(published)
    assert key["women"].text("nb") == "4\u00a0199"
    assert key["women"].text("en") == "4,199"
    assert key["coverage_surgery"].text("nb").endswith("\u00a0%")


def test_status_counts_cover_every_indicator(published):
    counts = figures.status_counts(published, 2024)
    ind = published.table("indicators")
    nation = ind[(ind.period == 2024) & (ind.unit_level == "nation")]
    assert sum(counts.values()) == nation["target_status"].notna().sum() == len(
        registry.catalogue().indicators)


def test_findings_name_the_hospitals_below_the_volume_recommendation(published):
    volume = published.table("volume")
    below = volume[(volume.year == 2024) & ~volume.meets_recommendation]["hospital_id"]
    text = summary.findings(published, "en")
    for hospital in below:
        assert published.unit_name(hospital, "en", "hospital") in text
    assert text.count("\n- ") >= 4


def test_findings_in_both_languages_have_the_same_numbers(published):
    import re

    def numbers(text):
        return [n.replace(",", "").replace("\u00a0", "").replace(".", "")
                for n in re.findall(r"\d[\d\u00a0,.]*\d|\d", text)]

    nb, en = summary.findings(published, "nb"), summary.findings(published, "en")
    assert sorted(numbers(nb)) == sorted(numbers(en))


def test_join_uses_the_language_word():
    assert summary.join(["A", "B", "C"], "nb") == "A, B og C"
    assert summary.join(["A", "B"], "en") == "A and B"
    assert summary.join([], "en") == "none"


def test_findings_name_the_national_changes_beyond_chance_in_both_directions(published):
    """The summary says which national shares changed since last year by more than chance
    (two-sided Fisher's exact test at 5 %, worked out here with scipy), better and worse."""
    from scipy.stats import fisher_exact

    from report.compute import registry

    ind = published.table("indicators")
    nation = ind[ind.unit_level == "nation"].set_index(["indicator_id", "period"])
    expected = {"better": set(), "worse": set()}
    for indicator in registry.catalogue().indicators:
        now, before = nation.loc[(indicator.id, 2024)], nation.loc[(indicator.id, 2023)]
        table = [[before.numerator, before.denominator - before.numerator],
                 [now.numerator, now.denominator - now.numerator]]
        if fisher_exact(table)[1] < 0.05:
            up = now.numerator / now.denominator > before.numerator / before.denominator
            expected["better" if up == (indicator.target.direction == "higher")
                     else "worse"].add(indicator.name["en"])
    assert expected["better"] or expected["worse"]  # the committed data has some
    text = summary.findings(published, "en")
    lines = {way: next(line for line in text.splitlines()
                       if line.startswith(f"- {way.capitalize()} nationally than in 2023"))
             for way in expected}
    for way, names in expected.items():
        named = {i.name["en"] for i in registry.catalogue().indicators
                 if f"{i.name['en']}: from" in lines[way]}
        assert named == names, way
    assert "Bedre nasjonalt enn i 2023" in summary.findings(published, "nb")

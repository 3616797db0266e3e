"""Key figures and main findings are written from the published results."""

import pytest

from report.compute import results
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
    assert sum(counts.values()) == nation["target_status"].notna().sum() == 12


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

"""The plain-language summary for the public: short sentences, no abbreviations, and every
number in it taken from the published tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from report.compute import registry
from report.content import published, summary

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def results(report_site):
    return published.load(report_site / "data")


def numbers(text: str) -> list[float]:
    found = re.findall(r"\d[\d\u00a0,.]*\d|\d", text)
    return [float(n.replace(NBSP, "").replace(",", "")) for n in found]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_sentences_are_short_and_have_no_abbreviations(results, lang):
    text = summary.plain(results, lang)
    assert all(len(s.split()) <= 25 for s in sentences(text)), text
    assert not re.search(r"\b[A-ZÆØÅ]{2,}\b", text), text  # DCIS, MR, ICD ...
    assert not re.search(r"\b(f\.eks|bl\.a|ca|e\.g|i\.e|etc|approx)\.", text), text


def test_every_number_comes_from_the_published_tables(results):
    text = summary.plain(results, "en")
    year = results.year
    cases = pd.read_csv(results.root / "new_cases.csv")
    now = cases[cases.year == year].set_index(["sex", "tumour_type"])["cases"]
    volume = pd.read_csv(results.root / "volume_summary.csv").set_index("year").loc[year]
    ind = pd.read_csv(results.root / "indicators.csv")
    nation = ind[(ind.period == year) & (ind.unit_level == "nation")]
    coverage = pd.read_csv(results.root / "coverage.csv")
    surgery = coverage[(coverage.year == year) & (coverage.unit_level == "nation")
                       & (coverage.form_type == "surgery")]["percent"].iloc[0]
    expected = [year, now[("f", "invasive")], now[("m", "invasive")], now[("f", "dcis")],
                volume["hospitals"], volume["meeting"], registry.settings().min_operations,
                len(registry.catalogue().indicators), (nation.target_status == "high").sum(),
                (nation.target_status == "low").sum()]
    shown = numbers(text)
    assert shown[:len(expected)] == [float(x) for x in expected]
    assert abs(shown[len(expected)] - surgery) <= 0.5  # whole per cent (or the decimals kept)
    assert len(shown) == len(expected) + 1 + int(nation.preliminary.astype(str)
                                                 .str.lower().eq("true").any())


def test_both_languages_have_the_same_numbers(results):
    assert numbers(summary.plain(results, "nb").replace(",", ".")) == \
        numbers(summary.plain(results, "en"))

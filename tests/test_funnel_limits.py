"""funnel_limits.csv: the exact binomial control limits of every funnel plot, published so a
reviewer can check them, worked out here again by hand (math.comb)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from click.testing import CliRunner

from report.cli import main


def exact_limit(p: float, n: int, q: float) -> float:
    cdf = [0.0]
    for k in range(n + 1):
        cdf.append(cdf[-1] + math.comb(n, k) * p**k * (1 - p) ** (n - k))
    r = next(k for k in range(n + 1) if cdf[k + 1] >= q)
    return max((r - (cdf[r + 1] - q) / (cdf[r + 1] - cdf[r])) / n, 0.0)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    assert CliRunner().invoke(main, ["results", "--out", str(out)]).exit_code == 0
    return out / "data"


def test_every_plotted_denominator_has_its_limits(data):
    limits = pd.read_csv(data / "funnel_limits.csv")
    indicators = pd.read_csv(data / "indicators.csv")
    year = int(limits["period"].max())
    hospitals = indicators[(indicators.period == year) & (indicators.unit_level == "hospital")
                           & indicators.percent.notna()]
    assert set(limits.indicator_id) == set(hospitals.indicator_id)
    for indicator, rows in limits.groupby("indicator_id"):
        shown = hospitals[hospitals.indicator_id == indicator].denominator
        n = rows.denominator.to_list()
        assert n == list(range(n[0], n[-1] + 1))  # every whole denominator
        assert n[0] <= shown.min() and shown.max() <= n[-1]


@pytest.mark.parametrize("indicator", ["single_operation", "bcs_small_dcis", "nodes_examined"])
def test_published_limits_are_the_exact_binomial_limits(data, indicator):
    limits = pd.read_csv(data / "funnel_limits.csv")
    indicators = pd.read_csv(data / "indicators.csv")
    rows = limits[limits.indicator_id == indicator]
    year = int(rows.period.iloc[0])
    nation = indicators[(indicators.indicator_id == indicator) & (indicators.period == year)
                        & (indicators.unit_level == "nation")]
    p = float(nation.numerator.iloc[0]) / float(nation.denominator.iloc[0])
    for row in rows.iloc[:: max(len(rows) // 7, 1)].itertuples():
        n = int(row.denominator)
        assert row.lower_95 == pytest.approx(exact_limit(p, n, 0.025) * 100, abs=1e-3)
        assert row.upper_95 == pytest.approx(exact_limit(p, n, 0.975) * 100, abs=1e-3)
        assert row.lower_998 == pytest.approx(exact_limit(p, n, 0.001) * 100, abs=1e-3)
        assert row.upper_998 == pytest.approx(exact_limit(p, n, 0.999) * 100, abs=1e-3)

"""Statistics: Wilson intervals, rates and direct age standardisation.

Pure functions on numbers and arrays; no data access, no formatting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scipy.stats import chi2

Z95 = 1.959963984540054
PER = 100_000


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials, as proportions."""
    if n <= 0:
        raise ValueError(f"wilson: n must be positive, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"wilson: k must be within 0..n ({n}), got {k}")
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


def crude_rate(cases: float, person_years: float) -> float:
    """Cases per 100 000 person-years."""
    return cases / person_years * PER


def _normalised(weights: Sequence[float]) -> list[float]:
    total = float(sum(weights))
    return [w / total for w in weights]


def age_standardised(
    cases: Sequence[float], person_years: Sequence[float], weights: Sequence[float]
) -> tuple[float, float, float]:
    """Directly age-standardised rate per 100 000 with a 95 % CI (Fay & Feuer 1997 gamma method).

    The three sequences are aligned by age group; the weights are the standard population's.
    """
    if not (len(cases) == len(person_years) == len(weights)):
        raise ValueError("age_standardised: cases, person_years and weights differ in length")
    w = [wi / py * PER for wi, py in zip(_normalised(weights), person_years, strict=True)]
    rate = sum(wi * d for wi, d in zip(w, cases, strict=True))
    var = sum(wi * wi * d for wi, d in zip(w, cases, strict=True))
    wmax = max(w)
    if rate == 0:
        low = 0.0
    else:
        low = var / (2 * rate) * chi2.ppf(0.025, 2 * rate * rate / var)
    upper_shape = 2 * (rate + wmax) ** 2 / (var + wmax * wmax)
    high = (var + wmax * wmax) / (2 * (rate + wmax)) * chi2.ppf(0.975, upper_shape)
    return rate, low, high


def target_status(
    percent: float, moderate: float | None, high: float | None, direction: str = "higher"
) -> str:
    """'high', 'moderate' or 'low' against the indicator's target levels (in per cent)."""
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")
    better = (lambda a, b: a >= b) if direction == "higher" else (lambda a, b: a <= b)
    if high is not None and better(percent, high):
        return "high"
    if moderate is not None and better(percent, moderate):
        return "moderate"
    return "low"


Z998 = 3.090232306167813  # two-sided 99.8 %


def funnel_limits(p: float, n_values, z: float = Z95):
    """Funnel plot control limits around proportion P for each whole denominator in N_VALUES.

    Exact binomial limits with interpolation (Spiegelhalter 2005, Stat Med 24:1185, appendix
    A.1.1): for a two-sided level given by Z, the limit for tail probability q is
    (r_q - a) / n, where r_q is the smallest r with F(r) >= q under Binomial(n, P) and
    a = (F(r_q) - q) / (F(r_q) - F(r_q - 1)). P is a proportion (0..1); the limits come back
    as two numpy arrays (lower, upper) in per cent.
    """
    import numpy as np
    from scipy.stats import norm

    if not 0 <= p <= 1:
        raise ValueError(f"funnel_limits: p must be a proportion within 0..1, got {p}")
    n = np.asarray(n_values, dtype=float)
    if (n <= 0).any() or (n != np.round(n)).any():
        raise ValueError("funnel_limits: every n must be a positive whole number")
    upper_q = float(norm.cdf(z))
    return (_binomial_limit(p, n, 1 - upper_q) * 100, _binomial_limit(p, n, upper_q) * 100)


CHANGE_LEVEL = 0.05  # two-sided


def change_p_value(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of Fisher's exact test that two shares k1/n1 and k2/n2 are equal:
    a year-on-year change is shown only when this is under CHANGE_LEVEL."""
    from scipy.stats import fisher_exact

    if min(n1, n2) <= 0 or not (0 <= k1 <= n1 and 0 <= k2 <= n2):
        raise ValueError(f"change_p_value: need 0 <= k <= n and n > 0, got {k1}/{n1}, {k2}/{n2}")
    return float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])[1])


def funnel_span(n_min: float, n_max: float) -> tuple[int, int]:
    """The whole denominators a funnel plot covers: from 0.8 x the smallest unit's (at least
    1) to 1.15 x the largest's."""
    return max(int(math.floor(n_min * 0.8)), 1), max(int(math.ceil(n_max * 1.15)), 2)


def funnel_range(n_min: float, n_max: float, points: int = 60):
    """About POINTS whole denominators across funnel_span, evenly spaced on a log scale."""
    import numpy as np

    low, high = funnel_span(n_min, n_max)
    return np.unique(np.geomspace(low, high, points).round())


def funnel_denominators(low: int, high: int, every_up_to: int = 2000, points: int = 400):
    """The denominators a published limits table lists: every whole number from LOW up to
    EVERY_UP_TO, then POINTS log-spaced whole numbers up to HIGH (the curves are smooth
    there; a national registry rarely reaches it)."""
    import numpy as np

    dense = np.arange(low, min(high, every_up_to) + 1)
    if high <= every_up_to:
        return dense
    sparse = np.geomspace(max(every_up_to, low), high, points).round()
    return np.unique(np.concatenate([dense, sparse]))


def _binomial_limit(p: float, n, q: float):
    import numpy as np
    from scipy.stats import binom

    if p in (0, 1):  # a degenerate binomial: every unit sits on the target
        return np.full(len(n), float(p))
    r = binom.ppf(q, n, p)
    upper, lower = binom.cdf(r, n, p), binom.cdf(r - 1, n, p)
    step = upper - lower
    a = np.where(step > 0, (upper - q) / np.where(step > 0, step, 1), 0.0)
    return np.clip((r - a) / n, 0, 1)

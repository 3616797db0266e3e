"""Derived columns computed from a query's counts: proportions with Wilson intervals, rates,
age standardisation, shares of a total and the volume recommendation.

Each function takes the full (unsuppressed) frame and returns it with new columns, plus the
names of the count columns each new column depends on, so that publication can blank a
derived value whenever a count it comes from is hidden.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from report.compute import stats

Dependencies = dict[str, tuple[str, ...]]


def z_value(level: float) -> float:
    return float(norm.ppf(1 - (1 - level) / 2))


def proportion(frame: pd.DataFrame, numerator: str, denominator: str,
               level: float) -> tuple[pd.DataFrame, Dependencies]:
    """percent, ci_low, ci_high (in per cent) for numerator / denominator."""
    z = z_value(level)
    k, n = frame[numerator].to_numpy(), frame[denominator].to_numpy()
    intervals = [stats.wilson(int(a), int(b), z) if b > 0 else (np.nan, np.nan)
                 for a, b in zip(k, n, strict=True)]
    out = frame.copy()
    out["percent"] = np.where(n > 0, 100 * k / np.where(n > 0, n, 1), np.nan)
    out["ci_low"] = [100 * lo for lo, _ in intervals]
    out["ci_high"] = [100 * hi for _, hi in intervals]
    deps = (numerator, denominator)
    return out, {"percent": deps, "ci_low": deps, "ci_high": deps}


def rate(frame: pd.DataFrame, cases: str, person_years: str) -> tuple[pd.DataFrame, Dependencies]:
    """Crude rate per 100 000 person-years."""
    out = frame.copy()
    out["rate"] = [stats.crude_rate(c, p) for c, p in zip(out[cases], out[person_years],
                                                          strict=True)]
    return out, {"rate": (cases,)}


def standardise(frame: pd.DataFrame, keys: list[str], cases: str, person_years: str,
                weight: str, age_group: str) -> tuple[pd.DataFrame, Dependencies]:
    """Collapse age groups into crude rate and age-standardised rate with its 95 % CI."""
    groups = [k for k in keys if k != age_group]
    rows = []
    for key, part in frame.sort_values([*groups, age_group]).groupby(groups, sort=True):
        asr, low, high = stats.age_standardised(part[cases].tolist(),
                                                part[person_years].tolist(),
                                                part[weight].tolist())
        total, py = int(part[cases].sum()), float(part[person_years].sum())
        rows.append(dict(zip(groups, key, strict=True), **{
            cases: total, person_years: py, "crude_rate": stats.crude_rate(total, py),
            "asr": asr, "ci_low": low, "ci_high": high}))
    deps = (cases,)
    return pd.DataFrame(rows), {c: deps for c in ("crude_rate", "asr", "ci_low", "ci_high")}


def share(frame: pd.DataFrame, keys: list[str], cases: str, column: str,
          total: str) -> tuple[pd.DataFrame, Dependencies]:
    """Each category's per cent of its group's total row (the row whose COLUMN is TOTAL)."""
    groups = [k for k in keys if k != column]
    totals = frame[frame[column] == total].set_index(groups)[cases].rename("_total")
    out = frame.join(totals, on=groups)
    out["percent"] = 100 * out[cases] / out["_total"]
    return out.drop(columns="_total"), {"percent": (cases,)}


def recommendation(frame: pd.DataFrame, count: str,
                   minimum: int) -> tuple[pd.DataFrame, Dependencies]:
    """meets_recommendation: at least MINIMUM in COUNT (a hidden small count still fails)."""
    out = frame.copy()
    out["meets_recommendation"] = out[count] >= minimum
    return out, {}

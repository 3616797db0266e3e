"""Vectorised drawing helpers: calibrated probabilities, exact quotas, categorical draws."""

from __future__ import annotations

import numpy as np
import pandas as pd

EPOCH = np.datetime64("1970-01-01", "D")


def expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.log(p / (1 - p))


def day(iso: str) -> int:
    """Days since 1970-01-01 of an ISO date."""
    return int((np.datetime64(iso, "D") - EPOCH).astype(int))


def jan1(year: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of 1 January of each year."""
    years = (np.asarray(year).astype(np.int64) - 1970).astype("datetime64[Y]")
    return years.astype("datetime64[D]").astype(np.int64)


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True), by hashing instead of sorting every value
    (the values are few and the array long)."""
    codes, uniques = pd.factorize(np.asarray(values).ravel(), sort=True)
    return np.asarray(uniques), codes.astype(np.int64)


def intercepts(lp: np.ndarray, group: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per-group intercepts a so that mean(expit(a[group] + lp)) equals target[group].

    Solved by bisection for all groups at once; groups without members get intercept 0.
    """
    n_groups = len(target)
    size = np.bincount(group, minlength=n_groups)
    values, inverse = _distinct(lp)
    if len(values) * n_groups > 5_000_000:
        raise ValueError("calibration expects a linear predictor with few distinct values")
    # few distinct linear predictors (hospital x a few categories): work on their counts
    counts = np.bincount(group * len(values) + inverse.ravel(),
                         minlength=n_groups * len(values)).reshape(n_groups, len(values))
    low = np.full(n_groups, -20.0)
    high = np.full(n_groups, 20.0)
    for _ in range(45):
        mid = (low + high) / 2
        mean = (counts * expit(mid[:, None] + values[None, :])).sum(axis=1)
        mean = mean / np.maximum(size, 1)
        too_high = mean > target
        high = np.where(too_high, mid, high)
        low = np.where(too_high, low, mid)
    return np.where(size > 0, (low + high) / 2, 0.0)


def calibrated(rng: np.random.Generator, lp: np.ndarray, group: np.ndarray,
               target: np.ndarray) -> np.ndarray:
    """Bernoulli draws with logit a[group] + lp, a calibrated to the group targets."""
    a = intercepts(lp, group, np.asarray(target, dtype=float))
    return rng.random(len(lp)) < expit(a[group] + lp)


def quota(rng: np.random.Generator, group: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Select exactly round(share[g] * n_g) random members of every group g."""
    n_groups = len(share)
    size = np.bincount(group, minlength=n_groups)
    take = np.round(np.asarray(share) * size).astype(np.int64)
    # by group, then at random within it: one sort of group + u (u in [0, 1)) instead of a
    # two-key lexsort
    order = np.argsort(group + rng.random(len(group)), kind="stable")
    start = np.cumsum(size) - size
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - start[group[order]]
    return rank < take[group]


def choice(rng: np.random.Generator, probs: np.ndarray, n: int) -> np.ndarray:
    """n categorical draws (int8/16 codes) from one probability vector."""
    p = np.asarray(probs, dtype=float)
    return np.searchsorted(np.cumsum(p / p.sum()), rng.random(n), side="right").astype(np.int16)


def bernoulli(rng: np.random.Generator, p: np.ndarray | float, n: int) -> np.ndarray:
    return rng.random(n) < p


def uniform_int(rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int,
                n: int) -> np.ndarray:
    """Integers uniform in [low, high] (inclusive, element-wise)."""
    low = np.asarray(low)
    high = np.maximum(np.asarray(high), low)
    return (low + np.floor(rng.random(n) * (high - low + 1))).astype(np.int32)


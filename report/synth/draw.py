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
    values, inverse = _distinct(lp)
    return _solve(values, inverse, group, target)


def coded_intercepts(values: np.ndarray, codes: np.ndarray, group: np.ndarray,
                     target: np.ndarray) -> np.ndarray:
    """intercepts(values[codes], group, target), without hashing every element of the
    linear predictor (the values per code, e.g. per hospital, are known)."""
    used = np.bincount(codes, minlength=len(values)) > 0
    distinct = np.unique(values[used])
    return _solve(distinct, np.searchsorted(distinct, values)[codes], group, target)


def _solve(values: np.ndarray, inverse: np.ndarray, group: np.ndarray,
           target: np.ndarray) -> np.ndarray:
    n_groups = len(target)
    size = np.bincount(group, minlength=n_groups)
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
    """Select exactly round(share[g] * n_g) random members of every group g.

    The members with the smallest keys group + u (u in [0, 1)) of each group, ties taken in
    index order: a threshold per group read off one plain sort of the keys (much faster than a
    stable argsort); if a key rounded up into the next group or a tie sits on a threshold,
    the stable argsort decides, so the selection is the same either way.
    """
    n_groups = len(share)
    size = np.bincount(group, minlength=n_groups)
    take = np.round(np.asarray(share) * size).astype(np.int64)
    key = group + rng.random(len(group))
    start = np.cumsum(size) - size
    threshold = np.full(n_groups, -np.inf)
    some = take > 0
    threshold[some] = np.sort(key)[(start + take - 1)[some]]
    chosen = key <= threshold[group]
    if np.array_equal(np.bincount(group[chosen], minlength=n_groups), take) \
            and not np.any(key >= group + 1):
        return chosen
    order = np.argsort(key, kind="stable")
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - start[group[order]]
    return rank < take[group]


def lexorder(*keys: np.ndarray) -> np.ndarray:
    """np.lexsort(keys) (the last key sorts first, ties in index order) for integer or boolean
    keys: one plain sort of the keys (less their minimum) and the index packed into 64 bits,
    much faster than np.lexsort, which decides when they do not fit."""
    n = len(keys[0])
    index_bits = max(int(n - 1).bit_length(), 1)
    packed = np.arange(n, dtype=np.uint64)
    bits = index_bits
    for key in keys:
        key = np.asarray(key)
        if not (np.issubdtype(key.dtype, np.integer) or key.dtype == bool):
            return np.lexsort(keys)
        low = int(key.min()) if n else 0
        width = (int(key.max()) - low).bit_length() if n else 0
        if bits + width > 64:
            return np.lexsort(keys)
        if width:
            packed |= (key.astype(np.int64) - low).astype(np.uint64) << np.uint64(bits)
        bits += width
    return (np.sort(packed) & np.uint64((1 << index_bits) - 1)).astype(np.int64)


def random_order(key: np.ndarray, u: np.ndarray) -> np.ndarray:
    """np.lexsort((u, key)) for an integer key of a small range and random u: a plain sort of
    u (stable only if two draws are equal), then a stable (radix) sort of the 16-bit key."""
    order = np.argsort(u)
    drawn = u[order]
    if np.any(drawn[1:] == drawn[:-1]):
        order = np.argsort(u, kind="stable")
    key = np.asarray(key)[order]
    if len(key) and int(key.max()) - int(key.min()) < 1 << 16:
        key = (key - key.min()).astype(np.uint16)
    return order[np.argsort(key, kind="stable")]


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


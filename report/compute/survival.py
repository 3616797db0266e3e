"""Net survival by the Pohar Perme estimator (and Ederer II), cohort or period approach.

Time is in whole days since diagnosis. Each person i has an age at diagnosis in days, a
diagnosis day, an entry day e_i (0 in the cohort approach; the window's start in the period
approach, Brenner's left truncation) and an exit day x_i (death, emigration, follow-up date or
the window's end), and is at risk on day k (the interval (k-1, k]) when e_i < k <= x_i.

Expected survival S_i(t) comes from the rate table (report.compute.ratetable): the hazard of
day k is the one of the cell (attained age, calendar year) at the day's start, as relsurv
integrates with its default daily precision. The Pohar Perme estimator (Pohar Perme, Stare and
Esteve 2012) weights everyone by 1/S_i(t), counted from diagnosis also for late entries:

    dLambda_E = sum_i dN_i(t)/S_i(t) / sum_i Y_i(t)/S_i(t) - (weighted population hazard)
    var Lambda_E(t) = sum over event times of sum_i dN_i/S_i^2 / (sum_i Y_i/S_i)^2

Like relsurv's rs.surv (type "kaplan-meier"), the curve is the product of (1 - dLambda_E) over
the intervals between successive exit times, the population hazard of an interval being the
sum over its days of the mean of the weighted hazard at the day's start and end.

No per-person loop: the expected cumulative hazard is linear between the days a person
changes age or calendar year, so sum_i Y_i(t)/S_i(t) is a sum of exponentials that share one
rate per rate-table cell; for each cell one difference array over (group, day) gives them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from report.compute.ratetable import YEAR_DAYS, RateTable, jan1_days

_JAN1 = jan1_days(1850, 2250)
_BIG = np.int64(1) << 32


@dataclass(frozen=True)
class Segments:
    """Each person's follow-up from diagnosis cut where the rate-table cell changes.

    Days m (by their start) with start[s] <= m < next start belong to segment s; `log0` is
    the expected cumulative hazard at the segment's start minus hazard * start, so that the
    cumulative hazard on day start m of the segment is log0 + hazard * m."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray  # exclusive
    cell: np.ndarray
    hazard: np.ndarray
    log0: np.ndarray


def segments(table: RateTable, age_days: np.ndarray, diag_day: np.ndarray,
             last: np.ndarray) -> Segments:
    """Cut each person's days 0..last-1 at birthdays (cells of 365.241 days) and 1 January."""
    age_days = np.asarray(age_days, dtype=float)
    diag_day = np.asarray(diag_day, dtype=np.int64)
    last = np.maximum(np.asarray(last, dtype=np.int64), 1)
    n = len(last)
    per = (last // 365 + 2).astype(np.int64)
    person = np.repeat(np.arange(n), per)
    step = np.arange(len(person)) - np.repeat(np.cumsum(per) - per, per) + 1
    age0 = np.floor(age_days / YEAR_DAYS)
    age_cut = np.ceil((age0[person] + step) * YEAR_DAYS - age_days[person]).astype(np.int64)
    year0 = np.searchsorted(_JAN1, diag_day, side="right") - 1
    year_cut = _JAN1[np.minimum(year0[person] + step, len(_JAN1) - 1)] - diag_day[person]
    who = np.concatenate([np.arange(n), person, person])
    at = np.concatenate([np.zeros(n, dtype=np.int64), age_cut, year_cut])
    keep = (at >= 0) & (at < last[who]) & ((at > 0) | (np.arange(len(at)) < n))
    key = np.unique(who[keep].astype(np.int64) * _BIG + at[keep])
    who, start = (key // _BIG).astype(np.int64), key % _BIG
    end = np.empty_like(start)
    end[:-1] = start[1:]
    final = np.append(who[1:] != who[:-1], True)
    end[final] = last[who[final]]
    cell = (table.age_cell(age_days[who] + start) * table.years
            + table.year_cell(diag_day[who] + start))
    hazard = table.hazard.ravel()[cell]
    gained = hazard * (end - start)
    cum = np.cumsum(gained) - gained  # cumulative hazard at each segment start, all persons
    first = np.flatnonzero(np.append(True, who[1:] != who[:-1]))
    cum -= np.repeat(cum[first], np.diff(np.append(first, len(who))))
    return Segments(person=who, start=start, end=end, cell=cell, hazard=hazard,
                    log0=cum - hazard * start)


def cumulative_hazard(seg: Segments, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Expected cumulative hazard of PERSON from diagnosis to the end of DAY-1 (day >= 0)."""
    key = seg.person * _BIG + seg.start
    s = np.searchsorted(key, person * _BIG + np.maximum(day - 1, 0), side="right") - 1
    value = seg.log0[s] + seg.hazard[s] * day
    return np.where(day > 0, value, 0.0)


@dataclass(frozen=True)
class Curves:
    """Per group (rows) and day k = 1..horizon (columns)."""

    surv: np.ndarray  # net survival at day k (the value at the last exit time <= k)
    se: np.ndarray  # standard error of the cumulative excess hazard (of log survival)
    at_risk: np.ndarray  # persons at risk on day k
    deaths: np.ndarray  # deaths on days 1..k (cumulative)
    patients: np.ndarray  # persons per group (shape: groups)


def _risk_sums(seg: Segments, rows: np.ndarray, group: np.ndarray, lo: np.ndarray,
               hi: np.ndarray, groups: int, horizon: int, weighted: bool):
    """Sums over each group's persons at risk on day m+1, for m = 0..horizon-1, of
    w = 1/S_i at the day's start (or 1), lambda*w, w*exp(lambda) and lambda*w*exp(lambda)."""
    s0 = np.maximum(seg.start[rows], lo)
    s1 = np.minimum(np.minimum(seg.end[rows], hi), horizon)
    ok = s1 > s0
    rows, group, s0, s1 = rows[ok], group[ok], s0[ok], s1[ok]
    coef = np.exp(seg.log0[rows]) if weighted else np.ones(len(rows))
    lam = seg.hazard[rows]
    cell = seg.cell[rows]
    out = np.zeros((4, groups, horizon))
    order = np.argsort(cell, kind="stable")
    bounds = np.flatnonzero(np.append(True, np.diff(cell[order]) != 0))
    for a, b in zip(bounds, np.append(bounds[1:], len(order)), strict=True):
        s = order[a:b]
        first, stop = int(s0[s].min()), int(s1[s].max())
        width = stop - first + 1
        flat = group[s] * width
        diff = (np.bincount(flat + s0[s] - first, coef[s], groups * width)
                - np.bincount(flat + s1[s] - first, coef[s], groups * width))
        level = np.cumsum(diff.reshape(groups, width), axis=1)[:, :-1]
        h = lam[s[0]]
        if weighted:
            level = level * np.exp(h * np.arange(first, stop))
        grow = np.exp(h) if weighted else 1.0
        out[0, :, first:stop] += level
        out[1, :, first:stop] += h * level
        out[2, :, first:stop] += grow * level
        out[3, :, first:stop] += h * grow * level
    return out


def _per_day(values: np.ndarray, group: np.ndarray, day: np.ndarray, groups: int,
             horizon: int) -> np.ndarray:
    """Sum of VALUES by (group, day) for days 1..horizon (columns 0..horizon-1)."""
    ok = (day >= 1) & (day <= horizon)
    flat = group[ok] * horizon + day[ok] - 1
    return np.bincount(flat, values[ok], groups * horizon).reshape(groups, horizon)


def _interval_running_mean(num: np.ndarray, den: np.ndarray, is_exit: np.ndarray):
    """relsurv's integration: on each day, the ratio of the sums since the interval began."""
    days = np.arange(num.shape[1])
    begins = np.concatenate([np.ones((num.shape[0], 1), dtype=bool), is_exit[:, :-1]], axis=1)
    first = np.maximum.accumulate(np.where(begins, days, 0), axis=1)
    out = []
    for x in (num, den):
        c = np.cumsum(x, axis=1)
        base = np.take_along_axis(c - x, first, axis=1)
        out.append(c - base)
    return out[0] / out[1]


def _product(haz: np.ndarray, is_exit: np.ndarray, pop: np.ndarray) -> np.ndarray:
    """relsurv's product over exit-time intervals of 1 - (observed - population hazard)."""
    days = np.arange(haz.shape[1])
    cum = np.cumsum(pop, axis=1)
    last = np.maximum.accumulate(np.where(is_exit, days, -1), axis=1)
    before = np.concatenate([np.full((haz.shape[0], 1), -1), last[:, :-1]], axis=1)
    prev = np.where(before >= 0, np.take_along_axis(cum, np.maximum(before, 0), axis=1), 0.0)
    step = np.where(is_exit, 1.0 - (haz - (cum - prev)), 1.0)
    return np.cumprod(step, axis=1)


def estimate(seg: Segments, person: np.ndarray, entry: np.ndarray, exit: np.ndarray,
             died: np.ndarray, group: np.ndarray, groups: int, horizon: int,
             method: str = "pohar-perme", integration: str = "daily") -> Curves:
    """Net survival curves of GROUPS groups up to HORIZON days.

    One row per (person, group) membership: a person may be in several groups. PERSON
    indexes the persons of SEG; ENTRY and EXIT are days since diagnosis (entry < exit).

    INTEGRATION "daily" takes each day's weighted population hazard; "relsurv" reproduces
    relsurv 2.2's running mean within each interval between exit times (for the check
    against it: the two differ by far less than the estimate's precision)."""
    if integration not in ("daily", "relsurv"):
        raise ValueError(f"integration must be 'daily' or 'relsurv', got {integration!r}")
    if method not in ("pohar-perme", "ederer2"):
        raise ValueError(f"method must be 'pohar-perme' or 'ederer2', got {method!r}")
    person, entry, exit = (np.asarray(a, dtype=np.int64) for a in (person, entry, exit))
    group, died = np.asarray(group, dtype=np.int64), np.asarray(died, dtype=bool)
    weighted = method == "pohar-perme"
    first = np.searchsorted(seg.person, person, side="left")
    count = np.searchsorted(seg.person, person, side="right") - first
    rows = np.repeat(first, count) + (np.arange(count.sum())
                                      - np.repeat(np.cumsum(count) - count, count))
    member = np.repeat(np.arange(len(person)), count)
    sums = _risk_sums(seg, rows, group[member], entry[member], exit[member], groups, horizon,
                      weighted)
    ones = np.ones(len(person))
    at_risk = np.cumsum(_per_day(ones, group, entry + 1, groups, horizon)
                        - _per_day(ones, group, exit + 1, groups, horizon), axis=1)
    exits = _per_day(ones, group, exit, groups, horizon)
    dead = _per_day(died.astype(float), group, exit, groups, horizon)
    with np.errstate(divide="ignore", invalid="ignore"):
        if weighted:
            w = np.exp(cumulative_hazard(seg, person, exit)) * died
            dn = _per_day(w, group, exit, groups, horizon)
            dn2 = _per_day(w * w, group, exit, groups, horizon)
            if integration == "relsurv":
                is_exit = exits > 0
                pop = np.nan_to_num(0.5 * (_interval_running_mean(sums[1], sums[0], is_exit)
                                           + _interval_running_mean(sums[3], sums[2], is_exit)))
            else:
                pop = np.nan_to_num(0.5 * (sums[1] / sums[0] + sums[3] / sums[2]))
            haz = np.nan_to_num(dn / sums[2])
            var = np.nan_to_num(dn2 / sums[2] ** 2)
        else:
            pop = np.nan_to_num(sums[1] / at_risk)
            haz = np.nan_to_num(dead / at_risk)
            var = np.nan_to_num(dead / at_risk.astype(float) ** 2)
    surv = _product(haz, exits > 0, pop)
    se = np.sqrt(np.cumsum(np.where(exits > 0, var, 0.0), axis=1))
    ended = np.arange(1, horizon + 1)[None, :] > _last_exit(group, exit, groups)[:, None]
    surv, se = np.where(ended, np.nan, surv), np.where(ended, np.nan, se)
    patients = np.bincount(group, minlength=groups)
    return Curves(surv=surv, se=se, at_risk=at_risk.astype(np.int64),
                  deaths=np.cumsum(dead, axis=1).astype(np.int64), patients=patients)


@dataclass(frozen=True)
class Window:
    """Follow-up within a calendar window, in days since diagnosis (arrays per person)."""

    keep: np.ndarray  # at risk at some time in the window
    entry: np.ndarray
    exit: np.ndarray
    died: np.ndarray


def period_followup(diag_day: np.ndarray, time: np.ndarray, died: np.ndarray, start: int,
                    end: int) -> Window:
    """Brenner's period approach: follow-up from day START to day END (exclusive, day
    numbers) only; a person diagnosed before START enters late (left truncation)."""
    diag_day, time = np.asarray(diag_day, dtype=np.int64), np.asarray(time, dtype=np.int64)
    entry = np.maximum(start - diag_day, 0)
    exit = np.minimum(time, end - diag_day)
    return Window(keep=exit > entry, entry=entry, exit=exit,
                  died=np.asarray(died, dtype=bool) & (time <= end - diag_day))


def interval(surv, se, z: float = 1.959963984540054):
    """relsurv's default ("log") interval: surv * exp(-/+ z * se), se that of log survival."""
    return surv * np.exp(-z * se), surv * np.exp(z * se)


def _last_exit(group: np.ndarray, exit: np.ndarray, groups: int) -> np.ndarray:
    last = np.zeros(groups, dtype=np.int64)
    np.maximum.at(last, group, exit)
    return last


def at_years(curves: Curves, years: float) -> int:
    """Column of CURVES holding the value at YEARS after diagnosis (day floor(y * 365.241))."""
    day = int(np.floor(years * YEAR_DAYS + 1e-9))
    return day - 1

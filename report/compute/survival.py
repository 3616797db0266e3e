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

Every sum over persons is additive (`Sums`): a period window is the sum of its calendar
years, a group the sum of the cells it covers, a large dataset the sum of its chunks (`Tally`
adds them up, each chunk only over the days it touches); the estimator itself (`finish`) runs
once on the totals. No per-person loop (report.compute.expected).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from report.compute import expected
from report.compute.expected import Segments
from report.compute.ratetable import YEAR_DAYS


@dataclass(frozen=True)
class Curves:
    """Per group (rows) and day k = 1..horizon (columns)."""

    surv: np.ndarray  # net survival at day k (the value at the last exit time <= k)
    se: np.ndarray  # standard error of the cumulative excess hazard (of log survival)
    at_risk: np.ndarray  # persons at risk on day k
    deaths: np.ndarray  # deaths on days 1..k (cumulative)
    patients: np.ndarray  # persons per group (shape: groups)


def _add_per_day(out: np.ndarray, values: np.ndarray, group: np.ndarray, day: np.ndarray,
                 groups: int, membership: np.ndarray | None = None) -> None:
    """Add VALUES by (group, day) into OUT (groups, or the curves of MEMBERSHIP, x days
    1..horizon), over the band of days they fall on only."""
    horizon = out.shape[1]
    ok = (day >= 1) & (day <= horizon)
    if not ok.any():
        return
    col = day[ok] - 1
    b0, b1 = int(col.min()), int(col.max()) + 1
    width = b1 - b0
    out[:, b0:b1] += expected.collapsed(
        np.bincount(group[ok] * width + col - b0, values[ok], groups * width)
        .reshape(groups, width), membership)


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


@dataclass(frozen=True)
class Sums:
    """Additive sums per group (rows) and day k = 1..horizon (columns), before estimation."""

    risk: np.ndarray  # (4, groups, days): sum 1/S, lambda/S at the day's start; same at its end
    entering: np.ndarray  # persons whose follow-up starts before day k: +1 at entry + 1
    leaving: np.ndarray  # +1 at exit + 1
    departures: np.ndarray  # exits by death, emigration or the follow-up date on day k
    ends: np.ndarray  # exits on day k because the calendar slice ended
    deaths: np.ndarray
    dn: np.ndarray  # sum of 1/S at death
    dn2: np.ndarray  # sum of 1/S^2 at death

    FIELDS = ("risk", "entering", "leaving", "departures", "ends", "deaths", "dn", "dn2")

    def __add__(self, other: Sums) -> Sums:
        days = min(self.deaths.shape[1], other.deaths.shape[1])
        return Sums(*(getattr(self, f)[..., :days] + getattr(other, f)[..., :days]
                      for f in self.FIELDS))

    def pick(self, rows: np.ndarray, days: int) -> Sums:
        """The sums of groups ROWS, first DAYS days."""
        return Sums(*(getattr(self, f)[..., rows, :days] for f in self.FIELDS))


class Tally:
    """The sums of `Sums` for a set of persons added part by part (chunks of a large
    dataset), each part touching only its own band of days; `sums()` forms them once."""

    DAY_FIELDS = ("entering", "leaving", "departures", "ends", "deaths", "dn", "dn2")

    def __init__(self, groups: int, horizon: int, weighted: bool = True,
                 membership: np.ndarray | None = None):
        """MEMBERSHIP (curves x groups, 0/1): tally the curves' sums, not the groups'."""
        self.groups, self.horizon, self.weighted = groups, horizon, weighted
        self.risk = expected.RiskTally(groups, horizon, weighted, membership)
        self.membership = self.risk.membership
        self.days = np.zeros((len(self.DAY_FIELDS), self.risk.diff.shape[1], horizon))

    def add(self, seg: Segments, person: np.ndarray, entry: np.ndarray, exit: np.ndarray,
            died: np.ndarray, group: np.ndarray, departed: np.ndarray | None = None,
            rows: np.ndarray | None = None) -> None:
        """Persons PERSON (indexes into SEG) followed from ENTRY to EXIT (days since
        diagnosis), in GROUP. DEPARTED: whether the exit is a death, emigration or the
        follow-up date (default: every exit) rather than the end of a calendar slice. ROWS:
        the segments that can hold their follow-up (default: all of theirs), when the caller
        knows fewer."""
        person, entry, exit = (np.asarray(a, dtype=np.int64) for a in (person, entry, exit))
        group, died = np.asarray(group, dtype=np.int64), np.asarray(died, dtype=bool)
        departed = np.ones(len(person), dtype=bool) if departed is None else departed
        given = rows is not None
        if rows is None:
            first = np.searchsorted(seg.person, person, side="left")
            count = np.searchsorted(seg.person, person, side="right") - first
            rows = np.repeat(first, count) + (np.arange(count.sum())
                                              - np.repeat(np.cumsum(count) - count, count))
            member = np.repeat(np.arange(len(person)), count)
        else:
            position = np.full(int(seg.person.max(initial=0)) + 1, -1)
            position[person] = np.arange(len(person))
            member = position[seg.person[rows]]
            rows, member = rows[member >= 0], member[member >= 0]
        self.risk.add(seg, rows, group[member], entry[member], exit[member])
        if not self.weighted:
            w = died * 1.0
        elif given:
            w = np.exp(expected.hazard_at_exit(seg, rows, member, exit, len(person))) * died
        else:
            w = np.exp(expected.cumulative_hazard(seg, person, exit)) * died
        ones = np.ones(len(person))
        for i, (values, day) in enumerate((
                (ones, entry + 1), (ones, exit + 1), (departed * 1.0, exit),
                ((~departed) * 1.0, exit), (died * 1.0, exit), (w, exit), (w * w, exit))):
            _add_per_day(self.days[i], values, group, day, self.groups, self.membership)

    def sums(self) -> Sums:
        return Sums(self.risk.sums(), *self.days)


def accumulate(seg: Segments, person: np.ndarray, entry: np.ndarray, exit: np.ndarray,
               died: np.ndarray, group: np.ndarray, groups: int, horizon: int,
               weighted: bool = True, departed: np.ndarray | None = None,
               rows: np.ndarray | None = None) -> Sums:
    """The sums of one set of persons (Tally.add)."""
    tally = Tally(groups, horizon, weighted)
    tally.add(seg, person, entry, exit, died, group, departed, rows)
    return tally.sums()


def finish(sums: Sums, patients: np.ndarray, method: str = "pohar-perme",
           integration: str = "daily") -> Curves:
    """The net survival curves from the totals.

    INTEGRATION "daily" takes each day's weighted population hazard; "relsurv" reproduces
    relsurv 2.2's running mean within each interval between exit times (for the check
    against it: the two differ by far less than the estimate's precision)."""
    if integration not in ("daily", "relsurv"):
        raise ValueError(f"integration must be 'daily' or 'relsurv', got {integration!r}")
    if method not in ("pohar-perme", "ederer2"):
        raise ValueError(f"method must be 'pohar-perme' or 'ederer2', got {method!r}")
    risk = sums.risk
    at_risk = np.rint(np.cumsum(sums.entering - sums.leaving, axis=1))
    is_exit = (sums.departures + sums.ends) > 0
    dead = sums.deaths
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "pohar-perme":
            if integration == "relsurv":
                pop = 0.5 * (_interval_running_mean(risk[1], risk[0], is_exit)
                             + _interval_running_mean(risk[3], risk[2], is_exit))
            else:
                pop = 0.5 * (risk[1] / risk[0] + risk[3] / risk[2])
            haz, var = sums.dn / risk[2], sums.dn2 / risk[2] ** 2
        else:
            pop, haz, var = risk[1] / at_risk, dead / at_risk, dead / at_risk ** 2
    pop, haz, var = (np.nan_to_num(np.where(at_risk > 0, x, 0.0)) for x in (pop, haz, var))
    surv = _product(haz, is_exit, pop)
    se = np.sqrt(np.cumsum(np.where(is_exit, var, 0.0), axis=1))
    ended = at_risk <= 0
    return Curves(surv=np.where(ended, np.nan, surv), se=np.where(ended, np.nan, se),
                  at_risk=at_risk.astype(np.int64),
                  deaths=np.rint(np.cumsum(dead, axis=1)).astype(np.int64),
                  patients=np.asarray(patients, dtype=np.int64))


def estimate(seg: Segments, person: np.ndarray, entry: np.ndarray, exit: np.ndarray,
             died: np.ndarray, group: np.ndarray, groups: int, horizon: int,
             method: str = "pohar-perme", integration: str = "daily") -> Curves:
    """Net survival curves of GROUPS groups up to HORIZON days, one row per person (PERSON
    indexes the persons of SEG; ENTRY < EXIT in days since diagnosis)."""
    sums = accumulate(seg, person, entry, exit, died, group, groups, horizon,
                      weighted=method == "pohar-perme")
    return finish(sums, np.bincount(np.asarray(group, dtype=np.int64), minlength=groups),
                  method, integration)


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


def at_years(curves: Curves, years: float) -> int:
    """Column of CURVES holding the value at YEARS after diagnosis (day floor(y * 365.241))."""
    day = int(np.floor(years * YEAR_DAYS + 1e-9))
    return day - 1

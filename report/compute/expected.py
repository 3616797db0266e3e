"""Expected survival of each person from the rate table, and sums over persons at risk.

The expected cumulative hazard of a person is linear between the days she changes age or
calendar year (`segments`), so 1/S_i(t) is an exponential on each segment. `RiskTally` gives,
per group and day, the sums over the persons at risk of 1/S_i and of lambda_i/S_i (at the
day's start and end) without a per-person loop: around the middle of each block of days the
exponentials are Taylor polynomials whose coefficients are running sums of per-piece weights,
built with difference arrays over (group, day).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from report.compute.ratetable import YEAR_DAYS, RateTable, jan1_days

_JAN1 = jan1_days(1850, 2250)
_BIG = np.int64(1) << 32


@dataclass(frozen=True)
class Segments:
    """Each person's follow-up from diagnosis cut where the rate-table cell changes, in
    order of person and time.

    Days m (by their start) with start[s] <= m < end[s] belong to segment s; `log0` is the
    expected cumulative hazard at the segment's start minus hazard * start, so that the
    cumulative hazard on day start m of the segment is log0 + hazard * m. Segments end by
    31 December: `year` is the calendar year each lies in."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray  # exclusive
    year: np.ndarray  # int16: a stable sort by year is a radix sort
    cell: np.ndarray
    hazard: np.ndarray
    log0: np.ndarray


def segments(table: RateTable, age_days: np.ndarray, diag_day: np.ndarray,
             last: np.ndarray) -> Segments:
    """Cut each person's days 0..last-1 at 1 January and at birthdays (cells of 365.241 days).

    A calendar year holds at most one birthday after its first day (birthdays are 365 or 366
    days apart), so each person-year gives one segment or two, already in order."""
    age_days = np.asarray(age_days, dtype=float)
    diag_day = np.asarray(diag_day, dtype=np.int64)
    last = np.maximum(np.asarray(last, dtype=np.int64), 1)
    year0 = np.searchsorted(_JAN1, diag_day, side="right") - 1
    years = np.searchsorted(_JAN1, diag_day + last - 1, side="right") - year0
    person = np.repeat(np.arange(len(last)), years)
    y = year0[person] + np.arange(len(person)) - np.repeat(np.cumsum(years) - years, years)
    lo = np.maximum(_JAN1[y] - diag_day[person], 0)
    hi = np.minimum(_JAN1[y + 1] - diag_day[person], last[person])
    age = age_days[person]
    birthday = np.ceil((np.floor((lo + age) / YEAR_DAYS) + 1) * YEAR_DAYS - age).astype(np.int64)
    split = birthday < hi
    keep = np.stack([np.ones(len(lo), dtype=bool), split], axis=1).ravel()
    start = np.stack([lo, birthday], axis=1).ravel()[keep]
    end = np.stack([np.where(split, birthday, hi), hi], axis=1).ravel()[keep]
    who = np.repeat(person, 1 + split)
    year = (np.repeat(y, 1 + split) + 1850).astype(np.int16)
    cell = (table.age_cell(age_days[who] + start) * table.years
            + np.clip(year - table.first_year, 0, table.years - 1))
    hazard = table.hazard.ravel()[cell]
    gained = hazard * (end - start)
    cum = np.cumsum(gained) - gained  # cumulative hazard at each segment start, all persons
    first = np.flatnonzero(np.append(True, who[1:] != who[:-1]))
    cum -= np.repeat(cum[first], np.diff(np.append(first, len(who))))
    return Segments(person=who, start=start, end=end, year=year, cell=cell, hazard=hazard,
                    log0=cum - hazard * start)


def cumulative_hazard(seg: Segments, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Expected cumulative hazard of PERSON from diagnosis to the end of DAY-1 (day >= 0)."""
    key = seg.person * _BIG + seg.start
    s = np.searchsorted(key, person * _BIG + np.maximum(day - 1, 0), side="right") - 1
    value = seg.log0[s] + seg.hazard[s] * day
    return np.where(day > 0, value, 0.0)


def hazard_at_exit(seg: Segments, rows: np.ndarray, member: np.ndarray, exit: np.ndarray,
                   persons: int) -> np.ndarray:
    """The cumulative hazard at EXIT of each of PERSONS persons, from the segments ROWS
    (MEMBER: the person of each row) that hold it; 0 where none does."""
    day = exit[member] - 1
    holds = (seg.start[rows] <= day) & (day < seg.end[rows])
    out = np.zeros(persons)
    out[member[holds]] = seg.log0[rows[holds]] + seg.hazard[rows[holds]] * exit[member[holds]]
    return out


BLOCK = 366  # days: no segment is longer, so each lies in at most two blocks
MOMENTS = 8  # Taylor terms of exp(hazard * u), |u| <= 183 days: relative error below 2e-10


def _pieces(s0: np.ndarray, s1: np.ndarray):
    """Split day ranges [s0, s1) at multiples of BLOCK: (index of range, start, end, block)."""
    first, last = s0 // BLOCK, (s1 - 1) // BLOCK
    count = last - first + 1
    which = np.repeat(np.arange(len(s0)), count)
    block = first[which] + np.arange(len(which)) - np.repeat(np.cumsum(count) - count, count)
    return (which, np.maximum(s0[which], block * BLOCK),
            np.minimum(s1[which], (block + 1) * BLOCK), block)


class RiskTally:
    """Sums over each group's persons at risk on day m+1 (m = 0..horizon-1) of w = 1/S_i at
    the day's start (or 1), lambda*w, w*exp(lambda) and lambda*w*exp(lambda), kept until the
    end as difference arrays over days of per-piece weights: additive, so each chunk of persons
    adds only the band of days it touches, and the running sums and polynomials (`sums`) are
    formed once.

    1/S_i = exp(log0 + lambda*m) on a segment. Around the middle c of each block of days,
    exp(lambda*m) = exp(lambda*c) * sum_j (lambda*u)^j / j! with u = m - c, so the sums are
    polynomials in u whose coefficients are running sums of per-piece weights."""

    def __init__(self, groups: int, horizon: int, weighted: bool,
                 membership: np.ndarray | None = None):
        """MEMBERSHIP (curves x groups, 0/1): keep the sums of the groups each curve covers
        (each band is collapsed as it is added), not of every group."""
        self.groups, self.horizon, self.weighted = groups, horizon, weighted
        self.membership = sparse_membership(membership)
        rows = groups if membership is None else self.membership.shape[0]
        self.diff = np.zeros((MOMENTS + 3 if weighted else 2, rows, horizon + 1))

    def add(self, seg: Segments, rows: np.ndarray, fine: np.ndarray, lo: np.ndarray,
            hi: np.ndarray) -> None:
        """The segments ROWS of persons in groups FINE, at risk on days LO < k <= HI."""
        s0 = np.maximum(seg.start[rows], lo)
        s1 = np.minimum(np.minimum(seg.end[rows], hi), self.horizon)
        ok = s1 > s0
        rows, fine, s0, s1 = rows[ok], fine[ok], s0[ok], s1[ok]
        lam = seg.hazard[rows]
        if not self.weighted:
            self._band(fine, s0, s1, iter([np.ones(len(rows)), lam]))
            return
        which, p0, p1, block = _pieces(s0, s1)
        lam = lam[which]
        base = np.exp(seg.log0[rows][which] + lam * (block * BLOCK + (BLOCK - 1) / 2))
        self._band(fine[which], p0, p1, _moments(base, lam, len(self.diff)))

    def _band(self, fine: np.ndarray, p0: np.ndarray, p1: np.ndarray, weights) -> None:
        """Add each of WEIGHTS (one per moment, in turn) from day p0 to p1 (exclusive), over
        the band of days the pieces touch only."""
        if not len(p0):
            return
        b0, b1 = int(p0.min()), int(p1.max()) + 1
        width = b1 - b0
        index = np.concatenate([fine * width + (p0 - b0), fine * width + (p1 - b0)])
        for j, w in enumerate(weights):
            dense = np.bincount(index, np.concatenate([w, -w]), self.groups * width)
            self.diff[j, :, b0:b1] += collapsed(dense.reshape(self.groups, width),
                                                self.membership)

    def sums(self) -> np.ndarray:
        """(4, groups, horizon): the four sums of the class's description."""
        m = np.cumsum(self.diff, axis=2)[:, :, :-1]
        rows = m.shape[1]
        if not self.weighted:
            return np.stack([m[0], m[1], m[0], m[1]])
        days = np.arange(self.horizon)
        u = days - ((days // BLOCK) * BLOCK + (BLOCK - 1) / 2)

        def poly(shift: int) -> np.ndarray:  # sum_j (j+1)...(j+shift) m[j+shift] u^j
            out = np.zeros((rows, self.horizon))
            for j in reversed(range(MOMENTS)):
                factor = np.prod(np.arange(j + 1, j + shift + 1)) if shift else 1
                out = out * u + factor * m[j + shift]
            return out

        # at the day's end: exp(lambda) = 1 + lambda + lambda^2/2 + lambda^3/6 (lambda < 0.0013
        # a day: the next term is below 1e-13 of the sum)
        b, a, a2, a3 = poly(0), poly(1), poly(2), poly(3)
        return np.stack([b, a, b + a + a2 / 2 + a3 / 6, a + a2 + a3 / 2])


def _moments(base: np.ndarray, lam: np.ndarray, count: int):
    """The per-piece weights base * lam^j / j!, j = 0..count-1, one at a time (each is as long
    as the pieces)."""
    for j in range(count):
        yield base
        base = base * lam / (j + 1)


def sparse_membership(membership: np.ndarray | None):
    """MEMBERSHIP (curves x groups, 0/1) as a sparse matrix: a group lies in few curves."""
    return None if membership is None else sparse.csr_matrix(np.asarray(membership, float))


def collapsed(dense: np.ndarray, membership) -> np.ndarray:
    """DENSE (groups x days) summed over the groups of each row of MEMBERSHIP, if any."""
    return dense if membership is None else membership @ dense

"""The sums of every survival analysis, the women taken in chunks in order of diagnosis and
split into runs of about equal work, the runs after the first tallied in worker processes
(report.compute.beside), and the curves estimated from the totals."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from report.compute import beside, expected, ratetable, survival
from report.compute.survival_plan import Analysis, SurvivalSettings, Women, analyses, families


@dataclass(frozen=True)
class Estimated:
    analysis: Analysis
    groups: list[tuple]  # (unit_level, unit_id, group, category)
    curves: survival.Curves


CHUNK = 50_000  # women per pass and run: their expected-survival segments stay small


def _fine(w: Women) -> np.ndarray:
    """Each woman's cell of region x age group x stage: every group is a union of cells."""
    code = np.zeros(len(w.diag), dtype=np.int64)
    for values in (w.region, w.age_group, w.stage):
        code = code * (int(values.max(initial=0)) + 1) + values.astype(np.int64)
    return code


def horizon_days(years: float) -> int:
    """The last day (since diagnosis) YEARS after it, as the estimates are read."""
    return int(np.floor(years * ratetable.YEAR_DAYS))


def kept(w: Women, a: Analysis, rows: slice | np.ndarray = slice(None)) -> survival.Window:
    """Who an analysis follows, from when to when (days since diagnosis)."""
    diag, time, died, year = w.diag[rows], w.time[rows], w.died[rows], w.year[rows]
    if a.approach == "cohort":
        return survival.Window(keep=(year >= a.first) & (year <= a.last) & (time > 0),
                               entry=np.zeros(len(diag), dtype=np.int64), exit=time, died=died)
    start, end = ratetable.jan1_days(a.first, a.last + 1)[[0, -1]]
    window = survival.period_followup(diag, time, died, int(start), int(end))
    horizon = horizon_days(max(a.years))
    return dataclasses.replace(window, keep=window.keep & (window.entry < horizon))


def _plan_members(w: Women, plan: list[Analysis], regions: list[str], groups: list[str]):
    """The fine cell of each woman, and per analysis its curves' keys and, for each, the
    cells it covers (curves x cells)."""
    cells, first, fine = np.unique(_fine(w), return_index=True, return_inverse=True)
    reps = Women(*(getattr(w, f.name)[first] for f in dataclasses.fields(Women)))
    members = [[m for f in a.families for m in families(reps, f, regions, groups)]
               for a in plan]
    return fine, len(cells), [[m[:4] for m in ms] for ms in members], \
        [np.array([m[4] for m in ms]) for ms in members]


PARTS = 2  # women split into this many runs of diagnoses, tallied side by side


BESIDE = 1_000_000  # women from which the runs after the first go to worker processes


def estimate_all(w: Women, table: ratetable.RateTable, year: int, s: SurvivalSettings,
                 years_shown: int, regions: list[str], groups: list[str]) -> list[Estimated]:
    """Every analysis. The women, in order of diagnosis, are split into PARTS runs; from
    BESIDE women on, the runs after the first are tallied in worker processes beside it (the
    tallies are numpy loops that hold the GIL: threads would take turns). The sums are
    additive, so each analysis is the sum of the runs' totals, added in a fixed order: the
    same result wherever the runs are tallied."""
    plan = analyses(year, s, years_shown)
    fine, cells, keys, membership = _plan_members(w, plan, regions, groups)
    period = [i for i, a in enumerate(plan) if a.approach == "period"]
    union = list(dict.fromkeys(k for i in period for k in keys[i]))
    union_cells = np.array([membership[i][keys[i].index(k)] for k in union
                            for i in [next(j for j in period if k in keys[j])]])
    picks = {i: np.array([union.index(k) for k in keys[i]]) for i in period}
    bounds = _bounds(w, plan, PARTS)
    shared = (table, plan, cells, union_cells, picks, membership, s)
    parts = [(_part(w, lo, hi), fine[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:],
                                                               strict=True)]
    later = [_start(part, shared) for part in parts[1:]] if len(w.diag) >= BESIDE else []
    runs = [_tally_run(*parts[0], *shared)]
    runs += [_collect(later[k] if later else None, part, shared)
             for k, part in enumerate(parts[1:])]
    out = []
    for i, a in enumerate(plan):
        total = runs[0][i]
        for more in runs[1:]:
            total = total + more[i]
        counted = np.bincount(fine[kept(w, a).keep], minlength=cells).astype(float)
        patients = np.einsum("cg,g->c", membership[i].astype(float), counted)
        out.append(Estimated(a, keys[i], survival.finish(total, np.rint(patients))))
    return out


def _start(part: tuple, shared: tuple) -> beside.Later | None:
    """A run tallied in a worker process, or None if none could be started."""
    try:
        return beside.start(_tally_run, *part, *shared)
    except beside.Failed:
        return None


def _collect(later: beside.Later | None, part: tuple, shared: tuple) -> list[survival.Sums]:
    """A run's sums from its worker, or tallied here when it has none or it failed (the
    same sums)."""
    if later is not None:
        try:
            return later.result()
        except beside.Failed:
            pass
    return _tally_run(*part, *shared)


def _bounds(w: Women, plan: list[Analysis], parts: int, every: int = 16) -> np.ndarray:
    """Where to split the women (in order of diagnosis) into PARTS runs of about equal work:
    the days each woman is followed in the calendar years and cohorts analysed, and her whole
    follow-up, estimated on every EVERY-th woman (the women diagnosed first are followed
    longest). Only the time depends on it: the sums are the same wherever the runs split."""
    sample = slice(None, None, every)
    diag, time = w.diag[sample].astype(np.int64), w.time[sample].astype(np.int64)
    year = w.year[sample]
    # expected survival is worked out over each woman's whole follow-up (to the longest
    # horizon), at about half the cost of a day tallied
    work = 0.5 * np.minimum(time, max(horizon_days(max(a.years)) for a in plan))
    for a in (a for a in plan if a.approach == "cohort"):
        work += np.where((year >= a.first) & (year <= a.last),
                         np.minimum(time, horizon_days(max(a.years))), 0)
    for c, horizon in _slices(plan).items():
        start, end = ratetable.jan1_days(c, c + 1)
        lo = np.maximum(start - diag, 0)
        hi = np.minimum.reduce([time, end - diag, np.full(len(diag), horizon)])
        work += np.maximum(hi - lo, 0)
    share = np.cumsum(work) / max(work.sum(), 1)
    cuts = [int(np.searchsorted(share, k / parts)) * every for k in range(1, parts)]
    return np.array([0, *np.minimum(cuts, len(w.diag)), len(w.diag)])


def _slices(plan: list[Analysis]) -> dict[int, int]:
    """The calendar years the period windows cover, each with the longest follow-up in days
    a window asks of it."""
    slices: dict[int, int] = {}
    for a in (a for a in plan if a.approach == "period"):
        for c in range(a.first, a.last + 1):
            slices[c] = max(slices.get(c, 0), horizon_days(max(a.years)))
    return slices


def _part(w: Women, lo: int, hi: int) -> Women:
    """Women LO..HI-1."""
    return Women(*(getattr(w, f.name)[lo:hi] for f in dataclasses.fields(Women)))


def _tally_run(w: Women, fine: np.ndarray, table: ratetable.RateTable, plan: list[Analysis],
               cells: int, union_cells: np.ndarray, picks: dict, membership: list,
               s: SurvivalSettings) -> list[survival.Sums]:
    """The sums of every analysis over women W, CHUNK at a time. A period window is the sum
    of its calendar years: each year is tallied over the chunks that reach it and formed
    once, when the next chunk is diagnosed after it (so only the years still reachable are
    held), on the curves of the latest window (the earlier windows' curves are among them).
    A cohort is tallied the same way."""
    period = list(picks)
    slices = _slices(plan)
    totals: list[survival.Sums | None] = [None] * len(plan)
    open_slices: dict[int, survival.Tally] = {}
    cohorts = {i: survival.Tally(cells, horizon_days(max(a.years)), membership=membership[i])
               for i, a in enumerate(plan) if a.approach == "cohort"}

    def add(i: int, part: survival.Sums) -> None:
        totals[i] = part if totals[i] is None else totals[i] + part

    def close(c: int) -> None:  # calendar year C: formed, shared out to its windows
        tally = open_slices.pop(c, None) or survival.Tally(cells, slices[c],
                                                           membership=union_cells)
        sums = tally.sums()
        inner = dataclasses.replace(sums, ends=np.zeros_like(sums.ends))
        for i in period:  # a slice's end is an exit only in the window it ends
            if plan[i].first <= c <= plan[i].last:
                add(i, (sums if c == plan[i].last else inner).pick(
                    picks[i], horizon_days(max(plan[i].years))))

    pending = sorted(slices)
    last = len(w.diag)
    for lo in range(0, last, CHUNK):
        rows = slice(lo, min(lo + CHUNK, last))
        diag, time, died, cell = w.diag[rows], w.time[rows], w.died[rows], fine[rows]
        seg = expected.segments(table, w.age_days[rows], diag,
                                np.minimum(time, horizon_days(s.horizon)))
        order = np.argsort(seg.year, kind="stable")  # a year's slice reads its own segments
        following = int(w.year[lo + CHUNK]) if lo + CHUNK < last else None
        for c in list(pending):
            start, end = ratetable.jan1_days(c, c + 1)
            part = survival.period_followup(diag, time, died, int(start), int(end))
            idx = np.flatnonzero(part.keep & (part.entry < slices[c]))
            if len(idx):  # women in diagnosis order: many slices miss a chunk
                own = order[np.searchsorted(seg.year[order], c):
                            np.searchsorted(seg.year[order], c + 1)]
                if c not in open_slices:
                    open_slices[c] = survival.Tally(cells, slices[c], membership=union_cells)
                open_slices[c].add(seg, idx, part.entry[idx], part.exit[idx], part.died[idx],
                                   cell[idx], departed=part.exit[idx] == time[idx], rows=own)
            if following is None or c < following:  # no later woman can reach year c:
                close(c)  # formed now, so that few years are held at once
                pending.remove(c)
        for i, tally in cohorts.items():
            k, days = kept(w, plan[i], rows), horizon_days(max(plan[i].years))
            idx = np.flatnonzero(k.keep)
            if len(idx):
                own = np.flatnonzero(k.keep[seg.person] & (seg.start < days))
                tally.add(seg, idx, k.entry[idx], k.exit[idx], k.died[idx], cell[idx],
                          rows=own)
    for c in pending:  # a run without women: every total exists, empty
        close(c)
    for i, tally in cohorts.items():
        add(i, tally.sums())
    return totals

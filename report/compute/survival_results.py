"""The published survival results, computed in Python from the `survival_women` rows.

`survival`: net survival 1, 5 and 10 years after diagnosis by approach (period: Brenner's,
the most recent calendar years with complete follow-up; cohort: the most recent diagnosis
years whose follow-up is complete for the whole time), unit (nation, region) and group (all,
stage, age group), unstandardised and age-standardised (ICSS), with the trend of the five-year
estimate over successive windows. `survival_curves`: the curves 0-10 years of the latest
window, month by month. Both come from one computation per build.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from report.compute import beside, expected, ratetable, stats, survival
from report.compute.derive import z_value
from report.compute.registry import Query, Rules, Settings
from report.publish.suppress import Prepared

KEYS = ["approach", "period", "unit_level", "unit_id", "group", "category", "years",
        "standard"]
NONE = "none"  # the standard column of unstandardised estimates
CURVE_KEYS = ["approach", "period", "unit_level", "unit_id", "group", "category", "month"]
STAGES = ("I", "II", "III", "IV", "unknown")


@dataclass(frozen=True)
class SurvivalSettings:
    standard: str
    window_years: int
    years: tuple[int, ...]
    min_patients: int
    min_deaths: int

    @property
    def horizon(self) -> int:
        return max(self.years)


def survival_settings(settings: Settings) -> SurvivalSettings:
    raw = settings.raw["survival"]
    return SurvivalSettings(standard=str(raw["standard"]), window_years=int(raw["window_years"]),
                            years=tuple(int(y) for y in raw["years"]),
                            min_patients=int(raw["min_patients"]),
                            min_deaths=int(raw["min_deaths"]))


@dataclass(frozen=True)
class Analysis:
    approach: str  # "period" or "cohort"
    first: int  # first calendar year of the window, or of diagnosis in the cohort
    last: int
    years: tuple[int, ...]  # time points reported
    families: tuple[str, ...]  # nation, region, stage, age, region_age


def analyses(year: int, s: SurvivalSettings, years_shown: int) -> list[Analysis]:
    """The latest window (every group, every time point), a cohort per time point, and the
    five-year estimate of each earlier window ending in the years shown."""
    w = s.window_years
    out = [Analysis("period", year - w + 1, year, s.years,
                    ("nation", "region", "stage", "age", "region_age"))]
    out += [Analysis("cohort", year - y - w + 1, year - y, (y,), ("nation", "region", "stage",
                                                                  "age"))
            for y in s.years]
    out += [Analysis("period", end - w + 1, end, (5,), ("nation", "region", "age"))
            for end in range(year - years_shown + 1, year)]
    return out


@dataclass(frozen=True)
class Women:
    """survival_women as arrays, in order of diagnosis: follow-up in days since diagnosis,
    censored at FOLLOW_UP; region, stage and age group as positions in their lists (the
    regions, then "unknown"; STAGES, then any other stage; the standard's age groups)."""

    diag: np.ndarray
    year: np.ndarray
    age_days: np.ndarray
    time: np.ndarray
    died: np.ndarray
    region: np.ndarray
    stage: np.ndarray
    age_group: np.ndarray


NEVER = np.iinfo(np.int32).max  # the day number of a death or emigration that did not happen


def _rows(con: duckdb.DuckDBPyConnection, sql: str, regions: list[str]) -> dict:
    """The rows of SQL as small numeric arrays: dates as day numbers, region and stage as
    codes (no per-row Python objects: at 100x national volume there are seven million)."""
    query = f"""
        select cast(diagnosis_date - date '1970-01-01' as integer) as diag,
               cast(year(diagnosis_date) as smallint) as year,
               cast(age_at_diagnosis as smallint) as age,
               cast(birth_year as smallint) as birth_year,
               cast(coalesce(death_date - date '1970-01-01', {NEVER}) as integer) as death,
               cast(coalesce(emigration_date - date '1970-01-01', {NEVER}) as integer)
                   as emigration,
               cast(coalesce(nullif(list_position($regions, region_id), 0), $unknown) - 1
                    as tinyint) as region,
               cast(coalesce(nullif(list_position($stages, stage), 0), $other) - 1 as tinyint)
                   as stage
        from ({sql.strip().rstrip(";")})
        order by diagnosis_date, tumour_id"""
    found = con.execute(query, {"regions": regions, "unknown": len(regions) + 1,
                                "stages": list(STAGES), "other": len(STAGES) + 1}).fetchnumpy()
    return {k: np.asarray(v) for k, v in found.items()}


def women(found: dict, follow_up: date, groups: list[str]) -> Women:
    """Age at diagnosis in days: whole years plus half the span the birthday can lie in
    (the extract has the birth year only). A death on the day of diagnosis counts on day 1."""
    diag, year = found["diag"].astype(np.int64), found["year"].astype(np.int64)
    doy = diag - ratetable.jan1_days(1850, 2250)[year - 1850]
    age = found["age"].astype(float)
    passed = age == year - found["birth_year"]
    since = np.where(passed, doy / 2, (doy + 365.25) / 2)
    death = found["death"].astype(np.int64)
    end = np.minimum.reduce([death, found["emigration"].astype(np.int64),
                             np.full(len(diag), np.datetime64(follow_up, "D").astype(np.int64))])
    died = death == end
    time = np.where(died, np.maximum(end - diag, 1), end - diag).astype(np.int32)
    lower = np.array([int(g.rstrip("+").split("-")[0]) for g in groups])
    band = np.clip(np.searchsorted(lower, age, side="right") - 1, 0, len(groups) - 1)
    return Women(diag=diag.astype(np.int32), year=year.astype(np.int16),
                 age_days=age * ratetable.YEAR_DAYS + since, time=time, died=died,
                 region=found["region"].astype(np.int8), stage=found["stage"].astype(np.int8),
                 age_group=band.astype(np.int8))


def _families(w: Women, family: str, regions: list[str], groups: list[str]):
    """(unit_level, unit_id, group, category, mask) of one family of groups."""
    every = np.ones(len(w.diag), dtype=bool)
    if family == "nation":
        return [("nation", "norway", "all", "all", every)]
    if family == "region":
        return [("region", r, "all", "all", w.region == i) for i, r in enumerate(regions)]
    if family == "stage":
        return [("nation", "norway", "stage", s, w.stage == i) for i, s in enumerate(STAGES)]
    if family == "age":
        return [("nation", "norway", "age", g, w.age_group == i) for i, g in enumerate(groups)]
    return [("region", r, "age", g, (w.region == i) & (w.age_group == j))
            for i, r in enumerate(regions) for j, g in enumerate(groups)]


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


def _days(years: float) -> int:
    return int(np.floor(years * ratetable.YEAR_DAYS))


def _kept(w: Women, a: Analysis, rows: slice | np.ndarray = slice(None)) -> survival.Window:
    """Who an analysis follows, from when to when (days since diagnosis)."""
    diag, time, died, year = w.diag[rows], w.time[rows], w.died[rows], w.year[rows]
    if a.approach == "cohort":
        return survival.Window(keep=(year >= a.first) & (year <= a.last) & (time > 0),
                               entry=np.zeros(len(diag), dtype=np.int64), exit=time, died=died)
    start, end = ratetable.jan1_days(a.first, a.last + 1)[[0, -1]]
    window = survival.period_followup(diag, time, died, int(start), int(end))
    return dataclasses.replace(window, keep=window.keep & (window.entry < _days(max(a.years))))


def _plan_members(w: Women, plan: list[Analysis], regions: list[str], groups: list[str]):
    """The fine cell of each woman, and per analysis its curves' keys and, for each, the
    cells it covers (curves x cells)."""
    cells, first, fine = np.unique(_fine(w), return_index=True, return_inverse=True)
    reps = Women(*(getattr(w, f.name)[first] for f in dataclasses.fields(Women)))
    members = [[m for f in a.families for m in _families(reps, f, regions, groups)]
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
    later = ([beside.start(_tally_run, *part, *shared) for part in parts[1:]]
             if len(w.diag) >= BESIDE else [])
    runs = [_tally_run(*parts[0], *shared)]
    for k, part in enumerate(parts[1:]):
        try:
            runs.append(later[k].result() if later else _tally_run(*part, *shared))
        except beside.Failed:  # the same sums, tallied here
            runs.append(_tally_run(*part, *shared))
    out = []
    for i, a in enumerate(plan):
        total = runs[0][i]
        for more in runs[1:]:
            total = total + more[i]
        counted = np.bincount(fine[_kept(w, a).keep], minlength=cells).astype(float)
        patients = np.einsum("cg,g->c", membership[i].astype(float), counted)
        out.append(Estimated(a, keys[i], survival.finish(total, np.rint(patients))))
    return out


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
    work = 0.5 * np.minimum(time, max(_days(max(a.years)) for a in plan))
    for a in (a for a in plan if a.approach == "cohort"):
        work += np.where((year >= a.first) & (year <= a.last),
                         np.minimum(time, _days(max(a.years))), 0)
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
            slices[c] = max(slices.get(c, 0), _days(max(a.years)))
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
    cohorts = {i: survival.Tally(cells, _days(max(a.years)), membership=membership[i])
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
                    picks[i], _days(max(plan[i].years))))

    pending = sorted(slices)
    last = len(w.diag)
    for lo in range(0, last, CHUNK):
        rows = slice(lo, min(lo + CHUNK, last))
        diag, time, died, cell = w.diag[rows], w.time[rows], w.died[rows], fine[rows]
        seg = expected.segments(table, w.age_days[rows], diag, np.minimum(time,
                                                                          _days(s.horizon)))
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
            k, days = _kept(w, plan[i], rows), _days(max(plan[i].years))
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


def _point(curves: survival.Curves, g: int, years: float, z: float):
    col = int(np.floor(years * ratetable.YEAR_DAYS)) - 1
    s, se = curves.surv[g, col], curves.se[g, col]
    low, high = survival.interval(s, se, z)
    return s, se, low, high, int(curves.deaths[g, col])


def estimates_frame(done: list[Estimated], s: SurvivalSettings, weights: dict[str, float],
                    z: float) -> pd.DataFrame:
    rows = []
    for e in done:
        a = e.analysis
        for y in a.years:
            by_group = {}
            for g, key in enumerate(e.groups):
                surv, se, low, high, deaths = _point(e.curves, g, y, z)
                ok = deaths >= s.min_deaths and e.curves.patients[g] >= s.min_patients
                by_group[key] = (surv, se, int(e.curves.patients[g]), deaths, ok)
                rows.append(_row(a, key, y, NONE, surv if ok else np.nan,
                                 low if ok else np.nan, high if ok else np.nan,
                                 int(e.curves.patients[g]), deaths))
            rows += _standardised(a, y, by_group, weights, s.standard, z)
    return pd.DataFrame(rows)


def _row(a: Analysis, key: tuple, years: int, standard: str, surv, low, high,
         patients: int, deaths: int) -> dict:
    level, unit, group, category = key
    return {"approach": a.approach, "first_year": a.first, "period": a.last,
            "unit_level": level, "unit_id": unit, "group": group, "category": category,
            "years": years, "standard": standard, "net_survival": 100 * surv,
            "ci_low": 100 * low, "ci_high": 100 * high, "patients": patients, "deaths": deaths}


def _standardised(a: Analysis, years: int, by_group: dict, weights: dict[str, float],
                  standard: str, z: float) -> list[dict]:
    """Direct age standardisation of each unit's 'all' estimate with the ICSS weights:
    sum of w * S_age, variance sum of w^2 * S_age^2 * se_age^2 (se of log survival)."""
    rows = []
    for key in [k for k in by_group if k[2] == "all"]:
        parts = [by_group.get((key[0], key[1], "age", g)) for g in weights]
        if any(p is None for p in parts):
            continue
        ok = all(p[4] for p in parts)
        w = np.array(list(weights.values()))
        surv = np.array([p[0] for p in parts])
        value = float(np.sum(w * surv))
        se_log = float(np.sqrt(np.sum((w * surv * np.array([p[1] for p in parts])) ** 2))
                       / value) if ok else np.nan
        low, high = survival.interval(value, se_log, z)
        rows.append(_row(a, key, years, standard, value if ok else np.nan, low if ok else np.nan,
                         high if ok else np.nan, sum(p[2] for p in parts),
                         sum(p[3] for p in parts)))
    return rows


def curves_frame(e: Estimated, s: SurvivalSettings, z: float) -> pd.DataFrame:
    """Month by month 0..horizon of the latest window, for every group but region x age."""
    months = np.arange(0, 12 * s.horizon + 1)
    cols = np.floor(months * ratetable.YEAR_DAYS / 12).astype(int) - 1
    parts = []
    for g, key in enumerate(e.groups):
        if key[0] == "region" and key[2] == "age":
            continue
        surv = np.where(cols >= 0, e.curves.surv[g, np.maximum(cols, 0)], 1.0)
        se = np.where(cols >= 0, e.curves.se[g, np.maximum(cols, 0)], 0.0)
        low, high = survival.interval(surv, se, z)
        ok = (e.curves.deaths[g, -1] >= s.min_deaths
              and e.curves.patients[g] >= s.min_patients)
        parts.append(pd.DataFrame({
            "approach": e.analysis.approach, "first_year": e.analysis.first,
            "period": e.analysis.last, "unit_level": key[0], "unit_id": key[1],
            "group": key[2], "category": key[3], "month": months,
            "net_survival": 100 * surv if ok else np.nan, "ci_low": 100 * low if ok else np.nan,
            "ci_high": 100 * high if ok else np.nan, "patients": int(e.curves.patients[g])}))
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class Inputs:
    """What survival reads from DuckDB: the women as arrays, the rate table, the standard."""

    women: Women
    table: ratetable.RateTable
    weights: dict[str, float]  # age group -> standard weight (summing to 1)
    regions: list[str]


def read(con: duckdb.DuckDBPyConnection, sql: str, settings: Settings,
         follow_up: date) -> Inputs:
    """Everything survival needs from the connection (the rest runs without it)."""
    s = survival_settings(settings)
    std = con.execute("select age_group, weight from standard_populations where standard = ? "
                      "order by age_group", [s.standard]).df()
    if std.empty:
        raise ValueError(f"standard_populations: no rows for the survival standard "
                         f"{s.standard!r} (settings.yml survival.standard)")
    weights = dict(zip(std["age_group"], std["weight"] / std["weight"].sum(), strict=True))
    life = con.execute("select year, sex, age, death_probability from life_tables").df()
    regions = [r for (r,) in con.execute("select region_id from regions order by region_id")
               .fetchall()]
    return Inputs(women(_rows(con, sql, regions), follow_up, list(weights)),
                  ratetable.rate_table(life, "f"), weights, regions)


def estimate(inputs: Inputs, settings: Settings, year: int) -> dict[str, pd.DataFrame]:
    """Both survival tables for report YEAR, before disclosure control (numpy only: this can
    run beside the SQL queries)."""
    s = survival_settings(settings)
    done = estimate_all(inputs.women, inputs.table, year, s, settings.years_shown,
                        inputs.regions, list(inputs.weights))
    z = z_value(settings.confidence_level)
    return {"survival": estimates_frame(done, s, inputs.weights, z),
            "survival_curves": curves_frame(done[0], s, z)}


def compute(con: duckdb.DuckDBPyConnection, sql: str, settings: Settings, year: int,
            follow_up: date) -> dict[str, pd.DataFrame]:
    """Both survival tables for report YEAR, before disclosure control."""
    return estimate(read(con, sql, settings, follow_up), settings, year)


def with_status(frame: pd.DataFrame, target) -> pd.DataFrame:
    """The target status of each published five-year estimate of a whole unit (all women,
    unstandardised), as for every indicator; empty elsewhere."""
    frame = frame.copy()
    rated = ((frame["years"] == 5) & (frame["category"] == "all")
             & (frame["standard"] == NONE) & frame["net_survival"].notna())
    frame["target_status"] = [
        stats.target_status(v, target.moderate, target.high, target.direction) if ok else None
        for v, ok in zip(frame["net_survival"], rated, strict=True)]
    return frame


DEPENDS = {"survival": ("patients", "deaths"), "survival_curves": ("patients",)}


def prepare(query: Query, frame: pd.DataFrame, settings: Settings, year: int) -> Prepared:
    """One survival result ready for disclosure control: estimates under the minimum number
    of patients are hidden by the reliability rule (patients as denominator)."""
    s = survival_settings(settings)
    first = year - settings.years_shown + 1
    frame = frame[(frame["period"] >= first) & (frame["period"] <= year)]
    keys = list(query.keys)
    frame = frame.sort_values(keys, key=lambda c: c if c.dtype.kind in "iub" else c.astype(str),
                              kind="stable")
    base = settings.rules
    rules = Rules(base.min_count, s.min_patients, base.protection)
    deps = {c: DEPENDS[query.id] for c in ("net_survival", "ci_low", "ci_high")}
    return Prepared(query.id, frame.reset_index(drop=True), keys, query.disclosure, rules, deps)

"""The published survival results, computed in Python from the `survival_women` rows.

`survival`: net survival 1, 5 and 10 years after diagnosis by approach (period: Brenner's,
the most recent calendar years with complete follow-up; cohort: the most recent diagnosis
years whose follow-up is complete for the whole time), unit (nation, region) and group (all,
stage, age group), unstandardised and age-standardised (ICSS), with the trend of the five-year
estimate over successive windows. `survival_curves`: the curves 0-10 years of the latest
window, month by month. Both come from one computation per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from report.compute import ratetable, stats, survival
from report.compute.derive import z_value
from report.compute.registry import Query, Rules, Settings
from report.compute.survival_plan import (
    STAGES,
    Analysis,
    SurvivalSettings,
    Women,
    survival_settings,
)
from report.compute.survival_runs import Estimated, estimate_all
from report.publish.suppress import Prepared

KEYS = ["approach", "period", "unit_level", "unit_id", "group", "category", "years",
        "standard"]


NONE = "none"  # the standard column of unstandardised estimates


CURVE_KEYS = ["approach", "period", "unit_level", "unit_id", "group", "category", "month"]


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

"""What net survival is estimated for: the settings, the analyses (period windows and cohorts,
the families of groups) and the women as arrays, with the groups they belong to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from report.compute.registry import Settings

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


def families(w: Women, family: str, regions: list[str], groups: list[str]):
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

"""Expected (population) mortality for relative survival: the life tables as daily hazards.

`life_tables.csv` gives the probability q of dying within a year by calendar year, sex and
age (whole years). As in R's relsurv (`transrate`), each q becomes a constant daily hazard
-log(1 - q) / 365.241 within its year of age (age measured in days, cells 365.241 days wide)
and calendar year (1 January to 31 December). Ages past the table's last age and years
outside it use the nearest cell, as relsurv's rate tables do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

YEAR_DAYS = 365.241  # relsurv's year length, for ages and for "years since diagnosis"
EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class RateTable:
    """Daily hazards by age (0..max_age) and calendar year (first_year..), for one sex."""

    hazard: np.ndarray  # shape (ages, years)
    first_year: int
    jan1: np.ndarray  # day number (days since 1970-01-01) of 1 January of each year, +1 year

    @property
    def ages(self) -> int:
        return self.hazard.shape[0]

    @property
    def years(self) -> int:
        return self.hazard.shape[1]

    def age_cell(self, age_days: np.ndarray) -> np.ndarray:
        """The age cell (whole years, clipped to the table) of an age in days."""
        return np.clip(np.floor(age_days / YEAR_DAYS), 0, self.ages - 1).astype(np.int64)

    def year_cell(self, day: np.ndarray) -> np.ndarray:
        """The calendar-year cell (clipped to the table) of a day number."""
        idx = np.searchsorted(self.jan1, day, side="right") - 1
        return np.clip(idx, 0, self.years - 1)


def jan1_days(first: int, last: int) -> np.ndarray:
    """Day numbers of 1 January for each year FIRST..LAST."""
    years = np.arange(first, last + 1)
    return (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def rate_table(life: pd.DataFrame, sex: str = "f") -> RateTable:
    """The rate table of one sex from life-table rows (year, sex, age, death_probability)."""
    rows = life[life["sex"] == sex]
    if rows.empty:
        raise ValueError(f"life_tables: no rows for sex {sex!r}")
    grid = rows.pivot(index="age", columns="year", values="death_probability").sort_index()
    grid = grid.reindex(columns=sorted(grid.columns))
    if grid.isna().to_numpy().any():
        raise ValueError(f"life_tables: sex {sex!r} lacks some (year, age) cells")
    ages = grid.index.to_numpy()
    years = grid.columns.to_numpy()
    if not (np.array_equal(ages, np.arange(len(ages)))
            and np.array_equal(years, np.arange(years[0], years[0] + len(years)))):
        raise ValueError(f"life_tables: sex {sex!r} needs every age from 0 and every year "
                         "in its range")
    q = grid.to_numpy(dtype=float)
    if ((q < 0) | (q >= 1)).any():
        raise ValueError("life_tables: death_probability must be in [0, 1)")
    return RateTable(hazard=-np.log1p(-q) / YEAR_DAYS, first_year=int(years[0]),
                     jan1=jan1_days(int(years[0]), int(years[-1])))


def constant(hazard: float = 0.0, first_year: int = 1900, last_year: int = 2100,
             ages: int = 120) -> RateTable:
    """A rate table with the same daily hazard everywhere (for tests and checks)."""
    n = last_year - first_year + 1
    return RateTable(hazard=np.full((ages, n), float(hazard)), first_year=first_year,
                     jan1=jan1_days(first_year, last_year))

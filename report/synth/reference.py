"""Reference tables: regions, counties, fictional trusts and hospitals, population, standards.

Regions, counties, county populations (2022) and the Segi and European 2013 weights are real
public values. Hospital and trust names are invented. The population by age and sex, the
Norwegian 2014 standard and the life tables are approximations (see data/reference/README.md).
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

YEARS = tuple(range(2014, 2025))  # years with clinical forms (the quality registry)
BACK_YEARS = tuple(range(2005, 2014))  # incidence only (patients and tumours), for survival
LIFE_TABLE_YEARS = tuple(range(BACK_YEARS[0], 2026))
AGE_GROUPS = tuple(f"{a:02d}-{a + 4:02d}" for a in range(0, 85, 5)) + ("85+",)

REGIONS = (
    ("sorost", "Helse Sør-Øst", "South-Eastern Norway Regional Health Authority"),
    ("vest", "Helse Vest", "Western Norway Regional Health Authority"),
    ("midt", "Helse Midt-Norge", "Central Norway Regional Health Authority"),
    ("nord", "Helse Nord", "Northern Norway Regional Health Authority"),
)

# county_code, name, region_id, catchment hospital, population 1 January 2022 (FACTS),
# assumed yearly growth [I]
COUNTIES = (
    ("03", "Oslo", "sorost", "h01", 699_827, 0.011),
    ("11", "Rogaland", "vest", "h10", 485_797, 0.007),
    ("15", "Møre og Romsdal", "midt", "h15", 265_848, 0.003),
    ("18", "Nordland", "nord", "h17", 240_190, -0.001),
    ("31", "Østfold", "sorost", "h03", 304_754, 0.008),
    ("32", "Akershus", "sorost", "h02", 701_565, 0.012),
    ("33", "Buskerud", "sorost", "h04", 262_911, 0.008),
    ("34", "Innlandet", "sorost", "h05", 371_253, 0.002),
    ("39", "Vestfold", "sorost", "h07", 250_862, 0.008),
    ("40", "Telemark", "sorost", "h08", 173_970, 0.002),
    ("42", "Agder", "sorost", "h09", 311_134, 0.007),
    ("46", "Vestland", "vest", "h12", 641_292, 0.006),
    ("50", "Trøndelag", "midt", "h14", 474_131, 0.008),
    ("55", "Troms", "nord", "h16", 167_607, 0.003),
    ("56", "Finnmark", "nord", "h18", 74_129, 0.000),
)

# Fictional trusts (no real health trust is named).
TRUSTS = (
    ("t01", "sorost", "Solvang universitetssykehus HF", "Solvang University Hospital Trust"),
    ("t02", "sorost", "Lindemo helseforetak", "Lindemo Hospital Trust"),
    ("t03", "sorost", "Sørvika helseforetak", "Sørvika Hospital Trust"),
    ("t04", "sorost", "Fjellbygd helseforetak", "Fjellbygd Hospital Trust"),
    ("t05", "sorost", "Skjærgård helseforetak", "Skjærgård Hospital Trust"),
    ("t06", "vest", "Fjordvik helseforetak", "Fjordvik Hospital Trust"),
    ("t07", "vest", "Vestbrekka helseforetak", "Vestbrekka Hospital Trust"),
    ("t08", "midt", "Elvhaug helseforetak", "Elvhaug Hospital Trust"),
    ("t09", "midt", "Storbakken helseforetak", "Storbakken Hospital Trust"),
    ("t10", "nord", "Polarvik helseforetak", "Polarvik Hospital Trust"),
)

MERGER_DATE = "2019-12-31"
VALID_FROM = "2009-01-01"

# hospital_id, trust_id, name stem, university hospital?, valid_to, merged_into
HOSPITALS = (
    ("h01", "t01", "Solvang", True, "", ""),
    ("h02", "t02", "Lindemo", False, "", ""),
    ("h03", "t02", "Brattvoll", False, "", ""),
    ("h04", "t03", "Granli", False, "", ""),
    ("h05", "t04", "Myrvang", False, "", ""),
    ("h06", "t04", "Tindvik", False, MERGER_DATE, "h05"),
    ("h07", "t03", "Havstad", False, "", ""),
    ("h08", "t03", "Eikelund", False, "", ""),
    ("h09", "t05", "Kvitberg", False, "", ""),
    ("h10", "t06", "Fjordvik", False, "", ""),
    ("h11", "t06", "Nordhei", False, "", ""),
    ("h12", "t07", "Vestbrekka", True, "", ""),
    ("h13", "t07", "Lyngmo", False, "", ""),
    ("h14", "t08", "Elvhaug", True, "", ""),
    ("h15", "t09", "Storbakken", False, "", ""),
    ("h16", "t10", "Polarvik", True, "", ""),
    ("h17", "t10", "Bjørkhaug", False, "", ""),
    ("h18", "t10", "Reinmo", False, "", ""),
)
HOSPITAL_IDS = tuple(h[0] for h in HOSPITALS)
COUNTY_CODES = tuple(c[0] for c in COUNTIES)

SEGI = (12000, 10000, 9000, 9000, 8000, 8000, 6000, 6000, 6000, 6000, 5000, 4000, 4000, 3000,
        2000, 1000, 500, 500)
ESP_2013 = (5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500,
            5000, 4000, 2500, 2500)

# Approximate Norwegian age structure 2022 (per cent of both sexes), share of women per age
# group and the yearly log-change of each group's share (ageing) [I].
AGE_SHARE_2022 = (5.3, 5.9, 6.2, 6.0, 6.4, 6.9, 7.0, 6.7, 6.5, 7.0, 7.0, 6.5, 5.8, 5.3, 5.1,
                  3.8, 2.3, 2.2)
FEMALE_SHARE = (0.487, 0.487, 0.486, 0.485, 0.480, 0.480, 0.482, 0.485, 0.488, 0.490, 0.492,
                0.495, 0.498, 0.502, 0.510, 0.530, 0.565, 0.655)
AGEING = (-0.008, -0.008, -0.004, 0.0, 0.0, 0.0, 0.0, 0.0, 0.003, 0.003, 0.003, 0.003, 0.003,
          0.015, 0.015, 0.035, 0.035, 0.02)

# Gompertz-Makeham mortality per sex: (makeham A, gompertz B in 2014, gompertz c,
# infant death probability) and the yearly improvement of B [I].
MORTALITY = {"f": (0.00015, 8.0e-6, 0.105, 0.0020), "m": (0.00040, 1.8e-5, 0.100, 0.0024)}
MORTALITY_IMPROVEMENT = 0.015


# International Cancer Survival Standard 1 (Corazziari, Quinn and Capocaccia 2004), the one for
# cancers whose incidence rises with age, breast cancer among them: weights per 100 000 for
# the five age groups at diagnosis (15-44 holds any younger patient too).
ICSS_1 = (("15-44", 7000), ("45-54", 12000), ("55-64", 23000), ("65-74", 29000),
          ("75+", 29000))


def hospital_rows() -> list[dict[str, str]]:
    rows = []
    for hid, trust, stem, university, valid_to, merged in HOSPITALS:
        kind_nb, kind_en = ("universitetssykehus", "University Hospital") if university else (
            "sykehus", "Hospital")
        rows.append({
            "hospital_id": hid, "trust_id": trust, "name_nb": f"{stem} {kind_nb}",
            "name_en": f"{stem} {kind_en}", "operates": "true", "valid_from": VALID_FROM,
            "valid_to": valid_to, "merged_into": merged,
        })
    return rows


@lru_cache(maxsize=1)
def population_array() -> np.ndarray:
    """Population on 1 January as an array [year, sex (f, m), age group, county] (read-only)."""
    base = np.array(AGE_SHARE_2022) / sum(AGE_SHARE_2022)
    female = np.array(FEMALE_SHARE)
    out = np.zeros((len(YEARS), 2, len(AGE_GROUPS), len(COUNTIES)), dtype=np.int64)
    for yi, year in enumerate(YEARS):
        share = base * np.exp(np.array(AGEING) * (year - 2022))
        share /= share.sum()
        for ci, county in enumerate(COUNTIES):
            total = county[4] * (1 + county[5]) ** (year - 2022)
            out[yi, 0, :, ci] = np.round(total * share * female)
            out[yi, 1, :, ci] = np.round(total * share * (1 - female))
    out.flags.writeable = False
    return out


def _largest_remainder(weights: np.ndarray, total: int) -> list[int]:
    exact = weights / weights.sum() * total
    floor = np.floor(exact).astype(int)
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[: total - floor.sum()]] += 1
    return floor.tolist()


def norway_2014_weights() -> list[int]:
    pop = population_array()[0].sum(axis=(0, 2))
    return _largest_remainder(pop.astype(float), 100_000)


def gompertz_params(sex: str, year: int) -> tuple[float, float, float]:
    a, b, c, _ = MORTALITY[sex]
    return a, b * math.exp(-MORTALITY_IMPROVEMENT * (year - 2014)), c


def death_probability(sex: str, year: int, age: int) -> float:
    if age == 0:
        return MORTALITY[sex][3] * math.exp(-0.02 * (year - 2014))
    a, b, c = gompertz_params(sex, year)
    hazard = a + b / c * math.exp(c * age) * (math.exp(c) - 1)
    return min(1.0, 1 - math.exp(-hazard))


def _write_csv(path: Path, header: tuple[str, ...] | list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_reference(directory: Path) -> None:
    """Write every reference CSV to `directory` (deterministic)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    _write_csv(directory / "regions.csv", ("region_id", "name_nb", "name_en"), REGIONS)
    _write_csv(directory / "counties.csv",
               ("county_code", "name", "region_id", "catchment_hospital_id"),
               [c[:4] for c in COUNTIES])
    _write_csv(directory / "trusts.csv", ("trust_id", "region_id", "name_nb", "name_en"), TRUSTS)
    hospitals = hospital_rows()
    _write_csv(directory / "hospitals.csv", list(hospitals[0]), [h.values() for h in hospitals])
    pop = population_array()
    rows = [
        (year, sex, group, county[0], int(pop[yi, si, gi, ci]))
        for yi, year in enumerate(YEARS) for si, sex in enumerate("fm")
        for gi, group in enumerate(AGE_GROUPS) for ci, county in enumerate(COUNTIES)
    ]
    _write_csv(directory / "population.csv",
               ("year", "sex", "age_group", "county_code", "population"), rows)
    standards = [("world_segi", g, w) for g, w in zip(AGE_GROUPS, SEGI, strict=True)]
    standards += [("europe_2013", g, w) for g, w in zip(AGE_GROUPS, ESP_2013, strict=True)]
    standards += [("norway_2014", g, w)
                  for g, w in zip(AGE_GROUPS, norway_2014_weights(), strict=True)]
    standards += [("icss_1", g, w) for g, w in ICSS_1]
    _write_csv(directory / "standard_populations.csv", ("standard", "age_group", "weight"),
               standards)
    life = [
        (year, sex, age, f"{death_probability(sex, year, age):.6f}")
        for year in LIFE_TABLE_YEARS for sex in "fm" for age in range(0, 101)
    ]
    _write_csv(directory / "life_tables.csv", ("year", "sex", "age", "death_probability"), life)

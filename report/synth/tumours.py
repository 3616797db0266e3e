"""Synthetic tumours: counts per year, demography, residence and the true clinical picture.

Every array here is "true" (complete); unknown values (nulls) are applied later, in
report.synth.missing, because how much is missing depends on where a patient was treated.
"""

from __future__ import annotations

import numpy as np

from report.synth.draw import EPOCH, bernoulli, choice, jan1, random_order, uniform_int
from report.synth.reference import BACK_YEARS, YEARS, population_array

# Women and men with a first invasive breast cancer per year (FACTS, the registry's count).
WOMEN = dict(zip(YEARS, (3324, 3415, 3371, 3589, 3650, 3726, 3433, 4011, 4197, 4050, 4199),
                 strict=True))
MEN = dict(zip(YEARS, (24, 24, 31, 34, 30, 27, 31, 30, 23, 35, 36), strict=True))
# The years before the clinical forms, for survival only: approximations of Cancer in
# Norway's yearly counts (about 2 700-3 000 women, 20-30 men) [I, data/reference/README.md].
WOMEN.update(zip(BACK_YEARS, (2770, 2720, 2800, 2790, 2800, 2840, 2990, 2960, 3050),
                 strict=True))
MEN.update(zip(BACK_YEARS, (22, 25, 20, 24, 27, 23, 25, 28, 26), strict=True))

# kinds of tumour
FIRST, MALE, DCIS, SECOND = 0, 1, 2, 3
STAGES = ("0", "I", "II", "III", "IV")


def dcis_rate(year: int) -> float:
    return 0.095 + 0.002 * (year - 2014)  # about 10 %, 10.9 % in 2021 (434 / 4011) [I]


SECOND_RATE = 0.02  # second primaries, share of the women's count [I]

# Age group weights (index into AGE_GROUPS) per kind [I]; women: median 62, 4.9 % under 40,
# 82.6 % 50 or older.
AGE_WEIGHTS = {
    FIRST: {4: 0.1, 5: 0.5, 6: 1.3, 7: 3.0, 8: 5.5, 9: 7.0, 10: 13.5, 11: 13.0, 12: 12.5,
            13: 12.5, 14: 12.0, 15: 8.5, 16: 5.5, 17: 5.1},
    MALE: {6: 0.3, 7: 0.5, 8: 1.5, 9: 3, 10: 6, 11: 9, 12: 12, 13: 14, 14: 16, 15: 15, 16: 12,
           17: 10.7},
    DCIS: {6: 1, 7: 2.5, 8: 6, 9: 9, 10: 16, 11: 16, 12: 16, 13: 16, 14: 9, 15: 5, 16: 2.5,
           17: 1},
    SECOND: {8: 2, 9: 4, 10: 8, 11: 10, 12: 12, 13: 14, 14: 15, 15: 14, 16: 11, 17: 10},
}
MONTH_WEIGHT = (1.0, 1.05, 1.05, 1.0, 1.05, 1.0, 0.6, 0.95, 1.05, 1.05, 1.05, 0.85)
ICD_INVASIVE = (("C50.0", 1), ("C50.1", 5), ("C50.2", 10), ("C50.3", 6), ("C50.4", 35),
                ("C50.5", 7), ("C50.6", 1), ("C50.8", 20), ("C50.9", 15))
ICD_DCIS = (("D05.0", 5), ("D05.1", 80), ("D05.7", 5), ("D05.9", 10))
ICD_CODES = tuple(c for c, _ in ICD_INVASIVE + ICD_DCIS)
HISTOLOGY = ("ductal", "lobular", "other")


def counts(scale: float, years: tuple[int, ...] = YEARS) -> list[tuple[int, int, int]]:
    """(year, kind, n) blocks. Second primaries only in the clinical years."""
    out = []
    for year in years:
        women = WOMEN[year]
        out += [(year, FIRST, round(scale * women)), (year, MALE, round(scale * MEN[year])),
                (year, DCIS, round(scale * women * dcis_rate(year)))]
        if year in YEARS:
            out.append((year, SECOND, round(scale * women * SECOND_RATE)))
    return out


def _ages(rng: np.random.Generator, kind: int, n: int) -> np.ndarray:
    weights = AGE_WEIGHTS[kind]
    groups = np.array(list(weights))
    g = groups[choice(rng, np.array(list(weights.values())), n)]
    old = 85 + np.minimum(rng.poisson(3.5, n), 14)
    return np.where(g == 17, old, g * 5 + uniform_int(rng, 0, 4, n)).astype(np.int16)


def _day_weights(year: int, pandemic_pause: bool) -> np.ndarray:
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    month = days.astype("datetime64[M]").astype(int) % 12
    w = np.array(MONTH_WEIGHT)[month]
    if pandemic_pause:  # the Mammography Programme paused from 12 March 2020
        w = np.where((days >= np.datetime64("2020-03-12")) & (days < np.datetime64("2020-06-01")),
                     0.0, w)
    return w


def _dates(rng: np.random.Generator, year: int, screen: np.ndarray) -> np.ndarray:
    start = int((np.datetime64(f"{year}-01-01") - EPOCH).astype(int))
    out = np.empty(len(screen), dtype=np.int32)
    for flag in (False, True):
        idx = np.flatnonzero(screen == flag)
        w = _day_weights(year, flag and year == 2020)
        out[idx] = start + np.searchsorted(np.cumsum(w), rng.random(len(idx)) * w.sum())
    return out


def _county(rng: np.random.Generator, year: int, sex: str, n: int) -> np.ndarray:
    pop = population_array()[YEARS.index(max(year, YEARS[0])), "fm".index(sex)].sum(axis=0)
    return choice(rng, pop.astype(float), n)


def screen_probability(age: np.ndarray, kind: np.ndarray, year: np.ndarray) -> np.ndarray:
    invited = (age >= 50) & (age <= 69)
    p = np.select([kind == DCIS, kind == SECOND, kind == MALE], [0.85, 0.45, 0.0], 0.66)
    p = np.where(year == 2020, p * 0.72, p)
    return np.where(invited, p, np.where(kind == MALE, 0.0, 0.01))


def demography(rng: np.random.Generator, scale: float,
               years: tuple[int, ...] = YEARS) -> dict[str, np.ndarray]:
    """Year, kind, sex, age, residence, screening and diagnosis date of every tumour."""
    parts = []
    for year, kind, n in counts(scale, years):
        if n == 0:
            continue
        age = _ages(rng, kind, n)
        kinds = np.full(n, kind, dtype=np.int8)
        years = np.full(n, year, dtype=np.int16)
        screen = bernoulli(rng, screen_probability(age, kinds, years), n)
        parts.append({
            "year": years, "kind": kinds, "age": age, "screen": screen,
            "county": _county(rng, year, "m" if kind == MALE else "f", n),
            "diag": _dates(rng, year, screen),
        })
    t = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = random_order(t["diag"], rng.random(len(t["diag"])))
    t = {k: v[order] for k, v in t.items()}
    t["male"] = t["kind"] == MALE
    t["invasive"] = t["kind"] != DCIS
    # a hidden birthday fixes birth_year: age = year - birth_year, or that minus 1
    doy = t["diag"] - jan1(t["year"])
    t["birthday"] = uniform_int(rng, 0, 364, len(doy)).astype(np.int16)
    t["birth_year"] = (t["year"] - t["age"] - (doy < t["birthday"])).astype(np.int32)
    return t


def _stage(rng: np.random.Generator, t: dict[str, np.ndarray]) -> np.ndarray:
    n = len(t["age"])
    p_screen = np.array([0.70, 0.255, 0.04, 0.005])
    p_clinical = np.array([0.365, 0.42, 0.145, 0.07])
    p_old = np.array([0.27, 0.44, 0.17, 0.12])
    p_male = np.array([0.30, 0.43, 0.19, 0.08])
    u = rng.random(n)
    probs = np.where(t["screen"][:, None], p_screen, p_clinical)
    probs = np.where((t["age"] >= 80)[:, None] & ~t["screen"][:, None], p_old, probs)
    probs = np.where(t["male"][:, None], p_male, probs)
    stage = 1 + (u[:, None] >= np.cumsum(probs, axis=1)).sum(axis=1)
    return np.where(t["invasive"], np.minimum(stage, 4), 0).astype(np.int8)


def _lognormal(rng: np.random.Generator, median: float, sd: float, n: int) -> np.ndarray:
    return median * np.exp(sd * rng.standard_normal(n))


def _size(rng: np.random.Generator, stage: np.ndarray) -> np.ndarray:
    n = len(stage)
    small = rng.random(n)
    ln = _lognormal
    size = np.select(
        [stage == 0, stage == 1, (stage == 2) & (small < 0.4), stage == 2,
         (stage == 3) & (small < 0.45), stage == 3],
        [np.clip(ln(rng, 15, 0.7, n), 1, 120), np.clip(ln(rng, 12, 0.45, n), 1, 20),
         np.clip(ln(rng, 14, 0.35, n), 5, 20), np.clip(ln(rng, 28, 0.3, n), 21, 50),
         np.clip(ln(rng, 30, 0.35, n), 8, 50), np.clip(51 + rng.exponential(15, n), 51, 150)],
        np.clip(ln(rng, 35, 0.5, n), 5, 150),
    )
    return np.round(size).astype(np.int16)


def clinical(rng: np.random.Generator, t: dict[str, np.ndarray]) -> None:
    """Stage, size, grade, receptors, Ki-67, histology, ICD-10 code, laterality (in place)."""
    n = len(t["age"])
    stage = _stage(rng, t)
    t["stage"] = stage
    t["size"] = _size(rng, stage)
    t["multifocal"] = rng.random(n) < np.select([stage == 0, stage == 1, stage == 2],
                                                [0.12, 0.09, 0.14], 0.22)
    g_screen, g_clin, g_dcis = (0.33, 0.47, 0.20), (0.19, 0.48, 0.33), (0.2, 0.4, 0.4)
    probs = np.where(t["screen"][:, None], g_screen, g_clin)
    probs = np.where(t["invasive"][:, None], probs, g_dcis)
    grade = 1 + (rng.random(n)[:, None] >= np.cumsum(probs, axis=1)).sum(axis=1)
    t["grade"] = np.minimum(grade, 3).astype(np.int8)
    er = rng.random(n) < np.choose(t["grade"] - 1, [0.97, 0.91, 0.60])
    t["er"] = er
    t["pr"] = rng.random(n) < np.where(er, 0.82, 0.04)
    t["her2"] = rng.random(n) < np.where(er, 0.09, 0.32)
    median = np.choose(t["grade"] - 1, [8.0, 15.0, 40.0])
    t["ki67"] = np.clip(np.round(median * np.exp(0.45 * rng.standard_normal(n))), 1, 95
                        ).astype(np.int16)
    _codes(rng, t)


def _codes(rng: np.random.Generator, t: dict[str, np.ndarray]) -> None:
    n = len(t["age"])
    inv = choice(rng, np.array([w for _, w in ICD_INVASIVE]), n)
    dcis = len(ICD_INVASIVE) + choice(rng, np.array([w for _, w in ICD_DCIS]), n)
    t["icd"] = np.where(t["invasive"], inv, dcis).astype(np.int8)
    lobular = rng.random(n) < np.where(t["er"], 0.15, 0.03)
    other = rng.random(n) < 0.09
    hist = np.where(lobular, 1, np.where(other, 2, 0))
    dcis_hist = np.select([t["icd"] == ICD_CODES.index("D05.0"),
                           t["icd"] == ICD_CODES.index("D05.7")], [1, 2], 0)
    t["histology"] = np.where(t["invasive"], hist, dcis_hist).astype(np.int8)
    t["left"] = rng.random(n) < 0.51


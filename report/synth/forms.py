"""Clinical forms received: coverage by hospital, form type and year.

A tumour is attributed to the hospital of its primary operation, else its assessing hospital
(when assessed), else the catchment hospital of its county. Within every (hospital, year)
group exactly round(p * n) expected tumours get the form, so small hospitals show the designed
coverage without sampling noise.
"""

from __future__ import annotations

import numpy as np

from report.synth.care import trend, year_index
from report.synth.draw import coded_intercepts, expit, lexorder, quota
from report.synth.hospitals import N_HOSPITALS, PROFILE_SEED, H
from report.synth.reference import COUNTIES, YEARS

FORM_TYPES = ("assessment", "surgery", "postop_checkup", "radiology", "pathology", "oncology")
TARGET = {
    "assessment": trend(0.90, 0.93), "surgery": trend(0.89, 0.92),
    "postop_checkup": trend(0.86, 0.895), "pathology": trend(0.965, 0.975),
    "oncology": trend(0.80, 0.87),
}
RADIOLOGY = {True: trend(0.90, 0.93), False: trend(0.65, 0.72)}
SPREAD = 0.55
# two hospitals under 80 % for the surgery form in 2022 (FACTS)
LOW_SURGERY = {H["h08"]: {2021: 0.79, 2022: 0.72, 2023: 0.81},
               H["h13"]: {2021: 0.77, 2022: 0.76, 2023: 0.82}}
SURGERY_FLOOR = 0.86
CATCHMENT = np.array([H[c[3]] for c in COUNTIES])


def _z(kind: int) -> np.ndarray:
    rng = np.random.default_rng(PROFILE_SEED + 100 + kind)
    z = rng.standard_normal(N_HOSPITALS)
    return np.clip((z - z.mean()) / z.std(), -2.2, 2.2)


def _shares(hosp: np.ndarray, year: np.ndarray, target: np.ndarray, kind: int) -> np.ndarray:
    """Coverage per (hospital, year) group, calibrated to the national target per year."""
    z = _z(kind)
    a = coded_intercepts(SPREAD * z, hosp, year, target)
    grid = expit(a[None, :] + SPREAD * z[:, None])  # (hospital, year)
    if FORM_TYPES[kind] == "surgery":
        grid = np.maximum(grid, SURGERY_FLOOR)
        for h, years in LOW_SURGERY.items():
            for y, p in years.items():
                grid[h, YEARS.index(y)] = p
    return grid.ravel()


def _select(rng, expected, attributed, t, kind, screen=None) -> np.ndarray:
    """Indices of expected tumours that get a form of this kind."""
    idx = np.flatnonzero(expected).astype(np.int32)
    hosp, year = attributed[idx].astype(np.int64), year_index(t, idx)
    if screen is None:
        share = _shares(hosp, year, TARGET[FORM_TYPES[kind]], kind)
        return idx[quota(rng, hosp * len(YEARS) + year, share)]
    chosen = []
    for flag in (True, False):
        sub = screen[idx] == flag
        share = _shares(hosp[sub], year[sub], RADIOLOGY[flag], kind)
        chosen.append(idx[sub][quota(rng, hosp[sub] * len(YEARS) + year[sub], share)])
    return np.sort(np.concatenate(chosen))


def forms(rng: np.random.Generator, t: dict, s: dict, tr: dict, follow_up: int) -> dict:
    """Form rows (tumour, type, hospital, received) and the assessed-tumour mask."""
    n = len(t["age"])
    primary = ~s["reop"]
    op_hosp = np.full(n, -1, dtype=np.int64)
    op_hosp[s["tumour"][primary]] = s["hospital"][primary]
    op_date = np.full(n, -1, dtype=np.int64)
    op_date[s["tumour"][primary]] = s["date"][primary]
    operated = op_hosp >= 0
    first_tr = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_tr, tr["tumour"], tr["start"])
    order = lexorder(tr["start"], tr["tumour"])
    tr_hosp = np.full(n, -1, dtype=np.int64)
    tr_hosp[tr["tumour"][order][::-1]] = tr["hospital"][order][::-1]
    treated = tr_hosp >= 0

    everyone = np.ones(n, dtype=bool)
    provisional = np.where(operated, op_hosp, t["assess"])
    assessed = np.zeros(n, dtype=bool)
    assessed[_select(rng, everyone, provisional, t, 0)] = True
    attributed = np.where(operated, op_hosp, np.where(assessed, t["assess"],
                                                      CATCHMENT[t["county"]]))
    spec = [  # the forms' tumours as int32: these arrays are long
        (0, np.flatnonzero(assessed).astype(np.int32), t["assess"], t["decision"]),
        (1, _select(rng, operated, attributed, t, 1), op_hosp, op_date),
        (2, _select(rng, operated, attributed, t, 2), op_hosp,
         op_date + 28 + rng.poisson(14, n)),
        (3, _select(rng, everyone, attributed, t, 3, t["screen"]), t["assess"], t["first_visit"]),
        (4, _select(rng, everyone, attributed, t, 4), np.where(operated, op_hosp, t["assess"]),
         np.where(operated, op_date + 7, t["diag"])),
        (5, _select(rng, treated, attributed, t, 5), tr_hosp, first_tr),
    ]
    keys = []
    hospital = np.empty((len(spec), n), dtype=np.int16)  # by form type and tumour
    while spec:
        kind, idx, hosp, event = spec.pop(0)
        lag = 3 + np.minimum(np.floor(rng.exponential(20, len(idx))), 360).astype(np.int64)
        received = event[idx] + lag
        kept = received <= follow_up
        hospital[kind] = hosp
        key = received[kept]
        key <<= 39
        key |= idx[kept].astype(np.int64) << 3
        key |= kind
        keys.append(key)
    # by received date, tumour, type: the packed keys (days < 2^24, tumours < 2^36, types
    # < 2^3) are distinct, so one plain sort orders them and they unpack into the columns
    key = np.concatenate(keys)
    del keys
    key.sort()
    kind = (key & 7).astype(np.int8)
    received = (key >> 39).astype(np.int32)
    key >>= 3
    key &= (1 << 36) - 1
    tumour = key.astype(np.int32)
    del key
    f = {"tumour": tumour, "type": kind, "hospital": hospital[kind, tumour],
         "received": received}
    assessed = np.zeros(n, dtype=bool)  # a late assessment form (after follow-up) never came
    assessed[f["tumour"][f["type"] == 0]] = True
    return f | {"assessed": assessed}

"""Care: treatment plan, pathway dates, operations and oncological treatment courses.

Hospital differences come from fixed z-scores (report.synth.hospitals.profiles); national
levels are calibrated per diagnosis year (report.synth.draw.calibrated). Nullable booleans
are int8 arrays with -1 for null.
"""

from __future__ import annotations

import numpy as np

from report.synth.draw import calibrated, uniform_int
from report.synth.reference import YEARS

BCS, MASTECTOMY, NONE = 0, 1, 2  # breast procedure
SENTINEL, DISSECTION = 0, 1  # axillary procedure (NONE = 2)
CHEMO, RADIO, ENDO, HER2 = 0, 1, 2, 3  # treatment
NEO, ADJ, PALL = 0, 1, 2  # setting


def trend(start: float, end: float) -> np.ndarray:
    return np.linspace(start, end, len(YEARS))


def bcs_target() -> np.ndarray:
    """Breast-conserving surgery, invasive <= 30 mm: 87.4 % in 2022 and 90.0 % in 2024."""
    return np.r_[np.linspace(0.80, 0.874, 9), 0.887, 0.90]


def year_index(t: dict, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
    return (t["year"][idx] - YEARS[0]).astype(np.int64)


def nullable(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    out = values.astype(np.int8)
    out[rng.random(len(out)) < share] = -1
    return out


def plan(rng: np.random.Generator, t: dict) -> None:
    """Who is operated and who gets neoadjuvant treatment (in place)."""
    n = len(t["age"])
    stage, age = t["stage"], t["age"]
    p_op = np.choose(stage, [0.985, 0.985, 0.975, 0.93, 0.18])
    p_op = p_op * np.select([age >= 85, age >= 80], [0.55, 0.85], 1.0)
    t["operated"] = rng.random(n) < p_op
    aggressive = t["her2"] | (~t["er"] & ~t["pr"])
    t["aggressive"] = aggressive
    p_neo = np.select([stage == 1, stage == 2, stage == 3], [np.where(aggressive, 0.12, 0.004),
                      np.where(aggressive, 0.6, 0.07), np.where(aggressive, 0.8, 0.35)], 0.0)
    p_neo *= np.select([age >= 75, age >= 70], [0.15, 0.5], 1.0)
    p_neo *= 1.3 * (0.75 + 0.05 * year_index(t))
    t["neo"] = t["operated"] & t["invasive"] & (rng.random(n) < p_neo)


def pathway(rng: np.random.Generator, t: dict, z: dict) -> None:
    """Referral, first visit, decision and the start of treatment (in place)."""
    n = len(t["age"])
    r = np.minimum(np.where(t["screen"], 3 + rng.poisson(5, n), 1 + rng.poisson(6, n)), 20)
    t["first_visit"] = t["diag"] - np.minimum(rng.poisson(0.7, n), 5)
    t["referral"] = t["first_visit"] - r
    limit = np.where(t["neo"], 29, 32)
    target = np.full(len(YEARS), 0.63)
    target[YEARS.index(2020)] = 0.57
    within = calibrated(rng, 0.55 * z["pathway"][t["assess"]], year_index(t), target)
    d_min = t["diag"] - t["referral"] + 3
    d_in = uniform_int(rng, np.maximum(d_min, 12), limit, n)
    d_out = np.maximum(limit + 1 + np.floor(rng.exponential(16, n)).astype(np.int64), d_min)
    d_out = np.minimum(d_out, limit + 120)
    t["start"] = t["referral"] + np.where(within, d_in, d_out)
    untreated = ~t["operated"] & ~t["neo"]
    t["start"] = np.where(untreated, t["diag"] + 10 + rng.poisson(15, n), t["start"])
    span = np.maximum(t["start"] - t["first_visit"], 1)
    t["decision"] = t["first_visit"] + np.floor(rng.random(n) * span).astype(np.int64)


def _primary_procedure(rng: np.random.Generator, t: dict, z: dict, ops: np.ndarray) -> np.ndarray:
    size, inv = t["size"][ops], t["invasive"][ops]
    small = inv & (size <= 30) & ~t["multifocal"][ops] & ~t["neo"][ops]
    klass = np.select([small, inv, size <= 20], [0, 1, 2], 3)
    target = np.stack([bcs_target() / 0.97, np.full(len(YEARS), 0.42),
                       np.minimum(trend(0.88, 0.926) / 0.955, 0.99), np.full(len(YEARS), 0.55)],
                      axis=1)
    group = year_index(t, ops) * 4 + klass
    lp = 1.05 * z["bcs"][t["treat"][ops]] - 5.0 * t["male"][ops]
    bcs = calibrated(rng, lp, group, target.ravel())
    return np.where(bcs, BCS, MASTECTOMY).astype(np.int8)


def _axilla(rng: np.random.Generator, t: dict, ops: np.ndarray, breast: np.ndarray) -> np.ndarray:
    m = len(ops)
    stage, age = t["stage"][ops], t["age"][ops]
    p_dis = np.choose(stage, [0.0, 0.03, 0.12, 0.55, 0.3]) + 0.2 * (t["neo"][ops] & (stage >= 2))
    u = rng.random(m)
    invasive = np.where(u < p_dis, DISSECTION, SENTINEL)
    none_share = np.where(age >= 85, 0.35, np.where(stage == 4, 0.4, 0.0))
    invasive = np.where(rng.random(m) < none_share, NONE, invasive)
    p_sn = np.where(breast == MASTECTOMY, 0.7, 0.08)
    dcis = np.where(rng.random(m) < p_sn, SENTINEL, NONE)
    return np.where(t["invasive"][ops], invasive, dcis).astype(np.int8)


def _reoperations(rng: np.random.Generator, t: dict, z: dict, ops: np.ndarray,
                  breast: np.ndarray) -> np.ndarray:
    inv = t["invasive"][ops]
    lp = -0.45 * z["reoperation"][t["treat"][ops]] + np.where(breast == BCS, 0.9, -0.9)
    target = np.stack([np.full(len(YEARS), 0.15), np.full(len(YEARS), 0.08)], axis=1)
    return calibrated(rng, lp, year_index(t, ops) * 2 + inv, target.ravel())


def surgeries(rng: np.random.Generator, t: dict, z: dict) -> dict[str, np.ndarray]:
    """Primary operations and reoperations, one row per operation."""
    ops = np.flatnonzero(t["operated"])
    m = len(ops)
    date = np.where(t["neo"][ops], t["start"][ops] + uniform_int(rng, 130, 200, m),
                    t["start"][ops])
    breast = _primary_procedure(rng, t, z, ops)
    axilla = _axilla(rng, t, ops, breast)
    reop = _reoperations(rng, t, z, ops, breast)
    r = np.flatnonzero(reop)
    u = rng.random(len(r))
    after_bcs = breast[r] == BCS
    r_breast = np.where(after_bcs, np.select([u < 0.28, u < 0.85], [MASTECTOMY, BCS], NONE),
                        NONE)
    # a reoperation without breast surgery is an axillary dissection
    r_axilla = np.where(r_breast == NONE, DISSECTION, NONE)
    r_axilla = np.where((r_breast == MASTECTOMY) & (axilla[r] == NONE) & t["invasive"][ops[r]],
                        SENTINEL, r_axilla)
    s = {
        "tumour": np.r_[ops, ops[r]], "hospital": np.r_[t["treat"][ops], t["treat"][ops[r]]],
        "date": np.r_[date, date[r] + 14 + rng.poisson(14, len(r))],
        "breast": np.r_[breast, r_breast].astype(np.int8),
        "axilla": np.r_[axilla, r_axilla].astype(np.int8),
        "reop": np.r_[np.zeros(m, bool), np.ones(len(r), bool)],
    }
    margins = np.r_[np.where(reop, rng.random(m) < 0.15, rng.random(m) < 0.97),
                    rng.random(len(r)) < 0.95]
    s["margins"] = nullable(rng, margins, 0.03)
    s["nodes"] = _nodes(rng, t, z, s)
    s["recon"] = _reconstruction(rng, t, z, s)
    return s


def _nodes(rng: np.random.Generator, t: dict, z: dict, s: dict) -> np.ndarray:
    k = len(s["tumour"])
    dis = np.flatnonzero(s["axilla"] == DISSECTION)
    ok = calibrated(rng, 0.6 * z["nodes"][s["hospital"][dis]], year_index(t, s["tumour"][dis]),
                    np.full(len(YEARS), 0.90))
    nodes = np.zeros(k, dtype=np.int16)
    nodes[dis] = np.where(ok, 10 + rng.poisson(5, len(dis)), uniform_int(rng, 3, 9, len(dis)))
    sn = s["axilla"] == SENTINEL
    nodes[sn] = 1 + np.minimum(rng.poisson(1.0, sn.sum()), 5)
    missing = (s["axilla"] != NONE) & (rng.random(k) < 0.03)
    nodes[missing] = -1
    return nodes


def _reconstruction(rng: np.random.Generator, t: dict, z: dict, s: dict) -> np.ndarray:
    k = len(s["tumour"])
    mast = np.flatnonzero(s["breast"] == MASTECTOMY)
    age = t["age"][s["tumour"][mast]]
    young = age < 70
    lp = 0.7 * z["reconstruction"][s["hospital"][mast]] + np.select(
        [age < 50, age < 60], [0.8, 0.3], -0.4)
    group = np.where(young, year_index(t, s["tumour"][mast]), len(YEARS))
    target = np.r_[trend(0.28, 0.36), 0.03]
    yes = calibrated(rng, lp, group, target) & ~t["male"][s["tumour"][mast]]
    recon = np.zeros(k, dtype=np.int8)
    recon[mast] = yes
    recon[mast[rng.random(len(mast)) < 0.02]] = -1
    return recon

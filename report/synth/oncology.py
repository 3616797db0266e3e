"""Oncological treatment courses and the assessment form's content."""

from __future__ import annotations

import numpy as np

from report.synth import timing
from report.synth.care import (
    ADJ,
    BCS,
    CHEMO,
    ENDO,
    HER2,
    MASTECTOMY,
    NEO,
    PALL,
    RADIO,
    nullable,
    trend,
    year_index,
)
from report.synth.draw import calibrated
from report.synth.hospitals import RT_CENTRE
from report.synth.reference import YEARS


def per_tumour(t: dict, s: dict) -> dict[str, np.ndarray]:
    """Last operation date, any mastectomy and primary BCS per tumour."""
    n = len(t["age"])
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, s["tumour"], s["date"])
    mast = np.zeros(n, dtype=bool)
    mast[s["tumour"][s["breast"] == MASTECTOMY]] = True
    primary = ~s["reop"]
    bcs = np.zeros(n, dtype=bool)
    bcs[s["tumour"][primary & (s["breast"] == BCS)]] = True
    reconstruction = np.zeros(n, dtype=bool)
    reconstruction[s["tumour"][s["recon"] == 1]] = True
    return {"last": last, "mastectomy": mast, "bcs_only": bcs & ~mast,
            "reconstruction": reconstruction}


def _course(rows: list, idx: np.ndarray, treatment: int, setting: int, start: np.ndarray,
            hospital: np.ndarray) -> None:
    rows.append((idx, np.full(len(idx), treatment, dtype=np.int8),
                 np.full(len(idx), setting, dtype=np.int8), start, hospital.astype(np.int16)))


def treatments(rng: np.random.Generator, t: dict, z: dict, s: dict) -> dict[str, np.ndarray]:
    """One row per treatment course (neoadjuvant, adjuvant, palliative)."""
    n = len(t["age"])
    op = per_tumour(t, s)

    def u() -> np.ndarray:
        return rng.random(n)

    age, stage, inv = t["age"], t["stage"], t["invasive"]
    treat, rt = t["treat"], RT_CENTRE[t["treat"]]
    rows: list = []
    neo = t["neo"]
    neo_endo = neo & t["er"] & ~t["her2"] & (u() < 0.15)
    i = np.flatnonzero(neo & ~neo_endo)
    _course(rows, i, CHEMO, NEO, t["start"][i], treat[i])
    i = np.flatnonzero(neo_endo)
    _course(rows, i, ENDO, NEO, t["start"][i], treat[i])
    i = np.flatnonzero(neo & t["her2"] & (u() < 0.95))
    _course(rows, i, HER2, NEO, t["start"][i], treat[i])

    done = op["last"] >= 0
    frail = np.select([age >= 75, age >= 70], [0.2, 0.6], 1.0)
    p_chemo = np.select([t["aggressive"] & ((t["size"] > 10) | (stage >= 2)),
                         t["er"] & (stage >= 2) & (t["grade"] == 3), t["er"] & (stage >= 2)],
                        [0.7, 0.5, 0.25], 0.02) * frail
    chemo = done & inv & ~neo & (u() < p_chemo)
    triple_negative = ~t["er"] & ~t["pr"] & ~t["her2"]
    chemo_start = op["last"] + timing.chemotherapy(rng, z["chemo_start"][treat], age,
                                                   triple_negative, op["reconstruction"])
    i = np.flatnonzero(chemo)
    _course(rows, i, CHEMO, ADJ, chemo_start[i], treat[i])
    i = np.flatnonzero(done & inv & t["her2"] & (chemo | neo) & (u() < 0.92))
    _course(rows, i, HER2, ADJ, chemo_start[i], treat[i])

    rt_start = np.where(chemo, timing.after_chemotherapy(rng, chemo_start),
                        op["last"] + timing.radiotherapy(rng, z["radio_start"][rt]))
    after_bcs = np.flatnonzero(done & inv & op["bcs_only"])
    lp = 0.6 * z["radiotherapy"][treat[after_bcs]] + np.select(
        [age[after_bcs] >= 80, age[after_bcs] >= 75], [-1.8, -0.6], 0.0)
    yes = calibrated(rng, lp, year_index(t, after_bcs), np.full(len(YEARS), 0.935))
    i = after_bcs[yes]
    _course(rows, i, RADIO, ADJ, rt_start[i], rt[i])
    p_rt = np.where(inv, np.choose(stage, [0.0, 0.03, 0.35, 0.85, 0.3]), 0.0)
    p_rt = np.where(~inv & op["bcs_only"], 0.6, p_rt)
    i = np.flatnonzero(done & (op["mastectomy"] | ~inv) & (u() < p_rt))
    _course(rows, i, RADIO, ADJ, rt_start[i], rt[i])

    p_endo = np.where(inv, np.where((stage == 1) & (t["size"] <= 10), 0.6, 0.85), 0.05)
    p_endo = p_endo * np.where(age >= 85, 0.7, 1.0)
    i = np.flatnonzero(done & t["er"] & ~neo_endo & (u() < p_endo))
    endo_start = np.where(chemo, timing.after_chemotherapy(rng, chemo_start),
                          op["last"] + timing.endocrine(rng, n))
    _course(rows, i, ENDO, ADJ, endo_start[i], treat[i])
    _palliative(rng, t, rows, done)
    return _stack(rows)


def _palliative(rng: np.random.Generator, t: dict, rows: list, done: np.ndarray) -> None:
    n = len(t["age"])
    stage4 = t["stage"] == 4
    other = t["invasive"] & ~done & ~t["neo"] & ~stage4
    # a start date only for those who can have palliative treatment (a Poisson draw is slow)
    start = np.zeros(n, dtype=np.int64)
    candidates = np.flatnonzero(stage4 | other)
    start[candidates] = t["diag"][candidates] + 10 + rng.poisson(15, len(candidates))
    treat, rt = t["treat"], RT_CENTRE[t["treat"]]
    for mask, kind, hosp in (
        (stage4 & (t["age"] < 80) & (rng.random(n) < 0.55), CHEMO, treat),
        ((stage4 | other) & t["er"] & (rng.random(n) < np.where(stage4, 0.85, 0.75)), ENDO, treat),
        (stage4 & t["her2"] & (rng.random(n) < 0.7), HER2, treat),
        ((stage4 | other) & (rng.random(n) < np.where(stage4, 0.3, 0.2)), RADIO, rt),
    ):
        i = np.flatnonzero(mask)
        _course(rows, i, kind, PALL, start[i] + 7 * (kind == RADIO), hosp[i])


def _stack(rows: list) -> dict[str, np.ndarray]:
    cols = ("tumour", "treatment", "setting", "start", "hospital")
    return {c: np.concatenate([r[k] for r in rows]) for k, c in enumerate(cols)}


def assessment(rng: np.random.Generator, t: dict, z: dict, operated: np.ndarray) -> dict:
    """The assessment form's values for every tumour (rows are kept only with a form)."""
    n = len(t["age"])
    inv, neo, yi = t["invasive"], t["neo"], year_index(t)
    klass = np.select([inv & operated & ~neo, neo, ~inv], [0, 1, 2], 3)
    target = np.stack([trend(0.905, 0.94), np.full(len(YEARS), 0.995),
                       np.full(len(YEARS), 0.86), np.full(len(YEARS), 0.97)], axis=1)
    preop = calibrated(rng, 0.7 * z["preop"][t["treat"]], yi * 4 + klass, target.ravel())
    klass = np.select([inv & ~neo, neo], [0, 1], 2)
    lp = np.where(neo, 0.6 * z["mri_neo"][t["assess"]], 0.9 * z["mri"][t["assess"]]
                  + 0.9 * (t["age"] < 50) + 0.6 * (t["histology"] == 1))
    target = np.stack([trend(0.20, 0.372), trend(0.93, 0.964), trend(0.15, 0.25)], axis=1)
    mri = calibrated(rng, lp, yi * 3 + klass, target.ravel())
    return {
        "tumour": np.arange(n), "hospital": t["assess"],
        "referral": np.where(rng.random(n) < 0.03, -1, t["referral"]),
        "first_visit": np.where(rng.random(n) < 0.015, -1, t["first_visit"]),
        "decision": np.where(rng.random(n) < 0.02, -1, t["decision"]),
        "preop": nullable(rng, preop, 0.02), "mri": nullable(rng, mri, 0.02),
        "mdt": nullable(rng, rng.random(n) < 0.96, 0.02), "neo": nullable(rng, neo, 0.01),
    }

"""Patients: who has which tumours, deaths (relative survival by stage) and emigration."""

from __future__ import annotations

import numpy as np

from report.synth.draw import jan1
from report.synth.reference import gompertz_params
from report.synth.tumours import FIRST, SECOND

# Five-year relative survival by stage 0, I..IV [I, calibrated to FACTS: ~92 % overall,
# ~39 % for stage IV]; modelled as a constant excess hazard.
RELATIVE_5Y = np.array([1.0, 0.999, 0.95, 0.80, 0.39])
EXCESS = -np.log(RELATIVE_5Y) / 5
YEAR_DAYS = 365.25


def death_after(rng: np.random.Generator, t: dict[str, np.ndarray],
                idx: np.ndarray) -> np.ndarray:
    """Days from diagnosis to death (background Gompertz-Makeham + excess by stage)."""
    n = len(idx)
    age = t["age"][idx] + 0.5
    out = np.empty(n)
    for sex, is_male in (("f", False), ("m", True)):
        sel = t["male"][idx] == is_male
        a, b0, c = gompertz_params(sex, 2014)
        b = b0 * np.exp(-0.015 * (t["year"][idx][sel] - 2014))
        e = rng.exponential(1.0, sel.sum())
        gompertz = np.log1p(e * c / (b * np.exp(c * age[sel]))) / c
        makeham = rng.exponential(1.0 / a, sel.sum())
        out[sel] = np.minimum(gompertz, makeham)
    excess = EXCESS[t["stage"][idx]]
    with np.errstate(divide="ignore"):
        t_excess = np.where(excess > 0, rng.exponential(1.0, n) / np.maximum(excess, 1e-12),
                            np.inf)
    days = np.minimum(out, t_excess) * YEAR_DAYS
    return np.maximum(np.floor(days), 1).astype(np.int64)


def _emigration(rng: np.random.Generator, t: dict[str, np.ndarray], end: int) -> np.ndarray:
    n = len(t["diag"])
    leaves = rng.random(n) < np.where(t["age"] < 70, 0.006, 0.001)
    span = np.maximum(end - t["diag"] - 60, 1)
    when = t["diag"] + 60 + np.floor(rng.random(n) * span).astype(np.int64)
    return np.where(leaves, when, np.iinfo(np.int64).max)


def link_second_primaries(rng: np.random.Generator, t: dict[str, np.ndarray]) -> np.ndarray:
    """Half of the second primaries belong to a woman with an earlier first cancer here.

    Returns, per tumour, the index of the tumour whose patient it belongs to (itself if new).
    """
    owner = np.arange(len(t["diag"]))
    second = np.flatnonzero(t["kind"] == SECOND)
    second = second[rng.random(len(second)) < 0.5]
    first = np.flatnonzero(t["kind"] == FIRST)
    taken = np.zeros(len(owner), dtype=bool)
    todo = second
    for _ in range(12):
        if len(todo) == 0 or len(first) == 0:
            break
        cand = first[np.floor(rng.random(len(todo)) * len(first)).astype(np.int64)]
        ok = ((t["diag"][cand] < t["diag"][todo] - 180) & (t["end"][cand] > t["diag"][todo])
              & ~taken[cand])
        _, first_pick = np.unique(cand, return_index=True)
        unique = np.zeros(len(cand), dtype=bool)
        unique[first_pick] = True
        ok &= unique
        owner[todo[ok]] = cand[ok]
        taken[cand[ok]] = True
        todo = todo[~ok]
    return owner


def patients(rng: np.random.Generator, t: dict[str, np.ndarray], follow_up: int) -> None:
    """Add death, emigration and patient index to the tumour arrays (in place)."""
    n = len(t["diag"])
    t["death"] = t["diag"] + death_after(rng, t, np.arange(n))
    t["emig"] = _emigration(rng, t, follow_up)
    t["end"] = np.minimum(t["death"], t["emig"])
    owner = link_second_primaries(rng, t)
    linked = np.flatnonzero(owner != np.arange(n))
    src = owner[linked]
    t["birth_year"][linked] = t["birth_year"][src]
    t["birthday"][linked] = t["birthday"][src]
    t["county"][linked] = t["county"][src]
    doy = t["diag"][linked] - jan1(t["year"][linked])
    t["age"][linked] = t["year"][linked] - t["birth_year"][linked] - (doy < t["birthday"][linked])
    invited = (t["age"][linked] >= 50) & (t["age"][linked] <= 69)
    t["screen"][linked] &= invited
    own_death = t["diag"][linked] + death_after(rng, t, linked)
    # the patient dies once: the earlier of the two draws, both after the second diagnosis
    t["death"][src] = np.minimum(t["death"][src], own_death)
    t["death"][linked] = t["death"][src]
    t["emig"][linked] = t["emig"][src]
    t["end"] = np.minimum(t["death"], t["emig"])
    t["end"][linked] = t["end"][src]
    first_of_patient = owner == np.arange(n)
    number = np.cumsum(first_of_patient)  # patients numbered by their first tumour
    t["patient"] = number[owner].astype(np.int64)


def patient_table(t: dict[str, np.ndarray], follow_up: int) -> dict[str, np.ndarray]:
    """One row per patient: number, sex, birth year, death and emigration (or -1 = null)."""
    _, idx = np.unique(t["patient"], return_index=True)
    death = t["death"][idx]
    emig = t["emig"][idx]
    death_known = (death <= follow_up) & (death <= emig)
    emig_known = (emig <= follow_up) & (emig < death)
    return {
        "patient": t["patient"][idx], "male": t["male"][idx], "birth_year": t["birth_year"][idx],
        "death": np.where(death_known, death, -1), "emig": np.where(emig_known, emig, -1),
    }


"""Positive lymph nodes and pathology reports, drawn from their own random stream.

Nothing here changes an array the other tables are made from: the existing tables keep their
rows whatever is drawn here. Node status follows stage and, after a mastectomy, whether
radiotherapy was given (which, in care, follows node status: here the arrow is drawn
backwards, so that the two agree) [I]. Each report's values are the tumour's true values as
the laboratory reads them (report.synth.laboratories).
"""

from __future__ import annotations

import numpy as np

from report.synth import laboratories as labs
from report.synth.care import ADJ, DISSECTION, MASTECTOMY, NONE, RADIO, SENTINEL
from report.synth.draw import lexorder

STREAM = 101  # spawn key of this module's random stream: SeedSequence(seed, spawn_key=(101,))
BIOPSY, RESECTION = 0, 1


def stream(seed: int) -> np.random.Generator:
    """The pathology stream: independent of the ten streams the other tables use."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAM,)))


def _node_positive(rng: np.random.Generator, t: dict, s: dict, tr: dict) -> np.ndarray:
    """Node-positive tumours: by stage; after a mastectomy also by postoperative
    radiotherapy (given mainly for positive nodes)."""
    n = len(t["age"])
    mastectomy = np.zeros(n, dtype=bool)
    mastectomy[s["tumour"][s["breast"] == MASTECTOMY]] = True
    irradiated = np.zeros(n, dtype=bool)
    irradiated[tr["tumour"][(tr["treatment"] == RADIO) & (tr["setting"] == ADJ)]] = True
    stage = t["stage"]
    p = np.choose(stage, [0.01, 0.05, 0.42, 0.88, 0.6])
    after_mastectomy = np.where(irradiated, np.choose(stage, [0.05, 0.3, 0.85, 0.95, 0.8]),
                                np.choose(stage, [0.01, 0.03, 0.12, 0.55, 0.4]))
    p = np.where(mastectomy & t["invasive"], after_mastectomy, p)
    return rng.random(n) < p


def positive_nodes(rng: np.random.Generator, t: dict, s: dict, tr: dict) -> np.ndarray:
    """Positive nodes per operation row of S (-1 = null: axilla not operated, or unknown)."""
    positive = _node_positive(rng, t, s, tr)[s["tumour"]]
    examined = s["nodes"].astype(np.int64)
    k = len(examined)
    heavy = t["stage"][s["tumour"]] >= 3
    count = 1 + rng.poisson(np.where(heavy, 3.0, 0.6), k)
    count = np.where(s["axilla"] == SENTINEL, np.minimum(count, 2), count)
    out = np.where(positive, np.minimum(count, examined), 0)
    operated = (s["axilla"] == SENTINEL) | (s["axilla"] == DISSECTION)
    unknown = ~operated | (examined < 0) | (rng.random(k) < 0.02)
    return np.where(unknown, -1, out).astype(np.int16)


def _read(rng: np.random.Generator, t: dict, tumour: np.ndarray, lab: np.ndarray) -> dict:
    """The tumour's values as laboratory LAB reports them (-1 = not reported)."""
    m = len(tumour)
    grade = t["grade"][tumour].astype(np.int8)
    shift = labs.GRADE_SHIFT[lab]
    u = rng.random(m)
    up = (grade == 2) & (u < np.maximum(shift, 0)) | (grade == 1) & (u < np.maximum(shift, 0) / 2)
    down = (grade == 2) & (u < np.maximum(-shift, 0)) | (grade == 3) & (
        u < np.maximum(-shift, 0) / 2)
    grade = grade + up - down
    grade = np.where(rng.random(m) < labs.NO_GRADE[lab], -1, grade)
    ki67 = np.clip(np.round(t["ki67"][tumour] * labs.KI67_FACTOR[lab]
                            * np.exp(0.15 * rng.standard_normal(m))), 1, 95)
    ki67 = np.where(rng.random(m) < labs.NO_KI67[lab], -1, ki67)
    return {
        "grade": grade.astype(np.int8), "ki67": ki67.astype(np.int16),
        **{c: np.where(rng.random(m) < 0.015, -1, t[c][tumour]).astype(np.int8)
           for c in ("er", "pr", "her2")},
    }


def reports(rng: np.random.Generator, t: dict, s: dict, a: dict, follow_up: int) -> dict:
    """One biopsy report per tumour diagnosed by needle biopsy before surgery (assessment
    form), one resection report per operation on the breast; none after the follow-up date
    or after death or emigration."""
    serving = labs.serving()
    biopsied = a["tumour"][a["preop"] == 1]
    b_date = t["diag"][biopsied] + rng.poisson(3.0, len(biopsied))
    on_breast = np.flatnonzero(s["breast"] != NONE)
    r_tumour = s["tumour"][on_breast]
    r_lab = serving[s["hospital"][on_breast]]
    r_date = s["date"][on_breast] + np.maximum(
        1, np.round(labs.REPORT_DAYS[r_lab] * np.exp(0.35 * rng.standard_normal(len(on_breast))))
    ).astype(np.int64)
    out = {
        "tumour": np.r_[biopsied, r_tumour],
        "surgery": np.r_[np.full(len(biopsied), -1), on_breast],
        "lab": np.r_[serving[a["hospital"][a["preop"] == 1]], r_lab].astype(np.int8),
        "specimen": np.r_[np.full(len(biopsied), BIOPSY), np.full(len(on_breast), RESECTION)],
        "date": np.r_[b_date, r_date].astype(np.int64),
    }
    out |= _read(rng, t, out["tumour"], out["lab"])
    keep = (out["date"] <= follow_up) & (out["date"] < t["end"][out["tumour"]])
    out = {k: v[keep] for k, v in out.items()}
    order = lexorder(out["specimen"], out["date"], out["tumour"])
    return {k: v[order] for k, v in out.items()}

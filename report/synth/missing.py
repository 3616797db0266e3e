"""Unknown values (nulls) in the tumour record.

Missing prognostic data clusters: a tumour is either completely reported or "incomplete", and
then each prognostic column is unknown with some probability. Incomplete records are rarer
after an operation, vary by hospital and get rarer over the years; grade was often missing in
the early years (7.4 % unknown in 2015).
"""

from __future__ import annotations

import numpy as np

from report.synth.care import trend, year_index
from report.synth.draw import calibrated
from report.synth.reference import YEARS

PROGNOSTIC = ("histology", "grade", "er", "pr", "her2", "size", "stage")
OTHER = {"left": 0.01, "screen": 0.02, "multifocal": 0.03, "ki67": 0.05}


def apply(rng: np.random.Generator, t: dict, z: dict, operated: np.ndarray) -> dict:
    """Null masks (True = unknown) for the tumour columns."""
    n = len(t["age"])
    klass = np.select([t["invasive"] & operated, t["invasive"]], [0, 1], 2)
    target = np.stack([trend(0.075, 0.045), np.full(len(YEARS), 0.40),
                       np.full(len(YEARS), 0.06)], axis=1)
    incomplete = calibrated(rng, -0.6 * z["complete"][t["treat"]], year_index(t) * 3 + klass,
                            target.ravel())
    masks = {c: incomplete & (rng.random(n) < 0.35) for c in PROGNOSTIC}
    early = 0.06 * np.maximum(2022 - t["year"], 0) / 8
    masks["grade"] |= rng.random(n) < early
    for column, share in OTHER.items():
        masks[column] = rng.random(n) < share
    return masks

"""The years before the clinical forms (2005-2013): patients and tumours only.

The Cancer Registry's incidence base reaches further back than the quality registry's clinical
forms, and ten-year survival by the period approach needs diagnoses from ten years before the
window. These years get their own random stream, so the clinical years' rows stay the same
whatever happens here; their tumours and patients are numbered after those years' ones.
"""

from __future__ import annotations

import numpy as np

from report.synth import patients, tumours
from report.synth.reference import BACK_YEARS

# Unknown values in the incidence record of those years [I].
UNKNOWN = {"stage": 0.06, "grade": 0.10, "size": 0.08, "er": 0.05, "pr": 0.05, "her2": 0.08,
           "ki67": 0.30, "histology": 0.03, "multifocal": 0.05, "left": 0.01, "screen": 0.02}
TABLE_KEYS = ("age", "patient", "diag", "county", "icd", "invasive", "kind", "left", "screen",
              "stage", "size", "multifocal", "grade", "er", "pr", "her2", "ki67", "histology")


def simulate(rng: np.random.Generator, scale: float, follow_up: int,
             first_patient: int) -> tuple[dict, dict, dict]:
    """Tumour arrays, their null masks and the patient rows of the earlier years."""
    t = tumours.demography(rng, scale, BACK_YEARS)
    tumours.clinical(rng, t)
    patients.patients(rng, t, follow_up)
    t["patient"] = t["patient"] + first_patient - 1
    n = len(t["age"])
    null = {column: rng.random(n) < share for column, share in UNKNOWN.items()}
    return t, null, patients.patient_table(t, follow_up)

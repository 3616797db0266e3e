"""Days from the last operation to the start of adjuvant treatment.

Chemotherapy can start once the wound has healed: a right-skewed delay (a lognormal above a
two-week minimum), longer at some hospitals (a fixed hospital profile), shorter for
triple-negative cancer (the guidelines ask for 30 days for highly proliferative disease),
longer after an immediate reconstruction, and some weeks longer after a wound complication.
Radiotherapy without chemotherapy waits for the radiotherapy centre; after chemotherapy it
follows the last course, as does endocrine treatment. The levels are calibrated [I] to the
sources in data/reference/README.md: nationally about 80-85 % of adjuvant chemotherapy starts
within the 42 days the guidelines call acceptable, with hospitals spread around NKBC's 80 %
target.
"""

from __future__ import annotations

import numpy as np

CHEMO_MIN = 14  # days: no chemotherapy before the wound has healed
CHEMO_MEDIAN = 17.5  # median days above the minimum (national median about 31 days)
CHEMO_SIGMA = 0.42
HOSPITAL_SPREAD = 0.2  # log-scale: shorter per standard deviation of the hospital profile
TRIPLE_NEGATIVE = -0.25  # log-scale: started sooner
RECONSTRUCTION = 0.25  # log-scale: later after an immediate reconstruction
OLD = 0.12  # log-scale: aged 70 or over
COMPLICATION = (0.05, 0.12)  # share with a wound complication (without, with reconstruction)
COMPLICATION_DAYS = (14, 42)  # its extra delay, uniform

RADIO_MIN = 21  # days from the operation, no chemotherapy before
RADIO_MEDIAN = 16.0
RADIO_SIGMA = 0.45
CHEMO_COURSE = (126, 168)  # days from the first to the last chemotherapy course, uniform
AFTER_CHEMO = (21, 42)  # days from the last course to radiotherapy or endocrine treatment
ENDOCRINE_MIN = 14
ENDOCRINE_MEDIAN = 14.0
ENDOCRINE_SIGMA = 0.5


def _lognormal_days(rng: np.random.Generator, log_median: np.ndarray,
                    sigma: float) -> np.ndarray:
    return np.floor(np.exp(log_median + sigma * rng.standard_normal(len(log_median)))
                    ).astype(np.int64)


def _uniform_days(rng: np.random.Generator, bounds: tuple[int, int], n: int) -> np.ndarray:
    low, high = bounds
    return low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)


def chemotherapy(rng: np.random.Generator, z: np.ndarray, age: np.ndarray,
                 triple_negative: np.ndarray, reconstruction: np.ndarray) -> np.ndarray:
    """Days from the last operation to the first adjuvant chemotherapy course; Z is the
    hospital profile of each tumour's hospital."""
    n = len(z)
    log_median = (np.log(CHEMO_MEDIAN) - HOSPITAL_SPREAD * z + TRIPLE_NEGATIVE * triple_negative
                  + RECONSTRUCTION * reconstruction + OLD * (age >= 70))
    days = CHEMO_MIN + _lognormal_days(rng, log_median, CHEMO_SIGMA)
    without, with_reconstruction = COMPLICATION
    complication = rng.random(n) < np.where(reconstruction, with_reconstruction, without)
    return days + complication * _uniform_days(rng, COMPLICATION_DAYS, n)


def after_chemotherapy(rng: np.random.Generator, chemo_start: np.ndarray) -> np.ndarray:
    """Start of a treatment that follows the last chemotherapy course."""
    n = len(chemo_start)
    return (chemo_start + _uniform_days(rng, CHEMO_COURSE, n)
            + _uniform_days(rng, AFTER_CHEMO, n))


def radiotherapy(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    """Days from the last operation to radiotherapy without chemotherapy before it; Z is the
    radiotherapy centre's profile."""
    log_median = np.log(RADIO_MEDIAN) - HOSPITAL_SPREAD * z
    return RADIO_MIN + _lognormal_days(rng, log_median, RADIO_SIGMA)


def endocrine(rng: np.random.Generator, n: int) -> np.ndarray:
    """Days from the last operation to endocrine treatment without chemotherapy before it."""
    return ENDOCRINE_MIN + _lognormal_days(rng, np.full(n, np.log(ENDOCRINE_MEDIAN)),
                                           ENDOCRINE_SIGMA)

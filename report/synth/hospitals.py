"""Where synthetic patients are treated, and how the fictional hospitals differ in quality."""

from __future__ import annotations

import numpy as np

from report.synth.draw import choice
from report.synth.reference import COUNTY_CODES, HOSPITAL_IDS

H = {hid: i for i, hid in enumerate(HOSPITAL_IDS)}
N_HOSPITALS = len(HOSPITAL_IDS)
MERGED, MERGED_INTO, MERGER_YEAR = H["h06"], H["h05"], 2020

# Share of a county's patients treated at each hospital (before the 2020 merger) [I]:
# mostly the catchment hospital, some at a neighbour in the region, a few at the university
# hospital in the capital.
CARE = {
    "03": {"h01": 0.80, "h02": 0.14, "h03": 0.06},
    "32": {"h02": 0.80, "h01": 0.10, "h03": 0.10},
    "31": {"h03": 0.94, "h01": 0.04, "h02": 0.02},
    "33": {"h04": 0.93, "h01": 0.05, "h07": 0.02},
    "34": {"h05": 0.62, "h06": 0.32, "h01": 0.04, "h02": 0.02},
    "39": {"h07": 0.95, "h01": 0.03, "h04": 0.02},
    "40": {"h08": 0.52, "h07": 0.40, "h01": 0.08},
    "42": {"h09": 0.96, "h01": 0.03, "h08": 0.01},
    "11": {"h10": 0.80, "h11": 0.18, "h01": 0.02},
    "46": {"h12": 0.84, "h13": 0.14, "h01": 0.02},
    "50": {"h14": 0.97, "h01": 0.02, "h15": 0.01},
    "15": {"h15": 0.83, "h14": 0.15, "h12": 0.02},
    "55": {"h16": 0.97, "h14": 0.02, "h17": 0.01},
    "18": {"h17": 0.85, "h16": 0.13, "h14": 0.02},
    "56": {"h18": 0.60, "h16": 0.39, "h01": 0.01},
}

# Radiotherapy is given at fewer units: hospital -> its radiotherapy centre [I].
RT_CENTRE = np.array([H[x] for x in (
    "h01", "h02", "h03", "h01", "h05", "h05", "h07", "h07", "h09", "h10", "h10", "h12", "h12",
    "h14", "h15", "h16", "h17", "h16")])

# Regional breast centre that assesses some patients of the small hospitals.
REGION_CENTRE = np.array([H[x] for x in (
    "h01", "h02", "h03", "h04", "h05", "h05", "h07", "h07", "h09", "h10", "h10", "h12", "h12",
    "h14", "h15", "h16", "h17", "h16")])

PROFILE_SEED = 20_250_101
INDICATORS = (
    "bcs", "reoperation", "preop", "mri", "mri_neo", "reconstruction", "radiotherapy",
    "pathway", "nodes", "complete", "coverage", "chemo_start", "radio_start",
)


def care_matrix(merged: bool) -> np.ndarray:
    """(county, hospital) probabilities; after the merger h06's share goes to h05."""
    m = np.zeros((len(COUNTY_CODES), N_HOSPITALS))
    for ci, code in enumerate(COUNTY_CODES):
        for hid, w in CARE[code].items():
            m[ci, H[hid]] += w
    if merged:
        m[:, MERGED_INTO] += m[:, MERGED]
        m[:, MERGED] = 0
    return m / m.sum(axis=1, keepdims=True)


def assign(rng: np.random.Generator, county: np.ndarray, diag_day: np.ndarray,
           cutoff_day: int) -> np.ndarray:
    """Treating hospital per tumour: the merged hospital takes no one diagnosed after cutoff."""
    out = np.empty(len(county), dtype=np.int16)
    late = diag_day >= cutoff_day
    for merged in (False, True):
        matrix = care_matrix(merged)
        for ci in range(len(COUNTY_CODES)):
            idx = np.flatnonzero((county == ci) & (late == merged))
            out[idx] = choice(rng, matrix[ci], len(idx))
    return out


def assessing(rng: np.random.Generator, treat: np.ndarray) -> np.ndarray:
    """Assessing hospital: the treating one, some small hospitals' patients at the centre."""
    n = len(treat)
    away = rng.random(n) < 0.06
    other = REGION_CENTRE[treat]
    return np.where(away & (other != treat), other, treat).astype(np.int16)


def profiles() -> dict[str, np.ndarray]:
    """Fixed hospital z-scores per indicator (same for every seed), standardised.

    Each combines a general quality factor with an indicator-specific one.
    """
    rng = np.random.default_rng(PROFILE_SEED)
    general = rng.standard_normal(N_HOSPITALS)
    out = {}
    for name in INDICATORS:
        z = 0.45 * general + 0.89 * rng.standard_normal(N_HOSPITALS)
        z = (z - z.mean()) / z.std()
        out[name] = np.clip(z, -1.9, 1.9)
    return out


def remap_merged(hospital: np.ndarray, when: np.ndarray, valid_to_day: int) -> np.ndarray:
    """Events at the merged hospital after its valid_to belong to the hospital it merged into."""
    late = (hospital == MERGED) & (when > valid_to_day)
    return np.where(late, MERGED_INTO, hospital).astype(np.int16)


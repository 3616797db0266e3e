"""Fictional pathology laboratories: the reference table, which laboratory serves each
hospital, and each laboratory's habits (how it grades, counts Ki-67, how fast it reports and
how completely).

The habits are invented [I], chosen so that laboratories differ the way the registry
describes (grade and Ki-67 distributions vary between laboratories) while the national grade
distribution stays near the public one (FACTS: G1 22.5 %, G2 43.9 %, G3 26.1 %).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from report.synth.reference import HOSPITAL_IDS

# laboratory_id, region_id, name_nb, name_en, hospitals it serves. No real laboratory is named.
LABORATORIES = (
    ("l01", "sorost", "Solvang patologi", "Solvang Pathology", ("h01",)),
    ("l02", "sorost", "Lindemo patologi", "Lindemo Pathology", ("h02", "h03")),
    ("l03", "sorost", "Granli patologi", "Granli Pathology", ("h04", "h07", "h08")),
    ("l04", "sorost", "Myrvang patologi", "Myrvang Pathology", ("h05", "h06", "h09")),
    ("l05", "vest", "Fjordvik patologi", "Fjordvik Pathology", ("h10", "h11")),
    ("l06", "vest", "Vestbrekka patologi", "Vestbrekka Pathology", ("h12", "h13")),
    ("l07", "midt", "Elvhaug patologi", "Elvhaug Pathology", ("h14", "h15")),
    ("l08", "nord", "Polarvik patologi", "Polarvik Pathology", ("h16", "h17", "h18")),
)
LABORATORY_IDS = tuple(row[0] for row in LABORATORIES)

# Per laboratory [I]: tendency to grade up (+) or down (-) the middle grade; Ki-67 counted
# higher (> 1) or lower (< 1) than the tumour's value; median days from operation to the final
# report; share of resection reports without Ki-67; share without grade.
GRADE_SHIFT = np.array([0.10, -0.12, 0.0, 0.18, -0.06, 0.04, -0.18, 0.08])
KI67_FACTOR = np.array([1.0, 0.8, 1.1, 1.3, 0.9, 1.0, 0.75, 1.15])
REPORT_DAYS = np.array([9.0, 12.0, 10.0, 15.0, 8.0, 11.0, 13.0, 17.0])
NO_KI67 = np.array([0.02, 0.04, 0.03, 0.12, 0.02, 0.05, 0.08, 0.10])
NO_GRADE = np.array([0.01, 0.02, 0.02, 0.05, 0.01, 0.02, 0.03, 0.04])


def serving() -> np.ndarray:
    """Laboratory index for every hospital index."""
    lab = {h: i for i, row in enumerate(LABORATORIES) for h in row[4]}
    missing = [h for h in HOSPITAL_IDS if h not in lab]
    if missing:
        raise ValueError(f"no laboratory serves hospital(s) {', '.join(missing)}")
    return np.array([lab[h] for h in HOSPITAL_IDS], dtype=np.int8)


def write_laboratories(directory: Path) -> None:
    """data/reference/laboratories.csv (deterministic)."""
    with (Path(directory) / "laboratories.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("laboratory_id", "region_id", "name_nb", "name_en"))
        writer.writerows(row[:4] for row in LABORATORIES)

"""Synthetic extracts that follow the extract contract (shared/EXTRACTS.md).

Everything here is fictional: patients, tumours and the hospitals' names and results. Counts
of women and men per year match the public figures (FACTS.md); clinical patterns and
hospital differences are plausible, calibrated to the published national values.

`generate` writes `<out>/extracts/*.parquet` and `<out>/dataset.yml`; `write_reference` writes
the reference CSV tables. Both are deterministic.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import yaml

from report import __version__
from report.synth import (
    care,
    earlier,
    forms,
    laboratories,
    missing,
    oncology,
    output,
    pathology,
    patients,
    reference,
    tumours,
)
from report.synth.draw import day, lexorder
from report.synth.hospitals import assessing, assign, profiles
from report.synth.reference import BACK_YEARS, MERGER_DATE, YEARS

SYNTH_VERSION = "3"
NOTICE_NB = ("Dataene er syntetiske: alle pasienter, sykehus og resultater er oppdiktet og "
             "viser ikke virkelige forhold.")
NOTICE_EN = ("The data are synthetic: all patients, hospitals and results are fictional and "
             "do not describe real care.")
TABLES = ("patients", "tumours", "forms", "assessments", "surgeries", "treatments", "pathology")

__all__ = ["SYNTH_VERSION", "generate", "write_reference"]


def _cut(rows: dict, when: np.ndarray, end: np.ndarray, follow_up: int) -> dict:
    """Drop events on or after death/emigration or after the follow-up date."""
    keep = (when < end[rows["tumour"]]) & (when <= follow_up)
    return {k: v[keep] for k, v in rows.items()}


def _sorted(rows: dict, *keys: str) -> dict:
    order = lexorder(*(rows[k] for k in reversed(keys)))
    return {k: v[order] for k, v in rows.items()}


def simulate(seed: int, scale: float, follow_up: int) -> dict:
    """All synthetic arrays (before they become tables)."""
    # one stream per stage; the earlier years' stream comes last, so adding it left the
    # clinical years' draws as they were
    rng = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(11)]
    t = tumours.demography(rng[0], scale)
    tumours.clinical(rng[1], t)
    patients.patients(rng[2], t, follow_up)
    valid_to = day(MERGER_DATE)
    t["treat"] = assign(rng[3], t["county"], t["diag"], valid_to - 60)
    t["assess"] = assessing(rng[3], t["treat"])
    z = profiles()
    care.plan(rng[4], t)
    care.pathway(rng[4], t, z)
    s = care.surgeries(rng[5], t, z)
    tr = oncology.treatments(rng[6], t, z, s)
    s = _sorted(_cut(s, s["date"], t["end"], follow_up), "date", "tumour", "reop")
    tr = _sorted(_cut(tr, tr["start"], t["end"], follow_up), "tumour", "start", "treatment",
                 "setting")
    operated = np.zeros(len(t["age"]), dtype=bool)
    operated[s["tumour"]] = True
    a = oncology.assessment(rng[7], t, z, operated)
    null = missing.apply(rng[8], t, z, operated)
    f = forms.forms(rng[9], t, s, tr, follow_up)
    a = {k: v[f["assessed"]] for k, v in a.items()}
    # positive nodes and pathology reports last, from their own stream: nothing above changes
    rng_pathology = pathology.stream(seed)
    s["positive"] = pathology.positive_nodes(rng_pathology, t, s, tr)
    reports = pathology.reports(rng_pathology, t, s, a, follow_up)
    # the years before the clinical forms: patients and tumours only (the incidence base)
    p = patients.patient_table(t, follow_up)
    bt, bnull, bp = earlier.simulate(rng[10], scale, follow_up, int(p["patient"].max()) + 1)
    # the earlier years' rows follow the clinical years' ones (segments, not concatenated)
    return {"t": [{k: t[k] for k in earlier.TABLE_KEYS}, {k: bt[k] for k in earlier.TABLE_KEYS}],
            "null": [{k: null[k] for k in earlier.UNKNOWN}, bnull],
            "s": s, "tr": tr, "a": a, "f": f, "r": reports, "p": [p, bp],
            "valid_to": valid_to}


def write_reference(directory: Path) -> None:
    """Write every reference CSV, the laboratories included, to `directory` (deterministic)."""
    reference.write_reference(directory)
    laboratories.write_laboratories(directory)


def generate(out: Path, seed: int = 2025, scale: float = 1.0,
             follow_up: date = date(2025, 6, 30)) -> Path:
    """Write the synthetic extracts and dataset.yml under `out`; return `out`."""
    if follow_up < date(YEARS[-1], 12, 31):
        raise ValueError(f"follow_up must be on or after {YEARS[-1]}-12-31")
    if scale <= 0:
        raise ValueError("scale must be positive")
    out = Path(out)
    (out / "extracts").mkdir(parents=True, exist_ok=True)
    d = simulate(seed, scale, day(follow_up.isoformat()))
    vt = d["valid_to"]
    tables = {
        "patients": (output.patients_table, "p"),
        "tumours": (output.tumours_table, "t", "null"),
        "forms": (lambda start, f: output.forms_table(start, f, vt), "f"),
        "assessments": (lambda start, a: output.assessments_table(start, a, vt), "a"),
        "surgeries": (lambda start, s: output.surgeries_table(start, s, vt), "s"),
        "treatments": (lambda start, tr: output.treatments_table(start, tr, vt), "tr"),
        "pathology": (output.pathology_table, "r"),
    }

    def write(name: str) -> None:
        build, *keys = tables[name]
        output.write(build, tuple(d.pop(k) for k in keys), out / "extracts" / f"{name}.parquet")

    # two at a time: Parquet compression releases the interpreter (the files are the same)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(write, ("forms", "patients", "assessments", "surgeries", "treatments",
                              "tumours", "pathology")))
    meta = {
        "synthetic": True, "seed": seed, "scale": scale,
        "generator_version": f"{__version__}+synth.{SYNTH_VERSION}",
        "follow_up_date": follow_up.isoformat(), "diagnosis_years": [BACK_YEARS[0], YEARS[-1]],
        "clinical_years": [YEARS[0], YEARS[-1]],
        "notice_nb": NOTICE_NB, "notice_en": NOTICE_EN,
    }
    (out / "dataset.yml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    return out

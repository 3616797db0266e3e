"""Build small extract datasets for tests from a few partial rows.

Every column of the contract gets a sensible default, so a test names only what matters.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from report.ingest import schema

FIXTURE_REFERENCE = Path(__file__).parent / "fixtures" / "reference"
ARROW = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "date": pa.date32(),
         "float": pa.float64()}

DEFAULTS = {
    "patients": {"sex": "f", "birth_year": 1964, "death_date": None, "emigration_date": None},
    "tumours": {
        "diagnosis_date": date(2024, 3, 1), "age_at_diagnosis": 60, "county_code": "03",
        "icd10": "C50.4", "invasive": True, "first_breast_cancer": True, "laterality": "left",
        "screen_detected": False, "stage": "II", "tumour_size_mm": 20, "multifocal": False,
        "grade": 2, "er_positive": True, "pr_positive": True, "her2_positive": False,
        "ki67_percent": 20, "histology": "ductal",
    },
    "forms": {"form_type": "surgery", "hospital_id": "h1", "received_date": date(2024, 5, 1)},
    "assessments": {
        "hospital_id": "h1", "referral_date": date(2024, 2, 20),
        "first_visit_date": date(2024, 2, 25), "decision_date": date(2024, 3, 5),
        "preop_needle_diagnosis": True, "mri": False, "mdt_discussed": True, "neoadjuvant": False,
    },
    "surgeries": {
        "hospital_id": "h1", "surgery_date": date(2024, 3, 20), "breast_procedure": "bcs",
        "axillary_procedure": "sentinel", "immediate_reconstruction": None, "reoperation": False,
        "nodes_examined": 2, "margins_clear": True, "positive_nodes": 0,
    },
    "treatments": {"hospital_id": "h1", "treatment": "radiotherapy", "setting": "adjuvant",
                   "start_date": date(2024, 5, 1)},
    "pathology": {"surgery_id": None, "laboratory_id": "l1", "specimen": "biopsy",
                  "report_date": date(2024, 3, 4), "grade": 2, "ki67_percent": 20,
                  "er_positive": True, "pr_positive": True, "her2_positive": False},
}


def _complete(table: str, rows: list[dict]) -> list[dict]:
    out = []
    for i, row in enumerate(rows, start=1):
        full = dict(DEFAULTS[table])
        if table == "patients":
            full["patient_id"] = f"p{i}"
        if table == "forms":
            full["form_id"] = f"f{i}"
        if table == "surgeries":
            full["surgery_id"] = f"s{i}"
        if table == "pathology":
            full["report_id"] = f"r{i}"
        full.update(row)
        out.append(full)
    return out


def complete_tables(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Fill defaults; add a patient for every tumour whose patient is not given."""
    tables = {name: _complete(name, tables.get(name, [])) for name in DEFAULTS}
    tumours = tables["tumours"]
    for i, t in enumerate(tumours, start=1):
        t.setdefault("tumour_id", f"t{i}")
        t.setdefault("patient_id", f"p_{t['tumour_id']}")
    known = {p["patient_id"] for p in tables["patients"]}
    for t in tumours:
        if t["patient_id"] not in known:
            year = t["diagnosis_date"].year - t["age_at_diagnosis"]
            tables["patients"].append(dict(DEFAULTS["patients"], patient_id=t["patient_id"],
                                           birth_year=year))
            known.add(t["patient_id"])
    return tables


def arrow_table(name: str, rows: list[dict]) -> pa.Table:
    table = schema.EXTRACTS[[t.name for t in schema.EXTRACTS].index(name)]
    fields = [pa.field(c.name, ARROW[c.type]) for c in table.columns]
    extra = sorted({k for r in rows for k in r} - {c.name for c in table.columns})
    fields += [pa.field(k, pa.string()) for k in extra]
    arrow_schema = pa.schema(fields)
    return pa.Table.from_pylist(rows, schema=arrow_schema)


def write_dataset(folder: Path, tables: dict[str, list[dict]], complete: bool = True,
                  meta: str | None = None) -> Path:
    """Write the tables as Parquet files under FOLDER/extracts; return FOLDER."""
    tables = complete_tables(tables) if complete else tables
    (folder / "extracts").mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        pq.write_table(arrow_table(name, rows), folder / "extracts" / f"{name}.parquet")
    if meta is not None:
        (folder / "dataset.yml").write_text(meta, "utf-8")
    return folder


def valid_tables() -> dict[str, list[dict]]:
    """A small dataset that passes validation: two tumours, an operation, forms."""
    return {
        "tumours": [{"tumour_id": "t1"}, {"tumour_id": "t2", "county_code": "46"}],
        "surgeries": [{"tumour_id": "t1"}, {"tumour_id": "t2", "hospital_id": "h3"}],
        "forms": [{"tumour_id": "t1"}, {"tumour_id": "t2", "hospital_id": "h3"}],
        "assessments": [{"tumour_id": "t1"}],
        "treatments": [{"tumour_id": "t1"}],
        "pathology": [{"tumour_id": "t1"},
                      {"tumour_id": "t1", "specimen": "resection", "surgery_id": "s1",
                       "report_date": date(2024, 3, 28)}],
    }

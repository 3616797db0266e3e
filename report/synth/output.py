"""Arrow tables from the generator's arrays, written as deterministic Parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from report.synth.hospitals import remap_merged
from report.synth.laboratories import LABORATORY_IDS
from report.synth.reference import COUNTY_CODES, HOSPITAL_IDS
from report.synth.tumours import HISTOLOGY, ICD_CODES, STAGES

WIDTH = {"p": 7, "t": 7, "s": 8, "f": 9, "r": 8}
BREAST = ("bcs", "mastectomy", "none")
AXILLA = ("sentinel", "dissection", "none")
TREATMENT = ("chemotherapy", "radiotherapy", "endocrine", "anti_her2")
SETTING = ("neoadjuvant", "adjuvant", "palliative")
FORM_TYPES = ("assessment", "surgery", "postop_checkup", "radiology", "pathology", "oncology")


# "0000" .. "9999" as little-endian uint32: four ASCII digits per lookup
DIGITS = np.array([f"{i:04d}".encode() for i in range(10_000)]).view(np.uint32)


def ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    """Zero-padded pseudonyms like p0000001, built without a Python loop: four digits at a
    time from a lookup table, written straight into the string array's buffer."""
    width = WIDTH[prefix]
    numbers = np.asarray(numbers, dtype=np.int64)
    n = len(numbers)
    if n and numbers.max() >= 10**width:
        raise ValueError(f"too many rows for {prefix} ids of width {width}")
    chars = np.empty((n, width + 1), dtype=np.uint8)
    chars[:, 0] = ord(prefix)
    rest, end = numbers, width + 1
    while end > 1:  # the last four (or fewer) digits first
        span = min(4, end - 1)
        rest, low = np.divmod(rest, 10**span)
        chars[:, end - span:end] = DIGITS[low].view(np.uint8).reshape(n, 4)[:, 4 - span:]
        end -= span
    size = n * (width + 1)
    kind, offset_type = (pa.StringArray, np.int32) if size < 2**31 else (pa.LargeStringArray,
                                                                          np.int64)
    offsets = np.arange(0, size + 1, width + 1, dtype=offset_type)
    array = kind.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars))
    return array if kind is pa.StringArray else array.cast(pa.string())


def labels(codes: np.ndarray, names: tuple[str, ...], null: np.ndarray | None = None) -> pa.Array:
    """Code labels as a dictionary array: Parquet writes its codes as they are instead of
    hashing every string (the files say string, without the Arrow schema, so readers see
    plain strings)."""
    idx = pa.array(np.asarray(codes, dtype=np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(idx, pa.array(names, type=pa.string()))


def dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), mask=null).view(pa.date32())


def ints(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int32), mask=null)


def bools(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=bool), mask=null)


def nullable_bool(values: np.ndarray) -> pa.Array:
    """int8 with -1 = null."""
    return bools(values == 1, values < 0)


def hospitals(index: np.ndarray) -> pa.Array:
    return labels(index, HOSPITAL_IDS)


# Every table builder takes the index of its first row and a row slice of its arrays (so that a
# long table is built and written one row group at a time).

def patients_table(start: int, p: dict) -> pa.Table:
    return pa.table({
        "patient_id": ids("p", p["patient"]), "sex": labels(p["male"], ("f", "m")),
        "birth_year": ints(p["birth_year"]), "death_date": dates(p["death"], p["death"] < 0),
        "emigration_date": dates(p["emig"], p["emig"] < 0),
    })


def tumours_table(start: int, t: dict, null: dict) -> pa.Table:
    tumour_ids = ids("t", start + np.arange(1, len(t["age"]) + 1))
    return pa.table({
        "tumour_id": tumour_ids, "patient_id": ids("p", t["patient"]),
        "diagnosis_date": dates(t["diag"]), "age_at_diagnosis": ints(t["age"]),
        "county_code": labels(t["county"], COUNTY_CODES), "icd10": labels(t["icd"], ICD_CODES),
        "invasive": bools(t["invasive"]), "first_breast_cancer": bools(t["kind"] != 3),
        "laterality": labels(~t["left"], ("left", "right"), null["left"]),
        "screen_detected": bools(t["screen"], null["screen"]),
        "stage": labels(t["stage"], STAGES, null["stage"]),
        "tumour_size_mm": ints(t["size"], null["size"]),
        "multifocal": bools(t["multifocal"], null["multifocal"]),
        "grade": ints(t["grade"], null["grade"]),
        "er_positive": bools(t["er"], null["er"]), "pr_positive": bools(t["pr"], null["pr"]),
        "her2_positive": bools(t["her2"], null["her2"]),
        "ki67_percent": ints(t["ki67"], null["ki67"]),
        "histology": labels(t["histology"], HISTOLOGY, null["histology"]),
    })


def forms_table(start: int, f: dict, valid_to: int) -> pa.Table:
    hosp = remap_merged(f["hospital"], f["received"], valid_to)
    return pa.table({
        "form_id": ids("f", start + np.arange(1, len(f["tumour"]) + 1)),
        "tumour_id": ids("t", f["tumour"] + 1), "form_type": labels(f["type"], FORM_TYPES),
        "hospital_id": hospitals(hosp), "received_date": dates(f["received"]),
    })


def assessments_table(start: int, a: dict, valid_to: int) -> pa.Table:
    when = np.where(a["referral"] >= 0, a["referral"], a["first_visit"])
    hosp = remap_merged(a["hospital"], when, valid_to)
    return pa.table({
        "tumour_id": ids("t", a["tumour"] + 1), "hospital_id": hospitals(hosp),
        "referral_date": dates(a["referral"], a["referral"] < 0),
        "first_visit_date": dates(a["first_visit"], a["first_visit"] < 0),
        "decision_date": dates(a["decision"], a["decision"] < 0),
        "preop_needle_diagnosis": nullable_bool(a["preop"]), "mri": nullable_bool(a["mri"]),
        "mdt_discussed": nullable_bool(a["mdt"]), "neoadjuvant": nullable_bool(a["neo"]),
    })


def surgeries_table(start: int, s: dict, valid_to: int) -> pa.Table:
    hosp = remap_merged(s["hospital"], s["date"], valid_to)
    return pa.table({
        "surgery_id": ids("s", start + np.arange(1, len(s["tumour"]) + 1)),
        "tumour_id": ids("t", s["tumour"] + 1), "hospital_id": hospitals(hosp),
        "surgery_date": dates(s["date"]), "breast_procedure": labels(s["breast"], BREAST),
        "axillary_procedure": labels(s["axilla"], AXILLA),
        "immediate_reconstruction": nullable_bool(s["recon"]), "reoperation": bools(s["reop"]),
        "nodes_examined": ints(s["nodes"], s["nodes"] < 0),
        "margins_clear": nullable_bool(s["margins"]),
        "positive_nodes": ints(s["positive"], s["positive"] < 0),
    })


def treatments_table(start: int, tr: dict, valid_to: int) -> pa.Table:
    hosp = remap_merged(tr["hospital"], tr["start"], valid_to)
    return pa.table({
        "tumour_id": ids("t", tr["tumour"] + 1), "hospital_id": hospitals(hosp),
        "treatment": labels(tr["treatment"], TREATMENT), "setting": labels(tr["setting"], SETTING),
        "start_date": dates(tr["start"]),
    })


def pathology_table(start: int, r: dict) -> pa.Table:
    grade = r["grade"]
    return pa.table({
        "report_id": ids("r", start + np.arange(1, len(r["tumour"]) + 1)),
        "tumour_id": ids("t", r["tumour"] + 1),
        "surgery_id": pc.if_else(pa.array(r["surgery"] >= 0),
                                 ids("s", np.maximum(r["surgery"], 0) + 1),
                                 pa.scalar(None, pa.string())),
        "laboratory_id": labels(r["lab"], LABORATORY_IDS),
        "specimen": labels(r["specimen"], ("biopsy", "resection")),
        "report_date": dates(r["date"]),
        "grade": ints(grade, grade < 0), "ki67_percent": ints(r["ki67"], r["ki67"] < 0),
        "er_positive": nullable_bool(r["er"]), "pr_positive": nullable_bool(r["pr"]),
        "her2_positive": nullable_bool(r["her2"]),
    })


# Tables of more rows than this (scaled-up benchmark datasets) are compressed faster and a
# little larger, and their pseudonym columns (distinct values) skip the dictionary encoding
# that would be dropped anyway; the committed dataset keeps the strong level.
STRONG_UNTIL = 2_000_000
ROW_GROUP = 1_000_000
PSEUDONYMS = ("patient_id", "tumour_id", "form_id", "surgery_id", "report_id")


def _rows(segments: list[dict], start: int, stop: int) -> dict:
    """Rows start:stop of the segments (dicts of equally long arrays) one after the other."""
    pieces, offset = [], 0
    for segment in segments:
        n = len(next(iter(segment.values())))
        low, high = max(start - offset, 0), min(stop - offset, n)
        if low < high:
            pieces.append({k: v[low:high] for k, v in segment.items()})
        offset += n
    if not pieces:
        return {k: v[:0] for k, v in segments[0].items()}
    if len(pieces) == 1:
        return pieces[0]
    return {k: np.concatenate([piece[k] for piece in pieces]) for k in pieces[0]}


def write(build, sources: tuple[dict | list[dict], ...], path: Path) -> None:
    """Deterministic Parquet: fixed compression and row groups, no pandas metadata.

    BUILD(start, *slices) makes the rows from `start` of the arrays in SOURCES: each a dict of
    equally long arrays, or a list of such dicts whose rows follow each other (so they need
    not be concatenated first). One row group is built and written at a time, so a long table
    is never whole in memory (the file is the one pq.write_table would write)."""
    sources = tuple(source if isinstance(source, list) else [source] for source in sources)
    n = sum(len(next(iter(segment.values()))) for segment in sources[0])
    writer = None
    for start in range(0, max(n, 1), ROW_GROUP):
        part = tuple(_rows(source, start, start + ROW_GROUP) for source in sources)
        table = build(start, *part)
        if writer is None:
            big = n > STRONG_UNTIL
            dictionary = [c for c in table.column_names if c not in PSEUDONYMS] if big else True
            writer = pq.ParquetWriter(path, table.schema, compression="zstd",
                                      compression_level=1 if big else 9,
                                      use_dictionary=dictionary, write_statistics=True,
                                      store_schema=False)
        writer.write_table(table, row_group_size=ROW_GROUP)
    writer.close()

"""Validation's shared passes give the problems of the checks they stand for: one join per
parent table (report.ingest.links) those of the general queries, and the column checks
counted in the identifier scan's pass those of their own pass; the join also notes the first
year with clinical forms."""

from datetime import date

import pytest
from builders import FIXTURE_REFERENCE, valid_tables, write_dataset

from report.compute import results
from report.ingest import extracts, links, typed


def broken_across_tables() -> dict[str, list[dict]]:
    """Problems that need a second table to be seen: orphans, dates before the tumour's
    diagnosis or the operation, an age that disagrees with the birth year, a death before
    the only diagnosis."""
    tables = valid_tables()
    tables["tumours"].append({"tumour_id": "t3", "patient_id": "p_dead",
                              "age_at_diagnosis": 40})  # born 1964 -> 59 or 60, not 40
    tables["patients"] = [{"patient_id": "p_dead", "birth_year": 1964,
                           "death_date": date(2024, 1, 5)}]
    tables["forms"].append({"tumour_id": "t9"})
    tables["surgeries"].append({"tumour_id": "t2", "surgery_date": date(2024, 2, 1)})
    tables["pathology"].append({"tumour_id": "t1", "specimen": "resection",
                                "surgery_id": "s1", "report_date": date(2024, 3, 10)})
    tables["pathology"].append({"tumour_id": "t1", "specimen": "resection",
                                "surgery_id": "s7", "report_date": date(2024, 3, 30)})
    return tables


def messages(folder, monkeypatch=None, general=False):
    if general:  # every parent left to the general queries of report.ingest.checks
        monkeypatch.setattr(links, "run", lambda *args, **kwargs: links.Linked())
    con, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    return con, [p.message for p in problems]


def test_one_join_per_parent_finds_what_the_general_queries_find(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "ds", broken_across_tables())
    _, joined = messages(folder)
    _, general = messages(folder, monkeypatch, general=True)
    assert joined == general
    kinds = " ".join(joined)
    for words in ("orphan key", "surgery before diagnosis", "resection report before its "
                  "operation", "age and birth year disagree", "death before diagnosis"):
        assert words in kinds


@pytest.mark.parametrize("duplicated", ["tumours", "patients", "surgeries"])
def test_a_parent_with_repeated_keys_is_checked_by_the_general_queries(tmp_path, duplicated):
    tables = broken_across_tables()
    key = {"tumours": "tumour_id", "patients": "patient_id", "surgeries": "surgery_id"}
    tables[duplicated].append(dict(tables[duplicated][0], **{key[duplicated]: "x1"}))
    tables[duplicated].append(dict(tables[duplicated][0], **{key[duplicated]: "x1"}))
    _, found = messages(write_dataset(tmp_path / "ds", tables))
    assert any("duplicate key" in m for m in found)
    assert any("orphan key" in m for m in found)  # the other checks still ran


def test_validation_notes_the_first_diagnosis_year_with_forms(tmp_path, monkeypatch):
    tables = valid_tables()
    tables["tumours"] += [{"tumour_id": "t10", "diagnosis_date": date(2012, 6, 1)},
                          {"tumour_id": "t11", "diagnosis_date": date(2019, 6, 1)}]
    tables["forms"].append({"tumour_id": "t11", "received_date": date(2019, 8, 1)})
    with_forms = {f["tumour_id"] for f in tables["forms"]}
    expected = min(t.get("diagnosis_date", date(2024, 3, 1)).year
                   for t in tables["tumours"] if t["tumour_id"] in with_forms)
    folder = write_dataset(tmp_path / "ds", tables)
    con, found = messages(folder)
    assert found == []
    assert con.execute("select getvariable('first_clinical_year')").fetchone()[0] == expected
    con, _ = messages(folder, monkeypatch, general=True)
    assert con.execute("select getvariable('first_clinical_year')").fetchone()[0] is None
    assert results.first_clinical_year(con) == expected


def broken_within_tables() -> dict[str, list[dict]]:
    """Problems of single columns (a missing value, an unknown code, a value out of range, a
    key that is no pseudonym) beside identifiers (an e-mail address, an identity number)."""
    tables = valid_tables()
    tables["tumours"][0].update(stage="V", ki67_percent=101)
    tables["tumours"][1].update(histology=None, grade=4)
    tables["forms"][0].update(form_id="kari@example.no")
    tables["forms"][1].update(form_type=None, tumour_id="15038540189")
    tables["surgeries"][0].update(nodes_examined=400)
    return tables


def test_column_checks_counted_in_the_identifier_pass_find_what_their_own_pass_finds(
        tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "ds", broken_within_tables())
    _, merged = messages(folder)
    monkeypatch.setattr(typed, "same_values", lambda *args: False)  # a pass each
    _, separate = messages(folder)
    assert merged == separate
    for words in ("direct identifier refused", "unknown code", "out of range", "missing value"):
        assert words in " ".join(merged)


def test_narrower_integer_columns_get_the_same_problems(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = write_dataset(tmp_path / "ds", broken_within_tables())
    _, wide = messages(folder)
    for path in (folder / "extracts").glob("*.parquet"):
        table = pq.read_table(path)
        narrow = pa.schema([pa.field(f.name, pa.int32()) if f.type == pa.int64() else f
                            for f in table.schema])
        pq.write_table(table.cast(narrow), path)
    _, narrow = messages(folder)
    assert narrow == wide

"""The guard against personal data, as a tester who wants to get some through would try it.
One table of hostile datasets: each must be refused with a problem naming file, column and
row, and no message may contain the planted value."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from builders import FIXTURE_REFERENCE, valid_tables, write_dataset

from report.ingest import extracts, identifiers, schema

# A valid national identity number (check digits worked out by hand: 119 % 11 = 9 -> 2,
# 107 % 11 = 8 -> 3), the same with a wrong last digit (still date-shaped: 15 May 1990), a
# D-number (day + 40) and eleven digits that are neither date-shaped nor check-digit valid.
VALID_FNR = "15059010023"
INVALID_FNR = "15059010024"
D_NUMBER = "55059010023"
NOT_A_NUMBER = "99999999999"
DECLARE_NOTE = "columns:\n  tumours:\n    note: {type: string, meaning: a lab note code}\n"
DECLARE_AMOUNT = "columns:\n  tumours:\n    amount: {type: float, meaning: a measurement}\n"
DECLARE_COUNT = "columns:\n  tumours:\n    amount: {type: int, meaning: a count}\n"
# A column added to tumours is the file's column number ADDED (by its position, when its name
# is not shown).
ADDED = len(schema.TUMOURS.columns) + 1


def with_values(table: str, column: str, values: list, kind: pa.DataType | None = None):
    """Build the valid tables, then set COLUMN of TABLE (added if new) to VALUES."""
    def build(folder, meta):
        tables = valid_tables()
        rows = tables.setdefault(table, [{}])
        if kind is None:
            for row, value in zip(rows, values, strict=False):
                row[column] = value
            return write_dataset(folder, tables, meta=meta)
        write_dataset(folder, tables, meta=meta)
        path = folder / "extracts" / f"{table}.parquet"
        data = pq.read_table(path)
        padded = (values + [None] * data.num_rows)[: data.num_rows]
        pq.write_table(data.append_column(column, pa.array(padded, type=kind)), path)
        return folder
    return build


# (case, dataset builder, dataset.yml, planted value, expected problem text)
CASES = [
    ("identity number with a space", with_values("tumours", "note", ["fnr 150590 10023"]),
     DECLARE_NOTE, "150590 10023",
     "tumours.parquet, column note, row 1: direct identifier refused: expected pseudonyms and "
     "codes, never national identity numbers; found numbers shaped like national identity "
     "numbers"),
    ("identity number with dots and a dash", with_values("tumours", "note", ["15.05.90-10023"]),
     DECLARE_NOTE, "15.05.90-10023", "column note, row 1: direct identifier refused"),
    ("a second run after another", with_values(
        "tumours", "note", [f"ref {NOT_A_NUMBER} fnr {VALID_FNR}"]), DECLARE_NOTE, VALID_FNR,
     "column note, row 1: direct identifier refused: expected pseudonyms and codes, never "
     "national identity numbers"),
    ("a D-number", with_values("tumours", "note", [f"x{D_NUMBER}"]), DECLARE_NOTE, D_NUMBER,
     "column note, row 1: direct identifier refused"),
    ("identity number in a DOUBLE column", with_values(
        "tumours", "amount", [float(VALID_FNR)], pa.float64()), DECLARE_AMOUNT, VALID_FNR,
     "tumours.parquet, column amount, row 1: direct identifier refused: expected counts and "
     "measurements, never national identity numbers"),
    ("identity number in a DECIMAL(11,0) column", with_values(
        "tumours", "amount", [Decimal(VALID_FNR)], pa.decimal128(11, 0)), DECLARE_AMOUNT,
     VALID_FNR, "tumours.parquet, column amount, row 1: direct identifier refused"),
    ("date-shaped number with bad check digits as patient_id", with_values(
        "patients", "patient_id", ["01019910004"]), None, "01019910004",
     "patients.parquet, column patient_id, row 1: direct identifier refused: expected "
     "pseudonyms and codes, never national identity numbers"),
    ("a name as a code value", with_values("tumours", "histology", ["kari_nordmann"]), None,
     "kari_nordmann", "tumours.parquet, column histology, row 1: unknown code: expected one of "
     "'ductal', 'lobular'"),
    ("a name as a pseudonym", with_values("patients", "patient_id", ["kari_nordmann"]), None,
     "kari_nordmann", "patients.parquet, column patient_id, row 1: unknown code: expected "
     "pseudonyms such as p0004711"),
    ("an added column pasientnavn", with_values("patients", "pasientnavn", ["x"]), None, None,
     "patients.parquet, column pasientnavn: direct identifier refused: expected no names, "
     "addresses, identity numbers or contact details; found a column whose name says it "
     "holds one"),
    ("an undeclared free-text column", with_values(
        "tumours", "comment", ["Kari Nordmann, kari@example.no, +47 912 34 567"]), None,
     "kari@example.no", "tumours.parquet, column comment: undeclared column: expected only the "
     "contract's columns, or columns declared in dataset.yml"),
    ("an e-mail address in it", with_values(
        "tumours", "comment", ["Kari Nordmann, kari@example.no, +47 912 34 567"]), None,
     "kari@example.no", "tumours.parquet, column comment, row 1: direct identifier refused: "
     "expected pseudonyms and codes, never e-mail addresses"),
    ("a phone number in it", with_values(
        "tumours", "comment", ["Kari Nordmann, kari@example.no, +47 912 34 567"]), None,
     "912 34 567", "tumours.parquet, column comment, row 1: direct identifier refused: "
     "expected pseudonyms and codes, never phone numbers"),
    ("free text in a declared string column", with_values("tumours", "note", ["Kari Nordmann"]),
     DECLARE_NOTE, "Kari Nordmann", "tumours.parquet, column note, row 1: unknown code: "
     "expected lower-case codes (a-z, 0-9, _ . -), not free text"),
    ("a phone number in a declared string column", with_values("tumours", "note", ["91234567"]),
     DECLARE_NOTE, "91234567", "column note, row 1: direct identifier refused: expected "
     "pseudonyms and codes, never phone numbers"),
    ("an e-mail address as form_id", with_values("forms", "form_id", ["kari@example.no"]), None,
     "kari@example.no", "forms.parquet, column form_id, row 1: direct identifier refused: "
     "expected pseudonyms and codes, never e-mail addresses"),
    ("a full birth date", with_values("patients", "birth_date", ["1964-05-15"]), None,
     "1964-05-15", "patients.parquet, column birth_date: direct identifier refused: expected "
     "birth year only (birth_year), never a full birth date"),
    ("identity number split by underscores in a pseudonym", with_values(
        "forms", "form_id", ["f15_05_90_100_23"]), None, "15_05_90",
     "forms.parquet, column form_id, row 1: direct identifier refused: expected pseudonyms and "
     "codes, never national identity numbers"),
    ("a negative identity number in an int column", with_values(
        "tumours", "amount", [-int(VALID_FNR)], pa.int64()), DECLARE_COUNT, VALID_FNR,
     "tumours.parquet, column amount, row 1: direct identifier refused: expected counts and "
     "measurements, never national identity numbers"),
    ("an identity number as a column name", with_values("tumours", VALID_FNR, ["x"]), None,
     VALID_FNR, f"tumours.parquet, column {ADDED} (its name is not shown): direct identifier "
     "refused: expected no identity numbers or contact details, in names either; found a "
     "column name holding one"),
    ("an e-mail address as a column name", with_values("tumours", "kari@example.no", ["x"]),
     None, "kari@example.no", f"tumours.parquet, column {ADDED} (its name is not shown): "
     "undeclared column"),
    ("a line break in a column name", with_values("tumours", "a\n  - forged problem", ["x"]),
     None, "forged", f"tumours.parquet, column {ADDED} (its name is not shown): undeclared "
     "column"),
    ("a quote in a column name", with_values("tumours", 'x" from (select 1); --', ["x"]),
     None, "select 1", f"tumours.parquet, column {ADDED} (its name is not shown): undeclared "
     "column"),
    ("an identity number in dataset.yml", with_values("tumours", "histology", ["ductal"]),
     f"synthetic: true\ncontact: 'Kari Nordmann {VALID_FNR}'\n", VALID_FNR,
     "dataset.yml, column contact: direct identifier refused: expected no identity numbers or "
     "contact details; found a key or value holding one"),
    ("an e-mail address in a dataset.yml list", with_values("tumours", "histology", ["ductal"]),
     "synthetic: true\nresponsible: [registry, kari@example.no]\n", "kari@example.no",
     "dataset.yml, column responsible.2: direct identifier refused"),
    ("an identity number as a dataset.yml key", with_values("tumours", "histology",
                                                            ["ductal"]),
     f"synthetic: true\n'{VALID_FNR}': patient\n", VALID_FNR,
     "dataset.yml, column 2 (its name is not shown): direct identifier refused"),
    ("a declared column named with an identity number", with_values(
        "tumours", f"n{VALID_FNR}", ["x"]),
     f"columns:\n  tumours:\n    n{VALID_FNR}: {{type: string, meaning: x}}\n", VALID_FNR,
     "dataset.yml, column columns.tumours.1 (its name is not shown): direct identifier "
     "refused"),
    ("a declared column name that is SQL", with_values("tumours", "note", ["x"]),
     "columns:\n  tumours:\n    'x) or 1=1 --': {type: string, meaning: x}\n", "1=1",
     "dataset.yml, column columns.tumours.1 (its name is not shown): bad dataset description: "
     "expected a column name of lower-case letters, digits and _, as the contract's"),
    ("a column declared without a type", with_values("tumours", "note", ["abc"]),
     "columns:\n  tumours:\n    note: {meaning: x}\n", None,
     "dataset.yml, column columns.tumours.note: bad dataset description: expected a mapping "
     "columns: <table>: <column>: {type: string | int | bool | date | float, meaning: text}"),
]


@pytest.mark.parametrize("case, build, meta, planted, expected", CASES,
                         ids=[c[0] for c in CASES])
def test_personal_data_is_refused_without_echoing_it(tmp_path, case, build, meta, planted,
                                                      expected):
    folder = build(tmp_path / "ds", meta)
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    messages = [p.message for p in problems]
    assert any(expected in m for m in messages), messages
    if planted:
        assert not any(planted in m for m in messages)


def test_a_declared_code_column_with_clean_values_is_accepted(tmp_path):
    folder = with_values("tumours", "note", ["lab_7", NOT_A_NUMBER])(tmp_path / "ds",
                                                                     DECLARE_NOTE)
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    assert problems == []


def test_an_iso_date_is_not_a_phone_number(tmp_path):
    folder = with_values("tumours", "note", ["2024-05-01"])(tmp_path / "ds", DECLARE_NOTE)
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    assert problems == []
    assert identifiers.holds_phone("2024-05-01 or 912 34 567")


@pytest.mark.parametrize("text, found", [
    (f"fnr {VALID_FNR}", True), (f"ref {INVALID_FNR}", True), (D_NUMBER, True),
    ("150590 10023", True), ("15.05.90-10023", True), (NOT_A_NUMBER, False),
    (f"{NOT_A_NUMBER}{VALID_FNR}", False),  # 22 digits glued: no 11-digit number in it
    (f"{NOT_A_NUMBER} {VALID_FNR}", True), ("p0004711", False), ("12345678901", False),
    ("p150590_10023", True),
])
def test_identity_numbers_are_found_however_they_are_written(text, found):
    assert identifiers.holds_identity_number(text) is found


def test_check_digits_of_national_identity_numbers():
    assert identifiers.valid_fnr(VALID_FNR)
    assert not identifiers.valid_fnr(INVALID_FNR)
    assert not identifiers.valid_fnr("1505901002")
    assert identifiers.date_shaped(INVALID_FNR) and not identifiers.date_shaped(NOT_A_NUMBER)

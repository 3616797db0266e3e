"""Validation of extracts: one test per kind of problem, with the message wording pinned."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from builders import FIXTURE_REFERENCE, valid_tables, write_dataset

from report.ingest import extracts
from report.ingest.problems import ValidationFailed


def problems_for(tmp_path, tables, meta=None):
    folder = write_dataset(tmp_path / "ds", tables, meta=meta)
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    return [p.message for p in problems]


def changed(table, index, **values):
    tables = valid_tables()
    tables.setdefault(table, [{}])
    tables[table][index].update(values)
    return tables


def test_valid_dataset_has_no_problems(tmp_path):
    assert problems_for(tmp_path, valid_tables()) == []


def test_load_returns_a_connection_with_every_table(tmp_path):
    con = extracts.load(write_dataset(tmp_path / "ds", valid_tables()), FIXTURE_REFERENCE)
    assert con.execute("select count(*) from tumours").fetchone() == (2,)
    assert con.execute("select count(*) from hospitals").fetchone() == (3,)


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        (changed("tumours", 0, age_at_diagnosis=130),
         "tumours.parquet, column age_at_diagnosis, row 1: out of range: expected 0 to 120; "
         "found 1 distinct value not allowed"),
        (changed("tumours", 1, stage="V"),
         "tumours.parquet, column stage, row 2: unknown code: expected one of '0', 'I', 'II', "
         "'III', 'IV'; found 1 distinct value not allowed"),
        (changed("surgeries", 1, hospital_id="h9"),
         "surgeries.parquet, column hospital_id, row 2: unknown hospital: expected a "
         "hospital_id from reference hospitals.csv; found 1 distinct value not allowed"),
        (changed("surgeries", 0, hospital_id="h2"),
         "surgeries.parquet, column hospital_id, row 1: unknown hospital: expected a hospital "
         "in operation on surgery_date (hospitals.csv valid_from/valid_to); found 1 distinct "
         "value not allowed"),
        (changed("surgeries", 0, surgery_date=date(2024, 2, 1)),
         "surgeries.parquet, column surgery_date, row 1: impossible date order: expected "
         "surgery_date on or after diagnosis_date; found surgery before diagnosis"),
        (changed("assessments", 0, first_visit_date=date(2024, 2, 1)),
         "assessments.parquet, column first_visit_date, row 1: impossible date order: expected "
         "first_visit_date on or after referral_date; found first visit before referral"),
        (changed("forms", 1, tumour_id="t9"),
         "forms.parquet, column tumour_id, row 2: orphan key: expected a tumour_id present in "
         "tumours"),
        (changed("forms", 1, form_id="f1"),
         "forms.parquet, column form_id, rows 1, 2: duplicate key: expected each form_id once; "
         "found repeated values"),
        (dict(changed("tumours", 0, age_at_diagnosis=50),
              patients=[{"patient_id": "p_t1", "birth_year": 1960}]),
         "tumours.parquet, column age_at_diagnosis, row 1: age and birth year disagree: "
         "expected diagnosis year minus birth_year, or one less"),
        (changed("tumours", 0, icd10="D05.1"),
         "tumours.parquet, column invasive, row 1: inconsistent values: expected invasive true "
         "exactly for C50 codes, and stage 0 only for in situ (D05)"),
        (changed("surgeries", 0, reoperation=None),
         "surgeries.parquet, column reoperation, row 1: missing value: expected a value (bool)"),
        (changed("pathology", 0, specimen="cytology"),
         "pathology.parquet, column specimen, row 1: unknown code: expected one of 'biopsy', "
         "'resection'; found 1 distinct value not allowed"),
        (changed("pathology", 1, laboratory_id="l9"),
         "pathology.parquet, column laboratory_id, row 2: unknown code: expected a "
         "laboratory_id from reference laboratories.csv; found 1 distinct value not allowed"),
        (changed("pathology", 0, report_date=date(2024, 2, 1)),
         "pathology.parquet, column report_date, row 1: impossible date order: expected "
         "report_date on or after diagnosis_date; found pathology report before diagnosis"),
        (changed("pathology", 1, report_date=date(2024, 3, 10)),
         "pathology.parquet, column report_date, row 2: impossible date order: expected "
         "report_date on or after surgeries.surgery_date; found resection report before its "
         "operation"),
        (changed("pathology", 1, surgery_id="s9"),
         "pathology.parquet, column surgery_id, row 2: orphan key: expected a surgery_id "
         "present in surgeries"),
        (changed("pathology", 1, report_id="r1"),
         "pathology.parquet, column report_id, rows 1, 2: duplicate key: expected each "
         "report_id once; found repeated values"),
        (changed("pathology", 0, surgery_id="s1"),
         "pathology.parquet, column surgery_id, row 1: inconsistent values: expected a "
         "surgery_id exactly for resection reports"),
        (changed("pathology", 0, ki67_percent=101),
         "pathology.parquet, column ki67_percent, row 1: out of range: expected 0 to 100; "
         "found 1 distinct value not allowed"),
        (changed("surgeries", 0, nodes_examined=2, positive_nodes=3),
         "surgeries.parquet, column positive_nodes, row 1: inconsistent values: expected at "
         "most nodes_examined positive nodes"),
        (changed("tumours", 1, county_code="99"),
         "tumours.parquet, column county_code, row 2: unknown code: expected a county_code from "
         "reference counties.csv; found 1 distinct value not allowed"),
    ],
)
def test_content_problem_is_reported_with_file_column_row(tmp_path, tables, expected):
    assert expected in problems_for(tmp_path, tables)


def test_every_problem_is_reported_at_once(tmp_path):
    tables = changed("tumours", 0, age_at_diagnosis=130)
    tables["surgeries"][1]["hospital_id"] = "h9"
    tables["forms"][0]["form_type"] = "letter"
    assert len(problems_for(tmp_path, tables)) == 3  # range + hospital + code


def test_more_than_five_rows_are_summarised(tmp_path):
    tables = valid_tables()
    tables["forms"] = [{"tumour_id": "t1", "form_type": "fax"} for _ in range(8)]
    messages = problems_for(tmp_path, tables)
    assert ("forms.parquet, column form_type, rows 1, 2, 3, 4, 5 (and 3 more): unknown code: "
            "expected one of 'assessment', 'surgery', 'postop_checkup', 'radiology', "
            "'pathology', 'oncology'; found 1 distinct value not allowed") in messages


def test_missing_file_and_column(tmp_path):
    folder = write_dataset(tmp_path / "ds", valid_tables())
    (folder / "extracts" / "treatments.parquet").unlink()
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    assert [p.kind for p in problems] == ["missing file"]
    assert problems[0].message.endswith(
        "treatments.parquet: missing file: expected the treatments extract (.parquet or .csv)")


def test_wrong_type_in_parquet_names_the_type(tmp_path):
    import pyarrow.parquet as pq

    folder = write_dataset(tmp_path / "ds", valid_tables())
    path = folder / "extracts" / "patients.parquet"
    table = pq.read_table(path)
    table = table.set_column(2, "birth_year", table.column("birth_year").cast("double"))
    pq.write_table(table, path)
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    assert ("patients.parquet, column birth_year: wrong type: expected int values; found a "
            "column of type DOUBLE") in [p.message for p in problems]


def test_csv_extract_with_unparsable_dates_names_the_rows(tmp_path):
    folder = write_dataset(tmp_path / "ds", valid_tables())
    forms = folder / "extracts" / "forms.parquet"
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    pacsv.write_csv(pq.read_table(forms), folder / "extracts" / "forms.csv")
    forms.unlink()
    text = (folder / "extracts" / "forms.csv").read_text().replace("2024-05-01", "1.5.2024", 1)
    (folder / "extracts" / "forms.csv").write_text(text)
    _, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE)
    assert [p.message for p in problems] == [
        "forms.csv, column received_date, row 1: wrong type: expected date values; "
        "found 1 distinct value not allowed"]


def test_dates_after_follow_up_are_refused(tmp_path):
    tables = changed("treatments", 0, start_date=date(2025, 8, 1))
    messages = problems_for(tmp_path, tables, meta="follow_up_date: 2025-06-30\n")
    assert ("treatments.parquet, column start_date, row 1: impossible date order: expected "
            "dates on or before the follow-up date 2025-06-30; found later dates") in messages


def test_load_raises_with_every_problem(tmp_path):
    folder = write_dataset(tmp_path / "ds", changed("tumours", 0, age_at_diagnosis=130))
    with pytest.raises(ValidationFailed) as error:
        extracts.load(folder, FIXTURE_REFERENCE)
    assert str(error.value).startswith("1 problem(s) in the input data:")


def test_a_time_with_a_zone_is_read_as_the_date_in_oslo(tmp_path):
    """Half past midnight in Oslo on 1 March is still 29 February in UTC: the date is Oslo's,
    whatever the zone of the machine (here DuckDB's is set to UTC)."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq
    from builders import arrow_table, complete_tables

    folder = write_dataset(tmp_path / "ds", valid_tables())
    rows = complete_tables(valid_tables())["tumours"]
    table = arrow_table("tumours", rows)
    half_past = datetime(2024, 3, 1, 0, 30, tzinfo=ZoneInfo("Europe/Oslo"))
    oslo = pa.array([half_past] * len(rows), type=pa.timestamp("us", tz="Europe/Oslo"))
    table = table.set_column(table.schema.get_field_index("diagnosis_date"), "diagnosis_date",
                             oslo)
    pq.write_table(table, folder / "extracts" / "tumours.parquet")
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con, problems = extracts.validate(extracts.locate(folder), FIXTURE_REFERENCE, con)
    assert problems == []
    dates = {row[0] for row in con.execute("select diagnosis_date from tumours").fetchall()}
    assert dates == {date(2024, 3, 1)}


def test_a_follow_up_date_written_with_a_time_is_its_date(tmp_path):
    folder = write_dataset(tmp_path / "ds", valid_tables(),
                           meta="follow_up_date: 2025-06-30T12:00:00\n")
    dataset = extracts.locate(folder)
    _, problems = extracts.validate(dataset, FIXTURE_REFERENCE)
    assert problems == []
    assert dataset.follow_up == date(2025, 6, 30)

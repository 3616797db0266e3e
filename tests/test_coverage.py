"""Coverage is counted per patient per form type, as the registry reports it: a patient with two
tumours in a year counts once, has the form when any of her tumours of the year has it, and
belongs to the hospital responsible for her first tumour of the year."""

from datetime import date

import pytest
from builders import FIXTURE_REFERENCE, write_dataset

from report.compute import registry, results
from report.ingest import extracts

CATALOGUE = registry.catalogue()


@pytest.fixture(scope="module")
def coverage(tmp_path_factory) -> dict:
    given = {
        "tumours": [
            # p1: two tumours diagnosed the same day (bilateral); t1 first by tumour_id
            {"tumour_id": "t1", "patient_id": "p1", "laterality": "left"},
            {"tumour_id": "t2", "patient_id": "p1", "laterality": "right"},
            # p2: one tumour, never operated, no form at all
            {"tumour_id": "t3", "patient_id": "p2"},
            # p3: one tumour in 2024 and one in 2023, at another county's hospital
            {"tumour_id": "t4", "patient_id": "p3", "county_code": "46"},
            {"tumour_id": "t5", "patient_id": "p3", "county_code": "46",
             "diagnosis_date": date(2023, 3, 1), "age_at_diagnosis": 59,
             "first_breast_cancer": False},
            # p4: one tumour in 2023 with its assessment form (2023 is a clinical year: the
            # shared tables leave out years without any clinical form)
            {"tumour_id": "t6", "patient_id": "p4", "diagnosis_date": date(2023, 5, 2),
             "age_at_diagnosis": 59},
        ],
        "patients": [{"patient_id": "p1"}, {"patient_id": "p2"}, {"patient_id": "p3"},
                     {"patient_id": "p4"}],
        "surgeries": [
            {"tumour_id": "t1", "hospital_id": "h1"},
            {"tumour_id": "t2", "hospital_id": "h3"},
        ],
        "forms": [
            {"tumour_id": "t1", "form_type": "surgery", "hospital_id": "h1"},
            {"tumour_id": "t2", "form_type": "surgery", "hospital_id": "h3"},
            {"tumour_id": "t2", "form_type": "assessment", "hospital_id": "h3"},
            {"tumour_id": "t4", "form_type": "assessment", "hospital_id": "h3"},
            {"tumour_id": "t6", "form_type": "assessment", "hospital_id": "h1"},
        ],
    }
    con = extracts.load(write_dataset(tmp_path_factory.mktemp("ds"), given), FIXTURE_REFERENCE)
    try:
        results.prepare(con, CATALOGUE, registry.settings())
        frame = con.execute(CATALOGUE.get("coverage").sql).df()
    finally:
        con.close()
    return {(r.year, r.form_type, r.unit_level, r.unit_id): (int(r.reported), int(r.expected))
            for r in frame.itertuples()}


def test_a_patient_with_two_tumours_in_a_year_counts_once(coverage):
    # 2024: p1 (t1 + t2), p2, p3 -> three patients, not four tumours
    assert coverage[(2024, "assessment", "nation", "norway")] == (2, 3)


def test_a_form_for_any_of_her_tumours_of_the_year_counts(coverage):
    # p1's assessment form came for t2 only; p3's for t4
    assert coverage[(2024, "assessment", "nation", "norway")][0] == 2
    # both of p1's operated tumours had a surgery form: still one patient with the form
    assert coverage[(2024, "surgery", "nation", "norway")] == (1, 1)


def test_she_belongs_to_the_hospital_of_her_first_tumour(coverage):
    # t1 (operated at h1) comes before t2 (operated at h3): p1 is h1's patient only
    assert coverage[(2024, "surgery", "hospital", "h1")] == (1, 1)
    assert (2024, "surgery", "hospital", "h3") not in coverage
    # h3 has p3 (catchment of county 46) for assessment, h1 has p1 and p2
    assert coverage[(2024, "assessment", "hospital", "h3")] == (1, 1)
    assert coverage[(2024, "assessment", "hospital", "h1")] == (1, 2)


def test_a_patient_counts_in_each_year_she_had_a_tumour(coverage):
    # 2023: p3 (t5, no form) and p4 (t6, assessed)
    assert coverage[(2023, "assessment", "nation", "norway")] == (1, 2)

"""Hospital reports in the built site: every operating hospital gets both PDFs and both pages,
with its name and its primary operations in the language's format, 2-6 pages, PDF/UA-1, and no
hidden value."""

import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from report.cli import main
from report.content import downloads as site_downloads
from report.content import fmt, i18n

NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parent.parent


def operating(site, year):
    volume = pd.read_csv(site / "data" / "volume.csv", dtype=str, keep_default_na=False)
    return volume[volume.year == str(year)]


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout.replace(NBSP, " ")


def test_every_operating_hospital_has_both_pdfs_and_pages(report_site, built_report):
    hospitals = operating(report_site, built_report.year)["hospital_id"]
    assert len(hospitals) == 17
    for hospital in hospitals:
        for lang in ("nb", "en"):
            assert (report_site / "downloads" / site_downloads.hospital_pdf(hospital, lang)
                    ).is_file()
            assert (report_site / lang / site_downloads.hospital_page(hospital)).is_file()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_hospital_pdf_names_the_hospital_and_its_operations(report_site, built_report, lang):
    rows = operating(report_site, built_report.year)
    units = pd.read_csv(report_site / "data" / "units.csv").set_index("unit_id")
    for row in rows.itertuples():
        pdf = report_site / "downloads" / site_downloads.hospital_pdf(row.hospital_id, lang)
        text = text_of(pdf)
        assert units.loc[row.hospital_id, f"name_{lang}"] in text
        operations = (row.primary_operations if row.primary_operations.startswith("<")
                      else fmt.number(int(row.primary_operations), lang).replace(NBSP, " "))
        assert operations in text, row.hospital_id
        reader = PdfReader(pdf)
        assert 2 <= len(reader.pages) <= 6, (row.hospital_id, len(reader.pages))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8",
                                                                                    "ignore")
        assert "pdfuaid" in xmp


def test_hospitals_page_links_both_pdfs_of_every_hospital(report_site, built_report):
    hospitals = operating(report_site, built_report.year)["hospital_id"]
    for lang in ("nb", "en"):
        html = (report_site / lang / "hospitals.html").read_text("utf-8")
        for hospital in hospitals:
            assert f"downloads/{site_downloads.hospital_pdf(hospital, 'nb')}" in html
            assert f"downloads/{site_downloads.hospital_pdf(hospital, 'en')}" in html
            assert f'href="{site_downloads.hospital_page(hospital)}"' in html


def test_hospital_page_shows_no_hidden_share(report_site, built_report):
    """Hidden indicator results of a hospital show their reason, never a share."""
    ind = pd.read_csv(report_site / "data" / "indicators.csv", dtype=str,
                      keep_default_na=False)
    hidden = ind[(ind.period == str(built_report.year)) & (ind.unit_level == "hospital")
                 & (ind.percent == "")]
    assert len(hidden) > 0
    for row in hidden.itertuples():
        page = report_site / "nb" / site_downloads.hospital_page(row.unit_id)
        if not page.is_file():
            continue
        html = page.read_text("utf-8")
        assert i18n.t(f"suppressed.{row.suppression_rule}", "nb") in html


def test_hospital_command_makes_one_pdf(tmp_path):
    outcome = CliRunner().invoke(main, ["hospital", "h18", "--lang", "en", "--out",
                                        str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "downloads" / "hospitals" / "h18-en.pdf").is_file()
    assert not (tmp_path / "downloads" / "hospitals" / "h18-nb.pdf").exists()


def test_hospital_command_refuses_a_hospital_that_did_not_operate(tmp_path):
    outcome = CliRunner().invoke(main, ["hospital", "h06", "--out", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "did not operate in 2024" in outcome.output


def responsible_counts(year: int) -> pd.Series:
    """New cases per responsible hospital, worked out here from the extracts with pandas (not
    the SQL): the hospital of the first breast operation (bcs or mastectomy, by date, then
    surgery id), else the assessing hospital, else the catchment hospital of the county."""
    extracts = ROOT / "data" / "synthetic" / "extracts"
    tumours = pd.read_parquet(extracts / "tumours.parquet")
    tumours = tumours[pd.to_datetime(tumours.diagnosis_date).dt.year == year]
    surgeries = pd.read_parquet(extracts / "surgeries.parquet")
    breast = surgeries[surgeries.breast_procedure.isin(["bcs", "mastectomy"])]
    first = breast.sort_values(["surgery_date", "surgery_id"]).drop_duplicates("tumour_id")
    operated = first.set_index("tumour_id")["hospital_id"]
    assessed = pd.read_parquet(extracts / "assessments.parquet").set_index("tumour_id")[
        "hospital_id"]
    catchment = pd.read_csv(ROOT / "data" / "reference" / "counties.csv",
                            dtype={"county_code": str}).set_index("county_code")[
        "catchment_hospital_id"]
    responsible = tumours.tumour_id.map(operated).fillna(tumours.tumour_id.map(assessed))
    responsible = responsible.fillna(tumours.county_code.astype(str).map(catchment))
    return responsible.value_counts()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_hospital_pdf_gives_the_new_cases_it_is_responsible_for(report_site, built_report,
                                                                 lang):
    counts = responsible_counts(built_report.year)
    for hospital in ("h01", "h18"):  # the largest and the smallest
        expected = fmt.number(int(counts[hospital]), lang).replace(NBSP, " ")
        text = " ".join(text_of(report_site / "downloads"
                                / site_downloads.hospital_pdf(hospital, lang)).split())
        phrase = {"nb": f"ansvar for {expected} nye tilfeller",
                  "en": f"responsible for {expected} new breast cancer cases"}[lang]
        assert phrase in text, (hospital, expected)

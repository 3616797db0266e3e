"""The edition (data/edition.yml): checked with errors naming the key, written into the
manifest, shown on the front page and the PDF cover and in the PDFs' metadata, with a
recommended citation in both languages."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest
import yaml

from report.content import about, citation
from report.publish import edition
from report.yamlfile import YamlInvalid


def write(tmp_path, data) -> object:
    path = tmp_path / "edition.yml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    return path


def test_the_committed_edition_file_is_valid():
    loaded = edition.load()
    assert loaded.number >= 1
    assert isinstance(loaded.date, datetime.date)


@pytest.mark.parametrize("data, key, expected", [
    ({"date": "2025-10-15"}, "edition", "missing"),
    ({"edition": "one", "date": "2025-10-15"}, "edition", "whole number"),
    ({"edition": 0, "date": "2025-10-15"}, "edition", "at least 1"),
    ({"edition": 1, "date": "15.10.2025"}, "date", "YYYY-MM-DD"),
    ({"edition": 2, "date": "2025-10-15", "corrections": [{"what": {"nb": "a", "en": "b"}}]},
     "corrections[0].why", "missing"),
    ({"edition": 2, "date": "2025-10-15",
      "corrections": [{"what": {"nb": "a"}, "why": {"nb": "c", "en": "d"}}]},
     "what.en", "missing"),
])
def test_a_bad_edition_file_names_the_file_and_key(tmp_path, data, key, expected):
    with pytest.raises(YamlInvalid) as error:
        edition.load(write(tmp_path, data))
    message = str(error.value)
    assert "edition.yml" in message and key in message and expected in message


def test_an_edition_dated_before_the_report_year_ended_is_refused(tmp_path):
    early = edition.load(write(tmp_path, {"edition": 1, "date": "2024-12-31"}))
    with pytest.raises(YamlInvalid, match="after the report year 2024"):
        edition.check_year(early, 2024)
    edition.check_year(early, 2023)


def test_dates_are_written_in_each_language():
    assert citation.date("2025-10-05", "nb") == "5. oktober 2025"
    assert citation.date("2025-10-05", "en") == "5 October 2025"


def manifest_of(report_site) -> dict:
    return json.loads((report_site / "data" / "manifest.json").read_text("utf-8"))


def test_the_manifest_names_the_edition_from_the_edition_file(report_site):
    from report import __version__

    loaded, written = edition.load(), manifest_of(report_site)["edition"]
    assert written["number"] == loaded.number
    assert written["date"] == loaded.date.isoformat()
    assert written["generator"] == f"nbcr-report {__version__}"


def test_the_citation_names_registry_year_edition_date_and_publisher(report_site):
    manifest, facts = manifest_of(report_site), about.facts()
    loaded = edition.load()
    for lang in ("nb", "en"):
        text = citation.citation(manifest, facts, lang)
        assert text.startswith(facts.text("name", lang))
        assert str(manifest["report_year"]) in text
        assert citation.date(loaded.date, lang) in text
        assert facts.text("publisher", lang) in text


def pdf_info(path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def test_national_and_hospital_pdfs_carry_the_edition_in_their_metadata(report_site):
    loaded = edition.load()
    pdfs = sorted((report_site / "downloads").glob("*.pdf"))
    pdfs += sorted((report_site / "downloads" / "hospitals").glob("*.pdf"))[:2]
    for pdf in pdfs:
        info = pdf_info(pdf)
        assert loaded.date.isoformat() in info["Keywords"], pdf.name
        assert str(loaded.number) in info["Subject"], pdf.name


def test_front_page_shows_edition_and_citation_in_both_languages(report_site):
    loaded = edition.load()
    for lang, title in (("nb", "Anbefalt referanse"), ("en", "Recommended citation")):
        page = (report_site / lang / "index.html").read_text("utf-8")
        assert title in page
        assert citation.date(loaded.date, lang) in page


def test_the_language_choice_page_shows_the_edition_line_in_each_language(report_site):
    import html

    manifest = json.loads((report_site / "data" / "manifest.json").read_text("utf-8"))
    page = html.unescape((report_site / "index.html").read_text("utf-8"))
    for lang in ("nb", "en"):
        line = citation.edition_line(manifest, lang)
        assert line and f'<p class="description" lang="{lang}">{line}</p>' in page
        # the same line as the front page's, written once by citation.edition_line
        assert line in html.unescape((report_site / lang / "index.html").read_text("utf-8"))


def test_a_correction_holding_html_is_refused(tmp_path):
    from report.plaintext import MarkupRefused

    data = {"edition": 2, "date": "2025-11-20",
            "corrections": [{"what": {"nb": "a", "en": "b"},
                             "why": {"nb": "[x](javascript:alert(1))", "en": "d"}}]}
    with pytest.raises(MarkupRefused, match=r"key 'why\.nb', line 1: links must"):
        edition.load(write(tmp_path, data))


def test_commands_stop_on_a_bad_edition_or_facts_file_without_a_traceback(tmp_path,
                                                                           monkeypatch):
    from click.testing import CliRunner

    from report.cli import main

    monkeypatch.setattr(edition, "FILE", write(tmp_path, {"edition": 1, "date": "soon"}))
    outcome = CliRunner().invoke(main, ["results", "--out", str(tmp_path / "r")])
    assert outcome.exit_code == 2
    assert "key 'date': expected a date written YYYY-MM-DD" in outcome.output
    assert "Traceback" not in outcome.output
    monkeypatch.undo()
    facts = yaml.safe_load(about.FILE.read_text("utf-8"))
    facts["legal_basis"] = {"nb": "Tekst."}
    bad = tmp_path / "registry.yml"
    bad.write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    monkeypatch.setattr(about, "FILE", bad)
    about.facts.cache_clear()
    try:
        outcome = CliRunner().invoke(main, ["build", "--quiet", "--out", str(tmp_path / "s")])
    finally:
        about.facts.cache_clear()
    assert outcome.exit_code == 2
    assert "key 'legal_basis.en' is missing" in outcome.output
    assert "Traceback" not in outcome.output


def test_the_workbooks_front_sheet_names_the_edition(report_site):
    from openpyxl import load_workbook

    from report.content import i18n

    manifest = manifest_of(report_site)
    for lang in ("nb", "en"):
        book = load_workbook(report_site / "downloads" / f"nbcr-{manifest['report_year']}-"
                                                         f"{lang}.xlsx")
        front = book[book.sheetnames[0]]
        assert front.cell(7, 1).value == i18n.t("workbook.edition", lang)
        assert front.cell(7, 2).value == citation.edition_line(manifest, lang)

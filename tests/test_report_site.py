"""The national report built on the synthetic data: both trees, the PDFs, and no hidden value
on any page."""

import re
import subprocess

import pandas as pd
import pytest
from pypdf import PdfReader

from report.compute import registry, results
from report.content import downloads as site_downloads
from report.content import fmt

NBSP = "\u00a0"


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.replace(NBSP, " ")


def test_every_nb_page_has_its_english_twin(report_site):
    nb = {p.relative_to(report_site / "nb") for p in (report_site / "nb").rglob("*.html")}
    en = {p.relative_to(report_site / "en") for p in (report_site / "en").rglob("*.html")}
    assert nb == en
    assert len(nb) >= 10


def test_site_has_data_and_both_national_pdfs(report_site, built_report):
    for lang in ("nb", "en"):
        pdf = report_site / "downloads" / site_downloads.national_pdf(built_report.year, lang)
        assert pdf.is_file(), pdf
    assert (report_site / "data" / "indicators.csv").is_file()
    assert (report_site / "data" / "manifest.json").is_file()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_downloads_page_links_both_workbooks_and_every_parquet_file_in_the_site(
        report_site, built_report, lang):
    html = (report_site / lang / "downloads.html").read_text("utf-8")
    links = set(re.findall(r'href="\.\./((?:downloads|data)/[^"#]+)"', html))
    books = {f"downloads/{site_downloads.workbook(built_report.year, b)}" for b in ("nb", "en")}
    parquet = {f"data/{p.name}" for p in (report_site / "data").glob("*.parquet")}
    assert books <= links
    assert parquet and parquet <= links
    for link in links:
        assert (report_site / link).is_file(), link


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_national_pdf_is_tagged_a4_and_under_80_pages(report_site, built_report, lang):
    reader = PdfReader(report_site / "downloads" /
                       site_downloads.national_pdf(built_report.year, lang))
    assert 10 <= len(reader.pages) <= 80
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8", "ignore")
    assert "pdfuaid" in xmp


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_key_figures_in_the_pdf_match_the_published_csv(report_site, built_report, lang):
    text = pdf_text(report_site / "downloads" /
                    site_downloads.national_pdf(built_report.year, lang))
    cases = pd.read_csv(report_site / "data" / "new_cases.csv")
    women = cases[(cases.year == built_report.year) & (cases.sex == "f")
                  & (cases.tumour_type == "invasive")]["cases"].iloc[0]
    assert fmt.number(int(women), lang).replace(NBSP, " ") in text
    ind = pd.read_csv(report_site / "data" / "indicators.csv")
    nation = ind[(ind.period == built_report.year) & (ind.unit_level == "nation")]
    for row in nation.itertuples():
        assert fmt.percent(row.percent, lang).replace(NBSP, " ") in text, row.indicator_id


def _table_rows(html: str, table_id: str) -> list[str]:
    start = html.find(f'id="{table_id}"')
    assert start >= 0, table_id
    end = html.find("</table>", start)
    return re.findall(r"<tr.*?</tr>", html[start:end], re.S)


def test_hidden_indicator_results_do_not_appear_in_their_table_rows(report_site, built_report):
    """The true (unsuppressed) share of every hidden hospital result is absent from the
    hospital's row of the indicator table in both languages."""
    result_set = results.compute()
    catalogue = registry.catalogue()
    raw = _unsuppressed(catalogue)
    checked = 0
    for lang in ("nb", "en"):
        units = result_set.units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
        for page in (report_site / lang).glob("*.html"):
            html = page.read_text("utf-8")
            for ind in catalogue.indicators:
                if f'id="gt-tbl-{ind.id}"' not in html:
                    continue
                published = result_set.published[ind.id]
                hidden = published.frame[published.frame["percent"].isna()
                                         & (published.frame["period"] == built_report.year)]
                for row in hidden.itertuples():
                    name = units[(row.unit_level, row.unit_id)]
                    rows = [r for r in _table_rows(html, f"gt-tbl-{ind.id}") if name in r]
                    key = (row.unit_level, row.unit_id, row.period)
                    true = 100 * raw[ind.id].loc[key, "numerator"] / raw[ind.id].loc[key,
                                                                              "denominator"]
                    for r in rows:
                        assert fmt.percent(true, lang) not in r, (ind.id, row.unit_id)
                        checked += 1
    assert checked > 0


def _unsuppressed(catalogue) -> dict[str, pd.DataFrame]:
    """Every indicator's unsuppressed counts, for this test's comparison only."""
    from report.ingest import extracts

    con = extracts.load()
    results.prepare(con, catalogue, registry.settings())
    frames = {ind.id: con.execute(ind.sql).df().set_index(["unit_level", "unit_id", "period"])
              for ind in catalogue.indicators}
    con.close()
    return frames


def test_every_page_built_from_synthetic_data_says_so(report_site):
    from report.content import i18n

    for lang in ("nb", "en"):
        notice = i18n.t("notice.synthetic", lang)[:40]
        pages = list((report_site / lang).rglob("*.html"))
        missing = [str(p.relative_to(report_site)) for p in pages
                   if notice not in p.read_text("utf-8")]
        assert missing == []

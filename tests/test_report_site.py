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
from report.content.sides import Sides

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
def test_national_pdf_is_tagged_a4_and_under_100_pages(report_site, built_report, lang):
    reader = PdfReader(report_site / "downloads" /
                       site_downloads.national_pdf(built_report.year, lang))
    # twelve chapters and three appendices; funnels and result tables stay on the web
    assert 10 <= len(reader.pages) <= 100
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
    for row in nation.itertuples():  # as the chapter shows it: its side of a target level kept
        shown = Sides.indicator(row.indicator_id).percent(row.percent, lang)
        assert shown.replace(NBSP, " ") in text, row.indicator_id


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


def test_no_shown_share_reads_as_the_other_side_of_its_level(report_site):
    """Every share in a table cell, a chart's label, data or tooltip on every page, compared
    with the published value: the number shown is on the same side of each target level (or
    of the satisfactory coverage level) as the value its status was judged on."""
    from sides_check import findings

    found, checked = findings(report_site)
    assert checked > 1000
    assert found == []


def _widened(report_site, year: int):
    """(indicator rows, coverage rows) of YEAR whose shown share needs more decimals than
    usual (one for indicators, none for coverage) to keep its side of a level."""
    ind = pd.read_csv(report_site / "data" / "indicators.csv")
    ind = ind[(ind.period == year) & ind.unit_level.isin(["nation", "region", "hospital"])
              & ind.percent.notna()]
    ind = ind[[Sides.indicator(r.indicator_id).places(r.percent) > 1 for r in ind.itertuples()]]
    cov = pd.read_csv(report_site / "data" / "coverage.csv")
    cov = cov[(cov.year == year) & cov.unit_level.isin(["nation", "region", "hospital"])
              & cov.percent.notna()]
    cov = cov[[Sides.coverage().places(p) > 0 for p in cov.percent]]
    return ind, cov


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_pdfs_show_the_decimals_that_keep_a_share_on_its_side_and_say_why(
        report_site, built_report, lang):
    ind, cov = _widened(report_site, built_report.year)
    assert len(ind) + len(cov)  # the synthetic data has such values: the test means something
    why = {"nb": "flere desimaler", "en": "more decimals"}[lang]
    national = " ".join(pdf_text(report_site / "downloads" / site_downloads.national_pdf(
        built_report.year, lang)).split())
    for r in ind.itertuples():  # the indicator's table in its chapter
        assert Sides.indicator(r.indicator_id).number(r.percent, lang) in national, r
    for r in cov.itertuples():  # the coverage table (and the bars' labels)
        assert Sides.coverage().number(r.percent, lang) in national, r
    assert why in national
    parent = pd.read_csv(report_site / "data" / "units.csv").set_index("unit_id")["parent_id"]
    hospitals = set(pd.read_csv(report_site / "data" / "volume.csv").query(
        f"year == {built_report.year}").hospital_id)
    checked = 0
    for hospital in sorted(hospitals):
        region = parent[parent[hospital]]
        own = ind[(ind.unit_id == hospital) | (ind.unit_id == region)
                  | (ind.unit_level == "nation")]
        mine = cov[(cov.unit_id == hospital)]
        if not len(own) and not len(mine):
            continue
        text = " ".join(pdf_text(report_site / "downloads" / site_downloads.hospital_pdf(
            hospital, lang)).split())
        for r in own.itertuples():  # the hospital's indicator table
            assert Sides.indicator(r.indicator_id).number(r.percent, lang) in text, (hospital, r)
        for r in mine.itertuples():  # the label beside its coverage bar
            assert Sides.coverage().number(r.percent, lang) in text, (hospital, r)
        assert why in text, hospital
        checked += 1
    assert checked


# --- new cases by tumour type -------------------------------------------------------------

TUMOUR_TYPES = {"nb": {"invasive": "Invasiv brystkreft (C50)", "dcis": "DCIS (D05.1)",
                       "lcis": "LCIS (D05.0)", "other_in_situ": "Annet in situ (D05.7, D05.9)"},
                "en": {"invasive": "Invasive breast cancer (C50)", "dcis": "DCIS (D05.1)",
                       "lcis": "LCIS (D05.0)",
                       "other_in_situ": "Other in situ (D05.7, D05.9)"}}
TOTAL = {"nb": "I alt", "en": "Total"}
SEXES = {"nb": {"f": "Kvinner", "m": "Menn"}, "en": {"f": "Women", "m": "Men"}}


def _cells(row: str) -> list[str]:
    """The visible text of a row's cells (text only screen readers get is left out)."""
    row = re.sub(r'<span class="visually-hidden">.*?</span>', "", row)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [re.sub(r"<[^>]+>", "", c).replace("&lt;", "<").replace(NBSP, " ").strip()
            for c in cells]


def _published_count(cases: pd.DataFrame, year: int, sex: str, kind: str) -> int | str:
    """The published count of new_cases.csv: a number, '<5' as published, 0 without a row."""
    row = cases[(cases.year == year) & (cases.sex == sex) & (cases.tumour_type == kind)]
    if not len(row):
        return 0
    return int(row["cases"].iloc[0]) if pd.notna(row["cases"].iloc[0]) else "<5"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_incidence_page_has_a_line_per_tumour_type_equal_to_the_published_new_cases(
        report_site, built_report, lang):
    """Invasive, DCIS, LCIS and other in situ each have their own line for women and for men
    in the report year and the years before it, holding the count of new_cases.csv (so DCIS
    never includes LCIS or other in situ), and each sex's total is the sum of its lines."""
    html = (report_site / lang / "incidence.html").read_text("utf-8")
    rows = [_cells(r) for r in _table_rows(html, "gt-tbl-new-cases")]
    header, body = rows[0], rows[1:]
    years = [int(c) for c in header[2:]]
    assert years[-1] == built_report.year
    cases = pd.read_csv(report_site / "data" / "new_cases.csv")
    expected, words = [], TUMOUR_TYPES[lang]
    for sex in ("f", "m"):
        counts = {k: [_published_count(cases, y, sex, k) for y in years] for k in words}
        for i, kind in enumerate(words):
            shown = [c if isinstance(c, str) else fmt.number(c, lang).replace(NBSP, " ")
                     for c in counts[kind]]
            expected.append([SEXES[lang][sex] if i == 0 else "", words[kind], *shown])
        totals = [sum(parts) if all(isinstance(p, int) for p in parts) else None
                  for parts in zip(*counts.values(), strict=True)]
        assert all(t is not None for t in totals)  # nothing hidden in the synthetic data
        expected.append(["", TOTAL[lang],
                         *(fmt.number(t, lang).replace(NBSP, " ") for t in totals)])
    assert body == expected
    women_lcis = body[list(words).index("lcis")]
    assert women_lcis[1] == words["lcis"] and women_lcis[-1] != "0"  # the check has teeth


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_national_pdf_has_the_lcis_and_other_in_situ_lines_of_the_report_year(
        report_site, built_report, lang):
    text = pdf_text(report_site / "downloads" /
                    site_downloads.national_pdf(built_report.year, lang))
    cases = pd.read_csv(report_site / "data" / "new_cases.csv")
    for kind in ("dcis", "lcis", "other_in_situ"):
        label = TUMOUR_TYPES[lang][kind]
        lines = [line for line in text.splitlines() if line.strip().startswith(label)]
        women = _published_count(cases, built_report.year, "f", kind)
        assert lines, label
        shown = women if isinstance(women, str) else fmt.number(women, lang).replace(NBSP, " ")
        assert lines[0].rstrip().endswith(f" {shown}"), lines[0]  # women's line comes first


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_incidence_text_and_methods_say_what_dcis_lcis_and_other_in_situ_are(report_site,
                                                                               lang):
    words = {"nb": ("duktalt carcinoma in situ (DCIS, ICD-10 D05.1)",
                    "lobulært carcinoma in situ (LCIS, ICD-10 D05.0)",
                    "annet eller uspesifisert carcinoma in situ (ICD-10 D05.7 og D05.9)"),
             "en": ("ductal carcinoma in situ (DCIS, ICD-10 D05.1)",
                    "lobular carcinoma in situ (LCIS, ICD-10 D05.0)",
                    "other or unspecified carcinoma in situ (ICD-10 D05.7 and D05.9)")}
    incidence = (report_site / lang / "incidence.html").read_text("utf-8")
    methods = re.sub(r"\s+", " ", (report_site / lang / "methods.html").read_text("utf-8"))
    for phrase in words[lang]:
        assert phrase in incidence, phrase
    for code in ("C50", "D05.1", "D05.0", "D05.7", "D05.9"):
        assert code in methods, code
    assert ("LCIS er lobulært carcinoma in situ (ICD-10 D05.0)" if lang == "nb"
            else "LCIS is lobular carcinoma in situ (ICD-10 D05.0)") in methods


def test_the_web_fonts_hold_every_character_the_pages_and_charts_show(report_site):
    """The fonts are cut to a list of characters (webfonts.UNICODES): a character outside it
    would be drawn in a fallback font. Every page's text and every chart spec's strings."""
    import html as htmllib
    import json as jsonlib

    from report.render import webfonts

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for key, value in node.items():
                if key not in ("$schema", "usermeta"):
                    yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    shown: dict[str, str] = {}
    for page in report_site.rglob("*.html"):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text("utf-8"), flags=re.S)
        for char in htmllib.unescape(re.sub(r"<[^>]+>", " ", text)):
            shown.setdefault(char, page.name)
    for spec in report_site.rglob("*.vl.json"):
        for text in strings(jsonlib.loads(spec.read_text("utf-8"))):
            for char in text:
                shown.setdefault(char, spec.name)
    assert len(shown) > 60  # the test looked at real text
    covered = set(webfonts.UNICODES)
    missing = {f"U+{ord(c):04X}": where for c, where in shown.items()
               if ord(c) >= 0x20 and ord(c) not in covered}
    assert missing == {}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_national_pdf_holds_no_relative_link_and_names_the_hospital_pdfs(report_site,
                                                                             built_report, lang):
    from pypdf import PdfReader

    from report.content import downloads, hospital, published

    results = published.load(report_site / "data")
    pdf = report_site / "downloads" / downloads.national_pdf(results.year, lang)
    reader = PdfReader(pdf)
    uris = [str(action["/URI"]) for page in reader.pages for annot in page.get("/Annots") or []
            if "/URI" in (action := annot.get_object().get("/A") or {})]
    assert [u for u in uris if not re.match(r"^[a-z][a-z0-9+.-]*:", u)] == []
    text = "".join(page.extract_text() for page in reader.pages)
    for hospital_id in hospital.operating(results):
        for pdf_lang in ("nb", "en"):
            name = downloads.hospital_pdf(hospital_id, pdf_lang).rsplit("/", 1)[1]
            assert name in text, name

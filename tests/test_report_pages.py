"""Page structure of the built report: a hospital page offers its own PDF in its language,
every table row has a row heading, and a blank cell says why it is blank."""

import posixpath
import re

import pytest


def hospital_pages(site):
    return sorted(site.glob("*/hospitals/*.html"))


def test_a_hospital_page_downloads_its_own_pdf_in_its_language(report_site):
    pages = hospital_pages(report_site)
    assert pages
    for page in pages:
        lang, hospital = page.parent.parent.name, page.stem
        html = page.read_text(encoding="utf-8")
        sidebar = html.split('<nav class="sidebar"', 1)[1].split("</nav>", 1)[0]
        href = re.search(r'<p class="download"><a href="([^"]+)"', sidebar).group(1)
        target = posixpath.normpath(posixpath.join(f"{lang}/hospitals", href))
        assert target == f"downloads/hospitals/{hospital}-{lang}.pdf"
        assert (report_site / target).is_file()
        assert 'aria-current="page"' in sidebar  # the sidebar shows where the reader is


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_table_row_has_a_row_heading(report_site, lang):
    rows = 0
    for page in sorted((report_site / lang).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
                rows += 1
                assert row.lstrip().startswith('<th scope="row"'), (page.name, row[:80])
    assert rows > 0


def test_a_blank_cell_says_why_it_is_blank(report_site):
    """A cell with no visible text carries a visually hidden reason (screen readers read it);
    no cell of a report table is simply empty."""
    blank = reasons = 0
    for page in sorted(report_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for table in re.findall(r'<table class="data-table[^"]*">(.*?)</table>', html, re.S):
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table, re.S):
                visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", cell)
                if not re.sub(r"<[^>]+>", "", visible).strip():
                    blank += 1
                    reasons += 'class="visually-hidden"' in cell
    assert blank == reasons

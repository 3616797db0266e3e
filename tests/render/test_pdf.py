"""The PDF of the golden book: text, fonts, PDF/UA identification, alt text, determinism."""

import re
import subprocess

import pytest
from pypdf import PdfReader


@pytest.fixture(scope="module")
def pdf_nb(site):
    return site / "nb" / "testboka-nb.pdf"


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_extracted_text_keeps_norwegian_letters(pdf_nb):
    text = text_of(pdf_nb)
    assert "Et lite eksempel med æ, ø og å" in text
    assert "Blåbærsyltetøy og ærfugl" in text


def test_cover_toc_header_and_localised_page_numbers(pdf_nb, site):
    text = text_of(pdf_nb)
    assert "Innhold" in text and "Side 2 av" in text
    assert "Figur 1.1: Antall tilfeller per år" in text
    assert "Tabell 1.1: Antall tilfeller per år" in text
    assert "Denne setningen står bare i PDF-en." in text
    assert "bare på nettsiden" not in text
    en = text_of(site / "en" / "testbook-en.pdf")
    assert "Contents" in en and "Page 2 of" in en and "Figure 1.1" in en


def test_every_font_is_embedded(pdf_nb):
    out = subprocess.run(["pdffonts", str(pdf_nb)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), out
    assert all("DejaVu" in row for row in rows)


def test_pdf_ua_identification_title_and_language(pdf_nb):
    reader = PdfReader(pdf_nb)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part>\s*1\s*<", xmp) or 'pdfuaid:part="1"' in xmp
    assert reader.metadata.title == "Testboka"
    assert root["/Lang"] == "nb"
    assert root["/MarkInfo"]["/Marked"]


def figures(node, found):
    node = node.get_object()
    if hasattr(node, "keys"):
        if node.get("/S") == "/Figure":
            found.append(node.get("/Alt"))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            figures(kid, found)
    return found


def test_every_figure_carries_alt_text(pdf_nb):
    found = figures(PdfReader(pdf_nb).trailer["/Root"]["/StructTreeRoot"], [])
    assert found == ["Søylediagram: antallet øker fra 10 i 2021 til 15 i 2023.",
                     "Et blått rektangel på hvit bakgrunn.", "En grønn vannrett strek."]


def test_pdf_date_comes_from_the_book_not_the_clock(pdf_nb):
    assert PdfReader(pdf_nb).metadata["/CreationDate"].startswith("D:20240601")


def test_session_renders_one_pdf_per_parameter_value_with_one_kernel(book, tmp_path):
    from report.render import Session

    project, _ = book
    with Session(project) as session:
        pdfs = {unit: session.pdf("en", {"unit": unit}) for unit in ("North", "South")}
    for unit, data in pdfs.items():
        path = tmp_path / f"{unit}.pdf"
        path.write_bytes(data)
        assert f"unit {unit}" in text_of(path)


def test_html_only_output_is_converted_for_the_pdf(tmp_path, make_project):
    from report.render import render_project

    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n  chapters: [index.qmd]\n"
                       "format:\n  typst: {}\n",
        "index.qmd": "---\ntitle: Start\n---\n\n```{python}\nimport pandas as pd\n"
                     "pd.DataFrame({'kolonne': ['verdi æøå']})\n```\n",
    })
    result = render_project(tmp_path, quiet=True, search=False)
    assert "verdi æøå" in text_of(result.output_dir / "T.pdf")


def test_page_labels_start_after_the_cover_and_bookmarks_open(pdf_nb):
    """The printed count starts after the cover (the cover has no number), and the PDF
    opens with its bookmarks panel."""
    reader = PdfReader(pdf_nb)
    labels = reader.page_labels
    assert labels[0] == ""
    assert labels[1:] == [str(n) for n in range(1, len(reader.pages))]
    assert "Side 2 av" in reader.pages[2].extract_text()  # the label of that page is "2"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_links_to_site_files_become_absolute_with_a_site_url_or_plain_text(tmp_path,
                                                                            make_project):
    from report.render import render_project

    chapter = ("# Start\n\nSee [the unit](units/u1.html), [the file](../files/a.pdf), "
               "[a section](#sec-x) and [a site](https://example.org/x).\n\n## X {#sec-x}\n")
    files = {"index.qmd": chapter}
    for folder, url in (("with", "\n  site-url: https://report.example/2024/"), ("without", "")):
        make_project(tmp_path / folder, {
            "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n  chapters: [index.qmd]"
                           f"{url}\nformat:\n  typst: {{}}\n", **files})
        render_project(tmp_path / folder, quiet=True, search=False)
    with_url = _uris(tmp_path / "with" / "_site" / "T.pdf")
    assert with_url == {"https://report.example/2024/units/u1.html", "https://example.org/x"}
    without = _uris(tmp_path / "without" / "_site" / "T.pdf")
    assert without == {"https://example.org/x"}  # ../files/a.pdf leaves the site: text only
    assert "See the unit, the file, a section" in text_of(tmp_path / "without" / "_site" / "T.pdf")


def _uris(path) -> set[str]:
    found = set()
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def test_a_cover_note_is_printed_on_the_cover(tmp_path, make_project):
    from report.render import render_project

    make_project(tmp_path, {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: T\n  chapters: [index.qmd]\n"
                       "  cover-note: Made-up numbers only.\nformat:\n  typst: {}\n",
        "index.qmd": "# Start\n\nText.\n",
    })
    result = render_project(tmp_path, quiet=True, search=False)
    reader = PdfReader(result.output_dir / "T.pdf")
    assert "Made-up numbers only." in reader.pages[0].extract_text()
    assert "Made-up numbers only." not in reader.pages[1].extract_text()


def test_opening_with_bookmarks_appends_an_update_and_keeps_typst_file_intact(pdf_nb, caplog):
    """The bookmarks setting is an incremental update: Typst's file is kept byte for byte
    in front, the update holds only the catalogue, the information dictionary and a
    cross-reference section pointing back, and a strict reader sees the whole document."""
    import io

    data = pdf_nb.read_bytes()
    typst_end = data.index(b"%%EOF") + len(b"%%EOF\n")
    typst_part, update = data[:typst_end], data[typst_end:]
    assert update.count(b" obj\n") == 2 and b"/Prev " in update
    assert len(update) < len(typst_part) / 10
    typst_only = PdfReader(io.BytesIO(typst_part), strict=True)
    with caplog.at_level("WARNING"):
        full = PdfReader(io.BytesIO(data), strict=True)
        full.trailer["/Root"].get_object()
    assert not caplog.records  # no repair of the cross-references ("not zero-indexed")
    assert "/PageMode" not in typst_only.trailer["/Root"]
    assert full.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert len(full.pages) == len(typst_only.pages)
    assert len(full.outline) == len(typst_only.outline) > 0
    before, after = dict(typst_only.metadata), dict(full.metadata)
    assert after.pop("/Producer") == "Typst, nbcr-report"
    before.pop("/Producer", None)
    assert after == before and after["/Title"] == "Testboka"

"""The golden book, rendered once in both profiles: what a reader of the website sees."""

import json
import re
from pathlib import Path


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_each_profile_gets_its_own_tree_with_the_same_relative_paths(site):
    for tree in ("nb", "en"):
        assert {p.name for p in (site / tree).glob("*.html")} == {
            "index.html", "resultater.html", "metode.html"}
    assert (site / "index.html").is_file()


def test_html_lang_and_hreflang_point_at_the_twin_page(site):
    html = page(site, "en/resultater.html")
    assert '<html lang="en">' in html
    assert '<link rel="alternate" hreflang="nb" href="../nb/resultater.html">' in html
    assert 'class="language-switch" href="../nb/resultater.html" hreflang="nb"' in html


def test_language_choice_page_links_both_trees(site):
    html = page(site, "index.html")
    assert 'href="nb/index.html"' in html and 'href="en/index.html"' in html


def test_cross_references_are_numbered_per_chapter_and_worded_per_language(site):
    nb = main_of(page(site, "nb/resultater.html"))
    en = main_of(page(site, "en/resultater.html"))
    assert '<a href="#fig-trend">Figur 1.1</a>' in nb
    assert '<a href="#tbl-antall">Tabell 1.1</a>' in nb
    assert '<a href="metode.html#sec-metode">Vedlegg A</a>' in nb
    assert '<a href="#fig-trend">Figure 1.1</a>' in en
    assert '<a href="metode.html#sec-metode">Appendix A</a>' in en
    assert '<a href="resultater.html#sec-resultater">Kapittel 1</a>' in page(site, "nb/index.html")


def test_captions_carry_the_number(site):
    nb = page(site, "nb/resultater.html")
    assert '<figcaption id="fig-trend-cap">Figur 1.1: Antall tilfeller per år</figcaption>' in nb
    assert "<figcaption>Tabell 1.1: Antall tilfeller per år</figcaption>" in nb


def test_sections_are_numbered_within_the_chapter(site):
    nb = page(site, "nb/resultater.html")
    assert '<span class="header-section-number">1.1</span> Utvikling over tid' in nb
    assert '<span class="chapter-number">1</span> Resultater</h1>' in nb


def test_callout_titles_are_localised_and_overridable(site):
    nb, en = page(site, "nb/resultater.html"), page(site, "en/resultater.html")
    assert '<p class="callout-title">Merk</p>' in nb
    assert '<p class="callout-title">Note</p>' in en
    assert '<p class="callout-title">Egen tittel</p>' in nb
    assert '<p class="callout-title">Tips</p>' in page(site, "nb/index.html")
    assert '<p class="callout-title">Hint</p>' in page(site, "en/index.html")  # language:


def test_content_visible_and_hidden_follow_format_and_profile(site):
    nb, en = page(site, "nb/resultater.html"), page(site, "en/resultater.html")
    assert "Denne setningen står bare på nettsiden." in nb
    assert "bare i PDF-en" not in nb
    assert "hidden in the nb profile" not in nb
    assert "This sentence is hidden in the nb profile." in en


def test_inline_code_variables_includes_and_parameters(site):
    nb = page(site, "nb/resultater.html")
    assert "I 2023 ble det registrert 15 tilfeller (profil nb, enhet Testby)." in nb
    assert "Kilde: Testregisteret, 2023." in nb
    assert "profile en, unit Testby" in page(site, "en/resultater.html")


def test_echo_false_by_project_and_true_by_cell(site):
    nb = main_of(page(site, "nb/resultater.html"))
    assert "synlig kode og utdata" in nb and "cell-code" in nb
    assert "import altair" not in nb
    assert "dette vises ikke" not in nb  # output: false


def test_output_asis_is_markdown(site):
    assert ('Denne teksten er <strong>markdown</strong> skrevet av kode, se '
            '<a href="#tbl-antall">Tabell 1.1</a>.') in page(site, "nb/resultater.html")


def test_chart_has_local_runtime_alt_text_and_data_table(site):
    nb = page(site, "nb/resultater.html")
    assert '<script src="../assets/vega.js" defer></script>' in nb
    # named by its caption, described by the alt text shown beside it: each read once
    assert ('role="img" aria-labelledby="fig-trend-cap" aria-describedby="fig-trend-desc"'
            in nb)
    assert ('<p class="figure-alt" id="fig-trend-desc">Søylediagram: antallet øker fra 10 i '
            '2021 til 15 i 2023.</p>') in nb
    assert "aria-label=\"Søylediagram" not in nb
    assert '<summary>Tallene bak figuren</summary>' in nb
    assert '<th scope="row">2023</th><td>15</td>' in nb  # a row heading: the year
    assert (site / "assets" / "vega.js").stat().st_size > 100_000


def test_chart_spec_is_a_file_of_its_own_beside_the_page(site):
    """The page names the spec file instead of carrying it inline, so browsers cache it."""
    nb = page(site, "nb/resultater.html")
    src = re.search(r'data-spec-src="([^"]+)"', nb).group(1)
    spec = json.loads((site / "nb" / src).read_text(encoding="utf-8"))
    assert spec["mark"]["type"] == "bar"
    assert [row["count"] for row in next(iter(spec["datasets"].values()))] == [10, 12, 15]
    assert 'type="application/json"' not in nb


def test_nothing_is_loaded_from_another_host(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert not [r for r in refs if re.match(r"(https?:)?//", r)], path


def test_book_navigation_has_parts_prev_next_and_toc(site):
    nb = page(site, "nb/resultater.html")
    assert '<li class="part">Del én</li>' in nb
    assert 'rel="prev"' in nb and 'rel="next"' in nb
    assert '<h2 id="toc-title">På denne siden</h2>' in nb
    assert 'href="#sec-utvikling"' in nb
    assert '<a class="skip-link" href="#main">' in nb
    assert 'href="testboka-nb.pdf"' in nb


def test_twin_chapters_have_identical_cells(book):
    from report.render.config import load_variables
    from report.render.qmd import parse_file

    project = book[0]
    variables = load_variables(project)
    nb = parse_file(project / "resultater.qmd", variables, project)
    en = parse_file(project / "resultater.en.qmd", variables, project)
    assert [c.source for c in nb.cells] == [c.source for c in en.cells]


def test_appendix_figures_are_lettered_and_images_written_beside_the_page(site):
    nb = page(site, "nb/metode.html")
    assert '<a href="#fig-logo">Figur A.1</a>' in nb
    assert '<img src="metode_files/fig-logo.svg" alt="Et blått rektangel på hvit bakgrunn.">' in nb
    assert (site / "nb" / "metode_files" / "fig-logo.svg").is_file()


def test_markdown_image_figure_is_numbered_and_copied(site):
    nb = page(site, "nb/metode.html")
    assert '<a href="#fig-strek">Figur A.2</a>' in nb
    assert '<img src="metode_files/fig-strek.svg" alt="En grønn vannrett strek.">' in nb
    assert "<figcaption>Figur A.2: En grønn strek</figcaption>" in nb


def test_great_tables_ids_are_fixed(site):
    nb = page(site, "nb/resultater.html")
    assert 'id="out-tbl-antall-0"' in nb
    assert "#out-tbl-antall-0 table" in nb


def test_style_blocks_of_outputs_move_to_the_head(site):
    """HTML allows <style> only in the head: a table's own style block is moved there."""
    nb = page(site, "nb/resultater.html")
    head, body = nb.split("</head>", 1)
    assert "<style" not in body
    assert "#out-tbl-antall-0 table" in head


def test_sections_ids_sit_on_their_headings(site):
    nb = page(site, "nb/resultater.html")
    assert '<h2 id="sec-utvikling">' in nb
    assert '<section id="sec-utvikling"' not in nb


def test_headings_written_by_code_are_numbered_and_can_be_referenced(site):
    nb = page(site, "nb/resultater.html")
    assert '<span class="header-section-number">1.1.2</span> Fra kode' in nb
    assert 'href="#sec-fra-kode"' in nb  # in the page TOC
    metode = page(site, "nb/metode.html")
    assert '<a href="resultater.html#sec-fra-kode">Avsnitt 1.1.2</a>' in metode


def test_links_to_qmd_files_go_to_the_page_in_the_same_tree(site):
    assert '<a href="metode.html">metoden</a>' in page(site, "nb/index.html")
    assert '<a href="metode.html">the method</a>' in page(site, "en/index.html")


def test_callouts_written_by_code_get_their_title(site):
    nb = main_of(page(site, "nb/resultater.html"))
    assert nb.count('<p class="callout-title">Viktig</p>') == 2
    assert "Skrevet av kode." in nb and ":::" not in nb

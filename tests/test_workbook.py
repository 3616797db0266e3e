"""The Excel workbook of each language: a sheet per published table with headings in the
workbook's language and number formats, the same numbers as the CSV files (read back with
openpyxl), the dictionary, the suppression rules and the data notice, byte for byte the same
on a second write; and the downloads page links it with the Parquet files."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from report.compute import registry, results
from report.content import downloads, i18n, published, workbook
from report.publish import dictionary, outputs

LANGS = ("nb", "en")
SMALL = f"<{registry.settings().rules.min_count}"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return outputs.write(results.compute(), tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def books(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("downloads")
    paths = workbook.write_all(data, folder)
    year = json.loads((data / "manifest.json").read_text())["report_year"]
    assert [p.name for p in paths] == [f"nbcr-{year}-{lang}.xlsx" for lang in LANGS]
    return {lang: openpyxl.load_workbook(path) for lang, path in zip(LANGS, paths, strict=True)}


def sheet_of(book, lang: str, stem: str):
    """The sheet of a table: found through the front sheet's contents (sheet, title, file)."""
    front = book.worksheets[0]
    for row in front.iter_rows(values_only=True):
        if row[2] == f"{stem}.csv":
            return book[row[0]]
    raise AssertionError(f"{stem}.csv is not in the contents of the {lang} workbook")


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_a_sheet_per_published_table_with_translated_headings(books, data):
    catalogue = registry.catalogue()
    for lang, book in books.items():
        names = book.sheetnames
        assert len(names) == len(set(n.lower() for n in names))
        assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
        for stem, _ in workbook.tables(lang):
            csv = pd.read_csv(data / f"{stem}.csv", nrows=0)
            headings = list(rows(sheet_of(book, lang, stem))[0])
            label = i18n.t("workbook.label", lang, heading="{heading}")
            assert headings == [dictionary.heading(f"{stem}.csv", c, lang, catalogue, label)
                                for c in csv.columns], (lang, stem)
            assert not set(headings) & set(csv.columns), (lang, stem)
    nb = rows(sheet_of(books["nb"], "nb", "indicators"))[0]
    en = rows(sheet_of(books["en"], "en", "indicators"))[0]
    assert nb[4:8] == ("Teller", "Teller, merknad", "Nevner", "Nevner, merknad")
    assert en[4:8] == ("Numerator", "Numerator, note", "Denominator", "Denominator, note")
    assert rows(sheet_of(books["nb"], "nb", "cases_by_age"))[0][:4] == (
        "Diagnoseår", "Kjønn", "Aldersgruppe", "Antall tilfeller")


def _expected(cell: str):
    """A CSV cell as the workbook holds it."""
    if cell == "":
        return None
    if cell in ("true", "false"):
        return cell == "true"
    return cell


def _same(value, cell: str) -> bool:
    expected = _expected(cell)
    if expected is None or isinstance(expected, bool):
        return value is expected or value == expected and isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):  # openpyxl reads 96.0 back as 96
        return float(cell) == float(value)
    return value == cell


def test_numbers_in_the_workbook_equal_the_csv(books, data):
    for lang, book in books.items():
        for stem, _ in workbook.tables(lang):
            csv = pd.read_csv(data / f"{stem}.csv", dtype=str, keep_default_na=False)
            sheet = rows(sheet_of(book, lang, stem))[1:]
            assert len(sheet) == len(csv), (lang, stem)
            for line, (cells, values) in enumerate(zip(csv.itertuples(index=False), sheet,
                                                       strict=True)):
                values = values + (None,) * (len(cells) - len(values))
                for column, cell, value in zip(csv.columns, cells, values, strict=True):
                    assert _same(value, cell), (lang, stem, line + 2, column, cell, value)


def test_counts_are_integers_and_a_hidden_count_is_empty_with_its_label_beside_it(books):
    for lang, book in books.items():
        sheet = rows(sheet_of(book, lang, "cases_by_age"))[1:]  # year, sex, age, cases, label
        small = [r for r in sheet if r[4] == SMALL]
        assert small and all(r[3] is None for r in small)
        shown = [r for r in sheet if r[3] is not None]
        assert all(isinstance(r[3], int) and r[4] is None for r in shown)


def test_counts_shares_and_years_have_number_formats_and_the_header_is_frozen(books):
    for lang, book in books.items():
        sheet = sheet_of(book, lang, "indicators")
        assert sheet.freeze_panes == "A2"
        second = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, 16)}
        words = {c: dictionary.heading("indicators.csv", c, lang, registry.catalogue())
                 for c in ("period", "numerator", "percent", "ci_low")}
        assert second[words["period"]].number_format == "0"
        assert second[words["numerator"]].number_format == "#,##0"
        assert second[words["percent"]].number_format == "0.0"
        assert second[words["ci_low"]].number_format == "0.0"
        assert sheet.column_dimensions["A"].width >= len("radiotherapy_after_bcs")
        limits = sheet_of(book, lang, "funnel_limits")
        assert limits.cell(2, 4).number_format == "0.000"


def test_the_dictionary_rules_and_data_notice_are_in_the_workbooks_language(books, data):
    year = json.loads((data / "manifest.json").read_text())["report_year"]
    entries = pd.read_csv(data / "dictionary.csv", dtype=str, keep_default_na=False)
    rules = registry.settings().rules
    for lang, book in books.items():
        front = rows(book.worksheets[0])
        text = " ".join(str(c) for r in front for c in r if c is not None)
        assert i18n.t("workbook.title", lang, year=year) in text
        assert (i18n.t("workbook.report_year", lang), year) == front[3][:2]
        assert i18n.t("notice.synthetic", lang) in text
        words = book[i18n.t("workbook.sheet.dictionary", lang)]
        listed = rows(words)[1:]
        assert [(r[1], r[2]) for r in listed] == list(zip(entries["file"], entries["column"],
                                                          strict=True))
        assert [r[4] for r in listed] == entries[f"description_{lang}"].tolist()
        explained = " ".join(str(c) for r in rows(book[i18n.t("workbook.sheet.rules", lang)])
                             for c in r if c is not None)
        for rule in ("count_under_min", "denominator_under_min", "secondary"):
            assert rule in explained
        assert f"<{rules.min_count}" in explained
        assert str(rules.min_denominator) in explained
        assert str(rules.min_count - 1) in explained


def test_two_writes_give_identical_bytes(data, tmp_path):
    first = workbook.write_all(data, tmp_path / "first")
    second = workbook.write_all(data, tmp_path / "second")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_sheet_names_are_short_unique_and_cut_at_a_word():
    taken: set[str] = set()
    assert workbook.sheet_name("Enheter: sykehus, helseforetak", "nb", taken) == "Enheter"
    assert workbook.sheet_name("Neoadjuvant behandling etter subtype (lang)", "nb",
                               taken) == "Neoadjuvant behandling"
    assert workbook.sheet_name("Enheter", "nb", taken) == "Enheter (2)"
    assert workbook.sheet_name("a/b?c", "en", taken) == "a-b-c"


def test_the_downloads_page_links_the_workbooks_and_every_parquet_file(data):
    tables = published.load(data)
    for lang in LANGS:
        text = downloads.markdown(tables, lang)
        for book_lang in LANGS:
            assert f"](../downloads/nbcr-{tables.year}-{book_lang}.xlsx)" in text
        for file, _ in downloads.tables(lang):
            assert f"](../data/{file})" in text
            assert f"](../data/{file.removesuffix('.csv')}.parquet)" in text


def test_stored_workbooks_are_reused_for_the_same_key_and_rewritten_for_another(
        data, tmp_path, monkeypatch):
    store = tmp_path / "workbooks"
    first = workbook.write_cached(data, store, "key-1")
    assert [p.name for p in first] == sorted(p.name for p in workbook.write_all(
        data, tmp_path / "fresh"))
    assert all(a.read_bytes() == (tmp_path / "fresh" / a.name).read_bytes() for a in first)
    written = []
    real = workbook.write_all
    monkeypatch.setattr(workbook, "write_all",
                        lambda d, folder: written.append(folder) or real(d, folder))
    assert workbook.write_cached(data, store, "key-1") == first
    assert written == []
    workbook.write_cached(data, store, "key-2")
    assert len(written) == 1 and (store / "key").read_text() == "key-2"


def test_a_failed_workbook_write_keeps_the_stored_set_and_leaves_no_partial_folder(
        data, tmp_path, monkeypatch):
    store = tmp_path / "workbooks"
    kept = {p.name: p.read_bytes() for p in workbook.write_cached(data, store, "old")}

    def half_then_fail(d, folder):
        folder.mkdir(parents=True)
        (folder / "half.xlsx").write_bytes(b"")
        raise OSError("disk full")

    monkeypatch.setattr(workbook, "write_all", half_then_fail)
    with pytest.raises(OSError):
        workbook.write_cached(data, store, "new")
    assert {p.name: p.read_bytes() for p in store.glob("*.xlsx")} == kept
    assert (store / "key").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["workbooks"]


def test_the_workbook_key_follows_the_published_tables(data, tmp_path):
    from report import build

    copy = tmp_path / "data"
    copy.mkdir()
    manifest = json.loads((data / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps(manifest))
    same = build.workbook_key(copy)
    assert build.workbook_key(copy) == same
    first = next(iter(manifest["outputs"]))
    manifest["outputs"][first] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert build.workbook_key(copy) != same

"""The published tables as one Excel workbook per language (XlsxWriter): a front sheet with the
report year and the data notice, a sheet per published table with headings in the workbook's
language and number formats, the data dictionary, the suppression rules and the suppression
log. Written from the published data folder (the Parquet files, the dictionary and the
manifest), so every number is the one in the CSV. Deterministic: the same folder gives the same
bytes (the workbook's dates are the end of the report year, not the clock)."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter

from report.compute import registry
from report.content import citation, downloads, i18n
from report.publish import dictionary

LOG = "suppression_log"
RULES = ("count_under_min", "denominator_under_min", "secondary")
DECIMALS = 3  # as the CSV's float format (outputs.FLOAT_FORMAT)
# Shown decimals by column (the stored value keeps the CSV's three); floats not named here
# show all three.
SHOWN = {"percent": 1, "ci_low": 1, "ci_high": 1, "rate": 1, "crude_rate": 1, "asr": 1,
         "person_years": 0, "q1_days": 1, "median_days": 1, "q3_days": 1}
PLAIN = ("year", "period")  # integers shown without a thousands separator
MAX_SHEET = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SMALL_WORDS = {"nb": {"og", "etter", "i", "ved", "for", "av", "med"},
               "en": {"and", "by", "the", "of", "in", "at", "for", "with"}}
MIN_WIDTH, MAX_WIDTH = 8, 50


def sheet_name(title: str, lang: str, taken: set[str]) -> str:
    """A sheet name from a table's title: the part before a colon, shortened at a word to 31
    characters without a dangling 'and'/'og', without the characters Excel refuses, unique
    (case-insensitive, as Excel compares them)."""
    name = FORBIDDEN.sub("-", title.split(":")[0]).strip(" '")
    words = name.split()
    while len(" ".join(words)) > MAX_SHEET and len(words) > 1:
        words.pop()
        while len(words) > 1 and words[-1].lower() in SMALL_WORDS[lang]:
            words.pop()
    name = " ".join(words)[:MAX_SHEET] or "Sheet"
    unique, n = name, 2
    while unique.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        unique, n = name[: MAX_SHEET - len(suffix)] + suffix, n + 1
    taken.add(unique)
    return unique


def tables(lang: str) -> list[tuple[str, str]]:
    """(file stem, title) of every published table, in the downloads page's order, and the
    suppression log last."""
    listed = [(file.removesuffix(".csv"), title) for file, title in downloads.tables(lang)]
    return listed + [(LOG, i18n.t("workbook.sheet.log", lang))]


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                       "bottom": 1, "bg_color": "#E8EEF4"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.link = book.add_format({"font_color": "#1F4E79", "underline": 1})
        self.text = book.add_format({"valign": "top"})
        self._numbers: dict[str, object] = {}

    def number(self, pattern: str):
        if pattern not in self._numbers:
            self._numbers[pattern] = self.book.add_format({"num_format": pattern})
        return self._numbers[pattern]


def _pattern(column: str, series: pd.Series) -> str | None:
    """The number format of a column: counts with a thousands separator, years without,
    shares and rates with their decimals; None for text and booleans."""
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "0" if column in PLAIN else "#,##0"
    if pd.api.types.is_float_dtype(series):
        places = SHOWN.get(column, DECIMALS)
        return "#,##0" if places == 0 else "0." + "0" * places
    return None


def _cell(value, kind: str):
    """The value as the CSV has it: integers whole, floats to three decimals, text as text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(f"{float(value):.{DECIMALS}f}")
    if kind == "bool":
        return bool(value)
    return str(value)


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    return "text"


def _width(heading: str, values: list) -> float:
    longest = max((len(f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v))
                   for v in values if v is not None), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2, min(len(heading), 24) + 2)))


def _header(sheet, formats: _Formats, headings: list[str], widths: list[float]) -> None:
    lines = max((math.ceil(len(h) / max(w - 1, 1)) for h, w in zip(headings, widths,
                                                                     strict=True)), default=1)
    sheet.set_row(0, 15 * max(lines, 1))
    for col, text in enumerate(headings):
        sheet.write_string(0, col, text, formats.header)


def _table_sheet(sheet, formats: _Formats, frame: pd.DataFrame, headings: list[str]) -> None:
    """A table: headings in row 1 (frozen, with a filter), one row per row of the file."""
    widths = []
    for col, column in enumerate(frame.columns):
        series = frame[column]
        kind, pattern = _kind(series), _pattern(column, series)
        fmt = formats.number(pattern) if pattern else None
        values = [_cell(v, kind) for v in series.tolist()]
        for row, value in enumerate(values, start=1):
            if value is None:
                continue  # a hidden or missing value: an empty cell
            if kind == "bool":
                sheet.write_boolean(row, col, value)
            elif kind in ("int", "float"):
                sheet.write_number(row, col, value, fmt)
            else:
                sheet.write_string(row, col, value)
        widths.append(_width(headings[col], values))
        sheet.set_column(col, col, widths[-1], fmt)
    _header(sheet, formats, headings, widths)
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)


def _frame(data: Path, stem: str) -> pd.DataFrame:
    parquet = data / f"{stem}.parquet"
    if parquet.is_file():
        return pd.read_parquet(parquet)
    return pd.read_csv(data / f"{stem}.csv", dtype=str, keep_default_na=False).replace("", None)


def _rules_sheet(sheet, formats: _Formats, lang: str, names: dict[str, str]) -> None:
    rules = registry.settings().rules
    numbers = {"low": rules.min_count - 1, "min": rules.min_count,
               "den": rules.min_denominator, "protection": rules.protection}
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 70, formats.wrap)
    sheet.set_column(2, 2, 40, formats.wrap)
    sheet.write_string(0, 0, i18n.t("workbook.sheet.rules", lang), formats.title)
    sheet.merge_range(1, 0, 1, 2, i18n.t("methods.disclosure", lang, **numbers), formats.wrap)
    sheet.set_row(1, 90)
    for col, key in enumerate(("rule", "meaning", "shown")):
        sheet.write_string(3, col, i18n.t(f"workbook.column.{key}", lang), formats.header)
    for row, rule in enumerate(RULES, start=4):
        sheet.write_string(row, 0, rule, formats.text)
        sheet.write_string(row, 1, i18n.t(f"workbook.rule.{rule}", lang, **numbers))
        sheet.write_string(row, 2, i18n.t(f"workbook.shown.{rule}", lang, **numbers))
        sheet.set_row(row, 32)
    catalogue = registry.catalogue()
    text = i18n.t("workbook.rules_columns", lang, log=names[LOG],
                  suppressed=dictionary.heading("x.csv", "suppressed", lang, catalogue),
                  rule=dictionary.heading("x.csv", "suppression_rule", lang, catalogue))
    sheet.merge_range(len(RULES) + 5, 0, len(RULES) + 5, 2, text, formats.wrap)
    sheet.set_row(len(RULES) + 5, 48)


def _dictionary_sheet(sheet, formats: _Formats, data: Path, lang: str, label: str,
                      names: dict[str, str]) -> None:
    catalogue = registry.catalogue()
    entries = pd.read_csv(data / "dictionary.csv", dtype=str, keep_default_na=False)
    by_file = {f"{stem}.csv": names[stem] for stem in names}
    rows = [[by_file.get(e.file, ""), e.file, e.column,
             dictionary.heading(e.file, e.column, lang, catalogue, label),
             getattr(e, f"description_{lang}")] for e in entries.itertuples(index=False)]
    headings = [i18n.t(f"workbook.column.{k}", lang)
                for k in ("sheet", "file", "column", "heading", "description")]
    for col, width in enumerate((26, 26, 24, 34, 90)):
        sheet.set_column(col, col, width, formats.wrap if col == 4 else None)
    _header(sheet, formats, headings, [26, 26, 24, 34, 90])
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            sheet.write_string(row, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(headings) - 1)


def _front_sheet(sheet, formats: _Formats, manifest: dict, lang: str,
                 contents: list[tuple[str, str, str]], names: dict[str, str]) -> None:
    year = int(manifest["report_year"])
    meta = manifest.get("dataset") or {}
    rules = registry.settings().rules
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60, formats.wrap)
    sheet.set_column(2, 2, 28)
    sheet.write_string(0, 0, i18n.t("workbook.title", lang, year=year), formats.title)
    sheet.write_string(1, 0, i18n.t("workbook.subtitle", lang))
    sheet.write_string(3, 0, i18n.t("workbook.report_year", lang), formats.bold)
    sheet.write_number(3, 1, year, formats.number("0"))
    kind = (i18n.t("methods.kind.synthetic", lang, seed=meta.get("seed", "?"),
                   version=meta.get("generator_version", "?"))
            if manifest.get("synthetic") else i18n.t("methods.kind.real", lang))
    sheet.write_string(4, 0, i18n.t("workbook.data", lang), formats.bold)
    sheet.write_string(4, 1, kind)
    sheet.write_string(5, 0, i18n.t("workbook.follow_up", lang), formats.bold)
    sheet.write_string(5, 1, str(meta.get("follow_up_date", "")))
    edition = citation.edition_line(manifest, lang)
    if edition:
        sheet.write_string(6, 0, i18n.t("workbook.edition", lang), formats.bold)
        sheet.write_string(6, 1, edition, formats.wrap)
    row = 8
    notices = [meta.get(f"notice_{lang}") or ""]
    if manifest.get("synthetic"):
        notices.insert(0, i18n.t("notice.synthetic", lang))
    sheet.write_string(row, 0, i18n.t("workbook.notice", lang), formats.bold)
    for text in [n for n in notices if n]:
        sheet.write_string(row, 1, text, formats.wrap)
        sheet.set_row(row, 45)
        row += 1
    how = i18n.t("workbook.how", lang, dictionary=names["dictionary"], rules=names["rules"],
                 min=rules.min_count, low=rules.min_count - 1)
    sheet.write_string(row, 1, how, formats.wrap)
    sheet.set_row(row, 105)
    row += 2
    sheet.write_string(row, 0, i18n.t("workbook.contents", lang), formats.bold)
    row += 1
    for col, key in enumerate(("sheet", "table", "file")):
        sheet.write_string(row, col, i18n.t(f"workbook.column.{key}", lang), formats.header)
    for name, title, file in contents:
        row += 1
        sheet.write_url(row, 0, f"internal:'{name}'!A1", formats.link, string=name)
        sheet.write_string(row, 1, title)
        sheet.write_string(row, 2, file)


def write(data: Path, target: Path, lang: str) -> Path:
    """Write the workbook of the published folder DATA in LANG to TARGET (atomically)."""
    manifest = json.loads((data / "manifest.json").read_text("utf-8"))
    year = int(manifest["report_year"])
    label = i18n.t("workbook.label", lang, heading="{heading}")
    catalogue = registry.catalogue()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    book = xlsxwriter.Workbook(str(partial), {"strings_to_numbers": False,
                                              "strings_to_formulas": False,
                                              "strings_to_urls": False})
    try:
        stamp = datetime(year, 12, 31)
        book.set_properties({"title": i18n.t("workbook.title", lang, year=year),
                             "subject": i18n.t("workbook.subtitle", lang),
                             "author": "nbcr-report", "created": stamp,
                             "comments": i18n.t("notice.synthetic", lang)
                             if manifest.get("synthetic") else ""})
        book.set_custom_property("report_year", year)
        if manifest.get("edition"):
            book.set_custom_property("edition", int(manifest["edition"]["number"]))
        formats = _Formats(book)
        taken: set[str] = set()
        names = {"front": sheet_name(i18n.t("workbook.sheet.front", lang), lang, taken)}
        listed = tables(lang)
        for stem, title in listed:
            names[stem] = sheet_name(title, lang, taken)
        names["dictionary"] = sheet_name(i18n.t("workbook.sheet.dictionary", lang), lang, taken)
        names["rules"] = sheet_name(i18n.t("workbook.sheet.rules", lang), lang, taken)
        front = book.add_worksheet(names["front"])
        for stem, _ in listed:
            frame = _frame(data, stem)
            headings = [dictionary.heading(f"{stem}.csv", c, lang, catalogue, label)
                        for c in frame.columns]
            _table_sheet(book.add_worksheet(names[stem]), formats, frame, headings)
        table_names = {stem: names[stem] for stem, _ in listed}
        _dictionary_sheet(book.add_worksheet(names["dictionary"]), formats, data, lang, label,
                          table_names)
        _rules_sheet(book.add_worksheet(names["rules"]), formats, lang, names)
        contents = [(names[stem], title, f"{stem}.csv") for stem, title in listed]
        contents += [(names["dictionary"], i18n.t("download.dictionary", lang),
                      "dictionary.csv"),
                     (names["rules"], i18n.t("workbook.sheet.rules", lang), "")]
        _front_sheet(front, formats, manifest, lang, contents, names)
        front.activate()
        book.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def write_all(data: Path, folder: Path) -> list[Path]:
    """Both languages' workbooks of DATA into FOLDER (the site's downloads/)."""
    year = int(json.loads((data / "manifest.json").read_text("utf-8"))["report_year"])
    return [write(data, folder / downloads.workbook(year, lang), lang) for lang in i18n.LANGUAGES]


def write_cached(data: Path, store: Path, key: str) -> list[Path]:
    """Both workbooks of DATA in the folder STORE, written again only when STORE does not
    hold the ones written for KEY (a hash of the published tables and of the code that writes
    them). A new set is written beside STORE and put in its place whole."""
    stamp = store / "key"
    if not (stamp.is_file() and stamp.read_text("utf-8") == key):
        partial = store.with_name(f".{store.name}.{os.getpid()}.tmp")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            write_all(data, partial)
            (partial / "key").write_text(key, encoding="utf-8")
            shutil.rmtree(store, ignore_errors=True)
            os.replace(partial, store)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return sorted(store.glob("*.xlsx"))


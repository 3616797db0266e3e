"""What a reader sees is worded in the page's language: the visible text of every page of the
built site and the text of every PDF carry no words of the other language, no machine column
names, no table with the same column twice, no 'N = ' inside a table cell, no zero-padded age
label and no hyphen standing in for a minus sign.

The published CSV files keep their machine column names: only pages and PDFs are read here.
PDF tables are the same frames as the pages' tables, so tables are checked on the pages.
A summary of every finding in a built site: `PYTHONPATH=. python tests/test_words.py _site`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

LANGS = ("nb", "en")
OTHER = {"nb": "en", "en": "nb"}

# Words of one language that are not words of the other (so none of them may stand on a page
# of the other language). Words both languages share ('for', 'i', 'men', 'over', 'status',
# 'data', 'region', 'median', 'rate', 'standard', 'to', 'at', 'by', 'side', 'rapport') are
# left out. Acronyms (ER, DCIS) are not words here.
WORDS = {
    "nb": {
        "og", "av", "med", "ikke", "eller", "på", "fra", "etter", "som", "det", "den", "er",
        "har", "ble", "blir", "hvor", "når", "alle", "andre", "ved", "innen", "uten", "hvert",
        "sykehus", "sykehuset", "pasienter", "pasientene", "andel", "andelen", "antall",
        "registeret", "registerets", "måloppnåelse", "målnivå", "nasjonal", "nasjonalt",
        "landet", "regionen", "kvinner", "tilfeller", "år", "dager", "behandling", "kirurgi",
        "utredning", "skjult", "vises", "høy", "høyt", "lav", "lavt", "moderat", "nedre",
        "øvre", "grense", "tallene", "figuren", "tabell", "figur", "kapittel",
        "dekningsgrad", "kvalitetsindikator", "kvalitetsindikatorer", "tilfredsstillende",
        "forventet", "rapportert", "aldersgruppe", "enhet", "serie", "verdi", "nivå",
        "operasjoner", "primæroperasjoner", "nye", "færre", "enn", "personår", "nevner",
        "rapporten", "prosent", "prosentpoeng", "antakelse", "vår",
    },
    "en": {
        "the", "and", "of", "with", "not", "from", "which", "this", "that", "is", "are", "was",
        "were", "or", "each", "every", "than", "our", "their", "its", "hospital", "hospitals",
        "patients", "patient", "registry", "target", "targets", "national", "nationally",
        "quality", "indicator", "indicators", "assumption", "share", "cases", "women",
        "number", "shown", "hidden", "fewer", "year", "years", "days", "surgery", "treatment",
        "coverage", "level", "limit", "lower", "upper", "high", "low", "achievement", "table",
        "figure", "chapter", "page", "report", "satisfactory", "expected", "reported",
        "unit", "series", "value", "new", "person", "denominator", "numerator", "percent",
        "points", "behind", "chart", "hide", "shows", "show",
    },
}

# Text allowed on a page of LANG although it holds words of the other language: proper names
# shown as they are, and the other language named for what it is.
ALLOWED = {
    "nb": ("nbcr-report",),
    "en": ("nbcr-report", "Nasjonalt kvalitetsregister for brystkreft"),
}
# File names and paths (new_cases.csv, queries/surgery/x.sql) are names, not words.
FILE = re.compile(r"[\w./-]+\.(?:csv|pdf|json|parquet|sql|html|yml)\b")

# Column names of the published tables and the charts' data: never a heading or a cell a
# reader sees (they are the CSV files' business).
COLUMN_NAMES = {
    "ci_low", "ci_high", "status", "target_status", "unit_id", "unit_level", "numerator",
    "denominator", "percent", "period", "indicator_id", "suppression_rule", "suppressed",
    "kind", "side", "label", "line", "n", "year", "cases", "age_group", "age_band", "rate",
    "hospital_id", "region_id", "county_code", "form_type", "standard", "subtype",
}
# A code standing alone in a cell: a unit id (h01, t02) or a chart's own key (l95, h998).
CODE = re.compile(r"[a-z]{1,3}\d+")
SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-]|\.\w)")
# An age group or other small range: '0–29' and '50–69', not '00-29' or '50-69'. Dates
# (2025-06-30) and codes (HER2-positiv, ICD-10) are not ranges.
AGE_LABEL = re.compile(r"(?<![\w.,/\u2013-])(?:0\d[-\u2013]\d{1,3}|\d{1,2}-\d{1,3})(?![\w/-])")
HYPHEN_MINUS = re.compile(r"(?:^|(?<=[\s(\[:;=/]))-(?=\d)", re.M)
N_IN_CELL = re.compile(r"\bN\s*=")

BLOCK = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "thead", "tbody", "h1", "h2",
         "h3", "h4", "h5", "h6", "section", "figure", "figcaption", "header", "footer", "nav",
         "main", "details", "summary", "br", "dt", "dd", "dl", "caption", "blockquote", "pre",
         "aside", "article", "hr", "tfoot", "label", "option", "button"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HIDDEN = {"script", "style", "template", "noscript", "svg", "head", "title"}


@dataclass
class Table:
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass(repr=False)
class Page:
    """What a reader of one page or PDF sees: its running text and (pages) its tables."""

    name: str
    lang: str
    text: str
    tables: list[Table] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Page({self.name!r})"


class _Reader(HTMLParser):
    """The visible text of a page's body, leaving out scripts and styles and any element
    marked as another language (the language switch), and its tables cell by cell."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self.parts: list[str] = []
        self.in_body = False
        self.tables: list[Table] = []
        self.open: list[Table] = []
        self.cell: list[str] | None = None
        self.row: list[str] | None = None

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_body = True
        hidden = self.hidden or tag in HIDDEN or (
            attrs.get("lang") not in (None, self.lang)) or "hidden" in attrs
        if tag in BLOCK:
            self.parts.append("\n")
        if tag not in VOID:
            self.stack.append((tag, hidden))
        if hidden:
            return
        if tag == "table":
            self.open.append(Table())
        elif tag == "tr" and self.open:
            self.row = []
        elif tag in ("td", "th") and self.open:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, hidden = self.stack.pop()
            if not hidden:
                self._close(open_tag)
            if open_tag == tag:
                break
        if tag in BLOCK:
            self.parts.append("\n")

    def _close(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_clean("".join(self.cell)).replace("\n", " "))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.open:
            if any(t == "thead" for t, _ in self.stack):
                self.open[-1].headers = self.row  # the last header row names the columns
            else:
                self.open[-1].rows.append(self.row)
            self.row = None
        elif tag == "table" and self.open:
            self.tables.append(self.open.pop())

    def handle_data(self, data):
        if not self.in_body or self.hidden:
            return
        self.parts.append(data)
        if self.cell is not None:
            self.cell.append(data)


def read_page(path: Path, lang: str, name: str) -> Page:
    reader = _Reader(lang)
    reader.feed(path.read_text("utf-8"))
    reader.close()
    return Page(name, lang, _clean("".join(reader.parts)), reader.tables)


def read_pdf(path: Path, lang: str, name: str) -> Page:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return Page(name, lang, _clean(text))


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\u200b", "")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _pdf_lang(path: Path) -> str:
    if path.stem.endswith(("-nb", "-en")):
        return path.stem[-2:]
    from report.content import downloads

    return next(lang for lang in LANGS if path.name == downloads.national_pdf(
        int(re.search(r"\d{4}", path.name).group()), lang))


def read_site(site: Path) -> list[Page]:
    """Every HTML page of each language and every PDF."""
    pages = [read_page(p, lang, str(p.relative_to(site))) for lang in LANGS
             for p in sorted((site / lang).rglob("*.html"))]
    pages += [read_pdf(p, _pdf_lang(p), str(p.relative_to(site)))
              for p in sorted((site / "downloads").rglob("*.pdf"))]
    return pages


# ---------------------------------------------------------------- the checks


@dataclass(frozen=True)
class Finding:
    kind: str
    page: str
    what: str
    context: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.page}: {self.what!r} in {self.context!r}"


def _around(text: str, start: int, end: int, room: int = 40) -> str:
    return text[max(0, start - room):end + room].replace("\n", " / ")


def _unit_names(lang: str) -> tuple[str, ...]:
    """Names of regions, trusts and hospitals: proper names, whatever words they hold."""
    import pandas as pd

    from report import paths

    names: set[str] = set()
    for csv in paths.DEFAULT_REFERENCE.glob("*.csv"):
        frame = pd.read_csv(csv, dtype=str)
        for column in (f"name_{lang}", "name"):
            if column in frame:
                names.update(frame[column].dropna())
    return tuple(sorted(names, key=len, reverse=True))


@cache
def _allowed(lang: str) -> re.Pattern:
    phrases = ALLOWED[lang] + _unit_names(lang)
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


WORD = re.compile(r"[^\W\d_]+")


def foreign_words(page: Page) -> Iterator[Finding]:
    foreign = WORDS[OTHER[page.lang]]
    text = FILE.sub(" ", _allowed(page.lang).sub(" ", page.text))
    for match in WORD.finditer(text):
        word = match.group()
        if word.lower() in foreign and not (len(word) > 1 and word.isupper()):
            yield Finding("other language", page.name, match.group(),
                          _around(text, match.start(), match.end()))


def column_names(page: Page) -> Iterator[Finding]:
    for match in SNAKE.finditer(page.text):
        yield Finding("column name", page.name, match.group(),
                      _around(page.text, match.start(), match.end()))
    for table in page.tables:
        for cell in table.headers + [c for row in table.rows for c in row]:
            if cell in COLUMN_NAMES or CODE.fullmatch(cell):
                yield Finding("column name", page.name, cell, " | ".join(table.headers))


NUMBER = re.compile(r"[\u2212-]?\d{1,3}(?:[ ,]\d{3})*(?:[.,]\d+)?|[\u2212-]?\d+(?:[.,]\d+)?")


def _number(cell: str, lang: str) -> tuple[float, int] | None:
    """The number a cell shows ('4 197', '87,3 %', '1,201') with its decimals; None for text
    ('<5', 'skjult', a name) and empty cells."""
    text = cell.replace("\u00a0", " ").removesuffix("%").strip()
    if not text or not NUMBER.fullmatch(text):
        return None
    group, decimal = (" ", ",") if lang == "nb" else (",", ".")
    text = text.replace(group, "").replace(decimal, ".").replace("\u2212", "-")
    whole, _, frac = text.partition(".")
    return float(text), len(frac)


def _same(a: tuple[float, int], b: tuple[float, int]) -> bool:
    """A and B are one number, perhaps one of them rounded to fewer decimals."""
    (x, dx), (y, dy) = sorted((a, b), key=lambda v: -v[1])  # x has more decimals
    return abs(x - y) <= 0.5 * 10 ** -dy + 1e-9


def duplicate_columns(page: Page) -> Iterator[Finding]:
    """Two columns of one table headed alike, or holding the same numbers row for row (a
    count shown once as a number and once as text, a share once with a decimal and once in
    whole per cent)."""
    for table in page.tables:
        heads = [h for h in table.headers if h]
        for head in sorted({h for h in heads if heads.count(h) > 1}):
            yield Finding("duplicate column", page.name, head, " | ".join(table.headers))
        width = len(table.headers)
        rows = [r for r in table.rows if len(r) == width]
        if len(rows) < 2:
            continue
        numbers = [[_number(c, page.lang) for c in r] for r in rows]
        for i in range(width):
            for j in range(i + 1, width):
                pairs = [(r[i], r[j]) for r in numbers if r[i] is not None and r[j] is not None]
                if len(pairs) >= max(2, len(rows) // 2) and all(_same(a, b) for a, b in pairs):
                    yield Finding("duplicate column", page.name,
                                  f"{table.headers[i]} | {table.headers[j]}",
                                  " | ".join(table.headers))


def n_in_cells(page: Page) -> Iterator[Finding]:
    for table in page.tables:
        for row in table.rows:
            for cell in row:
                if N_IN_CELL.search(cell):
                    yield Finding("'N =' in a cell", page.name, cell, " | ".join(table.headers))


def age_labels(page: Page) -> Iterator[Finding]:
    for match in AGE_LABEL.finditer(page.text):
        yield Finding("age label", page.name, match.group(),
                      _around(page.text, match.start(), match.end()))


def hyphen_minus(page: Page) -> Iterator[Finding]:
    for match in HYPHEN_MINUS.finditer(page.text):
        yield Finding("hyphen as minus", page.name, page.text[match.start():match.end() + 6],
                      _around(page.text, match.start(), match.end()))


CHECKS = {"other language": foreign_words, "column name": column_names,
          "duplicate column": duplicate_columns, "'N =' in a cell": n_in_cells,
          "age label": age_labels, "hyphen as minus": hyphen_minus}


def findings(pages: list[Page], check) -> list[Finding]:
    return [f for page in pages for f in check(page)]


def _fail_on(found: list[Finding], most: int = 25) -> None:
    if not found:
        return
    lines = [str(f) for f in found[:most]]
    if len(found) > most:
        lines.append(f"... and {len(found) - most} more")
    pytest.fail(f"{len(found)} found:\n" + "\n".join(lines), pytrace=False)


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def pages(report_site) -> list[Page]:
    read = read_site(report_site)
    for lang in LANGS:
        assert sum(p.lang == lang and p.name.endswith(".html") for p in read) >= 10
        assert sum(p.lang == lang and p.name.endswith(".pdf") for p in read) >= 2
    return read


def test_pages_and_pdfs_hold_no_words_of_the_other_language(pages):
    _fail_on(findings(pages, foreign_words))


def test_no_column_name_is_shown_to_a_reader(pages):
    _fail_on(findings(pages, column_names))


def test_no_table_shows_the_same_column_twice(pages):
    _fail_on(findings(pages, duplicate_columns))


def test_table_cells_hold_the_number_without_n_equals(pages):
    _fail_on(findings(pages, n_in_cells))


def test_age_groups_read_without_leading_zeros_and_with_an_en_dash(pages):
    _fail_on(findings(pages, age_labels))


def test_negative_numbers_use_the_minus_sign(pages):
    _fail_on(findings(pages, hyphen_minus))


def test_the_checks_catch_what_they_are_for():
    """Each check on a made-up page with one of each fault, and a clean twin."""
    table = Table(["Enhet", "N", "Antall", "Antall tilfeller", "ci_low"],
                  [["h01", "N = 3 035", "4 197", "4197", "1,2"],
                   ["Helse Nord", "N = 305", "<5", "", "3,4"],
                   ["Helse Vest", "N = 412", "1 201", "1201", "5,6"]])
    rounded = Table(["Enhet", "Dekningsgrad (%)", "Dekningsgrad"],
                    [["Norge", "87,3", "87 %"], ["Helse Nord", "79,6", "80 %"]])
    assert [f.what for f in duplicate_columns(Page("x", "nb", "", [rounded]))] == [
        "Dekningsgrad (%) | Dekningsgrad"]
    assert [f.what for f in column_names(Page("x", "nb", "", [table]))] == ["ci_low", "h01"]
    bad = Page("bad.html", "nb", "Alder 00-29 og 50–69. Endring -2,1 prosentpoeng. The target "
               "of the registry; unit_level.", [table])
    kinds = {f.kind for check in CHECKS.values() for f in check(bad)}
    assert kinds == set(CHECKS)
    good = Page("good.html", "nb", "Alder 0–29, 50–69 og 80+. Endring −2,1 prosentpoeng i "
                "2020–2024 (HER2-positiv, ICD-10, ER). Data i funnel_limits.csv og "
                "queries/surgery/single_operation.sql. Oppfølging til 2025-06-30.",
                [Table(["Enhet", "N", "Andel"], [["Norge", "3 035", "80 %"],
                                                   ["Helse Nord", "305", "81 %"]])])
    assert [f for check in CHECKS.values() for f in check(good)] == []


if __name__ == "__main__":  # a summary of every finding in a built site
    site_pages = read_site(Path(sys.argv[1] if len(sys.argv) > 1 else "_site"))
    for kind, check in CHECKS.items():
        found = findings(site_pages, check)
        print(f"== {kind}: {len(found)}")
        for f in found[: int(sys.argv[2]) if len(sys.argv) > 2 else 15]:
            print("  ", f)

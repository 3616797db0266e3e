"""Numbering of chapters, sections, figures and tables, and `@fig-x` style references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attributes import HEADING, parse_attrs, slugify
from .errors import CrossrefError, UnsupportedFeature
from .qmd import Cell, Document, Line, Markdown, _track_fence

REF = re.compile(r"(?<![\w@])@((?:fig|tbl|sec)-[\w-]*\w)")
BRACKET_REF = re.compile(r"\[-?@(?:fig|tbl|sec)-")
IMAGE_FIGURE = re.compile(r"^!\[(.*)\]\((\S+?)\)\{([^{}]*#fig-[^{}]*)\}\s*$")


@dataclass
class Heading:
    level: int
    text: str
    id: str
    number: str | None
    explicit_id: bool


@dataclass
class Target:
    kind: str  # fig, tbl, sec, ch, apx
    number: str
    page: str
    anchor: str


@dataclass
class PageNumbers:
    """Everything numbered on one page, keyed so the emitter can find it again."""

    chapter: str | None  # "3", "A" or None
    title: str = ""
    title_id: str = ""
    headings: dict[tuple[int, int], Heading] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    title_line: tuple[int, int] | None = None


def document_title(doc: Document) -> tuple[str, tuple[int, int] | None, str]:
    """The page title: front matter title, else the first level-1 heading (then removed)."""
    if doc.meta.get("title"):
        return str(doc.meta["title"]), None, ""
    for (b, i), line in _markdown_lines(doc):
        match = HEADING.match(line.text)
        if match and len(match.group(1)) == 1:
            attrs = parse_attrs(match.group(3) or "")
            return match.group(2), (b, i), attrs.id
    return doc.path.stem, None, ""


def title_is_unnumbered(doc: Document) -> bool:
    """`# Preface {.unnumbered}` (or `{-}`) as the title: a chapter without a number."""
    _, where, _ = document_title(doc)
    if where is None:
        return False
    text = doc.blocks[where[0]].lines[where[1]].text
    match = HEADING.match(text)
    return "unnumbered" in parse_attrs(match.group(3) or "").classes


def _markdown_lines(doc: Document):
    for b, block in enumerate(doc.blocks):
        if not isinstance(block, Markdown):
            continue
        fence = None
        for i, line in enumerate(block.lines):
            before = fence
            fence = _track_fence(line.text, fence)
            if before is None and fence is None:
                yield (b, i), line


def number_page(doc: Document, chapter: str | None, number_sections: bool,
                asis: dict[int, list[str]] | None = None) -> PageNumbers:
    """Number headings, figures and tables in document order; `asis` holds, per cell block,
    the markdown lines the cell wrote (`output: asis`), whose headings count too."""
    title, title_line, title_id = document_title(doc)
    if title_line is None and not doc.meta.get("title"):
        title, title_line, title_id = _asis_title(doc, asis or {}) or (title, None, title_id)
    page = PageNumbers(chapter, title, title_id or "", title_line=title_line)
    counters = [0] * 7
    used: set[str] = set()
    lines = {}
    for key, line in _markdown_lines(doc):
        lines.setdefault(key[0], []).append((key, line))
    for b, block in enumerate(doc.blocks):
        if isinstance(block, Cell):
            _number_cell(page, block, chapter)
            lines[b] = _outside_fences(b, (asis or {}).get(b, []), block)
        for key, line in lines.get(b, []):
            _check_markdown_line(line)
            match = HEADING.match(line.text)
            if match and key != title_line:
                page.headings[key] = _heading(match, counters, chapter, number_sections, used)
            figure = IMAGE_FIGURE.match(line.text)
            if figure:
                label = parse_attrs(figure.group(3)).id
                page.figures[label] = _item_number(chapter, len(page.figures) + 1)
    return page


def _asis_title(doc: Document, asis: dict[int, list[str]]):
    """A title a cell wrote: the first level-1 heading in `output: asis` markdown, used when
    the document has no other title (a parameterised page that names its subject)."""
    for b, block in enumerate(doc.blocks):
        if not isinstance(block, Cell):
            continue
        for key, line in _outside_fences(b, asis.get(b, []), block):
            match = HEADING.match(line.text)
            if match and len(match.group(1)) == 1:
                return match.group(2), key, parse_attrs(match.group(3) or "").id
    return None


def _outside_fences(b: int, written: list[str], cell: Cell) -> list:
    found, fence = [], None
    for j, text in enumerate(written):
        before = fence
        fence = _track_fence(text, fence)
        if before is None and fence is None:
            found.append(((b, j), Line(text, cell.file, cell.line)))
    return found


def _number_cell(page: PageNumbers, cell: Cell, chapter: str | None) -> None:
    label = cell.label or ""
    if label.startswith("fig-"):
        page.figures[label] = _item_number(chapter, len(page.figures) + 1)
    elif label.startswith("tbl-"):
        page.tables[label] = _item_number(chapter, len(page.tables) + 1)


def _heading(match, counters, chapter, number_sections, used) -> Heading:
    level = len(match.group(1))
    text = match.group(2)
    attrs = parse_attrs(match.group(3) or "")
    depth = max(level - 1, 1)
    number = None
    if "unnumbered" not in attrs.classes:
        counters[depth] += 1
        for deeper in range(depth + 1, len(counters)):
            counters[deeper] = 0
        parts = [str(counters[d]) for d in range(1, depth + 1)]
        if number_sections and chapter:
            number = ".".join([chapter] + parts)
        elif number_sections:
            number = ".".join(parts)
    ident = attrs.id or _unique(slugify(text), used)
    used.add(ident)
    return Heading(level, text, ident, number, bool(attrs.id))


def _unique(slug: str, used: set[str]) -> str:
    if slug not in used:
        return slug
    n = 1
    while f"{slug}-{n}" in used:
        n += 1
    return f"{slug}-{n}"


def _item_number(chapter: str | None, n: int) -> str:
    return f"{chapter}.{n}" if chapter else str(n)


UNSUPPORTED_DIV = re.compile(
    r"^:{3,}.*?(\.panel-[\w-]+|\.column-[\w-]+|\.callout-caution|layout[\w-]*|\.aside)")


def _check_markdown_line(line) -> None:
    if BRACKET_REF.search(line.text):
        raise UnsupportedFeature("bracketed cross-reference '[@...]' (write @fig-x)",
                                 line.file, line.number)
    match = UNSUPPORTED_DIV.search(line.text)
    if match:
        feature = match.group(1).lstrip(".")
        raise UnsupportedFeature(f"div '{feature}'", line.file, line.number)
    if re.search(r"\{#tbl-", line.text):
        raise UnsupportedFeature("markdown table with a #tbl- label (use a cell with tbl-cap)",
                                 line.file, line.number)


class Registry:
    """All labels of one profile's pages."""

    def __init__(self):
        self.targets: dict[str, Target] = {}

    def add_page(self, page: PageNumbers, out: str, appendix: bool) -> None:
        kind = "apx" if appendix else "ch"
        if page.title_id and page.title_id.startswith("sec-"):
            self.targets[page.title_id] = Target(kind, page.chapter or "", out, page.title_id)
        for heading in page.headings.values():
            if heading.id.startswith("sec-"):
                self.targets[heading.id] = Target("sec", heading.number or "", out, heading.id)
        for label, number in page.figures.items():
            self.targets[label] = Target("fig", number, out, label)
        for label, number in page.tables.items():
            self.targets[label] = Target("tbl", number, out, label)

    def resolve(self, text: str, line, words: dict, page: str, fmt: str) -> str:
        def replace(match: re.Match) -> str:
            label = match.group(1)
            target = self.targets.get(label)
            if target is None:
                raise CrossrefError(f"no figure, table or section is labelled '{label}'",
                                    line.file, line.number)
            word = words[PREFIX_KEYS[target.kind]]
            link = _link(target, page, fmt)
            shown = f"{word} {target.number}".strip()
            return f"[{shown}]({link})"

        return REF.sub(replace, text)


PREFIX_KEYS = {
    "fig": "crossref-fig-title",
    "tbl": "crossref-tbl-title",
    "sec": "crossref-sec-prefix",
    "ch": "crossref-ch-prefix",
    "apx": "crossref-apx-prefix",
}


def _link(target: Target, page: str, fmt: str) -> str:
    if fmt != "html" or target.page == page:
        return f"#{target.anchor}"
    depth = page.count("/")
    return "../" * depth + f"{target.page}#{target.anchor}"


def is_figure_cell(cell: Cell) -> bool:
    return (cell.label or "").startswith("fig-") or "fig-cap" in cell.options

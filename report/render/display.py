"""The MIME contract for domain code: one object, a table in HTML and in Typst.

A cell's display bundle may hold `text/x-typst`: Typst markup, e.g. `#table(...)`.
The HTML page uses `text/html`; the PDF uses `text/x-typst` when present. In the renderer's
kernel any object with `_repr_html_()` and `_repr_typst_()` methods works; `Both` is the
ready-made one.
"""

from __future__ import annotations

from collections.abc import Sequence

from .markup import esc, typst_str

TYPST_MIME = "text/x-typst"


class Both:
    """Shows `html` on the website and `typst` in the PDF (and `text` as plain text)."""

    def __init__(self, html: str, typst: str, text: str = ""):
        self.html = html
        self.typst = typst
        self.text = text or "<table>"

    def _repr_html_(self) -> str:
        return self.html

    def _repr_typst_(self) -> str:
        return self.typst

    def __repr__(self) -> str:
        return self.text


def typst_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[str] | None = None,
    fills: Sequence[Sequence[str | None]] | None = None,
    header_fill: str | None = "luma(230)",
    widths: Sequence[str] | None = None,
    bold_rows: Sequence[int] = (),
) -> str:
    """A Typst table with a repeated header row; cells are text, fills are CSS-like colours.

    align: "left" / "right" / "center" per column. widths: Typst track sizes per column
    ("auto", "2fr", "3cm"); default: every column auto. fills: per row, per column, "#rrggbb",
    a Typst colour expression such as "luma(230)", or None. bold_rows: body rows (from 0)
    set in bold, e.g. totals.
    """
    columns = len(header)
    aligns = ", ".join(align or ["left"] * columns)
    sizes = f"({', '.join(widths)},)" if widths else str(columns)
    out = [f"#table(columns: {sizes}, align: ({aligns},), stroke: none,"]
    out.append("  table.hline(stroke: 0.6pt),")
    head = ", ".join(_cell(h, header_fill, bold=True) for h in header)
    out.append(f"  table.header({head}),")
    out.append("  table.hline(stroke: 0.4pt),")
    for r, row in enumerate(rows):
        fill_row = fills[r] if fills else [None] * columns
        bold = r in bold_rows
        out.append("  " + ", ".join(_cell(v, f, bold) for v, f in zip(row, fill_row, strict=True))
                   + ",")
    out.append("  table.hline(stroke: 0.6pt),")
    out.append(")")
    return "\n".join(out)


def html_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    table_id: str,
    label: str,
    align: Sequence[str] | None = None,
    fills: Sequence[Sequence[str | None]] | None = None,
    bold_rows: Sequence[int] = (),
    notes: Sequence[str] = (),
    hidden: Sequence[Sequence[str]] | None = None,
    compact: bool = False,
) -> str:
    """A plain, valid HTML table in a keyboard-scrollable region: column headings
    `<th scope="col">`, the first cell of each row a row heading `<th scope="row">`, fills as
    inline backgrounds, NOTES in the footer. hidden: per row, per column, a reason read out by
    screen readers where a cell is blank (visually hidden text). Styling is the site's CSS;
    search leaves the table out (its words are in the page's text)."""
    aligns = list(align or ["left"] * len(header))
    head = "".join(f'<th scope="col" class="{_align_class(a)}">{esc(h)}</th>'
                   for h, a in zip(header, aligns, strict=True))
    body = []
    for r, row in enumerate(rows):
        fill_row = fills[r] if fills else [None] * len(row)
        why_row = hidden[r] if hidden else [""] * len(row)
        cells = []
        for c, value in enumerate(row):
            tag, scope = ("th", ' scope="row"') if c == 0 else ("td", "")
            style = f' style="background-color:{esc(fill_row[c])}"' if fill_row[c] else ""
            text = esc(value)
            if not str(value).strip() and why_row[c]:
                text = f'<span class="visually-hidden">{esc(why_row[c])}</span>'
            cells.append(f'<{tag}{scope} class="{_align_class(aligns[c])}"{style}>{text}</{tag}>')
        total = ' class="total"' if r in bold_rows else ""
        body.append(f"<tr{total}>{''.join(cells)}</tr>")
    foot = "".join(f'<tr><td colspan="{len(header)}">{esc(n)}</td></tr>' for n in notes)
    classes = "data-table compact" if compact else "data-table"
    return (f'<div class="table-scroll" id="{esc(table_id)}" tabindex="0" role="region" '
            f'aria-label="{esc(label)}" data-pagefind-ignore>\n<table class="{classes}">\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>"
            + (f"\n<tfoot>{foot}</tfoot>" if foot else "") + "\n</table>\n</div>")


def _align_class(how: str) -> str:
    return {"right": "num", "center": "mid"}.get(how, "txt")


def _cell(value: str, fill: str | None, bold: bool = False) -> str:
    body = f"text(weight: \"bold\", {typst_str(value)})" if bold else typst_str(value)
    if fill:
        color = f"rgb({typst_str(fill)})" if fill.startswith("#") else fill
        return f"table.cell(fill: {color}, {body})"
    return body

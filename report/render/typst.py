"""The PDF: chapters as Typst (from pandoc), the book template, compiled with the typst wheel."""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .charts import FONT_FAMILY, FONTS
from .errors import TypstError
from .markup import typst_str

TEMPLATE = Path(__file__).parent / "assets" / "book.typ"


@dataclass
class Book:
    title: str
    lang: str
    words: dict
    subtitle: str | None = None
    author: list[str] = field(default_factory=list)
    date: str | None = None
    description: str | None = None  # on the cover, and the PDF's subject
    keywords: list[str] = field(default_factory=list)  # the PDF's keywords
    toc: bool = True
    cover: bool = True
    papersize: str = "a4"
    cover_note: str | None = None
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (source file, Typst)
    files: dict[str, bytes] = field(default_factory=dict)


def main_source(book: Book) -> str:
    w = book.words
    args = {
        "title": typst_str(book.title),
        "subtitle": typst_str(book.subtitle) if book.subtitle else "none",
        "author": "(" + "".join(f"{typst_str(a)}," for a in book.author) + ")"
        if book.author else "none",
        "date": typst_str(_cover_date(book.date)) if book.date else "none",
        "description": typst_str(book.description) if book.description else "none",
        "keywords": "(" + "".join(f"{typst_str(k)}," for k in book.keywords) + ")",
        "lang": typst_str(book.lang),
        "language-name": typst_str(w["render-language-name"]),
        "toc": "true" if book.toc else "false",
        "cover": "true" if book.cover else "false",
        "toc-title": typst_str(w["toc-title-document"]),
        "page-word": typst_str(w["render-page"]),
        "of-word": typst_str(w["render-page-of"]),
        "papersize": typst_str(_paper(book.papersize)),
        "font": typst_str(FONT_FAMILY),
        "cover-note": typst_str(book.cover_note) if book.cover_note else "none",
    }
    call = ", ".join(f"{k}: {v}" for k, v in args.items())
    head = f'#import "book.typ": *\n#show: book.with({call})\n\n'
    return head + "\n\n".join(text for _, text in book.chapters) + "\n"


def chapter_at(book: Book, line: int) -> str | None:
    """The source file whose Typst holds a line of main.typ (for error messages)."""
    at = main_source(Book(book.title, book.lang, book.words)).count("\n") + 1
    for source, text in book.chapters:
        at += text.count("\n") + 2
        if line < at:
            return source
    return None


def _cover_date(date) -> str:
    """The cover shows the year of an ISO date (the report year), other dates as written."""
    text = str(date)
    return text[:4] if re.match(r"^\d{4}-\d{2}(-\d{2})?$", text) else text


def _paper(name: str) -> str:
    name = str(name).lower()
    return {"letter": "us-letter", "us-letter": "us-letter"}.get(name, name)


def timestamp(book: Book) -> datetime.datetime:
    """The PDF date comes from the inputs: SOURCE_DATE_EPOCH, else the book's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    try:
        day = datetime.date.fromisoformat(str(book.date)[:10])
    except ValueError:
        day = datetime.date(2000, 1, 1)
    return datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=datetime.UTC)


def compile_pdf(book: Book, workdir: Path, cache: Cache, name: str) -> bytes:
    source = main_source(book)
    template = TEMPLATE.read_text(encoding="utf-8")
    stamp = timestamp(book)
    key = cache.key("typst", source, template, stamp.isoformat(),
                    *(f"{k}\0" for k in sorted(book.files)),
                    *(book.files[k] for k in sorted(book.files)))
    hit = cache.get_bytes("pdf", key)
    if hit is not None:
        return hit
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "book.typ").write_text(template, encoding="utf-8")
    for rel, data in book.files.items():
        path = workdir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    main = workdir / "main.typ"
    main.write_text(source, encoding="utf-8")
    try:
        pdf = open_bookmarks(_compile(main, workdir, stamp, name))
    except TypstError as exc:
        raise _located(exc, book) from None
    cache.put_bytes("pdf", key, pdf)
    return pdf


def open_bookmarks(pdf: bytes) -> bytes:
    """The PDF set to open with its bookmarks panel shown (/PageMode /UseOutlines), added as
    an incremental update so that Typst's tagging and outline stay as they are. Only the
    catalogue and the information dictionary are read and written again (with a classic
    cross-reference section pointing back to Typst's), not the whole document."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject, TextStringObject

    trailer = PdfReader(io.BytesIO(pdf)).trailer
    previous = int(STARTXREF.findall(pdf[-1024:])[-1])
    size = int(trailer["/Size"])
    root_ref = trailer.raw_get("/Root")
    root = root_ref.get_object()
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    # a changed information dictionary is written again and named in the update's trailer;
    # an unchanged one is left out of it, and readers that take the last trailer (poppler)
    # then see no title, subject or keywords at all
    if "/Info" in trailer:
        info_ref = trailer.raw_get("/Info")
        info = info_ref.get_object()
    else:  # a new object after the last
        info_ref, info, size = IndirectObject(size, 0, None), DictionaryObject(), size + 1
    info[NameObject("/Producer")] = TextStringObject("Typst, nbcr-report")
    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = []
    for ref, obj in sorted([(root_ref, root), (info_ref, info)], key=lambda p: p[0].idnum):
        offsets.append((ref.idnum, ref.generation, out.tell()))
        out.write(f"{ref.idnum} {ref.generation} obj\n".encode())
        obj.write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f\r\n")  # readers expect a section to start at 0
    for number, generation, offset in offsets:
        out.write(f"{number} 1\n{offset:010d} {generation:05d} n\r\n".encode())
    out.write(f"trailer\n<< /Size {size} /Root {root_ref.idnum} {root_ref.generation} R "
              f"/Info {info_ref.idnum} {info_ref.generation} R /Prev {previous}".encode())
    if "/ID" in trailer:
        out.write(b" /ID ")
        trailer.raw_get("/ID").write_to_stream(out)
    out.write(f" >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


STARTXREF = re.compile(rb"startxref\s+(\d+)")


TYPST_LINK = re.compile(r'#link\("((?:[^"\\]|\\.)*)"\)')
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def absolute_links(body: str, page: str, site_url: str | None) -> str:
    """Links to other files of the site, relative to PAGE (its path in the site), made
    absolute with SITE_URL: a PDF is read away from the site, where a relative link leads
    nowhere. Without a site URL such a link becomes plain text. Links within the document
    (`#link(<label>)`) and links with a scheme (https:, mailto:) stay as they are."""

    def fix(match: re.Match) -> str:
        target = match.group(1)
        if SCHEME.match(target):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if not site_url or path == ".." or path.startswith("../"):
            return "#box"  # keeps the link's text, without the link
        return f"#link({typst_str(site_url.rstrip('/') + '/' + path)})"

    return TYPST_LINK.sub(fix, body)


def _located(exc: TypstError, book: Book) -> TypstError:
    match = re.search(r"main\.typ:(\d+)", exc.detail)
    source = chapter_at(book, int(match.group(1))) if match else None
    if source is None:
        return exc
    return TypstError(f"in the Typst written for this chapter: {exc.detail}", source)


def _compile(main: Path, root: Path, stamp: datetime.datetime, name: str) -> bytes:
    import typst

    try:
        # warnings are returned, not raised through `warnings` (whose filters are global
        # state: PDFs compile in several threads at once)
        pdf, _ = typst.compile_with_warnings(
            str(main), root=str(root), font_paths=[str(FONTS)], ignore_system_fonts=True,
            format="pdf", pdf_standards=["ua-1"], timestamp=stamp)
        return pdf
    except typst.TypstError as exc:
        detail = getattr(exc, "diagnostic", "") or str(exc)
        raise TypstError(f"{getattr(exc, 'message', exc)}\n{detail}", name) from None
    except RuntimeError as exc:
        raise TypstError(str(exc), name) from None

"""Write one executed document as pandoc markdown for one format (html or typst)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import outputs
from .attributes import HEADING, parse_attrs
from .crossref import IMAGE_FIGURE, PageNumbers, Registry, is_figure_cell
from .errors import OutputError, UnsupportedFeature
from .execute import DocumentResult
from .markup import code_block, esc, raw_block, typst_str
from .qmd import INLINE_CODE, Cell, Document, Line, Markdown, _track_fence

QMD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+?)\.qmd(#[^)\s]*)?\)")
DIV_OPEN = re.compile(r"^(:{3,})\s*(\{.*\}|[\w-]+.*)\s*$")
DIV_CLOSE = re.compile(r"^:{3,}\s*$")
CALLOUTS = ("note", "tip", "warning", "important")
CONDITIONS = ("when-format", "unless-format", "when-profile", "unless-profile")
FORMAT_ALIASES = {"typst": {"typst", "pdf"}, "html": {"html", "html5", "html:js"}}


@dataclass
class Context:
    fmt: str  # html | typst
    profile: str | None
    page: str  # output path of the page, e.g. "intro.html"
    words: dict
    registry: Registry
    numbers: PageNumbers
    sink: outputs.Sink
    echo: bool = True
    warning: bool = True
    convert: outputs.Converters | None = None


class Emitter:
    def __init__(self, doc: Document, result: DocumentResult, ctx: Context):
        self.doc = doc
        self.result = result
        self.ctx = ctx
        self.stack: list[str] = []  # per open div: "keep", "keep-quiet", "drop", "callout"
        self.dropping = 0

    def run(self) -> str:
        parts = []
        for b, block in enumerate(self.doc.blocks):
            if isinstance(block, Cell):
                if not self.dropping:
                    parts.append(self.cell(block, b))
            else:
                parts.append(self.markdown(b, block))
        return "\n".join(parts)

    # ------------------------------------------------------------ markdown
    def markdown(self, b: int, block: Markdown) -> str:
        values = iter(self.result.inline.get(b, []))
        out = []
        fence = None
        for i, line in enumerate(block.lines):
            before = fence
            fence = _track_fence(line.text, fence)
            text = line.text
            if before is None and fence is None:
                text = self.line(b, i, line, values)
            if text is not None and not self.dropping:
                out.append(text)
        return "\n".join(out)

    def line(self, b: int, i: int, line: Line, values) -> str | None:
        text = INLINE_CODE.sub(lambda m: str(next(values)), line.text)
        return self.process((b, i), line, text)

    def process(self, key: tuple[int, int], line: Line, text: str) -> str | None:
        """One markdown line outside code blocks (from the file or written by a cell)."""
        if DIV_OPEN.match(text):
            return self.open_div(text, line)
        if DIV_CLOSE.match(text) and self.stack:
            return self.close_div()
        if self.dropping:
            return None
        if key == self.ctx.numbers.title_line:
            return ""
        heading = self.ctx.numbers.headings.get(key)
        if heading is not None:
            return self.heading(heading, text, line)
        figure = IMAGE_FIGURE.match(text)
        if figure:
            return self.image_figure(figure, line)
        text = qmd_links(text, self.ctx.fmt)
        return self.ctx.registry.resolve(text, line, self.ctx.words, self.ctx.page,
                                         self.ctx.fmt)

    def heading(self, heading, text: str, line: Line) -> str:
        match = HEADING.match(text)
        attrs = parse_attrs(match.group(3) or "")
        title = self.ctx.registry.resolve(match.group(2), line, self.ctx.words, self.ctx.page,
                                          self.ctx.fmt)
        marks = match.group(1)
        if self.ctx.fmt == "typst":
            number = f"{heading.number} " if heading.number else ""
            label = f" {{#{heading.id}}}" if heading.explicit_id else ""
            return f"{marks} {number}{title}{label}"
        number = f"[{heading.number}]{{.header-section-number}} " if heading.number else ""
        classes = " ".join(f".{c}" for c in attrs.classes if c != "unnumbered")
        return f"{marks} {number}{title} {{#{heading.id} {classes}}}".rstrip()

    def image_figure(self, match, line: Line) -> str:
        caption, src, attr_text = match.groups()
        attrs = parse_attrs(attr_text)
        number = self.ctx.numbers.figures[attrs.id]
        fig = outputs.Figure(attrs.id, self._caption("fig", number, caption),
                             attrs.values.get("fig-alt", caption))
        source = line.file.parent / src
        if not source.is_file():
            raise OutputError(f"image '{src}' does not exist", line.file, line.number)
        path = self.ctx.sink.add(f"{attrs.id}{source.suffix}", source.read_bytes())
        if self.ctx.fmt == "typst":
            return raw_block("typst", outputs.typst_image(path, fig, "",
                                                          (line.file, line.number)))
        img = f'<img src="{esc(path)}" alt="{esc(fig.alt)}">'
        return raw_block("html", outputs._frame_html(img, fig))

    # ------------------------------------------------------------ divs
    def open_div(self, text: str, line: Line) -> str | None:
        attrs = parse_attrs(DIV_OPEN.match(text).group(2))
        if self.dropping:
            self.stack.append("drop")
            self.dropping += 1
            return None
        visible = [c for c in attrs.classes if c in ("content-visible", "content-hidden")]
        if visible:
            keep = self.visible(visible[0], attrs, line)
            self.stack.append("keep-quiet" if keep else "drop")
            self.dropping += 0 if keep else 1
            return ""
        callout = [c for c in attrs.classes if c.startswith("callout-")]
        if callout:
            return self.open_callout(callout[0], attrs, line)
        self.stack.append("keep")
        return text

    def visible(self, kind: str, attrs, line: Line) -> bool:
        unknown = [k for k in attrs.values if k not in CONDITIONS]
        if unknown:
            raise UnsupportedFeature(f"{kind} condition '{unknown[0]}'", line.file, line.number)
        formats = FORMAT_ALIASES[self.ctx.fmt]
        tests = []
        for key, value in attrs.values.items():
            names = set(value.replace(",", " ").split())
            hit = bool(names & formats) if key.endswith("format") else self.ctx.profile in names
            tests.append(hit if key.startswith("when") else not hit)
        shown = all(tests)
        return shown if kind == "content-visible" else not shown

    def open_callout(self, cls: str, attrs, line: Line) -> str:
        kind = cls.removeprefix("callout-")
        if kind not in CALLOUTS:
            raise UnsupportedFeature(f"callout '{cls}'", line.file, line.number)
        extra = [k for k in attrs.values if k != "title"]
        if extra:
            raise UnsupportedFeature(f"callout attribute '{extra[0]}'", line.file, line.number)
        title = attrs.values.get("title") or self.ctx.words[f"callout-{kind}-title"]
        self.stack.append("callout")
        if self.ctx.fmt == "typst":
            return raw_block("typst", f"#callout(kind: {typst_str(kind)}, "
                                      f"title: {typst_str(title)})[")
        ident = f' id="{attrs.id}"' if attrs.id else ""
        return raw_block("html", f'<div class="callout callout-{kind}"{ident} role="note" '
                                 f'aria-label="{esc(title)}">\n'
                                 f'<p class="callout-title">{esc(title)}</p>\n'
                                 f'<div class="callout-body">')

    def close_div(self) -> str | None:
        kind = self.stack.pop()
        if kind == "drop":
            self.dropping -= 1
            return None
        if self.dropping:
            return None
        if kind == "callout":
            return raw_block("typst", "]") if self.ctx.fmt == "typst" else raw_block(
                "html", "</div>\n</div>")
        return "" if kind == "keep-quiet" else ":::"

    # ------------------------------------------------------------ cells
    def cell(self, cell: Cell, b: int) -> str:
        opts = cell.options
        if opts.get("include") is False:
            return ""
        parts = []
        if opts.get("echo", self.ctx.echo):
            parts.append(code_block(cell.source, ".python .cell-code"))
        output = opts.get("output", True)
        if output is False:
            return "\n".join(parts)
        fig = self.frame(cell)
        key = f"cell-{cell.index}"
        self.asis_at = (b, 0)
        for item in self.result.cells.get(cell.index, []):
            parts.append(self.output(item, cell, output == "asis", fig, key))
            if fig is not None and item.get("data") and self._framed(item["data"], fig):
                fig = None
        return "\n".join(parts)

    def _framed(self, data: dict, fig: outputs.Figure) -> bool:
        if fig.kind == "tbl":
            return outputs.pick(data, self.ctx.fmt) in ("text/html", "text/x-typst")
        return outputs.is_visual(data)

    def frame(self, cell: Cell) -> outputs.Figure | None:
        label = cell.label or ""
        if label.startswith("tbl-"):
            number = self.ctx.numbers.tables[label]
            return outputs.Figure(label, self._caption("tbl", number, cell.options.get(
                "tbl-cap", "")), kind="tbl")
        if is_figure_cell(cell):
            number = self.ctx.numbers.figures.get(label)
            caption = str(cell.options.get("fig-cap", ""))
            anchor = label or f"fig-cell-{cell.index}"
            alt = str(cell.options.get("fig-alt", ""))  # else the chart's own, else caption
            return outputs.Figure(anchor, self._caption("fig", number, caption), alt,
                                  text=caption)
        return None

    def _caption(self, kind: str, number: str | None, caption) -> str:
        if number is None:
            return str(caption)
        word = self.ctx.words[f"crossref-{kind}-title"]
        return f"{word} {number}: {caption}" if caption else f"{word} {number}"

    def asis(self, text: str, cell: Cell) -> str:
        """Markdown written by code is treated like the page's own: headings numbered (the
        numbering saw the same lines), callouts and divs, references, links."""
        b, offset = self.asis_at
        lines = text.split("\n")
        self.asis_at = (b, offset + len(lines))
        out, fence = [], None
        for j, text_line in enumerate(lines):
            before = fence
            fence = _track_fence(text_line, fence)
            if before is not None or fence is not None:
                result = text_line
            else:
                result = self.process((b, offset + j), Line(text_line, cell.file, cell.line),
                                      text_line)
            if result is not None and not self.dropping:
                out.append(result)
        return "\n" + "\n".join(out) + "\n"

    def output(self, item: dict, cell: Cell, asis: bool, fig, key: str) -> str:
        text = asis_text(item) if asis else None
        if text is not None:
            return self.asis(text, cell)
        if item.get("output_type") == "stream":
            if item.get("name") == "stderr" and not cell.options.get("warning", self.ctx.warning):
                return ""
            return code_block(outputs._text(item.get("text", "")), ".cell-output")
        data = item.get("data") or {}
        frame = fig if fig is not None and self._framed(data, fig) else None
        if self.ctx.fmt == "html":
            return outputs.html_bundle(data, frame, self.ctx.sink, self.ctx.words, key)
        return outputs.typst_bundle(data, frame, self.ctx.sink, key, (cell.file, cell.line),
                                    self.ctx.convert)


def asis_text(item: dict) -> str | None:
    """The markdown an output gives under `output: asis` (None: it is shown the usual way)."""
    if item.get("output_type") == "stream":
        return outputs._text(item.get("text", "")) if item.get("name") == "stdout" else None
    data = item.get("data") or {}
    if "text/markdown" in data or set(data) == {"text/plain"}:
        return outputs._text(data.get("text/markdown", data.get("text/plain")))
    return None


def asis_lines(cell: Cell, items: list[dict]) -> list[str]:
    """All lines a cell writes as markdown, in the order the emitter will see them."""
    if cell.options.get("output") != "asis" or cell.options.get("include") is False:
        return []
    lines: list[str] = []
    for item in items:
        text = asis_text(item)
        if text is not None:
            lines.extend(text.split("\n"))
    return lines


def qmd_links(text: str, fmt: str) -> str:
    """Links to other .qmd pages: `x.qmd` (or its twin `x.en.qmd`) is `x.html` on the website;
    in the PDF, where every chapter is in one document, only an `#anchor` is kept."""

    def replace(match: re.Match) -> str:
        label, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        if "://" in target:
            return match.group(0)
        if fmt != "html":
            return f"[{label}]({anchor})" if anchor else label
        target = re.sub(r"\.[a-z]{2}(-[A-Z]{2})?$", "", target)
        return f"[{label}]({target}.html{anchor})"

    return QMD_LINK.sub(replace, text)

"""Turn one cell output (a MIME bundle) into HTML or Typst markup."""

from __future__ import annotations

import base64
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from . import charts
from .display import TYPST_MIME
from .errors import OutputError
from .markup import esc, raw_block, script_json, stable_ids, typst_str

VISUAL = ("vegalite", "image/svg+xml", "image/png")


@dataclass
class Figure:
    """How a visual output is framed: anchor id, caption text (with number) and alt text."""

    anchor: str
    caption: str = ""
    alt: str = ""  # explicit fig-alt
    kind: str = "fig"  # fig or tbl
    text: str = ""  # the caption without its number: the alt text of last resort

    def alt_or(self, described: str = "") -> str:
        """fig-alt, else the output's own description (a chart's), else the caption."""
        return self.alt or described or self.text or self.caption


@dataclass
class Sink:
    """Files that outputs need (images). Keys are paths in the tree; `add` returns the path
    relative to `base`, the folder of the page (or of the Typst main file)."""

    folder: str
    base: str = ""
    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> str:
        path = posixpath.join(self.folder, name)
        self.files[path] = data
        return posixpath.relpath(path, self.base or ".")


def kind_of(data: dict) -> str | None:
    for mime in data:
        if mime.startswith("application/vnd.vegalite.") and mime.endswith("+json"):
            return "vegalite"
    return None


def pick(data: dict, fmt: str) -> str | None:
    """The MIME type to show in a format, best first. An output that brings its own Typst
    drawing (`_repr_typst_`) is shown with it in the PDF, even beside a Vega-Lite chart."""
    if fmt == "typst" and TYPST_MIME in data:
        return TYPST_MIME
    if kind_of(data) == "vegalite":
        return next(m for m in data if m.startswith("application/vnd.vegalite."))
    order = {
        "html": ("text/html", "image/svg+xml", "image/png", "text/markdown", "text/plain"),
        "typst": (TYPST_MIME, "image/svg+xml", "image/png", "text/markdown", "text/html",
                  "text/plain"),
    }[fmt]
    return next((m for m in order if m in data), None)


def is_visual(data: dict) -> bool:
    mime = pick(data, "html")
    return mime is not None and (mime.startswith("application/vnd.vegalite.")
                                 or mime.startswith("image/"))


# ---------------------------------------------------------------- HTML

def html_bundle(data: dict, fig: Figure | None, sink: Sink, words: dict, key: str) -> str:
    mime = pick(data, "html")
    if mime is None:
        return ""
    if mime.startswith("application/vnd.vegalite."):
        return raw_block("html", html_chart(data[mime], fig, words, key, sink))
    if mime.startswith("image/"):
        return raw_block("html", html_image(data[mime], mime, fig, sink, key))
    if mime == "text/html":
        body = stable_ids(_text(data[mime]), f"out-{fig.anchor if fig else key}")
        return raw_block("html", _frame_html(body, fig))
    if mime == "text/markdown":
        return "\n" + _text(data[mime]) + "\n"
    return _plain(data[mime])


def _frame_html(body: str, fig: Figure | None) -> str:
    if fig is None:
        return f'<div class="cell-output-display">\n{body}\n</div>'
    caption = f"<figcaption>{esc(fig.caption)}</figcaption>" if fig.caption else ""
    if fig.kind == "tbl":
        return f'<figure class="table" id="{fig.anchor}">\n{caption}\n{body}\n</figure>'
    return f'<figure class="figure" id="{fig.anchor}">\n{body}\n{caption}\n</figure>'


def html_chart(spec: dict, fig: Figure | None, words: dict, key: str, sink: Sink) -> str:
    """The chart's holder in a figure with its caption; the description (unless it only
    repeats the caption) and the data table follow the figure. The spec is a file of its own
    beside the page, so browsers cache it and the page stays light. The holder is named by the
    caption and described by the description, so a screen reader reads each once."""
    anchor = fig.anchor if fig else key
    alt = fig.alt_or(charts.describe(spec)) if fig else charts.describe(spec)
    has_caption = bool(fig and fig.caption)
    caption = (f'<figcaption id="{anchor}-cap">{esc(fig.caption)}</figcaption>'
               if has_caption else "")
    shown = bool(alt) and (not fig or alt != fig.text)
    described = f'<p class="figure-alt" id="{anchor}-desc">{esc(alt)}</p>\n' if shown else ""
    if has_caption:
        name = f'aria-labelledby="{anchor}-cap"'
        name += f' aria-describedby="{anchor}-desc"' if shown else ""
    else:
        name = f'aria-labelledby="{anchor}-desc"' if shown else f'aria-label="{esc(alt)}"'
    src = sink.add(f"{anchor}.vl.json", script_json(spec).encode())
    table = charts.data_table_html(spec, words["render-data-table"])
    return (
        f'<div class="chart-block">\n<figure class="figure chart" id="{anchor}">\n'
        f'<div class="vega-chart" role="img" {name} data-spec-src="{esc(src)}"></div>\n'
        f"{caption}\n</figure>\n"
        f"{described}{table}\n</div>"
    )


def html_image(payload, mime: str, fig: Figure | None, sink: Sink, key: str) -> str:
    anchor = fig.anchor if fig else key
    ext = "svg" if mime == "image/svg+xml" else "png"
    data = payload.encode() if ext == "svg" else base64.b64decode(_text(payload))
    src = sink.add(f"{anchor}.{ext}", data)
    alt = fig.alt_or() if fig else ""
    img = f'<img src="{esc(src)}" alt="{esc(alt)}">'
    return _frame_html(img, fig) if fig else img


# ---------------------------------------------------------------- Typst

@dataclass
class Converters:
    """Slow conversions, given by the builder so it can cache them."""

    html_to_typst: Callable[[str], str]
    chart_svg: Callable[[dict, str], str]


def typst_bundle(data: dict, fig: Figure | None, sink: Sink, key: str, where,
                 convert: Converters) -> str:
    mime = pick(data, "typst")
    if mime is None:
        return ""
    if mime.startswith("application/vnd.vegalite."):
        name = fig.anchor if fig else key
        svg = convert.chart_svg(data[mime], name)
        path = sink.add(f"{name}.svg", svg.encode())
        return raw_block("typst", typst_image(path, fig, charts.describe(data[mime]), where))
    if mime.startswith("image/"):
        ext = "svg" if mime == "image/svg+xml" else "png"
        payload = data[mime]
        blob = payload.encode() if ext == "svg" else base64.b64decode(_text(payload))
        path = sink.add(f"{fig.anchor if fig else key}.{ext}", blob)
        return raw_block("typst", typst_image(path, fig, "", where))
    if mime == TYPST_MIME:
        chart = next((data[m] for m in data if m.startswith("application/vnd.vegalite.")),
                     None)
        alt = fig.alt_or(charts.describe(chart)) if fig and isinstance(chart, dict) else ""
        return raw_block("typst", _frame_typst(_text(data[mime]), fig, code=False, alt=alt))
    if mime == "text/html":
        body = convert.html_to_typst(_text(data[mime]))
        return raw_block("typst", _frame_typst(body, fig, code=False))
    if mime == "text/markdown":
        return "\n" + _text(data[mime]) + "\n"
    return _plain(data[mime])


def typst_image(path: str, fig: Figure | None, fallback_alt: str, where) -> str:
    alt = fig.alt_or(fallback_alt) if fig else fallback_alt
    if not alt:
        raise OutputError("an image has no alt text (set fig-alt or fig-cap)", *where)
    image = f"image({typst_str(path)}, alt: {typst_str(alt)})"
    return _frame_typst(image, fig, code=True)


def _frame_typst(body: str, fig: Figure | None, code: bool, alt: str = "") -> str:
    """BODY in a block, or in a figure with its caption (and ALT text: a drawing of a chart
    is described like the chart's image would be)."""
    content = body if code else f"[\n{body}\n]"
    if fig is None:
        return f"#block(width: 100%, {content})"
    position = "top" if fig.kind == "tbl" else "bottom"
    kind = "table" if fig.kind == "tbl" else "image"
    caption = f"figure.caption(position: {position}, {typst_str(fig.caption)})"
    described = f"alt: {typst_str(alt)}, " if alt else ""
    return (f"#figure(kind: {kind}, numbering: none, caption: {caption}, {described}\n"
            f"  {content}) <{fig.anchor}>")


# ---------------------------------------------------------------- shared

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _plain(value) -> str:
    from .markup import code_block

    return code_block(_text(value), ".cell-output")

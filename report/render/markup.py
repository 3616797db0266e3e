"""Small helpers to write raw HTML and Typst safely."""

from __future__ import annotations

import html
import json
import re


def raw_block(fmt: str, text: str) -> str:
    """A pandoc raw block, fenced with more backticks than the text holds."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"\n{fence}{{={fmt}}}\n{text}\n{fence}\n"


def code_block(text: str, classes: str = "") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    attrs = f" {{{classes}}}" if classes else ""
    return f"\n{fence}{attrs}\n{text.rstrip()}\n{fence}\n"


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def typst_str(text: str) -> str:
    """A Typst string literal."""
    return json.dumps(str(text), ensure_ascii=False)


def script_json(data) -> str:
    """JSON for a `<script type="application/json">`: sorted keys, no `</` inside."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


GT_ID = re.compile(r'id="([a-z]{10})"')


def stable_ids(fragment: str, prefix: str) -> str:
    """Replace random 10-letter element ids (as great-tables makes) with fixed ones."""
    for n, token in enumerate(dict.fromkeys(GT_ID.findall(fragment))):
        fragment = re.sub(rf"\b{token}\b", f"{prefix}-{n}", fragment)
    return fragment


SVG_ID = re.compile(r'id="([A-Za-z_][\w-]*?)"')


def renumber_svg_ids(svg: str, prefix: str) -> str:
    """Give every id in an SVG a fixed, document-unique name (clip ids count per process)."""
    for n, token in enumerate(dict.fromkeys(SVG_ID.findall(svg))):
        new = f"{prefix}-{n}"
        svg = svg.replace(f'id="{token}"', f'id="{new}"')
        svg = svg.replace(f"url(#{token})", f"url(#{new})")
        svg = svg.replace(f'href="#{token}"', f'href="#{new}"')
    return svg

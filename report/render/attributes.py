"""Pandoc attribute blocks `{#id .class key="value"}` and heading lines."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

ATTR = re.compile(r"""#([\w:.-]+)|\.([\w-]+)|([\w-]+)=("[^"]*"|'[^']*'|\S+)|(-)(?=\s|$)""")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^{}]*)\})?\s*$")


@dataclass
class Attrs:
    id: str = ""
    classes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)

    def render(self) -> str:
        parts = [f"#{self.id}"] if self.id else []
        parts += [f".{c}" for c in self.classes]
        parts += [f'{k}="{v}"' for k, v in self.values.items()]
        return "{" + " ".join(parts) + "}" if parts else ""


def parse_attrs(text: str) -> Attrs:
    attrs = Attrs()
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if text and not text.lstrip().startswith(("#", ".", "-")) and "=" not in text.split()[0]:
        # `::: callout-note` shorthand: a bare word is a class
        first, _, rest = text.strip().partition(" ")
        attrs.classes.append(first)
        text = rest
    for match in ATTR.finditer(text):
        ident, cls, key, value, dash = match.groups()
        if ident:
            attrs.id = ident
        elif cls:
            attrs.classes.append(cls)
        elif key:
            attrs.values[key] = value[1:-1] if value[0] in "\"'" else value
        elif dash:
            attrs.classes.append("unnumbered")
    return attrs


def slugify(text: str) -> str:
    """Pandoc's auto_identifiers, closely enough for headings written as plain text."""
    text = re.sub(r"[`*_\[\]]", "", text)
    text = re.sub(r"\{[^}]*\}", "", text)
    out = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch.isalnum() or ch in "_-.":
            out.append(ch)
        elif ch.isspace():
            out.append("-")
    slug = "".join(out)
    slug = re.sub(r"^[^a-zæøåäöü]+", "", slug)
    return slug or "section"

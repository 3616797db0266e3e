"""Hand-written text that goes into the report as markdown (improvement notes, the registry's
facts, the errata of an edition) is text, not code: anything that could carry HTML, scripts,
attributes, code, shortcodes or content from other hosts is refused, naming where it is."""

from __future__ import annotations

import re

LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(\s|$)")
SAFE_TARGET = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
RULES = (
    (re.compile(r"<[A-Za-z/!?]"), "raw HTML is not allowed ('<' followed by a letter, '/', "
     "'!' or '?' starts a tag; write 'under 5' or '< 5' with a space)"),
    (re.compile(r"[{}]"), "braces { } are not allowed (in Quarto markdown they set "
     "attributes, raw output, shortcodes or code)"),
    (re.compile(r"!\["), "images are not allowed (they would load from another host)"),
    (re.compile(r"^\s{0,3}:::"), "::: blocks are not allowed"),
    (re.compile(r"^\s{0,3}#{1,2}(\s|$)"), "headings of level 1 and 2 are the report's own: "
     "start a heading with ###"),
    (re.compile(r"^\s{0,3}(=+|-{3,}|\*{3,}|_{3,})\s*$"), "a line of only '=', '-', '*' or "
     "'_' makes a heading or a rule: use ### for a heading"),
    (re.compile(r"(^|[\s\[;])-?@\w"), "references with '@' are not allowed (write an e-mail "
     "address as a mailto: link)"),
)
LINK_RULE = "links must start with https://, http:// or mailto:"


class MarkupRefused(ValueError):
    """Hand-written text holding markup that could inject something into the pages."""


def check(text: str, where: str, limit: int | None = None, sep: str = ":") -> str:
    """TEXT if it is plain markdown the report may show; MarkupRefused naming WHERE and the
    line otherwise: 'file.md:3: ...', or with SEP ', line ' 'file.yml: key 'x', line 3: ...'."""
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, why in RULES:
            if pattern.search(line):
                raise MarkupRefused(f"{where}{sep}{number}: {why}")
        targets = LINK.findall(line) + [m.group(1) for m in [REFERENCE_LINK.match(line)] if m]
        if any(not SAFE_TARGET.match(t) for t in targets):
            raise MarkupRefused(f"{where}{sep}{number}: {LINK_RULE}")
    if limit is not None and len(text) > limit:
        raise MarkupRefused(f"{where}: a hospital note is at most {limit} characters "
                            f"(this one has {len(text)})")
    return text

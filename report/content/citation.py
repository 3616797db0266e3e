"""The edition as readers see it: the edition line (number, date, generator version) on the
front page and the PDF cover, the PDFs' metadata, and the recommended citation. Everything
comes from the published manifest (its edition, written from data/edition.yml) and the
registry's facts (data/registry.yml)."""

from __future__ import annotations

import datetime

from report.content import i18n
from report.content.about import Facts


def date(value: str | datetime.date, lang: str) -> str:
    """'15. oktober 2025' / '15 October 2025'."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    month = i18n.t("month.names", lang).split()[day.month - 1]
    return i18n.t("date.long", lang, day=day.day, month=month, year=day.year)


def _edition(manifest: dict) -> dict:
    return manifest.get("edition") or {}


def edition_line(manifest: dict, lang: str) -> str:
    """'Utgave 1, publisert 15. oktober 2025. Laget med nbcr-report 0.1.0.' (empty when the
    manifest has no edition, as one written before editions existed)."""
    ed = _edition(manifest)
    if not ed:
        return ""
    return i18n.t("edition.line", lang, number=ed["number"], date=date(ed["date"], lang),
                  generator=ed["generator"], year=manifest["report_year"])


def citation(manifest: dict, facts: Facts, lang: str) -> str:
    """The recommended citation of this edition, as one line of plain text."""
    ed = _edition(manifest)
    text = i18n.t("edition.citation", lang, name=facts.text("name", lang),
                  year=manifest["report_year"], number=ed.get("number", 1),
                  date=date(ed["date"], lang) if ed.get("date") else "",
                  place=facts.place, publisher=facts.text("publisher", lang),
                  published=str(ed.get("date", ""))[:4])
    if ed.get("url"):
        text += " " + i18n.t("edition.citation_url", lang, url=ed["url"])
    return text


def pdf_metadata(manifest: dict, lang: str) -> dict:
    """Book keys for the PDFs: the edition line as the description (cover and document
    metadata) and keywords naming report year, edition and generator."""
    ed = _edition(manifest)
    if not ed:
        return {}
    return {"description": edition_line(manifest, lang),
            "keywords": [i18n.t("edition.keyword_year", lang, year=manifest["report_year"]),
                         i18n.t("edition.keyword_edition", lang, number=ed["number"]),
                         ed["date"], ed["generator"]]}

"""Words the renderer writes, from Quarto's language keys, in proper Bokmål and English.

Quarto's own Bokmål file leaves some keys in English ("Note") or misspelt ("Kapitel"), so
the built-in table below is ours. `language:` in `_quarto.yml` overrides any key, as in Quarto.
Keys starting with `render-` are this renderer's own additions for words Quarto has no key for.
"""

from __future__ import annotations

from .config import Config
from .errors import ConfigError

WORDS: dict[str, dict[str, str]] = {
    "nb": {
        "toc-title-document": "Innhold",
        "toc-title-website": "På denne siden",
        "crossref-fig-title": "Figur",
        "crossref-tbl-title": "Tabell",
        "crossref-ch-prefix": "Kapittel",
        "crossref-apx-prefix": "Vedlegg",
        "crossref-sec-prefix": "Avsnitt",
        "section-title-appendices": "Vedlegg",
        "callout-note-title": "Merk",
        "callout-tip-title": "Tips",
        "callout-warning-title": "Advarsel",
        "callout-important-title": "Viktig",
        "search-label": "Søk",
        "code-summary": "Kode",
        "render-skip-link": "Gå til hovedinnholdet",
        "render-chapters": "Kapitler",
        "render-previous": "Forrige",
        "render-next": "Neste",
        "render-language-name": "Norsk (bokmål)",
        "render-switch-language": "Denne siden på norsk",
        "render-page": "Side",
        "render-page-of": "av",
        "render-data-table": "Tallene bak figuren",
        "render-download-pdf": "Last ned PDF",
        "render-choose-language": "Velg språk",
    },
    "en": {
        "toc-title-document": "Contents",
        "toc-title-website": "On this page",
        "crossref-fig-title": "Figure",
        "crossref-tbl-title": "Table",
        "crossref-ch-prefix": "Chapter",
        "crossref-apx-prefix": "Appendix",
        "crossref-sec-prefix": "Section",
        "section-title-appendices": "Appendices",
        "callout-note-title": "Note",
        "callout-tip-title": "Tip",
        "callout-warning-title": "Warning",
        "callout-important-title": "Important",
        "search-label": "Search",
        "code-summary": "Code",
        "render-skip-link": "Skip to main content",
        "render-chapters": "Chapters",
        "render-previous": "Previous",
        "render-next": "Next",
        "render-language-name": "English",
        "render-switch-language": "This page in English",
        "render-page": "Page",
        "render-page-of": "of",
        "render-data-table": "Data behind the chart",
        "render-download-pdf": "Download PDF",
        "render-choose-language": "Choose language",
    },
}
ALIASES = {"no": "nb", "nb-NO": "nb", "nn": "nb", "en-GB": "en", "en-US": "en"}


def base_language(lang: str) -> str:
    lang = ALIASES.get(lang, lang)
    return lang.split("-")[0] if lang.split("-")[0] in WORDS else "en"


def words(config: Config, lang: str | None = None) -> dict[str, str]:
    """The word table for a language, with the project's `language:` overrides applied."""
    table = dict(WORDS[base_language(lang or config.lang)])
    overrides = config.get("language", default={}) or {}
    if not isinstance(overrides, dict):
        raise config.error("'language' must be a map of Quarto language keys", "language")
    for key, value in overrides.items():
        if isinstance(value, dict):  # per-language block, e.g. language: {nb: {...}}
            continue
        table[key] = str(value)
    nested = overrides.get(lang or config.lang)
    if isinstance(nested, dict):
        table.update({k: str(v) for k, v in nested.items()})
    for key in table:
        if not isinstance(key, str):
            raise ConfigError(f"language key {key!r} is not text", *config.where("language"))
    return table

"""Strings made by code, in both languages, and the active language.

The language reaches chapter code through the active Quarto profile (QUARTO_PROFILE), never
through `if lang == ...` in a chapter.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("nb", "en")
DEFAULT = "nb"


class MissingString(KeyError):
    """A key not in strings.yml, or without the requested language."""


@cache
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("report.content").joinpath("strings.yml").read_text("utf-8")
    return yaml.safe_load(text)


def active() -> str:
    """The language of the active profile: the first of QUARTO_PROFILE that is a language."""
    for name in os.environ.get("QUARTO_PROFILE", "").split(","):
        if name.strip() in LANGUAGES:
            return name.strip()
    return DEFAULT


def t(key: str, lang: str | None = None, **values) -> str:
    """The string KEY in LANG (default: the active language), with {placeholders} filled."""
    lang = lang or active()
    entry = catalogue().get(key)
    if entry is None or lang not in entry:
        raise MissingString(f"no string {key!r} in language {lang!r} (report/strings.yml)")
    return entry[lang].format(**values) if values else entry[lang]


def label(prefix: str, value, lang: str | None = None) -> str:
    """A code's label, e.g. label('sex', 'f') -> 'Kvinner'; unknown codes are returned as is."""
    key = f"{prefix}.{value}"
    return t(key, lang) if key in catalogue() else str(value)

"""The chapter about the registry: facts from data/registry.yml (edited by the registry each
year, checked here with errors naming the key), and the coverage of each form from the
published tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from report import paths, yamlfile
from report.content import fmt, i18n, sides
from report.content.published import PublishedTables
from report.content.tables import Table

FILE = paths.REPO / "data" / "registry.yml"
TEXTS = ("name", "publisher", "purpose", "patients", "controller", "legal_basis", "reporting",
         "reminders", "reference_group", "coverage")


@dataclass(frozen=True)
class Form:
    id: str
    covers: dict[str, str]
    reported_by: dict[str, str]


@dataclass(frozen=True)
class Facts:
    texts: dict[str, dict[str, str]]
    place: str
    forms: tuple[Form, ...]
    unconfirmed: tuple[str, ...]

    def text(self, key: str, lang: str) -> str:
        return self.texts[key][lang]


def load(path: Path | None = None, form_types: tuple[str, ...] | None = None) -> Facts:
    """data/registry.yml (or PATH), checked; FORM_TYPES, when given, are the form types the
    forms list must name (in any order), so a form cannot go missing from the chapter."""
    path = Path(path or FILE)
    data = yamlfile.load(path)
    texts = {key: yamlfile.both(data, key, path) for key in TEXTS}
    forms = tuple(_form(item, i, path) for i, item in
                  enumerate(yamlfile.items(data, "forms", path)))
    if form_types is not None:
        named = [f.id for f in forms]
        missing = [t for t in form_types if t not in named]
        unknown = [t for t in named if t not in form_types]
        if missing or unknown:
            raise yamlfile.YamlInvalid(
                f"{path}: key 'forms': expected one entry for each form type "
                f"({', '.join(form_types)})"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(unknown)}" if unknown else ""))
    unconfirmed = yamlfile.get(data, "unconfirmed", path) if "unconfirmed" in data else []
    unconfirmed = unconfirmed or []
    known = (*TEXTS, "forms")
    if not isinstance(unconfirmed, list) or any(k not in known for k in unconfirmed):
        raise yamlfile.YamlInvalid(f"{path}: key 'unconfirmed': expected a list of keys of "
                                   f"this file ({', '.join(known)})")
    for key in ("national_status_year", "data_from_year"):
        yamlfile.integer(data, key, path, minimum=1950)
    return Facts(texts, yamlfile.text(data, "place", path), forms, tuple(unconfirmed))


def _form(item: dict, i: int, path: Path) -> Form:
    key = f"forms[{i}]"
    if "id" not in item:
        raise yamlfile.YamlInvalid(f"{path}: key '{key}.id' is missing")
    return Form(yamlfile.text(item, "id", path),
                _both(item, "covers", key, path), _both(item, "reported_by", key, path))


def _both(item: dict, name: str, key: str, path: Path) -> dict[str, str]:
    try:
        return yamlfile.both(item, name, path)
    except yamlfile.YamlInvalid as error:
        raise yamlfile.YamlInvalid(str(error).replace(f"key '{name}", f"key '{key}.{name}")) \
            from None


@cache
def facts(form_types: tuple[str, ...] | None = None) -> Facts:
    return load(FILE, form_types)


def section(facts_: Facts, key: str, lang: str, limit: str | None = None) -> str:
    """One fact as a paragraph, marked when the registry has not yet confirmed it; for
    'coverage', LIMIT (the satisfactory level, from the settings) is stated after it."""
    body = facts_.text(key, lang)
    if key == "coverage" and limit:
        body += " " + i18n.t("about.coverage_limit", lang, limit=limit)
    if key in facts_.unconfirmed:
        body += f" *({i18n.t('about.unconfirmed', lang)})*"
    return body + "\n"


def forms_table(facts_: Facts, results: PublishedTables, lang: str, limit: float) -> Table:
    """Each form: what it covers, who reports it, and its national coverage in the year."""
    cov = results.table("coverage")
    nation = cov[(cov["year"] == results.year) & (cov["unit_level"] == "nation")]
    share = dict(zip(nation["form_type"], nation["percent"], strict=True))
    keep = sides.Sides.coverage(0, limit)
    cols = [i18n.t(f"about.column.{k}", lang) for k in ("form", "covers", "reported_by")]
    coverage_col = i18n.t("about.column.coverage", lang, year=results.year)
    rows = [{cols[0]: i18n.label("form_type", f.id, lang), cols[1]: f.covers[lang],
             cols[2]: f.reported_by[lang],
             coverage_col: keep.percent(share[f.id], lang)
             if pd.notna(share.get(f.id)) else ""} for f in facts_.forms]
    notes = (i18n.t("about.forms_unconfirmed", lang),) if "forms" in facts_.unconfirmed else ()
    return Table(pd.DataFrame(rows), align={coverage_col: "right"}, notes=notes)


def limit_text(limit: float, lang: str) -> str:
    return fmt.percent(limit, lang, 0)

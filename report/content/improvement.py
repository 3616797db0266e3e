"""Quality improvement: notes that registry staff and hospitals write as plain markdown in
data/improvement/ (see its README), shown beside the indicators where a hospital's target
achievement is low. Notes are text, not data: anything that could carry HTML, scripts,
code, attributes or other hosts (raw HTML, braces, images, links that are not http(s) or
mailto) is refused with the file and line, never passed through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from report import paths, plaintext
from report.compute import registry
from report.content import i18n, sides, tables
from report.content.published import PublishedTables

FOLDER = paths.REPO / "data" / "improvement"
LANGUAGES = ("nb", "en")
HOSPITAL_NOTE_LIMIT = 1500  # characters: a short note; the national text has no limit
NAME = re.compile(r"^(?P<id>[A-Za-z0-9_-]+)\.(?P<lang>nb|en)\.md$")


class NoteRefused(plaintext.MarkupRefused):
    """A note in data/improvement that could inject markup, or that is misnamed."""


@dataclass(frozen=True)
class Notes:
    national: dict[str, str | None]
    hospitals: dict[str, dict[str, str]]  # hospital id -> language -> text


def check(text: str, path: Path, limit: int | None = None) -> str:
    """TEXT if it is plain markdown this report may show; NoteRefused naming the line else."""
    try:
        return plaintext.check(text, str(path), limit)
    except plaintext.MarkupRefused as error:
        raise NoteRefused(str(error)) from None


HEADING = re.compile(r"^[ \t]{0,3}#", re.MULTILINE)


def _read(path: Path, limit: int | None = None, headings: bool = True) -> str | None:
    """The checked text of PATH, or None when the file is missing or empty."""
    if not path.is_file():
        return None
    try:
        text = path.read_text("utf-8").strip()
    except UnicodeDecodeError:
        raise NoteRefused(f"{path}: not UTF-8 text") from None
    if not headings and HEADING.search(text):
        line = text[:HEADING.search(text).start()].count("\n") + 1
        raise NoteRefused(f"{path}:{line}: a hospital note has no headings (its hospital's "
                          "name is its heading): use **bold** labels")
    return check(text, path, limit) if text else None


def load(folder: Path | None = None, hospitals: set[str] | None = None) -> Notes:
    """Every note in FOLDER (default data/improvement), checked. HOSPITALS, when given, are
    the ids a hospital note may have (a misspelt file name is an error, not a lost note)."""
    folder = Path(folder or FOLDER)
    national = {lang: _read(folder / f"national.{lang}.md") for lang in LANGUAGES}
    _both_or_none(national, folder / "national.{lang}.md")
    found: dict[str, dict[str, str]] = {}
    for path in sorted((folder / "hospitals").glob("*")) if (folder / "hospitals").is_dir() \
            else []:
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        match = NAME.match(path.name)
        if not match:
            raise NoteRefused(f"{path}: expected a file named <hospital_id>.nb.md or "
                              "<hospital_id>.en.md")
        if hospitals is not None and match["id"] not in hospitals:
            raise NoteRefused(f"{path}: no hospital with id {match['id']!r} in the units table")
        text = _read(path, HOSPITAL_NOTE_LIMIT, headings=False)
        if text:
            found.setdefault(match["id"], {})[match["lang"]] = text
    for hospital, texts in found.items():
        _both_or_none(texts, folder / "hospitals" / f"{hospital}.{{lang}}.md")
    return Notes(national, found)


def _both_or_none(texts: dict, pattern: Path) -> None:
    present = [lang for lang in LANGUAGES if texts.get(lang)]
    if present and len(present) < len(LANGUAGES):
        missing = [lang for lang in LANGUAGES if lang not in present][0]
        raise NoteRefused(f"{str(pattern).format(lang=missing)}: missing or empty, but the "
                          f"{present[0]} version has text (every note is written in both "
                          "languages)")


def known_hospitals(data: Path) -> set[str]:
    """Every hospital id in a published data folder's units table."""
    import pandas as pd

    units = pd.read_parquet(Path(data) / "units.parquet", columns=["unit_level", "unit_id"])
    return set(units.loc[units["unit_level"] == "hospital", "unit_id"])


def low_indicators(results: PublishedTables, hospital_id: str, lang: str) -> list[str]:
    """'Name (share)' for each indicator at low target level for the hospital this year."""
    index = results.rows("indicators", "indicator_id", "unit_level", "unit_id", "period")
    preliminary = tables.preliminary_ids(results.table("indicators"), results.year)
    out = []
    for ind in registry.catalogue().indicators:
        row = index.get((ind.id, "hospital", hospital_id, results.year))
        if row is not None and row.target_status == "low":
            keep = sides.Sides.target(ind.target)
            name = tables.marked(ind.name[lang], ind.id, preliminary)
            out.append(f"{name} ({keep.percent(row.percent, lang)})")
    return out


def national(notes: Notes, lang: str) -> str:
    return (notes.national[lang] or f"*{i18n.t('improvement.national_none', lang)}*") + "\n"


def hospital(notes: Notes, results: PublishedTables, hospital_id: str, lang: str) -> str:
    """The indicators at low level and the hospital's own note (or that there is none)."""
    low = low_indicators(results, hospital_id, lang)
    lines = [f"**{i18n.t('improvement.low_title', lang, year=results.year)}:**", ""]
    lines += [f"- {x}" for x in low] or [i18n.t("improvement.low_none", lang)]
    if any(tables.PRELIMINARY_MARK in x for x in low):
        lines += ["", tables.preliminary_note(lang, results.year)]
    lines += ["", f"**{i18n.t('improvement.note_title', lang)}:**", ""]
    text = notes.hospitals.get(hospital_id, {}).get(lang)
    lines.append(text or f"*{i18n.t('improvement.note_none', lang)}*")
    return "\n".join(lines) + "\n"


def hospitals_table(notes: Notes, results: PublishedTables, ids: list[str], lang: str):
    """One row per operating hospital: its indicators at low level and whether it sent a
    note (the notes follow the table)."""
    import pandas as pd

    from report.content.tables import Table

    cols = [i18n.t(f"improvement.column.{k}", lang) for k in ("hospital", "low", "note")]
    rows = []
    for hospital_id in ids:
        low = low_indicators(results, hospital_id, lang)
        has_note = bool(notes.hospitals.get(hospital_id, {}).get(lang))
        rows.append({cols[0]: results.unit_name(hospital_id, lang, "hospital"),
                     cols[1]: "; ".join(low) or i18n.t("improvement.low_none_short", lang),
                     cols[2]: i18n.t("improvement.note_below" if has_note
                                     else "improvement.note_none_short", lang)})
    marks = any(tables.PRELIMINARY_MARK in r[cols[1]] for r in rows)
    return Table(pd.DataFrame(rows, columns=cols), widths=("1.2fr", "3.4fr", "0.9fr"),
                 compact=True,
                 notes=(tables.preliminary_note(lang, results.year),) if marks else ())


def hospital_notes(notes: Notes, results: PublishedTables, ids: list[str], lang: str) -> str:
    """The notes of the hospitals that sent one (heading level 3 each), or that none did."""
    out = []
    for hospital_id in ids:
        text = notes.hospitals.get(hospital_id, {}).get(lang)
        if text:
            out += [f"### {results.unit_name(hospital_id, lang, 'hospital')}", "", text, ""]
    return "\n".join(out) + "\n" if out else f"*{i18n.t('improvement.notes_none', lang)}*\n"

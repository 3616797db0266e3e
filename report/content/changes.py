"""The changes page: what this edition corrects (errata, from the manifest's edition) and
what changed in the published tables since the previous edition (the diff the build wrote
when given --previous). Every value shown is a published value of one of the two editions."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from report.content import citation, fmt, i18n
from report.content import downloads as site_downloads
from report.content.tables import Table

SHOWN = 10  # changed cells listed per table on the page; `nbcr-report diff` lists them all
FILE = "changes.json"
NUMBER = re.compile(r"^-?\d+(\.(\d+))?$")


def load(data: Path) -> dict | None:
    """The diff written beside the published data folder (None without a previous edition)."""
    import json

    path = Path(data).parent / FILE
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def corrections(manifest: dict, lang: str) -> str:
    items = (manifest.get("edition") or {}).get("corrections") or []
    if not items:
        return i18n.t("changes.no_corrections", lang) + "\n"
    return "\n".join(f"- **{c['what'][lang]}** {c['why'][lang]}" for c in items) + "\n"


def _edition(side: dict, lang: str) -> str:
    ed = side.get("edition") or {}
    if not ed:
        return i18n.t("changes.edition_year", lang, year=side.get("report_year"))
    return i18n.t("changes.edition", lang, year=side.get("report_year"), number=ed["number"],
                  date=citation.date(ed["date"], lang))


def intro(found: dict | None, lang: str) -> str:
    if found is None:
        return i18n.t("changes.no_previous", lang) + "\n"
    changed = [t for t in found["tables"] if t["status"] != "same"]
    text = i18n.t("changes.intro", lang, old=_edition(found["old"], lang),
                  new=_edition(found["new"], lang))
    if not changed:
        text += " " + i18n.t("changes.none", lang)
    return text + "\n"


def _title(name: str, lang: str) -> str:
    return dict(site_downloads.tables(lang)).get(name, name)


def summary_table(found: dict | None, lang: str) -> Table:
    """One row per changed table: cells revised, hidden, shown, rows added and removed (one
    row saying so when nothing changed or there was no previous edition)."""
    rows = []
    cols = {k: i18n.t(f"changes.column.{k}", lang) for k in
            ("table", "revised", "hidden", "shown", "added", "removed")}
    for table in (found or {}).get("tables", []):
        if table["status"] == "same":
            continue
        kinds = [_kind(c) for c in table["cells"]]
        status = table["status"]
        rows.append({cols["table"]: f"{_title(table['name'], lang)} ({table['name']})"
                     + ("" if status == "changed" else
                        f": {i18n.t(f'changes.status.{status}', lang)}"),
                     **{cols[k]: fmt.number(kinds.count(k), lang)
                        for k in ("revised", "hidden", "shown")},
                     cols["added"]: fmt.number(len(table["added"]), lang),
                     cols["removed"]: fmt.number(len(table["removed"]), lang)})
    if not rows:
        key = "changes.none" if found else "changes.no_previous_short"
        rows.append({cols["table"]: i18n.t(key, lang),
                     **{cols[k]: "" for k in ("revised", "hidden", "shown", "added", "removed")}})
    right = {cols[k]: "right" for k in ("revised", "hidden", "shown", "added", "removed")}
    return Table(pd.DataFrame(rows), align=right, widths=("3fr",) + ("1fr",) * 5)


def _kind(cell: dict) -> str:
    if cell["old"] != "" and cell["new"] == "":
        return "hidden"
    if cell["old"] == "" and cell["new"] != "":
        return "shown"
    return "revised"


def value(text: str, lang: str) -> str:
    """A published CSV value in the page's language ('' is a hidden or empty cell)."""
    if text == "":
        return i18n.t("changes.empty", lang)
    match = NUMBER.match(text)
    if match:
        return fmt.number(float(text), lang, len(match.group(2) or ""))
    return text


def _row(key: list, lang: str) -> str:
    """The row's key columns as published (years and ids are not numbers to format)."""
    return ", ".join(f"{k} {v if v != '' else i18n.t('changes.empty', lang)}" for k, v in key)


def cells_table(found: dict | None, lang: str) -> Table:
    """The changed cells and rows, at most SHOWN per table, with the table they are in and
    'before → now'."""
    cols = [i18n.t(f"changes.column.{k}", lang) for k in ("table", "row", "column", "change")]
    rows, total = [], 0
    for table in changed(found):
        mine = [(_row(c["key"], lang), c["column"],
                 f"{value(c['old'], lang)}\u00a0\u2192\u00a0{value(c['new'], lang)}")
                for c in table["cells"]]
        mine += [(_row(k, lang), "", i18n.t("changes.row_added", lang)) for k in table["added"]]
        mine += [(_row(k, lang), "", i18n.t("changes.row_removed", lang))
                 for k in table["removed"]]
        total += len(mine)
        name = table["name"].removesuffix(".csv")
        rows += [dict(zip(cols, (name, *cells), strict=True)) for cells in mine[:SHOWN]]
    if not rows:
        rows.append(dict.fromkeys(cols, ""))
        rows[0][cols[0]] = i18n.t("changes.none" if found else "changes.no_previous_short", lang)
    notes = (i18n.t("changes.more", lang, shown=SHOWN, total=fmt.number(total, lang)),) \
        if total > len(rows) else ()
    return Table(pd.DataFrame(rows, columns=cols), notes=notes,
                 widths=("1.3fr", "2.6fr", "1.3fr", "1.4fr"))


def changed(found: dict | None) -> list[dict]:
    return [t for t in (found or {}).get("tables", []) if t["status"] == "changed"]

"""What changed between two published editions: table by table and cell by cell, read
through each edition's manifest (its list of published CSV files and their hashes). Only
published values are compared, so the differences show nothing either edition hides; rows
are matched by each table's key columns (a table without usable keys row by row as text).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from report.publish.manifest import names_own_files
from report.publish.verify import EXTRA_KEYS


class NotPublished(ValueError):
    """A folder that is not a published site or data folder (no readable manifest)."""


@dataclass(frozen=True)
class Cell:
    key: tuple[tuple[str, str], ...]  # ((column, value), ...) naming the row
    column: str
    old: str
    new: str

    @property
    def kind(self) -> str:
        """'hidden' (a value became empty), 'shown' (an empty cell got a value), 'revised'."""
        if self.old != "" and self.new == "":
            return "hidden"
        if self.old == "" and self.new != "":
            return "shown"
        return "revised"


@dataclass
class TableDiff:
    name: str
    status: str  # same | changed | added | removed | columns
    keys: tuple[str, ...] = ()
    cells: list[Cell] = field(default_factory=list)
    added: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    removed: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    columns: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # old, new when they differ


@dataclass
class Diff:
    old: dict  # report_year, edition of each side
    new: dict
    tables: list[TableDiff]

    @property
    def changed(self) -> list[TableDiff]:
        return [t for t in self.tables if t.status != "same"]

    def to_json(self) -> str:
        return json.dumps({"old": self.old, "new": self.new,
                           "tables": [asdict(t) for t in self.tables]},
                          ensure_ascii=False, indent=1) + "\n"


def data_folder(path: Path) -> Path:
    """PATH/data for a published site, PATH for a data folder; NotPublished otherwise."""
    path = Path(path)
    if not path.is_dir():
        raise NotPublished(f"{path}: no such folder")
    for folder in (path / "data", path):
        if (folder / "manifest.json").is_file():
            return folder
    raise NotPublished(f"{path}: no manifest.json here or in {path / 'data'}, so this is not "
                       "a published site or data folder")


def manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise NotPublished(f"{path}: not JSON written by nbcr-report") from None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict) \
            or "report_year" not in data:
        raise NotPublished(f"{path}: expected a manifest with report_year and outputs")
    if not names_own_files(data["outputs"]):
        raise NotPublished(f"{path}: expected outputs naming files of its own folder; found a "
                           "name with a path in it")
    return data


def _side(data: dict) -> dict:
    return {"report_year": data.get("report_year"), "edition": data.get("edition") or {}}


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise NotPublished(f"{path}: expected a published file; found a link or a special "
                           "file, which is not read")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError):
        raise NotPublished(f"{path}: listed in the manifest but missing or not a CSV") \
            from None


def _key(row, keys) -> tuple[tuple[str, str], ...]:
    return tuple((k, row[k]) for k in keys)


def compare_table(name: str, old: pd.DataFrame, new: pd.DataFrame,
                  keys: tuple[str, ...]) -> TableDiff:
    """Cells that differ in rows present in both (matched by KEYS), rows added and removed.
    Without usable keys (missing or not unique on a side) every column is the key, so a
    changed row reads as one removed and one added."""
    if list(old.columns) != list(new.columns):
        return TableDiff(name, "columns", (), columns=(tuple(old.columns), tuple(new.columns)))
    keys = tuple(k for k in keys if k in old.columns)
    if not keys or old.duplicated(list(keys)).any() or new.duplicated(list(keys)).any():
        keys = tuple(old.columns)
    before = {_key(r, keys): r for r in old.to_dict("records")}
    after = {_key(r, keys): r for r in new.to_dict("records")}
    out = TableDiff(name, "same", keys)
    out.removed = [k for k in before if k not in after]
    out.added = [k for k in after if k not in before]
    values = [c for c in old.columns if c not in keys]
    for key, row in before.items():
        other = after.get(key)
        if other is not None:
            out.cells += [Cell(key, c, row[c], other[c]) for c in values if row[c] != other[c]]
    if out.cells or out.added or out.removed:
        out.status = "changed"
    return out


def compare(old_path: Path, new_path: Path,
            keys: dict[str, tuple[str, ...]] | None = None) -> Diff:
    """Every published CSV of two editions (sites or data folders), by their manifests.
    KEYS: file stem -> key columns (default: the catalogue's and the extra tables')."""
    old_dir, new_dir = data_folder(old_path), data_folder(new_path)
    old_m, new_m = manifest(old_dir), manifest(new_dir)
    keys = {**EXTRA_KEYS, **(keys if keys is not None else _catalogue_keys())}
    old_files = {n: v for n, v in old_m["outputs"].items() if n.endswith(".csv")}
    new_files = {n: v for n, v in new_m["outputs"].items() if n.endswith(".csv")}
    tables = []
    for name in sorted(set(old_files) | set(new_files)):
        if name not in new_files:
            tables.append(TableDiff(name, "removed"))
        elif name not in old_files:
            tables.append(TableDiff(name, "added"))
        elif _digest(old_files[name]) and _digest(old_files[name]) == _digest(new_files[name]):
            tables.append(TableDiff(name, "same"))
        else:
            tables.append(compare_table(name, _read(old_dir, name), _read(new_dir, name),
                                        keys.get(name.removesuffix(".csv"), ())))
    return Diff(_side(old_m), _side(new_m), tables)


def _digest(entry) -> str | None:
    return entry.get("sha256") if isinstance(entry, dict) else None


def _catalogue_keys() -> dict[str, tuple[str, ...]]:
    from report.compute import registry

    return {q.id: tuple(q.keys) for q in registry.catalogue().tables}


def load_json(path: Path) -> dict:
    """A diff written by Diff.to_json (for the changes page)."""
    return json.loads(Path(path).read_text("utf-8"))


# --- text ------------------------------------------------------------------------------


def _row(key) -> str:
    return ", ".join(f"{k}={v}" for k, v in key)


def _value(text: str) -> str:
    return text if text != "" else "(empty)"


def _edition(side: dict) -> str:
    edition = side.get("edition") or {}
    number = edition.get("number")
    text = f"report year {side.get('report_year')}"
    if number is not None:
        text += f", edition {number}"
    if edition.get("date"):
        text += f" of {edition['date']}"
    return text


def text(diff: Diff) -> str:
    """The differences as plain text: one block per table that changed."""
    lines = [f"from {_edition(diff.old)} to {_edition(diff.new)}"]
    for table in diff.changed:
        if table.status in ("added", "removed"):
            lines.append(f"{table.name}: table {table.status}")
            continue
        if table.status == "columns":
            lines.append(f"{table.name}: columns changed from {','.join(table.columns[0])} "
                         f"to {','.join(table.columns[1])}")
            continue
        lines.append(f"{table.name}: {len(table.cells)} cells changed, {len(table.added)} rows "
                     f"added, {len(table.removed)} rows removed")
        lines += [f"  {_row(c.key)}: {c.column} {_value(c.old)} -> {_value(c.new)}"
                  + (f" ({c.kind})" if c.kind != "revised" else "") for c in table.cells]
        lines += [f"  + {_row(k)}" for k in table.added]
        lines += [f"  - {_row(k)}" for k in table.removed]
    same = sum(1 for t in diff.tables if t.status == "same")
    lines.append(f"{same} of {len(diff.tables)} tables unchanged")
    return "\n".join(lines) + "\n"

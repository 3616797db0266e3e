"""Compare a rebuilt data folder with a published one: every file (CSV and Parquet), every
row named by all its keys, and the manifest (its hashes against the published files, its
inputs and queries against the rebuild). What a reviewer runs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SHOWN = 20
# Keys of the published files that are not a query's own result.
EXTRA_KEYS = {
    "indicators": ("indicator_id", "period", "unit_level", "unit_id"),
    "funnel_limits": ("indicator_id", "period", "denominator"),
    "volume_summary": ("year",),
    "units": ("unit_level", "unit_id"),
    "dictionary": ("file", "column"),
    "suppression_log": ("result", "row", "column"),
}
# Manifest entries that describe the machine, not the edition: shown, never a difference.
MACHINE = ("versions",)


@dataclass(frozen=True)
class Difference:
    file: str
    where: str
    published: str
    rebuilt: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: published {self.published!r}, rebuilt {self.rebuilt!r}"


def _read(path: Path) -> pd.DataFrame:
    """The file as text cells (missing values as empty text), whatever its format."""
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        text = frame.astype(object).where(frame.notna(), None)
        return text.map(lambda v: "" if v is None else str(v)).astype(str)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _name(keys: list[str], values: tuple) -> str:
    return ", ".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))


def compare_file(name: str, published: pd.DataFrame, rebuilt: pd.DataFrame,
                 keys: tuple[str, ...] = ()) -> list[Difference]:
    """Differing columns, rows present on one side only, and differing cells, each row named
    by all its KEYS (by line number when the file has none)."""
    if list(published.columns) != list(rebuilt.columns):
        return [Difference(name, "columns", ",".join(published.columns),
                           ",".join(rebuilt.columns))]
    keys = [k for k in keys if k in published.columns]
    if not keys or published.duplicated(keys).any() or rebuilt.duplicated(keys).any():
        return _by_line(name, published, rebuilt)
    old = published.set_index(keys, drop=False)
    new = rebuilt.set_index(keys, drop=False)
    found = [Difference(name, f"row ({_name(keys, k if isinstance(k, tuple) else (k,))})",
                        "present", "missing") for k in old.index.difference(new.index, sort=True)]
    found += [Difference(name, f"row ({_name(keys, k if isinstance(k, tuple) else (k,))})",
                         "missing", "present") for k in new.index.difference(old.index, sort=True)]
    common = old.index.intersection(new.index, sort=False)
    a, b = old.loc[common], new.loc[common]
    for row, column in zip(*a.ne(b).to_numpy().nonzero(), strict=True):
        key = common[row] if isinstance(common[row], tuple) else (common[row],)
        found.append(Difference(name, f"row ({_name(keys, key)}), column {a.columns[column]}",
                                a.iat[row, column], b.iat[row, column]))
    return found


def _by_line(name: str, published: pd.DataFrame, rebuilt: pd.DataFrame) -> list[Difference]:
    if len(published) != len(rebuilt):
        return [Difference(name, "number of rows", str(len(published)), str(len(rebuilt)))]
    return [Difference(name, f"line {row + 2}, column {published.columns[column]}",
                       published.iat[row, column], rebuilt.iat[row, column])
            for row, column in zip(*published.ne(rebuilt).to_numpy().nonzero(), strict=True)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def compare_manifest(published: Path, rebuilt: Path) -> list[Difference]:
    """The published manifest against the published files (each output's hash) and against
    the rebuild's (report year, inputs, queries, outputs); machine versions are left out."""
    old, new = _manifest(published), _manifest(rebuilt)
    if not old:
        return [Difference("manifest.json", "file", "unreadable", "present")]
    found = []
    for name, entry in sorted((old.get("outputs") or {}).items()):
        path = published / name
        claimed = entry.get("sha256") if isinstance(entry, dict) else None
        actual = _sha256(path) if path.is_file() else "missing"
        if claimed != actual:
            found.append(Difference("manifest.json", f"outputs.{name}.sha256 against the "
                                    f"published file", str(claimed), actual))
    for section in sorted((old.keys() | new.keys()) - set(MACHINE)):
        a, b = old.get(section), new.get(section)
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(a.keys() | b.keys()):
                if a.get(key) != b.get(key):
                    found.append(Difference("manifest.json", f"{section}.{key}",
                                            json.dumps(a.get(key)), json.dumps(b.get(key))))
        elif a != b:
            found.append(Difference("manifest.json", section, json.dumps(a), json.dumps(b)))
    return found


def compare(published: Path, rebuilt: Path,
            keys: dict[str, tuple[str, ...]] | None = None) -> list[Difference]:
    """Every difference between two data folders: missing or extra files, rows and cells of
    every CSV and Parquet file, and the manifest. KEYS: file stem -> its key columns."""
    keys = {**EXTRA_KEYS, **(keys or {})}
    found: list[Difference] = []
    patterns = ("*.csv", "*.parquet")
    old = {p.name for pattern in patterns for p in published.glob(pattern)}
    new = {p.name for pattern in patterns for p in rebuilt.glob(pattern)}
    found += [Difference(n, "file", "present", "missing") for n in sorted(old - new)]
    found += [Difference(n, "file", "missing", "present") for n in sorted(new - old)]
    for name in sorted(old & new):
        try:
            found += compare_file(name, _read(published / name), _read(rebuilt / name),
                                  keys.get(Path(name).stem, ()))
        except (OSError, ValueError) as error:
            found.append(Difference(name, "file", f"unreadable ({type(error).__name__})",
                                    "present"))
    found += compare_manifest(published, rebuilt)
    return found


def input_changes(published: Path, rebuilt: Path) -> list[str]:
    """Inputs and queries whose hashes differ between the two manifests (for context)."""
    def hashes(folder: Path) -> dict:
        manifest = _manifest(folder)
        return {**(manifest.get("inputs") or {}), **(manifest.get("queries") or {})}

    old, new = hashes(published), hashes(rebuilt)
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))

"""Compare a rebuilt data folder with a published one, cell by cell: what a reviewer runs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SHOWN = 20


@dataclass(frozen=True)
class Difference:
    file: str
    where: str
    published: str
    rebuilt: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: published {self.published!r}, rebuilt {self.rebuilt!r}"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _key(frame: pd.DataFrame, row: int) -> str:
    keys = [c for c in frame.columns if c in ("indicator_id", "year", "period", "unit_level",
                                               "unit_id", "hospital_id", "form_type", "sex",
                                               "standard", "variable")]
    return ", ".join(f"{k}={frame.at[row, k]}" for k in keys) or f"row {row + 2}"


def compare_file(name: str, published: pd.DataFrame, rebuilt: pd.DataFrame) -> list[Difference]:
    if list(published.columns) != list(rebuilt.columns):
        return [Difference(name, "columns", ",".join(published.columns),
                           ",".join(rebuilt.columns))]
    if len(published) != len(rebuilt):
        return [Difference(name, "number of rows", str(len(published)), str(len(rebuilt)))]
    found = []
    unequal = published.ne(rebuilt)
    for row, column in zip(*unequal.to_numpy().nonzero(), strict=True):
        col = published.columns[column]
        found.append(Difference(name, f"line {row + 2} ({_key(published, row)}), column {col}",
                                published.iat[row, column], rebuilt.iat[row, column]))
    return found


def compare(published: Path, rebuilt: Path) -> list[Difference]:
    """Every differing cell, missing file or extra file between two data folders."""
    found: list[Difference] = []
    old = {p.name for p in published.glob("*.csv")}
    new = {p.name for p in rebuilt.glob("*.csv")}
    found += [Difference(n, "file", "present", "missing") for n in sorted(old - new)]
    found += [Difference(n, "file", "missing", "present") for n in sorted(new - old)]
    for name in sorted(old & new):
        found += compare_file(name, _read(published / name), _read(rebuilt / name))
    return found


def input_changes(published: Path, rebuilt: Path) -> list[str]:
    """Inputs and queries whose hashes differ between the two manifests (for context)."""
    def hashes(folder: Path) -> dict:
        path = folder / "manifest.json"
        if not path.is_file():
            return {}
        manifest = json.loads(path.read_text("utf-8"))
        return {**manifest.get("inputs", {}), **manifest.get("queries", {})}

    old, new = hashes(published), hashes(rebuilt)
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))

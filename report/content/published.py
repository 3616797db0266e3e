"""The published results as chapters see them: the suppressed tables in _site/data (or the
folder in NBCR_DATA), never the extracts. Every frame here has already been through
disclosure control, so nothing a chapter does can show a hidden value.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from report import paths

DEFAULT = Path(paths.RESULTS.name) / "data"


class ResultsMissing(FileNotFoundError):
    """The results have not been computed (run `nbcr-report results` first)."""


def folder() -> Path:
    """NBCR_DATA if set, else _results/data under the current or the repository folder."""
    if os.environ.get("NBCR_DATA"):
        return Path(os.environ["NBCR_DATA"])
    for base in (Path.cwd(), Path.cwd().parent, paths.REPO):
        if (base / DEFAULT / "manifest.json").is_file():
            return base / DEFAULT
    return paths.REPO / DEFAULT


def by_key(frame: pd.DataFrame, *keys: str) -> dict[tuple, tuple]:
    """FRAME's rows (named tuples) by the tuple of their KEYS columns: one pass, where a
    boolean mask per looked-up cell would scan the whole frame each time."""
    return {tuple(getattr(r, k) for k in keys): r for r in frame.itertuples(index=False)}


@dataclass(frozen=True)
class PublishedTables:
    root: Path
    manifest: dict
    _frames: dict = field(default_factory=dict, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame:
        """A published table by id (e.g. 'indicators', 'volume', 'coverage')."""
        if name not in self._frames:
            path = self.root / f"{name}.parquet"
            if not path.is_file():
                raise ResultsMissing(f"no published table {name!r} in {self.root}")
            self._frames[name] = pd.read_parquet(path)
        return self._frames[name].copy()

    @property
    def year(self) -> int:
        return int(self.manifest["report_year"])

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    def rows(self, name: str, *keys: str) -> dict[tuple, tuple]:
        """A published table as a lookup: the tuple of KEYS columns -> the row (a named
        tuple), built once per table and key (hospital reports look up hundreds of cells)."""
        index = ("rows", name, keys)
        if index not in self._frames:
            self._frames[index] = by_key(self.table(name), *keys)
        return self._frames[index]

    def unit_name(self, unit_id: str, lang: str, level: str | None = None) -> str:
        units = self.table("units")
        if level:
            units = units[units["unit_level"] == level]
        match = units.loc[units["unit_id"] == unit_id, f"name_{lang}"]
        return str(match.iloc[0]) if len(match) else str(unit_id)


@cache
def _load(root: str) -> PublishedTables:
    path = Path(root)
    manifest = path / "manifest.json"
    if not manifest.is_file():
        raise ResultsMissing(f"no results in {path}: run `nbcr-report results` first")
    return PublishedTables(root=path, manifest=json.loads(manifest.read_text("utf-8")))


def load(root: Path | None = None) -> PublishedTables:
    """The published results (cached per folder)."""
    return _load(str((root or folder()).resolve()))

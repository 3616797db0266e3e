"""A previous edition as part of the attacker's knowledge (``--previous DIR``).

A later edition revises back years (late registrations), so a reader holding both editions
knows more than either shows. What the previous edition published about a count that this
edition also publishes becomes a *fact* of this edition's attacker model wherever it still
holds for this edition's counts: a published value that has not changed (``x == v``), and
every sum the previous edition implied over its hidden cells (a total minus its published
parts) that still adds up. A statement that no longer holds (the count was revised) is not
known to be true by anyone, so it is left out. The audit then keeps every "<5" count of this
edition protected against both editions together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from report.publish.attacker import Fact
from report.publish.manifest import sha256
from report.publish.suppress import Prepared, family_constraints, family_offsets


class PreviousError(ValueError):
    """The previous edition given cannot be read."""


@dataclass(frozen=True)
class Edition:
    """A previous edition: its report year, its manifest's hash and its tables by result id."""

    report_year: int
    manifest_sha256: str
    tables: dict[str, pd.DataFrame]

    @property
    def identity(self) -> dict:
        return {"report_year": self.report_year, "manifest_sha256": self.manifest_sha256}


def read(folder: Path, ids: list[str]) -> Edition:
    """The previous edition's published tables (FOLDER: a site or its data/ folder)."""
    folder = Path(folder)
    data = folder / "data" if (folder / "data").is_dir() else folder
    manifest = data / "manifest.json"
    if not manifest.is_file():
        raise PreviousError(f"{folder}: no manifest.json; --previous expects a published site "
                            "or its data folder")
    try:
        year = int(json.loads(manifest.read_text("utf-8"))["report_year"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise PreviousError(f"{manifest}: expected JSON with a report_year") from None
    out = {}
    for result in ids:
        path = data / f"{result}.parquet"
        if path.is_file():
            try:
                out[result] = pd.read_parquet(path)
            except Exception:  # noqa: BLE001 (any unreadable file gets the same message)
                raise PreviousError(f"{path}: not a readable Parquet file") from None
    return Edition(year, sha256(manifest), out)


def _old_family(family: list[Prepared], previous: dict[str, pd.DataFrame]):
    """The previous edition's rows of FAMILY as Prepared results, or None if one is missing
    or lacks a key or count column."""
    old = []
    for p in family:
        frame = previous.get(p.id)
        if frame is None or not {*p.keys, *p.spec.counts} <= set(frame.columns):
            return None
        old.append(Prepared(p.id, frame.reset_index(drop=True), p.keys, p.spec, p.rules,
                            p.derived))
    return old


def _positions(family: list[Prepared], offsets: dict[str, int]) -> dict[tuple, int]:
    found = {}
    for p in family:
        keys = p.frame[p.keys].astype(str).itertuples(index=False)
        for row, key in enumerate(keys):
            found[(p.id, *key)] = offsets[p.id] + row
    return found


def facts(family: list[Prepared], previous: dict[str, pd.DataFrame], tree,
          references) -> list[Fact]:
    """What the previous edition published about FAMILY's counts that still holds."""
    old = _old_family(family, previous)
    if old is None:
        return []
    counts = list(family[0].spec.counts)
    filled = [Prepared(p.id, p.frame.fillna({c: 0 for c in counts}), p.keys, p.spec, p.rules,
                       p.derived) for p in old]
    relations, old_offsets = family_constraints(filled, tree, references, check=False)
    new_at = _positions(family, family_offsets(family))
    old_keys = _positions(old, old_offsets)
    mapping = np.full(sum(len(p.frame) for p in old), -1)
    for key, position in old_keys.items():
        mapping[position] = new_at.get(key, -1)
    values = {c: pd.concat([p.frame[c] for p in family], ignore_index=True).to_numpy()
              for c in counts}
    found = []
    for column in counts:
        shown = pd.concat([p.frame[column] for p in old], ignore_index=True)
        found += _facts_of(column, shown.astype("Float64").to_numpy(na_value=np.nan),
                           relations, mapping, values)
    return found


def _facts_of(column: str, shown: np.ndarray, relations, mapping, values) -> list[Fact]:
    """Facts about COLUMN: unchanged published counts, and sums over hidden cells."""
    found = []
    for old, new in enumerate(mapping):
        if new >= 0 and not np.isnan(shown[old]):
            found.append(Fact(((int(new), column, 1),), int(shown[old])))
    for relation in relations:
        terms, value = [], 0
        for old, sign in relation.signed:
            if not np.isnan(shown[old]):
                value -= sign * int(shown[old])
            elif mapping[old] >= 0:
                terms.append((int(mapping[old]), column, sign))
            else:
                break  # a hidden count this edition no longer publishes: nothing certain
        else:
            if terms:
                found.append(Fact(tuple(terms), value))
    return [fact for fact in found if fact.holds(values)]

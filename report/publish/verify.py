"""Compare a rebuilt data folder with a published one: every file (CSV and Parquet), every
row named by all its keys, and the manifest (its hashes against the published files, its
inputs and queries against the rebuild). What a reviewer runs."""

from __future__ import annotations

import hashlib
import json
import re
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


def not_plain_files(folder: Path, downloads: Path | None = None) -> list[Path]:
    """Links and special files among the published files (FOLDER's, and DOWNLOADS'
    workbooks): verify reads only files that are what they say (a link to /dev/zero was read
    until memory ran out)."""
    found = sorted(folder.iterdir())
    if downloads is not None and downloads.is_dir():
        found += sorted(downloads.glob("*.xlsx"))
    return [p for p in found if p.is_symlink() or not (p.is_file() or p.is_dir())]


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


def compare_workbooks(published: Path, rebuilt: Path) -> list[Difference]:
    """Each workbook (*.xlsx) in the published downloads folder against the one written from
    the rebuilt tables (workbooks are deterministic, so byte for byte), and any missing."""
    found = []
    for path in sorted(rebuilt.glob("*.xlsx")):
        mine = published / path.name
        if not mine.is_file():
            found.append(Difference(f"downloads/{path.name}", "file", "missing", "present"))
        elif _sha256(mine) != _sha256(path):
            found.append(Difference(f"downloads/{path.name}", "sha256", _sha256(mine),
                                    _sha256(path)))
    return found


def input_changes(published: Path, rebuilt: Path) -> list[str]:
    """Inputs and queries whose hashes differ between the two manifests (for context)."""
    def hashes(folder: Path) -> dict:
        manifest = _manifest(folder)
        return {**(manifest.get("inputs") or {}), **(manifest.get("queries") or {})}

    old, new = hashes(published), hashes(rebuilt)
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


# --- the shape of one published folder -------------------------------------------------------

LABEL = "_label"
INTEGER = re.compile(r"^-?[0-9]+$")
LOG_KEYS = ("result", "row", "column")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a published folder on its own (no rebuild needed)."""

    file: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.what}"


def protected_columns(catalogue) -> dict[str, tuple[str, ...]]:
    """file stem -> its protected count columns (each has a <column>_label beside it)."""
    out = {"indicators": ("numerator", "denominator")}
    for query in catalogue.tables:
        spec = query.disclosure
        out[query.id] = tuple(dict.fromkeys(
            [*spec.counts, *([spec.denominator] if spec.denominator else [])]))
    return out


def _text(series: pd.Series) -> pd.Series:
    """A Parquet column as the CSV shows it: integers as digits, missing as empty."""
    return series.astype(object).map(lambda v: "" if v is None or pd.isna(v) else str(v))


def _logged(log: pd.DataFrame) -> dict[str, dict[tuple[str, str], str]]:
    """result -> {(row, column): rule} from suppression_log.csv."""
    out: dict[str, dict[tuple[str, str], str]] = {}
    for entry in log.itertuples(index=False):
        out.setdefault(entry.result, {})[(entry.row, entry.column)] = entry.rule
    return out


def _row_names(frame: pd.DataFrame, logged: dict[tuple[str, str], str]) -> list[str] | None:
    """Each row of FRAME named as the suppression log names rows ('k=v; k=v'), with the keys
    the log uses for this result; None when the log has no entry for it."""
    if not logged:
        return None
    first = next(iter(logged))[0]
    keys = [part.split("=", 1)[0] for part in first.split("; ")]
    if any(k not in frame.columns for k in keys):
        return None
    return ["; ".join(f"{k}={v}" for k, v in zip(keys, row, strict=True))
            for row in frame[keys].itertuples(index=False)]


def _hidden_cells(stem: str, csv: pd.DataFrame, counts: tuple[str, ...],
                  log: dict[str, dict[tuple[str, str], str]], small: str) -> list[Problem]:
    """Every empty count is in the suppression log and every logged cell is empty; the label
    is SMALL exactly where the log's rule is count_under_min."""
    name = f"{stem}.csv"
    found = []
    parts = ([(r, csv[csv["indicator_id"] == r]) for r in sorted(set(csv["indicator_id"]))]
             if stem == "indicators" else [(stem, csv)])
    for result, frame in parts:
        logged = log.get(result, {})
        rows = _row_names(frame, logged)
        seen = set()
        for column in counts:
            for position, (value, label) in enumerate(zip(frame[column],
                                                          frame[column + LABEL], strict=True)):
                if value != "":
                    continue
                row = rows[position] if rows else f"line {frame.index[position] + 2}"
                rule = logged.get((row, column))
                seen.add((row, column))
                if rule is None:
                    found.append(Problem(name, f"row ({row}), column {column}",
                                         "empty but not in suppression_log.csv"))
                elif (label == small) != (rule == "count_under_min"):
                    found.append(Problem(name, f"row ({row}), column {column}{LABEL}",
                                         f"label {label!r} for rule {rule}"))
        for row, column in sorted(set(logged) - seen):
            if column not in counts and column in frame.columns and rows:
                position = rows.index(row) if row in rows else None
                if position is not None and frame[column].iat[position] == "":
                    continue  # a rate not shown for too few (reliability)
            found.append(Problem(name, f"row ({row}), column {column}",
                                 "in suppression_log.csv but not empty"))
    return found


def _table_shape(stem: str, csv: pd.DataFrame, parquet: pd.DataFrame,
                 counts: tuple[str, ...], small: str) -> list[Problem]:
    """Counts numeric in both files (empty when hidden), each with its label column right
    after it, labels only SMALL or empty and equal in both files."""
    name = f"{stem}.csv"
    if list(csv.columns) != list(parquet.columns):
        return [Problem(name, "columns", f"{','.join(csv.columns)} in the CSV but "
                        f"{','.join(parquet.columns)} in {stem}.parquet")]
    found = []
    columns = list(csv.columns)
    for column in counts:
        label = column + LABEL
        if column not in columns:
            found.append(Problem(name, f"column {column}", "missing"))
            continue
        text = csv.loc[~csv[column].str.match(INTEGER) & (csv[column] != ""), column]
        if len(text):
            found.append(Problem(name, f"line {text.index[0] + 2}, column {column}",
                                 f"text {text.iloc[0]!r} in a count column"))
        if not pd.api.types.is_integer_dtype(parquet[column]):
            found.append(Problem(f"{stem}.parquet", f"column {column}",
                                 f"{parquet[column].dtype}, not integers"))
        if label not in columns:
            found.append(Problem(name, f"column {column}", f"without {label} beside it"))
            continue
        if columns.index(label) != columns.index(column) + 1:
            found.append(Problem(name, f"column {label}", f"not right after {column}"))
        if not (pd.api.types.is_string_dtype(parquet[label])
                or parquet[label].isna().all()):
            found.append(Problem(f"{stem}.parquet", f"column {label}",
                                 f"{parquet[label].dtype}, not text"))
        odd = csv.loc[~csv[label].isin(["", small]), label]
        if len(odd):
            found.append(Problem(name, f"line {odd.index[0] + 2}, column {label}",
                                 f"{odd.iloc[0]!r}: a label is {small} or empty"))
        both = csv.loc[(csv[label] != "") & (csv[column] != ""), column]
        if len(both):
            found.append(Problem(name, f"line {both.index[0] + 2}, column {column}",
                                 "a count and a label: a labelled count is empty"))
        for col in (column, label):
            differ = csv[col].ne(_text(parquet[col]))
            if differ.any():
                line = int(differ.to_numpy().nonzero()[0][0])
                found.append(Problem(name, f"line {line + 2}, column {col}",
                                     f"{csv[col].iat[line]!r} in the CSV but "
                                     f"{_text(parquet[col]).iat[line]!r} in {stem}.parquet"))
    if found:
        return found
    if "suppressed" in columns:
        # a row is suppressed where a count is hidden, or its rate for too few (reliability)
        hidden = pd.concat([csv[c] == "" for c in counts], axis=1).any(axis=1) | (
            csv["suppression_rule"] == "denominator_under_min")
        wrong = csv["suppressed"].ne(hidden.map({True: "true", False: "false"}))
        if wrong.any():
            found.append(Problem(name, f"line {wrong.idxmax() + 2}, column suppressed",
                                 "not true exactly where a count or a rate is hidden"))
        ruled = csv["suppression_rule"] != ""
        if ruled.ne(hidden).any():
            found.append(Problem(name, f"line {ruled.ne(hidden).idxmax() + 2}, column "
                                 "suppression_rule",
                                 "not given exactly where a count or a rate is hidden"))
    return found


def _dictionary(folder: Path) -> list[Problem]:
    """Every column of every CSV (the suppression log and the dictionary too) has one row in
    dictionary.csv with a description in both languages, and no row names another column."""
    try:
        dictionary = pd.read_csv(folder / "dictionary.csv", dtype=str, keep_default_na=False)
    except (OSError, ValueError):
        return [Problem("dictionary.csv", "file", "missing or unreadable")]
    if not {"file", "column", "description_nb", "description_en"} <= set(dictionary.columns):
        return [Problem("dictionary.csv", "columns", "not file, column, description_nb and "
                        "description_en")]
    found = []
    for path in sorted(folder.glob("*.csv")):
        try:
            columns = list(pd.read_csv(path, nrows=0).columns)
        except (OSError, ValueError):  # empty, not UTF-8, not CSV
            found.append(Problem(path.name, "file", "unreadable as CSV"))
            continue
        rows = dictionary[dictionary["file"] == path.name]
        for column in columns:
            row = rows[rows["column"] == column]
            if row.empty:
                found.append(Problem("dictionary.csv", f"{path.name} column {column}",
                                     "not documented"))
            elif (row[["description_nb", "description_en"]] == "").any(axis=None):
                found.append(Problem("dictionary.csv", f"{path.name} column {column}",
                                     "a description is missing in a language"))
        for column in sorted(set(rows["column"]) - set(columns)):
            found.append(Problem("dictionary.csv", f"{path.name} column {column}",
                                 "documented but not in the file"))
    return found


def check_shape(folder: Path, protected: dict[str, tuple[str, ...]],
                min_count: int) -> list[Problem]:
    """What a published folder must be on its own: no text in a count column of any CSV
    (hidden counts empty in the CSV and in the Parquet file), the label ('<5') in the
    <column>_label beside each, where and only where suppression_log.csv gives
    count_under_min; every empty count logged and every logged cell empty; CSV and Parquet
    equal in counts and labels; and every column of every CSV in the dictionary."""
    small = f"<{min_count}"
    found: list[Problem] = []
    try:
        log = pd.read_csv(folder / "suppression_log.csv", dtype=str, keep_default_na=False)
        logged = _logged(log)
    except (OSError, ValueError, AttributeError):
        found.append(Problem("suppression_log.csv", "file", "missing or unreadable"))
        logged = {}
    for stem, counts in sorted(protected.items()):
        try:
            csv = pd.read_csv(folder / f"{stem}.csv", dtype=str, keep_default_na=False)
            parquet = pd.read_parquet(folder / f"{stem}.parquet")
        except (OSError, ValueError) as error:
            found.append(Problem(stem, "file", f"missing or unreadable "
                                 f"({type(error).__name__})"))
            continue
        shape = _table_shape(stem, csv, parquet, counts, small)
        found += shape
        if not shape:
            found += _hidden_cells(stem, csv, counts, logged, small)
    return found + _dictionary(folder)

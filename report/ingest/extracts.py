"""Load the de-identified extracts and the reference tables into DuckDB, validated.

`load()` returns a DuckDB connection holding one table per extract and reference table, or
raises ValidationFailed listing every problem at once. Files are read straight from Parquet or
CSV by DuckDB; each extract table gets a hidden `_row` column (1 = first data row of the file)
so that problems can name rows.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from report import activity
from report.ingest import checks, identifiers, metadata, schema, typed
from report.ingest.problems import (
    MissingColumn,
    MissingFile,
    Problem,
    UnreadableFile,
    ValidationFailed,
    WrongType,
)
from report.paths import CACHE, DEFAULT_DATASET, DEFAULT_REFERENCE


@dataclass(frozen=True)
class Dataset:
    """Where a dataset's files are, and what its dataset.yml says about it."""

    root: Path
    files: dict[str, Path]
    meta: dict = field(default_factory=dict)
    folder: Path | None = None  # where the extract files are: root or root/extracts
    problems: tuple[Problem, ...] = ()  # found while locating: no folder, unreadable files

    @property
    def declared(self) -> dict[str, dict[str, str]]:
        """Columns dataset.yml adds to the contract: table -> column -> type."""
        found = self.meta.get("columns") or {}
        return {table: {name: str(spec.get("type")) for name, spec in (columns or {}).items()
                        if isinstance(spec, dict)}
                for table, columns in found.items() if isinstance(columns, dict)}

    @property
    def follow_up(self) -> date | None:
        value = self.meta.get("follow_up_date")
        return metadata.iso_date(value) if value else None

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic", False))


def locate(path: Path | None = None) -> Dataset:
    """Find the extract files in PATH or PATH/extracts (Parquet preferred over CSV). What
    cannot be used (no folder, a folder or a broken link where a file should be, an unreadable
    file, a broken dataset.yml) is kept as a problem for validation to report with the rest."""
    root = Path(path) if path else DEFAULT_DATASET
    if not root.is_dir():
        missing = MissingFile(str(root), None, (), 0,
                              "a dataset folder holding extracts/ and dataset.yml",
                              "no such folder" if not os.path.lexists(root) else "not a folder")
        return Dataset(root=root, files={}, problems=(missing,))
    inner = root / "extracts"
    if os.path.lexists(inner) and not inner.is_dir():  # a file, a broken link, a link loop
        odd = UnreadableFile(str(inner), None, (), 0, "a folder of extract files",
                             _unusable(inner) or "a file")
        return Dataset(root=root, files={}, problems=(odd,))
    folder = inner if inner.is_dir() else root
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for table in schema.EXTRACTS:
        for suffix in (".parquet", ".csv"):
            candidate = folder / f"{table.name}{suffix}"
            if not os.path.lexists(candidate):
                continue
            reason = _unusable(candidate)
            if reason:
                problems.append(UnreadableFile(str(candidate), None, (), 0,
                                               f"the {table.name} extract as a readable file",
                                               reason))
            else:
                files[table.name] = candidate
            break
    meta, meta_problems = metadata.read(root, folder, _unusable)
    return Dataset(root=root, files=files, meta=meta, folder=folder,
                   problems=tuple(problems + meta_problems))


def _unusable(path: Path) -> str | None:
    """Why PATH cannot be read as a data file, or None."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            return "a folder"
        if not stat.S_ISREG(mode):
            return "not a regular file"
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a link loop"
        if error.errno == errno.ENOENT:
            return "a link to nothing"
        return f"it cannot be read ({os.strerror(error.errno) if error.errno else 'I/O error'})"
    return None


def _load_raw(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    if path.suffix == ".csv":
        sql = (f"create table raw_{name} as select *, row_number() over () as _row "
               f"from {typed.reader(path, raw=True)}")
    else:  # a view: Parquet is columnar and typed, so checks read it in place
        sql = (f"create view raw_{name} as select * exclude (file_row_number), "
               f"file_row_number + 1 as _row from {typed.reader(path, raw=True)}")
    con.execute(sql)


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop the table or view NAME, if there is one."""
    kind = con.execute("select table_type from information_schema.tables where table_name = ?",
                       [name]).fetchone()
    if kind:
        con.execute(f"drop {'view' if kind[0] == 'VIEW' else 'table'} {name}")


def _load_reference(con, reference: Path) -> list[Problem]:
    problems: list[Problem] = []
    for name, columns in schema.REFERENCE.items():
        path = reference / f"{name}.csv"
        if not path.is_file():
            problems.append(MissingFile(str(path), None, (), 0, "a reference table"))
            continue
        activity.note(path)
        try:
            con.execute(f"create table {name} as select * from {typed.reader(path, raw=False)}")
        except duckdb.Error as error:
            problems.append(UnreadableFile(str(path), None, (), 0, _expected_format(path),
                                           _read_failure(path, error)))
            continue
        present = typed.types_of(con, name)
        problems += [MissingColumn(str(path), c, (), 0, f"a column named {c}")
                     for c in columns if c not in present]
    return problems


@dataclass
class Loaded:
    """What loading the extracts found: problems, the tables with every column, the columns
    of the wrong type, and per table the counts of checks.column_tests where the identifier
    scan counted them on the way."""

    problems: list[Problem] = field(default_factory=list)
    usable: set[str] = field(default_factory=set)
    mistyped: set[tuple[str, str]] = field(default_factory=set)
    counted: dict[str, tuple[int, ...]] = field(default_factory=dict)


def _load_extracts(con, dataset: Dataset) -> Loaded:
    loaded = Loaded()
    problems, usable, mistyped = loaded.problems, loaded.usable, loaded.mistyped
    if dataset.folder is None:
        return loaded  # the missing folder is the one problem
    reported = {Path(p.file).stem for p in dataset.problems}
    for table in schema.EXTRACTS:
        path = dataset.files.get(table.name)
        if path is None:
            if table.name not in reported:  # locate() found it but could not use it
                problems.append(MissingFile(str(dataset.folder / f"{table.name}.parquet"),
                                            None, (), 0,
                                            f"the {table.name} extract (.parquet or .csv)"))
            continue
        try:
            found = _load_table(con, table, path, dataset.declared.get(table.name, {}),
                                loaded.counted)
        except duckdb.Error as error:
            _discard(con, table.name)
            problems.append(UnreadableFile(str(path), None, (), 0, _expected_format(path),
                                           _read_failure(path, error)))
            continue
        problems += found
        mistyped |= {(table.name, p.column) for p in found if isinstance(p, WrongType)}
        if not any(isinstance(p, MissingColumn) for p in found):
            usable.add(table.name)
    return loaded


def _load_table(con, contract: schema.Table, path: Path, declared: dict[str, str],
                counted: dict[str, tuple[int, ...]]) -> list[Problem]:
    """Read one extract into its typed table; its problems (identifiers, types). When the
    file already has the contract's types (its typed table reads the same values), the
    column checks are counted in the identifier scan's pass, into COUNTED."""
    activity.note(path)
    _load_raw(con, contract.name, path)
    types = typed.types_of(con, f"raw_{contract.name}")
    if path.suffix == ".csv" and len(types) == 2 < len(contract.columns) + 1:  # and _row
        raise duckdb.InvalidInputException("a CSV file read as a single column")
    table = contract.with_declared(declared)
    exact = all(typed.same_values(types.get(c.name), c.type) for c in table.columns)
    also = checks.column_tests(table) if exact else ()
    codes = {c.name: c.allowed for c in contract.columns if c.allowed}
    found, counts = identifiers.refuse(con, table.name, path.name, types,
                                       {c.name for c in contract.columns}, declared, also,
                                       codes)
    if exact:
        counted[table.name] = counts
    mistyped = typed.type_problems(con, table, path.name, types)
    typed.typed_table(con, table, types, path)
    _drop(con, f"raw_{table.name}")
    return found + mistyped


def _discard(con, name: str) -> None:
    _drop(con, f"raw_{name}")
    _drop(con, name)


def _expected_format(path: Path) -> str:
    if path.suffix == ".csv":
        return "a readable CSV file with a header row"
    return "a readable Parquet file"


# What DuckDB's message means, in words that name no value from the file.
READ_FAILURES = (
    ("too small to be a parquet file", "the file is too small to be Parquet (empty or cut off)"),
    ("no magic bytes", "no Parquet marker at the end (not Parquet, or cut off)"),
    ("footer", "a damaged Parquet footer"),
    ("corrupt", "damaged Parquet data"),
    ("out of memory", "more memory than allowed (a damaged file claiming a huge size?)"),
    ("single column", "a single column (no delimiter found, or rows of different lengths)"),
)


def _read_failure(path: Path, error: duckdb.Error) -> str:
    text = str(error).lower()
    for marker, meaning in READ_FAILURES:
        if marker in text:
            return meaning
    if path.suffix == ".csv":
        return "DuckDB could not parse it as CSV"
    return f"DuckDB could not read it ({type(error).__name__})"


MEMORY_LIMIT = "1500MB"  # DuckDB spills to disk beyond this


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a memory limit and a spill folder in the project cache."""
    spill = CACHE / "duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    con.execute("set enable_progress_bar = false")
    con.execute("set preserve_insertion_order = false")  # results are sorted where it matters
    con.execute(f"set temp_directory = '{spill}'")
    # give memory a finished query no longer needs back to the system, so that what runs
    # next (survival's arrays, the next query) is not added on top of it
    con.execute("set allocator_background_threads = true")
    return con


def validate(dataset: Dataset, reference: Path | None = None,
             con: duckdb.DuckDBPyConnection | None = None) -> tuple[duckdb.DuckDBPyConnection,
                                                                    list[Problem]]:
    """Load everything and return the connection with every problem found (maybe none)."""
    con = con or connect()
    problems = _load_reference(con, reference or DEFAULT_REFERENCE)
    problems += list(dataset.problems)
    loaded = _load_extracts(con, dataset)
    problems += loaded.problems
    if "hospitals" in {r[0] for r in con.execute("show tables").fetchall()}:
        activity.note(dataset.folder or dataset.root, "checking the extracts in")
        problems += checks.run_all(con, dataset, loaded.usable, loaded.mistyped,
                                   loaded.counted)
    return con, problems


def load(dataset: Dataset | Path | None = None, reference: Path | None = None,
         con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """Validated connection, or ValidationFailed with every problem."""
    if not isinstance(dataset, Dataset):
        dataset = locate(dataset)
    con, problems = validate(dataset, reference, con)
    if problems:
        con.close()
        raise ValidationFailed(problems)
    return con

"""Load the de-identified extracts and the reference tables into DuckDB, validated.

`load()` returns a DuckDB connection holding one table per extract and reference table, or
raises ValidationFailed listing every problem at once. Files are read straight from Parquet or
CSV by DuckDB; each extract table gets a hidden `_row` column (1 = first data row of the file)
so that problems can name rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import yaml

from report.ingest import checks, identifiers, schema
from report.ingest.problems import MissingColumn, MissingFile, Problem, ValidationFailed, WrongType
from report.paths import CACHE, DEFAULT_DATASET, DEFAULT_REFERENCE, REPO  # noqa: F401

DUCK_TYPES = {"string": "VARCHAR", "int": "BIGINT", "bool": "BOOLEAN", "date": "DATE",
              "float": "DOUBLE"}
ACCEPTED = {
    "string": ("VARCHAR",),
    "int": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT"),
    "bool": ("BOOLEAN",),
    "date": ("DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S",
             "TIMESTAMP WITH TIME ZONE"),
    "float": ("FLOAT", "DOUBLE", "DECIMAL"),
}


@dataclass(frozen=True)
class Dataset:
    """Where a dataset's files are, and what its dataset.yml says about it."""

    root: Path
    files: dict[str, Path]
    meta: dict = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic", False))

    @property
    def follow_up(self) -> date | None:
        value = self.meta.get("follow_up_date")
        return date.fromisoformat(str(value)) if value else None


def locate(path: Path | None = None) -> Dataset:
    """Find the extract files in PATH or PATH/extracts (Parquet preferred over CSV)."""
    root = Path(path) if path else DEFAULT_DATASET
    folder = root / "extracts" if (root / "extracts").is_dir() else root
    files = {}
    for table in schema.EXTRACTS:
        for suffix in (".parquet", ".csv"):
            candidate = folder / f"{table.name}{suffix}"
            if candidate.is_file():
                files[table.name] = candidate
                break
    meta_file = next((p for p in (root / "dataset.yml", folder / "dataset.yml") if p.is_file()),
                     None)
    meta = yaml.safe_load(meta_file.read_text("utf-8")) if meta_file else {}
    return Dataset(root=root, files=files, meta=meta or {})


def _reader(path: Path, raw: bool) -> str:
    quoted = str(path).replace("'", "''")
    if path.suffix == ".csv":
        return f"read_csv('{quoted}', header=true, all_varchar={str(raw).lower()})"
    return f"read_parquet('{quoted}', file_row_number=true)"


def _load_raw(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    if path.suffix == ".csv":
        sql = (f"create table raw_{name} as select *, row_number() over () as _row "
               f"from {_reader(path, raw=True)}")
    else:  # a view: Parquet is columnar and typed, so checks read it in place
        sql = (f"create view raw_{name} as select * exclude (file_row_number), "
               f"file_row_number + 1 as _row from {_reader(path, raw=True)}")
    con.execute(sql)


def _drop_raw(con: duckdb.DuckDBPyConnection, name: str) -> None:
    kind = con.execute("select table_type from information_schema.tables where table_name = ?",
                       [f"raw_{name}"]).fetchone()
    if kind:
        con.execute(f"drop {'view' if kind[0] == 'VIEW' else 'table'} raw_{name}")


def _types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.execute(f"describe {table}").fetchall()}


def _type_problems(con, table: schema.Table, file: str, types: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for column in table.columns:
        if column.name not in types:
            problems.append(MissingColumn(file, column.name, (), 0,
                                          f"a {column.type} column named {column.name}"))
            continue
        actual = types[column.name]
        if actual == "VARCHAR" and column.type != "string":
            problems += _unparsable(con, table.name, file, column)
        elif actual.split("(")[0] not in ACCEPTED[column.type]:
            problems.append(WrongType(file, column.name, (), 0, f"{column.type} values",
                                      f"a column of type {actual}"))
    return problems


def _unparsable(con, name: str, file: str, column: schema.Column) -> list[Problem]:
    target = DUCK_TYPES[column.type]
    where = f"{column.name} is not null and try_cast({column.name} as {target}) is null"
    rows, total, found = checks.offending(con, f"raw_{name}", where, column.name)
    if not total:
        return []
    return [WrongType(file, column.name, rows, total, f"{column.type} values", found)]


def _typed_column(column: schema.Column, actual: str) -> str:
    target = DUCK_TYPES[column.type]
    if actual == target:
        return column.name
    return f"try_cast({column.name} as {target}) as {column.name}"


def _typed_table(con, table: schema.Table, types: dict[str, str]) -> None:
    known = {c.name for c in table.columns}
    cols = [_typed_column(c, types[c.name]) for c in table.columns if c.name in types]
    extra = [f'"{c}"' for c in types if c not in known]
    # rows carry their file row number (_row), so the table need not keep the file's order
    con.execute("set preserve_insertion_order = false")
    try:
        con.execute(f"create table {table.name} as select {', '.join(cols + extra)} "
                    f"from raw_{table.name}")
    finally:
        con.execute("set preserve_insertion_order = true")


def _load_reference(con, reference: Path) -> list[Problem]:
    problems: list[Problem] = []
    for name, columns in schema.REFERENCE.items():
        path = reference / f"{name}.csv"
        if not path.is_file():
            problems.append(MissingFile(str(path), None, (), 0, "a reference table"))
            continue
        con.execute(f"create table {name} as select * from {_reader(path, raw=False)}")
        present = _types(con, name)
        problems += [MissingColumn(str(path), c, (), 0, f"a column named {c}")
                     for c in columns if c not in present]
    return problems


def _load_extracts(con, dataset: Dataset) -> tuple[list[Problem], set[str], set[tuple]]:
    problems: list[Problem] = []
    usable: set[str] = set()
    mistyped: set[tuple[str, str]] = set()
    for table in schema.EXTRACTS:
        path = dataset.files.get(table.name)
        if path is None:
            problems.append(MissingFile(str(dataset.root / f"{table.name}.parquet"), None, (), 0,
                                        f"the {table.name} extract (.parquet or .csv)"))
            continue
        _load_raw(con, table.name, path)
        types = _types(con, f"raw_{table.name}")
        problems += identifiers.refuse(con, table.name, path.name, types)
        found = _type_problems(con, table, path.name, types)
        problems += found
        mistyped |= {(table.name, p.column) for p in found if isinstance(p, WrongType)}
        _typed_table(con, table, types)
        _drop_raw(con, table.name)
        if not any(isinstance(p, MissingColumn) for p in found):
            usable.add(table.name)
    return problems, usable, mistyped


MEMORY_LIMIT = "3GB"  # DuckDB spills to disk beyond this (national volume needs ~0.4 GB)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a memory limit and a spill folder in the project cache."""
    spill = CACHE / "duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    con.execute("set enable_progress_bar = false")
    con.execute(f"set temp_directory = '{spill}'")
    return con


def validate(dataset: Dataset, reference: Path | None = None,
             con: duckdb.DuckDBPyConnection | None = None) -> tuple[duckdb.DuckDBPyConnection,
                                                                    list[Problem]]:
    """Load everything and return the connection with every problem found (maybe none)."""
    con = con or connect()
    problems = _load_reference(con, reference or DEFAULT_REFERENCE)
    loaded, usable, mistyped = _load_extracts(con, dataset)
    problems += loaded
    if "hospitals" in {r[0] for r in con.execute("show tables").fetchall()}:
        problems += checks.run_all(con, dataset, usable, mistyped)
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

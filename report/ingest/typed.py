"""The extract contract's types in DuckDB: which column types a file may have, the values
a text column of another type cannot be read as, and each extract as a table (or view) with
the contract's types."""

from __future__ import annotations

from pathlib import Path

import duckdb

from report.ingest import checks, identifiers, schema
from report.ingest.problems import MissingColumn, Problem, WrongType

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


def reader(path: Path, raw: bool) -> str:
    quoted = str(path).replace("'", "''")
    if path.suffix == ".csv":
        return f"read_csv('{quoted}', header=true, all_varchar={str(raw).lower()})"
    return f"read_parquet('{quoted}', file_row_number=true)"


def types_of(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> DuckDB type of TABLE."""
    return {row[0]: row[1] for row in con.execute(f"describe {table}").fetchall()}


def type_problems(con, table: schema.Table, file: str, types: dict[str, str]
                  ) -> list[Problem]:
    """Missing columns, and columns of a type the contract does not accept (text that
    does not parse, for a CSV file)."""
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
        elif column.type == "int" and not same_values(actual, "int"):
            problems += _unparsable(con, table.name, file, column)  # HUGEINT, UBIGINT
    return problems


def _unparsable(con, name: str, file: str, column: schema.Column) -> list[Problem]:
    """Values that do not read as the column's type: its typed table would hold nothing
    there, as if unknown."""
    target = DUCK_TYPES[column.type]
    where = f"{column.name} is not null and try_cast({column.name} as {target}) is null"
    if column.type == "bool":  # DuckDB would read yes/no/y/n/t/f/1/0 as booleans too
        where = f"{column.name} is not null and lower({column.name}) not in ('true', 'false')"
    if column.type == "int":  # not 60.4 (rounded to 60), 0x3c or 6_0: whole numbers only
        where += (f" or ({column.name} is not null and not regexp_full_match("
                  f"trim(cast({column.name} as VARCHAR)), '[+-]?[0-9]+'))")
    rows, total, found = checks.offending(con, f"raw_{name}", where, column.name)
    if not total:
        return []
    return [WrongType(file, column.name, rows, total, f"{column.type} values", found)]


# Integer types whose every value is a BIGINT: the typed table reads the same numbers.
WIDENED = {"TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER"}


def same_values(actual: str | None, kind: str) -> bool:
    """True when a column of type ACTUAL holds exactly the values of its typed column."""
    return actual == DUCK_TYPES[kind] or (kind == "int" and actual in WIDENED)


# The registry's dates are Norwegian dates: a time with a zone is read on Oslo's clock, not
# on the clock of the machine that runs the report.
ZONE = "Europe/Oslo"


def _typed_column(column: schema.Column, actual: str) -> str:
    target = DUCK_TYPES[column.type]
    if actual == target:
        return column.name
    if actual == "TIMESTAMP WITH TIME ZONE" and column.type == "date":
        return f"cast(timezone('{ZONE}', {column.name}) as DATE) as {column.name}"
    return f"try_cast({column.name} as {target}) as {column.name}"


def typed_table(con, table: schema.Table, types: dict[str, str], path: Path) -> None:
    """The extract under its own name, with the contract's types. A Parquet file stays where
    it is (a view: DuckDB reads its columns in place, in parallel, for each query), so memory
    does not grow with the extract; a CSV file is read once into a table."""
    known = {c.name for c in table.columns}
    cols = [_typed_column(c, types[c.name]) for c in table.columns if c.name in types]
    extra = [identifiers.quote(c) for c in types if c not in known]
    if path.suffix != ".csv":
        source = (f"(select * exclude (file_row_number), file_row_number + 1 as _row "
                  f"from {reader(path, raw=True)})")
        con.execute(f"create view {table.name} as select {', '.join(cols + extra)} "
                    f"from {source}")
        return
    # rows carry their file row number (_row), so the table need not keep the file's order
    # (connect() turns insertion order off for the whole connection)
    con.execute(f"create table {table.name} as select {', '.join(cols + extra)} "
                f"from raw_{table.name}")



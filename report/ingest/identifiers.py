"""The guard against direct identifiers: national identity numbers, names, addresses, full
birth dates. A file holding any of them is refused before anything else is done with it.

The message names file, column and rows, never the value itself.
"""

from __future__ import annotations

import re

from report.ingest.problems import DirectIdentifier, Problem

# Column names that announce a direct identifier (English and Norwegian).
NAME_WORDS = re.compile(
    r"(^|_)(name|names|first_?name|last_?name|surname|navn|fornavn|etternavn|address|adresse|"
    r"street|gate|postcode|postnummer|zip|phone|telefon|email|epost|fnr|fodselsnummer|"
    r"personnummer|ssn|national_id)(_|$)",
    re.IGNORECASE,
)
BIRTH_DATE = re.compile(r"(birth_?date|date_of_birth|dob|fodselsdato|f_dato|born)", re.IGNORECASE)
STRING_TYPES = ("VARCHAR",)
INT_TYPES = ("BIGINT", "INTEGER", "HUGEINT", "UBIGINT")
DATE_TYPES = ("DATE", "TIMESTAMP")

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _checksum(expr: str, weights: tuple[int, ...]) -> str:
    terms = [f"{w} * cast(substr({expr}, {i + 1}, 1) as integer)" for i, w in enumerate(weights)]
    return f"(({' + '.join(terms)}) % 11 = 0)"


def valid_fnr_sql(expr: str) -> str:
    """SQL that is true when EXPR (11 ASCII digits) has valid mod-11 check digits."""
    return f"({_checksum(expr, W1)} and {_checksum(expr, W2)})"


def valid_fnr(digits: str) -> bool:
    """Python twin of valid_fnr_sql, for tests and small inputs."""
    if not re.fullmatch(r"\d{11}", digits):
        return False
    d = [int(c) for c in digits]
    ok1 = sum(w * x for w, x in zip(W1, d[:10], strict=True)) % 11 == 0
    return ok1 and sum(w * x for w, x in zip(W2, d, strict=True)) % 11 == 0


def _candidate(column: str, duck_type: str) -> str | None:
    quoted = f'"{column}"'
    if duck_type in STRING_TYPES:  # the length test spares the regular expression most values
        return (f"case when length({quoted}) >= 11 then "
                f"regexp_extract({quoted}, '(^|[^0-9])([0-9]{{11}})([^0-9]|$)', 2) end")
    if duck_type in INT_TYPES:
        return (f"case when {quoted} between 1000000000 and 99999999999 "
                f"then lpad(cast({quoted} as varchar), 11, '0') end")
    return None


def _number_rows(con, raw: str, column: str, duck_type: str) -> tuple[tuple[int, ...], int]:
    candidate = _candidate(column, duck_type)
    if candidate is None:
        return (), 0
    sql = (f"with c as (select _row, {candidate} as d from {raw}) "
           f"select count(*), list(_row order by _row)[1:5] from c "
           f"where length(d) = 11 and {valid_fnr_sql('d')}")
    total, rows = con.execute(sql).fetchone()
    return tuple(rows or ()), total


def refuse(con, table: str, file: str, types: dict[str, str]) -> list[Problem]:
    """Every direct identifier in raw_<table>, as problems (empty when the file is clean)."""
    problems: list[Problem] = []
    for column, duck_type in types.items():
        if column == "_row":
            continue
        base = duck_type.split("(")[0]
        if NAME_WORDS.search(column):
            problems.append(DirectIdentifier(file, column, (), 0,
                            "no names, addresses or contact details",
                            "a column whose name says it holds one"))
        if BIRTH_DATE.search(column) or (base in DATE_TYPES and "birth" in column.lower()):
            problems.append(DirectIdentifier(file, column, (), 0,
                            "birth year only (birth_year), never a full birth date",
                            "a birth date column"))
        rows, total = _number_rows(con, f"raw_{table}", column, base)
        if total:
            problems.append(DirectIdentifier(file, column, rows, total,
                            "pseudonyms, never national identity numbers",
                            "11-digit numbers with valid national identity check digits"))
    return problems

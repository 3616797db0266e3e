"""The guard against direct identifiers: national identity numbers, e-mail addresses, phone
numbers, names and addresses (by column name), full birth dates, and columns the contract
does not know. A file holding any of them is refused before anything else is done with it.

Messages name file, column and rows, never the value itself.
"""

from __future__ import annotations

import re
from datetime import date

from report.ingest.problems import DirectIdentifier, Problem, UndeclaredColumn

# Column names that announce a direct identifier (English and Norwegian). Norwegian compounds
# (pasientnavn, hjemmeadresse, mobiltelefon) are caught by the word anywhere in the name.
NAME_WORDS = re.compile(
    r"(^|_)(name|names|first_?name|last_?name|surname|address|street|postcode|zip|phone|"
    r"mobile|email|e_mail|ssn|national_id|fnr|dnr)(_|$)|navn|adresse|gateadr|postnummer|"
    r"postnr|telefon|mobil|epost|e_post|fodselsn|fødselsn|personn",
    re.IGNORECASE,
)
BIRTH_DATE = re.compile(r"(birth_?date|date_of_birth|dob|fodselsdato|fødselsdato|f_dato|born)",
                        re.IGNORECASE)
STRING_TYPES = ("VARCHAR",)
NUMBER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL")
DATE_TYPES = ("DATE", "TIMESTAMP")

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

# Eleven digits, with at most one space, dot, dash or underscore between any two (150385 40189,
# 15.03.85-40189, p150385_40189 in a pseudonym), not glued to other digits.
ELEVEN = re.compile(r"(?<![0-9])[0-9](?:[ .\-_]?[0-9]){10,}(?![0-9])")
SEPARATORS = re.compile(r"[ .\-_]")
ELEVEN_SQL = r"[0-9]([ .\-_]?[0-9]){10}"
EMAIL_SQL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
# Norwegian phone numbers: eight digits from 2-9, grouped or not, with or without +47 / 0047.
PHONE_SQL = (r"(^|[^0-9A-Za-z])((\+|00)47[ ]?)?[2-9][0-9]([ .\-]?[0-9]){6}([^0-9A-Za-z]|$)")


def valid_fnr(digits: str) -> bool:
    """True when DIGITS (11 of them) carry valid mod-11 national identity check digits."""
    if not re.fullmatch(r"\d{11}", digits):
        return False
    d = [int(c) for c in digits]
    ok1 = sum(w * x for w, x in zip(W1, d[:10], strict=True)) % 11 == 0
    return ok1 and sum(w * x for w, x in zip(W2, d, strict=True)) % 11 == 0


def date_shaped(digits: str) -> bool:
    """True when the first six of 11 digits read as a birth date DDMMYY, also as a D-number
    (day + 40), an H-number (month + 40) or a synthetic test number (month + 80)."""
    if not re.fullmatch(r"\d{11}", digits):
        return False
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


def identity_number(digits: str) -> bool:
    return valid_fnr(digits) or date_shaped(digits)


def holds_identity_number(text: str) -> bool:
    """Any run of 11 digits in TEXT (separators allowed) that could be an identity number,
    however many runs the text holds."""
    for match in ELEVEN.finditer(text):
        groups = [g for g in SEPARATORS.split(match.group()) if g]
        # every stretch of adjacent groups that adds up to 11 digits
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) == 11 and identity_number(digits):
                    return True
                if len(digits) >= 11:
                    break
    return False


def _rows(found: list[int]) -> tuple[tuple[int, ...], int]:
    found = sorted(found)
    return tuple(found[:5]), len(found)


# Each kind of value: (a cheap SQL test that any candidate passes (strlen counts bytes, at
# least as many as characters), the SQL condition that
# selects candidate rows, a Python test that confirms a candidate or None when the SQL is
# exact). One pass over a file counts the cheap tests of all its columns at once.
def _text_identity(quoted: str) -> tuple[str, str, object]:
    return (f"strlen({quoted}) >= 11",
            f"strlen({quoted}) >= 11 and regexp_matches({quoted}, '{ELEVEN_SQL}')",
            holds_identity_number)


def _number_identity(quoted: str) -> tuple[str, str, object]:
    test = f"abs({quoted}) between 1000000000 and 99999999999"  # a minus sign hides nothing
    return test, f"{test} and {quoted} = floor({quoted})", \
        lambda value: identity_number(f"{abs(int(value)):011d}")


def _email(quoted: str) -> tuple[str, str, object]:
    return (f"contains({quoted}, '@')",
            f"contains({quoted}, '@') and regexp_matches({quoted}, '{EMAIL_SQL}')", None)


def _phone(quoted: str) -> tuple[str, str, object]:
    return (f"strlen({quoted}) >= 8",
            f"strlen({quoted}) >= 8 and regexp_matches({quoted}, '{PHONE_SQL}')", holds_phone)


def _confirmed(con, raw: str, quoted: str, where: str, confirm) -> tuple[tuple[int, ...], int]:
    if confirm is None:
        total, rows = con.execute(f"select count(*), list(_row order by _row)[1:5] from {raw} "
                                  f"where {where}").fetchone()
        return tuple(rows or ()), total
    candidates = con.execute(f"select _row, {quoted} from {raw} where {where}").fetchall()
    return _rows([row for row, found in candidates if confirm(found)])


def refuse(con, table: str, file: str, types: dict[str, str], known: set[str],
           declared: dict[str, str], also: tuple[str, ...] = (),
           codes: dict[str, tuple] | None = None) -> tuple[list[Problem], tuple[int, ...]]:
    """Every direct identifier in raw_<table>, as problems (empty when the file is clean),
    and how many rows meet each condition of ALSO, counted in the same pass over the file.

    KNOWN: the contract's columns (each string one held to codes, pseudonyms, keys or
    reference tables, so not scanned for phone numbers, which those checks already refuse);
    DECLARED: column -> type added by dataset.yml; CODES: column -> the contract's codes for
    it (a value that is one of them is no identifier, and is not looked at)."""
    problems: list[Problem] = []
    scans: list[tuple] = []
    raw = f"raw_{table}"
    columns = [c for c in types if c != "_row"]
    for position, column in enumerate(columns, start=1):
        base = types[column].split("(")[0]
        shown = column if column in known else shown_name(column, position)
        if column not in known and column not in declared:
            problems.append(UndeclaredColumn(
                file, shown, (), 0, "only the contract's columns, or columns declared in "
                "dataset.yml (columns: <table>: <column>: {type, meaning})",
                "a column that is neither"))
        if column not in known and NAME_WORDS.search(column):
            problems.append(DirectIdentifier(file, shown, (), 0,
                            "no names, addresses, identity numbers or contact details",
                            "a column whose name says it holds one"))
        elif column not in known and personal(column):
            problems.append(DirectIdentifier(file, shown, (), 0,
                            "no identity numbers or contact details, in names either",
                            "a column name holding one"))
        if BIRTH_DATE.search(column) or (base in DATE_TYPES and "birth" in column.lower()):
            problems.append(DirectIdentifier(file, shown, (), 0,
                            "birth year only (birth_year), never a full birth date",
                            "a birth date column"))
        scans += _scans(column, base, column in known, (codes or {}).get(column), shown)
    found, counted = _run_scans(con, raw, file, scans, also)
    return problems + found, counted


# A column name a message may show: a plain identifier (a file's header row could hold data,
# as when a CSV file has none and its first row is read as one).
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
EMAIL = re.compile(EMAIL_SQL)
PHONE = re.compile(PHONE_SQL)
ISO_DATE = re.compile(r"(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")


def holds_phone(text: str) -> bool:
    """TEXT holds a Norwegian phone number (an ISO date, 2025-06-30, is not one)."""
    return bool(PHONE.search(ISO_DATE.sub(" ", text)))


def personal(text: str) -> bool:
    """TEXT holds an identity number, an e-mail address or a phone number."""
    return holds_identity_number(text) or bool(EMAIL.search(text)) or holds_phone(text)


def shown_name(column: str, position: int) -> str:
    """How a message names a column the contract does not know: by its name when that is a
    plain identifier holding nothing personal, by its POSITION in the file otherwise."""
    if PLAIN_NAME.fullmatch(column) and not personal(column):
        return column
    return f"{position} (its name is not shown)"


def quote(column: str) -> str:
    """COLUMN as a DuckDB identifier, whatever characters its name holds."""
    return '"' + column.replace('"', '""') + '"'


def _scans(column: str, base: str, checked: bool, codes: tuple | None = None,
           shown: str | None = None) -> list[tuple]:
    """(column, cheap test, condition, confirm, expected, found, name in messages) for every
    scan."""
    quoted = quote(column)
    if base in STRING_TYPES and codes:
        listed = ", ".join("'" + str(c).replace("'", "''") + "'" for c in codes)
        return [(column, f"{quoted} not in ({listed}) and {test}",
                 f"{quoted} not in ({listed}) and {where}", *rest)
                for column, test, where, *rest in _scans(column, base, checked, None, shown)]
    if base in STRING_TYPES:
        kinds = [(_text_identity, "pseudonyms and codes, never national identity numbers",
                  "numbers shaped like national identity numbers"),
                 (_email, "pseudonyms and codes, never e-mail addresses", "e-mail addresses")]
        if not checked:
            kinds.append((_phone, "pseudonyms and codes, never phone numbers", "phone numbers"))
    elif base in NUMBER_TYPES:
        kinds = [(_number_identity, "counts and measurements, never national identity numbers",
                  "numbers shaped like national identity numbers")]
    else:
        return []
    return [(column, *make(quoted), expected, found, shown or column)
            for make, expected, found in kinds]


def _run_scans(con, raw: str, file: str, scans: list[tuple], also: tuple[str, ...]
               ) -> tuple[list[Problem], tuple[int, ...]]:
    """One pass over the file counts the candidates of every scan (and the rows meeting
    each condition of ALSO); only scans with candidates look at rows."""
    tests = [test for _, test, *_ in scans] + list(also)
    if not tests:
        return [], ()
    counts = con.execute("select " + ", ".join(f"count_if(coalesce({test}, false))"
                                               for test in tests)
                         + f" from {raw}").fetchone()
    problems: list[Problem] = []
    for (column, _, where, confirm, expected, found, shown), count in zip(scans, counts,
                                                                           strict=False):
        if not count:
            continue
        rows, total = _confirmed(con, raw, quote(column), where, confirm)
        if total:
            problems.append(DirectIdentifier(file, shown, rows, total, expected, found))
    return problems, tuple(counts[len(scans):])

"""Content checks on loaded extracts: codes, ranges, keys, references, dates, ages.

Each check is one SQL condition over a table; `offending` turns it into rows to report.
"""

from __future__ import annotations

from datetime import date

from report.ingest import links, schema
from report.ingest.problems import (
    AgeMismatch,
    DateOrder,
    DuplicateKey,
    Inconsistent,
    MissingValue,
    OrphanKey,
    OutOfRange,
    Problem,
    UnknownCode,
    UnknownHospital,
)


def offending(con, table: str, where: str, column: str | None = None,
              source: str | None = None) -> tuple[tuple[int, ...], int, str]:
    """(first rows, number of rows, how many distinct values) where WHERE holds. The values
    themselves are never returned: any cell could hold something personal."""
    distinct = f"count(distinct {column})" if column else "0"
    sql = (f"select count(*), list(_row order by _row)[1:5], {distinct} "
           f"from {source or table} where {where}")
    total, rows, values = con.execute(sql).fetchone()
    found_text = (f"{values} distinct value{'' if values == 1 else 's'} not allowed"
                  if values else "")
    return tuple(rows or ()), total, found_text


def _file(dataset, table: str) -> str:
    path = dataset.files.get(table)
    return path.name if path else f"{table}.parquet"


def _column_checks(con, dataset, table: schema.Table, skip: set,
                   counted: tuple[int, ...] | None = None) -> list[Problem]:
    """Nulls, codes, patterns and ranges of every column: one scan of the table counts the
    offending rows of every rule (or COUNTED has them, counted while loading: column_tests);
    only a rule that finds some is asked for its rows."""
    rules = _column_rules(table, skip)
    if not rules:
        return []
    counts = counted if counted is not None else con.execute(
        "select " + ", ".join(f"count_if({where})" for _, _, where, _, _ in rules)
        + f" from {table.name}").fetchone()
    problems: list[Problem] = []
    file = _file(dataset, table.name)
    for (kind, column, where, expected, show), count in zip(rules, counts, strict=True):
        if not count:
            continue
        rows, total, found = offending(con, table.name, where, column if show else None)
        problems.append(kind(file, column, rows, total, expected, found))
    return problems


def column_tests(table: schema.Table) -> tuple[str, ...]:
    """The SQL conditions _column_checks counts for TABLE (nothing skipped), so that they
    can be counted in the same pass as the identifier scans."""
    return tuple(where for _, _, where, _, _ in _column_rules(table, set()))


def _column_rules(table: schema.Table, skip: set) -> list[tuple]:
    """(problem kind, column, SQL condition of an offending row, expected, count values)."""
    found = []
    for c in (c for c in table.columns if (table.name, c.name) not in skip):
        rules = []
        if not c.nullable:
            rules.append((MissingValue, f"{c.name} is null", f"a value ({c.type})", False))
        if c.allowed is not None:
            allowed = ", ".join(repr(a) if isinstance(a, str) else str(a) for a in c.allowed)
            rules.append((UnknownCode, f"{c.name} not in ({allowed})", f"one of {allowed}", True))
        if c.pattern is not None:
            words = schema.PATTERN_WORDS.get(c.pattern, f"values matching {c.pattern}")
            rules.append((UnknownCode, f"not regexp_full_match({c.name}, '{c.pattern}')",
                          words, True))
        if c.low is not None:
            rules.append((OutOfRange, f"{c.name} < {c.low} or {c.name} > {c.high}",
                          f"{c.low:g} to {c.high:g}", True))
        found += [(kind, c.name, f"coalesce({where}, false)", expected, show)
                  for kind, where, expected, show in rules]
    return found


def _key_checks(con, dataset, table: schema.Table) -> list[Problem]:
    if not table.key:
        return []
    key = ", ".join(table.key)
    repeated = (f"select {key} from {table.name} group by {key} having count(*) > 1")
    # the usual case (no duplicates) is answered on 64-bit hashes of the keys, sorted in
    # numpy (far cheaper than grouping millions of strings): no repeated hash, no repeated key
    hashes = con.execute(f"select hash({key}) as h from {table.name}").fetchnumpy()["h"]
    hashes.sort()
    if not (hashes[1:] == hashes[:-1]).any():
        return []
    del hashes
    where = f"({key}) in ({repeated})"
    rows, total, _ = offending(con, table.name, where)
    if not total:
        return []
    return [DuplicateKey(_file(dataset, table.name), key, rows, total,
                         f"each {key} once", "repeated values")]


def _foreign_checks(con, dataset, usable: set[str], linked: links.Linked) -> list[Problem]:
    """Every foreign key's orphans: the keys into one table are checked together, in one
    anti-join (one hash table of the parent's keys for all its children). Keys into the
    tables LINKED has read were answered there."""
    parents: dict[tuple[str, str], list[tuple[str, schema.ForeignKey]]] = {}
    found: dict[tuple[str, str], Problem | None] = {}
    for table in schema.EXTRACTS:
        if table.name not in usable:
            continue
        for fk in table.foreign:
            if fk.table in linked.parents:
                found[(table.name, fk.column)] = linked.orphans[(table.name, fk.column)]
            elif fk.table in usable:  # else its own problem is reported; nothing to check
                parents.setdefault((fk.table, fk.target), []).append((table.name, fk))
    for (parent, target), children in parents.items():
        union = " union all ".join(
            f"select {i} as child, {fk.column} as key, _row from {name} "
            f"where {fk.column} is not null" for i, (name, fk) in enumerate(children))
        orphans = con.execute(
            f"select child, count(*), list(_row order by _row)[1:5] from ({union}) "
            f"where key not in (select {target} from {parent}) group by child").fetchall()
        for child, total, rows in orphans:
            name, fk = children[child]
            found[(name, fk.column)] = OrphanKey(_file(dataset, name), fk.column, tuple(rows),
                                                 total, f"a {fk.target} present in {fk.table}")
    return [found[(t.name, fk.column)] for t in schema.EXTRACTS for fk in t.foreign
            if found.get((t.name, fk.column))]


def _hospital_checks(con, dataset, usable: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for table, when in schema.HOSPITAL_DATES.items():
        if table not in usable:
            continue
        file = _file(dataset, table)
        rows, total, found = offending(
            con, table, "hospital_id not in (select hospital_id from hospitals)", "hospital_id")
        if total:
            problems.append(UnknownHospital(file, "hospital_id", rows, total,
                                            "a hospital_id from reference hospitals.csv", found))
        source = (f"(select t.*, h.valid_from, h.valid_to from {table} t "
                  f"join hospitals h using (hospital_id))")
        where = (f"{when} < cast(valid_from as date) or "
                 f"(valid_to is not null and {when} > cast(valid_to as date))")
        rows, total, found = offending(con, table, where, "hospital_id", source)
        if total:
            problems.append(UnknownHospital(
                file, "hospital_id", rows, total,
                f"a hospital in operation on {when} (hospitals.csv valid_from/valid_to)", found))
    return problems


# A date in another table, read through that table's key (DATE_ORDER "surgeries.x").
LINKED_DATES = {"surgeries": "surgery_id"}


def _date_order_checks(con, dataset, usable: set[str], keyed: set[str] = frozenset(),
                       linked: links.Linked | None = None) -> list[Problem]:
    """Events in order. KEYED: the tables whose key is known to be unique, so that a date
    read through that key needs no grouping (a tumour's diagnosis date is its own). LINKED:
    what the joins of report.ingest.links found (the dates they answered need no query)."""
    problems: list[Problem] = []
    for table, earlier, later, meaning in schema.DATE_ORDER:
        other = earlier.split(".")[0] if "." in earlier else table
        if table not in usable or "tumours" not in usable or other not in usable:
            continue
        answered = linked.found(("date", table, earlier, later)) if linked else None
        if answered is not None:
            problems += links.date_order(dataset, table, earlier, later, meaning, answered)
            continue
        cheap = linked.found(("death before", table, earlier, later)) if linked else None
        if cheap is not None and not cheap[1]:
            continue  # no tumour diagnosed after its patient's death
        if other in LINKED_DATES:
            key, column = LINKED_DATES[other], earlier.split(".")[1]
            source = (f"(select x.*, o.{column} as _earlier from {table} x "
                      f"join {other} o using ({key}))")
            where, before = f"{later} < _earlier", earlier
        elif earlier.startswith("tumours."):
            link = "patient_id" if table == "patients" else "tumour_id"
            if link == "tumour_id" and "tumours" in keyed:
                first = "(select tumour_id, diagnosis_date as first_diagnosis from tumours)"
            else:
                first = (f"(select {link}, min(diagnosis_date) as first_diagnosis from tumours "
                         f"group by {link})")
            source = f"(select x.*, f.first_diagnosis from {table} x join {first} f using ({link}))"
            where, before = f"{later} < first_diagnosis", "diagnosis_date"
        else:
            source, where, before = table, f"{later} < {earlier}", earlier
        rows, total, _ = offending(con, table, where, None, source)
        if total:
            problems.append(DateOrder(_file(dataset, table), later, rows, total,
                                      f"{later} on or after {before}", meaning))
    return problems


def _follow_up_checks(con, dataset, usable: set[str]) -> list[Problem]:
    if dataset.follow_up is None:
        return []
    problems: list[Problem] = []
    for table in schema.EXTRACTS:
        if table.name not in usable:
            continue
        for c in (c for c in table.columns if c.type == "date"):
            rows, total, _ = offending(con, table.name, f"{c.name} > DATE '{dataset.follow_up}'")
            if total:
                problems.append(DateOrder(_file(dataset, table.name), c.name, rows, total,
                                          f"dates on or before the follow-up date "
                                          f"{dataset.follow_up}", "later dates"))
    return problems


def _tumour_checks(con, dataset, usable: set[str],
                   linked: links.Linked | None = None) -> list[Problem]:
    if "tumours" not in usable:
        return []
    problems: list[Problem] = []
    file = _file(dataset, "tumours")
    rows, total, found = offending(
        con, "tumours", "county_code not in (select county_code from counties)", "county_code")
    if total:
        problems.append(UnknownCode(file, "county_code", rows, total,
                                    "a county_code from reference counties.csv", found))
    rows, total, _ = offending(
        con, "tumours", "invasive != starts_with(icd10, 'C50') or (invasive and stage = '0')")
    if total:
        problems.append(Inconsistent(file, "invasive", rows, total,
                                     "invasive true exactly for C50 codes, and stage 0 only "
                                     "for in situ (D05)"))
    answered = linked.found(("age",)) if linked else None
    if answered is not None:
        problems += links.age(dataset, answered)
    elif "patients" in usable:
        source = ("(select t.*, year(t.diagnosis_date) - p.birth_year as years from tumours t "
                  "join patients p using (patient_id))")
        rows, total, _ = offending(con, "tumours", "age_at_diagnosis not in (years, years - 1)",
                                   None, source)
        if total:
            problems.append(AgeMismatch(file, "age_at_diagnosis", rows, total,
                                        "diagnosis year minus birth_year, or one less"))
    return problems


EARLIEST = date(1950, 1, 1)  # no event of a patient in the registry's data is older


def _date_range_checks(con, dataset, usable: set[str]) -> list[Problem]:
    """Dates from 1950 on, and none in the future (with a follow-up date, none after it:
    _follow_up_checks)."""
    latest = None if dataset.follow_up is not None else date.today()
    problems: list[Problem] = []
    for table in schema.EXTRACTS:
        if table.name not in usable:
            continue
        for c in (c for c in table.columns if c.type == "date"):
            where = f"{c.name} < DATE '{EARLIEST}'"
            if latest is not None:
                where += f" or {c.name} > DATE '{latest}'"
            rows, total, _ = offending(con, table.name, where)
            if total:
                until = f" to today ({latest})" if latest else ""
                problems.append(OutOfRange(_file(dataset, table.name), c.name, rows, total,
                                           f"dates from {EARLIEST}{until}",
                                           "dates outside that range"))
    return problems


def _row_checks(con, dataset, usable: set[str]) -> list[Problem]:
    """A dataset without patients or tumours is not a dataset."""
    problems: list[Problem] = []
    for table in ("patients", "tumours"):
        if table in usable and con.execute(f"select count(*) from {table}").fetchone()[0] == 0:
            problems.append(MissingValue(_file(dataset, table), None, (), 0,
                                         "at least one row", "an empty table"))
    return problems


def _pathology_checks(con, dataset, usable: set[str]) -> list[Problem]:
    """Laboratories from the reference table; a resection report names its operation and a
    biopsy report none; no more positive nodes than nodes examined."""
    problems: list[Problem] = []
    if "pathology" in usable:
        file = _file(dataset, "pathology")
        rows, total, found = offending(
            con, "pathology", "laboratory_id not in (select laboratory_id from laboratories)",
            "laboratory_id")
        if total:
            problems.append(UnknownCode(file, "laboratory_id", rows, total,
                                        "a laboratory_id from reference laboratories.csv",
                                        found))
        rows, total, _ = offending(con, "pathology",
                                   "(specimen = 'resection') != (surgery_id is not null)")
        if total:
            problems.append(Inconsistent(file, "surgery_id", rows, total,
                                         "a surgery_id exactly for resection reports"))
    if "surgeries" in usable:
        rows, total, _ = offending(con, "surgeries", "positive_nodes > nodes_examined")
        if total:
            problems.append(Inconsistent(_file(dataset, "surgeries"), "positive_nodes", rows,
                                         total, "at most nodes_examined positive nodes"))
    return problems


def run_all(con, dataset, usable: set[str], mistyped: set[tuple[str, str]],
            counted: dict[str, tuple[int, ...]] | None = None) -> list[Problem]:
    """Every content check on the tables that loaded with all their columns.

    Columns already reported as mistyped are not checked again (their values are unusable).
    COUNTED: table -> the counts of its column_tests, where loading counted them.
    """
    counted = counted or {}
    problems: list[Problem] = []
    keyed: set[str] = set()
    clean: set[str] = set()  # keys unique and never missing
    for table in schema.EXTRACTS:
        if table.name in usable:
            declared = dataset.declared.get(table.name, {})
            found = _column_checks(con, dataset, table.with_declared(declared), mistyped,
                                   counted.get(table.name))
            repeated = _key_checks(con, dataset, table)
            if table.key and not repeated:
                keyed.add(table.name)
                missing = any(isinstance(p, MissingValue) and p.column in table.key
                              for p in found)
                if not missing and not any((table.name, k) in mistyped for k in table.key):
                    clean.add(table.name)
            problems += found + repeated
    linked = links.run(con, dataset, usable, clean)
    problems += _foreign_checks(con, dataset, usable, linked)
    problems += _hospital_checks(con, dataset, usable)
    problems += _tumour_checks(con, dataset, usable, linked)
    problems += _pathology_checks(con, dataset, usable)
    problems += _date_order_checks(con, dataset, usable, keyed, linked)
    problems += _follow_up_checks(con, dataset, usable)
    problems += _date_range_checks(con, dataset, usable)
    problems += _row_checks(con, dataset, usable)
    return problems

"""Checks across tables, read through foreign keys: orphan keys, and the dates and ages that
compare a row with the row its key points at (a surgery before its tumour's diagnosis, an age
that disagrees with the patient's birth year).

A parent table whose key is known to be unique and never null is read once: one left join of
all the rows that point at it (every child table together, one hash table of the parent's
keys) counts the orphans of each child and every condition read through the key. Only a count
above zero asks for rows. A parent with repeated or missing keys is left to the general
queries in report.ingest.checks, which give the same answers without that assumption.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from report.ingest import schema
from report.ingest.problems import AgeMismatch, DateOrder, OrphanKey, Problem


@dataclass(frozen=True)
class Through:
    """A condition on a child row and the parent row its key names. CONDITION is SQL with
    {0}, {1}... for the child's COLUMNS and p. for the parent's; CHECK names the check it
    answers (report.ingest.checks asks for it by that name)."""

    child: str
    key: str
    columns: tuple[str, ...]
    condition: str
    check: tuple


# The dates of schema.DATE_ORDER read through a key, and the age check. ("date", table,
# earlier, later) answers that DATE_ORDER entry; ("death before", ...) only says whether
# any tumour was diagnosed after its patient's death: when none was, no patient died
# before her first diagnosis.
THROUGH = (
    Through("surgeries", "tumour_id", ("surgery_date",), "{0} < p.diagnosis_date",
            ("date", "surgeries", "tumours.diagnosis_date", "surgery_date")),
    Through("pathology", "tumour_id", ("report_date",), "{0} < p.diagnosis_date",
            ("date", "pathology", "tumours.diagnosis_date", "report_date")),
    Through("pathology", "surgery_id", ("report_date",), "{0} < p.surgery_date",
            ("date", "pathology", "surgeries.surgery_date", "report_date")),
    Through("tumours", "patient_id", ("age_at_diagnosis", "diagnosis_date"),
            "{0} not in (year({1}) - p.birth_year, year({1}) - p.birth_year - 1)", ("age",)),
    Through("tumours", "patient_id", ("diagnosis_date",), "p.death_date < {0}",
            ("death before", "patients", "tumours.diagnosis_date", "death_date")),
)


@dataclass
class Linked:
    """What the joins found: the parents read, the orphan problem per (child, column) (None
    when there was none), and per check of THROUGH its first rows and number of rows. A key
    or check not in these was not run here."""

    parents: set[str] = field(default_factory=set)
    orphans: dict[tuple[str, str], Problem | None] = field(default_factory=dict)
    checks: dict[tuple, tuple[tuple[int, ...], int]] = field(default_factory=dict)

    def found(self, check: tuple) -> tuple[tuple[int, ...], int] | None:
        """(first rows, number of rows) of CHECK, or None if it was not run here."""
        return self.checks.get(check)


def _file(dataset, table: str) -> str:
    path = dataset.files.get(table)
    return path.name if path else f"{table}.parquet"


def run(con, dataset, usable: set[str], clean: set[str]) -> Linked:
    """Every foreign key into a CLEAN table (unique keys, none missing), with the conditions
    read through it, for the USABLE tables."""
    linked = Linked()
    parents: dict[tuple[str, str], list[tuple[str, schema.ForeignKey]]] = {}
    for table in schema.EXTRACTS:
        if table.name not in usable:
            continue
        for fk in table.foreign:
            if fk.table in usable and fk.table in clean:
                parents.setdefault((fk.table, fk.target), []).append((table.name, fk))
    for (parent, target), children in parents.items():
        linked.parents.add(parent)
        _parent_pass(con, dataset, parent, target, children, linked)
    return linked


def _joined(children: list[tuple[str, schema.ForeignKey]], target: str
            ) -> tuple[list[tuple[int, object, str]], list[str]]:
    """(measures, branches): per child its orphans and the conditions of THROUGH, each as
    (child index, what it answers, SQL condition on the joined row c/p); and per child the
    SELECT of its keyed rows for the union (the columns the conditions read as v0, v1...)."""
    measures: list[tuple[int, object, str]] = []
    needed: list[tuple[str, str]] = []
    for i, (name, fk) in enumerate(children):
        measures.append((i, fk, f"p.{target} is null"))
        for t in (t for t in THROUGH if t.child == name and t.key == fk.column):
            cols = [(name, c) for c in t.columns]
            needed += [pair for pair in cols if pair not in needed]
            measures.append((i, t, t.condition.format(
                *(f"c.v{needed.index(pair)}" for pair in cols))))
    branches = []
    for i, (name, fk) in enumerate(children):
        values = "".join(f", {c if n == name else 'null'} as v{j}"
                         for j, (n, c) in enumerate(needed))
        branches.append(f"select {i} as child, {fk.column} as key, _row{values} "
                        f"from {name} where {fk.column} is not null")
    return measures, branches


def _parent_pass(con, dataset, parent: str, target: str,
                 children: list[tuple[str, schema.ForeignKey]], linked: Linked) -> None:
    """One left join of every child's rows onto PARENT counts orphans and conditions per
    child; a second pass, only when some count is above zero, fetches their first rows."""
    measures, branches = _joined(children, target)
    names = [name for name, _ in children]
    noted = [f"min({expression}) filter (where c.child = {names.index(child)})"
             for child, table, expression, _ in NOTED if table == parent and child in names]
    source = (f"({' union all '.join(branches)}) as c "
              f"left join {parent} as p on c.key = p.{target}")
    counted = {row[0]: row[1:] for row in con.execute(
        "select c.child, " + ", ".join([f"count_if({w})" for _, _, w in measures] + noted)
        + f" from {source} group by c.child").fetchall()}
    _note(con, parent, names, counted, len(measures))
    totals = [counted[i][k] if i in counted else 0 for k, (i, _, _) in enumerate(measures)]
    rows = _first_rows(con, source, measures, totals)
    for k, (i, what, _) in enumerate(measures):
        if isinstance(what, Through):
            linked.checks[what.check] = (rows.get(k, ()), totals[k])
            continue
        name = children[i][0]
        linked.orphans[(name, what.column)] = OrphanKey(
            _file(dataset, name), what.column, rows.get(k, ()), totals[k],
            f"a {what.target} present in {what.table}") if totals[k] else None


def _first_rows(con, source: str, measures: list[tuple[int, object, str]],
                totals: list[int]) -> dict[int, tuple[int, ...]]:
    """The first rows of each measure that found any (a second pass, only then)."""
    found = [k for k, total in enumerate(totals) if total]
    if not found:
        return {}
    lists = ", ".join(f"list(c._row order by c._row) filter (where c.child = {measures[k][0]} "
                      f"and {measures[k][2]})[1:5]" for k in found)
    first = con.execute(f"select {lists} from {source}").fetchone()
    return {k: tuple(rows or ()) for k, rows in zip(found, first, strict=True)}


# Read on the way, as an SQL variable: (child, parent, expression on the parent's matching
# rows, variable) = the least value of EXPRESSION over the child's rows whose key the parent
# holds. The first diagnosis year with a clinical form is what the query layer starts its
# results from (report.compute.results.first_clinical_year); it would otherwise join every
# form with its tumour a second time.
NOTED = (("forms", "tumours", "year(p.diagnosis_date)", "first_clinical_year"),)


def _note(con, parent: str, names: list[str], found: dict, first: int) -> None:
    """Set the variables of NOTED that this pass over PARENT read (found from column
    FIRST on, one per entry of NOTED that applies), when there is a value."""
    column = first
    for child, table, _, variable in NOTED:
        if table != parent or child not in names:
            continue
        value = (found.get(names.index(child)) or (None,) * (column + 1))[column]
        if value is not None:
            con.execute(f"set variable {variable} = {int(value)}")
        column += 1


def date_order(dataset, table: str, earlier: str, later: str, meaning: str,
               found: tuple[tuple[int, ...], int]) -> list[Problem]:
    """The DateOrder problem of a schema.DATE_ORDER entry answered here, if any."""
    rows, total = found
    if not total:
        return []
    before = earlier.split(".")[1] if earlier.startswith("tumours.") else earlier
    return [DateOrder(_file(dataset, table), later, rows, total,
                      f"{later} on or after {before}", meaning)]


def age(dataset, found: tuple[tuple[int, ...], int]) -> list[Problem]:
    rows, total = found
    if not total:
        return []
    return [AgeMismatch(_file(dataset, "tumours"), "age_at_diagnosis", rows, total,
                        "diagnosis year minus birth_year, or one less")]

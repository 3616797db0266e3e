"""Statistical disclosure control for tables of counts: two rules, one attacker model.

Generic: a table is rows of non-negative counts, an optional denominator column, additive
constraints between rows (``value[total] == sum(value[parts])``: unit hierarchies, category
totals) and, within a row, every count at most the denominator.

1. Reliability (rates): a row whose denominator is under ``min_denominator`` shows no rate
   (rule ``denominator_under_min``). This is about unstable estimates, not secrecy: no count is
   hidden for it and nothing else is hidden to protect it.
2. Confidentiality (counts of persons, for ``confidential`` tables): counts in
   ``1..min_count-1`` are hidden and shown as "<min_count" (``count_under_min``); further cells
   are hidden (``secondary``) until every hidden count is protected.

A count shown as "<5" is *protected* when an attacker who knows everything published can
still not narrow it to fewer than ``rules.protection`` possible values. (Any other hidden count
is 0 or at least min_count, publishable in itself: it is hidden to widen the small ones, and
narrowing it discloses no small count.) The attacker knows: published
cells; that "<5" means 1..4; that any other hidden count is not 1..4 (else it would read "<5");
that a row whose rule is ``denominator_under_min`` has a denominator under the minimum and any
other row does not; every count is at most its row's denominator; the additive constraints;
non-negative integers. Each hidden count's smallest and largest feasible values are found by
mixed-integer linear programs (HiGHS). Secondary suppression is driven by the same
model (``audit``), so the build's check never fires on our own output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from report.compute.registry import Rules
from report.publish.attacker import (  # noqa: F401 (the public names of this module)
    Constraint,
    DisclosureError,
    Fact,
    Model,
    Table,
)

COUNT_UNDER_MIN = "count_under_min"
DENOMINATOR_UNDER_MIN = "denominator_under_min"
SECONDARY = "secondary"
RULES_IN_ORDER = (DENOMINATOR_UNDER_MIN, COUNT_UNDER_MIN, SECONDARY)


@dataclass(frozen=True)
class Suppression:
    """One log entry: which row (position), which column, which rule. Never the value."""

    row: int
    column: str
    rule: str


@dataclass(frozen=True)
class Protected:
    hidden: pd.DataFrame  # same index as the input, one bool column per protected column
    rule: pd.Series  # per row: the first rule (RULES_IN_ORDER) that applies to it, or None
    log: tuple[Suppression, ...]
    unreliable: pd.Series = None  # per row: denominator under the minimum (no rate shown)
    table: Table | None = None  # what the attacker model was given


@dataclass
class _State:
    hidden: dict[str, np.ndarray]
    why: dict[tuple[int, str], str] = field(default_factory=dict)
    shown_small: dict[str, np.ndarray] = field(default_factory=dict)

    def hide(self, row: int, column: str, rule: str) -> bool:
        if self.hidden[column][row]:
            return False
        self.hidden[column][row] = True
        self.why[(row, column)] = rule
        if rule == COUNT_UNDER_MIN:
            self.shown_small.setdefault(column, np.zeros(len(self.hidden[column]), dtype=bool))
            self.shown_small[column][row] = True
        return True

    def small(self, column: str) -> np.ndarray:
        """Cells shown as "<min_count" (a copy)."""
        found = self.shown_small.get(column)
        return found.copy() if found is not None else np.zeros(len(self.hidden[column]),
                                                                 dtype=bool)


def protect(
    frame: pd.DataFrame,
    *,
    counts: Sequence[str],
    denominator: str | None,
    constraints: Sequence[Constraint],
    rules: Rules,
    confidential: bool = True,
    ties: Sequence[tuple[str, tuple[int, ...]]] = (),
    facts: Sequence[Fact] = (),
) -> Protected:
    """Decide which cells of ``counts`` (and ``denominator``) must be hidden, and why."""
    columns = list(dict.fromkeys([*counts, *([denominator] if denominator else [])]))
    _validate(frame, columns, constraints)
    values = {c: frame[c].to_numpy(dtype=np.int64) for c in columns}
    unreliable = (values[denominator] < rules.min_denominator if denominator
                  else np.zeros(len(frame), dtype=bool))
    repeated = tuple(Fact(((rows[0], column, 1), (row, column, -1)), 0)
                     for column, rows in ties for row in rows[1:])  # the reader sees them equal
    table = Table(values, tuple(constraints), denominator, unreliable, rules,
                  tuple(facts) + repeated)
    state = _State({c: np.zeros(len(frame), dtype=bool) for c in columns})
    if confidential:
        for column, column_values in values.items():
            for row in np.flatnonzero((column_values >= 1) & (column_values < rules.min_count)):
                state.hide(int(row), column, COUNT_UNDER_MIN)
        _secondary(table, state)
        while _tie(state, ties):  # a repeated count is hidden everywhere it appears
            _secondary(table, state)
    return _result(frame.index, state, table)


def _tie(state: _State, ties) -> bool:
    changed = False
    for column, rows in ties:
        if state.hidden[column][list(rows)].any():
            for row in rows:
                changed |= state.hide(row, column, SECONDARY)
    return changed


def _secondary(table: Table, state: _State) -> None:
    """Hide more cells while some "<5" count is not protected: each round, one published
    neighbour of the first exposed count of every linked group. Groups of hidden cells that
    did not change are not solved again."""
    _lone_small(table, state)
    cache: dict = {}
    learnt = Learnt()
    while True:
        weak = audit(table, state.hidden, state.small, cache, first=True, learnt=learnt)
        if not weak:
            return
        fixes = {}
        groups = _Groups(table, state.hidden)
        for (row, column), (low, high) in weak:  # one fix per exposed group, each round
            fix = _candidate(table, state.hidden, row, column) or _group_candidate(
                table, state.hidden, (row, column), groups)
            if fix is not None:
                fixes.setdefault(fix, None)
                continue
            if low == high:
                raise DisclosureError(
                    f"a hidden count (row {row}, column {column!r}) cannot be protected: "
                    "no published cell left to hide beside it")
            # everything linked to it is hidden and it is not pinned: as protected as can be
            small = {c: state.small(c) for c in table.columns}
            cache[_key(groups.of((row, column)), small)] = True
        for fix in fixes:
            state.hide(*fix, SECONDARY)


def _lone_small(table: Table, state: _State) -> None:
    """The cheap first round: a "<5" count alone among the hidden cells of a sum would be
    given away by it, so a published cell of that sum is hidden beside it (until none is)."""
    changed = True
    while changed:
        changed = False
        for column in table.columns:
            small = state.small(column)
            for constraint in table.constraints:
                hidden = [r for r in constraint.cells if state.hidden[column][r]]
                if len(hidden) == 1 and small[hidden[0]]:
                    fix = _candidate(table, state.hidden, hidden[0], column,
                                     within=constraint)
                    if fix is not None:
                        changed |= state.hide(*fix, SECONDARY)


class _Groups:
    """The linked groups of hidden cells, found once when first asked for."""

    def __init__(self, table: Table, hidden) -> None:
        self.table, self.hidden, self.by_cell = table, hidden, None

    def of(self, cell) -> list[tuple[int, str]]:
        if self.by_cell is None:
            self.by_cell = {c: g for g in _components(self.table, self.hidden) for c in g}
        return self.by_cell[cell]


def _key(group, small: dict[str, np.ndarray]) -> tuple:
    """What an audited group's result depends on: its cells and which are shown as "<5"."""
    return tuple(group), tuple(bool(small[c][r]) for r, c in group)


def _group_candidate(table: Table, hidden, cell, groups: _Groups) -> tuple[int, str] | None:
    """The best published neighbour of any hidden cell linked to CELL."""
    group = groups.of(cell)
    found = [f for f in (_candidate(table, hidden, r, c, keyed=True) for r, c in group)
             if f is not None]
    return min(found)[1] if found else None


def unprotected(table: Table, hidden: dict[str, np.ndarray], small) -> list[tuple]:
    """The build's check: "<5" counts narrowed below the protection that more hiding could
    still have widened, and any pinned to one value."""
    groups = _Groups(table, hidden)
    return [(cell, (low, high)) for cell, (low, high) in audit(table, hidden, small)
            if low == high or _group_candidate(table, hidden, cell, groups) is not None]


@dataclass
class Learnt:
    """What earlier rounds of one table's audit found about its "<5" cells that hiding more
    cannot undo (a cell turned from published into hidden can still take its published value,
    so every earlier solution is still one): the cells found protected, and values each cell
    was seen to take in a solution."""

    safe: set = field(default_factory=set)
    seen: dict = field(default_factory=dict)


def audit(table: Table, hidden: dict[str, np.ndarray], small=None,
          cache: dict | None = None, first: bool = False,
          learnt: Learnt | None = None) -> list[tuple]:
    """Every "<5" count an attacker can narrow to fewer than ``rules.protection`` values (with
    FIRST, the first of each linked group):
    [((row, column), (lowest, highest)), ...]. SMALL(column) gives the cells shown as "<5"
    (default: hidden cells whose value is 1..min_count-1, as production labels them)."""
    rules = table.rules
    if small is None:
        def small(column):
            v = table.values[column]
            return hidden[column] & (v >= 1) & (v < rules.min_count)
    shown_small = {c: np.asarray(small(c), dtype=bool) for c in table.columns}
    weak = []
    for cells in _components(table, hidden):
        key = _key(cells, shown_small)
        if cache is not None and key in cache:
            continue  # known to be protected
        found = _weak_cells(table, shown_small, cells, first, learnt)
        if not found and cache is not None:
            cache[key] = True
        weak += found
    return sorted(weak, key=lambda item: (item[0][0], table.columns.index(item[0][1])))


def _weak_cells(table: Table, small: dict[str, np.ndarray], cells,
                first: bool = False, learnt: Learnt | None = None) -> list[tuple]:
    """The exposed "<5" cells of one group (with FIRST, only the first found). Only they are
    secret: any other hidden count is 0 or at least min_count, publishable in itself, and
    hidden only to widen theirs. What LEARNT holds from earlier rounds is used (protected
    cells skipped, values seen not checked again) and added to. Cells the facts make equal
    (a repeated count) are one variable of the program, audited once."""
    model = Model(table, small, cells)
    audited = [(k, cell) for k, cell in enumerate(cells) if small[cell[1]][cell[0]]]
    if learnt is not None:
        for k, cell in audited:
            model.seen[model.var[k]] |= learnt.seen.get(cell, set())
    if not first:  # every "<5" count will be audited: witnesses for many at once pay off
        model.spread()
    weak, verdicts = [], {}
    for k, cell in audited:
        if learnt is not None and cell in learnt.safe:
            continue
        v = model.var[k]
        if v not in verdicts:
            verdicts[v] = _exposure(model, v, table)
        if verdicts[v] is None:
            if learnt is not None:
                learnt.safe.add(cell)
            continue
        weak.append((cell, verdicts[v]))
        if first:
            break
    if learnt is not None:
        for k, cell in audited:
            learnt.seen[cell] = set(model.seen[model.var[k]])
    return weak


def _exposure(model: Model, v: int, table: Table) -> tuple[int, int] | None:
    """The (lowest, highest) values of "<5" variable V if an attacker can narrow it below the
    protection, else None."""
    near = model.near_truth(v)
    if near:
        return None
    if near is False:  # every value its bounds allow was tried: the feasible ones are known
        return min(model.seen[v]), max(model.seen[v])
    low, high = model.extreme(v, 1), model.extreme(v, -1)
    if high < table.cap and model.count(v, low, high) < table.rules.protection:
        return low, high
    return None


def _components(table: Table, hidden: dict[str, np.ndarray]) -> list[list[tuple[int, str]]]:
    """Hidden cells grouped by what links them (constraints of a column; a row's count and
    denominator; facts), each group in column then row order, the groups in order of their
    first cell. A graph of the cells and the equations (constraints of each column, facts)
    that hold them: its connected components."""
    columns, n = table.columns, table.rows
    flat = np.concatenate([hidden[c] for c in columns])
    ends = []
    offset = len(flat)
    for terms in (table.sums, table.known):
        member = flat[terms.cell]
        ends.append((terms.cell[member], offset + terms.number[member]))
        offset += len(terms.value)
    for count, den in table.pairs():
        both = np.flatnonzero(hidden[count] & hidden[den])
        ends.append((columns.index(count) * n + both, columns.index(den) * n + both))
    start = np.concatenate([a for a, _ in ends])
    stop = np.concatenate([b for _, b in ends])
    graph = coo_array((np.ones(len(start), dtype=np.int8), (start, stop)),
                      shape=(offset, offset))
    labels = connected_components(graph, directed=False)[1]
    groups: dict[int, list[tuple[int, str]]] = {}
    for node in np.flatnonzero(flat):
        groups.setdefault(labels[node], []).append((int(node % n), columns[node // n]))
    return list(groups.values())


def _candidate(table: Table, hidden, row: int, column: str, keyed: bool = False,
               within: Constraint | None = None):
    """The published cell to hide next beside (ROW, COLUMN): in a constraint of that column
    holding it, or the row's count/denominator partner. Positive parts first, then positive
    totals, zeros last; smaller values first; then position. With KEYED: (key, cell)."""
    options = set()
    for constraint in (table.constraints_about([row]) if within is None else (within,)):
        if row in constraint.cells:
            options |= {(r, column, r == constraint.total) for r in constraint.cells
                        if not hidden[column][r]}
    for count, den in table.pairs() if within is None else ():
        if column in (count, den):
            other = den if column == count else count
            if not hidden[other][row]:
                options.add((row, other, False))
    if not options:
        return None

    def key(option):
        r, c, is_total = option
        value = int(table.values[c][r])
        zero = value == 0
        return (zero, is_total != zero, value, r, table.columns.index(c))

    best = min(options, key=key)
    return (key(best), best[:2]) if keyed else best[:2]


def _validate(frame: pd.DataFrame, columns: list[str], constraints: Sequence[Constraint]):
    if not columns:
        raise ValueError("protect: counts must name at least one column; got none")
    for column in columns:
        if column not in frame.columns:
            raise KeyError(f"protect: column {column!r} not in frame; has {list(frame.columns)}")
        numbers = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~(np.isfinite(numbers) & (numbers >= 0) & (numbers % 1 == 0)))
        if bad.size:
            raise ValueError(
                f"protect: column {column!r} must hold non-negative whole numbers; "
                f"rows at positions {bad[:5].tolist()} do not"
            )
    for constraint in constraints:
        if not all(0 <= cell < len(frame) for cell in constraint.cells):
            raise IndexError(f"protect: {constraint} refers to a row outside 0..{len(frame) - 1}")


def _result(index: pd.Index, state: _State, table: Table) -> Protected:
    unreliable = table.unreliable
    columns = list(state.hidden)
    hidden = pd.DataFrame({c: state.hidden[c].copy() for c in columns}, index=index)
    order = sorted(state.why, key=lambda rc: (rc[0], columns.index(rc[1])))
    log = tuple(Suppression(row, column, state.why[(row, column)]) for row, column in order)
    first: dict[int, str] = {int(r): DENOMINATOR_UNDER_MIN for r in np.flatnonzero(unreliable)}
    for entry in log:
        current = first.get(entry.row, entry.rule)
        first[entry.row] = min(current, entry.rule, key=RULES_IN_ORDER.index)
    rule = pd.Series([first.get(k) for k in range(len(index))], index=index, dtype=object)
    return Protected(hidden=hidden, rule=rule.rename("rule"), log=log,
                     unreliable=pd.Series(unreliable, index=index, name="unreliable"),
                     table=table)

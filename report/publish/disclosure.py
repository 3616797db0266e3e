"""Statistical disclosure control for tables of counts.

Generic: a table is rows of non-negative counts, an optional denominator column, and additive
constraints between rows (``value[total] == sum(value[parts])``), e.g. unit hierarchies and
multi-year totals. ``protect`` decides which cells are hidden and logs why, never the values:

1. primary: counts in ``1..min_count-1``; whole rows whose denominator is under
   ``min_denominator``;
2. coupling: a row whose denominator is hidden has all its counts hidden;
3. secondary: per column and constraint, hide one more cell while a hidden cell stands alone,
   the hidden parts sum to a small count, or they sit at the bounds an attacker knows;
4. guard: an exact linear-algebra check plus bound propagation (published values, "<5" labels,
   non-negativity) that no hidden cell is determined; otherwise hide one more cell and repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from report.compute.registry import Rules  # noqa: F401  (the limits, from settings.yml)

COUNT_UNDER_MIN = "count_under_min"
DENOMINATOR_UNDER_MIN = "denominator_under_min"
SECONDARY = "secondary"
RULES_IN_ORDER = (DENOMINATOR_UNDER_MIN, COUNT_UNDER_MIN, SECONDARY)
_TOLERANCE = 1e-9
_MAX_ROUNDS = 200


@dataclass(frozen=True)
class Constraint:
    """Additive relation among rows: ``value[total] == sum(value[parts])`` (row positions)."""

    total: int
    parts: tuple[int, ...]

    @property
    def cells(self) -> tuple[int, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Suppression:
    """One log entry: which row (position), which column, which rule. Never the value."""

    row: int
    column: str
    rule: str


@dataclass(frozen=True)
class Protected:
    hidden: pd.DataFrame  # same index as the input, one bool column per protected column
    rule: pd.Series  # per row: the first rule that hid something in the row, or None
    log: tuple[Suppression, ...]


@dataclass
class _State:
    values: dict[str, np.ndarray]
    hidden: dict[str, np.ndarray]
    why: dict[tuple[int, str], str] = field(default_factory=dict)

    def hide(self, row: int, column: str, rule: str) -> bool:
        if self.hidden[column][row]:
            return False
        self.hidden[column][row] = True
        self.why[(row, column)] = rule
        return True


def protect(
    frame: pd.DataFrame,
    *,
    counts: Sequence[str],
    denominator: str | None,
    constraints: Sequence[Constraint],
    rules: Rules,
) -> Protected:
    """Decide which cells of ``counts`` (and ``denominator``) must be hidden, and why."""
    columns = list(dict.fromkeys([*counts, *([denominator] if denominator else [])]))
    _validate(frame, columns, constraints)
    values = {c: frame[c].to_numpy(dtype=np.int64) for c in columns}
    state = _State(values, {c: np.zeros(len(frame), dtype=bool) for c in columns})
    _primary(state, denominator, rules)
    while True:
        _secondary(state, denominator, constraints, rules)
        fix = _next_fix(state, constraints, rules)
        if fix is None:
            break
        state.hide(*fix, SECONDARY)
    return _result(frame.index, state)


def recoverable(
    values: np.ndarray,
    hidden: np.ndarray,
    constraints: Sequence[Constraint],
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> np.ndarray:
    """Which hidden cells an attacker can determine from the published cells.

    Exact for the equalities (a hidden cell is determined iff its unit vector lies in the row
    space of the constraint matrix restricted to hidden cells); the attacker's bounds
    ``lower``/``upper`` (default 0 and infinity) are propagated through the constraints.
    """
    values = np.asarray(values, dtype=float)
    hidden = np.asarray(hidden, dtype=bool)
    lower = np.zeros(len(values)) if lower is None else np.asarray(lower, dtype=float)
    upper = np.full(len(values), np.inf) if upper is None else np.asarray(upper, dtype=float)
    touched = [c for c in constraints if hidden[list(c.cells)].any()]
    pinned = np.zeros(len(values), dtype=bool)
    for cells, group in _components(touched, hidden):
        pinned[cells] = _determined(cells, group)
    return pinned | (hidden & _bounds_pinned(values, hidden, touched, lower, upper))


def label(value: int, hidden: bool, rule: str | None, rules: Rules) -> str | None:
    """Text for a CSV cell: the count, ``"<5"`` for a primary small count, else None."""
    if not hidden:
        return str(int(value))
    if rule == COUNT_UNDER_MIN and 1 <= value < rules.min_count:
        return f"<{rules.min_count}"
    return None


def labels(frame: pd.DataFrame, protected: Protected, rules: Rules) -> pd.DataFrame:
    """``label`` applied to every protected column of ``frame``."""
    out = {}
    for column in protected.hidden.columns:
        cells = zip(frame[column], protected.hidden[column], protected.rule, strict=True)
        out[column] = pd.Series(
            [label(v, h, r, rules) for v, h, r in cells], index=frame.index, dtype=object
        )
    return pd.DataFrame(out, index=frame.index)


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


def _primary(state: _State, denominator: str | None, rules: Rules) -> None:
    if denominator is not None:
        for row in np.flatnonzero(state.values[denominator] < rules.min_denominator):
            for column in state.values:
                state.hide(int(row), column, DENOMINATOR_UNDER_MIN)
    for column, values in state.values.items():
        for row in np.flatnonzero((values >= 1) & (values < rules.min_count)):
            state.hide(int(row), column, COUNT_UNDER_MIN)


def _couple(state: _State, denominator: str | None) -> bool:
    if denominator is None:
        return False
    changed = False
    for row in np.flatnonzero(state.hidden[denominator]):
        for column in state.values:
            changed |= state.hide(int(row), column, SECONDARY)
    return changed


def _secondary(state, denominator, constraints, rules) -> None:
    changed = True
    while changed:
        changed = _couple(state, denominator)
        for column, values in state.values.items():
            hidden = state.hidden[column]
            lower, upper = _attacker_bounds(state, column, rules)
            for constraint in constraints:
                if _exposed(constraint, values, hidden, lower, upper, rules):
                    row = _candidate(constraint, values, hidden)
                    if row is not None:
                        changed |= state.hide(row, column, SECONDARY)


def _exposed(constraint, values, hidden, lower, upper, rules) -> bool:
    """Heuristic: would this constraint give away its hidden cells (or their small sum)?"""
    cells = [cell for cell in constraint.cells if hidden[cell]]
    if len(cells) == 1:
        return True
    if not cells or hidden[constraint.total]:
        return False
    total = values[cells].sum()
    return 0 < total < rules.min_count or total in (lower[cells].sum(), upper[cells].sum())


def _candidate(constraint: Constraint, values: np.ndarray, hidden: np.ndarray) -> int | None:
    """The published cell to hide next: positive parts, positive total, zero total, zero parts;
    smaller values first, then row position."""

    def key(cell: int) -> tuple:
        zero = bool(values[cell] == 0)
        is_total = cell == constraint.total
        return (zero, is_total != zero, int(values[cell]), cell)

    published = [cell for cell in constraint.cells if not hidden[cell]]
    return min(published, key=key) if published else None


def _attacker_bounds(state: _State, column: str, rules: Rules):
    """What an attacker knows of each hidden cell: "<5" cells lie in 1..4, others are >= 0."""
    small = np.zeros(len(state.values[column]), dtype=bool)
    for (row, col), rule in state.why.items():
        small[row] |= col == column and rule == COUNT_UNDER_MIN
    lower = np.where(small, 1.0, 0.0)
    upper = np.where(small, float(rules.min_count - 1), np.inf)
    return lower, upper


def _next_fix(state: _State, constraints, rules) -> tuple[int, str] | None:
    """A cell to hide because some hidden cell is still determined, or None."""
    for column, values in state.values.items():
        hidden = state.hidden[column]
        lower, upper = _attacker_bounds(state, column, rules)
        for row in np.flatnonzero(recoverable(values, hidden, constraints, lower, upper)):
            for constraint in constraints:
                if row in constraint.cells:
                    cell = _candidate(constraint, values, hidden)
                    if cell is not None:
                        return cell, column
    return None


def _components(constraints: Sequence[Constraint], hidden: np.ndarray):
    """Hidden cells grouped by the constraints that link them, with those constraints."""
    parent = {int(cell): int(cell) for cell in np.flatnonzero(hidden)}

    def root(cell: int) -> int:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for constraint in constraints:
        cells = [cell for cell in constraint.cells if hidden[cell]]
        for cell in cells[1:]:
            parent[root(cell)] = root(cells[0])
    groups: dict[int, tuple[list[int], list[Constraint]]] = {}
    for cell in parent:
        groups.setdefault(root(cell), ([], []))[0].append(cell)
    for constraint in constraints:
        first = next(cell for cell in constraint.cells if hidden[cell])
        groups[root(first)][1].append(constraint)
    return list(groups.values())


def _determined(cells: list[int], constraints: list[Constraint]) -> np.ndarray:
    """For each hidden cell: is its unit vector in the row space of the constraint matrix?"""
    position = {cell: k for k, cell in enumerate(cells)}
    matrix = np.zeros((max(len(constraints), 1), len(cells)))
    for r, constraint in enumerate(constraints):
        for cell, sign in zip(constraint.cells, _signs(constraint), strict=True):
            if cell in position:
                matrix[r, position[cell]] += sign
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > _TOLERANCE * max(matrix.shape)).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return np.ones(len(cells), dtype=bool)
    return np.abs(null).max(axis=0) < 1e-8


def _signs(constraint: Constraint) -> tuple[int, ...]:
    return (1, *([-1] * len(constraint.parts)))


def _bounds_pinned(values, hidden, constraints, lower, upper) -> np.ndarray:
    """Interval propagation: shrink each hidden cell's [lo, hi] by the others in a constraint."""
    lo = np.where(hidden, lower, values)
    hi = np.where(hidden, upper, values)
    for _ in range(_MAX_ROUNDS):
        changed = False
        for constraint in constraints:
            changed |= _tighten(constraint, lo, hi, hidden)
        if not changed:
            break
    return lo == hi


def _tighten(constraint: Constraint, lo: np.ndarray, hi: np.ndarray, hidden) -> bool:
    cells = np.array(constraint.cells)
    signs = np.array(_signs(constraint))
    # sign * x lies in [low, high] for each cell
    low = np.where(signs > 0, lo[cells], -hi[cells])
    high = np.where(signs > 0, hi[cells], -lo[cells])
    changed = False
    for k, cell in enumerate(cells):
        if not hidden[cell]:
            continue
        others = np.arange(len(cells)) != k
        # sign_k * x_k = -(sum of the others)
        rest_lo, rest_hi = low[others].sum(), high[others].sum()
        new_lo, new_hi = (-rest_hi, -rest_lo) if signs[k] > 0 else (rest_lo, rest_hi)
        if new_lo > lo[cell] + _TOLERANCE:
            lo[cell], changed = new_lo, True
        if new_hi < hi[cell] - _TOLERANCE:
            hi[cell], changed = new_hi, True
    return changed


def _result(index: pd.Index, state: _State) -> Protected:
    columns = list(state.values)
    hidden = pd.DataFrame({c: state.hidden[c].copy() for c in columns}, index=index)
    order = sorted(state.why, key=lambda rc: (rc[0], columns.index(rc[1])))
    log = tuple(Suppression(row, column, state.why[(row, column)]) for row, column in order)
    first: dict[int, str] = {}
    for entry in log:
        current = first.get(entry.row, entry.rule)
        first[entry.row] = min(current, entry.rule, key=RULES_IN_ORDER.index)
    rule = pd.Series([first.get(k) for k in range(len(index))], index=index, dtype=object)
    return Protected(hidden=hidden, rule=rule.rename("rule"), log=log)

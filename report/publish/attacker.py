"""What the attacker knows about one table, and the attacker's integer program.

A table is rows of non-negative counts (one array per column), additive constraints between
rows, an optional denominator column, the published reliability rule per row, and FACTS: true
linear statements about this table's counts taken from elsewhere (what a previous edition
published about the same back-year counts). ``Model`` finds, for a linked group of hidden
cells, how far an attacker who knows all that can narrow each of them (HiGHS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
from scipy.sparse import csr_array

from report.compute.registry import Rules
from report.publish import highs


class DisclosureError(RuntimeError):
    """A hidden count that nothing more could protect (names positions, never values)."""


@dataclass(frozen=True)
class Constraint:
    """Additive relation among rows: ``value[total] == sum(value[parts])`` (row positions)."""

    total: int
    parts: tuple[int, ...]
    cells: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", (self.total, *self.parts))

    @property
    def signed(self) -> list[tuple[int, int]]:
        """(row, sign) with the relation read as total - sum(parts) == 0."""
        return [(self.total, 1), *((row, -1) for row in self.parts)]


@dataclass(frozen=True)
class Fact:
    """A true statement known from elsewhere: sum of coefficient * value[row, column] over
    TERMS == VALUE. A previous edition's published count that has not changed is the fact
    ``x == v``; a sum it implied over its hidden cells, where that sum still holds, another."""

    terms: tuple[tuple[int, str, int], ...]  # (row, column, coefficient)
    value: int

    @property
    def cells(self) -> list[tuple[int, str]]:
        return [(r, c) for r, c, _ in self.terms]

    def holds(self, values: dict[str, np.ndarray]) -> bool:
        return sum(int(values[c][r]) * a for r, c, a in self.terms) == self.value


class Terms(NamedTuple):
    """Linear equations over a table's cells as arrays of their terms: each term's cell (its
    position with the columns laid end to end), equation and coefficient; and each
    equation's right-hand side."""

    cell: np.ndarray
    number: np.ndarray
    coefficient: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, terms: list[tuple[int, int, int]], value: np.ndarray) -> Terms:
        at = np.array(terms, dtype=np.int64).reshape(-1, 3)
        return cls(at[:, 0], at[:, 1], at[:, 2].astype(float), value)


@dataclass(frozen=True)
class Table:
    """What the attacker model needs to know about one table."""

    values: dict[str, np.ndarray]  # column -> counts
    constraints: tuple[Constraint, ...]
    denominator: str | None
    unreliable: np.ndarray  # per row: the published rule says denominator under the minimum
    rules: Rules
    facts: tuple[Fact, ...] = ()
    facts_of: dict = field(default_factory=dict, compare=False, repr=False)

    constraints_of: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for k, constraint in enumerate(self.constraints):
            for row in constraint.cells:
                self.constraints_of.setdefault(row, []).append(k)
        for k, fact in enumerate(self.facts):
            if not fact.holds(self.values):
                raise ValueError(f"fact {k} does not hold for the table's counts")
            for cell in fact.cells:
                self.facts_of.setdefault(cell, []).append(k)

    @property
    def cap(self) -> int:
        """The model's "unbounded": ten times the table's largest count (a cell that can reach
        it can take thousands of values), small enough for exact big-M integer programs."""
        return 10 * max([1000, *(int(v.max()) for v in self.values.values() if len(v))])

    @property
    def columns(self) -> list[str]:
        return list(self.values)

    def pairs(self) -> list[tuple[str, str]]:
        """(count, denominator): every count is at most its row's denominator."""
        d = self.denominator
        return [(c, d) for c in self.values if d is not None and c != d]

    def constraints_about(self, rows) -> list[Constraint]:
        """The constraints that hold any of ROWS, in table order."""
        found = sorted({k for row in rows for k in self.constraints_of.get(row, ())})
        return [self.constraints[k] for k in found]

    @property
    def rows(self) -> int:
        return len(next(iter(self.values.values())))

    def flat(self, row: int, column: str) -> int:
        """The cell's position when the columns are laid end to end."""
        return self.columns.index(column) * self.rows + row

    @cached_property
    def counts(self) -> np.ndarray:
        """Every cell's count, the columns laid end to end."""
        return np.concatenate([self.values[c] for c in self.columns]).astype(float)

    @cached_property
    def sums(self) -> Terms:
        """The constraints of every column as equations (constraint K of the column at
        position P is equation P * len(constraints) + K): total - sum(parts) == 0."""
        terms = [(self.flat(row, column), p * len(self.constraints) + k, sign)
                 for p, column in enumerate(self.columns)
                 for k, constraint in enumerate(self.constraints)
                 for row, sign in constraint.signed]
        return Terms.of(terms, np.zeros(len(self.columns) * len(self.constraints)))

    @cached_property
    def known(self) -> Terms:
        """The facts as equations (fact K is equation K)."""
        terms = [(self.flat(row, column), k, a) for k, fact in enumerate(self.facts)
                 for row, column, a in fact.terms]
        return Terms.of(terms, np.array([f.value for f in self.facts], dtype=float))

    def facts_about(self, cells) -> list[Fact]:
        found = sorted({k for cell in cells for k in self.facts_of.get(cell, ())})
        return [self.facts[k] for k in found]


class Model:
    """The attacker's integer program for one linked group of hidden CELLS."""

    def __init__(self, table: Table, small: dict[str, np.ndarray], cells) -> None:
        self.problem, self.var = program(table, small, cells)
        self.width = self.problem.width
        # per variable (cells the facts make equal share one, shown alike): not shown as "<5"
        self.gaps = [False] * (max(self.var) + 1 if self.var else 0)
        for v, (r, c) in zip(self.var, cells, strict=True):
            self.gaps[v] = not small[c][r]
        self.rules = table.rules
        self.truth = _truth(table, cells, self.var, self.gaps, self.problem)
        # values each "<5" variable was seen to take in a solution (witnesses of protection)
        self.seen: dict[int, set[int]] = {v: set() for v, gap in enumerate(self.gaps)
                                          if not gap}
        self.solver = highs.Program(self.problem, SOLVE_NODES, SOLVE_SECONDS)
        if self.truth is not None:
            self._witness(self.truth)

    def spread(self) -> None:
        """Two solutions that push every "<5" cell of the group down, then up: they witness
        other values for many cells at once, so few need a check of their own."""
        if self.truth is None or len(self.seen) < 2:
            return
        for sense in (1, -1):
            objective = np.zeros(self.width)
            objective[list(self.seen)] = sense
            self._solve(objective, gap=1.0)  # any good solution

    def _witness(self, x) -> None:
        for k, values in self.seen.items():
            values.add(round(x[k]))

    def near_truth(self, k: int) -> bool | None:
        """Whether "<5" cell K keeps at least ``protection`` feasible values: the values
        witnessed by solutions found so far, then the untried values nearest its true one (a
        few feasibility checks instead of two optimisations). None if the true values are not
        a solution of this program (a table whose labels do not match its counts): then only
        the extremes tell."""
        if self.truth is None:
            return None
        low, high = int(self.problem.lower[k]), int(self.problem.upper[k])
        true = int(self.truth[k])
        for value in sorted(range(low, high + 1), key=lambda v: (abs(v - true), v)):
            if len(self.seen[k]) >= self.rules.protection:
                return True
            if value not in self.seen[k]:
                self.feasible(k, value)
        return len(self.seen[k]) >= self.rules.protection

    def _solve(self, objective, fix: tuple[int, int] | None = None,
               gap: float = highs.DEFAULT_GAP) -> highs.Fit:
        """HiGHS on the program (variable FIX[0] held at FIX[1]), for at most SOLVE_NODES
        branch-and-bound nodes (the same answer on every machine) and SOLVE_SECONDS: a hard
        instance must not stall the build. A point found in time is a solution, optimal or
        not; the callers read anything unproven in the direction that hides more."""
        fit = self.solver.solve(objective, fix, gap)
        if fit.x is not None and self.truth is not None:
            self._witness(fit.x)
        return fit

    def extreme(self, k: int, sense: int) -> int:
        """Smallest (SENSE 1) or largest (-1) feasible value of cell K. At the time limit,
        the best value found so far (or the true one): an interval no wider than the real
        one, so a cell is never thought safer than it is."""
        objective = np.zeros(self.width)
        objective[k] = sense
        fit = self._solve(objective)
        if fit.x is not None:
            return round(fit.x[k])
        if fit.limited and self.truth is not None:
            return int(self.truth[k])
        # the true values are always feasible: a modelling error
        raise DisclosureError(f"the attacker model has no solution ({fit.message})")

    def feasible(self, k: int, value: int) -> bool:
        """Whether cell K can take VALUE; not proven in time counts as no (hides more)."""
        if not self.problem.lower[k] <= value <= self.problem.upper[k]:
            return False  # its own bounds (a published denominator, say) rule it out
        return self._solve(np.zeros(self.width), fix=(k, value)).x is not None

    def count(self, k: int, low: int, high: int) -> int:
        """How many values cell K can take in [LOW, HIGH], counted up to the protection: the
        ends are feasible; values between are tried (other cells' gaps can exclude some)."""
        found = 2 if high > low else 1
        for value in range(low + 1, high):
            if found >= self.rules.protection:
                break
            if self.gaps[k] and 1 <= value < self.rules.min_count:
                continue
            found += self.feasible(k, value)
        return found


# Limits per HiGHS call; the audit's answers stay on the safe side beyond them. The node limit
# is what binds (no call of a 3 % or a 100 % registry comes near it): it does not depend on
# the machine, so a rebuild publishes the same table; the time limit is the last resort.
SOLVE_NODES = 20_000
SOLVE_SECONDS = 60.0


def _truth(table: Table, cells, var: list[int], gaps: list[bool],
           problem: highs.Problem) -> np.ndarray | None:
    """The true values of the program's variables, if they satisfy it (they always do for a
    table labelled from its own counts)."""
    values = [-1] * len(gaps)
    for (r, c), v in zip(cells, var, strict=True):
        if values[v] not in (-1, int(table.values[c][r])):
            return None  # cells made equal whose counts differ
        values[v] = int(table.values[c][r])
    binaries = [int(x >= table.rules.min_count) for x, gap in zip(values, gaps, strict=True)
                if gap]
    x = np.array(values + binaries, dtype=float)
    return x if len(x) == problem.width and problem.holds(x) else None


def tied(table: Table, small: dict[str, np.ndarray], cells) -> list[int]:
    """The program's variable of each of CELLS: cells that a fact says are equal (a count a
    table repeats on several rows, ``same:``) and that are shown alike share one, so the
    program is smaller and each is audited once. Numbered in order of first cell."""
    position = {cell: k for k, cell in enumerate(cells)}
    parent = list(range(len(cells)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for fact in table.facts_about(cells):
        if fact.value != 0 or len(fact.terms) != 2 or fact.terms[0][2] != -fact.terms[1][2]:
            continue
        a, b = (position.get((r, c)) for r, c, _ in fact.terms)
        if a is not None and b is not None and small[cells[a][1]][cells[a][0]] \
                == small[cells[b][1]][cells[b][0]]:
            parent[root(b)] = root(a)
    numbering: dict[int, int] = {}
    return [numbering.setdefault(root(k), len(numbering)) for k in range(len(cells))]


def _equations(terms: Terms, variable: np.ndarray, width: int, counts: np.ndarray):
    """The equations of TERMS that hold any hidden cell (VARIABLE of each cell, -1 for a
    published one), in their order, with the published cells moved right: (equation,
    variable, coefficient) of each entry, equations numbered from 0, and the right-hand
    sides. Equations left with nothing to say (cells made equal on both sides) are dropped."""
    at = variable[terms.cell]
    touched = np.unique(terms.number[at >= 0])
    pick = np.isin(terms.number, touched)
    number = np.searchsorted(touched, terms.number[pick])
    v, a, cell = at[pick], terms.coefficient[pick], terms.cell[pick]
    shown = v < 0
    rhs = terms.value[touched].astype(float)
    np.add.at(rhs, number[shown], -a[shown] * counts[cell[shown]])
    key, inverse = np.unique(number[~shown] * width + v[~shown], return_inverse=True)
    coefficient = np.bincount(inverse, weights=a[~shown], minlength=len(key))
    said = coefficient != 0
    key, coefficient = key[said], coefficient[said]
    kept = np.unique(key // width)
    return np.searchsorted(kept, key // width), key % width, coefficient, rhs[kept]


def program(table: Table, small: dict[str, np.ndarray], cells):
    """The integer program of one group: variables are the hidden CELLS (one for cells made
    equal, see ``tied``), then one binary per variable not shown as "<5" (0, or at least
    min_count). Returns the program and the variable of each cell."""
    rules, values = table.rules, table.values
    var = tied(table, small, cells)
    index = {cell: var[k] for k, cell in enumerate(cells)}
    n = max(var) + 1 if var else 0
    gaps = np.array(sorted({var[k] for k, (r, c) in enumerate(cells) if not small[c][r]}),
                    dtype=np.int64)
    width = n + len(gaps)
    big = table.cap
    lower, upper = np.zeros(width), np.full(width, float(big))
    lower[n:], upper[n:] = 0, 1
    for cell in cells:
        k = index[cell]
        if small[cell[1]][cell[0]]:
            lower[k], upper[k] = max(lower[k], 1), min(upper[k], rules.min_count - 1)
        if cell[1] == table.denominator:  # the published rule says which side of the minimum
            if table.unreliable[cell[0]]:
                upper[k] = min(upper[k], rules.min_denominator - 1)
            else:
                lower[k] = max(lower[k], rules.min_denominator)
    # not "<5": 0, or at least min_count (x - big * b <= 0 and x - min_count * b >= 0)
    binary = n + np.arange(len(gaps))
    rows = np.repeat(np.arange(2 * len(gaps)), 2)
    columns = np.stack([gaps, binary, gaps, binary], axis=1).ravel()
    entries = np.tile([1.0, -big, 1.0, -rules.min_count], len(gaps))
    lo = list(np.tile([-np.inf, 0.0], len(gaps)))
    hi = list(np.tile([0.0, np.inf], len(gaps)))
    parts = [(rows, columns, entries)]

    def add(coefficients: dict[int, float], low: float, high: float):
        coefficients = {k: a for k, a in coefficients.items() if a}
        if coefficients:  # else cells made equal on both sides: nothing left to say
            parts.append((np.full(len(coefficients), len(lo)), np.array(list(coefficients)),
                          np.array(list(coefficients.values()), dtype=float)))
            lo.append(low)
            hi.append(high)

    variable = np.full(len(table.counts), -1, dtype=np.int64)
    for (r, c), v in index.items():
        variable[table.flat(r, c)] = v
    for terms in (table.sums, table.known):
        numbers, sums, coefficients, rhs = _equations(terms, variable, width, table.counts)
        parts.append((numbers + len(lo), sums, coefficients))
        lo += list(rhs)
        hi += list(rhs)
    for count, den in table.pairs():
        for r in sorted({cell[0] for cell in cells}):
            a, b = (r, count) in index, (r, den) in index
            if a and b:  # count - denominator <= 0
                difference = {index[(r, count)]: 1.0}
                difference[index[(r, den)]] = difference.get(index[(r, den)], 0.0) - 1.0
                add(difference, -np.inf, 0)
            elif a:
                upper[index[(r, count)]] = min(upper[index[(r, count)]], values[den][r])
            elif b:
                lower[index[(r, den)]] = max(lower[index[(r, den)]], values[count][r])
    matrix = csr_array((np.concatenate([p[2] for p in parts]),
                        (np.concatenate([p[0] for p in parts]),
                         np.concatenate([p[1] for p in parts]))), shape=(len(lo), width))
    return highs.Problem(lower, upper, matrix, np.array(lo, dtype=float),
                         np.array(hi, dtype=float)), var

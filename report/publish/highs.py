"""One integer program in HiGHS (highspy), passed once and solved again and again with another
objective or with one variable fixed: the attacker model asks each program of a group of hidden
cells dozens of questions, and handing the whole program over for each (scipy's ``milp``) cost
more than some of the solves.

HiGHS 1.16 is required: the HiGHS inside scipy 1.17 wrongly reports some of these programs
infeasible once a variable is fixed (its presolve), which made the audit think a hidden count
less protected than it is and hide more than needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import highspy
import numpy as np
from scipy.sparse import csc_array, csr_array

_STATUS = highspy.HighsModelStatus
LIMITS = (_STATUS.kTimeLimit, _STATUS.kSolutionLimit, _STATUS.kIterationLimit,
          _STATUS.kInterrupt)
FEASIBLE_POINT = 2  # HiGHS's kSolutionStatusFeasible
DEFAULT_GAP = 1e-4  # HiGHS's own mip_rel_gap


class Problem(NamedTuple):
    """row_lower <= matrix x <= row_upper, lower <= x <= upper, x integer."""

    lower: np.ndarray
    upper: np.ndarray
    matrix: csr_array
    row_lower: np.ndarray
    row_upper: np.ndarray

    @property
    def width(self) -> int:
        return len(self.lower)

    def holds(self, x: np.ndarray, tolerance: float = 1e-9) -> bool:
        """Whether X satisfies the bounds and the rows."""
        ax = self.matrix @ x
        return bool((self.lower <= x).all() and (x <= self.upper).all()
                    and (self.row_lower - tolerance <= ax).all()
                    and (ax <= self.row_upper + tolerance).all())


@dataclass(frozen=True)
class Fit:
    """What a solve found: a feasible point (X) or none, and whether a limit stopped it."""

    x: np.ndarray | None
    limited: bool
    message: str


class Program:
    """A PROBLEM in HiGHS, to minimise c.x over, for as many objectives c as asked."""

    def __init__(self, problem: Problem, nodes: int, seconds: float) -> None:
        self.width = problem.width
        self.lower, self.upper = problem.lower, problem.upper
        self.columns = np.arange(self.width, dtype=np.int32)
        # the plain binding: highspy.Highs adds callbacks (and prints a banner) we do not use
        self.highs = highspy._Highs()
        for option, value in (("output_flag", False), ("mip_max_nodes", nodes),
                              ("time_limit", seconds), ("mip_rel_gap", DEFAULT_GAP)):
            self.highs.setOptionValue(option, value)
        self.gap = DEFAULT_GAP
        self.highs.passModel(self._lp(problem))

    def _lp(self, problem: Problem) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = self.width
        lp.col_cost_ = np.zeros(self.width)
        lp.col_lower_, lp.col_upper_ = self.lower, self.upper
        if problem.matrix.shape[0]:
            a = csc_array(problem.matrix)
            a.sort_indices()
            lp.num_row_ = a.shape[0]
            lp.row_lower_, lp.row_upper_ = problem.row_lower, problem.row_upper
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = a.indptr
            lp.a_matrix_.index_ = a.indices
            lp.a_matrix_.value_ = a.data
        lp.integrality_ = [highspy.HighsVarType.kInteger] * self.width
        return lp

    def solve(self, objective: np.ndarray, fix: tuple[int, int] | None = None,
              gap: float = DEFAULT_GAP) -> Fit:
        """Minimise OBJECTIVE, with variable FIX[0] held at FIX[1] if given, within a
        relative GAP of the optimum."""
        highs = self.highs
        highs.changeColsCost(self.width, self.columns, np.asarray(objective, float))
        if gap != self.gap:
            highs.setOptionValue("mip_rel_gap", gap)
            self.gap = gap
        if fix is not None:
            highs.changeColBounds(fix[0], float(fix[1]), float(fix[1]))
        try:
            highs.run()
            status = highs.getModelStatus()
            point = highs.getInfo().primal_solution_status == FEASIBLE_POINT
            x = np.array(highs.getSolution().col_value) if point else None
        finally:
            if fix is not None:
                highs.changeColBounds(fix[0], self.lower[fix[0]], self.upper[fix[0]])
        usable = status == _STATUS.kOptimal or status in LIMITS
        return Fit(x if usable else None, status in LIMITS, highs.modelStatusToString(status))

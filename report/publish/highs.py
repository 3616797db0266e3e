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

import highspy
import numpy as np
from scipy.sparse import csc_array

_STATUS = highspy.HighsModelStatus
LIMITS = (_STATUS.kTimeLimit, _STATUS.kSolutionLimit, _STATUS.kIterationLimit,
          _STATUS.kInterrupt)
FEASIBLE_POINT = 2  # HiGHS's kSolutionStatusFeasible
DEFAULT_GAP = 1e-4  # HiGHS's own mip_rel_gap


@dataclass(frozen=True)
class Fit:
    """What a solve found: a feasible point (X) or none, and whether a limit stopped it."""

    x: np.ndarray | None
    limited: bool
    message: str


class Program:
    """min c.x subject to row_lower <= A x <= row_upper, lower <= x <= upper, x integer."""

    def __init__(self, lower: np.ndarray, upper: np.ndarray, matrix, row_lower, row_upper,
                 nodes: int, seconds: float) -> None:
        self.width = len(lower)
        self.lower, self.upper = np.asarray(lower, float), np.asarray(upper, float)
        self.columns = np.arange(self.width, dtype=np.int32)
        # the plain binding: highspy.Highs adds callbacks (and prints a banner) we do not use
        self.highs = highspy._Highs()
        for option, value in (("output_flag", False), ("mip_max_nodes", nodes),
                              ("time_limit", seconds), ("mip_rel_gap", DEFAULT_GAP)):
            self.highs.setOptionValue(option, value)
        self.gap = DEFAULT_GAP
        self.highs.passModel(self._lp(matrix, row_lower, row_upper))

    def _lp(self, matrix, row_lower, row_upper) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = self.width
        lp.col_cost_ = np.zeros(self.width)
        lp.col_lower_, lp.col_upper_ = self.lower, self.upper
        if matrix is not None and matrix.shape[0]:
            a = csc_array(matrix)
            a.sort_indices()
            lp.num_row_ = a.shape[0]
            lp.row_lower_ = np.asarray(row_lower, float)
            lp.row_upper_ = np.asarray(row_upper, float)
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

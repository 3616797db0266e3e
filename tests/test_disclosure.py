"""Disclosure control: hand-worked tables, then properties on random hierarchies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from report.publish.disclosure import (
    COUNT_UNDER_MIN,
    DENOMINATOR_UNDER_MIN,
    SECONDARY,
    Constraint,
    Rules,
    Suppression,
    label,
    labels,
    protect,
    recoverable,
)

RULES = Rules()


def run(frame, constraints, counts=("n",), denominator=None):
    return protect(
        frame, counts=list(counts), denominator=denominator, constraints=constraints, rules=RULES
    )


def hidden_rows(protected, column):
    return [int(k) for k in np.flatnonzero(protected.hidden[column].to_numpy())]


# --- hand-worked examples -------------------------------------------------------------------

REGION = Constraint(0, (1, 2, 3))


def test_small_count_shows_as_under_five_and_hides_smallest_positive_sibling():
    frame = pd.DataFrame({"n": [20, 3, 10, 7]}, index=["region", "a", "b", "c"])
    result = run(frame, [REGION])
    assert hidden_rows(result, "n") == [1, 3]
    assert result.log == (
        Suppression(1, "n", COUNT_UNDER_MIN),
        Suppression(3, "n", SECONDARY),
    )
    assert labels(frame, result, RULES)["n"].tolist() == ["20", "<5", "10", None]
    assert result.rule.tolist() == [None, COUNT_UNDER_MIN, None, SECONDARY]


def test_small_denominator_hides_whole_row_and_a_sibling_denominator():
    frame = pd.DataFrame({"n": [33, 6, 12, 15], "d": [58, 8, 20, 30]})
    result = run(frame, [REGION], counts=["n"], denominator="d")
    assert list(result.hidden.columns) == ["n", "d"]
    assert hidden_rows(result, "d") == [1, 2]
    assert hidden_rows(result, "n") == [1, 2]
    assert result.rule.tolist() == [None, DENOMINATOR_UNDER_MIN, SECONDARY, None]
    assert labels(frame, result, RULES).iloc[1].tolist() == [None, None]


def test_zero_cells_stay_published_and_are_not_chosen_as_secondary():
    frame = pd.DataFrame({"n": [32, 3, 0, 9, 20]})
    result = run(frame, [Constraint(0, (1, 2, 3, 4))])
    assert hidden_rows(result, "n") == [1, 3]
    assert run(pd.DataFrame({"n": [12, 0, 0, 12]}), [REGION]).log == ()


def test_small_count_in_unit_with_small_denominator_is_blank_not_under_five():
    frame = pd.DataFrame({"n": [3], "d": [8]})
    result = run(frame, [], denominator="d")
    assert result.rule.tolist() == [DENOMINATOR_UNDER_MIN]
    assert labels(frame, result, RULES).iloc[0].tolist() == [None, None]


def test_suppression_propagates_up_the_hierarchy():
    # nation=R1+R2, R1=T1+T2, R2=T3, T1=H1+H2+H3, T2=H4+H5, T3=H6
    names = ["N", "R1", "R2", "T1", "T2", "T3", "H1", "H2", "H3", "H4", "H5", "H6"]
    n = [88, 38, 50, 8, 30, 50, 4, 4, 0, 10, 20, 50]
    constraints = [
        Constraint(0, (1, 2)),
        Constraint(1, (3, 4)),
        Constraint(2, (5,)),
        Constraint(3, (6, 7, 8)),
        Constraint(4, (9, 10)),
        Constraint(5, (11,)),
    ]
    result = run(pd.DataFrame({"n": n}, index=names), constraints)
    # H1 and H2 are "<5" and sum to 8 = 4 + 4: the trust total would give both away, so it is
    # hidden; the trust then stands alone in its region, and its sibling trust alone in its own.
    hidden = [names[k] for k in hidden_rows(result, "n")]
    assert hidden == ["T1", "T2", "H1", "H2", "H4"]


def test_units_by_years_with_totals_hide_a_closed_rectangle():
    units, years = ["A", "B", "C", "R"], [2023, 2024, "all"]
    values = {"A": [3, 10], "B": [6, 7], "C": [20, 25]}
    values["R"] = [sum(v[k] for v in values.values()) for k in range(2)]
    rows = [(u, y) for u in units for y in years]
    n = [values[u][k] if k < 2 else sum(values[u]) for u in units for k in range(3)]
    frame = pd.DataFrame({"n": n}, index=pd.MultiIndex.from_tuples(rows))
    at = {row: k for k, row in enumerate(rows)}
    constraints = [Constraint(at[("R", y)], tuple(at[(u, y)] for u in "ABC")) for y in years]
    constraints += [Constraint(at[(u, "all")], (at[(u, 2023)], at[(u, 2024)])) for u in units]
    result = run(frame, constraints)
    hidden = [rows[k] for k in hidden_rows(result, "n")]
    assert hidden == [("A", 2023), ("A", 2024), ("B", 2023), ("B", 2024)]


def test_label_shows_counts_under_five_and_blanks():
    assert label(12, False, None, RULES) == "12"
    assert label(0, False, None, RULES) == "0"
    assert label(3, True, COUNT_UNDER_MIN, RULES) == "<5"
    assert label(7, True, COUNT_UNDER_MIN, RULES) is None
    assert label(3, True, DENOMINATOR_UNDER_MIN, RULES) is None
    assert label(3, True, COUNT_UNDER_MIN, Rules(min_count=3)) is None


def test_recoverable_finds_a_lone_hidden_cell_and_not_a_hidden_pair():
    constraints = [REGION]
    values = np.array([20, 3, 10, 7])
    assert recoverable(values, np.array([0, 1, 0, 0], bool), constraints).tolist() == [
        False,
        True,
        False,
        False,
    ]
    assert not recoverable(values, np.array([0, 1, 0, 1], bool), constraints).any()


def test_recoverable_uses_the_attackers_bounds():
    values, hidden = np.array([8, 4, 4]), np.array([0, 1, 1], bool)
    lower, upper = np.array([0, 1, 1]), np.array([np.inf, 4, 4])
    constraints = [Constraint(0, (1, 2))]
    assert not recoverable(values, hidden, constraints).any()
    assert recoverable(values, hidden, constraints, lower, upper).tolist() == [False, True, True]


@pytest.mark.parametrize(
    ("frame", "kwargs", "error"),
    [
        (pd.DataFrame({"n": [1]}), {"counts": ["m"]}, KeyError),
        (pd.DataFrame({"n": [-1]}), {"counts": ["n"]}, ValueError),
        (pd.DataFrame({"n": [1.5]}), {"counts": ["n"]}, ValueError),
        (
            pd.DataFrame({"n": [1]}),
            {"counts": ["n"], "constraints": [Constraint(0, (1,))]},
            IndexError,
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(frame, kwargs, error):
    kwargs = {"denominator": None, "constraints": [], "rules": RULES} | kwargs
    with pytest.raises(error, match="protect"):
        protect(frame, **kwargs)


def test_error_messages_do_not_contain_values():
    with pytest.raises(ValueError) as raised:
        run(pd.DataFrame({"n": [10, -3]}), [])
    assert "-3" not in str(raised.value)


# --- random tables --------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 12), st.integers(0, 30), st.integers(13, 80))


@st.composite
def tables(draw):
    """Nation -> 1-3 regions -> 1-3 trusts -> 1-4 hospitals, optionally by year with a
    multi-year total per unit. Returns (frame, constraints)."""
    tree: dict[str, list[str]] = {"N": []}
    for r in range(draw(st.integers(1, 3))):
        tree["N"].append(region := f"R{r}")
        tree[region] = []
        for t in range(draw(st.integers(1, 3))):
            tree[region].append(trust := f"{region}T{t}")
            tree[trust] = [f"{trust}H{h}" for h in range(draw(st.integers(1, 4)))]
    units = list(tree) + [h for trust in tree.values() for h in trust if h not in tree]
    n_years = draw(st.integers(0, 2))
    periods = ["all"] + list(range(n_years))
    rows = [(u, p) for u in units for p in periods]
    at = {row: k for k, row in enumerate(rows)}
    numbers: dict[tuple, tuple[int, int]] = {}
    for unit in reversed(units):  # leaves first, then their parents
        for period in periods[1:] or periods:
            if unit in tree:
                parts = [numbers[(child, period)] for child in tree[unit]]
                numbers[(unit, period)] = tuple(map(sum, zip(*parts, strict=True)))
            else:
                d = draw(counts)
                numbers[(unit, period)] = (draw(st.integers(0, d)), d)
        if n_years:
            by_year = [numbers[(unit, p)] for p in periods[1:]]
            numbers[(unit, "all")] = tuple(map(sum, zip(*by_year, strict=True)))
    frame = pd.DataFrame([numbers[row] for row in rows], columns=["n", "d"])
    constraints = [
        Constraint(at[(unit, p)], tuple(at[(child, p)] for child in children))
        for unit, children in tree.items()
        for p in periods
    ]
    if n_years:
        constraints += [
            Constraint(at[(u, "all")], tuple(at[(u, p)] for p in periods[1:])) for u in units
        ]
    return frame, constraints


def protect_table(frame, constraints):
    return protect(frame, counts=["n"], denominator="d", constraints=constraints, rules=RULES)


def lp_range(values, hidden, small, constraints, cell):
    """Min and max of one hidden cell over everything an attacker knows (continuous LP)."""
    unknown = np.flatnonzero(hidden)
    position = {int(c): k for k, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    for constraint in constraints:
        row, rhs = np.zeros(len(unknown)), 0.0
        for c, sign in zip(constraint.cells, [1] + [-1] * len(constraint.parts), strict=True):
            if c in position:
                row[position[c]] += sign
            else:
                rhs -= sign * values[c]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = [(1, RULES.min_count - 1) if small[c] else (0, None) for c in unknown]
    objective = np.zeros(len(unknown))
    objective[position[cell]] = 1
    ends = []
    for sense in (1, -1):
        fit = linprog(sense * objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert fit.status in (0, 3), fit.message  # 3: unbounded, i.e. clearly not determined
        ends.append(np.inf if fit.status == 3 else sense * fit.fun)
    return ends[0], ends[1]


def shown(frame, result):
    return labels(frame, result, RULES)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(tables())
def test_no_published_count_is_between_one_and_four(table):
    frame, constraints = table
    result = protect_table(frame, constraints)
    for column in ("n", "d"):
        published = frame[column][~result.hidden[column]]
        assert not published.between(1, RULES.min_count - 1).any()


@FAST
@given(tables())
def test_no_count_is_published_for_a_unit_with_small_denominator(table):
    frame, constraints = table
    result = protect_table(frame, constraints)
    small = frame["d"] < RULES.min_denominator
    assert result.hidden[small].all(axis=None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_hidden_cell_can_be_recovered(table):
    frame, constraints = table
    result = protect_table(frame, constraints)
    text = shown(frame, result)
    for column in ("n", "d"):
        values = frame[column].to_numpy()
        hidden = result.hidden[column].to_numpy()
        small = (text[column] == f"<{RULES.min_count}").to_numpy()
        assert not recoverable(values, hidden, constraints).any()
        for cell in np.flatnonzero(hidden):
            low, high = lp_range(values, hidden, small, constraints, cell)
            assert low < high - 1e-6, (column, int(cell), low, high)


@FAST
@given(tables())
def test_same_input_gives_same_output(table):
    frame, constraints = table
    first, second = protect_table(frame, constraints), protect_table(frame, constraints)
    pd.testing.assert_frame_equal(first.hidden, second.hidden)
    pd.testing.assert_series_equal(first.rule, second.rule)
    assert first.log == second.log

"""Disclosure control: the two rules on hand-worked tables, the attacker model on the leaks the
registry found, and random tables checked against an independent brute-force attacker."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from report.publish.disclosure import (
    COUNT_UNDER_MIN,
    DENOMINATOR_UNDER_MIN,
    SECONDARY,
    Constraint,
    DisclosureError,
    Rules,
    Suppression,
    Table,
    audit,
    protect,
)
from report.publish.suppress import _cell_label

RULES = Rules()  # min_count 5, min_denominator 10, protection 3
REGION = Constraint(0, (1, 2, 3))


def run(frame, constraints, counts=("n",), denominator=None, confidential=True):
    return protect(frame, counts=list(counts), denominator=denominator,
                   constraints=constraints, rules=RULES, confidential=confidential)


def hidden_rows(protected, column):
    return [int(k) for k in np.flatnonzero(protected.hidden[column].to_numpy())]


def published_labels(frame, protected, column):
    """What production writes for each cell (suppress._cell_label)."""
    why = {(s.row, s.column): s.rule for s in protected.log}
    return [_cell_label(v, h, why.get((i, column)), RULES)
            for i, (v, h) in enumerate(zip(frame[column], protected.hidden[column],
                                           strict=True))]


# --- the two rules --------------------------------------------------------------------------

def test_a_small_count_shows_as_under_five_and_a_sibling_is_hidden_with_it():
    frame = pd.DataFrame({"n": [20, 3, 10, 7]})
    result = run(frame, [REGION])
    assert hidden_rows(result, "n") == [1, 3]
    assert result.log == (Suppression(1, "n", COUNT_UNDER_MIN), Suppression(3, "n", SECONDARY))
    assert published_labels(frame, result, "n") == ["20", "<5", "10", None]


def test_zero_cells_stay_published_and_are_chosen_last():
    frame = pd.DataFrame({"n": [32, 3, 0, 9, 20]})
    assert hidden_rows(run(frame, [Constraint(0, (1, 2, 3, 4))]), "n") == [1, 3]
    assert run(pd.DataFrame({"n": [12, 0, 0, 12]}), [REGION]).log == ()


def test_reliability_hides_no_count_and_nothing_to_protect_it():
    """Indicators: a unit under the minimum denominator is flagged for 'no rate', its counts
    stay published whatever the numerator, and no other unit is touched."""
    frame = pd.DataFrame({"n": [33, 2, 12, 19], "d": [58, 8, 20, 30]})
    result = run(frame, [REGION], denominator="d", confidential=False)
    assert not result.hidden.to_numpy().any()
    assert result.unreliable.tolist() == [False, True, False, False]
    assert result.rule.tolist() == [None, DENOMINATOR_UNDER_MIN, None, None]


def test_a_confidential_table_keeps_its_rates_rule_and_its_counts_rule_apart():
    frame = pd.DataFrame({"n": [33, 3, 12, 18], "d": [58, 8, 20, 30]})
    result = run(frame, [REGION], denominator="d")
    assert result.rule.iloc[1] == DENOMINATOR_UNDER_MIN  # the first rule in the row
    assert result.hidden.at[1, "n"]
    assert not audit(result.table, {c: result.hidden[c].to_numpy() for c in ("n", "d")})


# --- the leaks the registry found, as the model now sees them -------------------------------

def table(values, constraints, denominator=None, unreliable=None):
    values = {k: np.array(v) for k, v in values.items()}
    rows = len(next(iter(values.values())))
    return Table(values, tuple(constraints), denominator,
                 np.zeros(rows, bool) if unreliable is None else np.array(unreliable), RULES)


def test_a_secondary_cell_is_known_not_to_be_one_to_four():
    """cases_by_age 2020, men: total 31, published cells 25; the hidden 60-69 cell reads
    'secondary', so it is not 1-4: it is 5 and the '<5' cell is 1. Both are exposed."""
    t = table({"n": [31, 25, 5, 1]}, [Constraint(0, (1, 2, 3))])
    hidden = {"n": np.array([False, False, True, True])}
    weak = dict(audit(t, hidden, lambda c: np.array([False, False, False, True])))
    assert weak == {(3, "n"): (1, 1)}  # and the 60-69 cell is pinned at 5


def test_the_published_rule_is_information():
    """Trust 7/18 published; both hospitals' numerators '<5' and their denominators hidden
    with the rule 'denominator under 10': each denominator is at most 9, so both are 9 (the
    finding in single_operation_dcis 2017), and the numerators, summing to 7, are 3 or 4."""
    t = table({"n": [7, 3, 4], "d": [18, 9, 9]}, [Constraint(0, (1, 2))], "d",
              unreliable=[False, True, True])
    hidden = {"n": np.array([False, True, True]), "d": np.array([False, True, True])}
    weak = dict(audit(t, hidden, lambda c: np.array([False, True, True]) if c == "n"
                      else np.zeros(3, bool)))
    assert weak == {(1, "n"): (3, 4), (2, "n"): (3, 4)}


def test_only_counts_under_five_are_secret():
    """A hidden count that is 0 or at least 5 could be published: narrowing it is no
    disclosure, so the audit does not ask for its protection."""
    t = table({"n": [31, 25, 6]}, [Constraint(0, (1, 2))])
    hidden = {"n": np.array([False, False, True])}
    assert audit(t, hidden, lambda c: np.zeros(3, bool)) == []


def test_a_numerator_is_pinned_by_its_denominator():
    """R = 30/38, A = <5/12, B = hidden/26: B's numerator is at most 26 and the region's 30
    forces it to 26, and A's to 4."""
    t = table({"n": [30, 4, 26], "d": [38, 12, 26]}, [Constraint(0, (1, 2))], "d")
    hidden = {"n": np.array([False, True, True]), "d": np.zeros(3, bool)}
    weak = dict(audit(t, hidden, lambda c: np.array([False, True, False]) if c == "n"
                      else np.zeros(3, bool)))
    assert weak == {(1, "n"): (4, 4)}  # (and B's, not secret in itself, at 26)


def test_a_published_numerator_bounds_its_hidden_denominator():
    """Denominators 13 and 17 hidden under a published 30, numerators 12 and 17 published:
    the first denominator is 12 or 13; a '<5' count of 3 beside it (n2 <= d1 - n1 + ...)
    is then 1 or 2."""
    t = table({"n": [29, 12, 17], "d": [30, 13, 17], "m": [3, 1, 2]},
              [Constraint(0, (1, 2))], "d")
    hidden = {"n": np.zeros(3, bool), "d": np.array([False, True, True]),
              "m": np.array([False, True, True])}
    small = {"n": np.zeros(3, bool), "d": np.zeros(3, bool), "m": np.array([False, True, True])}
    weak = dict(audit(t, hidden, lambda c: small[c]))
    assert weak == {(1, "m"): (1, 2), (2, "m"): (1, 2)}


def test_protect_leaves_none_of_those_exposed():
    for frame, constraints, denominator in (
            (pd.DataFrame({"n": [31, 25, 5, 1]}), [Constraint(0, (1, 2, 3))], None),
            (pd.DataFrame({"n": [30, 4, 26], "d": [38, 12, 26]}), [Constraint(0, (1, 2))],
             "d"),
            (pd.DataFrame({"n": [15, 7, 8], "d": [18, 9, 9]}), [Constraint(0, (1, 2))],
             "d")):
        result = run(frame, constraints, denominator=denominator)
        hidden = {c: result.hidden[c].to_numpy() for c in result.hidden}
        assert not audit(result.table, hidden)


def test_a_count_that_nothing_can_protect_fails_naming_its_position():
    # four '<5' parts under a '<5' total: each part is at least 1, so all are 1 and the total
    # is 4, with nothing left to hide
    with pytest.raises(DisclosureError, match=r"row \d, column 'n'") as raised:
        run(pd.DataFrame({"n": [4, 1, 1, 1, 1]}), [Constraint(0, (1, 2, 3, 4))])
    assert "row" in str(raised.value) and "value" not in str(raised.value)


def test_a_count_as_protected_as_it_can_be_is_accepted():
    # three '<5' parts under a '<5' total of 3: each is 1 or 2 at worst, everything is
    # hidden, and none is pinned: the build goes on
    result = run(pd.DataFrame({"n": [3, 1, 1, 1, 0]}), [Constraint(0, (1, 2, 3, 4))])
    assert result.hidden["n"].all()


@pytest.mark.parametrize(
    ("frame", "kwargs", "error"),
    [
        (pd.DataFrame({"n": [1]}), {"counts": ["m"]}, KeyError),
        (pd.DataFrame({"n": [-1]}), {"counts": ["n"]}, ValueError),
        (pd.DataFrame({"n": [1.5]}), {"counts": ["n"]}, ValueError),
        (pd.DataFrame({"n": [1]}), {"counts": ["n"], "constraints": [Constraint(0, (1,))]},
         IndexError),
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


# --- random tables against a brute-force attacker -------------------------------------------

LIMIT = 30  # the oracle enumerates every hidden count from 0 to LIMIT


def oracle(frame, constraints, denominator, result) -> dict[tuple[int, str], set[int]]:
    """Every value each hidden count can take, by trying every assignment of the hidden cells
    against what is published: cells, '<5' labels (from production's labeller), the rule of
    each row, numerator <= denominator, the constraints. Independent of the model's code."""
    columns = list(result.hidden.columns)
    label = {c: published_labels(frame, result, c) for c in columns}
    cells = [(r, c) for c in columns for r in np.flatnonzero(result.hidden[c].to_numpy())]
    small = [label[c][r] == f"<{RULES.min_count}" for r, c in cells]
    ranges = [range(1, RULES.min_count) if s else
              [0, *range(RULES.min_count, LIMIT + 1)] for s in small]
    rule = result.rule.tolist()
    seen = {cell: set() for cell in cells}
    for guess in itertools.product(*ranges):
        value = {c: frame[c].to_numpy().copy() for c in columns}
        for (r, c), v in zip(cells, guess, strict=True):
            value[c][r] = v
        ok = all(value[c][k.total] == sum(value[c][p] for p in k.parts)
                 for c in columns for k in constraints)
        if ok and denominator:
            d = value[denominator]
            ok = all((value[c] <= d).all() for c in columns) and all(
                (d[r] < RULES.min_denominator) == (rule[r] == DENOMINATOR_UNDER_MIN)
                for r in range(len(d)))
        if ok:
            for cell, v in zip(cells, guess, strict=True):
                seen[cell].add(v)
    return seen


@st.composite
def small_tables(draw):
    """A total and 2-3 parts, maybe one part split again; counts 0-12, maybe with a
    denominator at least the count. At most four cells get hidden in practice."""
    parts = draw(st.lists(st.integers(0, 12), min_size=2, max_size=3))
    split = draw(st.booleans())
    n = [sum(parts), *parts]
    constraints = [Constraint(0, tuple(range(1, len(parts) + 1)))]
    if split:
        a = draw(st.integers(0, parts[0]))
        n += [a, parts[0] - a]
        constraints.append(Constraint(1, (len(n) - 2, len(n) - 1)))
    frame = pd.DataFrame({"n": n})
    denominator = None
    if draw(st.booleans()):
        extra = [draw(st.integers(0, 6)) for _ in n]
        d = np.array(n) + np.array(extra)
        for k in reversed(constraints):  # totals stay totals, the deepest first
            d[k.total] = sum(d[p] for p in k.parts)
        frame["d"] = np.maximum(d, frame["n"])
        denominator = "d"
    return frame, constraints, denominator


SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(small_tables())
def test_no_hidden_count_can_be_narrowed_below_the_protection(case):
    frame, constraints, denominator = case
    try:
        result = run(frame, constraints, counts=["n"], denominator=denominator)
    except DisclosureError:
        return  # nothing left to hide: the build would stop (never with real hierarchies)
    if result.hidden.to_numpy().sum() > 4:
        return  # beyond the brute force
    labels = {c: published_labels(frame, result, c) for c in result.hidden.columns}
    for cell, values in oracle(frame, constraints, denominator, result).items():
        assert frame[cell[1]][cell[0]] in values  # the truth is always possible
        if labels[cell[1]][cell[0]] == f"<{RULES.min_count}":  # the secret ones
            assert len(values) >= 2, (cell, values)  # never pinned
            everything_hidden = result.hidden.to_numpy().all()
            assert len(values) >= RULES.protection or everything_hidden, (cell, values)


@SETTINGS
@given(small_tables())
def test_the_models_bounds_are_the_brute_force_bounds(case):
    """The audit's smallest and largest value of each hidden count equal the brute-force
    attacker's, so the gate fires exactly when a count is exposed."""
    frame, constraints, denominator = case
    result = run(frame, constraints, counts=["n"], denominator=denominator,
                 confidential=False)
    columns = ["n", *(["d"] if denominator else [])]
    hidden = {c: np.zeros(len(frame), bool) for c in columns}
    for r in range(1, len(frame), 2):  # hide every other row's count, whatever it is
        hidden["n"][r] = True
    if hidden["n"].sum() > 4:
        return
    t = result.table
    small = {c: hidden[c] & (t.values[c] >= 1) & (t.values[c] < RULES.min_count)
             for c in columns}
    bounds = dict(audit(t, hidden, lambda c: small[c]))
    fake = pd.DataFrame({c: pd.Series(hidden[c]) for c in columns})
    rows_rule = result.rule.tolist()
    log = tuple(Suppression(r, c, COUNT_UNDER_MIN if small[c][r] else SECONDARY)
                for c in columns for r in np.flatnonzero(hidden[c]))
    shown = type(result)(hidden=fake, rule=pd.Series(rows_rule), log=log,
                         unreliable=result.unreliable, table=t)
    for cell, values in oracle(frame, constraints, denominator, shown).items():
        if max(values) == LIMIT or not small[cell[1]][cell[0]]:
            continue
        possible = len(values)
        if possible < RULES.protection:
            assert bounds[cell] == (min(values), max(values)), cell
        else:
            assert cell not in bounds, cell


@SETTINGS
@given(small_tables())
def test_same_input_gives_same_output(case):
    frame, constraints, denominator = case
    try:
        first = run(frame, constraints, denominator=denominator)
        second = run(frame, constraints, denominator=denominator)
    except DisclosureError:
        return
    pd.testing.assert_frame_equal(first.hidden, second.hidden)
    assert first.log == second.log


@SETTINGS
@given(small_tables())
def test_the_model_finds_exactly_the_values_a_small_count_can_take(case):
    """Holding a "<5" count at each of 1..4, the solver finds a solution exactly when the
    brute-force attacker does (scipy 1.17's HiGHS called some of these infeasible). Every
    other row's count is hidden, protected or not, so many counts are narrowed."""
    from report.publish import disclosure
    from report.publish.attacker import Model

    frame, constraints, denominator = case
    result = run(frame, constraints, counts=["n"], denominator=denominator,
                 confidential=False)
    columns = ["n", *(["d"] if denominator else [])]
    hidden = {c: np.zeros(len(frame), bool) for c in columns}
    hidden["n"][1::2] = True
    if hidden["n"].sum() > 4:
        return  # beyond the brute force
    t = result.table
    small = {c: hidden[c] & (t.values[c] >= 1) & (t.values[c] < RULES.min_count)
             for c in columns}
    log = tuple(Suppression(r, c, COUNT_UNDER_MIN if small[c][r] else SECONDARY)
                for c in columns for r in np.flatnonzero(hidden[c]))
    shown = type(result)(hidden=pd.DataFrame({c: pd.Series(hidden[c]) for c in columns}),
                         rule=result.rule, log=log, unreliable=result.unreliable, table=t)
    possible = oracle(frame, constraints, denominator, shown)
    for cells in disclosure._components(t, hidden):
        model = Model(t, small, cells)
        for k, (r, c) in enumerate(cells):
            if small[c][r]:
                found = {v for v in range(1, RULES.min_count) if model.feasible(model.var[k], v)}
                assert found == possible[(r, c)], (r, c)


@st.composite
def two_level_tables(draw):
    """A nation of 2-4 regions of 2-4 hospitals, counts 0-9, maybe a denominator: more cells
    than the brute force can try, and several rounds of secondary hiding."""
    n, constraints, regions = [0], [], []
    for _ in range(draw(st.integers(2, 4))):
        hospitals = draw(st.lists(st.integers(0, 9), min_size=2, max_size=4))
        region = len(n)
        n += [sum(hospitals), *hospitals]
        constraints.append(Constraint(region, tuple(range(region + 1, len(n)))))
        regions.append(region)
    n[0] = sum(n[r] for r in regions)
    constraints.insert(0, Constraint(0, tuple(regions)))
    frame = pd.DataFrame({"n": n})
    denominator = None
    if draw(st.booleans()):
        d = np.array(n) + np.array([draw(st.integers(0, 6)) for _ in n])
        for k in reversed(constraints):
            d[k.total] = sum(d[p] for p in k.parts)
        frame["d"] = d
        denominator = "d"
    return frame, constraints, denominator


def repeated(frame, constraints, denominator):
    """FRAME twice (two variables of the same units), its count repeated: the second copy's
    count equals the first's row for row, as a `same:` table's cases do. Returns the frame
    and the rest of protect's arguments."""
    twice = pd.concat([frame, frame], ignore_index=True)
    shift = len(frame)
    both = [*constraints, *(Constraint(k.total + shift, tuple(p + shift for p in k.parts))
                            for k in constraints)]
    ties = [("n", (r, r + shift)) for r in range(shift)]
    return twice, dict(counts=["n"], denominator=denominator, constraints=both, rules=RULES,
                       ties=ties)


@SETTINGS
@given(st.one_of(small_tables(), two_level_tables()))
def test_a_repeated_count_is_one_variable_and_hides_what_its_copies_would(case):
    """Cells a fact makes equal share one variable of the attacker's program; the table
    comes out as when every copy is a variable of its own."""
    from unittest import mock

    from report.publish import attacker, disclosure

    frame, kwargs = repeated(*case)
    try:
        shared = protect(frame, **kwargs)
    except DisclosureError:
        return
    small = {c: shared.hidden[c].to_numpy() & (frame[c].to_numpy() >= 1)
             & (frame[c].to_numpy() < RULES.min_count) for c in shared.hidden.columns}
    for cells in disclosure._components(shared.table, {c: shared.hidden[c].to_numpy()
                                                      for c in shared.hidden.columns}):
        copies = sum(small["n"][r] for r, c in cells if c == "n")
        if copies:
            variables = attacker.tied(shared.table, small, cells)
            assert max(variables) + 1 <= len(cells) - copies // 2
    with mock.patch.object(attacker, "tied", lambda table, small, cells: list(range(len(cells)))):
        apart = protect(frame, **kwargs)
    pd.testing.assert_frame_equal(shared.hidden, apart.hidden)
    assert shared.log == apart.log


# a table whose "<5" counts need several rounds of secondary hiding
SEVERAL_ROUNDS = (pd.DataFrame({"n": [43, 24, 8, 2, 5, 9, 19, 9, 1, 9]}),
                  [Constraint(0, (1, 6)), Constraint(1, (2, 3, 4, 5)), Constraint(6, (7, 8, 9))],
                  None)


@SETTINGS
@given(st.one_of(small_tables(), two_level_tables()))
@example(SEVERAL_ROUNDS)
def test_what_earlier_rounds_learnt_changes_no_decision(case):
    """Values seen in earlier rounds' solutions are not checked again (hiding more never
    rules a value out); forgetting them hides exactly the same cells."""
    from unittest import mock

    from report.publish import disclosure

    class Nothing(dict):
        def __setitem__(self, key, value):
            pass

    class NoCell(set):
        def add(self, cell):
            pass

    real = disclosure.Learnt

    def forgetful():
        return real(safe=NoCell(), seen=Nothing())

    frame, kwargs = repeated(*case)
    try:
        learning = protect(frame, **kwargs)
    except DisclosureError:
        return
    with mock.patch.object(disclosure, "Learnt", forgetful):
        forgetting = protect(frame, **kwargs)
    pd.testing.assert_frame_equal(learning.hidden, forgetting.hidden)
    assert learning.log == forgetting.log


def test_every_small_count_stays_protected_at_a_tenth_of_the_volume(tenth):
    """The whole query layer on a synthetic registry at 10 % of the national volume (small
    hospitals, small years): the build's audit passes for every result (computing it would
    have raised otherwise), and every '<5' count is in the suppression log."""
    _, result_set = tenth
    hidden = sum(len(p.log) for p in result_set.published.values())
    small = sum(int(p.labels[c].eq("<5").sum()) for p in result_set.published.values()
                for c in p.labels.columns)
    assert small > 50 and hidden > small


def test_every_small_count_stays_protected_at_three_percent_of_the_volume(tmp_path):
    """A registry at 3 % of the national volume, where most hospital cells are small: the
    audit passes for every result and most published counts are still shown."""
    from report import synth
    from report.compute import results

    synth.generate(tmp_path / "ds", seed=2025, scale=0.03)
    result_set = results.compute(tmp_path / "ds")  # the audit raises if any is exposed
    labels = pd.concat([p.labels[c] for p in result_set.published.values()
                        for c in p.labels.columns], ignore_index=True)
    small, shown = int(labels.eq("<5").sum()), int(labels.str.isdigit().fillna(False).sum())
    assert small > 500 and shown > len(labels) / 2


# --- a solver that runs out of time -----------------------------------------------------------

def test_a_solve_stopped_at_the_time_limit_with_a_point_gives_the_same_table(monkeypatch):
    """HiGHS's best point at the time limit is a solution like any other."""
    from report.publish import highs

    frame = pd.DataFrame({"n": [40, 3, 10, 7, 20]})
    constraints = [Constraint(0, (1, 2, 3, 4))]
    normal = run(frame, constraints)
    real = highs.Program.solve

    def at_limit(self, *args, **kwargs):
        fit = real(self, *args, **kwargs)
        return highs.Fit(fit.x, True, "time limit reached")

    monkeypatch.setattr(highs.Program, "solve", at_limit)
    limited = run(frame, constraints)
    pd.testing.assert_frame_equal(normal.hidden, limited.hidden)


def test_a_solve_that_finds_nothing_in_time_never_publishes_more(monkeypatch):
    """Nothing proven counts against publishing: the table hides at least what it hides when
    every solve finishes, or the build stops."""
    from report.publish import highs

    frame = pd.DataFrame({"n": [40, 3, 10, 7, 20]})
    constraints = [Constraint(0, (1, 2, 3, 4))]
    normal = run(frame, constraints)
    monkeypatch.setattr(highs.Program, "solve", lambda *a, **k: highs.Fit(
        None, True, "time limit reached"))
    try:
        limited = run(frame, constraints)
    except DisclosureError:
        return
    assert (limited.hidden.to_numpy() >= normal.hidden.to_numpy()).all()
    assert limited.hidden.to_numpy().sum() > normal.hidden.to_numpy().sum()

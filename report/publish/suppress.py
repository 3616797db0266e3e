"""Disclosure control applied to a result: build its additive constraints, decide what is
hidden (report.disclosure), and make the published frame in which no hidden value survives.

This is the one place where suppression happens; everything written or shown afterwards is
built from the frames returned here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from report.compute.registry import Disclosure
from report.publish import disclosure
from report.publish.disclosure import Constraint, Rules

UNIT = ("unit_level", "unit_id")


@dataclass(frozen=True)
class Published:
    frame: pd.DataFrame  # counts as nullable integers, hidden values as missing
    labels: pd.DataFrame  # the same counts as text for CSV: '4197', '<5' or empty
    log: tuple[dict, ...]  # one entry per hidden cell: keys, column, rule; never a value


def _parent_of(tree: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str]]:
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    for row in tree.itertuples(index=False):
        parent[("hospital", row.hospital_id)] = ("trust", row.trust_id)
        parent[("trust", row.trust_id)] = ("region", row.region_id)
        parent[("region", row.region_id)] = ("nation", "norway")
    return parent


def hierarchy_constraints(frame: pd.DataFrame, keys: list[str],
                          tree: pd.DataFrame) -> list[Constraint]:
    """Parent unit = sum of its child units, within each combination of the other keys."""
    parent = _parent_of(tree)
    others = [k for k in keys if k not in UNIT]
    constraints = []
    for _, group in frame.groupby(others, sort=True) if others else [(None, frame)]:
        position = {(r.unit_level, r.unit_id): i for i, r in
                    zip(group.index, group[list(UNIT)].itertuples(index=False), strict=True)}
        children: dict[int, list[int]] = {}
        for unit, row in position.items():
            up = parent.get(unit)
            if up in position:
                children.setdefault(position[up], []).append(row)
        constraints += [Constraint(total, tuple(sorted(parts)))
                        for total, parts in sorted(children.items())]
    return constraints


def margin_constraints(frame: pd.DataFrame, keys: list[str], column: str,
                       total: str) -> list[Constraint]:
    """The row whose COLUMN is TOTAL = sum of the other rows, within the other keys."""
    others = [k for k in keys if k != column]
    constraints = []
    for _, group in frame.groupby(others, sort=True) if others else [(None, frame)]:
        is_total = group[column].astype(str) == total
        if is_total.sum() == 1 and (~is_total).any():
            constraints.append(Constraint(int(group.index[is_total][0]),
                                          tuple(int(i) for i in group.index[~is_total])))
    return constraints


def constraints_for(frame: pd.DataFrame, keys: list[str], spec: Disclosure,
                    tree: pd.DataFrame) -> list[Constraint]:
    found = []
    if spec.hierarchy == "hospitals":
        found += hierarchy_constraints(frame, keys, tree)
    elif spec.hierarchy is not None:
        raise ValueError(f"unknown hierarchy {spec.hierarchy!r}; known: hospitals")
    for column, total in spec.margins:
        found += margin_constraints(frame, keys, column, total)
    return found


def _cell_label(value, hidden: bool, rule: str | None, rules: Rules) -> str | None:
    if not hidden:
        return str(int(value))
    if rule == disclosure.COUNT_UNDER_MIN:
        return f"<{rules.min_count}"
    return None


def publish(frame: pd.DataFrame, keys: list[str], spec: Disclosure, rules: Rules,
            tree: pd.DataFrame, derived: dict[str, tuple[str, ...]]) -> Published:
    """Hide what must be hidden in FRAME (with derived columns already computed)."""
    frame = frame.reset_index(drop=True)
    protected = disclosure.protect(
        frame, counts=list(spec.counts), denominator=spec.denominator,
        constraints=constraints_for(frame, keys, spec, tree), rules=rules)
    cell_rule = {(s.row, s.column): s.rule for s in protected.log}
    hidden = protected.hidden
    out = frame.copy()
    labels = pd.DataFrame(index=frame.index)
    for column in hidden.columns:
        labels[column] = [_cell_label(v, h, cell_rule.get((i, column)), rules)
                          for i, (v, h) in enumerate(zip(frame[column], hidden[column],
                                                         strict=True))]
        out[column] = frame[column].astype("Int64").mask(hidden[column])
    for column, sources in derived.items():
        gone = hidden[list(sources)].any(axis=1) if sources else False
        out[column] = out[column].mask(gone)
    if spec.denominator:
        for column in spec.hide_with_denominator:
            out[column] = out[column].mask(hidden[spec.denominator])
    out["suppressed"] = hidden.any(axis=1)
    out["suppression_rule"] = protected.rule.where(out["suppressed"], None)
    log = tuple({**{k: frame.at[s.row, k] for k in keys}, "column": s.column, "rule": s.rule}
                for s in protected.log)
    return Published(frame=out, labels=labels, log=log)

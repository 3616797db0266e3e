"""Disclosure control applied to results: build their additive constraints, decide what is
hidden (report.publish.disclosure), and make the published frames in which no hidden value
survives. Results that publish the same counts (declared as `links:` in their YAML: a county
table sums to the region table, which sums to the national one; the 'all ages' row of cases by
age is the invasive row of new cases) are protected together, as one table.

This is the one place where suppression happens; everything written or shown afterwards is
built from the frames returned here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from report.compute.registry import CatalogueError, Disclosure, Link
from report.publish import disclosure
from report.publish.disclosure import Constraint, Protected, Rules

UNIT = ("unit_level", "unit_id")


@dataclass(frozen=True)
class Published:
    frame: pd.DataFrame  # counts as nullable integers, hidden values as missing
    labels: pd.DataFrame  # the same counts as text for CSV: '4197', '<5' or empty
    log: tuple[dict, ...]  # one entry per hidden cell: keys, column, rule; never a value


@dataclass(frozen=True)
class Prepared:
    """One result ready for disclosure control: its rows (derived columns computed)."""

    id: str
    frame: pd.DataFrame
    keys: list[str]
    spec: Disclosure
    rules: Rules
    derived: dict[str, tuple[str, ...]]


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


def ties_for(frame: pd.DataFrame, keys: list[str], spec: Disclosure) -> list[tuple]:
    """(column, rows) for each count the result repeats: COLUMN is the same in the rows that
    differ only in ACROSS (among the values AMONG, or all), so it is hidden in all or none."""
    ties = []
    for column, across, among in spec.same:
        others = [k for k in keys if k != across]
        rows = frame if not among else frame[frame[across].astype(str).isin(among)]
        for _, group in rows.groupby(others, sort=True):
            index = tuple(int(i) for i in group.index)
            if frame.loc[list(index), column].nunique() > 1:
                raise CatalogueError(f"{column} is declared the same across {across}, "
                                     "but is not")
            ties.append((column, index))
    return ties


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


def _matches(frame: pd.DataFrame, where: dict[str, str]) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        keep &= (frame[column].astype(str) == str(value)).to_numpy()
    return keep


def link_constraints(source: Prepared, target: Prepared, link: Link,
                     references: dict[str, pd.DataFrame],
                     offsets: dict[str, int], check: bool = True) -> list[Constraint]:
    """Each TARGET row = the sum of the SOURCE rows that map onto its keys (LINK)."""
    rows = source.frame[_matches(source.frame, link.where)].copy()
    for column, to in link.map.items():
        table = references[link.via]
        lookup = dict(zip(table[column].astype(str), table[to].astype(str), strict=True))
        rows[to] = rows[column].astype(str).map(lookup)
    shared = [k for k in target.keys if k in rows.columns and k not in link.target_where]
    parts: dict[tuple, list[int]] = {}
    for position, key in zip(rows.index, rows[shared].astype(str).itertuples(index=False),
                             strict=True):
        parts.setdefault(tuple(key), []).append(int(position))
    targets = target.frame[_matches(target.frame, link.target_where)]
    found = []
    column = link.column
    for position, key in zip(targets.index,
                             targets[shared].astype(str).itertuples(index=False), strict=True):
        members = parts.get(tuple(key), [])
        total = int(target.frame.at[position, column])
        if check and int(source.frame.loc[members, column].sum()) != total:
            raise CatalogueError(f"{source.id}: the declared link to {target.id} does not hold "
                                 f"for the row with {', '.join(shared)} = {', '.join(key)}")
        if members:
            found.append(Constraint(offsets[target.id] + int(position),
                                    tuple(offsets[source.id] + m for m in members)))
    return found


def families(prepared: list[Prepared]) -> list[list[Prepared]]:
    """Results linked to each other (directly or not), in catalogue order."""
    by_id = {p.id: p for p in prepared}
    parent = {p.id: p.id for p in prepared}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for p in prepared:
        for link in p.spec.links:
            if link.to not in by_id:
                raise CatalogueError(f"{p.id}: links to an unknown result {link.to!r}")
            parent[root(p.id)] = root(link.to)
    groups: dict[str, list[Prepared]] = {}
    for p in prepared:
        groups.setdefault(root(p.id), []).append(p)
    return list(groups.values())


def publish_all(prepared: list[Prepared], tree: pd.DataFrame,
                references: dict[str, pd.DataFrame], known=None) -> dict[str, Published]:
    """Every result published; linked results protected together. KNOWN(family) gives the
    facts an attacker knows from elsewhere about a family's counts (a previous edition)."""
    out: dict[str, Published] = {}
    for family in families(prepared):
        facts = known(family) if known is not None else []
        if len(family) == 1:
            p = family[0]
            out[p.id] = publish(p.frame, p.keys, p.spec, p.rules, tree, p.derived, p.id,
                                facts)
        else:
            out |= _publish_family(family, tree, references, facts)
    return out


def _publish_family(family: list[Prepared], tree, references,
                    facts=()) -> dict[str, Published]:
    """Linked results protected as one table, then published each as usual."""
    first = family[0]
    for p in family:
        if (p.spec.counts, p.spec.denominator, p.rules) != (first.spec.counts, None,
                                                             first.rules) \
                or not p.spec.confidential or p.spec.same:
            raise CatalogueError(f"{p.id}: linked results must be confidential, count the same "
                                 f"columns under the same rules, without a denominator or "
                                 f"repeated counts (same:)")
    counts = list(first.spec.counts)
    union = pd.concat([p.frame[counts] for p in family], ignore_index=True)
    constraints, offsets = family_constraints(family, tree, references)
    names = " + ".join(p.id for p in family)
    try:
        protected = disclosure.protect(union, counts=counts, denominator=None,
                                       constraints=constraints, rules=first.rules,
                                       facts=facts)
    except disclosure.DisclosureError as error:
        raise disclosure.DisclosureError(f"{names}: {error}") from None
    out = {p.id: _apply(p.frame, p.keys, p.spec, p.rules,
                        _slice(protected, offsets[p.id], len(p.frame)), p.derived)
           for p in family}
    small = f"<{first.rules.min_count}"
    union_labels = pd.concat([out[p.id].labels[counts] for p in family], ignore_index=True)
    _gate(protected, union_labels, small, names,
          lambda row: _where(family, offsets, row))
    return out


def family_offsets(family: list[Prepared]) -> dict[str, int]:
    """Where each result's rows start when FAMILY's rows are stacked in order."""
    offsets, start = {}, 0
    for p in family:
        offsets[p.id] = start
        start += len(p.frame)
    return offsets


def family_constraints(family: list[Prepared], tree, references,
                       check: bool = True) -> tuple[list[Constraint], dict[str, int]]:
    """The additive constraints of linked results stacked in FAMILY order, and where each
    result's rows start. With CHECK, every declared link is checked to hold."""
    offsets = family_offsets(family)
    constraints = []
    for p in family:
        constraints += [Constraint(c.total + offsets[p.id],
                                   tuple(x + offsets[p.id] for x in c.parts))
                        for c in constraints_for(p.frame, p.keys, p.spec, tree)]
    by_id = {p.id: p for p in family}
    for p in family:
        for link in p.spec.links:
            constraints += link_constraints(p, by_id[link.to], link, references, offsets,
                                            check)
    return constraints, offsets


def _where(family, offsets, row: int) -> str:
    for p in reversed(family):
        if row >= offsets[p.id]:
            r = row - offsets[p.id]
            return f"{p.id} row ({', '.join(f'{k}={p.frame.at[r, k]}' for k in p.keys)})"
    return str(row)


def _slice(protected: Protected, start: int, length: int) -> Protected:
    stop = start + length
    hidden = protected.hidden.iloc[start:stop].reset_index(drop=True)
    rule = protected.rule.iloc[start:stop].reset_index(drop=True)
    log = tuple(disclosure.Suppression(s.row - start, s.column, s.rule)
                for s in protected.log if start <= s.row < stop)
    unreliable = protected.unreliable.iloc[start:stop].reset_index(drop=True)
    return Protected(hidden=hidden, rule=rule, log=log, unreliable=unreliable, table=None)


def _cell_label(value, hidden: bool, rule: str | None, rules: Rules) -> str | None:
    if not hidden:
        return str(int(value))
    if rule == disclosure.COUNT_UNDER_MIN:
        return f"<{rules.min_count}"
    return None


def _gate(protected: Protected, labels: pd.DataFrame, small: str, name: str, where) -> None:
    """The build's check, on what is actually published: the labels as written ("<5" from
    _cell_label), the hidden cells and the rules. Fails naming the result and the cell."""
    if not protected.hidden.to_numpy().any():
        return
    weak = disclosure.unprotected(protected.table,
                            {c: protected.hidden[c].to_numpy() for c in protected.hidden},
                            lambda column: labels[column].eq(small).to_numpy())
    if weak:
        (row, column), (low, high) = weak[0]
        raise disclosure.DisclosureError(
            f"{name}: the hidden {column} in {where(row)} could be narrowed to "
            f"{high - low + 1} or fewer values; {len(weak)} hidden count(s) unprotected")


def publish(frame: pd.DataFrame, keys: list[str], spec: Disclosure, rules: Rules,
            tree: pd.DataFrame, derived: dict[str, tuple[str, ...]],
            name: str = "result", facts=()) -> Published:
    """Hide what must be hidden in FRAME (with derived columns already computed): counts by
    the confidentiality rule (for confidential results), rates by the reliability rule."""
    frame = frame.reset_index(drop=True)
    try:
        protected = disclosure.protect(
            frame, counts=list(spec.counts), denominator=spec.denominator,
            constraints=constraints_for(frame, keys, spec, tree), rules=rules,
            confidential=spec.confidential, ties=ties_for(frame, keys, spec),
            facts=facts if spec.confidential else ())
    except disclosure.DisclosureError as error:
        raise disclosure.DisclosureError(f"{name}: {error}") from None
    published = _apply(frame, keys, spec, rules, protected, derived)
    _gate(protected, published.labels, f"<{rules.min_count}", name,
          lambda row: "row (" + ", ".join(f"{k}={frame.at[row, k]}" for k in keys) + ")")
    return published


def _apply(frame: pd.DataFrame, keys: list[str], spec: Disclosure, rules: Rules,
           protected: Protected, derived: dict[str, tuple[str, ...]]) -> Published:
    """The published frame, labels and log for the decisions in PROTECTED."""
    frame = frame.reset_index(drop=True)
    cell_rule = {(s.row, s.column): s.rule for s in protected.log}
    hidden = protected.hidden
    unreliable = protected.unreliable.to_numpy()
    out = frame.copy()
    labels = pd.DataFrame(index=frame.index)
    for column in hidden.columns:
        labels[column] = [_cell_label(v, h, cell_rule.get((i, column)), rules)
                          for i, (v, h) in enumerate(zip(frame[column], hidden[column],
                                                         strict=True))]
        out[column] = frame[column].astype("Int64").mask(hidden[column].to_numpy())
    for column, sources in derived.items():
        gone = hidden[list(sources)].any(axis=1).to_numpy() if sources else False
        if spec.denominator and spec.denominator in sources:
            gone = gone | unreliable  # a rate on too few is not shown (reliability)
        out[column] = out[column].mask(gone)
    if spec.denominator:
        for column in spec.hide_with_denominator:
            out[column] = out[column].mask(hidden[spec.denominator].to_numpy() | unreliable)
    out["suppressed"] = hidden.any(axis=1).to_numpy() | unreliable
    out["suppression_rule"] = protected.rule.where(out["suppressed"], None)
    log = tuple({**{k: frame.at[s.row, k] for k in keys}, "column": s.column, "rule": s.rule}
                for s in protected.log)
    rates = [c for c, sources in derived.items()
             if spec.denominator and spec.denominator in sources]
    rates += [c for c in spec.hide_with_denominator if spec.denominator]
    log += tuple({**{k: frame.at[int(r), k] for k in keys}, "column": column,
                  "rule": disclosure.DENOMINATOR_UNDER_MIN}
                 for r in map(int, unreliable.nonzero()[0]) for column in rates)
    return Published(frame=out, labels=labels, log=log)

"""Generic data tests on every result, as dbt runs them on every model: declared keys are
unique, counts are never negative, no count exceeds its denominator, a parent unit is the sum
of its children where the definition declares the hospital hierarchy, and a declared total
row is the sum of its categories. Run on the committed dataset, before disclosure control
(the relations hold exactly there) and after it (wherever every cell involved is published).
The parent of each unit is read from the reference CSVs, not from the code under test."""

from __future__ import annotations

import pandas as pd
import pytest

from report import paths
from report.compute import registry, results
from report.ingest import extracts

CATALOGUE = registry.catalogue()
HIERARCHY = [q for q in CATALOGUE.queries if q.disclosure.hierarchy == "hospitals"]
MARGINS = [(q, column, total) for q in CATALOGUE.queries for column, total in q.disclosure.margins]
UNIT = ["unit_level", "unit_id"]


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    """Every query's rows as the SQL returns them, before anything is hidden."""
    settings = registry.settings()
    dataset = extracts.locate(None)
    con = extracts.load(dataset)
    try:
        follow_up = results.prepare(con, CATALOGUE, settings, dataset.follow_up)
        year = results.report_year(con, dataset, None)
        cache: dict = {}
        return {q.id: results.rows(con, q, settings, year, follow_up, cache)
                for q in CATALOGUE.queries}
    finally:
        con.close()


@pytest.fixture(scope="module")
def published() -> dict[str, pd.DataFrame]:
    result_set = results.compute(None)
    return {q: p.frame for q, p in result_set.published.items()}


@pytest.fixture(scope="module")
def parent() -> dict[tuple[str, str], tuple[str, str]]:
    reference = paths.DEFAULT_REFERENCE
    hospitals = pd.read_csv(reference / "hospitals.csv", dtype=str)
    trusts = pd.read_csv(reference / "trusts.csv", dtype=str)
    up = {("hospital", h): ("trust", t) for h, t in zip(hospitals.hospital_id,
                                                         hospitals.trust_id, strict=True)}
    up |= {("trust", t): ("region", r) for t, r in zip(trusts.trust_id, trusts.region_id,
                                                         strict=True)}
    up |= {("region", r): ("nation", "norway") for r in trusts.region_id}
    return up


def _counts(query) -> list[str]:
    return list(dict.fromkeys([*query.disclosure.counts,
                               *([query.disclosure.denominator]
                                 if query.disclosure.denominator else [])]))


def _both(raw, published, query_id):
    return [("before disclosure control", raw[query_id]),
            ("published", published[query_id])]


IDS = [q.id for q in CATALOGUE.queries]


def _keys(query, stage: str) -> list[str]:
    """The declared keys; age standardisation folds the age groups away when published."""
    folded = (query.derive.get("standardise") or {}).get("age_group")
    return [k for k in query.keys if not (stage == "published" and k == folded)]


@pytest.mark.parametrize("query", CATALOGUE.queries, ids=IDS)
def test_declared_keys_are_unique(raw, published, query):
    for stage, frame in _both(raw, published, query.id):
        assert len(frame) > 0, f"{query.id}: no rows {stage}"
        keys = _keys(query, stage)
        duplicated = frame[frame.duplicated(keys, keep=False)]
        assert duplicated.empty, f"{query.id} {stage}: repeated keys {keys}"


@pytest.mark.parametrize("query", CATALOGUE.queries, ids=IDS)
def test_no_count_is_negative(raw, published, query):
    for stage, frame in _both(raw, published, query.id):
        for column in _counts(query):
            values = pd.to_numeric(frame[column], errors="coerce").dropna()
            assert (values >= 0).all(), f"{query.id} {stage}: negative {column}"


@pytest.mark.parametrize("query", [q for q in CATALOGUE.queries if q.disclosure.denominator],
                         ids=lambda q: q.id)
def test_no_count_exceeds_its_denominator(raw, published, query):
    denominator = query.disclosure.denominator
    for stage, frame in _both(raw, published, query.id):
        for column in query.disclosure.counts:
            if column == denominator:
                continue
            both = frame[[column, denominator]].apply(pd.to_numeric, errors="coerce").dropna()
            over = both[both[column] > both[denominator]]
            assert over.empty, f"{query.id} {stage}: {column} > {denominator} in {len(over)} rows"


def _sums(frame: pd.DataFrame, query, parent, column: str) -> list[tuple]:
    """(group, parent unit, parent value, sum of children, children) for every parent with
    children in FRAME, within each combination of the other keys."""
    others = [k for k in query.keys if k not in UNIT]
    found = []
    for group, rows in frame.groupby(others, sort=True) if others else [((), frame)]:
        values = {(r.unit_level, r.unit_id): getattr(r, column)
                  for r in rows.itertuples(index=False)}
        children: dict[tuple, list] = {}
        for unit, value in values.items():
            if parent.get(unit) in values:
                children.setdefault(parent[unit], []).append(value)
        found += [(group, unit, values[unit], kids) for unit, kids in children.items()]
    return found


@pytest.mark.parametrize("query", HIERARCHY + list(CATALOGUE.indicators),
                         ids=lambda q: q.id)
def test_a_parent_unit_is_the_sum_of_its_children(raw, published, parent, query):
    assert query.disclosure.hierarchy == "hospitals"
    checked = 0
    for stage, frame in _both(raw, published, query.id):
        for column in _counts(query):
            for group, unit, total, kids in _sums(frame, query, parent, column):
                if pd.isna(total) or any(pd.isna(k) for k in kids):
                    assert stage == "published", f"{query.id}: missing {column} {stage}"
                    continue  # a hidden cell: the relation is checked before hiding
                checked += 1
                assert total == sum(kids), (f"{query.id} {stage} {group} {unit}: {column} "
                                            f"{total} != sum of children {sum(kids)}")
    assert checked > 0


@pytest.mark.parametrize("query, column, total", MARGINS,
                         ids=[f"{q.id}-{c}" for q, c, _ in MARGINS])
def test_a_declared_total_row_is_the_sum_of_its_categories(raw, published, query, column,
                                                           total):
    others = [k for k in query.keys if k != column]
    checked = 0
    for stage, frame in _both(raw, published, query.id):
        for count in query.disclosure.counts:
            for group, rows in frame.groupby(others, sort=True):
                is_total = rows[column].astype(str) == total
                if is_total.sum() != 1:
                    continue
                parts = rows.loc[~is_total, count]
                whole = rows.loc[is_total, count].iloc[0]
                if pd.isna(whole) or parts.isna().any():
                    assert stage == "published", f"{query.id}: missing {count} {stage}"
                    continue
                checked += 1
                assert whole == parts.sum(), f"{query.id} {stage} {group}: {count}"
    assert checked > 0

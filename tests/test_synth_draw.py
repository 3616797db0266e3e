"""The generator's fast drawing and sorting helpers give what the plain numpy versions give,
and long tables are written one row group at a time into the file a single write makes."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from report.synth.draw import coded_intercepts, intercepts, lexorder, quota, random_order
from report.synth.output import ROW_GROUP, labels, write


class Draws:
    """Stands in for a numpy Generator whose random() returns chosen values."""

    def __init__(self, values: np.ndarray):
        self.values = np.asarray(values, dtype=float)

    def random(self, n: int) -> np.ndarray:
        assert n == len(self.values)
        return self.values


def stable_quota(u: np.ndarray, group: np.ndarray, share: np.ndarray) -> np.ndarray:
    """The selection by definition: in each group the members with the smallest
    group + u, ties in index order."""
    take = np.round(share * np.bincount(group, minlength=len(share))).astype(int)
    chosen = np.zeros(len(group), dtype=bool)
    for g in range(len(share)):
        members = np.flatnonzero(group == g)
        order = members[np.argsort((g + u)[members], kind="stable")]
        chosen[order[:take[g]]] = True
    return chosen


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 300), groups=st.integers(1, 6),
       ties=st.booleans())
def test_quota_takes_the_smallest_keys_of_each_group_ties_in_index_order(seed, n, groups, ties):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, n)
    share = rng.random(groups)
    u = rng.random(n)
    if ties:  # few distinct draws, so thresholds fall on ties
        u = np.floor(u * 4) / 4
    assert np.array_equal(quota(Draws(u), group, share), stable_quota(u, group, share))


def test_quota_keeps_a_key_that_rounds_up_into_the_next_group_in_its_own_group():
    group = np.array([3, 3, 4, 4])
    u = np.array([1 - 2**-53, 0.5, 0.0, 0.7])  # 3 + (1 - 2**-53) rounds to 4.0
    chosen = quota(Draws(u), group, np.array([0, 0, 0, 0.5, 0.5]))
    assert chosen.tolist() == [False, True, True, False]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 400), spans=st.lists(
    st.sampled_from([1, 2, 3, 50, 2**20, 2**40]), min_size=1, max_size=4))
def test_lexorder_orders_like_lexsort(seed, n, spans):
    rng = np.random.default_rng(seed)
    keys = [rng.integers(-span // 2, span - span // 2, n) for span in spans]
    keys.append(rng.random(n) < 0.5)
    assert np.array_equal(lexorder(*keys), np.lexsort(keys))


def test_lexorder_falls_back_when_keys_do_not_fit_in_64_bits():
    rng = np.random.default_rng(1)
    keys = [rng.integers(0, 2**40, 1000), rng.integers(0, 2**40, 1000), rng.random(1000) < 0.5]
    assert np.array_equal(lexorder(*keys), np.lexsort(keys))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 400), days=st.integers(1, 70_000),
       repeats=st.booleans())
def test_random_order_orders_by_day_then_draw_like_lexsort(seed, n, days, repeats):
    rng = np.random.default_rng(seed)
    day = 15_000 + rng.integers(0, days, n)
    u = rng.random(n)
    if repeats:
        u = np.floor(u * 3) / 3
    assert np.array_equal(random_order(day, u), np.lexsort((u, day)))


def test_coded_intercepts_equal_intercepts_of_the_expanded_predictor():
    rng = np.random.default_rng(5)
    values = rng.standard_normal(9)
    codes = rng.integers(0, 8, 5000)  # the last value is never used
    group = rng.integers(0, 4, 5000)
    target = np.array([0.2, 0.5, 0.8, 0.95])
    assert np.array_equal(coded_intercepts(values, codes, group, target),
                          intercepts(values[codes], group, target))


def test_a_long_table_is_written_in_row_groups_into_the_same_file(tmp_path):
    n = ROW_GROUP + 1234
    rows = {"x": np.arange(n, dtype=np.int64), "y": np.arange(n) % 7}

    def build(start, part):
        return pa.table({"id": pa.array(start + np.arange(len(part["x"]))),
                         "x": pa.array(part["x"]), "y": pa.array(part["y"].astype(np.int32))})

    write(build, (rows,), tmp_path / "parts.parquet")
    pq.write_table(build(0, rows), tmp_path / "whole.parquet", compression="zstd",
                   compression_level=9, row_group_size=ROW_GROUP, use_dictionary=True,
                   write_statistics=True, store_schema=False)
    assert (tmp_path / "parts.parquet").read_bytes() == (tmp_path / "whole.parquet").read_bytes()
    assert pq.ParquetFile(tmp_path / "parts.parquet").metadata.num_row_groups == 2


def test_segments_are_written_as_one_table_across_a_row_group_boundary(tmp_path):
    first, second = ROW_GROUP - 10, 25
    rows = {"x": np.arange(first + second, dtype=np.int64)}
    segments = [{"x": rows["x"][:first]}, {"x": rows["x"][first:]}]

    def build(start, part):
        return pa.table({"id": pa.array(start + np.arange(len(part["x"]))),
                         "x": pa.array(part["x"])})

    write(build, (segments,), tmp_path / "segments.parquet")
    write(build, (rows,), tmp_path / "whole.parquet")
    table = pq.read_table(tmp_path / "segments.parquet")
    assert table["x"].to_numpy().tolist() == rows["x"].tolist()
    assert table["id"].to_numpy().tolist() == list(range(first + second))
    assert (tmp_path / "segments.parquet").read_bytes() == (
        tmp_path / "whole.parquet").read_bytes()


def test_labels_read_back_as_plain_strings(tmp_path):
    def build(start, part):
        return pa.table({"stage": labels(part["code"], ("0", "I", "II"), part["code"] == 1)})

    write(build, ({"code": np.array([0, 1, 2, 2])},), tmp_path / "labels.parquet")
    table = pq.read_table(tmp_path / "labels.parquet")
    assert table.schema.field("stage").type == pa.string()
    assert table["stage"].to_pylist() == ["0", None, "II", "II"]

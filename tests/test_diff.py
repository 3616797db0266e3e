"""`nbcr-report diff OLD NEW`: two editions whose datasets differ by a few late-registered
tumours differ in exactly the cells a plain pandas comparison of their published tables
finds, and the count of new cases in the tumours' year went up by the tumours added."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from report.cli import main
from report.publish import diff
from report.publish.verify import EXTRA_KEYS

LATE_YEAR, LATE = 2022, 3


def add_late_tumours(dataset, year: int, count: int) -> int:
    """Copy COUNT first invasive breast cancers in women diagnosed in YEAR as new patients
    (late registrations: no forms, no treatment); return how many were added."""
    extracts = dataset / "extracts"
    patients = pq.read_table(extracts / "patients.parquet")
    tumours = pq.read_table(extracts / "tumours.parquet")
    p, t = patients.to_pandas(), tumours.to_pandas()
    women = p.loc[p.sex == "f", "patient_id"]
    chosen = t[(pd.to_datetime(t.diagnosis_date).dt.year == year) & t.invasive
               & t.first_breast_cancer & t.patient_id.isin(women)].head(count).copy()
    new_ids = {old: f"p9{i:06d}" for i, old in enumerate(chosen.patient_id, start=1)}
    new_patients = p[p.patient_id.isin(new_ids)].copy()
    new_patients["patient_id"] = new_patients.patient_id.map(new_ids)
    chosen["patient_id"] = chosen.patient_id.map(new_ids)
    chosen["tumour_id"] = [f"t9{i:06d}" for i in range(1, len(chosen) + 1)]
    for name, table, rows in (("patients", patients, new_patients),
                              ("tumours", tumours, chosen)):
        extra = pa.Table.from_pandas(rows, schema=table.schema, preserve_index=False)
        pq.write_table(pa.concat_tables([table, extra]), extracts / f"{name}.parquet")
    return len(chosen)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    from report import synth
    from report.compute import results
    from report.publish import outputs

    base = tmp_path_factory.mktemp("editions")
    synth.generate(base / "old", seed=2025, scale=0.1)
    shutil.copytree(base / "old", base / "new")
    added = add_late_tumours(base / "new", LATE_YEAR, LATE)
    old = outputs.write(results.compute(base / "old"), base / "old_site")
    new = outputs.write(results.compute(base / "new"), base / "new_site")
    return old, new, added


def keys_of(stem: str) -> tuple[str, ...]:
    from report.compute import registry

    return {**EXTRA_KEYS, **{q.id: q.keys for q in registry.catalogue().tables}}.get(stem, ())


def expected_changes(old_dir, new_dir) -> set[tuple]:
    """Every changed cell, added and removed row, by aligning each pair of CSV files on
    their key columns with pandas."""
    found = set()
    for path in sorted(old_dir.glob("*.csv")):
        a = pd.read_csv(path, dtype=str, keep_default_na=False)
        b = pd.read_csv(new_dir / path.name, dtype=str, keep_default_na=False)
        keys = [k for k in keys_of(path.stem) if k in a.columns]
        if not keys or a.duplicated(keys).any() or b.duplicated(keys).any():
            keys = list(a.columns)
        a, b = a.set_index(keys), b.set_index(keys)
        common = a.index.intersection(b.index)
        x, y = a.loc[common], b.loc[common, a.columns]
        rows, cols = np.nonzero((x != y).to_numpy())
        index = [i if isinstance(i, tuple) else (i,) for i in common]
        found |= {(path.name, index[r], a.columns[c]) for r, c in zip(rows, cols, strict=True)}
        found |= {(path.name, i if isinstance(i, tuple) else (i,), "+")
                  for i in b.index.difference(a.index)}
        found |= {(path.name, i if isinstance(i, tuple) else (i,), "-")
                  for i in a.index.difference(b.index)}
    return found


def listed(found: diff.Diff) -> set[tuple]:
    out = set()
    for table in found.tables:
        out |= {(table.name, tuple(v for _, v in c.key), c.column) for c in table.cells}
        out |= {(table.name, tuple(v for _, v in k), "+") for k in table.added}
        out |= {(table.name, tuple(v for _, v in k), "-") for k in table.removed}
    return out


def test_the_diff_lists_exactly_the_cells_that_changed(editions):
    old, new, _ = editions
    expected = expected_changes(old, new)
    assert expected  # the late tumours changed something
    assert listed(diff.compare(old, new)) == expected


def test_new_cases_of_the_late_year_went_up_by_the_tumours_added(editions):
    old, new, added = editions
    assert added == LATE
    table = next(t for t in diff.compare(old, new).tables if t.name == "new_cases.csv")
    cells = {(dict(c.key)["year"], dict(c.key)["sex"], dict(c.key)["tumour_type"], c.column): c
             for c in table.cells}
    cell = cells[(str(LATE_YEAR), "f", "invasive", "cases")]
    assert int(cell.new) - int(cell.old) == LATE
    assert {year for year, *_ in cells} == {str(LATE_YEAR)}


def test_an_edition_compared_with_itself_has_no_changes(editions):
    old, _, _ = editions
    found = diff.compare(old, old)
    assert not found.changed
    outcome = CliRunner().invoke(main, ["diff", str(old), str(old)])
    assert outcome.exit_code == 0 and "tables unchanged" in outcome.output


def test_the_command_prints_each_changed_cell_and_exits_with_one(editions):
    old, new, _ = editions
    outcome = CliRunner().invoke(main, ["diff", str(old.parent), str(new)])
    assert outcome.exit_code == 1
    assert f"year={LATE_YEAR}, sex=f, tumour_type=invasive: cases" in outcome.output
    shown = [line for line in outcome.output.splitlines() if line.startswith("  ")]
    assert len(shown) == len(listed(diff.compare(old, new)))


def test_the_changes_page_counts_and_lists_the_changed_cells(editions):
    from report.content import changes

    old, new, _ = editions
    found = json.loads(diff.compare(old, new).to_json())
    table = changes.summary_table(found, "en").frame
    row = table[table.Table.str.contains("new_cases.csv")].iloc[0]
    new_cases = next(t for t in found["tables"] if t["name"] == "new_cases.csv")
    assert int(row["Cells revised"]) == len(new_cases["cells"])
    cells = changes.cells_table(found, "nb").frame
    mine = cells[cells.Tabell == "new_cases"]
    assert len(mine) == min(changes.SHOWN, len(new_cases["cells"]))
    assert all(str(LATE_YEAR) in row for row in mine.Rad)


def run(*args):
    return CliRunner().invoke(main, ["diff", *map(str, args)])


def test_bad_folders_are_errors_without_a_traceback(editions, tmp_path):
    old, _, _ = editions
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text("{not json", "utf-8")
    gone = tmp_path / "gone"
    shutil.copytree(old, gone)
    (gone / "volume.csv").unlink()
    (gone / "manifest.json").write_text(json.dumps(
        {**json.loads((old / "manifest.json").read_text("utf-8")),
         "outputs": {"volume.csv": {"sha256": "0", "rows": 1}}}), "utf-8")
    outside = tmp_path / "outside"
    shutil.copytree(old, outside)
    manifest = json.loads((old / "manifest.json").read_text("utf-8"))
    (outside / "manifest.json").write_text(json.dumps(
        {**manifest, "outputs": {**manifest["outputs"], "../gone/units.csv": {"sha256": "0"}}}))
    linked = tmp_path / "linked"
    shutil.copytree(old, linked)
    shutil.copy(old / "volume.csv", tmp_path / "elsewhere.csv")
    (linked / "volume.csv").unlink()
    (linked / "volume.csv").symlink_to(tmp_path / "elsewhere.csv")
    outputs = {**manifest["outputs"], "volume.csv": {"sha256": "0", "rows": 1}}
    (linked / "manifest.json").write_text(json.dumps({**manifest, "outputs": outputs}))
    for args, message in (((tmp_path / "nowhere", old), "no such folder"),
                          ((tmp_path / "empty", old), "no manifest.json"),
                          ((old, tmp_path / "broken"), "not JSON"),
                          ((gone, old), "volume.csv: listed in the manifest but missing"),
                          ((outside, outside), "manifest.json: expected outputs naming files "
                           "of its own folder; found a name with a path in it"),
                          ((linked, old), "volume.csv: expected a published file; found a "
                           "link or a special file")):
        outcome = run(*args)
        assert outcome.exit_code == 2, outcome.output
        assert message in outcome.output
        assert "Traceback" not in outcome.output


def test_build_refuses_a_previous_folder_without_a_manifest_before_computing(tmp_path):
    outcome = CliRunner().invoke(main, ["build", "--quiet", "--out", str(tmp_path / "site"),
                                        "--previous", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "no manifest.json" in outcome.output and "Traceback" not in outcome.output
    assert not (tmp_path / "site").exists()

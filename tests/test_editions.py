"""A later edition revises back years: what the previous edition published is part of what
a reader knows, and the audit keeps every '<5' count protected against both editions."""

from __future__ import annotations

import itertools

import duckdb
import numpy as np
import pandas as pd
import pytest

from report.compute.registry import Disclosure, Rules
from report.publish import disclosure, editions
from report.publish.suppress import Prepared, publish

RULES = Rules(min_count=5, min_denominator=10, protection=3)
SPEC = Disclosure(counts=("n",), margins=(("category", "all"),))
KEYS = ["year", "category"]
TREE = pd.DataFrame(columns=["hospital_id", "trust_id", "region_id"])


def edition(a, b, c):
    """One year's table: three categories and their total."""
    return pd.DataFrame({"year": 2020, "category": ["a", "b", "c", "all"],
                         "n": [a, b, c, a + b + c]})


def prepared(frame):
    return Prepared("cases", frame, KEYS, SPEC, RULES, {})


def published(frame, facts=()):
    return publish(frame, KEYS, SPEC, RULES, TREE, {}, "cases", facts)


def labels(result):
    return [None if pd.isna(x) else x for x in result.labels["n"]]


# Edition 1: a=7, b=8, c=3. Two late registrations in a make edition 2: a=9, b=8, c=3.
OLD, NEW = edition(7, 8, 3), edition(9, 8, 3)


def test_each_edition_alone_hides_the_small_count_and_its_smallest_neighbour():
    assert labels(published(OLD)) == [None, "8", "<5", "18"]
    assert labels(published(NEW)) == ["9", None, "<5", "20"]


def test_an_unchanged_published_count_becomes_a_fact_and_a_revised_sum_does_not():
    facts = editions.facts([prepared(NEW)], {"cases": published(OLD).frame}, TREE, {})
    # b = 8 was published and has not changed; a + c = 18 - 8 no longer holds (a grew)
    assert [(f.terms, f.value) for f in facts] == [(((1, "n", 1),), 8)]


def test_without_the_previous_edition_the_second_one_gives_the_small_count_away():
    facts = editions.facts([prepared(NEW)], {"cases": published(OLD).frame}, TREE, {})
    alone = published(NEW)
    table = disclosure.Table({"n": NEW["n"].to_numpy()},
                             (disclosure.Constraint(3, (0, 1, 2)),), None,
                             np.zeros(4, dtype=bool), RULES, tuple(facts))
    hidden = {"n": alone.frame["n"].isna().to_numpy()}
    small = lambda column: alone.labels[column].eq("<5").to_numpy()  # noqa: E731
    # 20 - 9 - 8 (from the first edition) = 3: pinned
    assert disclosure.unprotected(table, hidden, small) == [((2, "n"), (3, 3))]


def oracle(old_labels, new_labels, changed) -> set[int]:
    """Every value of c a reader holding both editions cannot rule out, by enumeration: the
    reader even knows which counts were revised (CHANGED); the others are the same in both."""
    def fits(values, labels):
        *parts, total = values
        if sum(parts) != total:
            return False
        for value, label in zip(values, labels, strict=True):
            if label == "<5" and not 1 <= value <= 4:
                return False
            if label is None and 1 <= value <= 4:
                return False
            if label not in (None, "<5") and value != int(label):
                return False
        return True

    possible = set()
    span = range(0, 41)
    for new in itertools.product(span, repeat=3):
        new_values = (*new, sum(new))
        if not fits(new_values, new_labels):
            continue
        old_free = [i for i in range(4) if i in changed]
        for old in itertools.product(span, repeat=len(old_free)):
            old_values = list(new_values)
            for i, v in zip(old_free, old, strict=True):
                old_values[i] = v
            if fits(tuple(old_values), old_labels):
                possible.add(new[2])
                break
    return possible


def test_with_the_previous_edition_the_small_count_keeps_three_possible_values():
    old = published(OLD)
    facts = editions.facts([prepared(NEW)], {"cases": old.frame}, TREE, {})
    new = published(NEW, facts)
    assert new.labels["n"].isna().sum() > published(NEW).labels["n"].isna().sum()
    values = oracle(labels(old), labels(new), changed={0, 3})
    assert 3 in values and len(values) >= RULES.protection
    # and the enumeration sees the leak the plain second edition has
    assert oracle(labels(old), labels(published(NEW)),
                  changed={0, 3}) == {3}


def test_a_previous_edition_that_is_not_a_published_folder_is_refused(tmp_path):
    with pytest.raises(editions.PreviousError, match="no manifest.json"):
        editions.read(tmp_path, ["cases"])


def _without_late_registrations(source, target, n):
    """A copy of dataset SOURCE without N tumours of back years and everything about them."""
    import shutil

    shutil.copytree(source, target)
    con = duckdb.connect()
    extracts = target / "extracts"
    con.execute(f"create table late as select tumour_id, patient_id from "
                f"'{extracts}/tumours.parquet' where year(diagnosis_date) between 2016 and 2022 "
                f"order by hash(tumour_id) limit {n}")
    for path in sorted(extracts.glob("*.parquet")):
        columns = [r[0] for r in con.execute(f"describe from '{path}'").fetchall()]
        if path.stem == "patients":
            keep = ("patient_id not in (select patient_id from late) or patient_id in (select "
                    f"patient_id from '{extracts}/tumours.parquet' where tumour_id not in "
                    "(select tumour_id from late))")
        elif "tumour_id" in columns:
            keep = "tumour_id not in (select tumour_id from late)"
        else:
            continue
        kept = path.with_suffix(".kept")
        con.execute(f"copy (select * from '{path}' where {keep}) to '{kept}' (format parquet)")
        kept.replace(path)


def test_two_editions_differing_by_late_registrations_pass_the_joint_audit(tenth, tmp_path):
    """At a tenth of the volume: the 2023 edition lacks 40 tumours registered later; the 2024
    edition, audited with it, hides more than it does alone and passes the build's gate
    (computing it would raise if a '<5' count could be narrowed using both editions)."""
    from report.compute import results
    from report.publish import outputs

    now, alone = tenth
    _without_late_registrations(now, tmp_path / "then", 40)
    outputs.write(results.compute(tmp_path / "then", 2023), tmp_path / "edition1")
    joint = results.compute(now, 2024, previous=tmp_path / "edition1")

    def hidden(result_set):
        return sum(len(p.log) for p in result_set.published.values())

    assert alone.year == joint.year == 2024
    assert hidden(joint) > hidden(alone)


def test_verify_rebuilds_an_edition_with_the_previous_edition_it_was_audited_with(tmp_path):
    from click.testing import CliRunner

    from report.cli import main

    run = CliRunner().invoke
    assert run(main, ["results", "--year", "2023", "--out", str(tmp_path / "e1")]).exit_code == 0
    joint = ["--previous", str(tmp_path / "e1")]
    assert run(main, ["results", *joint, "--out", str(tmp_path / "e2")]).exit_code == 0
    manifest = (tmp_path / "e2" / "data" / "manifest.json").read_text()
    assert '"report_year": 2023' in manifest  # the previous edition it was audited with

    alone = run(main, ["verify", str(tmp_path / "e2" / "data")])
    assert alone.exit_code == 2 and "audited with the edition for 2023" in alone.output
    assert "Traceback" not in alone.output
    assert run(main, ["verify", str(tmp_path / "e2" / "data"), *joint]).exit_code == 0
    other = run(main, ["verify", str(tmp_path / "e2" / "data"), "--previous",
                       str(tmp_path / "e2")])
    assert other.exit_code == 2 and "not the previous edition" in other.output


def test_a_previous_edition_folder_without_a_manifest_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from report.cli import main

    result = CliRunner().invoke(main, ["results", "--previous", str(tmp_path),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no manifest.json" in result.output
    assert "Traceback" not in result.output

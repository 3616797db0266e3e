"""Every indicator against its data fixture (tests/fixtures/indicators/<id>.yml): given extract
rows -> expected numerators and denominators. A new case adds a YAML file, no Python."""

from pathlib import Path

import pytest
import yaml
from builders import FIXTURE_REFERENCE, write_dataset

from report.compute import registry, results
from report.ingest import extracts

FIXTURES = Path(__file__).parent / "fixtures" / "indicators"
CATALOGUE = registry.catalogue()


def fixture_files():
    return sorted(FIXTURES.glob("*.yml"))


def test_every_indicator_has_a_fixture():
    assert {p.stem for p in fixture_files()} == {i.id for i in CATALOGUE.indicators}


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_indicator_counts_match_fixture(path, tmp_path):
    fixture = yaml.safe_load(path.read_text("utf-8"))
    con = extracts.load(write_dataset(tmp_path / "ds", fixture["given"]), FIXTURE_REFERENCE)
    results.prepare(con, CATALOGUE, registry.settings())
    frame = con.execute(CATALOGUE.get(fixture["indicator"]).sql).df()
    assert list(frame.columns) == ["unit_level", "unit_id", "period", "numerator",
                                   "denominator"]
    got = {(r.unit_level, r.unit_id, r.period): (r.numerator, r.denominator)
           for r in frame.itertuples()}
    for row in fixture["expected"]:
        key = (row["unit_level"], row["unit_id"], row["period"])
        assert got.get(key) == (row["numerator"], row["denominator"]), key
    nation = {k for k in got if k[0] == "nation"}
    assert nation == {(r["unit_level"], r["unit_id"], r["period"]) for r in fixture["expected"]
                      if r["unit_level"] == "nation"}

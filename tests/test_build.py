"""The build: reuse of unchanged results, and a failed build leaving the previous site as is."""

import pytest
from builders import FIXTURE_REFERENCE, valid_tables, write_dataset

from report import build
from report.ingest.problems import ValidationFailed


def test_fingerprint_follows_the_inputs_and_the_year(tmp_path):
    data = write_dataset(tmp_path / "ds", valid_tables())
    first = build.fingerprint(data, None, FIXTURE_REFERENCE)
    assert build.fingerprint(data, None, FIXTURE_REFERENCE) == first
    assert build.fingerprint(data, 2023, FIXTURE_REFERENCE) != first
    tables = valid_tables()
    tables["tumours"][0]["grade"] = 3
    changed = write_dataset(tmp_path / "ds2", tables)
    assert build.fingerprint(changed, None, FIXTURE_REFERENCE) != first


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    site = tmp_path / "_site"
    (site / "nb").mkdir(parents=True)
    (site / "nb" / "index.html").write_text("previous")
    (site / "data").mkdir()
    (site / "data" / "manifest.json").write_text('{"versions": {"nbcr-report": "0.1.0"}}')
    tables = valid_tables()
    tables["surgeries"][0]["hospital_id"] = "h9"
    bad = write_dataset(tmp_path / "bad", tables)
    with pytest.raises(ValidationFailed):
        build.build(bad, out=site, reference=FIXTURE_REFERENCE, quiet=True)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert (site / "nb" / "index.html").read_text() == "previous"
    assert sorted(p.name for p in site.rglob("*")) == ["data", "index.html", "manifest.json",
                                                       "nb"]

"""The manifest: what went in (input and query hashes, versions, settings) and what came out
(each published file's hash and row count). Deterministic: no clock time in it. Read back
(read_manifest) only when it has the shape written here."""

from __future__ import annotations

import hashlib
import json
import platform
import re
from importlib.metadata import version
from pathlib import Path

from report import __version__

PACKAGES = ("duckdb", "pandas", "pyarrow", "numpy", "scipy")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hashes(files: list[Path], base: Path) -> dict[str, str]:
    return {str(p.relative_to(base)): sha256(p) for p in sorted(files)}


def build(result_set, reference: Path, queries: Path, outputs: dict[str, dict],
          edition=None) -> dict:
    """EDITION (report.publish.edition.Edition, default data/edition.yml) names the
    publication: its number and date, the generator's version and any corrections."""
    from report.publish import edition as editions

    edition = edition or editions.load()
    editions.check_year(edition, result_set.year)
    dataset = result_set.dataset
    inputs = {f"extracts/{p.name}": sha256(p) for _, p in sorted(dataset.files.items())}
    meta_file = dataset.root / "dataset.yml"
    if meta_file.is_file():
        inputs["dataset.yml"] = sha256(meta_file)
    inputs.update({f"reference/{k}": v for k, v in
                   _hashes(list(reference.glob("*.csv")), reference).items()})
    if editions.FILE.is_file():
        inputs["edition.yml"] = sha256(editions.FILE)
    query_files = [p for p in queries.rglob("*") if p.suffix in (".sql", ".yml")]
    return {
        "report_year": result_set.year,
        "edition": edition.manifest(),
        "synthetic": dataset.synthetic,
        "dataset": {k: str(v) for k, v in sorted(dataset.meta.items())},
        "inputs": inputs,
        "queries": _hashes(query_files, queries),
        "versions": {"nbcr-report": __version__, "python": platform.python_version(),
                     **{p: version(p) for p in PACKAGES}},
        "previous_edition": result_set.previous,
        "outputs": outputs,
    }


class NotAManifest(ValueError):
    """A published folder whose manifest.json is not one nbcr-report writes."""


PLAIN_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def names_own_files(outputs: dict) -> bool:
    """Every name in a manifest's OUTPUTS is a file of its own folder (no path, no '..')."""
    return all(isinstance(name, str) and PLAIN_FILE.fullmatch(name) for name in outputs)


def read_manifest(path: Path) -> tuple[dict, int]:
    """(the manifest at PATH, its report year), or NotAManifest saying what was expected:
    JSON with a whole-number report_year, outputs naming files of its own folder (no path,
    no '..') each with its hash, inputs and queries as mappings, previous_edition a mapping
    or null."""
    expected = (f"{path}: expected JSON with a report_year, outputs naming files of this "
                "folder with their sha256, inputs and queries as mappings and previous_edition "
                "a mapping or null; it is not a manifest written by nbcr-report")
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raise NotAManifest(expected) from None
    if not isinstance(meta, dict):
        raise NotAManifest(expected)
    year, outputs = meta.get("report_year"), meta.get("outputs")
    good = (isinstance(year, int) and not isinstance(year, bool)
            and isinstance(outputs, dict) and names_own_files(outputs)
            and all(isinstance(entry, dict) for entry in outputs.values())
            and all(isinstance(meta.get(k) or {}, dict)
                    for k in ("inputs", "queries", "previous_edition")))
    if not good:
        raise NotAManifest(expected)
    return meta, year

"""dataset.yml: what a dataset says about itself (synthetic or not, its follow-up date, the
columns it adds to the contract), read with a problem for anything that is not valid."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import yaml

from report.ingest import schema, typed
from report.ingest.problems import BadMetadata, Problem


def iso_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _declared_columns(found: Path, meta: dict) -> tuple[dict, list[Problem]]:
    """`columns:` of dataset.yml: table -> column -> {type, meaning}, for known tables and
    types; anything else is a problem (and the declaration is dropped)."""
    declared = meta.get("columns")
    if declared is None:
        return meta, []
    expected = ("a mapping columns: <table>: <column>: {type: " + " | ".join(typed.DUCK_TYPES)
                + ", meaning: text}")
    tables = {t.name for t in schema.EXTRACTS}
    good, problems = {}, []
    if not isinstance(declared, dict):
        return {k: v for k, v in meta.items() if k != "columns"}, [
            BadMetadata(str(found), "columns", (), 0, expected)]
    for table, columns in declared.items():
        if table not in tables or not isinstance(columns, dict):
            problems.append(BadMetadata(str(found), f"columns.{table}", (), 0,
                                        f"{expected}, for a table of the contract"))
            continue
        for name, spec in columns.items():
            if not isinstance(spec, dict) or spec.get("type") not in typed.DUCK_TYPES \
                    or not spec.get("meaning"):
                problems.append(BadMetadata(str(found), f"columns.{table}.{name}", (), 0,
                                            expected))
                continue
            good.setdefault(table, {})[name] = spec
    return {**meta, "columns": good}, problems


def read(root: Path, folder: Path, unusable) -> tuple[dict, list[Problem]]:
    """dataset.yml (in ROOT, else in FOLDER) as a mapping, with a problem for anything that
    is not a valid one. UNUSABLE(path): why a file cannot be read, or None."""
    found = next((p for p in (root / "dataset.yml", folder / "dataset.yml")
                  if os.path.lexists(p)), None)
    if found is None:
        return {}, []
    reason = unusable(found)
    if reason:
        return {}, [BadMetadata(str(found), None, (), 0, "a readable YAML file", reason)]
    try:
        meta = yaml.safe_load(found.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        rows = (mark.line + 1,) if mark is not None else ()
        return {}, [BadMetadata(str(found), None, rows, len(rows),
                                "valid YAML (a mapping of keys to values)",
                                "text that does not parse")]
    except ValueError:  # YAML that parses, with a date that does not exist (2025-13-45)
        return {}, [BadMetadata(str(found), None, (), 0,
                                "valid YAML whose dates exist (YYYY-MM-DD)")]
    if meta is None:
        return {}, []
    if not isinstance(meta, dict):
        return {}, [BadMetadata(str(found), None, (), 0, "a mapping of keys to values",
                                f"a YAML {type(meta).__name__}")]
    meta, problems = _declared_columns(found, meta)
    value = meta.get("follow_up_date")
    if value is not None:
        try:
            iso_date(value)
        except ValueError:
            problems.append(BadMetadata(str(found), "follow_up_date", (), 0,
                                        "an ISO date (YYYY-MM-DD) that exists"))
            meta = {k: v for k, v in meta.items() if k != "follow_up_date"}
    return meta, problems

"""dataset.yml: what a dataset says about itself (synthetic or not, its follow-up date, the
columns it adds to the contract), read with a problem for anything that is not valid."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import yaml

from report.ingest import identifiers, schema, typed
from report.ingest.problems import BadMetadata, DirectIdentifier, Problem

# A declared column's name: lower-case letters, digits and _, as the contract's own.
COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
# What the keys the report shows must hold (the methods page prints seed and version).
VERSION = re.compile(r"[0-9A-Za-z.+_\-]{1,64}")
KINDS = {"synthetic": (bool, "true or false"),
         "seed": (int, "a whole number"),
         "generator_version": (str, "a version such as 0.1.0+synth.3"),
         "notice_nb": (str, "a text"), "notice_en": (str, "a text")}


def iso_date(value) -> date:
    """VALUE (a YAML date, a time or text) as a date; ValueError if it is none."""
    if isinstance(value, datetime):  # 2025-06-30T12:00:00: the date it falls on
        return value.date()
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
    for position, (table, columns) in enumerate(declared.items(), start=1):
        if table not in tables or not isinstance(columns, dict):
            problems.append(BadMetadata(str(found), f"columns.{_shown(table, position)}", (),
                                        0, f"{expected}, for a table of the contract"))
            continue
        for number, (name, spec) in enumerate(columns.items(), start=1):
            key = f"columns.{table}.{_shown(name, number)}"
            if not isinstance(name, str) or not COLUMN_NAME.fullmatch(name):
                problems.append(BadMetadata(str(found), key, (), 0, "a column name of "
                                            "lower-case letters, digits and _, as the "
                                            "contract's"))
                continue
            if not isinstance(spec, dict) or spec.get("type") not in typed.DUCK_TYPES \
                    or not spec.get("meaning"):
                problems.append(BadMetadata(str(found), key, (), 0, expected))
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
        text = found.read_text("utf-8")
        alias = next((e for e in yaml.parse(text, Loader=yaml.SafeLoader)
                      if isinstance(e, yaml.AliasEvent)), None)
        if alias is not None:  # a few lines of aliases can stand for billions of values
            row = alias.start_mark.line + 1
            return {}, [BadMetadata(str(found), None, (row,), 1, "every value written out, "
                                    "without anchors and aliases (& and *)", "an alias")]
        meta = yaml.safe_load(text)
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
    problems = _personal(found, meta)
    meta, declared = _declared_columns(found, meta)
    problems += declared + _kinds(found, meta)
    value = meta.get("follow_up_date")
    if value is not None:
        try:
            later = iso_date(value) > date.today()
        except ValueError:
            later = None
        if later is not False:  # no such date, or one still to come
            problems.append(BadMetadata(str(found), "follow_up_date", (), 0,
                                        "an ISO date (YYYY-MM-DD) that exists, not after "
                                        "today"))
            meta = {k: v for k, v in meta.items() if k != "follow_up_date"}
    return meta, problems


def _shown(key, position: int) -> str:
    """A key of dataset.yml as a message may show it (by its position if it may be data)."""
    return identifiers.shown_name(str(key), position)


def _personal(found: Path, node, where: str = "") -> list[Problem]:
    """Identity numbers, e-mail addresses and phone numbers anywhere in dataset.yml, keys and
    values (the manifest publishes it), each named by its key, never shown."""
    if isinstance(node, dict):
        items = [(_shown(k, i), k, v) for i, (k, v) in enumerate(node.items(), start=1)]
    elif isinstance(node, list):
        items = [(str(i), None, v) for i, v in enumerate(node, start=1)]
    else:
        return []
    problems: list[Problem] = []
    for shown, key, value in items:
        path = f"{where}.{shown}" if where else shown
        texts = [t for t in (key, value) if isinstance(t, str)]
        number = isinstance(value, int) and identifiers.holds_identity_number(str(value))
        if number or any(identifiers.personal(t) for t in texts):
            problems.append(DirectIdentifier(str(found), path, (), 0,
                                             "no identity numbers or contact details",
                                             "a key or value holding one"))
        problems += _personal(found, value, path)
    return problems


def _kinds(found: Path, meta: dict) -> list[Problem]:
    """The keys the report shows hold what they should (a seed is a number, not markup)."""
    problems: list[Problem] = []
    for key, (kind, words) in KINDS.items():
        value = meta.get(key)
        if value is None:
            continue
        wrong = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if wrong or (key == "generator_version" and not VERSION.fullmatch(value)):
            problems.append(BadMetadata(str(found), key, (), 0, words))
    return problems

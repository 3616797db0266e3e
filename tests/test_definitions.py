"""Every filter in an indicator's SQL is documented in its YAML, in both languages.

Each condition of a `where` clause in queries/<area>/<id>.sql starts on its own line under a
comment `-- [key] why`; the YAML names every key, under `population: filters:`,
`description: filters:` (what the outcome counts) or as the `filter:` of an exclusion (whose
text exists in both languages). A filter without a
documented counterpart, or a documented filter the SQL no longer has, fails."""

from __future__ import annotations

import re

import pytest
import yaml

from report.compute import registry

CATALOGUE = registry.catalogue()
KEY = re.compile(r"--\s*\[([a-z0-9_]+)\]")
CONDITION_START = re.compile(r"^\s*(where\b\s*(?!$)|and\b|or\b)", re.I)


def where_conditions(sql: str) -> list[tuple[int, str, str | None]]:
    """(line number, condition's first line, key of the comment above it) for every
    condition of every where clause (conditions joined by a leading `and` at the clause's
    own indentation)."""
    lines = sql.splitlines()
    found = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not re.match(r"where\b", stripped, re.I):
            continue
        indent = len(line) - len(line.lstrip())
        rest = stripped[5:].strip()
        starts = []
        if rest:
            starts.append(i)
        for j in range(i + 1, len(lines)):
            text = lines[j]
            if not text.strip() or text.strip().startswith("--"):
                continue
            depth = len(text) - len(text.lstrip())
            if depth <= indent:
                break  # the clause ended (group by, a closing parenthesis, ...)
            if depth == indent + 4 and (not starts or re.match(r"and\b", text.strip(), re.I)):
                starts.append(j)
        for start in starts:
            above = [lines[k] for k in range(start - 1, -1, -1) if lines[k].strip()][:1]
            key = KEY.search(above[0]) if above else None
            if start == i:  # `where x` on one line: the comment is above the where
                key = KEY.search(above[0]) if above else None
            found.append((start + 1, lines[start].strip(), key.group(1) if key else None))
    return found


def documented(query) -> set[str]:
    data = yaml.safe_load(query.yml_path.read_text("utf-8"))
    keys = set((data.get("population") or {}).get("filters") or [])
    keys |= set((data.get("description") or {}).get("filters") or [])  # the outcome's own
    for exclusion in data.get("exclusions") or []:
        if exclusion.get("filter"):
            keys.add(exclusion["filter"])
    return keys


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda q: q.id)
def test_every_filter_is_documented_and_every_documented_filter_exists(indicator):
    conditions = where_conditions(indicator.sql_path.read_text("utf-8"))
    assert conditions, f"{indicator.id}: no where clause found"
    unmarked = [f"line {n}: {text}" for n, text, key in conditions if key is None]
    assert unmarked == [], f"{indicator.sql_path.name}: conditions without a -- [key] comment"
    in_sql = {key for _, _, key in conditions}
    in_yaml = documented(indicator)
    assert sorted(in_sql - in_yaml) == [], f"{indicator.id}: filters the YAML does not name"
    assert sorted(in_yaml - in_sql) == [], f"{indicator.id}: documented filters not in the SQL"


def test_the_parser_finds_each_condition_and_its_key():
    sql = ("with c as (\n    select x\n    from t\n    where\n        -- [a] why\n"
           "        x\n        -- [b] why\n        and (\n            y or z\n        )\n"
           "        and w\n)\nselect 1\n")
    assert [(t, k) for _, t, k in where_conditions(sql)] == [("x", "a"), ("and (", "b"),
                                                             ("and w", None)]


# Words that name the unit counted, in each language (a patient or a tumour).
UNIT_WORDS = {"tumours": {"nb": "svulst", "en": "tumour"},
              "patients": {"nb": "pasient", "en": "patient"}}
OTHER_UNIT = {"nb": re.compile(r"\b(pasienter|kvinner)\b", re.I),
              "en": re.compile(r"\b(patients|women)\b", re.I)}


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_definition_names_the_unit_it_counts(indicator):
    """'Andel pasienter' only when the unit is a patient: the description and population
    name the unit the YAML declares (counts:), in both languages, and a tumour indicator's
    description does not call its unit patients or women."""
    for lang in ("nb", "en"):
        word = UNIT_WORDS[indicator.counts][lang]
        assert word in indicator.description[lang].lower(), (indicator.id, lang)
        assert word in indicator.population[lang].lower(), (indicator.id, lang)
        if indicator.counts == "tumours":  # "Andel svulster ... hos kvinner", never "Andel kvinner"
            text = indicator.description[lang].lower()
            other = OTHER_UNIT[lang].search(text)
            assert other is None or text.index(word) < other.start(), (indicator.id, lang)

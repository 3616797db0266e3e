"""The catalogue of results: every queries/<area>/<id>.sql with its <id>.yml, as frozen
dataclasses, plus the business rules in queries/settings.yml.

Every output channel (results, chapters, methods page, hospital reports) loops over this one
catalogue; nothing special-cases an indicator by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from report import paths

QUERIES = paths.QUERIES
LANGS = ("nb", "en")


class CatalogueError(ValueError):
    """A query's YAML is missing a key or a language, or its SQL file is missing."""


@dataclass(frozen=True)
class Rules:
    min_count: int = 5  # a published count must not be 1..min_count-1 (shown as "<min_count")
    min_denominator: int = 10  # a unit whose denominator is under this shows no rate
    protection: int = 3  # a hidden count must keep at least this many possible values

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.min_denominator < 0 or self.protection < 2:
            raise ValueError(
                f"Rules: min_count must be >= 1, min_denominator >= 0 and protection >= 2; "
                f"got min_count={self.min_count}, min_denominator={self.min_denominator}, "
                f"protection={self.protection}"
            )


@dataclass(frozen=True)
class Text:
    nb: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Target:
    moderate: float | None
    high: float | None
    direction: str
    source: str


@dataclass(frozen=True)
class Link:
    """Each row of result TO equals the sum of this result's rows that map onto its keys:
    rows where WHERE holds, key columns renamed through reference table VIA (MAP: column ->
    column), matched on the keys both share; TARGET_WHERE picks the target's rows."""

    to: str
    column: str = "cases"
    where: dict = field(default_factory=dict)
    target_where: dict = field(default_factory=dict)
    map: dict = field(default_factory=dict)
    via: str | None = None


@dataclass(frozen=True)
class Disclosure:
    counts: tuple[str, ...]
    denominator: str | None = None
    hierarchy: str | None = None
    margins: tuple[tuple[str, str], ...] = ()
    hide_with_denominator: tuple[str, ...] = ()  # statistics shown only beside a rate
    confidential: bool = True  # counts of persons (rule 2); False: reliability only (rule 1)
    links: tuple[Link, ...] = ()  # the same counts published in another result
    same: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (column, across, among values)


@dataclass(frozen=True)
class Query:
    id: str
    kind: str
    area: str
    sql_path: Path
    yml_path: Path
    grain: str
    name: Text
    description: Text
    keys: tuple[str, ...]
    columns: dict[str, Text]
    disclosure: Disclosure
    derive: dict = field(default_factory=dict)
    attribution: Text | None = None
    min_denominator: int | None = None  # overrides settings.yml disclosure.min_denominator
    target: Target | None = None

    @property
    def computed_in_python(self) -> bool:
        """The SQL gives the input rows; the result's rows are computed from them
        (report.compute.survival_results)."""
        return "net_survival" in self.derive

    def rules(self, settings: Settings) -> Rules:
        """The disclosure rules for this result: settings.yml, with its own minimum."""
        base = settings.rules
        return Rules(base.min_count, base.min_denominator if self.min_denominator is None
                     else self.min_denominator, base.protection)

    @property
    def sql(self) -> str:
        return self.sql_path.read_text("utf-8")


@dataclass(frozen=True)
class Indicator(Query):
    population: Text | None = None
    interpretation: Text | None = None
    exclusions: tuple[Text, ...] = ()
    target: Target | None = None
    follow_up_years: float = 0  # time a case needs after its event before it can count
    counts: str = "tumours"  # the unit of numerator and denominator: tumours or patients

    @property
    def follow_up_days(self) -> int:
        return round(self.follow_up_years * 365.25)


@dataclass(frozen=True)
class Settings:
    rules: Rules
    confidence_level: float
    min_operations: int
    coverage_satisfactory: float
    surgery_days: int
    drug_days: int
    adjuvant_chemotherapy_days: int
    pathology_report_days: int
    years_shown: int
    raw: dict

    @property
    def sql_variables(self) -> dict[str, int]:
        """Values the SQL reads with getvariable(...)."""
        return {"surgery_days": self.surgery_days, "drug_days": self.drug_days,
                "adjuvant_chemotherapy_days": self.adjuvant_chemotherapy_days,
                "pathology_report_days": self.pathology_report_days}


INDICATOR_KEYS = ("period", "unit_level", "unit_id")
INDICATOR_DISCLOSURE = Disclosure(counts=("numerator", "denominator"), denominator="denominator",
                                  hierarchy="hospitals", confidential=False)


def _require(data: dict, key: str, path: Path):
    if key not in data or data[key] is None:
        raise CatalogueError(f"{path}: missing key {key!r}")
    return data[key]


def _text(value, path: Path, key: str) -> Text:
    if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGS):
        raise CatalogueError(f"{path}: {key} needs both languages ({', '.join(LANGS)})")
    return Text(nb=str(value["nb"]), en=str(value["en"]))


def _disclosure(data: dict | None, path: Path) -> Disclosure:
    if not data or not data.get("counts"):
        raise CatalogueError(f"{path}: disclosure.counts must list the count columns")
    margins = tuple((m["column"], str(m["total"])) for m in data.get("margins", []))
    return Disclosure(counts=tuple(data["counts"]), denominator=data.get("denominator"),
                      hierarchy=data.get("hierarchy"), margins=margins,
                      hide_with_denominator=tuple(data.get("hide_with_denominator", [])),
                      confidential=bool(data.get("confidential", True)),
                      links=tuple(_link(link, path) for link in data.get("links") or []),
                      same=tuple((str(x["column"]), str(x["across"]),
                                  tuple(str(v) for v in x.get("among") or ()))
                                 for x in data.get("same") or []))


def _link(data: dict, path: Path) -> Link:
    if not isinstance(data, dict) or not data.get("to"):
        raise CatalogueError(f"{path}: each disclosure.links entry needs to: <result id>")
    if data.get("map") and not data.get("via"):
        raise CatalogueError(f"{path}: a link with map: needs via: <reference table>")
    return Link(to=str(data["to"]), column=str(data.get("column", "cases")),
                where={str(k): str(v) for k, v in (data.get("where") or {}).items()},
                target_where={str(k): str(v)
                              for k, v in (data.get("target_where") or {}).items()},
                map={str(k): str(v) for k, v in (data.get("map") or {}).items()},
                via=data.get("via"))


def _common(data: dict, sql: Path, yml: Path) -> dict:
    if not sql.is_file():
        raise CatalogueError(f"{yml}: no SQL file {sql.name} beside it")
    if data.get("id") != yml.stem:
        raise CatalogueError(f"{yml}: id {data.get('id')!r} differs from the file name")
    attribution = data.get("attribution")
    return dict(
        id=data["id"], kind=_require(data, "kind", yml), area=_require(data, "area", yml),
        sql_path=sql, yml_path=yml, grain=_require(data, "grain", yml),
        name=_text(data.get("name"), yml, "name"),
        description=_text(data.get("description"), yml, "description"),
        attribution=_text(attribution, yml, "attribution") if attribution else None,
        derive=data.get("derive") or {},
        min_denominator=(int(data["min_denominator"]) if data.get("min_denominator") is not None
                         else None),
    )


def _target(target: dict) -> Target:
    return Target(moderate=target.get("moderate"), high=target.get("high"),
                  direction=target.get("direction", "higher"),
                  source=str(target.get("source", "")))


def _indicator(data: dict, common: dict, yml: Path) -> Indicator:
    target = _require(data, "target", yml)
    return Indicator(
        **common, keys=INDICATOR_KEYS, columns={}, disclosure=INDICATOR_DISCLOSURE,
        population=_text(data.get("population"), yml, "population"),
        interpretation=_text(data.get("interpretation"), yml, "interpretation"),
        exclusions=tuple(_text(e, yml, "exclusions") for e in data.get("exclusions") or []),
        target=_target(target),
        follow_up_years=float(data.get("follow_up_years", 0)),
        counts=_counted_unit(data, yml),
    )


COUNTED_UNITS = ("tumours", "patients")


def _counted_unit(data: dict, yml: Path) -> str:
    unit = _require(data, "counts", yml)
    if unit not in COUNTED_UNITS:
        raise CatalogueError(f"{yml}: counts must be one of {', '.join(COUNTED_UNITS)}")
    return unit


def _table(data: dict, common: dict, yml: Path) -> Query:
    columns = {k: _text(v, yml, f"columns.{k}") for k, v in (data.get("columns") or {}).items()}
    return Query(**common, keys=tuple(_require(data, "keys", yml)), columns=columns,
                 disclosure=_disclosure(data.get("disclosure"), yml),
                 target=_target(data["target"]) if data.get("target") else None)


def read_query(yml: Path) -> Query:
    data = yaml.safe_load(yml.read_text("utf-8")) or {}
    common = _common(data, yml.with_suffix(".sql"), yml)
    if common["kind"] == "indicator":
        return _indicator(data, common, yml)
    if common["kind"] == "table":
        return _table(data, common, yml)
    raise CatalogueError(f"{yml}: kind must be 'indicator' or 'table', got {common['kind']!r}")


@dataclass(frozen=True)
class Catalogue:
    root: Path
    queries: tuple[Query, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(q for q in self.queries if isinstance(q, Indicator))

    @property
    def tables(self) -> tuple[Query, ...]:
        return tuple(q for q in self.queries if not isinstance(q, Indicator))

    def get(self, query_id: str) -> Query:
        for q in self.queries:
            if q.id == query_id:
                return q
        raise KeyError(f"no query {query_id!r} in {self.root}")

    @property
    def base_sql(self) -> tuple[Path, ...]:
        return tuple(sorted((self.root / "_base").glob("*.sql")))


@cache
def catalogue(root: Path = QUERIES) -> Catalogue:
    ymls = sorted(p for p in root.glob("*/*.yml") if not p.parent.name.startswith("_"))
    return Catalogue(root=root, queries=tuple(read_query(p) for p in ymls))


@cache
def settings(root: Path = QUERIES) -> Settings:
    raw = yaml.safe_load((root / "settings.yml").read_text("utf-8"))
    return Settings(
        rules=Rules(min_count=int(raw["disclosure"]["min_count"]),
                    min_denominator=int(raw["disclosure"]["min_denominator"]),
                    protection=int(raw["disclosure"]["protection"])),
        confidence_level=float(raw["confidence_level"]),
        min_operations=int(raw["volume"]["min_operations"]),
        coverage_satisfactory=float(raw["coverage"]["satisfactory"]),
        surgery_days=int(raw["pathway"]["surgery_days"]),
        drug_days=int(raw["pathway"]["drug_days"]),
        adjuvant_chemotherapy_days=int(raw["oncology"]["adjuvant_chemotherapy_days"]),
        pathology_report_days=int(raw["pathology"]["report_days"]),
        years_shown=int(raw["years_shown"]),
        raw=raw,
    )

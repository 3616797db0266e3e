"""Run every query once, derive, apply disclosure control once, and write the published
tables with a manifest.

    extracts -> (validated DuckDB) -> queries -> derive -> publish (suppression) -> _site/data
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from report import activity
from report.compute import derive, registry, stats, survival_results
from report.compute.registry import Catalogue, Indicator, Query, Settings
from report.ingest import extracts
from report.publish import editions
from report.publish.suppress import Prepared, Published, publish_all

INDICATOR_COLUMNS = ["indicator_id", "period", "unit_level", "unit_id", "numerator",
                     "denominator", "percent", "ci_low", "ci_high", "target_status",
                     "suppressed", "suppression_rule", "preliminary"]
LEVEL_ORDER = {"nation": 0, "region": 1, "trust": 2, "hospital": 3}


class NoData(ValueError):
    """The requested report year has no data."""


@dataclass(frozen=True)
class ResultSet:
    year: int
    dataset: extracts.Dataset
    published: dict[str, Published]  # query id -> published result
    indicators: pd.DataFrame  # every indicator in one frame, suppressed
    volume_summary: pd.DataFrame
    units: pd.DataFrame
    previous: dict | None = None  # the edition audited with this one: year, manifest hash


EVENT_DATES = (("tumours", "diagnosis_date"), ("surgeries", "surgery_date"),
               ("treatments", "start_date"), ("forms", "received_date"))


def set_variables(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, settings: Settings,
                  follow_up: date | None = None) -> date:
    """Set the SQL variables: settings.yml; each indicator's follow-up in days as
    follow_up_days_<id>; the follow-up date, from dataset.yml or else the last event in the
    data; the first year with clinical forms. Returns the follow-up date used."""
    for name, value in settings.sql_variables.items():
        con.execute(f"set variable {name} = {int(value)}")
    for indicator in catalogue.indicators:
        con.execute(f"set variable follow_up_days_{indicator.id} = {indicator.follow_up_days}")
    if follow_up is None:
        last = " union all ".join(f"select max({c}) as d from {t}" for t, c in EVENT_DATES)
        follow_up = con.execute(f"select max(d) from ({last})").fetchone()[0]
    con.execute(f"set variable follow_up_date = DATE '{follow_up}'")
    # the clinical results start with the first year that has clinical forms: the shared
    # tables leave the earlier diagnoses (survival's, read from the extracts) out early
    con.execute(f"set variable first_clinical_year = {first_clinical_year(con) or 0}")
    return follow_up


def create_shared(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    """The shared tables, views and macros of queries/_base, in file order."""
    for path in catalogue.base_sql:
        con.execute(path.read_text("utf-8"))


def prepare(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, settings: Settings,
            follow_up: date | None = None) -> date:
    """Set the SQL variables and create the shared tables, views and macros. Returns the
    follow-up date used."""
    follow_up = set_variables(con, catalogue, settings, follow_up)
    create_shared(con, catalogue)
    return follow_up


def latest_complete_year(con: duckdb.DuckDBPyConnection, follow_up: date | None) -> int:
    """The last diagnosis year that ended before the follow-up date (or the last year)."""
    last = con.execute("select max(year(diagnosis_date)) from tumours").fetchone()[0]
    if last is None:
        raise NoData("the tumours extract has no rows")
    if follow_up is not None and follow_up < date(last, 12, 31):
        return last - 1
    return int(last)


def first_clinical_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The first diagnosis year with clinical forms. Earlier diagnoses (the Cancer Registry's
    incidence base) serve survival only: the other results and the report years start here.
    Read from the SQL variable once set_variables has set it, or validation did while
    checking the forms' tumour keys (report.ingest.links.NOTED); else a join of every form
    with its tumour."""
    known = con.execute("select getvariable('first_clinical_year')").fetchone()[0]
    if known is not None:
        return int(known) or None
    return con.execute("select min(year(t.diagnosis_date)) from tumours as t "
                       "where t.tumour_id in (select tumour_id from forms)").fetchone()[0]


def report_year(con: duckdb.DuckDBPyConnection, dataset: extracts.Dataset,
                asked: int | None) -> int:
    """ASKED if the data has complete diagnoses for it; the latest complete year if None."""
    latest = latest_complete_year(con, dataset.follow_up)
    if asked is None:
        return latest
    first = first_clinical_year(con)
    first = first if first is not None else latest
    if not first <= asked <= latest:
        raise NoData(f"no complete year {asked} in {dataset.root}: the extracts have clinical "
                     f"forms for complete diagnosis years {first} to {latest}")
    return asked


def _period_column(query: Query) -> str:
    return "period" if "period" in query.keys else "year"


def _derive(frame: pd.DataFrame, query: Query, settings: Settings):
    deps: dict[str, tuple[str, ...]] = {}
    keys = list(query.keys)
    for name, spec in query.derive.items():
        if name == "proportion":
            frame, more = derive.proportion(frame, spec["numerator"], spec["denominator"],
                                            settings.confidence_level)
        elif name == "rate":
            frame, more = derive.rate(frame, spec["cases"], spec["person_years"])
        elif name == "standardise":
            frame, more = derive.standardise(frame, keys, **spec)
            keys = [k for k in keys if k != spec["age_group"]]
        elif name == "share":
            frame, more = derive.share(frame, keys, **spec)
        elif name == "recommendation":
            frame, more = derive.recommendation(frame, spec["count"], settings.min_operations)
        else:
            raise registry.CatalogueError(f"{query.yml_path}: unknown derive {name!r}")
        deps.update(more)
    return frame, keys, deps


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    def order(column: pd.Series) -> pd.Series:
        return column.map(LEVEL_ORDER) if column.name == "unit_level" else column.astype(str)

    return frame.sort_values(keys, key=order, kind="stable").reset_index(drop=True)


def rows(con, query: Query, settings: Settings, year: int, follow_up: date | None,
         cache: dict | None = None) -> pd.DataFrame:
    """A result's rows before anything is derived, shown or hidden: the SQL's, or for a
    result computed in Python (survival), the computed ones (CACHE keeps them per build)."""
    if not query.computed_in_python:
        return con.execute(query.sql).df()
    cache = {} if cache is None else cache
    if "survival" not in cache:
        cache["survival"] = survival_results.compute(con, query.sql, settings, year, follow_up)
    return cache["survival"][query.id]


def prepare_result(con, query: Query, settings: Settings, year: int,
                   follow_up: date | None = None, cache: dict | None = None,
                   clinical: int | None = None) -> Prepared:
    """One result's rows for the years shown (none before CLINICAL, the first year with
    clinical forms), with its derived columns, before disclosure."""
    frame = rows(con, query, settings, year, follow_up, cache)
    if query.computed_in_python:
        return survival_results.prepare(query, frame, settings, year)
    period = _period_column(query)
    first = max(year - settings.years_shown + 1, clinical or 0)
    frame = frame[(frame[period] >= first) & (frame[period] <= year)]
    if isinstance(query, Indicator):
        frame, more = derive.proportion(frame, "numerator", "denominator",
                                        settings.confidence_level)
        keys, deps = list(query.keys), more
    else:
        frame, keys, deps = _derive(frame, query, settings)
    return Prepared(query.id, _sorted(frame, keys), keys, query.disclosure,
                    query.rules(settings), deps)


def _references(con, catalogue: Catalogue) -> dict[str, pd.DataFrame]:
    """The reference tables that links map keys through."""
    names = {link.via for q in catalogue.queries for link in q.disclosure.links if link.via}
    return {name: con.execute(f"select * from {name}").df() for name in sorted(names)}


def _status(row, target: registry.Target) -> str | None:
    if pd.isna(row.percent):
        return None
    return stats.target_status(row.percent, target.moderate, target.high, target.direction)


def preliminary(indicator: Indicator, period: int, follow_up: date) -> bool:
    """True when the follow-up date falls less than the indicator's follow-up time after the
    end of PERIOD: tumours of that year operated late had not yet had the time to count, so
    they are left out and the year's result may still change."""
    if indicator.follow_up_days <= 0:
        return False
    return follow_up < date(int(period), 12, 31) + timedelta(days=indicator.follow_up_days)


def indicator_frame(published: dict[str, Published], catalogue: Catalogue,
                    follow_up: date) -> pd.DataFrame:
    parts = []
    for ind in catalogue.indicators:
        frame = published[ind.id].frame.copy()
        frame.insert(0, "indicator_id", ind.id)
        frame["target_status"] = [_status(r, ind.target) for r in frame.itertuples()]
        frame["preliminary"] = [preliminary(ind, p, follow_up) for p in frame["period"]]
        parts.append(frame[INDICATOR_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def with_target_status(published: dict[str, Published],
                       catalogue: Catalogue) -> dict[str, Published]:
    """Each table with a target (survival) gets the status of its published values."""
    out = dict(published)
    for query in catalogue.tables:
        if query.target is not None and query.id in published:
            p = published[query.id]
            out[query.id] = Published(frame=survival_results.with_status(p.frame, query.target),
                                      labels=p.labels, log=p.log)
    return out


def summarise_volume(volume: pd.DataFrame) -> pd.DataFrame:
    """Hospitals with primary operations per year, and how many meet the recommendation."""
    grouped = volume.groupby("year", sort=True)["meets_recommendation"]
    out = pd.DataFrame({"hospitals": grouped.size(), "meeting": grouped.sum()}).reset_index()
    out["below"] = out["hospitals"] - out["meeting"]
    return out.astype({"hospitals": int, "meeting": int, "below": int})


def units_frame(con) -> pd.DataFrame:
    """Names of every unit in both languages, for tables, charts and downloads."""
    return con.execute("""
        select 'nation' as unit_level, 'norway' as unit_id, null as parent_id,
               'Norge' as name_nb, 'Norway' as name_en, null as valid_from, null as valid_to
        union all
        select 'region', region_id, 'norway', name_nb, name_en, null, null from regions
        union all
        select 'trust', trust_id, region_id, name_nb, name_en, null, null from trusts
        union all
        select 'hospital', hospital_id, trust_id, name_nb, name_en,
               cast(valid_from as varchar), cast(valid_to as varchar) from hospitals
        union all
        select 'county', county_code, region_id, name, name, null, null from counties
        union all
        select 'laboratory', laboratory_id, region_id, name_nb, name_en, null, null
        from laboratories
    """).df().sort_values(["unit_level", "unit_id"], key=lambda c: c.astype(str),
                          kind="stable").reset_index(drop=True)


def compute(dataset: extracts.Dataset | Path | None = None, year: int | None = None,
            reference: Path | None = None, root: Path = registry.QUERIES,
            previous: Path | None = None) -> ResultSet:
    """Validate, run every query once for YEAR and the years before it, and suppress. With
    PREVIOUS (an earlier edition's published site or data folder), what that edition
    published is part of what the disclosure audit assumes a reader knows."""
    if not isinstance(dataset, extracts.Dataset):
        dataset = extracts.locate(dataset)
    catalogue, settings = registry.catalogue(root), registry.settings(root)
    earlier = (editions.read(previous, [q.id for q in catalogue.queries])
               if previous is not None else None)
    con = extracts.load(dataset, reference)
    activity.note(dataset.root, "computing the results from")  # validation is done
    try:
        follow_up = set_variables(con, catalogue, settings, dataset.follow_up)
        year = report_year(con, dataset, year)
        # survival first: its arrays are freed before the shared tables take DuckDB's memory
        cache = {"survival": survival_results.compute(con, catalogue.get("survival").sql,
                                                      settings, year, follow_up)}
        create_shared(con, catalogue)
        tree = con.execute("select * from unit_tree").df()
        clinical = first_clinical_year(con)
        prepared = [prepare_result(con, q, settings, year, follow_up, cache, clinical)
                    for q in catalogue.queries]
        references = _references(con, catalogue)
        known = None
        if earlier is not None:
            def known(family):
                return editions.facts(family, earlier.tables, tree, references)
        published = publish_all(prepared, tree, references, known)
        published = with_target_status(published, catalogue)
        if not (published["new_cases"].frame["year"] == year).any():
            raise NoData(f"no cases diagnosed in {year} in {dataset.root}")
        return ResultSet(year=year, dataset=dataset, published=published,
                         indicators=indicator_frame(published, catalogue, follow_up),
                         volume_summary=summarise_volume(published["volume"].frame),
                         units=units_frame(con),
                         previous=earlier.identity if earlier is not None else None)
    finally:
        con.close()

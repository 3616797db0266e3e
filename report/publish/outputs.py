"""Write a ResultSet as the published data folder: one CSV (people) and one Parquet file
(code) per result, indicators.csv, volume_summary.csv, units.csv, the data dictionary, the
suppression log and manifest.json. Written to a temporary folder and swapped in whole."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd

from report import activity
from report.compute import registry, stats
from report.compute.results import ResultSet
from report.ingest import extracts
from report.publish import dictionary, manifest

FLOAT_FORMAT = "%.3f"


def _csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV with booleans as true/false and floats with three decimals."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == bool or str(out[column].dtype) == "boolean":
            out[column] = out[column].map({True: "true", False: "false"})
    out.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False, compression="zstd")


LABEL = "_label"


def label_column(column: str) -> str:
    """The text column beside a protected count: '<5' when the count is hidden as small."""
    return f"{column}{LABEL}"


def with_labels(frame: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """FRAME (counts as nullable integers, hidden ones missing) with a label column right
    after each protected count in LABELS: its label ('<5') where the count is hidden and the
    label says why, missing otherwise. Counts stay numbers; the text goes beside them."""
    out = frame.copy()
    for column in labels.columns:
        text = labels[column].where(frame[column].isna()).astype("string")
        out.insert(out.columns.get_loc(column) + 1, label_column(column), text)
    return out


def _table(published) -> pd.DataFrame:
    return with_labels(published.frame, published.labels)


def _indicators(result_set: ResultSet, catalogue) -> pd.DataFrame:
    """Every indicator in one frame, with the numerator's and denominator's labels."""
    labels = pd.concat([result_set.published[ind.id].labels[["numerator", "denominator"]]
                        for ind in catalogue.indicators], ignore_index=True)
    return with_labels(result_set.indicators, labels)


def _log(result_set: ResultSet) -> pd.DataFrame:
    rows = []
    for query_id, published in sorted(result_set.published.items()):
        for entry in published.log:
            keys = "; ".join(f"{k}={v}" for k, v in entry.items() if k not in ("column", "rule"))
            rows.append({"result": query_id, "row": keys, "column": entry["column"],
                         "rule": entry["rule"]})
    return pd.DataFrame(rows, columns=["result", "row", "column", "rule"])


LIMITS = ("lower_998", "lower_95", "upper_95", "upper_998")


def funnel_limits(result_set: ResultSet) -> pd.DataFrame:
    """The funnel plots' control limits, for reviewers to check: per indicator in the report
    year, every whole denominator on the plotted range (from the published hospital
    denominators; above 2 000, 400 log-spaced ones) with the exact binomial 95 % and 99.8 %
    limits around the national result."""
    frames = []
    indicators = result_set.indicators
    rows = indicators[indicators["period"] == result_set.year]
    for indicator_id, frame in rows.groupby("indicator_id", sort=True):
        nation = frame.loc[frame["unit_level"] == "nation", "percent"].dropna()
        hospitals = frame[(frame["unit_level"] == "hospital") & frame["percent"].notna()]
        denominators = hospitals["denominator"].dropna()
        if nation.empty or denominators.empty:
            continue
        p = float(nation.iloc[0]) / 100
        low, high = stats.funnel_span(float(denominators.min()), float(denominators.max()))
        n = stats.funnel_denominators(low, high)
        lower_95, upper_95 = stats.funnel_limits(p, n)
        lower_998, upper_998 = stats.funnel_limits(p, n, stats.Z998)
        frames.append(pd.DataFrame({
            "indicator_id": indicator_id, "period": result_set.year, "denominator": n,
            "lower_998": lower_998.round(4), "lower_95": lower_95.round(4),
            "upper_95": upper_95.round(4), "upper_998": upper_998.round(4)}))
    columns = ["indicator_id", "period", "denominator", *LIMITS]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def files(result_set: ResultSet, catalogue) -> dict[str, pd.DataFrame]:
    """file stem -> the frame written both as <stem>.csv and as <stem>.parquet."""
    out = {"indicators": _indicators(result_set, catalogue),
           "funnel_limits": funnel_limits(result_set),
           "volume_summary": result_set.volume_summary,
           "units": result_set.units}
    for query in catalogue.tables:
        out[query.id] = _table(result_set.published[query.id])
    return out


def swap(staging: Path, target: Path) -> None:
    """Replace TARGET with STAGING; the old folder is removed only after the new one is in."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write(result_set: ResultSet, out: Path, reference: Path | None = None,
          queries: Path = registry.QUERIES, edition=None) -> Path:
    """Write OUT/data atomically; return the data folder. EDITION (default: data/edition.yml)
    goes into the manifest."""
    catalogue = registry.catalogue(queries)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".data-new-{os.getpid()}"
    activity.note(out / "data", "writing")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        frames = files(result_set, catalogue)
        for stem, frame in frames.items():
            _csv(frame, staging / f"{stem}.csv")
            _parquet(frame, staging / f"{stem}.parquet")
        log = _log(result_set)
        _csv(log, staging / "suppression_log.csv")
        columns = {f"{stem}.csv": list(frame.columns) for stem, frame in frames.items()}
        columns["suppression_log.csv"] = list(log.columns)
        columns["dictionary.csv"] = list(dictionary.COLUMNS)
        _csv(pd.DataFrame(dictionary.rows(catalogue, columns), columns=dictionary.COLUMNS),
             staging / "dictionary.csv")
        outputs = {p.name: {"sha256": manifest.sha256(p),
                            "rows": len(pd.read_csv(p)) if p.suffix == ".csv" else None}
                   for p in sorted(staging.iterdir())}
        data = manifest.build(result_set, reference or extracts.DEFAULT_REFERENCE, queries,
                              outputs, edition)
        (staging / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False)
                                               + "\n", "utf-8")
        swap(staging, out / "data")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out / "data"

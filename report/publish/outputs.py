"""Write a ResultSet as the published data folder: one CSV (people) and one Parquet file
(code) per result, indicators.csv, volume_summary.csv, units.csv, the data dictionary, the
suppression log and manifest.json. Written to a temporary folder and swapped in whole."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd

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


def _table_csv(published) -> pd.DataFrame:
    """The published frame with count columns replaced by their labels ('<5', '')."""
    out = published.frame.copy()
    for column in published.labels.columns:
        out[column] = published.labels[column]
    return out


def _indicator_csv(result_set: ResultSet, catalogue) -> pd.DataFrame:
    parts = []
    for ind in catalogue.indicators:
        labels = result_set.published[ind.id].labels
        parts.append(labels[["numerator", "denominator"]])
    out = result_set.indicators.copy()
    labels = pd.concat(parts, ignore_index=True)
    out["numerator"], out["denominator"] = labels["numerator"], labels["denominator"]
    return out


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


def _files(result_set: ResultSet, catalogue) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """file stem -> (CSV frame, Parquet frame)."""
    limits = funnel_limits(result_set)
    files = {"indicators": (_indicator_csv(result_set, catalogue), result_set.indicators),
             "funnel_limits": (limits, limits),
             "volume_summary": (result_set.volume_summary,) * 2,
             "units": (result_set.units,) * 2}
    for query in catalogue.tables:
        published = result_set.published[query.id]
        files[query.id] = (_table_csv(published), published.frame)
    return files


def swap(staging: Path, target: Path) -> None:
    """Replace TARGET with STAGING; the old folder is removed only after the new one is in."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write(result_set: ResultSet, out: Path, reference: Path | None = None,
          queries: Path = registry.QUERIES) -> Path:
    """Write OUT/data atomically; return the data folder."""
    catalogue = registry.catalogue(queries)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".data-new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        files = _files(result_set, catalogue)
        for stem, (csv_frame, typed) in files.items():
            _csv(csv_frame, staging / f"{stem}.csv")
            _parquet(typed, staging / f"{stem}.parquet")
        _csv(_log(result_set), staging / "suppression_log.csv")
        columns = {f"{stem}.csv": list(frames[0].columns) for stem, frames in files.items()}
        _csv(pd.DataFrame(dictionary.rows(catalogue, columns)), staging / "dictionary.csv")
        outputs = {p.name: {"sha256": manifest.sha256(p),
                            "rows": len(pd.read_csv(p)) if p.suffix == ".csv" else None}
                   for p in sorted(staging.iterdir())}
        data = manifest.build(result_set, reference or extracts.DEFAULT_REFERENCE, queries,
                              outputs)
        (staging / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False)
                                               + "\n", "utf-8")
        swap(staging, out / "data")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out / "data"

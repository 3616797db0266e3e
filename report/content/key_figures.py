"""Key figures of the report year and the change from the year before, computed from the
published results, and formatted in the active language for prose and the front page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from report.compute import registry
from report.content import fmt, i18n
from report.content.published import PublishedTables

FORM_ORDER = ("assessment", "surgery", "postop_checkup", "radiology", "pathology", "oncology")


@dataclass(frozen=True)
class Figure:
    """A number for the report year and the year before, with its formatting."""

    key: str
    value: float | None
    previous: float | None
    kind: str = "count"  # count | percent
    decimals: int = 0
    levels: tuple[float, ...] = ()  # a shown value keeps its side of these (e.g. 80 %)

    @property
    def places(self) -> int:
        """The decimals shown: more than DECIMALS where a level would be crossed otherwise."""
        return fmt.side_decimals(self.value, self.decimals, self.levels)

    def text(self, lang: str | None = None) -> str:
        lang = lang or i18n.active()
        if self.kind == "percent":
            return fmt.percent(self.value, lang, self.places)
        return fmt.number(self.value, lang, self.decimals)

    def change(self, lang: str | None = None) -> str:
        """'+149' / '−2,1 prosentpoeng'; empty when either year is missing."""
        lang = lang or i18n.active()
        if self.value is None or self.previous is None:
            return ""
        delta = self.value - self.previous
        sign = "+" if delta > 0 else ""
        if self.kind == "percent":
            points = fmt.number(delta, lang, max(1, self.decimals))
            return sign + points + " " + i18n.t("unit.points", lang)
        return sign + fmt.number(delta, lang)

    def __str__(self) -> str:
        return self.text()


def _cases(results: PublishedTables, year: int, sex: str, tumour_type: str) -> float | None:
    frame = results.table("new_cases")
    row = frame[(frame["year"] == year) & (frame["sex"] == sex)
                & (frame["tumour_type"] == tumour_type)]
    return float(row["cases"].iloc[0]) if len(row) and pd.notna(row["cases"].iloc[0]) else None


def _operations(results: PublishedTables, year: int) -> float | None:
    volume = results.table("volume")
    rows = volume[volume["year"] == year]
    if not len(rows) or rows["primary_operations"].isna().any():
        return None
    return float(rows["primary_operations"].sum())


def _summary(results: PublishedTables, year: int, column: str) -> float | None:
    frame = results.table("volume_summary")
    row = frame[frame["year"] == year]
    return float(row[column].iloc[0]) if len(row) else None


def _national_coverage(results: PublishedTables, year: int, form_type: str) -> float | None:
    frame = results.table("coverage")
    row = frame[(frame["year"] == year) & (frame["unit_level"] == "nation")
                & (frame["form_type"] == form_type)]
    return float(row["percent"].iloc[0]) if len(row) and pd.notna(row["percent"].iloc[0]) \
        else None


def _survival(results: PublishedTables, year: int) -> float | None:
    """The national five-year net survival of the period window ending in YEAR."""
    frame = results.table("survival")
    row = frame[(frame["approach"] == "period") & (frame["period"] == year)
                & (frame["unit_level"] == "nation") & (frame["group"] == "all")
                & (frame["years"] == 5) & (frame["standard"] == "none")]
    return float(row["net_survival"].iloc[0]) if len(row) and pd.notna(
        row["net_survival"].iloc[0]) else None


def status_counts(results: PublishedTables, year: int) -> dict[str, int]:
    """How many indicators reached each target level nationally in YEAR."""
    ind = results.table("indicators")
    rows = ind[(ind["period"] == year) & (ind["unit_level"] == "nation")]
    counts = rows["target_status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("high", "moderate", "low")}


def key_figures(results: PublishedTables) -> dict[str, Figure]:
    """The front page's figures for the report year, each with last year's value."""
    y, p = results.year, results.year - 1
    figures = {
        "women": Figure("women", _cases(results, y, "f", "invasive"),
                        _cases(results, p, "f", "invasive")),
        "men": Figure("men", _cases(results, y, "m", "invasive"),
                      _cases(results, p, "m", "invasive")),
        "dcis": Figure("dcis", _cases(results, y, "f", "dcis"),
                       _cases(results, p, "f", "dcis")),
        "operations": Figure("operations", _operations(results, y), _operations(results, p)),
        "hospitals": Figure("hospitals", _summary(results, y, "hospitals"),
                            _summary(results, p, "hospitals")),
        "meeting": Figure("meeting", _summary(results, y, "meeting"),
                          _summary(results, p, "meeting")),
        "below": Figure("below", _summary(results, y, "below"), _summary(results, p, "below")),
    }
    # the national report template gives coverage in whole per cent; a value that would round
    # onto the other side of the satisfactory level keeps a decimal
    limit = (registry.settings().coverage_satisfactory,)
    for form in FORM_ORDER:
        figures[f"coverage_{form}"] = Figure(f"coverage_{form}",
                                             _national_coverage(results, y, form),
                                             _national_coverage(results, p, form), "percent", 0,
                                             limit)
    now, before = status_counts(results, y), status_counts(results, p)
    for status in ("high", "moderate", "low"):
        figures[f"status_{status}"] = Figure(f"status_{status}", now[status], before[status])
    target = registry.catalogue().get("survival").target
    figures["survival_5y"] = Figure("survival_5y", _survival(results, y), _survival(results, p),
                                    "percent", 1, (target.high,))
    figures["indicators"] = Figure("indicators", len(registry.catalogue().indicators), None)
    return figures

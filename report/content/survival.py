"""Relative survival for chapters: the headline sentence, the table of 1-, 5- and 10-year
estimates and the regions against the target, from the published survival tables only."""

from __future__ import annotations

import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, sides, theme
from report.content.tables import Table, status_text

NONE = "none"


def _target():
    return registry.catalogue().get("survival").target


def _estimates(survival: pd.DataFrame, year: int, approach: str = "period") -> pd.DataFrame:
    rows = survival[(survival["approach"] == approach) & (survival["group"] == "all")]
    if approach == "period":
        rows = rows[rows["period"] == year]
    return rows


def regions_five_year(survival: pd.DataFrame, year: int) -> pd.DataFrame:
    """The latest window's unstandardised five-year estimates of the nation, then each
    health region (the table and the chart of the regions against the target)."""
    rows = _estimates(survival, year)
    rows = rows[(rows["years"] == 5) & (rows["standard"] == NONE)
                & rows["unit_level"].isin(["nation", "region"])]
    return rows.sort_values("unit_level", key=lambda c: c.map({"nation": 0, "region": 1}),
                            kind="stable")


def headline(survival: pd.DataFrame, year: int, unit_level: str = "nation",
             unit_id: str = "norway", years: int = 5) -> pd.Series | None:
    """The latest window's unstandardised estimate of a unit (None when not published)."""
    rows = _estimates(survival, year)
    rows = rows[(rows["unit_level"] == unit_level) & (rows["unit_id"] == unit_id)
                & (rows["years"] == years) & (rows["standard"] == NONE)]
    if rows.empty or pd.isna(rows["net_survival"].iloc[0]):
        return None
    return rows.iloc[0]


def value_text(row: pd.Series | None, lang: str) -> str:
    """'92,3 %' keeping its side of the target, or the 'not shown' word."""
    if row is None:
        return i18n.t("status.none", lang)
    return sides.Sides.target(_target()).percent(row["net_survival"], lang)


def text(survival: pd.DataFrame, year: int, lang: str) -> str:
    """The chapter's opening numbers: five- and ten-year survival of the latest window."""
    five, ten = headline(survival, year), headline(survival, year, years=10)
    if five is None:
        return i18n.t("survival.text_hidden", lang, year=year) + "\n"
    std = _estimates(survival, year)
    std = std[(std["unit_level"] == "nation") & (std["years"] == 5) & (std["standard"] != NONE)]
    return i18n.t(
        "survival.text", lang, first=int(five["first_year"]), last=year,
        five=value_text(five, lang), ci=fmt.interval(five["ci_low"], five["ci_high"], lang),
        ten=value_text(ten, lang), target=fmt.percent(_target().high, lang, 0),
        status=i18n.t(f"status.{five['target_status']}", lang),
        std=fmt.percent(std["net_survival"].iloc[0], lang) if len(std) else "",
        patients=fmt.number(five["patients"], lang)) + "\n"


def men_text(new_cases: pd.DataFrame, year: int, first: int, lang: str) -> str:
    """Men are counted, not estimated: their new cases in the window's years."""
    rows = new_cases[(new_cases["sex"] == "m") & (new_cases["tumour_type"] == "invasive")
                     & new_cases["year"].between(first, year)]
    if rows.empty or rows["cases"].isna().any():
        return ""
    return i18n.t("survival.men", lang, first=first, last=year,
                  men=fmt.number(rows["cases"].sum(), lang)) + "\n"


def _span(row, lang: str) -> str:
    return f"{int(row.first_year)}\u2013{int(row.period)}"


def estimates_table(survival: pd.DataFrame, year: int, lang: str) -> Table:
    """National 1-, 5- and 10-year net survival, period and cohort approach, with intervals,
    the age-standardised estimate beside it, patients and deaths."""
    cols = [i18n.t(f"survival.column.{c}", lang) for c in
            ("approach", "years", "span", "net", "ci", "standardised", "patients", "deaths")]
    out = []
    for approach in ("period", "cohort"):
        rows = _estimates(survival, year, approach)
        rows = rows[rows["unit_level"] == "nation"].sort_values("years")
        for y in sorted(rows["years"].unique()):
            both = rows[rows["years"] == y]
            crude = both[both["standard"] == NONE].iloc[0]
            std = both[both["standard"] != NONE]
            shown = pd.notna(crude.net_survival)
            out.append(dict(zip(cols, (
                i18n.t(f"survival.approach.{approach}", lang), str(int(y)), _span(crude, lang),
                fmt.percent(crude.net_survival, lang) if shown else i18n.t("status.none", lang),
                fmt.interval(crude.ci_low, crude.ci_high, lang) if shown else "",
                fmt.percent(std["net_survival"].iloc[0], lang)
                if len(std) and pd.notna(std["net_survival"].iloc[0]) else "",
                _count(crude, "patients", lang), _count(crude, "deaths", lang)), strict=True)))
    right = {c: "right" for c in cols[1:]}
    return Table(pd.DataFrame(out), align=right,
                 notes=(i18n.t("survival.table_note", lang),))


def _count(row, column: str, lang: str) -> str:
    label = row.get(f"{column}_label")
    if isinstance(label, str) and label:
        return label
    value = row[column]
    return fmt.number(value, lang) if pd.notna(value) else ""


def regions_table(survival: pd.DataFrame, units: pd.DataFrame, year: int,
                  lang: str) -> Table:
    """Five-year net survival of the nation and each health region against the target."""
    rows = regions_five_year(survival, year)
    names = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    keep = sides.Sides.target(_target())
    unit, n, net = (i18n.t(k, lang) for k in ("axis.unit", "survival.column.patients",
                                              "survival.column.net"))
    ci, status = i18n.t("column.ci", lang), i18n.t("column.status", lang)
    std = i18n.t("survival.column.standardised", lang)
    standardised = _estimates(survival, year)
    standardised = standardised[(standardised["years"] == 5)
                                & (standardised["standard"] != NONE)].set_index(
        ["unit_level", "unit_id"])["net_survival"]
    out, fills = [], {}
    for i, r in enumerate(rows.itertuples()):
        shown = pd.notna(r.net_survival)
        s = standardised.get((r.unit_level, r.unit_id))
        out.append({unit: names.get((r.unit_level, r.unit_id), r.unit_id),
                    n: _count(pd.Series(r._asdict()), "patients", lang),
                    net: keep.percent(r.net_survival, lang) if shown
                    else i18n.t("status.none", lang),
                    ci: fmt.interval(r.ci_low, r.ci_high, lang) if shown else "",
                    std: fmt.percent(s, lang) if s is not None and pd.notna(s) else "",
                    status: status_text(r.target_status, lang)})
        if isinstance(r.target_status, str):
            fills[(i, status)] = theme.STATUS[r.target_status]["fill"]
    return Table(pd.DataFrame(out), align={n: "right", net: "right", ci: "right", std: "right"},
                 fills=fills, bold_rows=(0,),
                 notes=tuple(x for x in (keep.note(lang),) if x))

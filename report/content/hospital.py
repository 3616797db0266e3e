"""A hospital's own results next to its region and the nation: the content of the hospital
report (PDF and page). Only published, suppressed tables are used, so a hospital's report
shows nothing the public site would hide."""

from __future__ import annotations

import pandas as pd

from report.compute import registry, stats
from report.content import fmt, i18n, sides, theme
from report.content.charts._common import count_text
from report.content.published import PublishedTables
from report.content.tables import (
    Table,
    blank_reason,
    marked,
    preliminary_ids,
    preliminary_note,
    status_text,
)


def operating(results: PublishedTables, year: int | None = None) -> list[str]:
    """Hospitals with primary operations in the report year, in id order."""
    volume = results.table("volume")
    return sorted(volume.loc[volume["year"] == (year or results.year), "hospital_id"])


def lineage(results: PublishedTables, hospital_id: str) -> tuple[str, str]:
    """(trust_id, region_id) of a hospital."""
    units = results.table("units").set_index(["unit_level", "unit_id"])["parent_id"]
    trust = units[("hospital", hospital_id)]
    return trust, units[("trust", trust)]


def header(results: PublishedTables, hospital_id: str, lang: str) -> str:
    trust, region = lineage(results, hospital_id)
    return i18n.t("hospital.header", lang, name=results.unit_name(hospital_id, lang, "hospital"),
                  trust=results.unit_name(trust, lang, "trust"),
                  region=results.unit_name(region, lang, "region"), year=results.year)


def volume_sentence(results: PublishedTables, hospital_id: str, lang: str) -> str:
    volume = results.table("volume")
    row = volume[(volume.year == results.year) & (volume.hospital_id == hospital_id)].iloc[0]
    minimum = registry.settings().min_operations
    key = "hospital.volume_meets" if row.meets_recommendation else "hospital.volume_below"
    operations = count_text(row.primary_operations, row.get("primary_operations_label"), lang)
    return i18n.t("hospital.volume", lang, operations=operations, year=results.year,
                  status=i18n.t(key, lang, minimum=minimum))


def new_cases(results: PublishedTables, hospital_id: str) -> pd.DataFrame:
    """(year, cases, suppression_rule): the new cases (tumours, invasive and DCIS) the hospital
    is responsible for per year of diagnosis: every such tumour should have an assessment
    form, so they are the coverage table's expected assessment forms (already through
    disclosure control with the rest of that table)."""
    coverage = results.table("coverage")
    rows = coverage[(coverage.form_type == "assessment") & (coverage.unit_level == "hospital")
                    & (coverage.unit_id == hospital_id)]
    return pd.DataFrame({"year": rows["year"].astype(int).to_numpy(),
                         "cases": rows["expected"].to_numpy(),
                         "suppression_rule": rows["suppression_rule"].to_numpy()})


def cases_sentence(results: PublishedTables, hospital_id: str, lang: str) -> str:
    cases = new_cases(results, hospital_id)
    row = cases[cases.year == results.year]
    if not len(row):
        return ""
    value = row["cases"].iloc[0]
    if pd.isna(value):
        rule = row["suppression_rule"].iloc[0]
        text = i18n.t(f"suppressed.{rule}", lang) if isinstance(rule, str) else ""
    else:
        text = fmt.number(value, lang)
    return i18n.t("hospital.cases", lang, cases=text, year=results.year)


def _cell(row, lang: str, keep: sides.Sides) -> str:
    """'84,96 % (79,1–89,2)': the share as KEEP shows it (one decimal, or the ones that keep
    it on its side of the indicator's target levels) and its 95 % CI; or why it is hidden."""
    if row is None:
        return ""
    if pd.isna(row.percent):
        reason = row.suppression_rule
        return i18n.t(f"suppressed.{reason}", lang) if isinstance(reason, str) else ""
    return f"{keep.percent(row.percent, lang)} ({fmt.interval(row.ci_low, row.ci_high, lang)})"


def _row(results: PublishedTables, indicator: str, level: str, unit: str, year: int):
    """One indicator result (a named tuple), or None when the table has no such row."""
    index = results.rows("indicators", "indicator_id", "unit_level", "unit_id", "period")
    return index.get((indicator, level, unit, year))


def indicator_table(results: PublishedTables, hospital_id: str, lang: str) -> Table:
    """Every indicator: the hospital, its region and the nation with 95 % CI and status."""
    _, region = lineage(results, hospital_id)
    year = results.year
    cols = {k: i18n.t(f"column.{k}", lang) for k in
            ("indicator", "hospital_result", "region_result", "nation_result", "status")}
    cols["n"] = i18n.t("column.n", lang)
    out, fills, keeps, hidden = [], {}, [], {}
    preliminary = preliminary_ids(results.table("indicators"), year)
    for i, indicator in enumerate(registry.catalogue().indicators):
        own = _row(results, indicator.id, "hospital", hospital_id, year)
        status = own.target_status if own is not None else None
        keep = sides.Sides.target(indicator.target)
        keeps.append(keep)
        out.append({cols["indicator"]: marked(indicator.name[lang], indicator.id, preliminary),
                    cols["n"]: fmt.number(own.denominator, lang)
                    if own is not None and pd.notna(own.denominator) else "",
                    cols["hospital_result"]: _cell(own, lang, keep),
                    cols["status"]: status_text(status, lang),
                    cols["region_result"]: _cell(_row(results, indicator.id, "region", region,
                                                      year), lang, keep),
                    cols["nation_result"]: _cell(_row(results, indicator.id, "nation", "norway",
                                                      year), lang, keep)})
        if isinstance(status, str):
            fills[(i, cols["status"])] = theme.STATUS[status]["fill"]
        for col in (cols["n"], cols["hospital_result"], cols["status"]):  # the hospital's
            if not out[-1][col]:
                hidden[(i, col)] = _blank_reason(own, lang)
    frame = pd.DataFrame(out)
    # names and hidden-value reasons get the room: two lines a row, not four
    wide = sides.merged_note(keeps, lang)
    notes = (i18n.t("hospital.hidden_note", lang),) + ((wide,) if wide else ())
    if preliminary:
        notes += (preliminary_note(lang, year),)
    return Table(frame, align={cols["n"]: "right"}, fills=fills, notes=notes,
                 widths=("2.2fr", "auto", "1.7fr", "auto", "1.5fr", "1.5fr"), hidden=hidden,
                 compact=True)  # one row per indicator, every indicator on one page


def _blank_reason(own, lang: str) -> str:
    """Why a cell of the hospital's own result is blank: hidden by a rule, no target for a
    shown share, or no result."""
    if own is not None and pd.notna(own.percent):
        return i18n.t("table.no-target", lang)
    return blank_reason(getattr(own, "suppression_rule", None), lang)


def change(now, before, direction: str) -> str | None:
    """'better' or 'worse' when the share moved from BEFORE to NOW by more than chance
    (Fisher's exact test, two-sided, stats.CHANGE_LEVEL), in the indicator's DIRECTION; None
    when either year has no published share or the difference could be chance."""
    if now is None or before is None:
        return None
    counts = (before.numerator, before.denominator, now.numerator, now.denominator)
    if any(pd.isna(c) for c in counts):
        return None
    k1, n1, k2, n2 = (int(c) for c in counts)
    if stats.change_p_value(k1, n1, k2, n2) >= stats.CHANGE_LEVEL:
        return None
    up = k2 / n2 > k1 / n1
    return "better" if up == (direction == "higher") else "worse"


def watch_list(results: PublishedTables, hospital_id: str, lang: str) -> str:
    """A callout listing the indicators at low target level, and those whose share changed
    since last year by more than chance would explain, for the better and for the worse."""
    low, moved = [], {"better": [], "worse": []}
    for ind in registry.catalogue().indicators:
        name = ind.name[lang]
        now = _row(results, ind.id, "hospital", hospital_id, results.year)
        before = _row(results, ind.id, "hospital", hospital_id, results.year - 1)
        if now is None or not isinstance(now.target_status, str):
            continue
        keep = sides.Sides.target(ind.target)  # '69,96 %' under 'low', not '70,0 %'
        if now.target_status == "low":
            low.append(f"{name} ({keep.percent(now.percent, lang)})")
        way = change(now, before, ind.target.direction if ind.target else "higher")
        if way:
            moved[way].append(i18n.t("hospital.improved_item", lang, name=name,
                                     before=keep.percent(before.percent, lang),
                                     now=keep.percent(now.percent, lang)))
    none = i18n.t("hospital.none", lang)
    body = [f"**{i18n.t('hospital.low_title', lang)}:**", ""]
    body += [f"- {x}" for x in low] or [none]
    for way, title in (("better", "hospital.improved_title"), ("worse", "hospital.worse_title")):
        body += ["", f"**{i18n.t(title, lang)}:**", ""]
        body += [f"- {x}" for x in moved[way]] or [none]
    return "::: {.callout-note}\n" + "\n".join(body) + "\n:::\n"


def survival_sentence(results: PublishedTables, hospital_id: str, lang: str) -> str:
    """Five-year relative survival of the hospital's health region beside the nation's
    (survival is not published by hospital)."""
    from report.content import survival

    _, region = lineage(results, hospital_id)
    table = results.table("survival")
    nation = survival.headline(table, results.year)
    local = survival.headline(table, results.year, "region", region)
    first = int(nation["first_year"]) if nation is not None else results.year - 4
    return i18n.t("hospital.survival", lang, first=first, last=results.year,
                  region=results.unit_name(region, lang, "region"),
                  region_value=survival.value_text(local, lang),
                  nation_value=survival.value_text(nation, lang))

"""Tables of volume, coverage, completeness, new cases, incidence, pathway and neoadjuvant
treatment, from published frames, in the language asked for."""

from __future__ import annotations

import pandas as pd

from report.content import fmt, i18n, sides, theme
from report.content.charts._common import count_text, count_texts
from report.content.published import by_key
from report.content.tables import Table

SEXES = ("f", "m")
TUMOUR_TYPES = ("invasive", "dcis", "lcis", "other_in_situ")  # new_cases.tumour_type


def _names(units: pd.DataFrame, level: str, lang: str) -> pd.Series:
    return units[units["unit_level"] == level].set_index("unit_id")[f"name_{lang}"]


def volume_table(volume: pd.DataFrame, units: pd.DataFrame, year: int, lang: str,
                 years: int = 5) -> Table:
    """Hospitals (grouped by region) x the last five years of primary operations."""
    shown = volume[volume["year"] > year - years]
    names = _names(units, "hospital", lang)
    trust_region = _names(units, "trust", lang).index
    parent = units.set_index(["unit_level", "unit_id"])["parent_id"]
    region_name = _names(units, "region", lang)
    hospital_col, region_col = i18n.t("column.hospital", lang), i18n.t("column.region", lang)
    out = []
    for hospital in sorted(shown["hospital_id"].unique()):
        trust = parent.get(("hospital", hospital))
        region = parent.get(("trust", trust)) if trust in trust_region else None
        row = {region_col: region_name.get(region, ""), hospital_col: names.get(hospital)}
        for y in range(year - years + 1, year + 1):
            cell = shown[(shown.hospital_id == hospital) & (shown.year == y)]
            row[str(y)] = "" if not len(cell) else count_texts(cell, "primary_operations",
                                                                lang)[0]
        out.append(row)
    frame = pd.DataFrame(out).sort_values([region_col, hospital_col], kind="stable")
    frame = frame.reset_index(drop=True)
    fills = {}
    for i, row in frame.iterrows():
        cell = shown[(shown.year == year) & (shown.hospital_id.map(names) == row[hospital_col])]
        if len(cell) and not bool(cell.meets_recommendation.iloc[0]):
            fills[(i, str(year))] = theme.BELOW_FILL
    years_cols = [str(y) for y in range(year - years + 1, year + 1)]
    return Table(frame, align={c: "right" for c in years_cols}, fills=fills)


def coverage_table(coverage: pd.DataFrame, units: pd.DataFrame, year: int, lang: str,
                   limit: float, forms: tuple[str, ...]) -> Table:
    """Units (nation, regions, hospitals) x form types, coverage in whole per cent."""
    rows = coverage[coverage["year"] == year]
    rows = rows[rows["unit_level"].isin(["nation", "region", "hospital"])]
    label = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    order = {"nation": 0, "region": 1, "hospital": 2}
    keys = sorted({(r.unit_level, r.unit_id) for r in rows.itertuples()},
                  key=lambda k: (order[k[0]], k[1]))
    unit_col = i18n.t("axis.unit", lang)
    by_key = rows.set_index(["unit_level", "unit_id", "form_type"])
    out, fills, keep = [], {}, sides.Sides.coverage(0, limit)
    for i, (level, unit) in enumerate(keys):
        line = {unit_col: label.get((level, unit), unit)}
        for form in forms:
            header = i18n.label("form_type", form, lang)
            key = (level, unit, form)
            percent = by_key.loc[key, "percent"] if key in by_key.index else None
            line[header] = "" if percent is None else keep.percent(percent, lang)
            if percent is not None and pd.notna(percent) and percent < limit:
                fills[(i, header)] = theme.BELOW_FILL
        out.append(line)
    frame = pd.DataFrame(out)
    bold = tuple(i for i, (level, _) in enumerate(keys) if level != "hospital")
    notes = tuple(n for n in (keep.note(lang),) if n)
    return Table(frame, align={c: "right" for c in frame.columns[1:]}, fills=fills,
                 bold_rows=bold, notes=notes)


def side_note(level: float, lang: str) -> str:
    """Why a whole-per-cent table of coverage shows a decimal here and there."""
    return sides.note(lang, "coverage", 0, [level])


def completeness_table(completeness: pd.DataFrame, units: pd.DataFrame, year: int,
                       lang: str) -> Table:
    """Variables (rows) x nation and regions: share recorded."""
    rows = completeness[(completeness["year"] == year)
                        & completeness["unit_level"].isin(["nation", "region"])]
    label = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    columns = [("nation", "norway")] + sorted(
        {(r.unit_level, r.unit_id) for r in rows.itertuples() if r.unit_level == "region"})
    by_key = rows.set_index(["variable", "unit_level", "unit_id"])
    first = i18n.t("column.variable", lang)
    out = []
    for variable in sorted(rows["variable"].unique()):
        line = {first: i18n.label("variable", variable, lang)}
        for level, unit in columns:
            value = by_key.loc[(variable, level, unit), "percent"] \
                if (variable, level, unit) in by_key.index else None
            line[str(label.get((level, unit), unit))] = "" if value is None or pd.isna(value) \
                else fmt.percent(value, lang)
        out.append(line)
    frame = pd.DataFrame(out)
    return Table(frame, align={c: "right" for c in frame.columns[1:]})


def _count_cell(row, lang: str, min_count: int) -> tuple[int | None, str]:
    """(count or None if hidden, text) of one published new_cases row; no row is no case."""
    if row is None:
        return 0, fmt.number(0, lang)
    if pd.isna(row.cases):  # its label: '<5' for a small count, else the word for hidden
        return None, count_text(row.cases, getattr(row, "cases_label", None), lang)
    return int(row.cases), fmt.number(row.cases, lang)


def new_cases_table(new_cases: pd.DataFrame, year: int, lang: str, min_count: int,
                    years: int = 5) -> Table:
    """New cases per year of the last YEARS, for women and for men: invasive breast cancer
    (first), DCIS, LCIS and other in situ each on its own line, then their total.

    new_cases publishes no total (it declares no margin), so the total is the sum of the
    published parts: consistent with them, and never shown where a part is hidden, because
    a total beside a '<5' would give the hidden count away. A type without a row in a year
    had no cases there: the query counts the tumours there are."""
    first = max(year - years + 1, int(new_cases["year"].min()))
    shown = [str(y) for y in range(first, year + 1)]
    rows = by_key(new_cases, "year", "sex", "tumour_type")
    sex_col, type_col = i18n.t("column.sex", lang), i18n.t("column.tumour_type", lang)
    out, bold, hidden_total, repeated = [], [], False, {}
    for sex in SEXES:
        totals: dict[str, int | None] = dict.fromkeys(shown, 0)
        for i, kind in enumerate(TUMOUR_TYPES):
            if i:  # the sex is printed once a group; screen readers hear it on every row
                repeated[(len(out), sex_col)] = i18n.label("sex", sex, lang)
            line = {sex_col: i18n.label("sex", sex, lang) if i == 0 else "",
                    type_col: i18n.label("tumour_type", kind, lang)}
            for y in shown:
                value, line[y] = _count_cell(rows.get((int(y), sex, kind)), lang, min_count)
                total = totals[y]
                totals[y] = None if value is None or total is None else total + value
            out.append(line)
        hidden_total = hidden_total or any(v is None for v in totals.values())
        bold.append(len(out))
        repeated[(len(out), sex_col)] = i18n.label("sex", sex, lang)
        out.append({sex_col: "", type_col: i18n.t("category.total", lang),
                    **{y: i18n.t("suppressed.short", lang) if v is None
                       else fmt.number(v, lang) for y, v in totals.items()}})
    frame = pd.DataFrame(out)
    notes = (i18n.t("note.new_cases_total", lang, min=min_count),) if hidden_total else ()
    return Table(frame, align=dict.fromkeys(shown, "right"), bold_rows=tuple(bold), notes=notes,
                 widths=("auto", "auto", *(["1fr"] * len(shown))), hidden=repeated)


def incidence_table(rates: pd.DataFrame, year: int, lang: str) -> Table:
    rows = rates[rates["year"] == year]
    out = [{i18n.t("column.standard", lang): i18n.label("standard", r.standard, lang),
            i18n.t("column.cases", lang): fmt.number(r.cases, lang),
            i18n.t("column.crude_rate", lang): fmt.rate(r.crude_rate, lang),
            i18n.t("column.asr", lang): fmt.rate(r.asr, lang),
            i18n.t("column.ci", lang): fmt.interval(r.ci_low, r.ci_high, lang)}
           for r in rows.itertuples()]
    frame = pd.DataFrame(out)
    return Table(frame, align={c: "right" for c in frame.columns[1:]})


def pathway_table(pathway: pd.DataFrame, units: pd.DataFrame, year: int, lang: str) -> Table:
    rows = pathway[pathway["year"] == year].copy()
    rows["_order"] = rows["unit_level"].map({"nation": 0, "region": 1})
    rows = rows.sort_values(["first_treatment", "_order", "unit_id"], ascending=[False, True,
                                                                                True])
    label = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    out = []
    for r in rows.itertuples():
        shown = pd.notna(r.median_days)
        out.append({
            i18n.t("column.first_treatment", lang): i18n.label("first_treatment",
                                                               r.first_treatment, lang),
            i18n.t("axis.unit", lang): label.get((r.unit_level, r.unit_id), r.unit_id),
            i18n.t("column.patients", lang): fmt.number(r.patients, lang) if shown else "",
            i18n.t("column.median_days", lang): fmt.number(r.median_days, lang) if shown else "",
            i18n.t("column.quartiles", lang): (f"{fmt.number(r.q1_days, lang)}\u2013"
                                               f"{fmt.number(r.q3_days, lang)}") if shown else "",
            i18n.t("column.within", lang): fmt.percent(r.percent, lang)
            if pd.notna(r.percent) else "",
        })
    frame = pd.DataFrame(out)
    return Table(frame, align={c: "right" for c in frame.columns[2:]})


def neoadjuvant_table(neo: pd.DataFrame, year: int, lang: str, years: int = 5) -> Table:
    rows = neo[neo["year"] > year - years]
    first = i18n.t("column.subtype", lang)
    out = []
    for subtype in ("hormone_receptor_positive", "her2_positive", "triple_negative",
                    "unknown", "all"):
        line = {first: i18n.label("subtype", subtype, lang) if subtype not in
                ("unknown", "all") else i18n.label("category", subtype, lang)}
        for y in range(year - years + 1, year + 1):
            cell = rows[(rows.subtype == subtype) & (rows.year == y)]
            value = cell.percent.iloc[0] if len(cell) else None
            line[str(y)] = "" if value is None or pd.isna(value) else fmt.percent(value, lang)
        out.append(line)
    frame = pd.DataFrame(out)
    return Table(frame, align={c: "right" for c in frame.columns[1:]},
                 bold_rows=(len(frame) - 1,))



"""Tables of the pathology chapter (laboratories) and of neoadjuvant treatment per hospital,
from published frames, in the language asked for."""

from __future__ import annotations

import pandas as pd

from report.content import fmt, i18n
from report.content.charts._common import count_texts
from report.content.tables import Table, blank_reason

GRADES = ("1", "2", "3")
KI67_BANDS = ("00-10", "11-20", "21-30", "31-100")
FACTORS = ("grade", "ki67_percent", "er_positive", "pr_positive", "her2_positive")
SUBTYPES = ("hormone_receptor_positive", "her2_positive", "triple_negative")
# the rows of a category table, by result: its category column and the categories in order
CATEGORIES = {"grade_by_laboratory": ("grade", GRADES),
              "ki67_by_laboratory": ("ki67_band", KI67_BANDS)}


def laboratory_names(units: pd.DataFrame, lang: str) -> dict[str, str]:
    """laboratory_id -> name, with 'all' as the nation's name."""
    labs = units[units["unit_level"] == "laboratory"].set_index("unit_id")[f"name_{lang}"]
    nation = units.loc[units["unit_level"] == "nation", f"name_{lang}"]
    return {"all": str(nation.iloc[0]) if len(nation) else "all", **labs.to_dict()}


def category_word(column: str, code: str, lang: str) -> str:
    if code in ("unknown", "all"):
        return i18n.label("category", code, lang)
    return i18n.label(column, code, lang)


def _percent(value, lang: str) -> str:
    return "" if value is None or pd.isna(value) else fmt.percent(value, lang)


def _laboratories(rows: pd.DataFrame) -> list[str]:
    """Laboratories in id order, all laboratories together last."""
    found = sorted(x for x in rows["laboratory_id"].unique() if x != "all")
    return found + (["all"] if (rows["laboratory_id"] == "all").any() else [])


def distribution_table(frame: pd.DataFrame, result: str, units: pd.DataFrame, year: int,
                       lang: str) -> Table:
    """Laboratories x categories (grade or Ki-67 band): each category's share of the
    laboratory's reports, and the number of reports."""
    column, codes = CATEGORIES[result]
    rows = frame[frame["year"] == year]
    names = laboratory_names(units, lang)
    lab_col, n_col = i18n.t("column.laboratory", lang), i18n.t("column.n", lang)
    out = []
    for lab in _laboratories(rows):
        part = rows[rows["laboratory_id"] == lab].set_index(column)
        line = {lab_col: names.get(lab, lab)}
        for code in codes:
            line[category_word(column, code, lang)] = (
                _percent(part.at[code, "percent"], lang) if code in part.index else "")
        line[n_col] = count_texts(part.loc[["all"]], "cases", lang)[0] if "all" in part.index \
            else ""
        out.append(line)
    table = pd.DataFrame(out)
    return Table(table, align={c: "right" for c in table.columns[1:]},
                 bold_rows=(len(table) - 1,) if len(table) else ())


def factors_table(frame: pd.DataFrame, units: pd.DataFrame, year: int, lang: str) -> Table:
    """Laboratories x factors: the share of reports giving each factor."""
    rows = frame[frame["year"] == year]
    names = laboratory_names(units, lang)
    lab_col, n_col = i18n.t("column.laboratory", lang), i18n.t("column.n", lang)
    out = []
    for lab in _laboratories(rows):
        part = rows[rows["laboratory_id"] == lab].set_index("variable")
        line = {lab_col: names.get(lab, lab)}
        for factor in FACTORS:
            line[i18n.label("factor", factor, lang)] = (
                _percent(part.at[factor, "percent"], lang) if factor in part.index else "")
        line[n_col] = count_texts(part.iloc[[0]], "cases", lang)[0] if len(part) else ""
        out.append(line)
    table = pd.DataFrame(out)
    return Table(table, align={c: "right" for c in table.columns[1:]},
                 bold_rows=(len(table) - 1,) if len(table) else ())


def report_time_table(frame: pd.DataFrame, units: pd.DataFrame, year: int, days: int,
                      lang: str) -> Table:
    """Laboratories: reports, median days (quartiles) and the share within DAYS."""
    rows = frame[frame["year"] == year]
    names = laboratory_names(units, lang)
    within = i18n.t("column.within_days", lang, days=days)
    out = []
    for lab in _laboratories(rows):
        r = rows[rows["laboratory_id"] == lab]
        first = r.iloc[0]
        shown = pd.notna(first["median_days"])
        out.append({
            i18n.t("column.laboratory", lang): names.get(lab, lab),
            i18n.t("column.n", lang): count_texts(r, "reports", lang)[0],
            i18n.t("column.median_days", lang): fmt.number(first["median_days"], lang)
            if shown else "",
            i18n.t("column.quartiles", lang): (f"{fmt.number(first['q1_days'], lang)}\u2013"
                                               f"{fmt.number(first['q3_days'], lang)}")
            if shown else "",
            within: _percent(first["percent"], lang),
        })
    table = pd.DataFrame(out)
    return Table(table, align={c: "right" for c in table.columns[1:]},
                 bold_rows=(len(table) - 1,) if len(table) else ())


def neoadjuvant_hospital_table(frame: pd.DataFrame, units: pd.DataFrame, year: int,
                               lang: str) -> Table:
    """Nation, regions and hospitals x subtypes: the share given neoadjuvant treatment, and
    the number of operated tumours."""
    rows = frame[(frame["year"] == year)
                 & frame["unit_level"].isin(["nation", "region", "hospital"])]
    label = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    order = {"nation": 0, "region": 1, "hospital": 2}
    keys = sorted({(r.unit_level, r.unit_id) for r in rows.itertuples()},
                  key=lambda k: (order[k[0]], str(label.get(k, k[1]))))
    indexed = rows.set_index(["unit_level", "unit_id", "subtype"])
    unit_col, n_col = i18n.t("axis.unit", lang), i18n.t("column.n", lang)
    out, hidden = [], {}
    for i, (level, unit) in enumerate(keys):
        line = {unit_col: label.get((level, unit), unit)}
        for subtype in (*SUBTYPES, "all"):
            key = (level, unit, subtype)
            word = (i18n.label("subtype", subtype, lang) if subtype != "all"
                    else i18n.label("category", "all", lang))
            line[word] = _percent(indexed.at[key, "percent"], lang) if key in indexed.index \
                else ""
            if not line[word]:  # screen readers hear why: the rule, or no cases
                rule = (indexed.at[key, "suppression_rule"] if key in indexed.index
                        and "suppression_rule" in indexed.columns else None)
                hidden[(i, word)] = blank_reason(None if pd.isna(rule) else rule, lang)
        total = rows[(rows.unit_level == level) & (rows.unit_id == unit)
                     & (rows.subtype == "all")]
        line[n_col] = count_texts(total, "cases", lang)[0] if len(total) else ""
        if not line[n_col]:
            hidden[(i, n_col)] = blank_reason(None, lang)
        out.append(line)
    table = pd.DataFrame(out)
    bold = tuple(i for i, (level, _) in enumerate(keys) if level != "hospital")
    return Table(table, align={c: "right" for c in table.columns[1:]}, bold_rows=bold,
                 compact=True, widths=("2.4fr", "1.6fr", "1fr", "1fr", "1fr", "1fr"),
                 hidden=hidden)

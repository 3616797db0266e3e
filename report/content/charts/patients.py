"""Charts of the patients and their treatment: category shares, screening, pathway times and
neoadjuvant treatment."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, theme

from ._common import (
    COLUMN_GAP,
    column_width,
    count_texts,
    enc,
    finish,
    label_axis,
    names,
    one_decimal,
    region_order,
)


def _category_label(column: str, code: str, lang: str) -> str:
    if code == "unknown":
        return i18n.t("category.unknown", lang)
    return i18n.label(column, code, lang)


def distribution(frame: pd.DataFrame, column: str, lang: str):
    """Stacked bars of the category shares per year (stage, grade, subtype); 'all' excluded,
    'unknown' last and grey."""
    rows = frame[frame[column] != "all"]
    codes = sorted(c for c in rows[column].unique() if c != "unknown")
    codes += ["unknown"] if (rows[column] == "unknown").any() else []
    words = [_category_label(column, c, lang) for c in codes]
    year, pct = i18n.t("axis.year", lang), i18n.t("axis.percent", lang)
    keys = [k for k in (f"variable.{column}", f"column.{column}") if k in i18n.catalogue()]
    variable = i18n.t(keys[0] if keys else "chart.category", lang)
    cases = i18n.t("column.cases", lang)
    hidden = rows["suppressed"] | rows["percent"].isna()
    data = pd.DataFrame({
        year: rows["year"].to_numpy(),
        variable: [_category_label(column, c, lang) for c in rows[column]],
        pct: one_decimal(rows["percent"].where(~hidden)),
        cases: count_texts(rows, "cases", lang),
    }).sort_values([year, variable])
    colours = [theme.PALETTE[i % 6] for i in range(len(codes))]
    if codes and codes[-1] == "unknown":
        colours[-1] = theme.BAND
    chart = alt.Chart(data).mark_bar().encode(
        enc(alt.X, year, "ordinal", axis=alt.Axis(labelAngle=0)),
        enc(alt.Y, pct, "quantitative", stack="zero", scale=alt.Scale(domain=[0, 100])),
        color=enc(alt.Color, variable, "nominal", sort=words,
                  scale=alt.Scale(domain=words, range=colours)),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (year, variable, cases)]
        + [enc(alt.Tooltip, pct, "quantitative", format=".1f")],
    ).properties(width=theme.WIDTH, height=280)
    years = sorted(data[year].unique())
    desc = i18n.t("chart.desc.distribution", lang, variable=variable.lower(), first=years[0],
                  last=years[-1])
    return finish(chart, lang, desc)


def screen_share(screen_detected: pd.DataFrame, lang: str):
    """Share screen-detected per year for the invited ages (50-69) and other ages, with
    95 % intervals as bands."""
    rows = screen_detected[screen_detected["age_band"] != "all"].sort_values("year")
    bands = [b for b in ("50-69", "other") if (rows["age_band"] == b).any()]
    words = [i18n.label("age_band", b, lang) for b in bands]
    year, pct = i18n.t("axis.year", lang), i18n.t("axis.percent", lang)
    group, low, high = (i18n.t("axis.age_group", lang), i18n.t("chart.ci_low", lang),
                        i18n.t("chart.ci_high", lang))
    hidden = rows["suppressed"] | rows["percent"].isna()
    data = pd.DataFrame({
        group: [i18n.label("age_band", b, lang) for b in rows["age_band"]],
        year: rows["year"].to_numpy(),
        pct: one_decimal(rows["percent"].where(~hidden)),
        low: one_decimal(rows["ci_low"].where(~hidden)),
        high: one_decimal(rows["ci_high"].where(~hidden)),
        i18n.t("column.cases", lang): count_texts(rows, "cases", lang),
    })
    colour = enc(alt.Color, group, "nominal", title=None,
                 legend=alt.Legend(symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=2.5),
                 scale=alt.Scale(domain=words, range=[theme.BLUE, theme.ORANGE][:len(words)]))
    x = enc(alt.X, year, "ordinal", axis=alt.Axis(labelAngle=0))
    y = enc(alt.Y, pct, "quantitative", scale=alt.Scale(domain=[0, 100]))
    band = alt.Chart().mark_area(opacity=0.2).encode(
        x, enc(alt.Y, low, "quantitative", axis=alt.Axis(title=pct)), enc(alt.Y2, high, None),
        colour)
    lines = alt.Chart().mark_line().encode(x, y, colour)
    points = alt.Chart().mark_point(filled=True).encode(
        x, y, colour, tooltip=[enc(alt.Tooltip, c, "nominal") for c in data.columns])
    chart = alt.layer(band, lines, points, data=data).properties(width=theme.WIDTH, height=260)
    years = sorted(data[year].unique())
    last = data[(data[year] == years[-1]) & (data[group] == words[0])][pct]
    desc = i18n.t("chart.desc.screen_share", lang, first=years[0], last=years[-1],
                  share=fmt.percent(last.iloc[0], lang) if len(last) and pd.notna(last.iloc[0])
                  else i18n.t("suppressed.short", lang))
    return finish(chart, lang, desc)


def pathway_chart(pathway_times: pd.DataFrame, units: pd.DataFrame, year: int, lang: str):
    """Median days from referral to treatment (point) with the quartiles (line), by region and
    the nation, one colour per first treatment; the standard time as a line of that colour."""
    settings = registry.settings()
    rows = pathway_times[pathway_times["year"] == year]
    label = names(units, lang)
    keys = [("nation", "norway")] + [("region", r) for r in region_order(units)]
    order = [label.get(k, k[1]) for k in keys]
    unit, treat = i18n.t("axis.unit", lang), i18n.t("column.first_treatment", lang)
    median, q1, q3 = (i18n.t("chart.median", lang), i18n.t("chart.q1", lang),
                      i18n.t("chart.q3", lang))
    within, patients = i18n.t("column.within", lang), i18n.t("column.patients", lang)
    treatments = [t for t in ("surgery", "drug") if (rows["first_treatment"] == t).any()]
    words = [i18n.label("first_treatment", t, lang) for t in treatments]
    hidden = rows["suppressed"] | rows["median_days"].isna()
    data = pd.DataFrame({
        unit: [label.get(k, k[1]) for k in zip(rows["unit_level"], rows["unit_id"],
                                                 strict=True)],
        treat: [i18n.label("first_treatment", t, lang) for t in rows["first_treatment"]],
        median: [None if h else v for v, h in zip(rows["median_days"], hidden, strict=True)],
        q1: [None if h else v for v, h in zip(rows["q1_days"], hidden, strict=True)],
        q3: [None if h else v for v, h in zip(rows["q3_days"], hidden, strict=True)],
        within: [i18n.t("suppressed.short", lang) if h or pd.isna(p) else fmt.percent(p, lang)
                 for p, h in zip(rows["percent"], hidden, strict=True)],
        patients: count_texts(rows, "patients", lang),
    })
    colours = [theme.BLUE, theme.ORANGE][:len(words)]
    colour = enc(alt.Color, treat, "nominal", title=None,
                 scale=alt.Scale(domain=words, range=colours))
    y = enc(alt.Y, unit, "nominal", title=None, sort=order, axis=label_axis(
        order, order[:1], labelFontWeight=alt.ExprRef(
            f"datum.value == {json.dumps(order[0])} ? 'bold' : 'normal'")))
    offset = enc(alt.YOffset, treat, "nominal", sort=words)
    days = i18n.t("axis.days", lang)
    quartiles = alt.Chart().mark_rule(strokeWidth=2.5).encode(
        enc(alt.X, q1, "quantitative", axis=alt.Axis(title=days)), enc(alt.X2, q3, None), y,
        colour, yOffset=offset)
    points = alt.Chart().mark_point(filled=True, size=theme.STATUS_SIZE, opacity=1,
                                    stroke="white", strokeWidth=1).encode(
        enc(alt.X, median, "quantitative", axis=alt.Axis(title=days)), y, colour, yOffset=offset,
        shape=enc(alt.Shape, treat, "nominal", title=None, scale=alt.Scale(domain=words)),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in data.columns])
    standard = {"surgery": settings.surgery_days, "drug": settings.drug_days}
    std_title = i18n.t("chart.standard_days", lang)
    line = i18n.t("chart.standard_line", lang)
    # the dashed standard-time lines get their own legend entry (a dashed stroke)
    rules = alt.Chart(pd.DataFrame({treat: words, std_title: [standard[t] for t in treatments]})
                      ).transform_calculate(line=json.dumps(line)).mark_rule(
        strokeWidth=1.5).encode(
        enc(alt.X, std_title, "quantitative", axis=alt.Axis(title=days)), colour,
        strokeDash=alt.StrokeDash("line:N", title=None, scale=alt.Scale(
            domain=[line], range=[theme.REFERENCE["dash"]]),
            legend=alt.Legend(symbolType="stroke", symbolStrokeColor=theme.MUTED)),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (treat, std_title)])
    chart = alt.layer(rules, quartiles, points, data=data).properties(
        width=theme.BAR_WIDTH, height=alt.Step(14))
    desc = i18n.t("chart.desc.pathway_chart", lang, year=year,
                  surgery=fmt.number(settings.surgery_days, lang),
                  drug=fmt.number(settings.drug_days, lang))
    return finish(chart, lang, desc)


def neoadjuvant_chart(neoadjuvant_by_subtype: pd.DataFrame, year: int, lang: str):
    """Share given neoadjuvant treatment in YEAR by subtype, all subtypes first, with 95 %
    intervals and the share beside each bar."""
    rows = neoadjuvant_by_subtype[neoadjuvant_by_subtype["year"] == year]
    rows = rows.assign(_all=rows["subtype"] != "all").sort_values(
        ["_all", "percent"], ascending=[True, False])
    sub, pct = i18n.t("column.subtype", lang), i18n.t("axis.percent", lang)
    low, high = i18n.t("chart.ci_low", lang), i18n.t("chart.ci_high", lang)
    value, cases = i18n.t("chart.value", lang), i18n.t("column.cases", lang)
    hidden = rows["suppressed"] | rows["percent"].isna()
    data = pd.DataFrame({
        sub: [i18n.t("category.all", lang) if s == "all" else _category_label("subtype", s, lang)
              for s in rows["subtype"]],
        pct: one_decimal(rows["percent"].where(~hidden)),
        low: one_decimal(rows["ci_low"].where(~hidden)),
        high: one_decimal(rows["ci_high"].where(~hidden)),
        value: [i18n.t("suppressed.short", lang) if h else fmt.percent(p, lang)
                for p, h in zip(rows["percent"], hidden, strict=True)],
        cases: count_texts(rows, "cases", lang),
    })
    first = i18n.t("category.all", lang)
    y = enc(alt.Y, sub, "nominal", title=None, sort=list(data[sub]), axis=label_axis(
        data[sub], [first], labelFontWeight=alt.ExprRef(
            f"datum.value == {json.dumps(first)} ? 'bold' : 'normal'")))
    top = min(100.0, float(data[high].max() or 10) * 1.1)
    x = enc(alt.X, pct, "quantitative", scale=alt.Scale(domain=[0, top], nice=False,
                                                         range=[0, theme.BAR_WIDTH]))
    bars = alt.Chart().mark_bar(height={"band": 0.6}).encode(
        x, y, color=alt.ColorValue(theme.HOSPITAL, condition={
            "test": f"datum[{json.dumps(sub)}] == {json.dumps(first)}", "value": theme.NATION}),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (sub, value, cases)])
    whiskers = alt.Chart().mark_rule(color=theme.WHISKER, strokeWidth=1.5).encode(
        enc(alt.X, low, "quantitative", axis=alt.Axis(title=pct)), enc(alt.X2, high, None), y)
    values = alt.Chart().mark_text(align="left").encode(
        y, x=alt.XValue(theme.BAR_WIDTH + COLUMN_GAP), text=enc(alt.Text, value, "nominal"))
    chart = alt.layer(bars, whiskers, values, data=data).properties(
        width=theme.BAR_WIDTH + column_width(data[value]), height=alt.Step(theme.STEP + 6))
    all_row = data[data[sub] == first]
    desc = i18n.t("chart.desc.neoadjuvant_chart", lang, year=year,
                  share=all_row[value].iloc[0] if len(all_row) else "")
    return finish(chart, lang, desc, omit=(value,))  # the share written beside the bar

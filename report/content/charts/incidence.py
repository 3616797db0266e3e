"""Charts of new cases and incidence rates."""

from __future__ import annotations

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
)

SERIES = (("f", "invasive"), ("m", "invasive"), ("f", "dcis"), ("m", "dcis"))
STANDARDS = ("norway_2014", "europe_2013", "world_segi")


def _recent(frame: pd.DataFrame, column: str = "year") -> pd.DataFrame:
    """The last settings.years_shown years of FRAME."""
    last = int(frame[column].max())
    return frame[frame[column] > last - registry.settings().years_shown]


def _year_axis(name: str):
    return enc(alt.X, name, "ordinal", axis=alt.Axis(labelAngle=0))


def cases_by_year(new_cases: pd.DataFrame, lang: str):
    """New cases per year: women invasive, men invasive and DCIS, each in its own panel with
    its own scale (men are about 1 % of the cases)."""
    rows = _recent(new_cases)
    shown = [(s, k) in SERIES for s, k in zip(rows["sex"], rows["tumour_type"], strict=True)]
    rows = rows[shown]  # LCIS and other in situ are in the new cases table, not the chart
    year, cases = i18n.t("axis.year", lang), i18n.t("axis.cases", lang)
    series, text = i18n.t("chart.series", lang), i18n.t("chart.count", lang)
    present = [s for s in SERIES if ((rows["sex"] == s[0]) & (rows["tumour_type"] == s[1])).any()]
    words = [i18n.t(f"chart.{sex}_{kind}", lang) for sex, kind in present]
    word = {s: w for s, w in zip(present, words, strict=True)}
    hidden = rows["suppressed"] | rows["cases"].isna()
    data = pd.DataFrame({
        series: [word[(s, k)] for s, k in zip(rows["sex"], rows["tumour_type"], strict=True)],
        year: rows["year"].to_numpy(),
        cases: [None if h else int(v) for v, h in zip(rows["cases"], hidden, strict=True)],
        text: count_texts(rows, "cases", lang),
    }).sort_values([series, year])
    colour = enc(alt.Color, series, "nominal", legend=None,
                 scale=alt.Scale(domain=words, range=list(theme.PALETTE[:len(words)])))
    x = enc(alt.X, year, "quantitative", scale=alt.Scale(zero=False, nice=False),
            axis=alt.Axis(format="d", tickMinStep=1, tickCount=4))
    base = alt.Chart().encode(x, enc(alt.Y, cases, "quantitative",
                                                    axis=alt.Axis(format=",d")), colour)
    layer = alt.layer(base.mark_line(), base.mark_point(filled=True).encode(
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (series, year, text)]))
    chart = layer.properties(width=140, height=200).facet(
        column=enc(alt.Column, series, "nominal", title=None, sort=words),
        data=data, spacing=16).resolve_scale(y="independent")
    years = sorted(data[year].unique())
    women = data[(data[series] == words[0]) & (data[year] == years[-1])][text]
    desc = i18n.t("chart.desc.cases_by_year", lang, first=years[0], last=years[-1],
                  women=women.iloc[0] if len(women) else "")
    return finish(chart, lang, desc, omit=(cases,))  # the count is in TEXT ('<5' if hidden)


def age_specific_rates(cases_by_age: pd.DataFrame, year: int, lang: str):
    """Rate per 100 000 person-years by age group in YEAR, women and men side by side."""
    rows = cases_by_age[(cases_by_age["year"] == year) & (cases_by_age["age_group"] != "all")]
    age, rate = i18n.t("axis.age_group", lang), i18n.t("axis.rate", lang)
    sex, text = i18n.t("chart.series", lang), i18n.t("column.cases", lang)
    hidden = rows["suppressed"] | rows["rate"].isna()
    data = pd.DataFrame({
        age: [fmt.age_group(a) for a in rows["age_group"]],
        sex: [i18n.label("sex", s, lang) for s in rows["sex"]],
        rate: one_decimal(rows["rate"].where(~hidden)),
        text: count_texts(rows, "cases", lang),
    })
    sexes = [i18n.label("sex", s, lang) for s in ("f", "m") if (rows["sex"] == s).any()]
    ages = [fmt.age_group(a) for a in sorted(rows["age_group"].unique())]  # '00-29' first
    chart = alt.Chart(data).mark_bar().encode(
        enc(alt.X, age, "ordinal", sort=ages, axis=alt.Axis(labelAngle=0)),
        enc(alt.Y, rate, "quantitative", axis=alt.Axis(format=",d")),
        xOffset=enc(alt.XOffset, sex, "nominal", sort=sexes),
        color=enc(alt.Color, sex, "nominal", title=None,
                  scale=alt.Scale(domain=sexes, range=[theme.BLUE, theme.ORANGE][:len(sexes)])),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (sex, age, text)]
        + [enc(alt.Tooltip, rate, "quantitative", format=",.1f")],
    ).properties(width=theme.WIDTH, height=260)
    women = data[data[sex] == i18n.label("sex", "f", lang)].dropna(subset=[rate])
    peak = women.loc[women[rate].idxmax()] if len(women) else None
    desc = i18n.t("chart.desc.age_specific_rates", lang, year=year,
                  groups=i18n.t("chart.groups_fm" if len(sexes) > 1 else "chart.groups_f", lang),
                  peak=peak[age] if peak is not None else "",
                  rate=fmt.rate(peak[rate], lang) if peak is not None else "")
    return finish(chart, lang, desc)


def incidence_trend(incidence_rates: pd.DataFrame, lang: str):
    """Age-standardised rate per standard population with its 95 % band, and the crude rate."""
    rows = _recent(incidence_rates)
    year, rate = i18n.t("axis.year", lang), i18n.t("axis.rate", lang)
    series = i18n.t("column.standard", lang)
    low, high = i18n.t("chart.ci_low", lang), i18n.t("chart.ci_high", lang)
    standards = [s for s in STANDARDS if (rows["standard"] == s).any()]
    asr = pd.DataFrame({
        series: [i18n.label("standard", s, lang) for s in rows["standard"]],
        year: rows["year"].to_numpy(), rate: one_decimal(rows["asr"]),
        low: one_decimal(rows["ci_low"]), high: one_decimal(rows["ci_high"])})
    crude_rows = rows.drop_duplicates("year")
    crude = pd.DataFrame({series: i18n.t("chart.crude", lang), year: crude_rows["year"].to_numpy(),
                          rate: one_decimal(crude_rows["crude_rate"])})
    data = pd.concat([asr, crude], ignore_index=True)
    words = [i18n.label("standard", s, lang) for s in standards] + [i18n.t("chart.crude", lang)]
    colours = list(theme.PALETTE[:len(standards)]) + [theme.BLACK]
    colour = enc(alt.Color, series, "nominal", title=None,
                 legend=alt.Legend(symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=2.5),
                 scale=alt.Scale(domain=words, range=colours))
    x, y = _year_axis(year), enc(alt.Y, rate, "quantitative", scale=alt.Scale(zero=True))
    band = alt.Chart().mark_area(opacity=0.18).encode(
        x, enc(alt.Y, low, "quantitative", axis=alt.Axis(title=rate)), enc(alt.Y2, high, None),
        colour)
    dash = alt.StrokeDash(field=series, type="nominal", title=None, scale=alt.Scale(
        domain=words, range=[[1, 0]] * len(standards) + [[5, 3]]))
    lines = alt.Chart().mark_line().encode(x, y, colour, strokeDash=dash)
    points = alt.Chart().mark_point(filled=True, size=30).encode(
        x, y, colour, tooltip=[enc(alt.Tooltip, series, "nominal"),
                               enc(alt.Tooltip, year, "ordinal"),
                               enc(alt.Tooltip, rate, "quantitative", format=",.1f")])
    chart = alt.layer(band, lines, points, data=data).properties(width=theme.WIDTH, height=300)
    years = sorted(data[year].unique())
    last = crude[crude[year] == years[-1]][rate]
    desc = i18n.t("chart.desc.incidence_trend", lang, first=years[0], last=years[-1],
                  crude=fmt.rate(last.iloc[0], lang) if len(last) else "")
    return finish(chart, lang, desc)


def _unit_rates(frame: pd.DataFrame, id_column: str, level: str, units: pd.DataFrame,
                year: int, standard: str, lang: str):
    rows = frame[(frame["year"] == year) & (frame["standard"] == standard)]
    rows = rows.sort_values("asr", ascending=False, na_position="last")
    label = names(units, lang)
    unit, rate = i18n.t(f"unit_level.{level}", lang), i18n.t("axis.rate", lang)
    low, high = i18n.t("chart.ci_low", lang), i18n.t("chart.ci_high", lang)
    value, cases = i18n.t("chart.value", lang), i18n.t("column.cases", lang)
    hidden = rows["suppressed"] | rows["asr"].isna()
    data = pd.DataFrame({
        unit: [label.get((level, u), u) for u in rows[id_column]],
        rate: one_decimal(rows["asr"].where(~hidden)),
        low: one_decimal(rows["ci_low"].where(~hidden)),
        high: one_decimal(rows["ci_high"].where(~hidden)),
        value: [i18n.t("suppressed.short", lang) if h else fmt.rate(v, lang)
                for v, h in zip(rows["asr"], hidden, strict=True)],
        cases: [i18n.t("suppressed.short", lang) if h else fmt.number(v, lang)
                for v, h in zip(rows["cases"], hidden, strict=True)],
    })
    y = enc(alt.Y, unit, "nominal", title=None, sort=list(data[unit]),
            axis=label_axis(data[unit]))
    top = float(data[high].max() or 1) * 1.05
    x = enc(alt.X, rate, "quantitative", scale=alt.Scale(domain=[0, top], nice=False,
                                                          range=[0, theme.BAR_WIDTH]),
            axis=alt.Axis(format=",d"))
    bars = alt.Chart().mark_bar(height={"band": 0.7}, color=theme.REGION).encode(
        x, y, tooltip=[enc(alt.Tooltip, c, "nominal") for c in (unit, value, cases)])
    whiskers = alt.Chart().mark_rule(color=theme.WHISKER, strokeWidth=1.5).encode(
        enc(alt.X, low, "quantitative", axis=alt.Axis(title=rate)), enc(alt.X2, high, None), y)
    values = alt.Chart().mark_text(align="left").encode(
        y, x=alt.XValue(theme.BAR_WIDTH + COLUMN_GAP), text=enc(alt.Text, value, "nominal"))
    chart = alt.layer(bars, whiskers, values, data=data).properties(
        width=theme.BAR_WIDTH + column_width(data[value]), height=alt.Step(theme.STEP))
    shown = data.dropna(subset=[rate])
    desc = i18n.t("chart.desc.unit_rates", lang,
                  standard=i18n.label("standard", standard, lang), unit=unit.lower(), year=year,
                  top=shown[unit].iloc[0] if len(shown) else "",
                  rate=shown[value].iloc[0] if len(shown) else "")
    return finish(chart, lang, desc, omit=(value,))  # the rate written beside the bar


def region_rates(incidence_by_region: pd.DataFrame, units: pd.DataFrame, year: int,
                 standard: str, lang: str):
    """Age-standardised rate by region in YEAR, sorted, with 95 % intervals."""
    return _unit_rates(incidence_by_region, "region_id", "region", units, year, standard, lang)


def county_rates(incidence_by_county: pd.DataFrame, units: pd.DataFrame, year: int,
                 standard: str, lang: str):
    """Age-standardised rate by county in YEAR, sorted, with 95 % intervals."""
    return _unit_rates(incidence_by_county, "county_code", "county", units, year, standard,
                       lang)

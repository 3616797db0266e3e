"""Charts of relative (net) survival: the curves of the latest window, the five-year estimate
of each health region against the target, and its trend over successive windows."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, theme
from report.content.survival import regions_five_year

from ._common import enc, finish, label_axis, one_decimal

NONE = "none"


def _category(group: str, value: str, lang: str) -> str:
    if group == "all":
        return i18n.t("survival.all_women", lang)
    if group == "stage":
        return i18n.label("stage", value, lang)
    return i18n.t("survival.age_group", lang, group=value.replace("-", "\u2013"))


def survival_curves(curves: pd.DataFrame, group: str, lang: str):
    """Net survival 0-10 years after diagnosis, nationally: all women with the 95 % band,
    or one line per stage or age group."""
    rows = curves[(curves["unit_level"] == "nation") & (curves["group"] == group)]
    rows = rows[rows["net_survival"].notna()]
    years, net = i18n.t("survival.axis.years", lang), i18n.t("survival.axis.net", lang)
    series = i18n.t(f"survival.series.{group}", lang)
    low, high = i18n.t("chart.ci_low", lang), i18n.t("chart.ci_high", lang)
    order = list(dict.fromkeys(rows["category"]))
    words = [_category(group, c, lang) for c in order]
    data = pd.DataFrame({series: [_category(group, c, lang) for c in rows["category"]],
                         years: (rows["month"] / 12).round(3).to_numpy(),
                         net: one_decimal(rows["net_survival"]),
                         low: one_decimal(rows["ci_low"]), high: one_decimal(rows["ci_high"])})
    colour = enc(alt.Color, series, "nominal", title=None, sort=words,
                 legend=None if group == "all" else alt.Legend(symbolType="stroke"),
                 scale=alt.Scale(domain=words, range=list(theme.PALETTE[:len(words)])))
    x = enc(alt.X, years, "quantitative", scale=alt.Scale(domain=[0, 10], nice=False),
            axis=alt.Axis(values=list(range(11)), format="d"))
    top = max(100.0, float(np.ceil(rows["net_survival"].max()))) if len(rows) else 100.0
    scale = alt.Scale(domain=[0 if group != "all" else 50, top], nice=False)
    y = enc(alt.Y, net, "quantitative", scale=scale)
    layers = []
    if group == "all":
        layers.append(alt.Chart().mark_area(opacity=0.25, interpolate="step-after").encode(
            x, enc(alt.Y, low, "quantitative", axis=alt.Axis(title=net), scale=scale),
            enc(alt.Y2, high, None), colour))
    layers.append(alt.Chart().mark_line(interpolate="step-after").encode(
        x, y, colour, tooltip=[enc(alt.Tooltip, series, "nominal"),
                               enc(alt.Tooltip, years, "quantitative", format=".1f"),
                               enc(alt.Tooltip, net, "quantitative", format=".1f")]))
    chart = alt.layer(*layers, data=data).properties(width=theme.WIDTH, height=300)
    five = rows[rows["month"] == 60]
    text = "; ".join(f"{_category(group, r.category, lang)} {fmt.percent(r.net_survival, lang)}"
                     for r in five.itertuples())
    desc = i18n.t("chart.desc.survival_curves", lang, first=int(rows["first_year"].min()),
                  last=int(rows["period"].max()), five=text) if len(rows) else ""
    return finish(chart, lang, desc)


def survival_trend(survival: pd.DataFrame, lang: str):
    """The national five-year period estimate of each window, unstandardised and
    age-standardised, with the 95 % band and the national target."""
    rows = survival[(survival["approach"] == "period") & (survival["unit_level"] == "nation")
                    & (survival["group"] == "all") & (survival["years"] == 5)]
    rows = rows[rows["net_survival"].notna()].sort_values("period")
    window, net = i18n.t("survival.axis.window", lang), i18n.t("survival.axis.net", lang)
    series = i18n.t("survival.series.standard", lang)
    low, high = i18n.t("chart.ci_low", lang), i18n.t("chart.ci_high", lang)
    words = [i18n.t(f"survival.standard.{s}", lang) for s in (NONE, "icss_1")]
    data = pd.DataFrame({
        series: [words[0] if s == NONE else words[1] for s in rows["standard"]],
        window: [f"{int(a)}\u2013{int(b)}" for a, b in zip(rows["first_year"], rows["period"],
                                                           strict=True)],
        net: one_decimal(rows["net_survival"]), low: one_decimal(rows["ci_low"]),
        high: one_decimal(rows["ci_high"])})
    colour = enc(alt.Color, series, "nominal", title=None,
                 legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2.5),
                 scale=alt.Scale(domain=words, range=[theme.BLUE, theme.ORANGE]))
    x = enc(alt.X, window, "ordinal", axis=alt.Axis(labelAngle=-40))
    scale = alt.Scale(domain=[80, 100], nice=False)
    y = enc(alt.Y, net, "quantitative", scale=scale)
    band = alt.Chart().mark_area(opacity=0.15).encode(
        x, enc(alt.Y, low, "quantitative", axis=alt.Axis(title=net), scale=scale),
        enc(alt.Y2, high, None), colour)
    line = alt.Chart().mark_line(point=True).encode(
        x, y, colour, tooltip=[enc(alt.Tooltip, c, "nominal") for c in (series, window)]
        + [enc(alt.Tooltip, net, "quantitative", format=".1f")])
    target = registry.catalogue().get("survival").target.high
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(
        color=theme.TARGET_LINES["high"]["color"], strokeDash=[4, 3]).encode(
        y=alt.Y("target:Q", scale=scale))
    chart = alt.layer(band, line, rule, data=data).properties(width=theme.WIDTH, height=280)
    crude = data[data[series] == words[0]]
    desc = i18n.t("chart.desc.survival_trend", lang, first=crude[window].iloc[0],
                  last=crude[window].iloc[-1],
                  start=fmt.percent(rows[rows["standard"] == NONE]["net_survival"].iloc[0], lang),
                  end=fmt.percent(rows[rows["standard"] == NONE]["net_survival"].iloc[-1], lang),
                  target=fmt.percent(target, lang, 0)) if len(crude) else ""
    return finish(chart, lang, desc)


def survival_regions(survival: pd.DataFrame, units: pd.DataFrame, year: int, lang: str):
    """Five-year net survival of the nation and each health region in the latest window, with
    the 95 % interval, the target line and each unit's status (shape and colour, as for every
    indicator)."""
    rows = regions_five_year(survival, year)
    rows = rows[rows["net_survival"].notna()]
    names = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    unit, net = i18n.t("axis.unit", lang), i18n.t("survival.axis.net", lang)
    low, high = i18n.t("chart.ci_low", lang), i18n.t("chart.ci_high", lang)
    status = i18n.t("column.status", lang)
    labels = [names.get((r.unit_level, r.unit_id), r.unit_id) for r in rows.itertuples()]
    words = {s: i18n.t(f"status.{s}", lang) for s in theme.STATUS_ORDER}
    data = pd.DataFrame({unit: labels, net: one_decimal(rows["net_survival"]),
                         low: one_decimal(rows["ci_low"]), high: one_decimal(rows["ci_high"]),
                         status: [words.get(s, "") for s in rows["target_status"]]})
    target = registry.catalogue().get("survival").target.high
    values = list(rows["ci_low"]) + list(rows["ci_high"]) + [target]
    lo = float(np.floor(min(values) / 5) * 5) if len(rows) else 80.0
    hi = float(min(100.0, np.ceil(max(values) / 5) * 5)) if len(rows) else 100.0
    scale = alt.Scale(domain=[lo, max(hi, lo + 5)], nice=False, zero=False)
    nation = labels[:1] if len(rows) and rows["unit_level"].iloc[0] == "nation" else []
    y = enc(alt.Y, unit, "nominal", sort=labels, title=None, axis=label_axis(
        labels, nation, labelLimit=0, labelFontWeight=alt.ExprRef(
            f"indexof({json.dumps(nation)}, datum.value) >= 0 ? 'bold' : 'normal'")))
    whisker = alt.Chart().mark_rule(color=theme.MUTED).encode(
        enc(alt.X, low, "quantitative", scale=scale, axis=alt.Axis(title=net)),
        enc(alt.X2, high, None), y)
    shown = [s for s in theme.STATUS_ORDER if words[s] in set(data[status])]
    point = alt.Chart().mark_point(filled=True, size=theme.STATUS_SIZE, opacity=1).encode(
        enc(alt.X, net, "quantitative", scale=scale), y,
        enc(alt.Color, status, "nominal", scale=alt.Scale(
            domain=[words[s] for s in shown],
            range=[theme.STATUS[s]["color"] for s in shown])),
        enc(alt.Shape, status, "nominal", scale=alt.Scale(
            domain=[words[s] for s in shown],
            range=[theme.STATUS[s]["shape"] for s in shown])),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (unit, status)]
        + [enc(alt.Tooltip, c, "quantitative", format=".1f") for c in (net, low, high)])
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(
        color=theme.TARGET_LINES["high"]["color"], strokeDash=[4, 3]).encode(
        x=alt.X("target:Q", scale=scale))
    chart = alt.layer(whisker, point, rule, data=data).properties(
        width=theme.BAR_WIDTH, height=32 * max(len(data), 1))  # room for names on two lines
    text = "; ".join(f"{u} {fmt.percent(v, lang)}" for u, v in
                     zip(labels, rows["net_survival"], strict=True))
    desc = i18n.t("chart.desc.survival_regions", lang, first=int(rows["first_year"].min()),
                  last=year, values=text, target=fmt.percent(target, lang, 0),
                  low=fmt.number(lo, lang)) if len(rows) else ""
    return finish(chart, lang, desc)

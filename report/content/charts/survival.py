"""Charts of relative (net) survival: the curves of the latest window and the trend of the
five-year estimate over successive windows."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, theme

from ._common import enc, finish, one_decimal

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

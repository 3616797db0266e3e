"""Charts of one hospital's results for its own report: every indicator next to its region
and the nation, five-year trends, its place in each funnel plot, volume and coverage."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from report import fmt, i18n, registry, stats, theme

from ._common import (
    COLUMN_GAP,
    column_width,
    enc,
    finish,
    hospital_region,
    label_axis,
    names,
    one_decimal,
    wrapped_labels,
)


def _w(lang: str) -> dict[str, str]:
    keys = ("this", "others", "region", "nation", "unit", "indicator", "year", "share",
            "patients", "form")
    return {k: i18n.t(f"hchart.{k}", lang) for k in keys}


def _indicator_names(lang: str) -> list[tuple[str, str]]:
    return [(i.id, i.name[lang]) for i in registry.catalogue().indicators]


def hospital_indicators(indicators: pd.DataFrame, units: pd.DataFrame, hospital: str,
                        year: int, lang: str):
    """One row per indicator: the hospital (status shape and colour, 95 % CI), region, nation."""
    w = _w(lang)
    region = hospital_region(units)[hospital]
    rows = indicators[indicators["period"] == year]
    series = [(w["this"], "hospital", hospital), (w["region"], "region", region),
              (w["nation"], "nation", "norway")]
    data = []
    for indicator, name in _indicator_names(lang):
        for label, level, unit in series:
            r = rows[(rows.indicator_id == indicator) & (rows.unit_level == level)
                     & (rows.unit_id == unit)]
            if not len(r) or pd.isna(r.percent.iloc[0]):
                continue
            status = r.target_status.iloc[0]
            data.append({w["indicator"]: name, w["unit"]: label,
                         w["share"]: round(float(r.percent.iloc[0]), 1),
                         "ci_low": round(float(r.ci_low.iloc[0]), 1),
                         "ci_high": round(float(r.ci_high.iloc[0]), 1),
                         "status": theme.status_word(status, lang) if level == "hospital"
                         and isinstance(status, str) else label})
    frame = pd.DataFrame(data)
    order = [n for _, n in _indicator_names(lang)]
    y = enc(alt.Y, w["indicator"], "nominal", sort=order, title=None,
            axis=label_axis(order, labelLimit=0))
    x = enc(alt.X, w["share"], "quantitative", scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(values=list(range(0, 101, 20))))
    words = [theme.status_word(s, lang) for s in theme.STATUS_ORDER] + [w["region"], w["nation"]]
    shapes = [theme.STATUS[s]["shape"] for s in theme.STATUS_ORDER] + ["diamond", "cross"]
    colours = [theme.STATUS[s]["color"] for s in theme.STATUS_ORDER] + [theme.REGION,
                                                                        theme.NATION]
    legend = alt.Legend(title=None, orient="bottom", columns=3)
    own = frame[frame[w["unit"]] == w["this"]]
    whiskers = alt.Chart(own).mark_rule(color=theme.WHISKER).encode(
        y, alt.X("ci_low:Q"), alt.X2("ci_high:Q"))
    points = alt.Chart(frame).mark_point(filled=True, size=theme.STATUS_SIZE, opacity=1).encode(
        y, x, shape=alt.Shape("status:N", scale=alt.Scale(domain=words, range=shapes),
                              legend=legend),
        color=alt.Color("status:N", scale=alt.Scale(domain=words, range=colours),
                        legend=legend),
        tooltip=[enc(alt.Tooltip, w["indicator"], "nominal"),
                 enc(alt.Tooltip, w["unit"], "nominal"),
                 enc(alt.Tooltip, w["share"], "quantitative", format=".1f")])
    chart = alt.layer(whiskers, points).properties(width=300, height=alt.Step(22))
    desc = i18n.t("hchart.desc.indicators", lang, year=year,
                  hospital=_name(units, hospital, lang), shown=len(own),
                  total=len(order))
    return finish(chart, lang, desc)


def _name(units: pd.DataFrame, hospital: str, lang: str) -> str:
    return names(units, lang).get(("hospital", hospital), hospital)


def hospital_trend(indicators: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                   lang: str, years: int = 5):
    """Small multiples: each indicator over the last five years, the hospital and the nation."""
    w = _w(lang)
    rows = indicators[(indicators["period"] > year - years) & (indicators["period"] <= year)]
    keep = ((rows.unit_level == "hospital") & (rows.unit_id == hospital)) | (
        rows.unit_level == "nation")
    rows = rows[keep & rows["percent"].notna()]
    label = dict(_indicator_names(lang))
    frame = pd.DataFrame({
        w["indicator"]: [label[i] for i in rows["indicator_id"]],
        w["unit"]: [w["this"] if lv == "hospital" else w["nation"] for lv in rows.unit_level],
        w["year"]: rows["period"].astype(int).to_numpy(),
        w["share"]: one_decimal(rows["percent"]),
    })
    colour = enc(alt.Color, w["unit"], "nominal",
                 scale=alt.Scale(domain=[w["this"], w["nation"]],
                                 range=[theme.HOSPITAL, theme.NATION]),
                 legend=alt.Legend(title=None, orient="bottom"))
    base = alt.Chart().encode(
        enc(alt.X, w["year"], "ordinal", axis=alt.Axis(labelAngle=0), title=None),
        enc(alt.Y, w["share"], "quantitative", scale=alt.Scale(zero=False)), colour)
    chart = alt.layer(base.mark_line(), base.mark_point(filled=True, size=30),
                      data=frame).properties(width=150, height=90).facet(
        facet=alt.Facet(f"{w['indicator']}:N", title=None,
                        sort=[n for _, n in _indicator_names(lang)],
                        header=_header(lang, 150)), columns=3)
    desc = i18n.t("hchart.desc.trend", lang, first=year - years + 1, last=year,
                  hospital=_name(units, hospital, lang))
    return finish(chart, lang, desc)


def _header(lang: str, width: float) -> alt.Header:
    """Facet headers with the indicator names in full, on two or three lines (a name cut
    with '…' over a small chart leaves the reader guessing which indicator it is)."""
    size = theme.LABEL_SIZE - 1
    return alt.Header(labelFontSize=size, labelLimit=0, labelLineHeight=size + 2,
                      labelExpr=wrapped_labels([n for _, n in _indicator_names(lang)], width,
                                               size, bold=True))


def _limits(p: float, n_max: float) -> pd.DataFrame:
    n = np.unique(np.geomspace(10, max(n_max * 1.1, 20), 40).round())
    low95, high95 = stats.funnel_limits(p, n)
    low998, high998 = stats.funnel_limits(p, n, stats.Z998)
    return pd.DataFrame({"n": np.tile(n, 4), "limit": np.concatenate([low95, high95, low998,
                                                                       high998]),
                         "side": np.repeat(["l95", "h95", "l998", "h998"], len(n))})


def hospital_funnels(indicators: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                     lang: str):
    """Small funnel plots, one per indicator, with the hospital highlighted."""
    w = _w(lang)
    rows = indicators[indicators["period"] == year]
    parts = []
    for indicator, name in _indicator_names(lang):
        nation = rows[(rows.indicator_id == indicator) & (rows.unit_level == "nation")]
        hosp = rows[(rows.indicator_id == indicator) & (rows.unit_level == "hospital")
                    & rows.percent.notna() & rows.denominator.notna()]
        if not len(nation) or pd.isna(nation.percent.iloc[0]) or not len(hosp):
            continue
        limits = _limits(float(nation.percent.iloc[0]) / 100, float(hosp.denominator.max()))
        parts.append(pd.DataFrame({
            w["indicator"]: name, w["patients"]: limits["n"].to_numpy(),
            w["share"]: limits["limit"].round(1).to_numpy(), "kind": limits["side"].to_numpy()}))
        parts.append(pd.DataFrame({
            w["indicator"]: name, w["patients"]: hosp["denominator"].astype(float).to_numpy(),
            w["share"]: hosp["percent"].round(1).to_numpy(),
            "kind": [w["this"] if h == hospital else w["others"] for h in hosp["unit_id"]]}))
    frame = pd.concat(parts, ignore_index=True)
    x = enc(alt.X, w["patients"], "quantitative", scale=alt.Scale(type="log", nice=False),
            axis=alt.Axis(values=[10, 30, 100, 300, 1000], format=",d"))
    y = enc(alt.Y, w["share"], "quantitative", scale=alt.Scale(zero=False))
    sides = ["l95", "h95", "l998", "h998"]
    lines = alt.Chart().transform_filter(alt.FieldOneOfPredicate("kind", sides)).mark_line(
        color=theme.MUTED, strokeWidth=1).encode(
        x, y, detail="kind:N",
        strokeDash=alt.StrokeDash("kind:N", legend=None, scale=alt.Scale(
            domain=sides, range=[[4, 2], [4, 2], [1, 0], [1, 0]])))
    points = alt.Chart().transform_filter(
        alt.FieldOneOfPredicate("kind", [w["others"], w["this"]])).mark_point(
        filled=True, opacity=1).encode(
        x, y, order=alt.Order("kind:N", sort="descending"),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=[w["this"], w["others"]], range=[theme.BELOW, theme.BAND]),
                        legend=alt.Legend(orient="bottom")),
        size=alt.Size("kind:N", legend=None, scale=alt.Scale(
            domain=[w["this"], w["others"]], range=[90, 20])))
    chart = alt.layer(lines, points, data=frame).properties(width=150, height=100).facet(
        facet=alt.Facet(f"{w['indicator']}:N", title=None,
                        sort=[n for _, n in _indicator_names(lang)],
                        header=_header(lang, 150)),
        columns=3).resolve_scale(x="independent", y="independent")
    desc = i18n.t("hchart.desc.funnels", lang, year=year, hospital=_name(units, hospital, lang))
    return finish(chart, lang, desc)


def hospital_volume(volume: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                    lang: str, minimum: int, years: int = 5):
    w = _w(lang)
    rows = volume[(volume.hospital_id == hospital) & (volume.year > year - years)
                  & (volume.year <= year)]
    count = i18n.t("axis.operations", lang)
    frame = pd.DataFrame({w["year"]: rows["year"].astype(int).to_numpy(),
                          count: [None if pd.isna(v) else int(v)
                                  for v in rows["primary_operations"]]})
    x = enc(alt.X, w["year"], "ordinal", axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(frame).mark_bar(color=theme.HOSPITAL).encode(
        x, enc(alt.Y, count, "quantitative"))
    labels = alt.Chart(frame).mark_text(dy=-6).encode(
        x, enc(alt.Y, count, "quantitative"), text=enc(alt.Text, count, "quantitative",
                                                      format=",d"))
    line = alt.Chart(pd.DataFrame({count: [minimum]})).mark_rule(
        color=theme.MUTED, strokeDash=[4, 3], strokeWidth=1.5).encode(
        enc(alt.Y, count, "quantitative"))
    chart = alt.layer(bars, labels, line).properties(width=320, height=160)
    last = frame[frame[w["year"]] == year][count]
    desc = i18n.t("hchart.desc.volume", lang, hospital=_name(units, hospital, lang),
                  first=year - years + 1, last=year, minimum=minimum, year=year,
                  operations=fmt.number(last.iloc[0], lang) if len(last) and pd.notna(
                      last.iloc[0]) else "<5")
    return finish(chart, lang, desc)


def hospital_coverage(coverage: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                      lang: str, satisfactory: float, forms: tuple[str, ...]):
    w = _w(lang)
    rows = coverage[coverage["year"] == year]
    data = []
    for form in forms:
        for label, level, unit in ((w["this"], "hospital", hospital),
                                   (w["nation"], "nation", "norway")):
            r = rows[(rows.form_type == form) & (rows.unit_level == level)
                     & (rows.unit_id == unit)]
            if len(r) and pd.notna(r.percent.iloc[0]):
                data.append({w["form"]: i18n.label("form_type", form, lang), w["unit"]: label,
                             w["share"]: round(float(r.percent.iloc[0]), 1)})
    frame = pd.DataFrame(data)
    form_names = [i18n.label("form_type", f, lang) for f in forms]
    y = enc(alt.Y, w["form"], "nominal", title=None, sort=form_names,
            axis=label_axis(form_names))
    plot = 320
    x = enc(alt.X, w["share"], "quantitative", scale=alt.Scale(domain=[0, 100],
                                                               range=[0, plot]))
    own = frame[frame[w["unit"]] == w["this"]]
    bars = alt.Chart(own).mark_bar(color=theme.HOSPITAL).encode(y, x)
    # The hospital's share in a column beside the plot (at the bar's end it ran into the
    # nation's tick and past 100), written like the other coverage chart: '94 %'.
    suffix = fmt.percent(0, lang, 0)[1:]
    shown = [f"{v:.0f}{suffix}" for v in own[w["share"]]]
    text = alt.Chart(own).transform_calculate(
        label=f"format(datum[{json.dumps(w['share'])}], '.0f') + {json.dumps(suffix)}"
    ).mark_text(align="left").encode(y, x=alt.value(plot + COLUMN_GAP), text="label:N")
    ticks = alt.Chart(frame[frame[w["unit"]] == w["nation"]]).mark_tick(
        color=theme.NATION, thickness=2).encode(y, x)
    line = alt.Chart(pd.DataFrame({w["share"]: [satisfactory]})).mark_rule(
        color=theme.MUTED, strokeDash=[4, 3], strokeWidth=1.5).encode(x)
    chart = alt.layer(bars, ticks, line, text).properties(
        width=plot + column_width(shown), height=alt.Step(22))
    desc = i18n.t("hchart.desc.coverage", lang, hospital=_name(units, hospital, lang),
                  year=year, limit=fmt.percent(satisfactory, lang, 0))
    return finish(chart, lang, desc)

"""Charts of one hospital's results for its own report: every indicator next to its region
and the nation, five-year trends, its place in each funnel plot, volume and coverage."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from report.compute import registry, stats
from report.content import fmt, i18n, theme
from report.content.published import by_key
from report.content.sides import Sides, merged_note
from report.content.tables import marked, preliminary_ids, preliminary_note
from report.render import plot
from report.render.markup import typst_str

from ._common import (
    COLUMN_GAP,
    SHARE_TIP,
    WithTypst,
    column_width,
    count_texts,
    enc,
    field,
    finish,
    footnote,
    hospital_region,
    label_axis,
    names,
    share_text,
    share_tooltip,
    with_note,
    wrapped_labels,
)


def _w(lang: str) -> dict[str, str]:
    keys = ("this", "others", "region", "nation", "unit", "indicator", "year", "share",
            "patients", "form", "series", "l95", "h95", "l998", "h998")
    words = {k: i18n.t(f"hchart.{k}", lang) for k in keys}
    words.update(low=i18n.t("chart.ci_low", lang), high=i18n.t("chart.ci_high", lang),
                 status=i18n.t("column.status", lang))
    return words


def _indicator_names(lang: str) -> list[tuple[str, str]]:
    return [(i.id, i.name[lang]) for i in registry.catalogue().indicators]


def _panel_names(indicators: pd.DataFrame, year: int, lang: str) -> list[tuple[str, str]]:
    """(id, panel title): the indicators' names, with the dagger where the YEAR's result is
    preliminary (follow-up not yet complete), as the tables mark them."""
    late = preliminary_ids(indicators, year)
    return [(i, marked(name, i, late)) for i, name in _indicator_names(lang)]


def _preliminary_footnote(indicators: pd.DataFrame, year: int, lang: str) -> str | None:
    """The note under small multiples with a preliminary panel: what the dagger and the
    hollow markers mean."""
    if not preliminary_ids(indicators, year):
        return None
    return f"{preliminary_note(lang, year)} {i18n.t('chart.preliminary_marker', lang)}"


HOLLOW = "hollow"  # the preliminary field's value for a hollow marker (not in the table)


def _keeps() -> dict[str, Sides]:
    """indicator id -> the Sides of its shares (one decimal, more where a target level asks)."""
    return {i.id: Sides.target(i.target) for i in registry.catalogue().indicators}


def hospital_indicators(indicators: pd.DataFrame, units: pd.DataFrame, hospital: str,
                        year: int, lang: str):
    """One row per indicator: the hospital (status shape and colour, 95 % CI), region, nation."""
    w = _w(lang)
    region = hospital_region(units)[hospital]
    series = [(w["this"], "hospital", hospital), (w["region"], "region", region),
              (w["nation"], "nation", "norway")]
    rows = by_key(indicators[indicators["period"] == year],
                   "indicator_id", "unit_level", "unit_id")
    keeps = _keeps()
    data = []
    for indicator, name in _indicator_names(lang):
        for label, level, unit in series:
            r = rows.get((indicator, level, unit))
            if r is None or pd.isna(r.percent):
                continue
            status = r.target_status
            data.append({w["indicator"]: name, w["unit"]: label,
                         w["share"]: keeps[indicator].rounded(r.percent),
                         w["low"]: round(float(r.ci_low), 1),
                         w["high"]: round(float(r.ci_high), 1),
                         w["status"]: theme.status_word(status, lang) if level == "hospital"
                         and isinstance(status, str) else None})
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
    # the hospital, its region and the nation on three sub-rows of each indicator's row, so
    # close results do not hide each other
    offset = enc(alt.YOffset, w["unit"], "nominal", sort=[w["this"], w["region"], w["nation"]],
                 scale=alt.Scale(domain=[w["this"], w["region"], w["nation"]]))
    whiskers = alt.Chart(own).mark_rule(color=theme.WHISKER).encode(
        y, enc(alt.X, w["low"], "quantitative", axis=alt.Axis(title=w["share"])),
        enc(alt.X2, w["high"], None), yOffset=offset)
    # one legend for the hospital's status and the region's and the nation's marks: its
    # field is worked out in the chart, so the data (and its table) keep the status alone
    status, unit = (f"datum[{json.dumps(w[k])}]" for k in ("status", "unit"))
    points = alt.Chart(frame).transform_calculate(
        marker=f"isValid({status}) ? {status} : {unit}",
        **{SHARE_TIP: share_text(w["share"])}).mark_point(
        filled=True, size=theme.STATUS_SIZE, opacity=1).encode(
        y, x, yOffset=offset,
        shape=alt.Shape("marker:N", scale=alt.Scale(domain=words, range=shapes), legend=legend),
        color=alt.Color("marker:N", scale=alt.Scale(domain=words, range=colours),
                        legend=legend),
        tooltip=[enc(alt.Tooltip, w["indicator"], "nominal"),
                 enc(alt.Tooltip, w["unit"], "nominal"), share_tooltip(w["share"])])
    chart = alt.layer(whiskers, points).properties(width=300, height=alt.Step(9))  # sub-row
    desc = i18n.t("hchart.desc.indicators", lang, year=year,
                  hospital=_name(units, hospital, lang), shown=len(own),
                  total=len(order))
    desc = with_note(desc, merged_note(list(keeps.values()), lang))
    return finish(chart, lang, desc, shares=(w["share"],))


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
    panels = _panel_names(indicators, year, lang)
    label = dict(panels)
    keeps = _keeps()
    late = rows["preliminary"].fillna(False).astype(bool).to_numpy()
    frame = pd.DataFrame({
        w["indicator"]: [label[i] for i in rows["indicator_id"]],
        w["unit"]: [w["this"] if lv == "hospital" else w["nation"] for lv in rows.unit_level],
        w["year"]: rows["period"].astype(int).to_numpy(),
        w["share"]: [keeps[i].rounded(v) for i, v in zip(rows["indicator_id"], rows["percent"],
                                                         strict=True)],
        "preliminary": [HOLLOW if v else "" for v in late],
    })
    unit_scale = alt.Scale(domain=[w["this"], w["nation"]], range=[theme.HOSPITAL, theme.NATION])
    # one legend: the line's colour and the points' fill and stroke, merged (same field and
    # scale; a channel without a legend beside them would conflict)
    key = alt.Legend(title=None, orient="bottom")
    colour = enc(alt.Color, w["unit"], "nominal", scale=unit_scale, legend=key)
    # No axis titles on the twelve small panels: the caption says what they show.
    base = alt.Chart().encode(
        enc(alt.X, w["year"], "ordinal", axis=alt.Axis(labelAngle=0, title=None)),
        enc(alt.Y, w["share"], "quantitative", scale=alt.Scale(zero=False),
            axis=alt.Axis(title=None, tickCount=4)))
    # a preliminary result (follow-up not yet complete) is a hollow marker
    hollow = f"datum.preliminary == {json.dumps(HOLLOW)}"
    points = base.mark_point(filled=True, size=30, strokeWidth=1.5, opacity=1).encode(
        fill=enc(alt.Fill, w["unit"], "nominal", scale=unit_scale, legend=key,
                 condition={"test": hollow, "value": "white"}),
        stroke=enc(alt.Stroke, w["unit"], "nominal", scale=unit_scale, legend=key))
    base = base.encode(colour)
    chart = alt.layer(base.mark_line(), points,
                      data=frame).properties(width=150, height=90).facet(
        facet=alt.Facet(f"{w['indicator']}:N", title=None,
                        sort=[n for _, n in panels],
                        header=_header(lang, 150, panels)), columns=3)
    note = _preliminary_footnote(indicators, year, lang)
    chart = footnote(chart, note, 3 * 150)
    desc = i18n.t("hchart.desc.trend", lang, first=year - years + 1, last=year,
                  hospital=_name(units, hospital, lang))
    desc = with_note(with_note(desc, merged_note(list(keeps.values()), lang)), note)
    drawing = _trend_drawing(frame, w, lang, list(range(year - years + 1, year + 1)), panels,
                             note)
    return WithTypst(finish(chart, lang, desc, shares=(w["share"],), omit=("preliminary",)),
                     drawing)


def _ticks(lo: float, hi: float, lang: str, count: int = 4) -> plot.Axis:
    """A value axis over LO..HI widened to round ticks, labelled in the language."""
    low, high, ticks = plot.nice_ticks(lo, hi, count)
    places = 0 if all(float(t).is_integer() for t in ticks) else 1
    return plot.Axis(low, high, tuple(ticks), tuple(fmt.number(t, lang, places)
                                                    for t in ticks))


def _trend_drawing(frame: pd.DataFrame, w: dict, lang: str, years: list[int],
                   panel_names: list[tuple[str, str]], note: str | None = None) -> str:
    """The trend small multiples for the PDF: one y scale for all panels, as on the web;
    preliminary results as hollow markers, NOTE under the legend."""
    shares = frame[w["share"]].dropna()
    y = _ticks(float(shares.min()), float(shares.max()), lang)
    x = plot.Axis(years[0] - 0.5, years[-1] + 0.5, tuple(years), tuple(map(str, years)))
    lines: dict[tuple[str, str], list[tuple[float, float, bool]]] = {}
    for name, unit, when, share, late in frame[[w["indicator"], w["unit"], w["year"],
                                                w["share"], "preliminary"]].itertuples(
            index=False):
        lines.setdefault((name, unit), []).append((float(when), float(share), late == HOLLOW))
    panels = []
    for _, name in panel_names:
        series = []
        for unit, colour in ((w["nation"], theme.NATION), (w["this"], theme.HOSPITAL)):
            points = sorted(lines.get((name, unit), []))
            xs, ys = tuple(p[0] for p in points), tuple(p[1] for p in points)
            series.append(plot.Series(xs, ys, colour, "line", size=1.2))
            for hollow in (False, True):
                kind = "hollow" if hollow else "points"
                shown = [p for p in points if p[2] == hollow]
                series.append(plot.Series(tuple(p[0] for p in shown),
                                          tuple(p[1] for p in shown), colour, kind, size=1.6))
        if any(s.xs for s in series):
            panels.append(plot.Panel(name, x, y, series))
    return plot.small_multiples(panels, [(w["this"], theme.HOSPITAL, "line"),
                                         (w["nation"], theme.NATION, "line")], note=note)


def _header(lang: str, width: float, panels: list[tuple[str, str]]) -> alt.Header:
    """Facet headers with the indicator names (PANELS' titles) in full, on two or three lines
    (a name cut with '…' over a small chart leaves the reader guessing which indicator it
    is)."""
    size = theme.LABEL_SIZE
    return alt.Header(labelFontSize=size, labelLimit=0, labelLineHeight=size + 2,
                      labelExpr=wrapped_labels([n for _, n in panels], width, size, bold=True))


LIMIT_SIDES = ("l95", "h95", "l998", "h998")  # the control-limit curves (hchart.l95, ...)


def _limits(p: float, n_max: float, points: int = 20) -> dict[str, np.ndarray]:
    """The four control-limit curves around P as columns n, limit and side."""
    n = np.unique(np.geomspace(10, max(n_max * 1.1, 20), points).round())
    low95, high95 = stats.funnel_limits(p, n)
    low998, high998 = stats.funnel_limits(p, n, stats.Z998)
    return {"n": np.tile(n, 4), "limit": np.concatenate([low95, high95, low998, high998]),
            "side": np.repeat(LIMIT_SIDES, len(n))}


def hospital_funnels(indicators: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                     lang: str):
    """Small funnel plots, one per indicator, with the hospital highlighted."""
    w = _w(lang)
    rows = indicators[indicators["period"] == year]
    nations = by_key(rows[rows.unit_level == "nation"], "indicator_id")
    shown = rows[(rows.unit_level == "hospital") & rows.percent.notna()
                 & rows.denominator.notna()]
    by_indicator = dict(iter(shown.groupby("indicator_id", sort=False)))
    kind = w["series"]  # a control limit (lower or upper, 95 % or 99.8 %) or a hospital
    columns: dict[str, list] = {w["indicator"]: [], w["patients"]: [], w["share"]: [],
                                kind: [], "preliminary": []}
    late = preliminary_ids(indicators, year)

    def add(name: str, n, share, kinds, hollow: bool = False) -> None:
        columns[w["indicator"]] += [name] * len(n)
        columns[w["patients"]] += [float(v) for v in n]
        columns[w["share"]] += list(share)
        columns[kind] += list(kinds)
        columns["preliminary"] += [HOLLOW if hollow else ""] * len(n)

    keeps = _keeps()
    panels = _panel_names(indicators, year, lang)
    for indicator, name in panels:
        nation = nations.get((indicator,))
        hosp = by_indicator.get(indicator)
        if nation is None or pd.isna(nation.percent) or hosp is None:
            continue
        limits = _limits(float(nation.percent) / 100, float(hosp.denominator.max()))
        add(name, limits["n"], [round(float(v), 1) for v in limits["limit"]],
            [w[side] for side in limits["side"]])
        own = (hosp["unit_id"] == hospital).to_numpy()
        for mine in (False, True):  # the hospital's own point last: drawn on top
            rows_ = hosp[own == mine]
            add(name, rows_["denominator"], [keeps[indicator].rounded(v)
                                             for v in rows_["percent"]],
                [w["this"] if mine else w["others"]] * len(rows_), indicator in late)
    frame = pd.DataFrame(columns)
    # No axis titles on the twelve small panels: the caption names both axes.
    x = enc(alt.X, w["patients"], "quantitative", scale=alt.Scale(type="log", nice=False),
            axis=alt.Axis(values=[10, 30, 100, 300, 1000], format=",d", title=None,
                          grid=False))
    y = enc(alt.Y, w["share"], "quantitative", scale=alt.Scale(zero=False),
            axis=alt.Axis(title=None, tickCount=4, grid=False))
    sides = [w[side] for side in LIMIT_SIDES]
    point_scale = alt.Scale(domain=[w["this"], w["others"]], range=[theme.BELOW, theme.BAND])
    key = alt.Legend(orient="bottom")
    lines = alt.Chart().transform_filter(
        alt.FieldOneOfPredicate(field(kind), sides)).mark_line(
        color=theme.MUTED, strokeWidth=1).encode(
        x, y, enc(alt.Detail, kind, "nominal"),
        strokeDash=enc(alt.StrokeDash, kind, "nominal", legend=None, scale=alt.Scale(
            domain=sides, range=[[4, 2], [4, 2], [1, 0], [1, 0]])))
    points = alt.Chart().transform_filter(
        alt.FieldOneOfPredicate(field(kind), [w["others"], w["this"]])).mark_point(
        filled=True, opacity=1, strokeWidth=1.5).encode(
        x, y,  # the hospital's own point is drawn last (its rows come last), on top
        # a preliminary result (follow-up not yet complete) is a hollow marker
        fill=enc(alt.Fill, kind, "nominal", title=None, scale=point_scale, legend=key,
                 condition={"test": f"datum.preliminary == {json.dumps(HOLLOW)}",
                            "value": "white"}),
        # the same legend as the fill's (merged; none here would conflict with it)
        stroke=enc(alt.Stroke, kind, "nominal", title=None, scale=point_scale, legend=key),
        # the hospital's point large, the others small: a condition, not a second legend
        size=alt.SizeValue(20, condition={
            "test": f"datum[{json.dumps(kind)}] == {json.dumps(w['this'])}", "value": 90}))
    chart = alt.layer(lines, points, data=frame).properties(width=150, height=100).facet(
        facet=alt.Facet(f"{w['indicator']}:N", title=None,
                        sort=[n for _, n in panels], header=_header(lang, 150, panels)),
        columns=3).resolve_scale(x="independent", y="independent")
    note = _preliminary_footnote(indicators, year, lang)
    chart = footnote(chart, note, 3 * 150)
    desc = i18n.t("hchart.desc.funnels", lang, year=year, hospital=_name(units, hospital, lang))
    desc = with_note(with_note(desc, merged_note(list(keeps.values()), lang)), note)
    # the data table lists the hospitals' points; the limit curves are drawn from the same data
    return WithTypst(finish(chart, lang, desc, shares=(w["share"],), omit=("preliminary",),
                            rows={kind: [w["this"], w["others"]]}),
                     _funnel_drawing(frame, w, lang, panels, note))


FUNNEL_TICKS = (10, 30, 100, 300, 1000)


def _funnel_drawing(frame: pd.DataFrame, w: dict, lang: str,
                    panel_names: list[tuple[str, str]], note: str | None = None) -> str:
    """The funnel small multiples for the PDF: each panel its own scales, as on the web;
    a preliminary panel's points hollow, NOTE under the legend."""
    styles = {w["l95"]: ("dashed", 0.6), w["h95"]: ("dashed", 0.6), w["l998"]: (None, 0.6),
              w["h998"]: (None, 0.6)}
    parts: dict[str, dict[str, tuple[list[float], list[float]]]] = {}
    hollow = set(frame.loc[frame["preliminary"] == HOLLOW, w["indicator"]])
    for name, n, share, kind in frame[[w["indicator"], w["patients"], w["share"],
                                       w["series"]]].itertuples(index=False):
        xs, ys = parts.setdefault(name, {}).setdefault(kind, ([], []))
        xs.append(float(n))
        ys.append(float(share))
    panels = []
    for _, name in panel_names:
        kinds = parts.get(name)
        if not kinds:
            continue
        every_n = [v for xs, _ in kinds.values() for v in xs]
        every_share = [v for _, ys in kinds.values() for v in ys]
        top = max(every_n)
        ticks = tuple(t for t in FUNNEL_TICKS if 10 <= t <= top)
        x = plot.Axis(10.0, top, ticks, tuple(fmt.number(t, lang) for t in ticks), log=True)
        y = _ticks(min(every_share), max(every_share), lang)
        series = [plot.Series(*map(tuple, kinds.get(side, ([], []))), theme.MUTED, "line",
                              dash=dash, size=size) for side, (dash, size) in styles.items()]
        marker = "hollow" if name in hollow else "points"
        series += [plot.Series(*map(tuple, kinds.get(kind, ([], []))), colour, marker,
                               size=size)
                   for kind, colour, size in ((w["others"], theme.BAND, 1.3),
                                              (w["this"], theme.BELOW, 2.8))]
        panels.append(plot.Panel(name, x, y, series))
    return plot.small_multiples(panels, [(w["this"], theme.BELOW, "point"),
                                         (w["others"], theme.BAND, "point")], note=note)


def hospital_volume(volume: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                    lang: str, minimum: int, years: int = 5,
                    patients: pd.DataFrame | None = None):
    """Primary operations per year as bars against the recommended minimum; with PATIENTS
    (year, cases: the new cases the hospital is responsible for), those as a line."""
    w = _w(lang)
    first = year - years + 1
    rows = volume[(volume.hospital_id == hospital) & (volume.year >= first)
                  & (volume.year <= year)]
    count = i18n.t("axis.operations", lang)
    cases = i18n.t("axis.new_cases", lang)
    frame = pd.DataFrame({w["year"]: rows["year"].astype(int).to_numpy(),
                          count: [None if pd.isna(v) else int(v)
                                  for v in rows["primary_operations"]]})
    x = enc(alt.X, w["year"], "ordinal", axis=alt.Axis(labelAngle=0))
    # one axis title for every layer (Vega-Lite joins differing ones with commas)
    axis = alt.Axis(title=i18n.t("axis.count", lang))
    y = enc(alt.Y, count, "quantitative", axis=axis)
    layers = []
    if patients is not None and len(patients):
        shown = patients[(patients.year >= first) & (patients.year <= year)]
        frame = frame.merge(pd.DataFrame({
            w["year"]: shown["year"].astype(int).to_numpy(),
            cases: [None if pd.isna(v) else int(v) for v in shown["cases"]]}),
            on=w["year"], how="outer").sort_values(w["year"])
        frame[count] = frame[count].astype(object).where(frame[count].notna(), None)
        frame[cases] = frame[cases].astype(object).where(frame[cases].notna(), None)
        # a legend key that looks like its mark: a square for the bars (fill), a line for the
        # new cases (stroke); one scale each, so each legend holds its own entry
        # (fields of their own: legends of one field would be merged)
        def key(channel, name: str, colour: str, symbol: str):
            return channel(f"{symbol}_key:N", title=None, scale=alt.Scale(
                domain=[name], range=[colour]), legend=alt.Legend(
                orient="bottom", symbolType=symbol))

        trend = alt.Chart(frame).transform_calculate(
            stroke_key=json.dumps(cases)).encode(
            x, enc(alt.Y, cases, "quantitative", axis=axis))
        layers = [trend.mark_line(color=theme.NATION).encode(
                      stroke=key(alt.Stroke, cases, theme.NATION, "stroke")),
                  trend.mark_point(filled=True, size=40, color=theme.NATION)]
        bar_colour = alt.Chart(frame).transform_calculate(square_key=json.dumps(count))
        bars = bar_colour.mark_bar().encode(x, y, fill=key(alt.Fill, count, theme.HOSPITAL,
                                                           "square"))
    else:
        bars = alt.Chart(frame).mark_bar(color=theme.HOSPITAL).encode(x, y)
    # the count at the foot of each bar, clear of the line of new cases above it
    labels = alt.Chart(frame).transform_filter(f"isValid(datum[{json.dumps(count)}])").mark_text(
        baseline="bottom", dy=-3).encode(
        x, alt.YValue(160), text=enc(alt.Text, count, "quantitative", format=",d"))
    line = alt.Chart(pd.DataFrame({count: [minimum]})).mark_rule(
        color=theme.MUTED, strokeDash=[4, 3], strokeWidth=1.5).encode(
        enc(alt.Y, count, "quantitative", axis=axis))
    chart = alt.layer(bars, labels, line, *layers).properties(width=320, height=160)
    current = rows[rows.year == year]
    desc = i18n.t("hchart.desc.volume", lang, hospital=_name(units, hospital, lang),
                  first=first, last=year, minimum=minimum, year=year,
                  operations=count_texts(current, "primary_operations", lang)[0]
                  if len(current) else i18n.t("suppressed.short", lang))
    if patients is not None:
        desc += " " + i18n.t("hchart.desc.volume_cases", lang)
    drawing = _volume_drawing(frame, w, lang, count, cases if patients is not None else None,
                              minimum)
    return WithTypst(finish(chart, lang, desc), drawing)


def _values(column: pd.Series) -> list[float | None]:
    return [None if v is None or pd.isna(v) else float(v) for v in column]


def _volume_drawing(frame: pd.DataFrame, w: dict, lang: str, count: str, cases: str | None,
                    minimum: int) -> str:
    """The volume chart for the PDF: bars with their counts at the foot, the recommended
    minimum as a dashed line, new cases as a line."""
    years = [int(y) for y in frame[w["year"]]]
    spots = list(range(len(years)))
    operations = _values(frame[count])
    new = _values(frame[cases]) if cases else []
    top = max([minimum] + [v for v in operations + new if v is not None])
    y = _ticks(0, top, lang)
    shown = [(x, v) for x, v in zip(spots, operations, strict=True) if v is not None]
    series = [plot.Series(tuple(x for x, _ in shown), tuple(v for _, v in shown),
                          theme.HOSPITAL, "bars", size=0.8),
              plot.Series(tuple(x for x, _ in shown), tuple(v for _, v in shown), theme.TEXT,
                          "labels", texts=tuple(fmt.number(v, lang) for _, v in shown)),
              plot.Series((0.0,), (float(minimum),), theme.MUTED, "hrule", dash="dashed",
                          size=1.0)]
    legend = [(count, theme.HOSPITAL, "bar")]
    if cases:
        known = [(x, v) for x, v in zip(spots, new, strict=True) if v is not None]
        xs, ys = tuple(x for x, _ in known), tuple(v for _, v in known)
        series += [plot.Series(xs, ys, theme.NATION, "line", size=1.2),
                   plot.Series(xs, ys, theme.NATION, "points", size=1.8)]
        legend.append((cases, theme.NATION, "line"))
    x = plot.Axis(-0.5, len(years) - 0.5, tuple(spots), tuple(map(str, years)))
    return plot.chart(plot.Panel("", x, y, series, left=24), legend, width=280, height=110)


def hospital_coverage(coverage: pd.DataFrame, units: pd.DataFrame, hospital: str, year: int,
                      lang: str, satisfactory: float, forms: tuple[str, ...]):
    w = _w(lang)
    rows = by_key(coverage[coverage["year"] == year], "form_type", "unit_level", "unit_id")
    # shares in whole per cent beside the bars, in the data table with one decimal: more
    # where fewer would put a share on the other side of the satisfactory line
    labels, table = Sides.coverage(0, satisfactory), Sides.coverage(1, satisfactory)
    value = i18n.t("column.coverage", lang)  # the label's text (not in the data table)
    data = []
    for form in forms:
        for label, level, unit in ((w["this"], "hospital", hospital),
                                   (w["nation"], "nation", "norway")):
            r = rows.get((form, level, unit))
            if r is not None and pd.notna(r.percent):
                data.append({w["form"]: i18n.label("form_type", form, lang), w["unit"]: label,
                             w["share"]: table.rounded(r.percent),
                             value: labels.percent(r.percent, lang) if level == "hospital"
                             else ""})
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
    shown = list(own[value])
    text = alt.Chart(own).mark_text(align="left").encode(
        y, enc(alt.Text, value, "nominal"), x=alt.XValue(plot + COLUMN_GAP))
    ticks = alt.Chart(frame[frame[w["unit"]] == w["nation"]]).mark_tick(
        color=theme.NATION, thickness=2).encode(y, x)
    line = alt.Chart(pd.DataFrame({w["share"]: [satisfactory]})).mark_rule(
        color=theme.MUTED, strokeDash=[4, 3], strokeWidth=1.5).encode(x)
    chart = alt.layer(bars, ticks, line, text).properties(
        width=plot + column_width(shown), height=alt.Step(22))
    note = labels.note(lang)
    chart = footnote(chart, note, plot + column_width(shown))  # in the chart: the PDF too
    desc = i18n.t("hchart.desc.coverage", lang, hospital=_name(units, hospital, lang),
                  year=year, limit=fmt.percent(satisfactory, lang, 0))
    drawing = _coverage_drawing(frame, w, lang, form_names, satisfactory, value, note)
    return WithTypst(finish(chart, lang, desc, omit=(value,), shares=(w["share"],)), drawing)


def _coverage_drawing(frame: pd.DataFrame, w: dict, lang: str, form_names: list[str],
                      satisfactory: float, value: str, note: str | None = None) -> str:
    """The coverage chart for the PDF: a bar per form type (first at the top), the nation as
    a tick, the satisfactory level as a dashed line, the share (the text in column VALUE)
    beside the plot and NOTE under it."""
    row = {name: len(form_names) - 1 - i for i, name in enumerate(form_names)}
    own = frame[frame[w["unit"]] == w["this"]]
    nation = frame[frame[w["unit"]] == w["nation"]]
    spots = tuple(float(row[f]) for f in own[w["form"]])
    shares = tuple(float(v) for v in own[w["share"]])
    series = [plot.Series(shares, spots, theme.HOSPITAL, "hbars", size=0.75),
              plot.Series(tuple(float(v) for v in nation[w["share"]]),
                          tuple(float(row[f]) for f in nation[w["form"]]), theme.NATION,
                          "ticks", size=0.75),
              plot.Series((float(satisfactory),), (0.0,), theme.MUTED, "vrule", dash="dashed",
                          size=1.0),
              plot.Series(shares, spots, theme.TEXT, "labels", anchor="right",
                          texts=tuple(own[value]))]
    ticks = tuple(range(0, 101, 20))
    x = plot.Axis(0, 100, ticks, tuple(fmt.number(t, lang) for t in ticks))
    y = plot.Axis(-0.5, len(form_names) - 0.5, tuple(float(row[n]) for n in form_names),
                  tuple(form_names))
    widest = max((theme.text_width(n, plot.LABEL_PT) for n in form_names), default=0)
    right = max([30.0] + [theme.text_width(t, plot.LABEL_PT) + 6 for t in own[value]])
    panel = plot.Panel("", x, y, series, left=widest + 6, right=right, grid="x")
    drawing = plot.chart(panel, [], width=240, height=16 * len(form_names))
    if note:
        drawing += (f"\n#block(width: {widest + 6 + 240 + right:.1f}pt, text(size: "
                    f"{plot.LABEL_PT}pt, fill: rgb({typst_str(theme.MUTED)}), "
                    f"{typst_str(note)}))")
    return drawing

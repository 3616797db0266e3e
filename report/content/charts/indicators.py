"""Charts for one quality indicator: bars per unit, funnel plot and trend."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from report.compute import registry, stats
from report.content import fmt, i18n, theme
from report.content.sides import Sides
from report.content.tables import PRELIMINARY_MARK, preliminary_note

from ._common import (
    COLUMN_GAP,
    SHARE_TIP,
    axis_start_note,
    column_width,
    enc,
    field,
    finish,
    footnote,
    label_axis,
    line_channels,
    names,
    one_decimal,
    reason,
    region_order,
    share_axis_start,
    share_text,
    share_ticks,
    share_tooltip,
    target_keys,
    target_rules,
    with_note,
)

LEVELS = ("nation", "region", "hospital")


def _indicator(indicator: str) -> registry.Indicator:
    found = [i for i in registry.catalogue().indicators if i.id == indicator]
    if not found:
        known = ", ".join(i.id for i in registry.catalogue().indicators)
        raise KeyError(f"indicator {indicator!r} is not in the catalogue ({known})")
    return found[0]


def _rows(indicators: pd.DataFrame, indicator: str, year: int | None = None) -> pd.DataFrame:
    rows = indicators[(indicators["indicator_id"] == indicator)
                      & indicators["unit_level"].isin(LEVELS)]
    return rows if year is None else rows[rows["period"] == year]


def _words(lang: str) -> dict[str, str]:
    return {"unit": i18n.t("axis.unit", lang), "level": i18n.t("chart.level", lang),
            "pct": i18n.t("axis.percent", lang), "low": i18n.t("chart.ci_low", lang),
            "high": i18n.t("chart.ci_high", lang), "n": i18n.t("column.n", lang),
            "status": i18n.t("column.status", lang), "note": i18n.t("chart.note", lang),
            "patients": i18n.t("axis.patients", lang), "year": i18n.t("axis.year", lang),
            "targets": i18n.t("intro.targets", lang)}


def _ordered(rows: pd.DataFrame, units: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Nation, regions (fixed order), then shown hospitals best first, then hidden ones."""
    regions = {r: i for i, r in enumerate(region_order(units))}
    level = rows["unit_level"].map({"nation": 0, "region": 1, "hospital": 2})
    hidden = rows["percent"].isna().astype(int)
    sign = -1 if direction == "higher" else 1
    key = np.where(rows["unit_level"] == "region", rows["unit_id"].map(regions).fillna(99),
                   sign * rows["percent"].fillna(0))
    order = pd.DataFrame({"level": level, "hidden": hidden, "key": key}, index=rows.index)
    return rows.loc[order.sort_values(["level", "hidden", "key"], kind="stable").index]


def bar_data(indicators: pd.DataFrame, units: pd.DataFrame, indicator: str, year: int,
             lang: str, keep: Sides | None = None) -> pd.DataFrame:
    """The rows indicator_bars draws (and its data table shows), in drawing order; shares with
    one decimal, or the ones that keep them on their side of a target level (noted in KEEP)."""
    ind, w = _indicator(indicator), _words(lang)
    keep = keep or Sides.target(ind.target)
    rows = _ordered(_rows(indicators, indicator, year), units, ind.target.direction)
    label = names(units, lang)
    shown = rows["percent"].notna()
    status = [theme.status_word(s, lang) if isinstance(s, str) and ok else None
              for s, ok in zip(rows["target_status"], shown, strict=True)]
    return pd.DataFrame({
        w["unit"]: [label.get(k, k[1]) for k in zip(rows["unit_level"], rows["unit_id"],
                                                      strict=True)],
        w["level"]: [i18n.t(f"unit_level.{v}", lang) for v in rows["unit_level"]],
        w["pct"]: [keep.rounded(v) for v in rows["percent"]],
        w["low"]: one_decimal(rows["ci_low"].where(shown)),
        w["high"]: one_decimal(rows["ci_high"].where(shown)),
        w["n"]: [fmt.number(d, lang) if ok and pd.notna(d) else ""
                 for d, ok in zip(rows["denominator"], shown, strict=True)],
        w["status"]: status,
        w["note"]: ["" if ok else reason(r, lang)
                    for r, ok in zip(rows["suppression_rule"], shown, strict=True)],
    })


def _n_label(n: str, lang: str) -> str:
    """'N = 3 035' for the number of patients N (already formatted); '' when there is none."""
    return i18n.t("chart.n_label", lang, n=n) if n else ""


def _status_channels(w: dict, lang: str) -> dict:
    colour, shape, _ = theme.status_scale(lang)
    return {"fill": enc(alt.Fill, w["status"], "nominal", scale=alt.Scale(**colour)),
            "shape": enc(alt.Shape, w["status"], "nominal", scale=alt.Scale(**shape))}


def indicator_bars(indicators: pd.DataFrame, units: pd.DataFrame, indicator: str, year: int,
                   lang: str):
    """Sorted horizontal bars per hospital with 95 % intervals, the regions and the nation as
    their own bars, target lines, N and the status symbol beside each bar; hidden hospitals
    get the reason as text and no bar."""
    ind, w = _indicator(indicator), _words(lang)
    keep = Sides.target(ind.target)
    data = bar_data(indicators, units, indicator, year, lang, keep)
    order = list(data[w["unit"]])
    marked = [u for u, lv in zip(order, data[w["level"]], strict=True)
              if lv != i18n.t("unit_level.hospital", lang)]
    levels = [i18n.t(f"unit_level.{lv}", lang) for lv in LEVELS]
    y = enc(alt.Y, w["unit"], "nominal", sort=order, title=None, axis=label_axis(
        order, marked, labelFontWeight=alt.ExprRef(
            f"indexof({json.dumps(marked)}, datum.value) >= 0 ? 'bold' : 'normal'")))
    # The plot takes BAR_WIDTH; the status symbol and N sit in a column inside the view.
    symbol_at, n_at = theme.BAR_WIDTH + 12, theme.BAR_WIDTH + 24
    side = column_width([_n_label(n, lang) for n in data[w["n"]]], gap=n_at - theme.BAR_WIDTH)
    # shares all high (90-98 %) get an axis fitted to them, said in a note under the chart;
    # the bars and intervals are clipped at its start
    start = share_axis_start(list(data[w["pct"]]) + list(data[w["low"]])
                             + _target_levels(ind.target))
    x = enc(alt.X, w["pct"], "quantitative", scale=alt.Scale(
        domain=[start, 100], nice=False, range=[0, theme.BAR_WIDTH]))
    base = alt.Chart()
    bars = base.transform_calculate(**{SHARE_TIP: share_text(w["pct"])}).mark_bar(
        height={"band": 0.7}, clip=True).encode(
        x, y, color=enc(alt.Color, w["level"], "nominal", legend=None, scale=alt.Scale(
            domain=levels, range=[theme.UNIT_COLOURS[lv] for lv in LEVELS])),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in (w["unit"], w["n"], w["status"])]
        + [share_tooltip(w["pct"])])
    whiskers = base.mark_rule(color=theme.WHISKER, strokeWidth=1.5, clip=True).encode(
        enc(alt.X, w["low"], "quantitative", axis=alt.Axis(title=w["pct"],
                                                           values=share_ticks(start))),
        enc(alt.X2, w["high"], None), y)
    status = base.mark_point(filled=True, size=theme.STATUS_SIZE, opacity=1).encode(
        y, x=alt.XValue(symbol_at), **_status_channels(w, lang))
    # 'N = 3 035' beside the bar; the data (and the table under the chart) hold the number
    before, after = i18n.t("chart.n_label", lang, n="\0").split("\0")
    n_field = f"datum[{json.dumps(w['n'])}]"
    n_text = base.transform_calculate(
        n_label=f"{n_field} ? {json.dumps(before)} + {n_field} + {json.dumps(after)} : ''"
    ).mark_text(align="left", dx=0).encode(y, x=alt.XValue(n_at), text=alt.Text("n_label:N"))
    # Why a hospital is hidden: italic text on a white ground, so the target lines it crosses
    # do not run through the words.
    has_note = f"datum[{json.dumps(w['note'])}] != ''"
    note_room = max([theme.text_width(t) for t in data[w["note"]] if t] or [0])
    note_ground = base.transform_filter(has_note).mark_rect(
        color="white", stroke="white", strokeWidth=2.5, yOffset=-1).encode(
        y, x=alt.XValue(3), x2=alt.X2Value(min(theme.BAR_WIDTH - 3, note_room + 2 * COLUMN_GAP)))
    notes = base.transform_filter(has_note).mark_text(
        align="left", fontStyle="italic", color=theme.MUTED).encode(
        y, x=alt.XValue(COLUMN_GAP), text=enc(alt.Text, w["note"], "nominal"))
    layers = [bars, whiskers]
    targets = target_rules(ind.target, lang, "x", w["pct"], target_keys(ind.target),
                           w["targets"])
    if targets is not None:
        layers.append(targets)
    chart = alt.layer(*layers, status, n_text, note_ground, notes, data=data).properties(
        width=theme.BAR_WIDTH + side, height=alt.Step(theme.STEP))
    chart = footnote(chart, axis_start_note(start, lang), theme.BAR_WIDTH + side)
    nation = data[data[w["level"]] == levels[0]]
    hospitals = data[data[w["level"]] == levels[2]]
    hidden = int((hospitals[w["note"]] != "").sum())
    desc = i18n.t("chart.desc.indicator_bars", lang, indicator=ind.name[lang], year=year,
                  national=_national_text(nation, w, lang, keep),
                  shown=fmt.number(len(hospitals) - hidden, lang),
                  hidden=fmt.number(hidden, lang))
    desc = with_note(with_note(desc, keep.note(lang)), axis_start_note(start, lang))
    return finish(chart, lang, desc, shares=(w["pct"],))


def _national_text(nation: pd.DataFrame, w: dict, lang: str, keep: Sides) -> str:
    if not len(nation) or pd.isna(nation[w["pct"]].iloc[0]):
        return i18n.t("suppressed.short", lang)
    row = nation.iloc[0]
    return f"{keep.percent(row[w['pct']], lang)} ({i18n.t('column.ci', lang)} " \
           f"{fmt.interval(row[w['low']], row[w['high']], lang)})"


def _target_levels(target) -> list[float]:
    return [float(getattr(target, lv)) for lv in target_keys(target)]


def _share_scale(values, padding: float | None = None) -> alt.Scale:
    """A share axis up to 100 % that starts a little below the lowest value it must show (a
    point, a limit or a target line), on a multiple of 5, so no line lies on the axis. With
    PADDING (px), the axis reaches that far beyond its ends, so a point at 100 % is not drawn
    on the plot's frame."""
    shown = [float(v) for v in values if v is not None and pd.notna(v)]
    low = max(0.0, (min(shown, default=0.0) - 2) // 5 * 5)
    if padding is None:
        return alt.Scale(domain=[low, 100], nice=False)
    return alt.Scale(domain=[low, 100], nice=False, padding=padding)


def _funnel_limits(p: float, n_min: float, n_max: float, lang: str, w: dict,
                   title: str) -> pd.DataFrame:
    grid = stats.funnel_range(n_min, n_max)
    frames = []
    for key, z in (("limit95", stats.Z95), ("limit998", stats.Z998)):
        low, high = stats.funnel_limits(p, grid, z)
        for side, values in ((i18n.t("chart.lower", lang), low),
                             (i18n.t("chart.upper", lang), high)):
            # two decimals: a hundredth of a percentage point is under a pixel, and the
            # curves are most of the chart's file
            frames.append(pd.DataFrame({w["patients"]: grid, w["pct"]: values.round(2),
                                        title: i18n.t(f"funnel.{key}", lang),
                                        "side": side}))
    return pd.concat(frames, ignore_index=True)


def indicator_funnel(indicators: pd.DataFrame, units: pd.DataFrame, indicator: str, year: int,
                     lang: str):
    """Funnel plot: hospitals shown (x = patients, y = share) around the national result with
    95 % and 99.8 % control limits and the target lines."""
    ind, w = _indicator(indicator), _words(lang)
    keep = Sides.target(ind.target)
    rows = _rows(indicators, indicator, year)
    nation = rows[rows["unit_level"] == "nation"]
    hosp = rows[(rows["unit_level"] == "hospital") & rows["percent"].notna()
                & rows["denominator"].notna()]
    label = names(units, lang)
    data = pd.DataFrame({
        w["unit"]: [label.get(("hospital", h), h) for h in hosp["unit_id"]],
        w["patients"]: hosp["denominator"].astype(float).to_numpy(),
        w["pct"]: [keep.rounded(v) for v in hosp["percent"]],
        w["status"]: [theme.status_word(s, lang) if isinstance(s, str) else None
                      for s in hosp["target_status"]],
    })
    # padding: the smallest and largest hospitals' markers sit inside the frame, not on it
    x = enc(alt.X, w["patients"], "quantitative", scale=alt.Scale(type="log", nice=False,
                                                                  padding=10),
            axis=alt.Axis(format=",d", values=[10, 20, 50, 100, 200, 500, 1000, 2000]))
    title = i18n.t("chart.lines", lang)
    p = limits = None
    if len(nation) and pd.notna(nation["percent"].iloc[0]) and len(data):
        p = float(nation["percent"].iloc[0]) / 100
        limits = _funnel_limits(p, data[w["patients"]].min(), data[w["patients"]].max(), lang, w,
                                title)
    shown = list(data[w["pct"]]) + _target_levels(ind.target)
    if limits is not None:
        shown += list(limits[w["pct"]]) + [p * 100]
    y = enc(alt.Y, w["pct"], "quantitative", scale=_share_scale(shown, padding=8))
    # a preliminary year (follow-up not yet complete): hollow markers in the status colour,
    # and a note under the chart (the PDF shows it too)
    preliminary = bool(rows["preliminary"].fillna(False).astype(bool).any())
    channels = _status_channels(w, lang)
    style = dict(filled=True, stroke=theme.WHISKER, strokeWidth=0.5)
    if preliminary:  # color is the outline of an unfilled point (stroke is the lines')
        channels["color"] = channels.pop("fill")
        style = dict(filled=False, fill="white", strokeWidth=2)
    points = alt.Chart().transform_calculate(**{SHARE_TIP: share_text(w["pct"])}).mark_point(
        size=theme.STATUS_SIZE, opacity=1, **style).encode(
        x, y, **channels,
        tooltip=[enc(alt.Tooltip, w["unit"], "nominal"),
                 enc(alt.Tooltip, w["patients"], "quantitative", format=",d"),
                 share_tooltip(w["pct"])])
    layers, outside = [], 0
    keys = target_keys(ind.target)
    if limits is not None:
        keys = ["national", "limit95", "limit998"] + keys
        lines = line_channels(keys, lang, title)
        layers.append(alt.Chart(limits).mark_line(strokeWidth=1.5).encode(
            x, y, detail=alt.Detail("side:N"), **lines))
        national = pd.DataFrame({w["pct"]: [p * 100], title: [i18n.t("funnel.national", lang)]})
        layers.append(alt.Chart(national).mark_rule(strokeWidth=1.5).encode(y, **lines))
        low, high = stats.funnel_limits(p, data[w["patients"]], stats.Z998)
        outside = int(((data[w["pct"]] < low) | (data[w["pct"]] > high)).sum())
    targets = target_rules(ind.target, lang, "y", w["pct"], keys, title)
    if targets is not None:
        layers.append(targets)
    chart = alt.layer(points, *layers, data=data).properties(width=theme.WIDTH, height=250)
    note = None
    if preliminary:
        note = f"{preliminary_note(lang, year)} {i18n.t('chart.preliminary_marker', lang)}"
        chart = footnote(chart, note, theme.WIDTH)
    desc = i18n.t("chart.desc.indicator_funnel", lang, indicator=ind.name[lang], year=year,
                  national=keep.percent(nation["percent"].iloc[0], lang) if len(nation) else "",
                  outside=fmt.number(outside, lang), shown=fmt.number(len(data), lang))
    return finish(chart, lang, with_note(with_note(desc, keep.note(lang)), note),
                  shares=(w["pct"],))


def indicator_trend(indicators: pd.DataFrame, units: pd.DataFrame, indicator: str, lang: str):
    """The nation and the regions over the years (lines and points) with the target lines."""
    ind, w = _indicator(indicator), _words(lang)
    keep = Sides.target(ind.target)
    rows = _rows(indicators, indicator)
    rows = rows[rows["unit_level"] != "hospital"].sort_values("period")
    label = names(units, lang)
    keys = [("nation", "norway")] + [("region", r) for r in region_order(units)]
    unit_names = [label.get(k, k[1]) for k in keys]
    data = pd.DataFrame({
        w["unit"]: [label.get(k, k[1]) for k in zip(rows["unit_level"], rows["unit_id"],
                                                      strict=True)],
        w["year"]: rows["period"].to_numpy(),
        w["pct"]: [keep.rounded(v) for v in rows["percent"]],
        w["n"]: [fmt.number(d, lang) if pd.notna(d) else "" for d in rows["denominator"]],
    })
    colours = [theme.NATION] + [theme.REGION_COLOURS.get(k[1], theme.REGION) for k in keys[1:]]
    # a preliminary year (follow-up not yet complete) is marked on the axis and in the text
    marked = sorted(int(p) for p in rows.loc[rows["preliminary"].fillna(False).astype(bool),
                                              "period"].unique())
    axis = alt.Axis(labelAngle=0, labelExpr=" || ".join(
        f"datum.value == {year}" for year in marked) + f" ? datum.label + ' {PRELIMINARY_MARK}' : "
        "datum.label") if marked else alt.Axis(labelAngle=0)
    x = enc(alt.X, w["year"], "ordinal", axis=axis)
    y = enc(alt.Y, w["pct"], "quantitative", scale=_share_scale(
        list(data[w["pct"]]) + _target_levels(ind.target)))
    colour = enc(alt.Color, w["unit"], "nominal", title=None,
                 scale=alt.Scale(domain=unit_names, range=colours))
    tooltip = [enc(alt.Tooltip, w["unit"], "nominal"), enc(alt.Tooltip, w["year"], "ordinal"),
               share_tooltip(w["pct"]), enc(alt.Tooltip, w["n"], "nominal")]
    thick = f"datum[{json.dumps(field(w['unit']))}] == {json.dumps(unit_names[0])}"
    lines = alt.Chart().mark_line().encode(x, y, colour, strokeWidth=alt.StrokeWidthValue(
        1.8, condition={"test": thick, "value": 3}))
    points = alt.Chart().transform_calculate(**{SHARE_TIP: share_text(w["pct"])}).mark_point(
        filled=True).encode(
        x, y, colour, shape=enc(alt.Shape, w["unit"], "nominal", title=None,
                                scale=alt.Scale(domain=unit_names)), tooltip=tooltip)
    layers = [lines, points]
    targets = target_rules(ind.target, lang, "y", w["pct"], target_keys(ind.target),
                           w["targets"])
    if targets is not None:
        layers.append(targets)
    chart = alt.layer(*layers, data=data).properties(width=theme.WIDTH, height=230)
    years = sorted(data[w["year"]].unique())
    last = data[(data[w["year"]] == years[-1]) & (data[w["unit"]] == unit_names[0])]
    national = keep.percent(last[w["pct"]].iloc[0], lang) if len(last) else ""
    desc = i18n.t("chart.desc.indicator_trend", lang, indicator=ind.name[lang],
                  first=years[0], last=years[-1], national=national or
                  i18n.t("suppressed.short", lang))
    desc = with_note(desc, keep.note(lang))
    for year in marked:
        desc = with_note(desc, preliminary_note(lang, year))
    return finish(chart, lang, desc, shares=(w["pct"],))

"""Charts per hospital: surgical volume (bars and heat table) and coverage of the forms."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, theme
from report.content.sides import Sides

from ._common import (
    COLUMN_GAP,
    axis_start_note,
    column_width,
    count_texts,
    enc,
    field,
    finish,
    footnote,
    hospital_region,
    joined,
    label_axis,
    names,
    region_order,
    share_axis_start,
    share_ticks,
)


def _volume_data(volume: pd.DataFrame, units: pd.DataFrame, lang: str) -> pd.DataFrame:
    label, region = names(units, lang), hospital_region(units)
    order = {r: i for i, r in enumerate(region_order(units))}
    hidden = volume["suppressed"] | volume["primary_operations"].isna()
    return pd.DataFrame({
        "hospital_id": volume["hospital_id"].to_numpy(),
        "region_rank": [order.get(region.get(h), 99) for h in volume["hospital_id"]],
        i18n.t("column.hospital", lang): [label.get(("hospital", h), h)
                                          for h in volume["hospital_id"]],
        i18n.t("column.region", lang): [label.get(("region", region.get(h)), "")
                                        for h in volume["hospital_id"]],
        i18n.t("column.year", lang): volume["year"].to_numpy(),
        i18n.t("axis.operations", lang): [None if h else int(v) for v, h in
                                          zip(volume["primary_operations"], hidden, strict=True)],
        i18n.t("column.operations", lang): count_texts(volume, "primary_operations", lang),
    })


def volume_bars(volume: pd.DataFrame, units: pd.DataFrame, year: int, lang: str,
                minimum: int | None = None):
    """Primary operations per hospital in YEAR, one panel per region, with the recommended
    minimum as a line and the number beside each bar; hidden counts as '<5' without a bar."""
    minimum = registry.settings().min_operations if minimum is None else minimum
    data = _volume_data(volume[volume["year"] == year], units, lang)
    ops, hosp = i18n.t("axis.operations", lang), i18n.t("column.hospital", lang)
    text, reg = i18n.t("column.operations", lang), i18n.t("column.region", lang)
    meets_word = i18n.t("chart.meets", lang, minimum=fmt.number(minimum, lang))
    below_word = i18n.t("chart.below", lang, minimum=fmt.number(minimum, lang))
    status = i18n.t("column.meets", lang)
    data[status] = [None if pd.isna(v) else (meets_word if v >= minimum else below_word)
                    for v in data[ops]]
    data = data.sort_values(["region_rank", ops], ascending=[True, False], na_position="last")
    regions = list(dict.fromkeys(data[reg]))
    data = data.drop(columns=["hospital_id", "region_rank", i18n.t("column.year", lang)])
    top = max(float(data[ops].max() or 0), minimum) * 1.12
    # bars side by side, not stacked: fewer derived data sets under the regions' own scales
    at = "label_at"  # where a count's text stands: the bar's end, or the axis when hidden
    data[at] = [0 if v is None or pd.isna(v) else v for v in data[ops]]
    minimum_tip = i18n.t("chart.minimum_line", lang, minimum=fmt.number(minimum, lang))

    def panel(region: str, last: bool):
        """One region's hospitals: bars, the minimum line, the counts (x axis on the last)."""
        x = enc(alt.X, ops, "quantitative", scale=alt.Scale(domain=[0, top], nice=False),
                axis=alt.Axis(format=",d", grid=False) if last else None, stack=None)
        y = enc(alt.Y, hosp, "nominal", title=None, sort=list(data[hosp]),
                axis=label_axis(data[hosp]))
        # invalid="show": a hidden count's row stays in the bars (an empty bar; its text
        # says '<5')
        bars = alt.Chart().mark_bar(height={"band": 0.7}, invalid="show").encode(
            x, y, color=enc(alt.Color, status, "nominal", title=None, scale=alt.Scale(
                domain=[meets_word, below_word], range=[theme.MEETS, theme.BELOW]),
                legend=alt.Legend(symbolType="square")),  # bars: square keys, not circles
            tooltip=[enc(alt.Tooltip, hosp, "nominal"), enc(alt.Tooltip, text, "nominal")])
        # the number beside the bar's end, with a white halo under it so the minimum line
        # never runs through its digits; a hidden count ('<5') at the axis
        halo = alt.Chart().mark_text(align="left", dx=4, stroke="white", strokeWidth=4,
                                     strokeJoin="round").encode(
            y, x=alt.X(f"{at}:Q"), text=enc(alt.Text, text, "nominal"))
        values = alt.Chart().mark_text(align="left", dx=4).encode(
            y, x=alt.X(f"{at}:Q"), text=enc(alt.Text, text, "nominal"))
        rule = alt.Chart().mark_rule(color=theme.REFERENCE["color"],
                                     strokeDash=theme.REFERENCE["dash"], strokeWidth=2).encode(
            x=alt.XDatum(minimum), tooltip=alt.TooltipValue(minimum_tip))
        return alt.layer(bars, rule, halo, values).transform_filter(
            alt.FieldEqualPredicate(field=field(reg), equal=region)).properties(
            width=theme.BAR_WIDTH, height=alt.Step(theme.STEP), title=alt.TitleParams(
                region, anchor="start", fontSize=theme.LABEL_SIZE + 1, fontWeight="bold",
                offset=4))

    # the regions one under the other, each with its own hospitals: a column of charts (a
    # faceted layer chart with a scale per region makes Vega-Lite warn about its domains)
    chart = alt.vconcat(*[panel(r, i == len(regions) - 1) for i, r in enumerate(regions)],
                        data=data, spacing=6)
    shown = data[data[ops].notna()]
    desc = i18n.t("chart.desc.volume_bars", lang, year=year, minimum=fmt.number(minimum, lang),
                  below=fmt.number(int((shown[ops] < minimum).sum()), lang),
                  hospitals=fmt.number(len(data), lang))
    # the count is in TEXT ('<5' if hidden); label_at only places it
    return finish(chart, lang, desc, omit=(ops, at))


def volume_trend(volume: pd.DataFrame, units: pd.DataFrame, lang: str):
    """Heat table: hospitals (grouped by region) x years, the number in each cell."""
    data = _volume_data(volume, units, lang)
    ops, hosp = i18n.t("axis.operations", lang), i18n.t("column.hospital", lang)
    text, year = i18n.t("column.operations", lang), i18n.t("column.year", lang)
    latest = data[data[year] == data[year].max()].set_index("hospital_id")[ops]
    data["latest"] = data["hospital_id"].map(latest).fillna(-1)
    order = list(dict.fromkeys(data.sort_values(["region_rank", "latest"],
                                                ascending=[True, False])[hosp]))
    data = data.drop(columns=["hospital_id", "region_rank", "latest"])
    top = float(data[ops].max() or 1)
    x = enc(alt.X, year, "ordinal", axis=alt.Axis(orient="top", labelAngle=0))
    y = enc(alt.Y, hosp, "nominal", title=None, sort=order)
    cells = alt.Chart().mark_rect(stroke="white").encode(
        x, y, color=enc(alt.Color, ops, "quantitative", legend=None,
                        scale=alt.Scale(range=list(theme.SEQUENTIAL), domain=[0, top])),
        tooltip=[enc(alt.Tooltip, hosp, "nominal"), enc(alt.Tooltip, year, "ordinal"),
                 enc(alt.Tooltip, text, "nominal")])
    labels = alt.Chart().mark_text(fontSize=theme.LABEL_SIZE - 1).encode(
        x, y, text=enc(alt.Text, text, "nominal"), color=alt.ColorValue(theme.TEXT, condition={
            "test": f"datum[{json.dumps(ops)}] > {top * 0.55}", "value": theme.ON_DARK}))
    chart = alt.layer(cells, labels, data=data).properties(
        width=alt.Step(40), height=alt.Step(theme.STEP))
    years = sorted(data[year].unique())
    desc = i18n.t("chart.desc.volume_trend", lang, first=years[0], last=years[-1])
    return finish(chart, lang, desc, omit=(ops,))  # the count is in TEXT ('<5' if hidden)


def coverage_bars(coverage: pd.DataFrame, units: pd.DataFrame, form_type: str, year: int,
                  lang: str, satisfactory: float | None = None):
    """Coverage per hospital for one form type in YEAR, sorted, with the nation and the regions
    marked and the satisfactory level as a line; values in whole per cent beside the bars,
    with a decimal where whole per cent would put a value on the other side of the line (a
    note under the chart then says so)."""
    limit = registry.settings().coverage_satisfactory if satisfactory is None else satisfactory
    labels, table = Sides.coverage(0, limit), Sides.coverage(1, limit)
    rows = coverage[(coverage["form_type"] == form_type) & (coverage["year"] == year)
                    & coverage["unit_level"].isin(("nation", "region", "hospital"))]
    regions = {r: i for i, r in enumerate(region_order(units))}
    level_rank = rows["unit_level"].map({"nation": 0, "region": 1, "hospital": 2})
    key = [regions.get(u, 99) if lv == "region" else -(p if pd.notna(p) else -1)
           for u, lv, p in zip(rows["unit_id"], rows["unit_level"], rows["percent"],
                               strict=True)]
    rows = rows.assign(_lv=level_rank.to_numpy(), _key=key).sort_values(["_lv", "_key"])
    label = names(units, lang)
    unit, pct = i18n.t("axis.unit", lang), i18n.t("chart.coverage_axis", lang)
    level, value = i18n.t("chart.level", lang), i18n.t("column.coverage", lang)
    shown = ~rows["suppressed"] & rows["percent"].notna()
    data = pd.DataFrame({
        unit: [label.get(k, k[1]) for k in zip(rows["unit_level"], rows["unit_id"],
                                                 strict=True)],
        level: [i18n.t(f"unit_level.{v}", lang) for v in rows["unit_level"]],
        pct: [table.rounded(p) if ok else None
              for p, ok in zip(rows["percent"], shown, strict=True)],
        value: [labels.percent(p, lang) if ok else i18n.t("suppressed.short", lang)
                for p, ok in zip(rows["percent"], shown, strict=True)],
        i18n.t("column.expected", lang): count_texts(rows, "expected", lang),
    })
    levels = [i18n.t(f"unit_level.{lv}", lang) for lv in ("nation", "region", "hospital")]
    marked = [u for u, lv in zip(data[unit], data[level], strict=True) if lv != levels[2]]
    y = enc(alt.Y, unit, "nominal", sort=list(data[unit]), title=None, axis=label_axis(
        data[unit], marked, labelFontWeight=alt.ExprRef(
            f"indexof({json.dumps(marked)}, datum.value) >= 0 ? 'bold' : 'normal'")))
    # coverage all high (90-98 %) gets an axis fitted to it, said in a note under the chart
    start = share_axis_start(list(data[pct]) + [float(limit)])
    x = enc(alt.X, pct, "quantitative", scale=alt.Scale(domain=[start, 100], nice=False,
                                                         range=[0, theme.BAR_WIDTH]),
            axis=alt.Axis(values=share_ticks(start)))
    bars = alt.Chart().mark_bar(height={"band": 0.7}, clip=True).encode(
        x, y, color=enc(alt.Color, level, "nominal", legend=None, scale=alt.Scale(
            domain=levels, range=[theme.UNIT_COLOURS[lv] for lv in
                                  ("nation", "region", "hospital")])),
        tooltip=[enc(alt.Tooltip, c, "nominal") for c in data.columns if c != pct])
    values = alt.Chart().mark_text(align="left").encode(
        y, x=alt.XValue(theme.BAR_WIDTH + COLUMN_GAP), text=enc(alt.Text, value, "nominal"))
    words = i18n.t("chart.satisfactory_line", lang, limit=fmt.percent(limit, lang, 0))
    rule = alt.Chart(pd.DataFrame({words: [words], pct: [float(limit)]})).mark_rule(
        strokeWidth=2).encode(enc(alt.X, pct, "quantitative"), stroke=enc(
            alt.Stroke, words, "nominal", title=None, scale=alt.Scale(
                range=[theme.REFERENCE["color"]])),
        strokeDash=enc(alt.StrokeDash, words, "nominal", title=None, scale=alt.Scale(
            range=[theme.REFERENCE["dash"]])))
    chart = alt.layer(bars, rule, values, data=data).properties(
        width=theme.BAR_WIDTH + column_width(data[value]), height=alt.Step(theme.STEP))
    nation = data[data[level] == levels[0]]
    # below the line on the unrounded share, as the table's shading and the status are
    hospitals = rows[(rows["unit_level"] == "hospital") & shown]
    desc = i18n.t("chart.desc.coverage_bars", lang, form=i18n.label("form_type", form_type,
                                                                     lang).lower(),
                  year=year, limit=fmt.percent(limit, lang, 0),
                  national=nation[value].iloc[0] if len(nation) else "",
                  below=fmt.number(int((hospitals["percent"] < limit).sum()), lang))
    # the note is drawn under the chart, where the PDF shows it too
    chart = footnote(chart, joined(labels.note(lang), axis_start_note(start, lang)),
                     theme.BAR_WIDTH + column_width(data[value]))
    desc = joined(desc, axis_start_note(start, lang))
    return finish(chart, lang, desc, omit=(value,), shares=(pct,))  # value: beside the bar

"""Helpers shared by the chart builders: field encodings, unit names, reference lines and the
finishing step (description + number locale). No colour or font is chosen here: they come
from report.theme."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd

from report.content import fmt, i18n, theme


def field(name: str) -> str:
    """A field reference safe for Vega-Lite (dots and brackets escaped)."""
    for char in ".[]":
        name = name.replace(char, "\\" + char)
    return name


def enc(channel, name: str, kind: str, **kwargs):
    """An encoding for field NAME of type KIND ('quantitative', 'nominal', 'ordinal'),
    titled with the field name unless a title is given."""
    kwargs.setdefault("title", name)
    if kind:
        kwargs["type"] = kind
    return channel(field=field(name), **kwargs)


# Vega draws a band axis's labels this far from the plot (tick size 5 + label padding 2 + 1).
AXIS_GAP = 8
# Room between the plot and a column of text beside it (values, N), and after that text.
COLUMN_GAP = 6
COLUMN_END = 4


def label_axis(labels, bold=(), **kwargs) -> alt.Axis:
    """An axis for the unit names beside horizontal bars that reserves their width in the
    theme's font (minExtent), so the names fit inside the chart even when a browser measures
    them before the web font has loaded (Vega measures once, with whatever font it has)."""
    bold = set(bold)
    room = max((theme.text_width(v, bold=v in bold) for v in labels), default=0.0)
    return alt.Axis(minExtent=math.ceil(room) + AXIS_GAP, **kwargs)


def column_width(texts, gap: float = COLUMN_GAP) -> int:
    """Width of a text column beside the plot: GAP, the widest of TEXTS, and a margin."""
    room = max((theme.text_width(t) for t in texts if isinstance(t, str)), default=0.0)
    return math.ceil(gap + room + COLUMN_END)


def wrap(text: str, width: float, size: float = theme.LABEL_SIZE,
         bold: bool = False) -> list[str]:
    """TEXT broken at spaces into lines no wider than WIDTH px in the theme's font (never at
    a non-breaking space: '80 %' stays on one line)."""
    lines: list[str] = []
    for word in (w for w in str(text).split(" ") if w):
        if lines and theme.text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def wrapped_labels(texts, width: float, size: float = theme.LABEL_SIZE,
                   bold: bool = False) -> alt.ExprRef:
    """A labelExpr that shows each of TEXTS on as many lines as it needs to fit WIDTH px (for
    facet headers over narrow small multiples); other values are shown as they are."""
    table = {t: wrap(t, width, size, bold) for t in dict.fromkeys(texts)}
    return f"{json.dumps(table, ensure_ascii=False)}[datum.value] || datum.value"


class WithTypst:
    """An Altair chart for the website with a Typst drawing of the same data for the PDF
    (small multiples: Typst draws them while laying out the page, where converting the
    chart to SVG would cost a tenth of a second or more). Displayed like the chart itself,
    plus `_repr_typst_`, which the renderer prefers in the PDF."""

    def __init__(self, chart, typst: str):
        self.chart = chart
        self.typst = typst

    def to_dict(self, *args, **kwargs) -> dict:
        return self.chart.to_dict(*args, **kwargs)

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with the kernel
            get_ipython = None
        shell = get_ipython() if get_ipython else None
        if shell is None:
            return self.chart._repr_mimebundle_(include, exclude)
        data, _ = shell.display_formatter.format(self.chart)  # as the chart would show
        return {k: v for k, v in data.items() if k != "text/x-typst"}

    def _repr_typst_(self) -> str:
        return self.typst


def finish(chart, lang: str, description: str, omit: tuple[str, ...] = (),
           shares: tuple[str, ...] = (), rows: dict[str, list[str]] | None = None):
    """Set the alt text and the language's number locale on a finished chart. OMIT names
    fields the data table beside the chart leaves out: a count drawn from a number column and
    written from a text column ('<5' when hidden) is one column to a reader, not two. SHARES
    names share fields whose values keep their side of a level (Sides.rounded): the data table
    shows each with one decimal, or the more it has. ROWS ({field: values}) keeps the data
    table to the rows whose field holds one of the values (the points, not the curves drawn
    from the same data)."""
    # Set on the chart itself: properties() and configure() would each copy the whole
    # chart, data included (a tenth of a hospital report's execution time).
    chart.description = description
    chart.config = alt.Config(locale=theme.locale(lang))
    table = {}
    if omit:
        table["omit"] = list(omit)
    if shares:
        table["decimals"] = {name: 1 for name in shares}
    if rows:
        table["rows"] = {name: list(values) for name, values in rows.items()}
    if table:
        chart.usermeta = {"data-table": table}
    return chart


def with_note(description: str, note: str | None) -> str:
    """A chart's description with the footnote on decimals after it, when there is one."""
    return f"{description} {note}" if note else description


def share_text(name: str, decimals: int = 1, most: int = 3) -> str:
    """A Vega expression for share field NAME as text with DECIMALS, or as many more (up to
    MOST) as the value holds: a share kept on its side of a level shows '84.96' in a tooltip
    where a fixed format would show '85.0' (the chart's locale gives the decimal mark)."""
    value = f"datum[{json.dumps(name)}]"
    chain = f"'.{decimals}f'"
    for n in range(decimals + 1, most + 1):  # the most decimals are tested first
        scaled = f"{value} * {10 ** (n - 1)}"
        chain = f"abs({scaled} - round({scaled})) > 1e-6 ? '.{n}f' : ({chain})"
    return f"isValid({value}) ? format({value}, {chain}) : ''"


SHARE_TIP = "share_tip"  # the calculated field a share tooltip shows (not in the data table)


def share_tooltip(name: str) -> alt.Tooltip:
    """A tooltip for share field NAME, titled NAME, that reads the field SHARE_TIP: add
    `transform_calculate(**{SHARE_TIP: share_text(NAME)})` to the layer."""
    return alt.Tooltip(f"{SHARE_TIP}:N", title=name)


def footnote(chart, text: str | None, width: float):
    """TEXT under the chart, in the chart itself (so the PDF, which shows no description,
    shows it too), in small muted type wrapped to WIDTH px; the chart as it is without."""
    if text:
        size = theme.LABEL_SIZE
        chart.title = alt.TitleParams(wrap(text, width, size), orient="bottom", anchor="start",
                                      frame="bounds", fontSize=size, fontWeight="normal",
                                      color=theme.MUTED, offset=10, lineHeight=size + 3)
    return chart


FIT_FROM = 40  # a bar chart's share axis starts above 0 only when that much would be empty


def share_axis_start(values) -> int:
    """Where the share axis (0-100 %) of a bar chart starts: 0, or, when every value it must
    show (bars, interval ends, target lines) is high, the multiple of 10 at least two points
    below the lowest, if that is FIT_FROM or more; shares of 90-98 then fill the plot instead
    of its last tenth. The chart says so in a note (axis_start_note)."""
    shown = [float(v) for v in values if v is not None and pd.notna(v)]
    if not shown:
        return 0
    low = int((min(shown) - 2) // 10 * 10)
    return low if low >= FIT_FROM else 0


def share_ticks(low: int) -> list[int]:
    """Ticks of a share axis from LOW to 100: every 20, 10 or 5 points as the span narrows."""
    span = 100 - low
    return list(range(low, 101, 20 if span > 50 else 10 if span > 20 else 5))


def axis_start_note(low: int, lang: str) -> str | None:
    """'The axis starts at 70 %, not at 0.' for an axis starting above 0; None at 0."""
    return i18n.t("chart.axis_start", lang, low=fmt.percent(low, lang, 0)) if low else None


def joined(*notes: str | None) -> str | None:
    """The notes that exist, in one text; None when there are none."""
    shown = [n for n in notes if n]
    return " ".join(shown) if shown else None


def names(units: pd.DataFrame, lang: str) -> dict[tuple[str, str], str]:
    """(unit_level, unit_id) -> name in LANG; regions by their short name (region_short.*),
    which fits beside a bar in both languages."""
    out = {(r.unit_level, r.unit_id): getattr(r, f"name_{lang}") for r in units.itertuples()}
    for level, unit in out:
        if level == "region" and f"region_short.{unit}" in i18n.catalogue():
            out[(level, unit)] = i18n.t(f"region_short.{unit}", lang)
    return out


def hospital_region(units: pd.DataFrame) -> dict[str, str]:
    """hospital_id -> region_id, through the hospital's trust."""
    parent = dict(zip(units["unit_id"], units["parent_id"], strict=True))
    hospitals = units.loc[units["unit_level"] == "hospital", "unit_id"]
    return {h: parent.get(parent.get(h)) for h in hospitals}


def region_order(units: pd.DataFrame) -> list[str]:
    """Region ids in the order of theme.REGION_COLOURS (south to north is not alphabetical)."""
    present = set(units.loc[units["unit_level"] == "region", "unit_id"])
    return [r for r in theme.REGION_COLOURS if r in present] + sorted(
        present - set(theme.REGION_COLOURS))


def one_decimal(values) -> list:
    """Values rounded to one decimal for the chart's data table; missing -> None."""
    return [None if pd.isna(v) else round(float(v), 1) for v in values]


def reason(rule, lang: str) -> str:
    """Why a value is hidden, from the suppressed.* strings."""
    if isinstance(rule, str) and f"suppressed.{rule}" in i18n.catalogue():
        return i18n.t(f"suppressed.{rule}", lang)
    return i18n.t("suppressed.short", lang)


def count_text(value, label, lang: str) -> str:
    """A published count as text: '4 197'; when hidden, its label from the published table
    (<column>_label: '<5' for a small count) or else the word for hidden, never a '<5' for a
    count hidden by another rule (it may be any size)."""
    if not pd.isna(value):
        return fmt.number(value, lang)
    if isinstance(label, str) and label.startswith("<"):
        return "<" + fmt.number(int(label[1:]), lang)
    return i18n.t("suppressed.short", lang)


def count_texts(frame: pd.DataFrame, column: str, lang: str) -> list[str]:
    """count_text for every row of a published table's count COLUMN."""
    labels = frame.get(f"{column}_label", pd.Series([None] * len(frame), index=frame.index))
    return [count_text(v, lab, lang) for v, lab in zip(frame[column], labels, strict=True)]


LINE_WORDS = {"moderate": "target.moderate", "high": "target.high",
              "limit95": "funnel.limit95", "limit998": "funnel.limit998",
              "national": "funnel.national"}


def line_channels(keys: list[str], lang: str, title: str) -> dict:
    """stroke + strokeDash on the field 'title' for the reference lines KEYS (theme.LINES),
    so every layer that draws one of them shares a single legend."""
    words = [i18n.t(LINE_WORDS[k], lang) for k in keys]
    colours = [theme.LINES[k]["color"] for k in keys]
    dashes = [theme.LINES[k]["dash"] or [1, 0] for k in keys]
    return {"stroke": enc(alt.Stroke, title, "nominal", scale=alt.Scale(domain=words,
                                                                         range=colours)),
            "strokeDash": enc(alt.StrokeDash, title, "nominal",
                              scale=alt.Scale(domain=words, range=dashes))}


def target_keys(target) -> list[str]:
    """The target levels an indicator has, of 'moderate' and 'high'."""
    return [lv for lv in ("moderate", "high") if getattr(target, lv, None) is not None]


def target_rules(target, lang: str, axis: str, value_title: str, keys: list[str],
                 title: str):
    """Rules at the target levels that exist (None when there are none), styled through
    line_channels(KEYS) so they share a legend with other reference lines."""
    levels = target_keys(target)
    if not levels:
        return None
    frame = pd.DataFrame({title: [i18n.t(LINE_WORDS[lv], lang) for lv in levels],
                          value_title: [float(getattr(target, lv)) for lv in levels]})
    channel = alt.X if axis == "x" else alt.Y
    return alt.Chart(frame).mark_rule(strokeWidth=2).encode(
        enc(channel, value_title, "quantitative"), **line_channels(keys, lang, title))

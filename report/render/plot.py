"""Small multiples drawn in Typst itself: panels of lines and points with their axes, for the
PDF. A chart of twelve small panels costs Vega (through vl-convert) a tenth of a second or
more to draw as SVG; Typst draws the same lines, points and labels while it lays out the page.
Domain code gives the panels (data, colours, tick labels) and shows the result through
`_repr_typst_` beside its Vega-Lite chart, as it does tables with `typst_table`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .markup import typst_str

AXIS = "#595959"
GRID = "#e6e6e6"
LABEL_PT = 6.5
TITLE_PT = 7.0
LEFT, BOTTOM, TOP = 20.0, 11.0, 4.0  # room for y labels, x labels, the top point


@dataclass(frozen=True)
class Axis:
    """Data range LO..HI (log: base-10 positions) with tick positions and their labels."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    log: bool = False

    def at(self, value: float, length: float) -> float:
        """VALUE's distance along an axis of LENGTH points from the low end."""
        if self.log:
            lo, hi, value = math.log10(self.lo), math.log10(self.hi), math.log10(value)
        else:
            lo, hi = self.lo, self.hi
        return 0.0 if hi == lo else (value - lo) / (hi - lo) * length


@dataclass(frozen=True)
class Series:
    """One mark over a panel's data. KIND: line, points, hollow (points with a white middle),
    bars (vertical, SIZE wide in x
    units), hbars (horizontal, SIZE high in y units), ticks (a vertical stroke SIZE high in y
    units), hrule / vrule (a line across the plot at ys[0] / xs[0]) or labels (TEXTS at the
    points: ANCHOR 'foot' puts each just above the x axis, 'right' beside the plot)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    colour: str
    kind: str = "line"
    dash: str | None = None  # a Typst dash pattern name, e.g. "dashed"
    size: float = 0.8  # line thickness or point radius in points; bar and tick sizes above
    texts: tuple[str, ...] = ()
    anchor: str = "foot"


@dataclass(frozen=True)
class Panel:
    title: str
    x: Axis
    y: Axis
    series: list[Series] = field(default_factory=list)
    left: float = LEFT  # room for the y labels
    right: float = 4.0  # room beside the plot (for labels anchored 'right')
    grid: str = "y"  # grid lines at the y ticks, or "x" at the x ticks


def nice_ticks(lo: float, hi: float, count: int = 4) -> tuple[float, float, list[float]]:
    """(low, high, ticks): LO..HI widened to round steps of 1, 2, 2.5 or 5 x 10^k, about COUNT
    ticks (like Vega's `nice`)."""
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    low, high = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ticks = [round(low + i * step, 10) for i in range(int(round((high - low) / step)) + 1)]
    return low, high, ticks


def _pt(value: float) -> str:
    return f"{value:.2f}pt"


def _place(dx: float, dy: float, body: str) -> str:
    return f"place(top + left, dx: {_pt(dx)}, dy: {_pt(dy)}, {body})"


def _label(dx: float, dy: float, width: float, text: str, align: str) -> str:
    box = f"box(width: {_pt(width)}, align({align}, text(size: {LABEL_PT}pt, {typst_str(text)})))"
    return _place(dx, dy, box)


def _rect(width: float, height: float, paint: str) -> str:
    return f"rect(width: {_pt(max(width, 0))}, height: {_pt(max(height, 0))}, fill: {paint})"


def _series(series: Series, panel: Panel, width: float, height: float) -> list[str]:
    def x_at(v: float) -> float:
        return panel.left + panel.x.at(v, width)

    def y_at(v: float) -> float:
        return TOP + height - panel.y.at(v, height)

    paint = f'rgb("{series.colour}")'
    pairs = list(zip(series.xs, series.ys, strict=True))
    dash = f", dash: {typst_str(series.dash)}" if series.dash else ""
    if series.kind in ("points", "hollow"):
        r = series.size
        look = (f"fill: {paint}, stroke: none" if series.kind == "points" else
                f"fill: white, stroke: {_pt(max(r / 2.5, 0.5))} + {paint}")
        return [_place(x_at(x) - r, y_at(y) - r, f"circle(radius: {_pt(r)}, {look})")
                for x, y in pairs]
    half = series.size / 2
    if series.kind == "bars":
        return [_place(x_at(x - half), y_at(y), _rect(x_at(x + half) - x_at(x - half),
                                                      y_at(panel.y.lo) - y_at(y), paint))
                for x, y in pairs]
    if series.kind == "hbars":
        return [_place(x_at(panel.x.lo), y_at(y + half), _rect(
            x_at(x) - x_at(panel.x.lo), y_at(y - half) - y_at(y + half), paint))
                for x, y in pairs]
    if series.kind == "ticks":
        return [_place(x_at(x) - 0.75, y_at(y + half),
                       _rect(1.5, y_at(y - half) - y_at(y + half), paint)) for x, y in pairs]
    stroke = f"(paint: {paint}, thickness: {_pt(series.size)}{dash})"
    if series.kind == "hrule":
        return [_place(panel.left, y_at(series.ys[0]),
                       f"line(length: {_pt(width)}, stroke: {stroke})")]
    if series.kind == "vrule":
        return [_place(x_at(series.xs[0]), TOP,
                       f"line(angle: 90deg, length: {_pt(height)}, stroke: {stroke})")]
    if series.kind == "labels":
        if series.anchor == "right":
            return [_label(panel.left + width + 3, y_at(y) - LABEL_PT / 2 - 0.5,
                           panel.right - 3, t, "left") for (_, y), t in zip(pairs, series.texts,
                                                                           strict=True)]
        return [_label(x_at(x) - 15, y_at(panel.y.lo) - LABEL_PT - 3, 30, t, "center")
                for (x, _), t in zip(pairs, series.texts, strict=True)]
    if len(pairs) < 2:
        return []
    points = [(x_at(x), y_at(y)) for x, y in pairs]
    moves = ", ".join([f"curve.move(({_pt(points[0][0])}, {_pt(points[0][1])}))"]
                      + [f"curve.line(({_pt(x)}, {_pt(y)}))" for x, y in points[1:]])
    stroke = f"(paint: {paint}, thickness: {_pt(series.size)}{dash}, join: \"round\")"
    return [_place(0, 0, f"curve(stroke: {stroke}, {moves})")]


def panel_body(panel: Panel, width: float, height: float) -> str:
    """One panel: the plot of WIDTH x HEIGHT points with its axes, ticks and labels."""
    items = []
    base = TOP + height
    grid = f'0.4pt + rgb("{GRID}")'
    for tick, label in zip(panel.y.ticks, panel.y.labels, strict=True):
        y = TOP + height - panel.y.at(tick, height)
        if panel.grid == "y":
            items.append(_place(panel.left, y, f"line(length: {_pt(width)}, stroke: {grid})"))
        items.append(_label(0, y - LABEL_PT / 2 - 0.5, panel.left - 3, label, "right"))
    axis = f'0.5pt + rgb("{AXIS}")'
    for tick, label in zip(panel.x.ticks, panel.x.labels, strict=True):
        x = panel.left + panel.x.at(tick, width)
        if panel.grid == "x":
            items.append(_place(x, TOP, f"line(angle: 90deg, length: {_pt(height)}, "
                                        f"stroke: {grid})"))
        items.append(_place(x, base, f"line(angle: 90deg, length: 2pt, stroke: {axis})"))
        items.append(_label(x - 15, base + 2.5, 30, label, "center"))
    items.append(_place(panel.left, base, f"line(length: {_pt(width)}, stroke: {axis})"))
    items.append(_place(panel.left, TOP, f"line(angle: 90deg, length: {_pt(height)}, "
                                         f"stroke: {axis})"))
    for series in panel.series:
        items += _series(series, panel, width, height)
    return (f"box(width: {_pt(panel.left + width + panel.right)}, "
            f"height: {_pt(TOP + height + BOTTOM)}, " "{\n  " + "\n  ".join(items) + "\n})")


def _legend(legend: list[tuple[str, str, str]]) -> str:
    """(label, colour, kind) keys on one line; kind: point, line, dashed or bar."""
    keys = []
    for label, colour, kind in legend:
        paint = f'rgb("{colour}")'
        mark = {"point": f"circle(radius: 2.5pt, fill: {paint}, stroke: none)",
                "bar": f"rect(width: 7pt, height: 7pt, fill: {paint})",
                "dashed": f'line(length: 12pt, stroke: (paint: {paint}, thickness: 1pt, '
                          f'dash: "dashed"))'}.get(kind, f"line(length: 12pt, stroke: 1.2pt + "
                                                       f"{paint})")
        keys.append(f"box(height: {LABEL_PT}pt, align(horizon, {mark})) + h(3pt) + "
                    f"text(size: {LABEL_PT + 0.5}pt, {typst_str(label)})")
    return "box(" + " + h(12pt) + ".join(keys) + ")"


def chart(panel: Panel, legend: list[tuple[str, str, str]], width: float = 300,
          height: float = 120) -> str:
    """Typst code for one PANEL (its title unused) with a LEGEND below."""
    parts = [panel_body(panel, width, height)] + ([_legend(legend)] if legend else [])
    return f"#block(breakable: false, stack(spacing: 5pt, {', '.join(parts)}))"


def small_multiples(panels: list[Panel], legend: list[tuple[str, str, str]],
                    columns: int = 3, width: float = 118, height: float = 62,
                    note: str | None = None) -> str:
    """Typst code for PANELS in a grid of COLUMNS, titles above each (wrapped by Typst, plots
    lined up per row), a LEGEND of (label, colour, kind) below and a NOTE under it."""
    cells = [f"stack(spacing: 3pt, box(width: {_pt(p.left + width + p.right)}, align(center, "
             f"text(size: {TITLE_PT}pt, weight: \"bold\", {typst_str(p.title)}))), "
             f"{panel_body(p, width, height)})" for p in panels]
    # bottom-aligned cells: the plots of a row line up whatever their titles' heights
    grid = (f"grid(columns: {columns}, column-gutter: 6pt, row-gutter: 10pt, align: bottom, "
            + ", ".join(cells) + ")")
    parts = [grid] + ([_legend(legend)] if legend else [])
    if note:
        full = columns * (width + LEFT + 4.0) + (columns - 1) * 6
        parts.append(f"box(width: {_pt(full)}, text(size: {LABEL_PT}pt, fill: "
                     f"rgb(\"{AXIS}\"), {typst_str(note)}))")
    return f"#block(breakable: false, stack(spacing: 6pt, {', '.join(parts)}))"

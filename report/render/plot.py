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
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    colour: str
    kind: str = "line"  # line | points
    dash: str | None = None  # a Typst dash pattern name, e.g. "dashed"
    size: float = 0.8  # line thickness or point radius, in points


@dataclass(frozen=True)
class Panel:
    title: str
    x: Axis
    y: Axis
    series: list[Series] = field(default_factory=list)


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


def _series(series: Series, panel: Panel, width: float, height: float) -> list[str]:
    points = [(LEFT + panel.x.at(x, width), TOP + height - panel.y.at(y, height))
              for x, y in zip(series.xs, series.ys, strict=True)]
    paint = f'rgb("{series.colour}")'
    if series.kind == "points":
        r = series.size
        return [_place(x - r, y - r, f"circle(radius: {_pt(r)}, fill: {paint}, stroke: none)")
                for x, y in points]
    if len(points) < 2:
        return []
    dash = f", dash: {typst_str(series.dash)}" if series.dash else ""
    moves = ", ".join([f"curve.move(({_pt(points[0][0])}, {_pt(points[0][1])}))"]
                      + [f"curve.line(({_pt(x)}, {_pt(y)}))" for x, y in points[1:]])
    stroke = f"(paint: {paint}, thickness: {_pt(series.size)}{dash}, join: \"round\")"
    return [_place(0, 0, f"curve(stroke: {stroke}, {moves})")]


def panel_body(panel: Panel, width: float, height: float) -> str:
    """One panel: the plot of WIDTH x HEIGHT points with its axes, ticks and labels."""
    items = []
    for tick, label in zip(panel.y.ticks, panel.y.labels, strict=True):
        y = TOP + height - panel.y.at(tick, height)
        items.append(_place(LEFT, y, f"line(length: {_pt(width)}, stroke: 0.4pt + "
                                      f'rgb("{GRID}"))'))
        items.append(_label(0, y - LABEL_PT / 2 - 0.5, LEFT - 3, label, "right"))
    base = TOP + height
    axis = f'0.5pt + rgb("{AXIS}")'
    items.append(_place(LEFT, base, f"line(length: {_pt(width)}, stroke: {axis})"))
    items.append(_place(LEFT, TOP, f"line(angle: 90deg, length: {_pt(height)}, "
                                   f"stroke: {axis})"))
    for tick, label in zip(panel.x.ticks, panel.x.labels, strict=True):
        x = LEFT + panel.x.at(tick, width)
        items.append(_place(x, base, f"line(angle: 90deg, length: 2pt, stroke: {axis})"))
        items.append(_label(x - 15, base + 2.5, 30, label, "center"))
    for series in panel.series:
        items += _series(series, panel, width, height)
    return (f"box(width: {_pt(LEFT + width + 4)}, height: {_pt(TOP + height + BOTTOM)}, "
            "{\n  " + "\n  ".join(items) + "\n})")


def small_multiples(panels: list[Panel], legend: list[tuple[str, str, str]],
                    columns: int = 3, width: float = 118, height: float = 62) -> str:
    """Typst code for PANELS in a grid of COLUMNS, titles above each (wrapped by Typst, plots
    lined up per row), and a LEGEND of (label, colour, kind) below."""
    full = LEFT + width + 4
    cells = [f"stack(spacing: 3pt, box(width: {_pt(full)}, align(center, text(size: "
             f"{TITLE_PT}pt, weight: \"bold\", {typst_str(p.title)}))), "
             f"{panel_body(p, width, height)})" for p in panels]
    # bottom-aligned cells: the plots of a row line up whatever their titles' heights
    grid = (f"grid(columns: {columns}, column-gutter: 6pt, row-gutter: 10pt, align: bottom, "
            + ", ".join(cells) + ")")
    keys = []
    for label, colour, kind in legend:
        mark = (f'circle(radius: 2.5pt, fill: rgb("{colour}"), stroke: none)' if kind == "point"
                else f'line(length: 12pt, stroke: 1.2pt + rgb("{colour}"))')
        keys.append(f"box(height: {LABEL_PT}pt, align(horizon, {mark})) + h(3pt) + "
                    f"text(size: {LABEL_PT + 0.5}pt, {typst_str(label)})")
    legend_line = " + h(12pt) + ".join(keys) if keys else "[]"
    return f"#block(breakable: false, {{\n{grid}\nv(4pt)\n{legend_line}\n}})"

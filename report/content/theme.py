"""The report's one look: font, colours, sizes and number locale for every chart and table.

Chapters and chart builders never set a colour or a font: they take them from here. Colours
are the Okabe-Ito palette (safe for the common colour-vision deficiencies); target status is
always shown by colour AND shape AND word, never colour alone.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

import altair as alt

from report.content import fmt, i18n

FONT = "DejaVu Sans"
NAME = "nbcr"

# Okabe-Ito (Okabe & Ito 2008), in their usual order.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY_BLUE, PURPLE, YELLOW, BLACK)

# Greys for text, whiskers, grid and reference lines.
TEXT = "#222222"
MUTED = "#595959"
GRID = "#e6e6e6"
WHISKER = "#333333"
BAND = "#bfbfbf"

# Roles: one colour per kind of unit so the nation and regions stand out from hospitals.
HOSPITAL = SKY_BLUE
REGION = BLUE
NATION = BLACK
UNIT_COLOURS = {"hospital": HOSPITAL, "trust": HOSPITAL, "region": REGION, "nation": NATION}
REGION_COLOURS = {"sorost": BLUE, "vest": SKY_BLUE, "midt": GREEN, "nord": PURPLE}

# Reference lines: target levels take the colour of the status they lead to, and a dash
# pattern, so they differ without colour too. Other lines (recommendation, funnel) are grey.
TARGET_LINES = {"high": {"color": GREEN, "dash": []}, "moderate": {"color": ORANGE, "dash": [6, 3]}}
REFERENCE = {"color": MUTED, "dash": [4, 3]}
LIMIT95 = {"color": MUTED, "dash": [5, 3]}
LIMIT998 = {"color": MUTED, "dash": []}
NATIONAL_LINE = {"color": NATION, "dash": [2, 2]}
# Every reference line by key, for one shared line legend.
LINES = {"moderate": TARGET_LINES["moderate"], "high": TARGET_LINES["high"],
         "limit95": LIMIT95, "limit998": LIMIT998, "national": NATIONAL_LINE}
BELOW = VERMILLION  # a bar below a recommendation or satisfactory level
MEETS = HOSPITAL
SEQUENTIAL = ("#eef5fb", BLUE)  # light to dark for heat tables
ON_DARK = "white"  # text on the dark end of SEQUENTIAL

# Target status: colour (chart marks), a light fill (table cells), a Vega shape and a text
# symbol with the same shape (tables, legends).
STATUS = {
    "high": {"color": GREEN, "fill": "#cdeee4", "shape": "circle", "symbol": "\u25cf"},
    "moderate": {"color": ORANGE, "fill": "#fbe8c0", "shape": "square", "symbol": "\u25a0"},
    "low": {"color": VERMILLION, "fill": "#f6d3bd", "shape": "triangle-up",
            "symbol": "\u25b2"},
}
STATUS_ORDER = ("high", "moderate", "low")
BELOW_FILL = STATUS["low"]["fill"]

# Sizes in px at the chart's own scale (A4 page: about 16 cm at 96 dpi = 600 px).
WIDTH = 480
BAR_WIDTH = 330  # plot width of bar charts with unit names beside them
STEP = 20  # height of one bar row
LABEL_SIZE = 11
TITLE_SIZE = 12
POINT_SIZE = 60
STATUS_SIZE = 70


# The font files the renderer ships (the site serves them; Typst and vl-convert use them).
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FONT_DIR = Path(__file__).parent.parent / "render" / "assets" / "fonts"


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance widths in em by code point (BMP) from the TTF's cmap (format 4) and hmtx."""
    data = (FONT_DIR / FONT_FILES[bold]).read_bytes()
    tables = {data[12 + 16 * i:16 + 16 * i].decode("latin-1"):
              struct.unpack(">II", data[20 + 16 * i:28 + 16 * i])
              for i in range(struct.unpack(">H", data[4:6])[0])}
    per_em = struct.unpack(">H", data[tables["head"][0] + 18:][:2])[0]
    metrics = struct.unpack(">H", data[tables["hhea"][0] + 34:][:2])[0]
    hmtx = tables["hmtx"][0]
    widths = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0]
              for i in range(metrics)]
    cmap = tables["cmap"][0]
    glyphs: dict[int, int] = {}
    for i in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * i:][:8])
        sub = cmap + offset
        if struct.unpack(">H", data[sub:sub + 2])[0] != 4 or (platform, encoding) not in (
                (3, 1), (0, 3)):
            continue
        segs = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
        ends = struct.unpack(f">{segs}H", data[sub + 14:][:2 * segs])
        base = sub + 16 + 2 * segs
        starts = struct.unpack(f">{segs}H", data[base:][:2 * segs])
        deltas = struct.unpack(f">{segs}h", data[base + 2 * segs:][:2 * segs])
        ranges = base + 4 * segs
        offsets = struct.unpack(f">{segs}H", data[ranges:][:2 * segs])
        for k in range(segs):
            for code in range(starts[k], min(ends[k], 0xFFFE) + 1):
                if offsets[k]:
                    at = ranges + 2 * k + offsets[k] + 2 * (code - starts[k])
                    glyph = struct.unpack(">H", data[at:at + 2])[0]
                    glyph = (glyph + deltas[k]) % 65536 if glyph else 0
                else:
                    glyph = (code + deltas[k]) % 65536
                if glyph:
                    glyphs[code] = glyph
        break
    em = {code: widths[min(g, metrics - 1)] / per_em for code, g in glyphs.items()}
    return em, em.get(ord("M"), 0.8)


def text_width(text: str, size: float = LABEL_SIZE, bold: bool = False) -> float:
    """Width in px of TEXT set in the theme's font (DejaVu Sans) at SIZE px: what vl-convert
    and a browser with the web font draw. Layout that must not depend on the browser having
    loaded the font yet (Vega measures text once, when it draws) reserves this much room."""
    em, fallback = _advances(bold)
    return size * sum(em.get(ord(c), fallback) for c in str(text))


def status_word(status: str, lang: str) -> str:
    """'Høy' / 'High' for a status code."""
    return i18n.t(f"status.short.{status}", lang)


def status_scale(lang: str) -> tuple[dict, dict, list[str]]:
    """Colour and shape scales keyed by the status word in LANG, and the words in order."""
    words = [status_word(s, lang) for s in STATUS_ORDER]
    colour = {"domain": words, "range": [STATUS[s]["color"] for s in STATUS_ORDER]}
    shape = {"domain": words, "range": [STATUS[s]["shape"] for s in STATUS_ORDER]}
    return colour, shape, words


def locale(lang: str) -> dict:
    """The Vega number format locale for LANG, from the same marks as report.fmt, so axis
    ticks agree with the text (nb: decimal comma, non-breaking space between thousands)."""
    marks = fmt.marks(lang)
    return {"number": {"decimal": marks["decimal"], "thousands": marks["group"],
                       "grouping": [3], "currency": ["", " kr"] if lang == "nb" else ["", ""],
                       "minus": marks["minus"], "percent": marks["percent"]}}


def config() -> dict:
    """The theme's Vega-Lite config."""
    font = {"labelFont": FONT, "titleFont": FONT}
    axis = {**font, "labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE,
            "labelColor": TEXT, "titleColor": TEXT, "titleFontWeight": "normal",
            "gridColor": GRID, "domainColor": MUTED, "tickColor": MUTED, "labelLimit": 260}
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
        "axis": axis,
        "axisY": {"titleAngle": -90},
        "axisBand": {"grid": False},
        "legend": {**font, "labelFontSize": LABEL_SIZE, "titleFontSize": TITLE_SIZE,
                   "labelColor": TEXT, "titleColor": TEXT, "orient": "bottom",
                   "direction": "horizontal", "titleFontWeight": "normal", "labelLimit": 320,
                   "symbolStrokeWidth": 2,
                   # Room between entries for labels a browser measured before the web font
                   # loaded (a fallback sans is about 12 % narrower than DejaVu Sans).
                   "columnPadding": 18,
                   # At most three entries a row, so a legend is never wider than its plot.
                   "columns": 3,
                   "layout": {"bottom": {"anchor": "start", "direction": "vertical",
                                         "margin": 4}}},
        "header": {**font, "labelFontSize": TITLE_SIZE, "titleFontSize": TITLE_SIZE,
                   "labelColor": TEXT, "labelFontWeight": "bold"},
        "text": {"font": FONT, "fontSize": LABEL_SIZE, "color": TEXT},
        "title": {"font": FONT, "fontSize": TITLE_SIZE + 1, "color": TEXT},
        "range": {"category": list(PALETTE)},
        "bar": {"color": HOSPITAL},
        "line": {"strokeWidth": 2},
        "point": {"size": POINT_SIZE, "filled": True},
        "rule": {"color": MUTED},
        "mark": {"color": BLUE},
    }


@alt.theme.register(NAME, enable=True)
def nbcr() -> alt.theme.ThemeConfig:
    return {"config": config()}

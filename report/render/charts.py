"""Vega-Lite charts: SVG for the PDF (same font as Typst), data tables, the Vega runtime."""

from __future__ import annotations

import functools
from pathlib import Path

from .markup import esc, renumber_svg_ids

ASSETS = Path(__file__).parent / "assets"
FONTS = ASSETS / "fonts"
FONT_FAMILY = "DejaVu Sans"


@functools.cache
def _converter():
    import vl_convert

    vl_convert.register_font_directory(str(FONTS))
    return vl_convert


def raw_svg(spec: dict) -> str:
    """Render with the shipped font so label widths match what Typst draws: the chart's
    base font is set to the one Typst embeds (vl-convert measures text with it)."""
    spec = {**spec, "config": {**(spec.get("config") or {}), "font": FONT_FAMILY}}
    return _converter().vegalite_to_svg(spec)


def to_svg(spec: dict, prefix: str) -> str:
    """raw_svg with its ids made unique to PREFIX (several charts share one Typst document)."""
    return renumber_svg_ids(raw_svg(spec), prefix)


def many_raw_svgs(specs: list[dict], workers: int) -> list[str]:
    """raw_svg for many specs, spread over WORKERS processes (vl-convert is single-threaded
    per call; each worker loads its own copy)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("forkserver")
    chunk = max(1, len(specs) // (4 * workers))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(raw_svg, specs, chunksize=chunk))
    except (BrokenProcessPool, OSError):  # no worker processes here: convert in this one
        return [raw_svg(spec) for spec in specs]


def describe(spec: dict) -> str:
    """A fallback text alternative: the spec's description or title."""
    for key in ("description", "title"):
        value = spec.get(key)
        if isinstance(value, dict):
            value = value.get("text")
        if isinstance(value, list):
            value = " ".join(map(str, value))
        if value:
            return str(value)
    return ""


def chart_rows(spec: dict) -> list[dict]:
    datasets = spec.get("datasets") or {}
    data = spec.get("data") or {}
    if isinstance(data, dict) and "values" in data:
        return list(data["values"])
    if isinstance(data, dict) and data.get("name") in datasets:
        return list(datasets[data["name"]])
    for rows in datasets.values():
        return list(rows)
    return []


def data_table_html(spec: dict, summary: str) -> str:
    rows = chart_rows(spec)
    if not rows or not isinstance(rows[0], dict):
        return ""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    titles = field_titles(spec)
    head = "".join(f'<th scope="col">{esc(titles.get(c, c))}</th>' for c in columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{esc(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return (f'<details class="chart-data"><summary>{esc(summary)}</summary>\n'
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(summary)}">'
            f'<table>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table></div></details>")


def field_titles(spec: dict) -> dict[str, str]:
    """Column headings for the data table: the axis or legend title a field is shown with."""
    titles: dict[str, str] = {}
    layers = [spec] + [s for s in spec.get("layer", []) if isinstance(s, dict)]
    for layer in layers:
        for channel in (layer.get("encoding") or {}).values():
            for enc in channel if isinstance(channel, list) else [channel]:
                if isinstance(enc, dict) and enc.get("field") and isinstance(enc.get("title"), str):
                    titles.setdefault(enc["field"], enc["title"])
    return titles


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@functools.cache
def vega_runtime() -> str:
    """Vega, Vega-Lite and Vega-Embed in one local script (no CDN)."""
    return _converter().javascript_bundle()


def runtime_version() -> str:
    vlc = _converter()
    return f"vega-{vlc.get_vega_version()}-embed-{vlc.get_vega_embed_version()}"

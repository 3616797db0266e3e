"""Vega-Lite charts: SVG for the PDF (same font as Typst), data tables, the Vega runtime."""

from __future__ import annotations

import functools
import json
import math
import threading
from pathlib import Path

from .markup import esc

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


def _warm() -> None:
    """Worker start: load vl-convert and the fonts before the first chart arrives."""
    _converter()


class SvgJobs:
    """Chart conversions running in worker processes while the build goes on: charts are
    asked for as soon as a document has executed (`want`) and collected when the PDF is
    written (`get`). vl-convert is single-threaded per call, so WORKERS processes use that
    many cores; with no worker processes the conversion happens in `get`."""

    def __init__(self, cache, workers: int | None = None):
        import os

        self.cache = cache
        self.workers = min(os.cpu_count() or 1, 4) if workers is None else workers
        self._pool = None
        self._broken = False
        self._futures: dict = {}
        self._lock = threading.RLock()  # profiles load in parallel threads

    def key(self, spec: dict) -> str:
        return self.cache.key("svg", runtime_version(), json.dumps(spec, sort_keys=True))

    def want(self, specs: list[dict], least: int = 1) -> None:
        """Start converting the SPECS the cache lacks, if there are at least LEAST of them
        (a pool is not worth starting for a chart or two)."""
        with self._lock:
            self._want(specs, least)

    def _want(self, specs: list[dict], least: int) -> None:
        new = {}
        for spec in specs:
            key = self.key(spec)
            if key not in self._futures and key not in new and self.cache.get_bytes(
                    "svg", key) is None:
                new[key] = spec
        if len(new) < max(least, 1) or self.cache.folder is None:
            return
        pool = self._start()
        if pool is None:
            return
        for key, spec in new.items():
            self._futures[key] = pool.submit(raw_svg, spec)

    def run(self, function, *args):
        """FUNCTION(*ARGS) started in a worker process (a future), or None without workers."""
        with self._lock:
            pool = self._start() if self.cache.folder is not None else None
            return None if pool is None else pool.submit(function, *args)

    def get(self, spec: dict) -> str:
        """The chart as SVG (raw ids): from the cache, a worker, or converted here."""
        with self._lock:
            key = self.key(spec)
            future = self._futures.pop(key, None)
        raw = self.result(future)
        if raw is None:
            hit = self.cache.get_bytes("svg", key)
            if hit is not None:
                return hit.decode()
            raw = raw_svg(spec)
        self.cache.put_bytes("svg", key, raw.encode())
        return raw

    def result(self, future):
        """A worker's result, or None when there is no future or the workers are gone (the
        caller then does the work itself)."""
        from concurrent.futures.process import BrokenProcessPool

        if future is None:
            return None
        try:
            return future.result()
        except BrokenProcessPool:
            self._broken = True
            return None

    def _start(self):
        if self._pool is None and not self._broken and self.workers >= 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, initializer=_warm,
                    mp_context=multiprocessing.get_context("forkserver"))
            except OSError:  # no worker processes here: convert in this one
                self._broken = True
        return None if self._broken else self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures.clear()


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
    rows = table_rows(spec, chart_rows(spec))
    if not rows or not isinstance(rows[0], dict):
        return ""
    left_out = table_omits(spec)
    columns = [k for k in dict.fromkeys(k for row in rows for k in row) if k not in left_out]
    titles = field_titles(spec)
    marks = number_marks(spec)
    plain = ungrouped_fields(spec)
    least = table_decimals(spec)
    cells = {c: column_cells([row.get(c) for row in rows], marks, c not in plain,
                             least.get(c)) for c in columns}
    head = "".join(f'<th scope="col">{esc(titles.get(c, c))}</th>' for c in columns)
    body = "\n".join(
        "<tr>" + "".join(f'<th scope="row">{esc(cells[c][i])}</th>' if j == 0 else
                         f"<td>{esc(cells[c][i])}</td>" for j, c in enumerate(columns)) + "</tr>"
        for i in range(len(rows))
    )
    return (f'<details class="chart-data" data-pagefind-ignore><summary>{esc(summary)}</summary>\n'
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(summary)}">'
            f'<table>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table></div></details>")


def table_omits(spec: dict) -> set[str]:
    """Fields the chart asks the data table to leave out (`usermeta: {data-table: {omit:
    [...]}}`): a number also given as text for labels beside the marks would otherwise be
    shown twice."""
    meta = spec.get("usermeta")
    table = meta.get("data-table") if isinstance(meta, dict) else None
    omit = table.get("omit") if isinstance(table, dict) else None
    return {str(f) for f in omit} if isinstance(omit, list) else set()


def table_rows(spec: dict, rows: list) -> list:
    """The ROWS the data table shows: those whose fields hold one of the values the chart
    names (`usermeta: {data-table: {rows: {field: [values]}}}`), so curves drawn from the
    same data as the points (control limits) are not listed point by point; all without."""
    meta = spec.get("usermeta")
    table = meta.get("data-table") if isinstance(meta, dict) else None
    keep = table.get("rows") if isinstance(table, dict) else None
    if not isinstance(keep, dict) or not keep:
        return rows
    return [row for row in rows if isinstance(row, dict) and all(
        row.get(name) in values for name, values in keep.items() if isinstance(values, list))]


def table_decimals(spec: dict) -> dict[str, int]:
    """Fields whose numbers the data table shows one by one, each with the decimals it has but
    at least the given number (`usermeta: {data-table: {decimals: {field: 1}}}`): a share kept
    on its side of a level with two decimals ('84,96') leaves the rest of its column at one
    ('92,3'), where the column's own rule would give every row two."""
    meta = spec.get("usermeta")
    table = meta.get("data-table") if isinstance(meta, dict) else None
    decimals = table.get("decimals") if isinstance(table, dict) else None
    if not isinstance(decimals, dict):
        return {}
    return {str(f): int(n) for f, n in decimals.items() if isinstance(n, int)}


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


# ---------------------------------------------------------------- numbers in the data table

PLAIN_MARKS = {"decimal": ".", "thousands": "", "grouping": [3], "minus": "-"}


def number_marks(spec: dict) -> dict:
    """The chart's own number locale (config.locale.number: decimal and thousands marks,
    grouping, minus), so the table reads like the axes; plain marks when it has none."""
    config = spec.get("config") or {}
    locale = config.get("locale") if isinstance(config, dict) else None
    number = locale.get("number") if isinstance(locale, dict) else None
    if not isinstance(number, dict):
        return dict(PLAIN_MARKS)
    return {key: number.get(key, PLAIN_MARKS[key] if key != "thousands" else ",")
            for key in PLAIN_MARKS}


def _encodings(node):
    """Every field definition (a dict with a 'field') anywhere in a spec but its data."""
    if isinstance(node, dict):
        if isinstance(node.get("field"), str):
            yield node
        for key, value in node.items():
            if key not in ("data", "datasets"):
                yield from _encodings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _encodings(value)


def ungrouped_fields(spec: dict) -> set[str]:
    """Fields the chart itself shows without thousands separators: ordinal or temporal ones
    (years on an axis) and ones given a number format without ',' (such as 'd')."""
    plain = set()
    for enc in _encodings(spec):
        formats = [enc.get("format")] + [(enc.get(k) or {}).get("format") for k in
                                         ("axis", "legend", "header")
                                         if isinstance(enc.get(k), dict)]
        if enc.get("type") in ("ordinal", "temporal") or any(
                isinstance(f, str) and f and "," not in f for f in formats):
            plain.add(enc["field"])
    return plain


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and (
        not isinstance(value, float) or math.isfinite(value))


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 0 if float(value).is_integer() else 6
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def column_cells(values: list, marks: dict, group: bool, least: int | None = None) -> list[str]:
    """One column of the data table as text: numbers with the column's own number of decimals
    (whole numbers without '.0'), in MARKS; other values as they are; missing ones empty.
    With LEAST, each number with its own decimals, but at least LEAST."""
    places = min(6, max((_decimals(v) for v in values if _is_number(v)), default=0))
    return [format_number(v, marks, places if least is None else min(6, max(
        least, _decimals(v))), group) if _is_number(v) else _cell(v) for v in values]


def format_number(value, marks: dict, places: int, group: bool = True) -> str:
    """VALUE with PLACES decimals, the locale's decimal mark, thousands mark (grouped as
    marks['grouping'] says, the last size repeating) and minus sign."""
    text = f"{abs(float(value)):.{places}f}"
    whole, _, fraction = text.partition(".")
    if group and marks.get("thousands"):
        sizes, parts, rest = list(marks.get("grouping") or [3]), [], whole
        size = sizes[0]
        while len(rest) > size > 0:
            parts.insert(0, rest[-size:])
            rest = rest[:-size]
            sizes = sizes[1:] or [size]
            size = sizes[0]
        whole = marks["thousands"].join([rest] + parts)
    sign = marks.get("minus", "-") if float(value) < 0 and float(text) != 0 else ""
    return sign + whole + (marks.get("decimal", ".") + fraction if fraction else "")


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

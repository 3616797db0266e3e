"""Benchmark what a reader's browser loads: every page of a built site (default `_site`) opened
in headless Chromium (1280 x 900) with an empty cache, other hosts blocked. Charts are drawn
as they come near the screen, so each page is measured twice: at first view (loaded, the
charts near the screen drawn) and scrolled through (every chart drawn). Prints, per page, the
bytes transferred (HTML, styles, scripts, fonts, chart specs; search loads its index only
when used) as stored and as a web server sends them gzipped (text files; WOFF2 fonts are
compressed already), the number of requests and the time from navigation until the first
chart is drawn, then the largest figures against the targets: the language choice page under
200 KB, a chapter page under 1 MB, the first chart drawn under 1 s.

    python bench/pages.py [SITE_FOLDER]
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browsing import chromium, draw_every_chart, serve  # noqa: E402

# Set before the page's own scripts run: the time (ms from navigation) the first chart's SVG
# appears (Vega's first drawing) and the first chart is drawn fitted to its column
# (data-drawn), whichever chart it is.
WATCH_CHARTS = """window.__firstSvg = null; window.__firstChart = null;
new MutationObserver(records => {
  for (const r of records) {
    const chart = r.target.closest && r.target.closest('.vega-chart');
    if (!chart) { continue; }
    if (window.__firstSvg === null && chart.querySelector('svg')) {
      window.__firstSvg = performance.now();
    }
    if (window.__firstChart === null && r.attributeName === 'data-drawn') {
      window.__firstChart = performance.now();
    }
  }
}).observe(document, {attributes: true, childList: true, subtree: true});"""

# ms to the first chart drawn (the first chart scrolled to, should none be near the screen)
CHART_DRAWN = """() => new Promise(done => {
  const charts = document.querySelectorAll('.vega-chart');
  if (!charts.length) { return done(null); }
  if (window.__firstChart === null && !charts[0].dataset.drawn) {
    charts[0].scrollIntoView({block: 'center'});
  }
  const check = () => window.__firstChart !== null ? done([window.__firstSvg, window.__firstChart])
                                                   : setTimeout(check, 10);
  check();
})"""


COMPRESSED = (".woff2", ".png", ".pdf", ".xlsx", ".wasm")


def sizes(site: Path, urls: list[str]) -> tuple[int, int]:
    """(stored bytes, bytes sent gzipped) of the site's files at URLS."""
    stored = sent = 0
    for url in urls:
        data = (site / unquote(urlparse(url).path).lstrip("/")).read_bytes()
        stored += len(data)
        sent += len(data) if url.endswith(COMPRESSED) else len(gzip.compress(data, 6))
    return stored, sent


def measure(browser, base: str, site: Path, path: str) -> dict:
    """For PATH in a fresh browser context: (stored, gzipped bytes, requests) at first view and
    scrolled through, and ms to the first chart's SVG and to the first chart fitted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    urls: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else route.abort())
    context.add_init_script(WATCH_CHARTS)
    page = context.new_page()
    page.on("requestfinished", lambda r: urls.append(r.url))
    page.goto(f"{base}/{path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    first_view = (*sizes(site, urls), len(urls))
    first = page.evaluate(CHART_DRAWN)
    draw_every_chart(page, 60_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return {"view": first_view, "all": (*sizes(site, urls), len(urls)), "first": first}


def main(site: Path) -> None:
    pages = ["index.html"] + sorted(p.relative_to(site).as_posix()
                                    for lang in ("nb", "en") for p in (site / lang).glob("*.html"))
    pages += sorted(p.relative_to(site).as_posix() for p in site.glob("*/hospitals/*.html"))[:2]
    rows = []
    print(f"{'':30} {'first view: stored':>18} {'gzipped':>8} {'req':>4}   "
          f"{'scrolled through: stored':>24} {'gzipped':>8} {'req':>4}   "
          "first chart: SVG / fitted")
    with serve(site) as base, chromium() as browser:
        for path in pages:
            m = measure(browser, base, site, path)
            rows.append((path, m))
            (vs, vg, vn), (as_, ag, an) = m["view"], m["all"]
            chart = (f"{m['first'][0]:5.0f} / {m['first'][1]:5.0f} ms" if m["first"] is not None
                     else "       -")
            print(f"{path:30} {vs / 1024:15.1f} KB {vg / 1024:8.1f} {vn:4d}   "
                  f"{as_ / 1024:21.1f} KB {ag / 1024:8.1f} {an:4d}   {chart}", flush=True)
    choice = rows[0][1]["all"]
    print(f"\nlanguage choice page: {choice[0] / 1024:.1f} KB stored, "
          f"{choice[1] / 1024:.1f} KB gzipped (target < 200 KB)")
    for key, when in (("view", "at first view"), ("all", "scrolled through")):
        path, m = max(rows[1:], key=lambda r: r[1][key][0])
        print(f"heaviest page {when}: {path} {m[key][0] / 1024:.1f} KB stored, "
              f"{m[key][1] / 1024:.1f} KB gzipped (target < 1024 KB)")
    for index, what in ((0, "SVG"), (1, "fitted to its column")):
        timed = [(p, m["first"][index]) for p, m in rows if m["first"] is not None]
        if timed:
            path, ms = max(timed, key=lambda r: r[1])
            middle = sorted(t for _, t in timed)[len(timed) // 2]
            print(f"slowest first chart {what}: {path} {ms:.0f} ms (target < 1000 ms); "
                  f"median {middle:.0f} ms")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "_site").resolve())

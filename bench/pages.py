"""Benchmark what a reader's browser loads: every page of a built site (default `_site`) opened
in headless Chromium with an empty cache, other hosts blocked. Prints, per page, the bytes
transferred until the page and its charts are drawn (HTML, styles, scripts, fonts, chart
specs; search loads its index only when used) as stored and as a web server sends them gzipped
(text files; WOFF2 fonts are compressed already), the number of requests and the time until
the first chart is drawn, then the largest figures against the targets: the language choice
page under 200 KB, a chapter page under 1 MB, the first chart drawn under 1 s.

    python bench/pages.py [SITE_FOLDER]
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browsing import chromium, serve  # noqa: E402

CHART_DRAWN = """() => new Promise(done => {
  const charts = document.querySelectorAll('.vega-chart');
  if (!charts.length) { return done(null); }
  const first = charts[0];
  const check = () => first.dataset.drawn || first.dataset.error ? done(performance.now())
                                                                 : setTimeout(check, 10);
  check();
})"""
ALL_DRAWN = ("() => [...document.querySelectorAll('.vega-chart')]"
             ".every(e => e.dataset.drawn || e.dataset.error)")


COMPRESSED = (".woff2", ".png", ".pdf", ".xlsx", ".wasm")


def sizes(site: Path, urls: list[str]) -> tuple[int, int]:
    """(stored bytes, bytes sent gzipped) of the site's files at URLS."""
    stored = sent = 0
    for url in urls:
        data = (site / unquote(urlparse(url).path).lstrip("/")).read_bytes()
        stored += len(data)
        sent += len(data) if url.endswith(COMPRESSED) else len(gzip.compress(data, 6))
    return stored, sent


def measure(browser, base: str, site: Path, path: str) -> tuple[int, int, int, float | None]:
    """(stored bytes, gzipped bytes, requests, ms to the first chart drawn) for PATH in a fresh
    browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    urls: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else route.abort())
    page = context.new_page()
    page.on("requestfinished", lambda r: urls.append(r.url))
    page.goto(f"{base}/{path}", wait_until="load")
    first = page.evaluate(CHART_DRAWN)
    page.wait_for_function(ALL_DRAWN, timeout=60_000)
    page.wait_for_load_state("networkidle")
    context.close()
    stored, sent = sizes(site, urls)
    return stored, sent, len(urls), first


def main(site: Path) -> None:
    pages = ["index.html"] + sorted(p.relative_to(site).as_posix()
                                    for lang in ("nb", "en") for p in (site / lang).glob("*.html"))
    pages += sorted(p.relative_to(site).as_posix() for p in site.glob("*/hospitals/*.html"))[:2]
    rows = []
    with serve(site) as base, chromium() as browser:
        for path in pages:
            stored, sent, count, first = measure(browser, base, site, path)
            rows.append((path, stored, sent, first))
            chart = f"{first:6.0f} ms" if first is not None else "     -   "
            print(f"{path:30} {stored / 1024:7.1f} KB stored {sent / 1024:7.1f} KB gzipped "
                  f"{count:3d} requests  first chart {chart}")
    heaviest = max(rows[1:], key=lambda r: r[2])
    slowest = max((r for r in rows if r[3] is not None), key=lambda r: r[3], default=None)
    print(f"\nlanguage choice page: {rows[0][1] / 1024:.1f} KB stored, "
          f"{rows[0][2] / 1024:.1f} KB gzipped (target < 200 KB)")
    print(f"heaviest page: {heaviest[0]} {heaviest[1] / 1024:.1f} KB stored, "
          f"{heaviest[2] / 1024:.1f} KB gzipped (target < 1024 KB)")
    if slowest:
        print(f"slowest first chart: {slowest[0]} {slowest[3]:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "_site").resolve())

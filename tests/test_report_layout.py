"""Every page of the built report at phone, tablet and desktop widths (320, 375, 768 and 1280
px) in headless Chromium: the page never scrolls sideways, a chart or table wider than its
column scrolls inside a box that shows a scroll cue, no visible text is under 11 px, and Vega
draws every chart without a warning."""

import pytest
from browsing import Visit, chromium, draw_every_chart, serve
from test_report_browser import pages

WIDTHS = (320, 375, 768, 1280)

# Per page: what overflows, and text under 11 px (at most a few examples of each).
CHECK = """() => {
  const out = {page: null, blocks: [], small: []};
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) { out.page = doc.scrollWidth; }
  for (const el of document.querySelectorAll('.vega-chart, .table-scroll')) {
    if (el.scrollWidth <= el.clientWidth + 1) { continue; }
    const style = getComputedStyle(el);
    const cue = style.backgroundImage.includes('gradient') && el.tabIndex === 0 &&
                ['auto', 'scroll'].includes(style.overflowX);
    if (!cue) { out.blocks.push(el.id || el.closest('[id]').id); }
  }
  const texts = document.querySelectorAll(
    'main p, main li, main a, main td, main th, main figcaption, main summary, main span,' +
    ' main text, header a, header p, nav a, footer p');
  for (const el of texts) {
    if (!el.textContent.trim() || el.closest('.visually-hidden, details:not([open])')) {
      continue;
    }
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) { continue; }
    const size = parseFloat(getComputedStyle(el).fontSize);
    const scale = el instanceof SVGElement && el.ownerSVGElement
      ? el.ownerSVGElement.getBoundingClientRect().width /
        (parseFloat(el.ownerSVGElement.getAttribute('width')) || 1) : 1;
    if (size * scale < 10.95) {
      out.small.push(el.textContent.trim().slice(0, 30) + ' ' + (size * scale).toFixed(1));
    }
  }
  out.small = out.small.slice(0, 3);
  return out;
}"""


@pytest.fixture(scope="module")
def server(report_site):
    with serve(report_site) as base:
        yield base


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_with_legible_text(server, report_site, width):
    failures = {}
    with chromium() as browser:
        seen = Visit(browser, server, width=width)  # one page reused for every path
        warnings: list[str] = []
        seen.page.on("console", lambda msg: warnings.append(msg.text)
                     if msg.type == "warning" else None)
        for path in pages(report_site):
            warnings.clear()
            page = seen.open(path)
            draw_every_chart(page)
            found = page.evaluate(CHECK)
            found["warnings"] = sorted(set(warnings))[:3]
            if found["page"] or found["blocks"] or found["small"] or found["warnings"]:
                failures[path] = found
        seen.context.close()
    assert failures == {}

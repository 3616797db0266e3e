"""Every page of the built report in headless Chromium (Debian's), other hosts blocked: no
failed request, no console error or warning, every chart drawn, and no serious or critical axe-core
accessibility violation (WCAG 2.1 AA)."""

import os
from pathlib import Path

import pandas as pd
import pytest
from browsing import Visit, chromium, draw_every_chart, serve

AXE = Path(os.environ.get("AXE_CORE", Path(__file__).parent.parent / ".nbcr-cache" / "npm" /
                          "node_modules" / "axe-core" / "axe.min.js"))


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's script: the copy .ci/run installs, or installed here from the npm registry
    on first use (npm from Debian), so the README's test command works on a fresh clone."""
    if not AXE.is_file():
        import shutil
        import subprocess

        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing and npm is not installed: apt-get install -y npm")
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(AXE.parents[2]), "axe-core@4"], check=True, capture_output=True)
    assert AXE.is_file(), f"axe-core not found at {AXE} after npm install"
    return AXE.read_text("utf-8")


@pytest.fixture(scope="module")
def server(report_site):
    with serve(report_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def hospital_pages(site: Path) -> list[str]:
    """The largest and the smallest hospital's pages in both languages."""
    volume = pd.read_csv(site / "data" / "volume.csv", dtype={"primary_operations": str})
    last = volume[volume.year == volume.year.max()]
    counts = pd.to_numeric(last.primary_operations, errors="coerce")
    chosen = [last.hospital_id[counts.idxmax()], last.hospital_id[counts.idxmin()]]
    return [f"{lang}/hospitals/{h}.html" for lang in ("nb", "en") for h in chosen]


def pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for lang in ("nb", "en")
                  for p in (site / lang).glob("*.html")) + hospital_pages(site)


def visit(browser, base: str, path: str, bypass_csp: bool = False, width: int = 1280,
          warnings: bool = False):
    """(context, page, problems) of PATH opened in a fresh browser context; WARNINGS: console
    warnings count as problems too."""
    seen = Visit(browser, base, bypass_csp=bypass_csp, width=width, warnings=warnings)
    page = seen.open(path)
    return seen.context, page, seen.problems


def test_every_page_loads_cleanly_and_draws_its_charts(browser, server, report_site):
    # no failed request, no other host, and not one console error or warning (Vega's
    # warnings about a chart's spec among them) while every chart is drawn
    failures = {}
    for path in pages(report_site):
        context, page, problems = visit(browser, server, path, warnings=True)
        assert draw_every_chart(page) == page.locator(".vega-chart[data-drawn] svg").count()
        if problems:
            failures[path] = problems
        context.close()
    assert failures == {}


def test_no_serious_accessibility_violation(browser, server, report_site, axe_script):
    script = axe_script
    found = {}
    for path in pages(report_site):
        # axe is injected as an inline script, which the site's CSP rightly forbids
        context, page, _ = visit(browser, server, path, bypass_csp=True)
        draw_every_chart(page)  # the drawn charts are checked too
        page.add_script_tag(content=script)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[path] = serious
        context.close()
    assert found == {}


def test_language_switch_lands_on_the_twin_page(browser, server, report_site):
    context, page, _ = visit(browser, server, "nb/surgery.html")
    page.get_by_role("link", name="English").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/surgery.html")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_charts_on_a_phone_keep_four_fifths_of_their_size_and_scroll(browser, server,
                                                                     report_site):
    # shrunk to fit 375 px, chart text became too small to read: a chart now shrinks to 80 %
    # at most and scrolls sideways (reachable by keyboard) beyond that
    scrolling = 0
    for path in ["nb/surgery.html", hospital_pages(report_site)[0]]:
        context, page, problems = visit(browser, server, path, width=375)
        draw_every_chart(page)
        charts = page.evaluate("""() => [...document.querySelectorAll('.vega-chart')].map(el => {
            const svg = el.querySelector('svg');
            return {shown: svg.getBoundingClientRect().width,
                    natural: parseFloat(svg.getAttribute('width')),
                    scrolls: el.scrollWidth > el.clientWidth + 1,
                    tabindex: el.getAttribute('tabindex')}; })""")
        for chart in charts:
            assert chart["shown"] >= 0.8 * chart["natural"] - 1, (path, chart)
            assert not chart["scrolls"] or chart["tabindex"] == "0", (path, chart)
        scrolling += sum(chart["scrolls"] for chart in charts)
        assert problems == [], path
        context.close()
    assert scrolling > 0  # the test needs charts wider than a phone to mean anything

"""The website in headless Chromium, with every request to another host blocked."""


import pytest
from browsing import Visit, chromium, serve


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def visit(browser, server):
    v = Visit(browser, server)
    yield v
    v.close()


PAGES = ["index.html"] + [f"{t}/{p}.html" for t in ("nb", "en")
                          for p in ("index", "resultater", "metode")]


def test_every_page_loads_without_failed_requests_or_console_errors(visit):
    for path in PAGES:
        visit.open(path)
    assert visit.problems == []


def test_charts_are_drawn_by_the_local_vega_runtime(visit):
    page = visit.open("nb/resultater.html")
    page.wait_for_selector(".vega-chart[data-drawn] svg", timeout=10_000)
    assert page.locator(".vega-chart svg .mark-rect path").count() >= 3
    assert visit.problems == []


def test_language_switch_lands_on_the_twin_page(visit):
    page = visit.open("nb/resultater.html")
    page.click("a.language-switch")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/en/resultater.html")
    assert page.locator("html").get_attribute("lang") == "en"


def test_search_returns_a_hit_in_the_page_language(visit):
    page = visit.open("nb/index.html")
    # the page's own search box until the reader turns to it; then Pagefind's interface is
    # fetched, takes over and gets what was typed
    assert page.locator(".pagefind-ui__search-input").count() == 0
    page.click("#search .search-start")
    page.keyboard.type("Blåbærsyltetøy")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    assert "metode.html" in page.locator(".pagefind-ui__result-link").first.get_attribute("href")
    assert visit.problems == []


def test_phone_width_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{server}/nb/resultater.html", wait_until="networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_full_page_screenshot_shows_the_whole_page_with_its_chart_drawn(visit,
                                                                         tmp_path_factory):
    page = visit.open("nb/resultater.html")
    page.wait_for_selector(".vega-chart[data-drawn] svg", timeout=10_000)
    shot = tmp_path_factory.mktemp("shots") / "resultater.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot.read_bytes())
    assert width == page.viewport_size["width"]
    assert height >= page.evaluate("document.documentElement.scrollHeight")
    chart = page.locator(".vega-chart[data-drawn]").first
    box = chart.bounding_box()
    assert box["width"] > 100 and box["height"] > 50
    marks = page.evaluate("document.querySelector('.vega-chart[data-drawn] svg')"
                          ".querySelectorAll('path, rect, line').length")
    assert marks > 5

"""The website in headless Chromium, with every request to another host blocked."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page with the log of failed requests, blocked hosts and console errors."""

    def __init__(self, browser, base: str):
        self.base = base
        self.problems: list[str] = []
        self.context = browser.new_context()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", self._response)

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.problems.append(f"other host: {route.request.url}")
            route.abort()

    def _console(self, msg):
        if msg.type == "error":
            self.problems.append(f"console: {msg.text}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, path: str):
        self.page.goto(f"{self.base}/{path}", wait_until="networkidle")
        return self.page

    def close(self):
        self.context.close()


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
    page.fill(".pagefind-ui__search-input", "Blåbærsyltetøy")
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


def test_screenshot_for_the_record(visit, tmp_path_factory):
    page = visit.open("nb/resultater.html")
    page.wait_for_selector(".vega-chart[data-drawn] svg", timeout=10_000)
    shot = tmp_path_factory.mktemp("shots") / "resultater.png"
    page.screenshot(path=str(shot), full_page=True)
    if shutil.which("true"):
        assert shot.stat().st_size > 10_000

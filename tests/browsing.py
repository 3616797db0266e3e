"""Headless Chromium (Debian's) for the browser tests: the executable, a quiet static file
server for a built site, a page visit that logs every failed request, request to another
host (blocked) and console error (and warning, if asked), and drawing every chart of a page
(charts are drawn as they come near the screen)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

# Debian's Chromium by default; NBCR_CHROMIUM names another build (the GitHub workflow uses
# the runner's preinstalled Chrome, since Ubuntu ships Chromium only as a snap).
CHROMIUM = Path(os.environ.get("NBCR_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL = "apt-get install -y chromium (Debian's package; .ci/run installs it)"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """FOLDER over HTTP on a free local port; yields the base URL."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        if not CHROMIUM.exists():  # never a skip: CI installs it, and so must a reviewer
            pytest.fail(f"{CHROMIUM} is missing: {INSTALL}")
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """A browser context on BASE with the log of failed requests, blocked hosts and console
    errors (`problems`). bypass_csp lets a test inject a script; width sets the viewport."""

    def __init__(self, browser, base: str, bypass_csp: bool = False, width: int | None = None,
                 warnings: bool = False):
        self.base = base
        self.warnings = warnings  # console warnings (Vega's among them) are problems too
        self.problems: list[str] = []
        options = {"viewport": {"width": width, "height": 900}} if width else {}
        self.context = browser.new_context(bypass_csp=bypass_csp, **options)
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
        if msg.type == "error" or (msg.type == "warning" and self.warnings):
            self.problems.append(f"console {msg.type}: {msg.text}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, path: str):
        self.page.goto(f"{self.base}/{path}", wait_until="networkidle")
        return self.page

    def close(self):
        self.context.close()


# Charts are drawn as they come near the screen: scroll to each in turn and wait until it is
# drawn (or failed), then back to the top. Resolves to the number of charts.
DRAW_EVERY_CHART = """async (limit) => {
  const charts = [...document.querySelectorAll('.vega-chart')];
  const until = performance.now() + limit;
  for (const el of charts) {
    el.scrollIntoView({block: 'center'});
    while (!(el.dataset.drawn || el.dataset.error)) {
      if (performance.now() > until) {
        const figure = el.closest('figure');
        const name = el.id || (figure && figure.id) || charts.indexOf(el);
        throw new Error(`chart not drawn on ${location.pathname}: ${name}`
                        + ` (wanted: ${Boolean(el.nbcrWanted)})`);
      }
      await new Promise(done => setTimeout(done, 20));
    }
  }
  window.scrollTo(0, 0);
  return charts.length;
}"""


def draw_every_chart(page, timeout_ms: int = 30_000) -> int:
    """Scroll PAGE through every chart until all are drawn; the number of charts."""
    return page.evaluate(DRAW_EVERY_CHART, timeout_ms)

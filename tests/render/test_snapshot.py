"""Whole-page snapshots of the golden book. Refresh: RENDER_UPDATE_GOLDEN=1 pytest tests/render"""

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>") + len("</main>")] + "\n"


@pytest.mark.parametrize("page", ["nb/resultater.html", "en/resultater.html", "nb/metode.html"])
def test_page_main_matches_the_snapshot(site, page):
    got = main_of((site / page).read_text(encoding="utf-8"))
    golden = GOLDEN / page.replace("/", "-")
    if os.environ.get("RENDER_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")

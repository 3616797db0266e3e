"""Whole-page snapshots of the golden book. A missing golden file fails; regenerate them
explicitly with `python tests/update_goldens.py` and review the diff."""

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>") + len("</main>")] + "\n"


@pytest.mark.parametrize("page", ["nb/resultater.html", "en/resultater.html", "nb/metode.html"])
def test_page_main_matches_the_snapshot(site, page, request):
    got = main_of((site / page).read_text(encoding="utf-8"))
    golden = GOLDEN / page.replace("/", "-")
    if request.config.getoption("--update-goldens"):
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run `python tests/update_goldens.py`"
    assert got == golden.read_text(encoding="utf-8")

"""Benchmark the whole build: a cold build (empty render cache) and a rebuild with nothing
changed, into a temporary site folder. Prints wall times and where the time went.

    python bench/build.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from report import build, paths

CACHE = paths.CACHE / "render"


def run(out: Path, label: str, hospitals: bool = True, cold: bool = False) -> None:
    if cold:  # nothing reused: no render cache, results computed again
        shutil.rmtree(CACHE, ignore_errors=True)
        (paths.RESULTS / "inputs.sha256").unlink(missing_ok=True)
        shutil.rmtree(paths.RESULTS / "workbooks", ignore_errors=True)
    started = time.perf_counter()
    done = build.build(out=out, quiet=True, hospital_reports=hospitals)
    spent = time.perf_counter() - started
    parts = ", ".join(f"{k} {v:.1f} s" for k, v in done.timings.items())
    print(f"{label:<28} {spent:6.1f} s  ({parts}); {done.pages} pages, {len(done.pdfs)} PDFs")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "saved-cache"
        if CACHE.exists():
            shutil.move(str(CACHE), saved)
        try:
            run(Path(tmp) / "_national", "cold build, national report", False, cold=True)
            run(Path(tmp) / "_site", "cold build, with hospitals", cold=True)
            run(Path(tmp) / "_site", "rebuild, nothing changed")
        finally:
            shutil.rmtree(CACHE, ignore_errors=True)
            if saved.exists():
                shutil.move(str(saved), CACHE)


if __name__ == "__main__":
    main()

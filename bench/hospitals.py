"""Benchmark the hospital reports: every operating hospital's PDF in both languages, with an
empty render cache, on top of computed results; then one more hospital on its own (the cost
of each additional hospital). Prints wall times.

    python bench/hospitals.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from report import build, extracts, outputs, results
from report.render import Session

CACHE = extracts.REPO / ".nbcr-cache" / "render"


def main() -> None:
    result_set = results.compute()
    os.environ["NBCR_DATA"] = str(outputs.write(result_set, build.SCRATCH))
    hospitals = build.operating_hospitals(result_set)
    *first, last = hospitals
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "saved-cache"
        if CACHE.exists():
            shutil.move(str(CACHE), saved)
        try:
            with Session(extracts.REPO) as session:
                started = time.perf_counter()
                for lang in build.PROFILES:
                    meta = build.metadata(result_set.year, hospitals)[lang]
                    pdfs = session.variant_pdfs(lang, "hospital", first, metadata=meta)
                spent = time.perf_counter() - started
                print(f"{len(first)} hospitals x 2 languages, cold cache: {spent:6.1f} s "
                      f"({spent / (2 * len(first)):.2f} s per PDF, kernel start included)")
                started = time.perf_counter()
                for lang in build.PROFILES:
                    meta = build.metadata(result_set.year, hospitals)[lang]
                    pdfs = session.variant_pdfs(lang, "hospital", [last], metadata=meta)
                spent = time.perf_counter() - started
                size = len(pdfs[last]) / 1024
                print(f"one more hospital ({last}), both languages: {spent:6.2f} s "
                      f"({spent / 2:.2f} s per PDF; {size:.0f} KiB)")
        finally:
            shutil.rmtree(CACHE, ignore_errors=True)
            if saved.exists():
                shutil.move(str(saved), CACHE)


if __name__ == "__main__":
    main()

"""Benchmark the hospital reports: every operating hospital's PDF in both languages on top of
computed results, through the renderer's Session (one kernel, chart conversions on all cores
while the kernel runs, PDFs written in the background). Prints wall times and the CPU seconds
the whole machine spent.

1. cold start: one hospital in both languages, kernel start and imports included;
2. every hospital in both languages with the kernel warm (as in `nbcr-report build`, where
   the national chapters run first) and an empty render cache: every document executed,
   every chart converted, every PDF compiled;
3. every hospital's PDFs on top of a built site: the documents already executed for the
   hospital pages (as `nbcr-report build` does), charts, pandoc and Typst from scratch;
4. one more hospital (the largest) on its own, empty cache, three times (its latency; the
   per-hospital figure of step 2 is what each additional hospital adds to a batch).

    python bench/hospitals.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from report import build, paths
from report.compute import results
from report.publish import outputs
from report.render import Session

CACHE = paths.CACHE / "render"


def busy_seconds() -> float:
    """CPU seconds spent by the whole machine (all processes, all cores) so far."""
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def timed(session: Session, year: int, hospitals: list[str], label: str, every: list[str]):
    started, cpu = time.perf_counter(), busy_seconds()
    meta = build.metadata(year, every)
    pdfs = session.variant_pdfs_by_profile({lang: meta[lang] for lang in build.PROFILES},
                                           "hospital", hospitals)
    spent, cpu = time.perf_counter() - started, busy_seconds() - cpu
    count = 2 * len(hospitals)
    print(f"{label:<40} {spent:6.2f} s  ({spent / len(hospitals):.2f} s per hospital, "
          f"{spent / count:.2f} s per PDF; {cpu:5.1f} CPU s on {os.cpu_count()} cores)")
    return pdfs


def clear(kinds: tuple[str, ...] | None = None) -> None:
    """Empty the render cache, or only the given kinds of entry (svg, pdf, pandoc, exec)."""
    if kinds is None:
        shutil.rmtree(CACHE, ignore_errors=True)
    for kind in kinds or ():
        shutil.rmtree(CACHE / kind, ignore_errors=True)


def main() -> None:
    result_set = results.compute()
    os.environ["NBCR_DATA"] = str(outputs.write(result_set, paths.RESULTS))
    year, hospitals = result_set.year, build.operating_hospitals(result_set)
    first = hospitals[0]
    count = len(hospitals)
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "saved-cache"
        if CACHE.exists():
            shutil.move(str(CACHE), saved)
        try:
            with Session(paths.REPO) as session:
                timed(session, year, [first], "cold start: 1 hospital x 2 languages", hospitals)
                clear()
                timed(session, year, hospitals, f"{count} hospitals x 2 languages, warm kernel",
                      hospitals)
                clear(("svg", "pdf", "pandoc"))
                timed(session, year, hospitals, f"{count} x 2 PDFs, documents already run",
                      hospitals)
                for attempt in range(3):  # three times: the figure is small and noisy
                    clear()
                    pdfs = timed(session, year, [first],
                                 f"one more hospital ({first}) alone, run {attempt + 1}",
                                 hospitals)
                sizes = [len(p[first]) / 1024 for p in pdfs.values()]
                print(f"PDF size {first}: " + ", ".join(f"{s:.0f} KiB" for s in sizes))
        finally:
            clear()
            if saved.exists():
                shutil.move(str(saved), CACHE)


if __name__ == "__main__":
    main()

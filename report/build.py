"""`nbcr-report build`: extracts -> results -> both languages' site and national PDFs, all
swapped into place at once. A failed build leaves the previous site untouched."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from report import extracts, outputs, results, site_downloads

SCRATCH = extracts.REPO / ".nbcr-cache" / "build"
PROFILES = ("nb", "en")


@dataclass
class BuildResult:
    out: Path
    year: int
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    pdfs: list[Path] = field(default_factory=list)


def metadata(year: int) -> dict:
    """Per-language configuration that depends on the data: the PDF names and cover year."""
    return {lang: {"book": {"output-file": "../downloads/"
                            + site_downloads.national_pdf(year, lang).removesuffix(".pdf"),
                            "date": f"{year}-12-31"}}
            for lang in PROFILES}


def _staging(out: Path) -> Path:
    staging = out.with_name(f".{out.name}-build-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def _swap(staging: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def build(extracts_dir: Path | None = None, year: int | None = None, out: Path = Path("_site"),
          reference: Path | None = None, quiet: bool = False, progress=None) -> BuildResult:
    """Validate, compute, render both languages with their PDFs, and swap OUT into place."""
    from report.render import render_project

    note = progress or (lambda stage: None)
    started = time.perf_counter()
    out = Path(out).resolve()
    note("results")
    result_set = results.compute(extracts_dir, year, reference)
    data = outputs.write(result_set, SCRATCH, reference)
    timings = {"results": time.perf_counter() - started}
    staging = _staging(out)
    previous = os.environ.get("NBCR_DATA")
    os.environ["NBCR_DATA"] = str(data)
    try:
        note("render")
        rendered = time.perf_counter()
        render = render_project(extracts.REPO, list(PROFILES), quiet=quiet, output_dir=staging,
                                metadata=metadata(result_set.year))
        timings["render"] = time.perf_counter() - rendered
        shutil.copytree(data, staging / "data")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if previous is None:
            os.environ.pop("NBCR_DATA", None)
        else:
            os.environ["NBCR_DATA"] = previous
    timings["total"] = time.perf_counter() - started
    pdfs = sorted((out / "downloads").glob("*.pdf"))
    pages = sum(1 for f in render.files if str(f).endswith(".html"))
    return BuildResult(out=out, year=result_set.year, timings=timings, pages=pages, pdfs=pdfs)

"""`nbcr-report build`: extracts -> results -> both languages' site and national PDFs, all
swapped into place at once. A failed build leaves the previous site untouched."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from report import paths, workspace
from report.compute import registry, results
from report.content import about, citation, i18n, improvement, key_figures, workbook
from report.content import downloads as site_downloads
from report.ingest import extracts
from report.publish import diff, edition, manifest, outputs
from report.render import cache

PROFILES = ("nb", "en")


@dataclass
class BuildResult:
    out: Path
    year: int
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    pdfs: list[Path] = field(default_factory=list)


def operating_hospitals(result_set: results.ResultSet) -> list[str]:
    """Hospitals with primary operations in the report year: each gets its own report."""
    volume = result_set.published["volume"].frame
    return sorted(volume.loc[volume["year"] == result_set.year, "hospital_id"])


def fingerprint(extracts_dir: Path | None, year: int | None, reference: Path | None,
                previous: Path | None = None) -> str:
    """A hash of everything the published tables depend on: the dataset's files, the reference
    tables, the queries and settings, the package's code (all but the renderer), the versions
    of Python and of the packages that compute (duckdb, pandas, ...), the requested year and
    the previous edition's published tables (its data/ folder), if one is given."""
    dataset = extracts.locate(extracts_dir)
    files = list(dataset.files.values()) + [dataset.root / "dataset.yml"]
    files += sorted((reference or extracts.DEFAULT_REFERENCE).glob("*.csv"))
    files.append(edition.FILE)
    files += _code_files()
    if previous is not None:
        earlier = previous / "data" if (previous / "data").is_dir() else previous
        files += sorted(earlier.glob("*.parquet")) + [earlier / "manifest.json"]
    versions = {name: cache.distribution_version(name) for name in manifest.PACKAGES}
    digest = hashlib.sha256(f"{year}/{platform.python_version()}/{versions}".encode())
    for path in files:
        if path.is_file():
            digest.update(str(path.resolve()).encode())
            digest.update(manifest.sha256(path).encode())
    return digest.hexdigest()


def _code_files() -> list[Path]:
    """The queries, settings and the package's code (all but the renderer)."""
    files = sorted(registry.QUERIES.rglob("*.sql")) + sorted(registry.QUERIES.rglob("*.yml"))
    return files + sorted(p for p in (paths.REPO / "report").rglob("*")
                          if p.suffix in (".py", ".yml") and "render" not in p.parts)


def workbook_key(data: Path) -> str:
    """What the workbooks of DATA depend on: its manifest (which holds the hash of every
    published table), the code and the version of xlsxwriter."""
    digest = hashlib.sha256((data / "manifest.json").read_bytes())
    digest.update(cache.distribution_version("xlsxwriter").encode())
    for path in _code_files():
        digest.update(manifest.sha256(path).encode())
    return digest.hexdigest()


def published_data(extracts_dir: Path | None, year: int | None, reference: Path | None,
                   folder: Path | None = None,
                   previous: Path | None = None) -> tuple[Path, int, list[str], bool]:
    """(data folder, report year, operating hospitals, reused): the published tables in
    FOLDER/data (default _results/data), computed again only when an input, a query or the
    code changed since they were written there."""
    folder = Path(folder or paths.RESULTS)
    workspace.check_results_folder(folder)
    edition.load()  # a mistake in data/edition.yml stops the build before any computing
    key = fingerprint(extracts_dir, year, reference, previous)
    data, stamp = folder / "data", folder / "inputs.sha256"
    if stamp.is_file() and stamp.read_text() == key and (data / "manifest.json").is_file():
        report_year = json.loads((data / "manifest.json").read_text("utf-8"))["report_year"]
        volume = pd.read_parquet(data / "volume.parquet")
        hospitals = sorted(volume.loc[volume["year"] == report_year, "hospital_id"])
        return data, report_year, hospitals, True
    result_set = results.compute(extracts_dir, year, reference, previous=previous)
    stamp.unlink(missing_ok=True)
    data = outputs.write(result_set, folder, reference)
    stamp.write_text(key)
    return data, result_set.year, operating_hospitals(result_set), False


def metadata(year: int, hospitals: list[str] | None = None, data: Path | None = None,
             changes: bool = False) -> dict:
    """Per-language configuration that depends on the data: the PDF names, the cover year,
    the edition (from DATA's manifest: on the cover and in the PDFs' metadata), the
    synthetic-data notice on the cover, the changes page when there is one, and the hospitals
    whose reports are rendered."""
    out = {}
    for lang in PROFILES:
        book = {"output-file": site_downloads.national_pdf(year, lang).removesuffix(".pdf"),
                "date": f"{year}-12-31"}
        if data is not None:
            book.update(citation.pdf_metadata(_manifest(data), lang))
            if is_synthetic(data):
                book["cover-note"] = i18n.t("notice.synthetic", lang)
        if changes:
            book["appendices"] = [CHANGES_CHAPTER[lang]]
        out[lang] = {"book": book, "variants": {"hospital": {"values": list(hospitals or [])}}}
    return out


CHANGES_CHAPTER = {"nb": "chapters/changes.qmd", "en": "chapters/changes.en.qmd"}


def _manifest(data: Path) -> dict:
    return json.loads((data / "manifest.json").read_text("utf-8"))


def changes(data: Path, previous: Path | None) -> bool:
    """Write the changes since PREVIOUS (a published site or data folder) where the changes
    page reads them; True when the page is to be written (a previous edition was given, or
    this edition lists corrections)."""
    target = paths.RESULTS / CHANGES_FILE
    target.unlink(missing_ok=True)
    if previous is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(diff.compare(previous, data).to_json(), "utf-8")
        return True
    return bool(_manifest(data).get("edition", {}).get("corrections"))


CHANGES_FILE = "changes.json"


def check_inputs(previous: Path | None) -> None:
    """Hand-edited inputs checked before anything is computed: the edition, the registry's
    facts, the improvement notes and the previous edition's folder."""
    edition.load()
    about.facts(key_figures.FORM_ORDER)
    improvement.load()
    if previous is not None:
        diff.manifest(diff.data_folder(previous))


def is_synthetic(data: Path) -> bool:
    """Whether the published results in DATA come from synthetic data (their manifest says)."""
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    return bool(manifest.get("synthetic"))


def _staging(out: Path) -> Path:
    """A fresh folder beside OUT for this build; what killed builds left there is removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for prefix in (f".{out.name}-build-", f".{out.name}-old-"):
        workspace.remove_stale(out.parent, prefix)
    staging = out.with_name(f".{out.name}-build-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def build(extracts_dir: Path | None = None, year: int | None = None, out: Path = Path("_site"),
          reference: Path | None = None, quiet: bool = False, progress=None,
          hospital_reports: bool = True, previous: Path | None = None) -> BuildResult:
    """Validate, compute, render both languages with their PDFs, and swap OUT into place.
    hospital_reports=False leaves out the per-hospital pages and PDFs (for benchmarks).
    PREVIOUS, a previous edition's site or data folder: the disclosure audit takes it as known
    (every hidden count is protected against both editions) and the changes page compares."""
    out = Path(out).resolve()
    workspace.check_site_folder(out)
    check_inputs(previous)
    with workspace.project_lock():
        return _build(extracts_dir, year, out, reference, quiet, progress, hospital_reports,
                      previous)


def _build(extracts_dir, year, out: Path, reference, quiet, progress,
           hospital_reports: bool, previous: Path | None = None) -> BuildResult:
    from report.render import render_project
    from report.render.site import owned_record

    note = progress or (lambda stage: None)
    started = time.perf_counter()
    note("results")
    data, report_year, hospitals, _ = published_data(extracts_dir, year, reference,
                                                     previous=previous)
    improvement.load(hospitals=improvement.known_hospitals(data))
    with_changes = changes(data, previous)
    timings = {"results": time.perf_counter() - started}
    staging = _staging(out)
    # the workbooks need only the published tables: written while the pages render
    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbooks")
    books = background.submit(workbook.write_cached, data, data.parent / "workbooks",
                              workbook_key(data))
    data_before = os.environ.get("NBCR_DATA")
    os.environ["NBCR_DATA"] = str(data)
    try:
        note("render")
        rendered = time.perf_counter()
        render = render_project(paths.REPO, list(PROFILES), quiet=quiet, output_dir=staging,
                                metadata=metadata(report_year,
                                                  hospitals if hospital_reports else [],
                                                  data, with_changes))
        timings["render"] = time.perf_counter() - rendered
        owned_record(staging).unlink(missing_ok=True)  # the staging folder is new every build
        shutil.copytree(data, staging / "data")
        note("workbooks")
        (staging / "downloads").mkdir(exist_ok=True)
        for book in books.result():
            shutil.copyfile(book, staging / "downloads" / book.name)
        outputs.swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        background.shutdown(wait=True, cancel_futures=True)
        if data_before is None:
            os.environ.pop("NBCR_DATA", None)
        else:
            os.environ["NBCR_DATA"] = data_before
    timings["total"] = time.perf_counter() - started
    pdfs = sorted((out / "downloads").rglob("*.pdf"))
    pages = sum(1 for f in render.files if str(f).endswith(".html"))
    return BuildResult(out=out, year=report_year, timings=timings, pages=pages, pdfs=pdfs)


class UnknownHospital(ValueError):
    """A hospital id that did not operate in the report year."""


def hospital_reports(hospital_id: str, langs: tuple[str, ...] = PROFILES,
                     extracts_dir: Path | None = None, year: int | None = None,
                     out: Path = Path("_site"), reference: Path | None = None) -> list[Path]:
    """One hospital's PDF(s), written into OUT/downloads/hospitals/ (nothing else changes)."""
    workspace.check_folder(Path(out), "the site")
    with workspace.project_lock():
        return _hospital_reports(hospital_id, langs, extracts_dir, year, out, reference)


def _hospital_reports(hospital_id, langs, extracts_dir, year, out, reference) -> list[Path]:
    from report.render import Session

    data, report_year, hospitals, _ = published_data(extracts_dir, year, reference)
    if hospital_id not in hospitals:
        raise UnknownHospital(f"hospital {hospital_id!r} did not operate in {report_year}; "
                              f"choose one of {', '.join(hospitals)}")
    data_before = os.environ.get("NBCR_DATA")
    os.environ["NBCR_DATA"] = str(data)
    written = []
    try:
        with Session(paths.REPO) as session:
            meta = metadata(report_year, [hospital_id], data)
            pdfs = session.variant_pdfs_by_profile({lang: meta[lang] for lang in langs},
                                                   "hospital", [hospital_id])
        for lang in langs:
            target = Path(out) / "downloads" / site_downloads.hospital_pdf(hospital_id, lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".pdf.tmp")
            tmp.write_bytes(pdfs[lang][hospital_id])
            os.replace(tmp, target)
            written.append(target)
    finally:
        if data_before is None:
            os.environ.pop("NBCR_DATA", None)
        else:
            os.environ["NBCR_DATA"] = data_before
    return written

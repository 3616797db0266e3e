"""Site assembly: shared assets, the search index, and the atomic swap of the output folder."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import charts, webfonts
from .cache import Cache
from .errors import RenderError

ASSETS = Path(__file__).parent / "assets"
STATIC = ("site.css", "charts.js", "search.js")


def start_assets(cache: Cache, jobs) -> dict:
    """Start making the assets the cache lacks (the Vega bundle, the web fonts) in the chart
    workers (JOBS, charts.SvgJobs) while the documents execute: {name: future}."""
    started = {}
    if cache.get_bytes("assets", _vega_key(cache)) is None:
        started["vega.js"] = jobs.run(charts.vega_runtime)
    for name, data in webfonts.missing(cache).items():
        started[name] = jobs.run(webfonts.subset_woff2, data)
    return {name: functools.partial(jobs.result, future) for name, future in started.items()
            if future is not None}


def asset_files(cache: Cache, started: dict | None = None) -> dict[str, bytes]:
    """Files under `assets/` at the site root: one shared copy for every language tree.
    STARTED: what `start_assets` began (each a function giving the result, or None)."""
    started = started or {}
    files = {f"assets/{name}": (ASSETS / name).read_bytes() for name in STATIC}
    files.update(webfonts.web_fonts(cache, started))
    files["assets/vega.js"] = _vega_runtime(cache, started.get("vega.js"))
    return files


def _vega_key(cache: Cache) -> str:
    return cache.key("vega-runtime", charts.runtime_version())


def _vega_runtime(cache: Cache, made=None) -> bytes:
    key = _vega_key(cache)
    hit = cache.get_bytes("assets", key)
    if hit is None:
        text = made() if made is not None else None
        hit = (text if text is not None else charts.vega_runtime()).encode()
        cache.put_bytes("assets", key, hit)
    return hit


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    written = []
    for rel in sorted(files):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
        written.append(path)
    return written


def build_search_index(folder: Path, cache_folder: Path | None = None,
                       pages: dict[str, bytes] | None = None) -> None:
    """Pagefind indexes every tree; each page's `<html lang>` picks its language index. With a
    cache folder, an index made from exactly the same pages is copied instead of rebuilt."""
    if cache_folder is None or pages is None:
        return _run_pagefind(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in pages if p.endswith(".html")):
        digest.update(path.encode())
        digest.update(hashlib.sha256(pages[path]).digest())
    cached = cache_folder / "pagefind" / digest.hexdigest()
    if cached.is_dir():
        shutil.copytree(cached, folder / "pagefind")
        return None
    _run_pagefind(folder)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    shutil.copytree(folder / "pagefind", tmp)
    os.replace(tmp, cached)
    return None


def _run_pagefind(folder: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).decode(errors="replace").strip()
        raise RenderError(f"pagefind failed: {detail}", folder)
    _sort_entry(folder / "pagefind" / "pagefind-entry.json")


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in hash-map order, which varies run to run: sort them, so
    the same pages give the same bytes."""
    if not entry.is_file():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")


OWNED = ".nbcr-render.json"


def owned_record(target: Path) -> Path:
    """Where the list of files a build wrote is kept: beside the site, not in it (it must not
    be published)."""
    return target.with_name(f".{target.name}{OWNED}")


def owned_list(staging: Path) -> list[str]:
    """The files this build wrote, so the next build knows which ones are not its own."""
    return sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())


def record_owned(target: Path, owned: list[str]) -> None:
    owned_record(target).write_text(json.dumps(owned, indent=0), encoding="utf-8")


def owned_files(target: Path) -> list[Path]:
    """The files the last build wrote (pages, PDFs, assets, search index)."""
    return [target / rel for rel in json.loads(owned_record(target).read_text(encoding="utf-8"))]


def _last_owned(target: Path) -> set[str]:
    for record in (owned_record(target), target / OWNED):  # the latter: older builds
        if record.is_file():
            return set(json.loads(record.read_text(encoding="utf-8")))
    return set()


def carry_over(target: Path, staging: Path) -> list[str]:
    """Copy files in the old output that an earlier build did not write (e.g. `data/` written
    by another tool) into the new one; the renderer's own stale files are dropped."""
    if not target.is_dir():
        return []
    owned = _last_owned(target)
    kept = []
    for path in sorted(target.rglob("*")):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in owned and rel != OWNED and not (staging / rel).exists():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, staging / rel)
            kept.append(rel)
    return kept


def staging_folder(target: Path) -> Path:
    """A fresh folder beside the target (same file system, so the swap is a rename)."""
    staging = target.with_name(f"{target.name}.building-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace target with staging; the old site stays until the new one is complete."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)

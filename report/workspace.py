"""Builds that cannot hurt each other or the user's folders: one build at a time per
project (a lock), output folders replaced only when they hold a previous build, and the
leftovers of killed builds cleaned up."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

from report import paths


class OutputRefused(ValueError):
    """An output folder that is not ours to replace."""


_held = threading.local()


@contextlib.contextmanager
def project_lock(folder: Path | None = None) -> Iterator[None]:
    """Hold the project's build lock (.nbcr-cache/build.lock): a second build waits for the
    first instead of sharing its results and caches half-written. Re-entrant in a thread."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    folder = folder or paths.CACHE
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"waiting for the build already running in this project ({holder})",
                  file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def previous_build(folder: Path) -> bool:
    """FOLDER holds a site an earlier `nbcr-report build` wrote (its data/manifest.json)."""
    manifest = folder / "data" / "manifest.json"
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "nbcr-report" in (data.get("versions") or {})


def check_site_folder(out: Path) -> None:
    """Refuse to replace OUT unless it is missing, empty or a previous build (never the
    project folder or one that contains it)."""
    out = Path(out).resolve()
    if paths.REPO.is_relative_to(out):  # the project folder itself, or one holding it
        raise OutputRefused(f"{out}: expected an output folder; found the project folder or "
                            "one that contains it, which a build would replace")
    _under_folders(out, "the site")
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputRefused(f"{out}: expected a folder for the site; found a file")
    if any(out.iterdir()) and not previous_build(out):
        raise OutputRefused(f"{out}: expected an empty folder or a site built by nbcr-report "
                            "(with data/manifest.json); found other files, which a build "
                            "would replace")


def check_results_folder(out: Path) -> None:
    """Refuse OUT unless it is (or can be made) a folder whose data/ is missing, empty or
    the results of an earlier run: results replace OUT/data whole."""
    check_folder(out, "the results")
    data = Path(out) / "data"
    if not os.path.lexists(data):
        return
    if not data.is_dir() or (any(data.iterdir()) and not previous_build(Path(out))):
        raise OutputRefused(f"{data}: expected an empty folder or results written by "
                            "nbcr-report (with manifest.json); found other files, which "
                            "results would replace")


def check_dataset_folder(out: Path, tables: tuple[str, ...]) -> None:
    """Refuse to write a synthetic dataset over anything but another synthetic dataset: OUT
    may be missing or hold other files, but its dataset.yml and extracts/<table>.* are
    replaced only when dataset.yml says synthetic: true."""
    check_folder(out, "the dataset")
    out = Path(out)
    ours = [out / "dataset.yml"] + [out / "extracts" / f"{t}{suffix}" for t in tables
                                    for suffix in (".parquet", ".csv")]
    if not any(os.path.lexists(p) for p in ours):
        return
    try:
        meta = yaml.safe_load((out / "dataset.yml").read_text("utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        meta = None
    if not (isinstance(meta, dict) and meta.get("synthetic") is True):
        raise OutputRefused(f"{out}: expected an empty folder or a synthetic dataset "
                            "(dataset.yml with synthetic: true); found a dataset that is not "
                            "marked synthetic, whose files synth would overwrite")


def check_folder(out: Path, what: str) -> None:
    """Refuse OUT when it is a file or below one (nothing can be written there)."""
    if Path(out).exists() and not Path(out).is_dir():
        raise OutputRefused(f"{out}: expected a folder for {what}; found a file")
    _under_folders(Path(out), what)


def _under_folders(out: Path, what: str) -> None:
    """Refuse OUT when what would hold it is a file (OUT cannot be made there)."""
    for parent in Path(out).absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputRefused(f"{out}: expected a folder for {what}; found a file in "
                                    f"its path ({parent})")
            return


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(parent: Path, prefix: str) -> list[Path]:
    """Remove folders PREFIX<pid>... in PARENT left by builds whose process is gone."""
    removed = []
    for folder in sorted(parent.glob(f"{prefix}*")):
        digits = "".join(c for c in folder.name[len(prefix):].split(".")[0] if c.isdigit())
        if folder.is_dir() and digits and not _alive(int(digits)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed

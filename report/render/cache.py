"""Content-addressed cache for executed results, pandoc conversions, SVGs and PDFs.

Every key is salted with the renderer's fingerprint: the bytes of its own code and assets and
the installed versions of the tools it drives (pandoc, Typst, vl-convert, the Jupyter stack,
Altair, great-tables). Executed documents are also keyed by what their cells loaded: the
project's own module files (and the files beside them) and the versions of the installed
distributions they imported, recorded by the kernel after each run (see Builder.execute). So
no change of code or tool can serve a stale artefact, and no project has to list them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import threading
from importlib import metadata
from pathlib import Path
from stat import S_ISREG

from report import __version__ as PACKAGE_VERSION

RENDERER_VERSION = "2"
RENDERER_DIR = Path(__file__).resolve().parent
# Tools the renderer drives: their versions key every artefact.
TOOLS = ("pypandoc-binary", "typst", "vl-convert-python", "nbclient", "nbformat",
         "jupyter-client", "ipykernel", "altair", "great-tables")


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@functools.cache  # looked up for every document's recorded dependencies
def distribution_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@functools.cache
def renderer_fingerprint() -> str:
    """The renderer's code and assets, the Python version and the tools' versions."""
    from .pandoc import pandoc_version

    versions = {name: distribution_version(name) for name in TOOLS}
    return digest(PACKAGE_VERSION, RENDERER_VERSION, platform.python_version(),
                  json.dumps(versions, sort_keys=True), pandoc_version(),
                  _tree_digest(RENDERER_DIR))


_digests: dict[tuple, bytes] = {}
_digests_lock = threading.Lock()


def _file_digest(path: Path) -> bytes | None:
    """SHA-256 of a file, remembered while its size and modification time stay the same (a
    build looks up the same few dozen module files for every document)."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not S_ISREG(info.st_mode):
        return None
    key = (str(path), info.st_mtime_ns, info.st_size)
    with _digests_lock:
        found = _digests.get(key)
    if found is None:
        found = hashlib.sha256(path.read_bytes()).digest()
        with _digests_lock:
            _digests[key] = found
    return found


def dependencies_digest(root: Path, deps: dict) -> str | None:
    """One digest over a recorded dependency set ({"files": [...], "versions": {...}}) as it
    is now, or None when a recorded file is gone (the document must run again)."""
    h = hashlib.sha256()
    for name in deps.get("files", []):
        digest = _file_digest(root / name)
        if digest is None:
            return None
        h.update(name.encode() + b"\0")
        h.update(digest)
    for dist, recorded in sorted(deps.get("versions", {}).items()):
        h.update(f"{dist}={distribution_version(dist)}:{recorded}\0".encode())
    return h.hexdigest()


class Cache:
    """Files under `<project>/.nbcr-cache/render/<kind>/`; writes are atomic renames."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.salt = renderer_fingerprint()

    def key(self, *parts) -> str:
        return digest(self.salt, *parts)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self._path(kind, key)
        return path.read_bytes() if path.is_file() else None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def get_json(self, kind: str, key: str):
        data = self.get_bytes(kind, key)
        try:
            return json.loads(data) if data is not None else None
        except ValueError:  # a damaged entry is a miss, never an error
            return None

    def put_json(self, kind: str, key: str, value) -> None:
        self.put_bytes(kind, key, json.dumps(value).encode())  # keeps column order


def hash_files(root: Path, patterns: list[str]) -> str:
    """One digest over the files matching the globs (for `cache-inputs`)."""
    h = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                h.update(str(path.relative_to(root)).encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()

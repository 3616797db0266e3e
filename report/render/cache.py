"""Content-addressed cache for executed results, pandoc conversions and PDFs."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from report import __version__ as PACKAGE_VERSION

RENDERER_VERSION = "1"


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Cache:
    """Files under `<project>/.nbcr-cache/render/<kind>/`; writes are atomic renames."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.salt = f"{PACKAGE_VERSION}/{RENDERER_VERSION}"

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
        return json.loads(data) if data is not None else None

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

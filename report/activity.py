"""What the command is doing now (the file being read or written), so that an unexpected
error can still say where it happened in one line, without a traceback or any value."""

from __future__ import annotations

import threading
from pathlib import Path

_state = threading.local()


def current() -> str | None:
    return getattr(_state, "what", None)


def note(path: Path | str, verb: str = "reading") -> None:
    """Name PATH as the file being handled until the next note (for loops)."""
    _state.what = f"{verb} {path}"

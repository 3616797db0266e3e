"""A Quarto-compatible renderer: .qmd chapters to a bilingual website and Typst PDFs.

It knows nothing about the report's subject; see README.md beside this file. Chapter code
imports `Both` / `html_table` / `typst_table` / `plot` from here inside the kernel, so the
heavy parts (nbclient, pandoc, Typst) are imported only when `render_project` or `Session` is
used.
"""

from __future__ import annotations

import importlib

from . import plot
from .display import TYPST_MIME, Both, html_table, typst_table
from .errors import RenderError

__all__ = ["TYPST_MIME", "Both", "RenderError", "RenderResult", "Session", "html_table", "plot",
           "render_project", "typst_table"]

_LAZY = {"render_project": ".render", "Session": ".render", "RenderResult": ".build"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

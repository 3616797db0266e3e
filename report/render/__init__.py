"""A Quarto-compatible renderer: .qmd chapters to a bilingual website and Typst PDFs.

It knows nothing about the report's subject; see README.md beside this file.
"""

from __future__ import annotations

from .build import RenderResult
from .display import TYPST_MIME, Both, typst_table
from .errors import RenderError
from .render import Session, render_project

__all__ = ["TYPST_MIME", "Both", "RenderError", "RenderResult", "Session", "render_project",
           "typst_table"]

"""Typed errors: one class per kind of failure, each naming file, line and feature."""

from __future__ import annotations

from pathlib import Path


class RenderError(Exception):
    """Base class: a message that names where the problem is."""

    kind = "render error"

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        self.file = Path(file) if file is not None else None
        self.line = line
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.kind}: {self.detail}"


class ConfigError(RenderError):
    kind = "configuration error"


class UnsupportedFeature(RenderError):
    """A Quarto feature outside the supported subset."""

    kind = "unsupported Quarto feature"


class IncludeError(RenderError):
    kind = "include error"


class VariableError(RenderError):
    kind = "variable error"


class CrossrefError(RenderError):
    kind = "cross-reference error"


class CellError(RenderError):
    """A code cell (or inline expression) raised an exception."""

    kind = "cell failed"


class KernelError(RenderError):
    kind = "kernel error"


class PandocError(RenderError):
    kind = "pandoc error"


class TypstError(RenderError):
    kind = "typst error"


class OutputError(RenderError):
    """A cell produced an output the renderer cannot place."""

    kind = "output error"

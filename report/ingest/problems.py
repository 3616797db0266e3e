"""Typed problems found in input data, one class per kind, and the error that carries them.

Every message names the file, the column, the rows (1 = first data row) and what was expected.
Values are quoted only where they cannot identify anyone (codes, types); never for identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_ROWS = 5


@dataclass(frozen=True)
class Problem:
    file: str
    column: str | None
    rows: tuple[int, ...]
    total_rows: int
    expected: str
    found: str = ""

    kind = "problem"

    def where(self) -> str:
        parts = [self.file]
        if self.column:
            parts.append(f"column {self.column}")
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:SHOWN_ROWS])
            word = "row" if self.total_rows == 1 else "rows"
            more = self.total_rows - min(len(self.rows), SHOWN_ROWS)
            parts.append(f"{word} {shown}" + (f" (and {more} more)" if more > 0 else ""))
        return ", ".join(parts)

    @property
    def message(self) -> str:
        found = f"; found {self.found}" if self.found else ""
        return f"{self.where()}: {self.kind}: expected {self.expected}{found}"

    def __str__(self) -> str:
        return self.message


class MissingFile(Problem):
    kind = "missing file"


class MissingColumn(Problem):
    kind = "missing column"


class WrongType(Problem):
    kind = "wrong type"


class MissingValue(Problem):
    kind = "missing value"


class UnknownCode(Problem):
    kind = "unknown code"


class UnknownHospital(Problem):
    kind = "unknown hospital"


class DuplicateKey(Problem):
    kind = "duplicate key"


class OrphanKey(Problem):
    kind = "orphan key"


class DateOrder(Problem):
    kind = "impossible date order"


class AgeMismatch(Problem):
    kind = "age and birth year disagree"


class OutOfRange(Problem):
    kind = "out of range"


class Inconsistent(Problem):
    kind = "inconsistent values"


class DirectIdentifier(Problem):
    kind = "direct identifier refused"


class UndeclaredColumn(Problem):
    kind = "undeclared column"


class UnreadableFile(Problem):
    kind = "unreadable file"


class BadMetadata(Problem):
    kind = "bad dataset description"


class ValidationFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{len(self.problems)} problem(s) in the input data:"
        return "\n".join([head, *(f"  - {p.message}" for p in self.problems)])

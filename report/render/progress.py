"""A rich progress bar per document; silent with --quiet."""

from __future__ import annotations


class Progress:
    def __init__(self, quiet: bool):
        self.quiet = quiet
        self._bar = None
        self._task = None

    def start(self, total: int) -> None:
        if self.quiet:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(TextColumn("[bold]render"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.description}"), transient=False)
        self._bar.start()
        self._task = self._bar.add_task("", total=total)

    def step(self, name: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=name)

    def note(self, text: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=text)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

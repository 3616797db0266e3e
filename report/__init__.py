"""nbcr-report: the annual report of the Norwegian Breast Cancer Registry.

The package follows the data flow: ingest (extracts) -> compute (queries) -> publish
(disclosure control, published tables) -> content (what chapters show) -> render (pages and
PDFs). `import report` is the chapter API and nothing else: `report.<name>` resolves only
the functions of report.content.chapter, loaded on first use so `import report` stays cheap.
Nothing reachable through it reads unsuppressed data.
"""

import importlib
import importlib.util

__version__ = "0.1.0"


def _api() -> tuple[str, ...]:
    chapter = importlib.import_module(f"{__name__}.content.chapter")
    return chapter.__all__


def __getattr__(name: str):
    if name.startswith("__") or importlib.util.find_spec(f"{__name__}.{name}") is not None:
        # a dunder or a submodule being imported (`from report import synth` asks first):
        # not a chapter name, and no reason to load the chapter API
        raise AttributeError(f"report.{name} is not part of the chapter API "
                             f"(report.content.chapter.__all__)")
    chapter = importlib.import_module(f"{__name__}.content.chapter")
    if name in chapter.__all__:
        return getattr(chapter, name)
    raise AttributeError(f"report.{name} is not part of the chapter API "
                         f"(report.content.chapter.__all__)")


def __dir__() -> list[str]:
    return sorted(_api())

"""nbcr-report: the annual report of the Norwegian Breast Cancer Registry.

Chapters call `report.<name>` for everything they show; those names come from
report.chapter and are loaded on first use, so `import report` stays cheap.
"""

import importlib
import importlib.util

__version__ = "0.1.0"


def __getattr__(name: str):
    if name.startswith("_"):
        raise AttributeError(name)
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    chapter = importlib.import_module(f"{__name__}.chapter")
    try:
        return getattr(chapter, name)
    except AttributeError:
        raise AttributeError(f"module 'report' has no attribute {name!r}") from None

"""Page variants (a renderer extension, ignored by Quarto): one parameterised document rendered
once per value, each as its own page and PDF in the profile's tree, outside the book's
navigation. Configured per profile:

    variants:
      unit:
        source: pages/unit.qmd          # relative to the project
        param: unit_id                  # the parameter each value is given to
        values: [a, b]                  # usually set per build through metadata
        output: units/{value}.html      # page path in the tree
        pdf: ../downloads/units/{value}-nb.pdf   # optional, relative to the tree
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import ConfigError

KEYS = {"source", "param", "values", "output", "pdf"}


@dataclass(frozen=True)
class Variant:
    name: str
    source: Path
    param: str
    value: str
    output: str
    pdf: str | None

    @property
    def params(self) -> dict:
        return {self.param: self.value}


def _check(config: Config, name: str, spec) -> None:
    if not isinstance(spec, dict):
        raise config.error(f"variant '{name}' must be a map", "variants", name)
    unknown = set(spec) - KEYS
    if unknown:
        raise config.error(f"variant '{name}': unknown key(s) {', '.join(sorted(unknown))}",
                           "variants", name)
    for key in ("source", "param", "output"):
        if not spec.get(key):
            raise config.error(f"variant '{name}' needs '{key}'", "variants", name)
    source = config.root / str(spec["source"])
    if not source.is_file():
        raise ConfigError(f"variant '{name}': no file {spec['source']}", source)


def variants(config: Config, only: dict[str, list] | None = None) -> list[Variant]:
    """Every (variant, value) of a profile; ONLY restricts values per variant name."""
    found = []
    for name, spec in sorted((config.get("variants", default={}) or {}).items()):
        _check(config, name, spec)
        values = (only or {}).get(name, spec.get("values") or [])
        for value in values:
            text = str(value)
            found.append(Variant(name, config.root / str(spec["source"]), str(spec["param"]),
                                 text, str(spec["output"]).format(value=text),
                                 str(spec["pdf"]).format(value=text) if spec.get("pdf")
                                 else None))
    return found

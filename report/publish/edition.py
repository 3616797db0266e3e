"""The edition: which publication of a report year these inputs make (number and date), the
generator's version, and what a new edition corrects (errata). Read from data/edition.yml,
which the registry edits for every publication; written into the manifest, so the pages, the
PDFs and the changes page all read it from the published data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from report import __version__, paths, yamlfile

FILE = paths.REPO / "data" / "edition.yml"


@dataclass(frozen=True)
class Correction:
    what: dict[str, str]
    why: dict[str, str]


@dataclass(frozen=True)
class Edition:
    number: int
    date: datetime.date
    corrections: tuple[Correction, ...] = ()
    url: str | None = None

    def manifest(self) -> dict:
        """The edition as the manifest holds it (plain JSON values)."""
        out = {"number": self.number, "date": self.date.isoformat(),
               "generator": f"nbcr-report {__version__}",
               "corrections": [{"what": c.what, "why": c.why} for c in self.corrections]}
        if self.url:
            out["url"] = self.url
        return out


def load(path: Path | None = None) -> Edition:
    """The edition file (default data/edition.yml), checked: YamlInvalid names the key."""
    path = Path(path or FILE)
    data = yamlfile.load(path)
    corrections = tuple(
        Correction(yamlfile.both(item, "what", path), yamlfile.both(item, "why", path))
        for item in _corrections(data, path))
    url = yamlfile.text(data, "url", path) if data.get("url") is not None else None
    if url and not url.startswith(("https://", "http://")):
        raise yamlfile.YamlInvalid(f"{path}: key 'url': expected an address starting with "
                                   "https://")
    return Edition(yamlfile.integer(data, "edition", path), yamlfile.date(data, "date", path),
                   corrections, url)


def _corrections(data: dict, path: Path) -> list[dict]:
    listed = yamlfile.items(data, "corrections", path, optional=True)
    for i, item in enumerate(listed):
        for key in ("what", "why"):
            if key not in item:
                raise yamlfile.YamlInvalid(f"{path}: key 'corrections[{i}].{key}' is missing")
    return listed


def check_year(edition: Edition, report_year: int, path: Path | None = None) -> None:
    """An edition is published after its report year has ended."""
    if edition.date <= datetime.date(report_year, 12, 31):
        raise yamlfile.YamlInvalid(
            f"{path or FILE}: key 'date': expected a day after the report year "
            f"{report_year} ended, got {edition.date.isoformat()}")

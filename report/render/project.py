"""Which pages a profile renders, in reading order, and where each one is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import ConfigError, UnsupportedFeature


@dataclass(frozen=True)
class PageSpec:
    source: Path
    out: str  # site path inside the profile's tree, e.g. "intro.html"
    part: str | None = None
    appendix: bool = False


def output_name(source: Path, root: Path, lang: str) -> str:
    """`x.qmd` -> `x.html`; a language twin `x.en.qmd` -> `x.html` in its own tree.
    `root` is the project folder, or the `pages-dir` extension's folder when set."""
    relative = source.relative_to(root).with_suffix("")
    if relative.suffix == f".{lang}":
        relative = relative.with_suffix("")
    return relative.as_posix() + ".html"


def pages(config: Config) -> list[PageSpec]:
    if config.project_type == "book":
        return _book_pages(config)
    return _website_pages(config)


def _book_pages(config: Config) -> list[PageSpec]:
    chapters = config.get("book", "chapters", default=[]) or []
    if not chapters:
        raise config.error("a book needs 'book: chapters'", "book")
    found: list[PageSpec] = []
    for i, entry in enumerate(chapters):
        if isinstance(entry, str):
            found.append(_spec(config, entry, ("book", "chapters", i)))
        elif isinstance(entry, dict) and "part" in entry:
            found.extend(_part(config, entry, ("book", "chapters", i)))
        else:
            raise config.error(f"chapter entry {entry!r} (use a file or part:/chapters:)",
                               "book", "chapters", i, cls=UnsupportedFeature)
    for i, entry in enumerate(config.get("book", "appendices", default=[]) or []):
        spec = _spec(config, entry, ("book", "appendices", i))
        found.append(PageSpec(spec.source, spec.out, None, appendix=True))
    _check_unique(config, found)
    return _home_first(config, found)


def _is_home(config: Config, source: Path) -> bool:
    """Quarto's book home page: a chapter file at the project root named `index.*`."""
    return source.parent.resolve() == config.root.resolve() and source.name.startswith("index.")


def _home_first(config: Config, found: list[PageSpec]) -> list[PageSpec]:
    """As Quarto does: the home page is required, and read first wherever it is listed."""
    homes = [s for s in found if _is_home(config, s.source)]
    if not homes:
        raise config.error("book chapters must include a home page: index.qmd at the project "
                           "root (Quarto requires it)", "book", "chapters")
    return homes[:1] + [s for s in found if s is not homes[0]]


def _part(config: Config, entry: dict, path: tuple) -> list[PageSpec]:
    extra = set(entry) - {"part", "chapters"}
    if extra:
        raise config.error(f"part key '{sorted(extra)[0]}'", *path, cls=UnsupportedFeature)
    title = str(entry["part"])
    if title.endswith(".qmd"):
        raise config.error("a part given as a .qmd file (give the part's title)", *path,
                           cls=UnsupportedFeature)
    return [
        PageSpec(spec.source, spec.out, title)
        for spec in (_spec(config, c, path + ("chapters", j))
                     for j, c in enumerate(entry.get("chapters") or []))
    ]


def _spec(config: Config, name, path: tuple) -> PageSpec:
    if not isinstance(name, str) or not name.endswith(".qmd"):
        raise config.error(f"chapter '{name}' (only .qmd files)", *path, cls=UnsupportedFeature)
    source = config.root / name
    if not source.is_file():
        raise config.error(f"chapter file '{name}' does not exist", *path)
    base = config.root / str(config.get("pages-dir", default=""))
    if _is_home(config, source):
        base = config.root  # the home page stays at the root, as Quarto wants it
    if not source.resolve().is_relative_to(base.resolve()):
        raise config.error(f"'{name}' is outside pages-dir", *path)
    return PageSpec(source, output_name(source.resolve(), base.resolve(), config.lang))


def _website_pages(config: Config) -> list[PageSpec]:
    listed = config.get("project", "render", default=None)
    if listed:
        names = [str(n) for n in listed]
    else:
        names = sorted(p.relative_to(config.root).as_posix() for p in config.root.rglob("*.qmd")
                       if not any(part.startswith(("_", ".")) for part in
                                  p.relative_to(config.root).parts))
    names.sort(key=lambda n: (Path(n).stem.split(".")[0] != "index", n))
    found = [_spec(config, n, ("project", "render")) for n in names]
    _check_unique(config, found)
    return found


def _check_unique(config: Config, found: list[PageSpec]) -> None:
    seen: dict[str, Path] = {}
    for spec in found:
        if spec.out in seen:
            raise ConfigError(f"'{spec.source.name}' and '{seen[spec.out].name}' would both be "
                              f"written to {spec.out}", *config.where("book"))
        seen[spec.out] = spec.source

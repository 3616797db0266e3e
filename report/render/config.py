"""Project configuration: `_quarto.yml`, profile files merged over it, `_variables.yml`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsrc
from .errors import ConfigError, UnsupportedFeature

ANY = None
# The supported subset of `_quarto.yml`. A key outside it is an error naming file and line.
SCHEMA: dict = {
    "project": {"type": ANY, "output-dir": ANY, "render": ANY, "title": ANY},
    "profile": {"default": ANY, "group": ANY},
    "book": {
        "title": ANY, "subtitle": ANY, "author": ANY, "date": ANY, "description": ANY,
        "keywords": ANY, "chapters": ANY, "appendices": ANY, "output-file": ANY,
        "site-url": ANY,
        # renderer extension (ignored by Quarto): a note set on the PDF's cover
        "cover-note": ANY,
    },
    "website": {"title": ANY, "site-url": ANY},
    "lang": ANY,
    "language": ANY,
    "format": {
        "html": {"toc": ANY, "css": ANY, "number-sections": ANY},
        "typst": {"papersize": ANY, "toc": ANY, "section-numbering": ANY},
    },
    "execute": {"echo": ANY, "warning": ANY},
    # Renderer extensions (ignored by Quarto): files whose content keys the execution cache;
    # the folder whose layout the site mirrors (`chapters/x.qmd` -> `x.html`); page
    # variants; `vegalite-validate: false` to skip Altair's schema check when a chart is
    # displayed (for projects whose tests validate every chart); `pdf-dir`, the folder of the
    # book PDF relative to the profile's tree (`../downloads` reaches a folder the trees share).
    "cache-inputs": ANY,
    "pdf-dir": ANY,
    "pages-dir": ANY,
    "variants": ANY,
    "vegalite-validate": ANY,
}
PROJECT_TYPES = ("book", "website")


@dataclass(frozen=True)
class Config:
    """The merged configuration of one profile."""

    root: Path
    profile: str | None
    data: dict
    origins: dict = field(repr=False, default_factory=dict)
    variables: dict = field(default_factory=dict)

    def get(self, *path, default=None):
        node = self.data
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def where(self, *path) -> tuple[Path, int | None]:
        for cut in range(len(path), -1, -1):
            if tuple(path[:cut]) in self.origins:
                return self.origins[tuple(path[:cut])]
        return self.root / "_quarto.yml", None

    def error(self, message: str, *path, cls=ConfigError):
        file, line = self.where(*path)
        return cls(message, file, line)

    @property
    def project_type(self) -> str:
        return self.get("project", "type", default="website")

    @property
    def lang(self) -> str:
        return str(self.get("lang", default="en"))

    @property
    def title(self) -> str:
        section = "book" if self.project_type == "book" else "website"
        return str(self.get(section, "title", default=self.get("project", "title", default="")))


def merge(base, over, base_origins: dict, over_origins: dict, path: tuple = ()):
    """Quarto's profile merge: maps merge recursively, lists concatenate without duplicates."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            if key in base:
                out[key] = merge(base[key], value, base_origins, over_origins, path + (key,))
            else:
                out[key] = value
                _copy_origins(over_origins, base_origins, path + (key,))
        return out
    if isinstance(base, list) and isinstance(over, list):
        out = list(base)
        for item in over:
            if item not in out:
                _copy_item_origin(over_origins, base_origins, path, over.index(item), len(out))
                out.append(item)
        return out
    _copy_origins(over_origins, base_origins, path)
    return over


def _copy_origins(src: dict, dst: dict, prefix: tuple) -> None:
    for key, where in src.items():
        if key[: len(prefix)] == prefix:
            dst[key] = where


def _copy_item_origin(src: dict, dst: dict, path: tuple, old: int, new: int) -> None:
    n = len(path)
    for key, where in src.items():
        if key[:n] == path and len(key) > n and key[n] == old:
            dst[path + (new,) + key[n + 1:]] = where


def validate(data: dict, origins: dict, schema: dict = SCHEMA, path: tuple = ()) -> None:
    for key, value in data.items():
        if key not in schema:
            file, line = origins.get(path + (key,), (None, None))
            name = ".".join(str(p) for p in path + (key,))
            allowed = ", ".join(sorted(schema))
            raise UnsupportedFeature(f"key '{name}' (supported here: {allowed})", file, line)
        sub = schema[key]
        if isinstance(sub, dict) and isinstance(value, dict):
            validate(value, origins, sub, path + (key,))


def _read(path: Path) -> tuple[dict, dict]:
    data, origins = yamlsrc.load_file(path)
    if not isinstance(data, dict):
        raise ConfigError("the file must hold a YAML map", path, 1)
    validate(data, origins)
    return data, origins


def load_config(root: Path, profile: str | None = None, metadata: dict | None = None) -> Config:
    """Read `_quarto.yml` and, if given, `_quarto-<profile>.yml` merged over it; METADATA
    (like Quarto's --metadata) is merged last, by the same rules, and checked the same way."""
    root = Path(root).resolve()
    main = root / "_quarto.yml"
    if not main.is_file():
        raise ConfigError("no _quarto.yml in the project folder", root)
    data, origins = _read(main)
    if profile:
        extra = root / f"_quarto-{profile}.yml"
        if not extra.is_file():
            raise ConfigError(f"profile '{profile}' has no file {extra.name}", root)
        over, over_origins = _read(extra)
        data = merge(data, over, origins, over_origins)
    if metadata:
        validate(metadata, {})
        data = merge(data, metadata, origins, {})
    config = Config(root, profile, data, origins, load_variables(root))
    _check_project(config)
    return config


def _check_project(config: Config) -> None:
    kind = config.project_type
    if kind not in PROJECT_TYPES:
        raise config.error(f"project type '{kind}'", "project", "type", cls=UnsupportedFeature)


def load_variables(root: Path) -> dict:
    path = root / "_variables.yml"
    if not path.is_file():
        return {}
    data, _ = yamlsrc.load_file(path)
    return data if isinstance(data, dict) else {}


def default_profiles(root: Path) -> list[str | None]:
    """Profiles to render when none are asked for: QUARTO_PROFILE, else the profile group."""
    env = os.environ.get("QUARTO_PROFILE", "").strip()
    if env:
        return [p.strip() for p in env.split(",") if p.strip()]
    main = Path(root) / "_quarto.yml"
    if not main.is_file():
        raise ConfigError("no _quarto.yml in the project folder", root)
    data, _ = yamlsrc.load_file(main)
    section = data.get("profile") or {} if isinstance(data, dict) else {}
    group = section.get("group")
    if group:
        first = group[0] if isinstance(group[0], list) else group
        return [str(p) for p in first]
    default = section.get("default")
    if default:
        return [str(p) for p in (default if isinstance(default, list) else [default])]
    return [None]

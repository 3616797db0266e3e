"""YAML loading that remembers the line of every key, so errors can point at it."""

from __future__ import annotations

import copy
import datetime
import functools
from pathlib import Path

import yaml

from .errors import ConfigError

Origins = dict[tuple, tuple[Path, int]]


def load(text: str, file: Path, first_line: int = 1) -> tuple[object, Origins]:
    """Parse YAML text; return the data and a map from key path to (file, line)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        raise ConfigError(f"invalid YAML ({getattr(exc, 'problem', exc)})", file, line) from None
    origins: Origins = {}
    if node is None:
        return {}, origins
    return _build(node, (), file, first_line, origins), origins


# Values a document may hold once its aliases (*name) are expanded: a few lines of nested
# aliases can stand for billions, which would fill the memory.
MOST_VALUES = 200_000


def _build(node, path: tuple, file: Path, first: int, origins: Origins):
    if len(origins) > MOST_VALUES:
        raise ConfigError(f"more than {MOST_VALUES:,} values once its aliases (*name) are "
                          "expanded", file, first + node.start_mark.line)
    origins.setdefault(path, (file, first + node.start_mark.line))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader("").construct_object(key_node)
            origins[path + (key,)] = (file, first + key_node.start_mark.line)
            out[key] = _build(value_node, path + (key,), file, first, origins)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, path + (i,), file, first, origins) for i, item in enumerate(node.value)
        ]
    value = yaml.SafeLoader("").construct_object(node)
    # Dates stay text: they are shown, never computed with, and text keeps builds stable.
    return value.isoformat() if isinstance(value, datetime.date) else value


def load_file(path: Path) -> tuple[object, Origins]:
    """load() of a file; parsed once per content (a session loads the same configuration for
    every render), a fresh copy each time."""
    text = path.read_text(encoding="utf-8")
    return copy.deepcopy(_parsed(text, path))


@functools.lru_cache(maxsize=64)
def _parsed(text: str, path: Path) -> tuple[object, Origins]:
    return load(text, path)

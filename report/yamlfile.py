"""Small YAML files the registry edits by hand (facts about the registry, the edition and its
corrections): read them and check their shape, with errors that name the file, the key and
what was expected, never a traceback."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from report import plaintext

LANGUAGES = ("nb", "en")


class YamlInvalid(ValueError):
    """A hand-edited YAML file that does not have the expected shape."""


def load(path: Path) -> dict:
    """The mapping in PATH; an error naming the file if it is missing or not a mapping."""
    if not path.is_file():
        raise YamlInvalid(f"{path}: file not found")
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise YamlInvalid(f"{path}{where}: not valid YAML") from None
    except UnicodeDecodeError:
        raise YamlInvalid(f"{path}: not UTF-8 text") from None
    if not isinstance(data, dict):
        raise YamlInvalid(f"{path}: expected a mapping of keys at the top level")
    return data


def _fail(path: Path, key: str, expected: str, value) -> YamlInvalid:
    got = "nothing" if value is None else f"a {type(value).__name__}"
    return YamlInvalid(f"{path}: key '{key}': expected {expected}, got {got}")


def get(data: dict, key: str, path: Path):
    """DATA[a][b] for KEY 'a.b'; an error naming the key when one is missing."""
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise YamlInvalid(f"{path}: key '{key}' is missing")
        node = node[part]
    return node


def text(data: dict, key: str, path: Path) -> str:
    value = get(data, key, path)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, "a text", value)
    return value.strip()


def both(data: dict, key: str, path: Path) -> dict[str, str]:
    """A text in both languages: {nb: ..., en: ...}, each plain markdown (no HTML, braces,
    images or unsafe links: plaintext.MarkupRefused naming the key)."""
    value = get(data, key, path)
    if not isinstance(value, dict):
        raise _fail(path, key, "a text in each language (nb: ..., en: ...)", value)
    out = {lang: text(value, lang, path) if lang in value else _missing(path, key, lang)
           for lang in LANGUAGES}
    for lang, written in out.items():
        plaintext.check(written, f"{path}: key '{key}.{lang}'", sep=", line ")
    return out


def _missing(path: Path, key: str, lang: str):
    raise YamlInvalid(f"{path}: key '{key}.{lang}' is missing (every text needs nb and en)")


def integer(data: dict, key: str, path: Path, minimum: int = 1) -> int:
    value = get(data, key, path)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(path, key, f"a whole number of at least {minimum}", value)
    return value


def date(data: dict, key: str, path: Path) -> datetime.date:
    value = get(data, key, path)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(path, key, "a date written YYYY-MM-DD", value)


def items(data: dict, key: str, path: Path, optional: bool = False) -> list:
    if optional and key not in data:
        return []
    value = get(data, key, path)
    if value is None and optional:
        return []
    if not isinstance(value, list):
        raise _fail(path, key, "a list", value)
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise _fail(path, f"{key}[{i}]", "a mapping of keys", item)
    return value

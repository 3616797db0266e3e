"""Parse a .qmd file: front matter, includes, variables, `{python}` cells and their options."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlsrc
from .errors import ConfigError, IncludeError, UnsupportedFeature, VariableError

FRONT_MATTER_KEYS = {"title", "subtitle", "description", "params", "lang", "author", "date"}
CELL_OPTIONS = {
    "label", "echo", "output", "include", "warning", "fig-cap", "fig-alt", "tbl-cap", "tags",
}
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(.*?)\s*$")
CELL_INFO = re.compile(r"^\{(\w+)([^}]*)\}$")
SHORTCODE = re.compile(r"\{\{<\s*(\S+)\s*(.*?)\s*>\}\}")
INCLUDE_LINE = re.compile(r"^\s*\{\{<\s*include\s+(\S+)\s*>\}\}\s*$")
INLINE_CODE = re.compile(r"`\{(\w+)\}\s+([^`]+)`")
OPTION_LINE = re.compile(r"^#\|\s?(.*)$")


@dataclass(frozen=True)
class Line:
    text: str
    file: Path
    number: int


@dataclass
class Markdown:
    lines: list[Line]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Cell:
    source: str
    options: dict
    file: Path
    line: int
    index: int = 0

    @property
    def label(self) -> str | None:
        label = self.options.get("label")
        return str(label) if label is not None else None


@dataclass
class Document:
    path: Path
    meta: dict
    blocks: list = field(default_factory=list)
    source: str = ""

    @property
    def cells(self) -> list[Cell]:
        return [b for b in self.blocks if isinstance(b, Cell)]


def parse_file(path: Path, variables: dict, root: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    meta, body, first = split_front_matter(text, path)
    lines = expand_includes(body, path, first, root, stack=(path.resolve(),))
    blocks = split_blocks(lines, variables)
    source = "\n".join(f"{ln.text}" for ln in lines)
    return Document(path, meta, blocks, text + "\0" + source)


def split_front_matter(text: str, path: Path) -> tuple[dict, list[str], int]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, lines, 1
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            meta, origins = yamlsrc.load("\n".join(lines[1:end]), path, first_line=2)
            meta = meta or {}
            if not isinstance(meta, dict):
                raise ConfigError("front matter must be a YAML map", path, 2)
            for key in meta:
                if key not in FRONT_MATTER_KEYS:
                    allowed = ", ".join(sorted(FRONT_MATTER_KEYS))
                    raise UnsupportedFeature(
                        f"front matter key '{key}' (supported: {allowed})", *origins[(key,)]
                    )
            return meta, lines[end + 1:], end + 2
    raise ConfigError("front matter is not closed with '---'", path, 1)


def expand_includes(lines: list[str], path: Path, first: int, root: Path, stack) -> list[Line]:
    out: list[Line] = []
    fence = None
    for offset, text in enumerate(lines):
        number = first + offset
        fence = _track_fence(text, fence)
        match = INCLUDE_LINE.match(text) if fence is None else None
        if not match:
            out.append(Line(text, path, number))
            continue
        target = _include_target(match.group(1), path, root)
        if not target.is_file():
            raise IncludeError(f"included file '{match.group(1)}' does not exist", path, number)
        if target.resolve() in stack:
            raise IncludeError(f"'{match.group(1)}' includes itself", path, number)
        sub_meta_lines = target.read_text(encoding="utf-8").splitlines()
        out.extend(expand_includes(sub_meta_lines, target, 1, root, stack + (target.resolve(),)))
    return out


def _include_target(name: str, path: Path, root: Path) -> Path:
    return root / name.lstrip("/") if name.startswith("/") else path.parent / name


def _track_fence(text: str, fence: str | None) -> str | None:
    match = FENCE.match(text)
    if not match:
        return fence
    marks = match.group(2)
    if fence is None:
        return marks
    if marks[0] == fence[0] and len(marks) >= len(fence) and not match.group(3):
        return None
    return fence


def split_blocks(lines: list[Line], variables: dict) -> list:
    blocks: list = []
    current: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = FENCE.match(line.text)
        info = CELL_INFO.match(match.group(3)) if match else None
        if info:
            if current:
                blocks.append(Markdown(current))
                current = []
            cell, i = _read_cell(lines, i, match.group(2), info)
            cell.index = sum(isinstance(b, Cell) for b in blocks)
            blocks.append(cell)
            continue
        if match:  # an ordinary code block: copied as it is, no shortcodes inside
            end = _block_end(lines, i, match.group(2))
            current.extend(lines[i:end + 1])
            i = end + 1
            continue
        current.append(Line(substitute(line, variables), line.file, line.number))
        i += 1
    if current:
        blocks.append(Markdown(current))
    return blocks


def _block_end(lines: list[Line], start: int, marks: str) -> int:
    for j in range(start + 1, len(lines)):
        match = FENCE.match(lines[j].text)
        if match and match.group(2)[0] == marks[0] and len(match.group(2)) >= len(marks):
            if not match.group(3):
                return j
    opener = lines[start]
    raise ConfigError("code block is not closed", opener.file, opener.number)


def _read_cell(lines: list[Line], start: int, marks: str, info) -> tuple[Cell, int]:
    opener = lines[start]
    engine = info.group(1)
    if engine != "python":
        raise UnsupportedFeature(f"code cell engine '{{{engine}}}'", opener.file, opener.number)
    if info.group(2).strip():
        raise UnsupportedFeature(
            f"cell header options '{info.group(2).strip()}' (use '#|' lines)",
            opener.file, opener.number,
        )
    end = _block_end(lines, start, marks)
    body = [ln.text for ln in lines[start + 1:end]]
    options, code = _split_options(body, opener)
    return Cell("\n".join(code), options, opener.file, opener.number), end + 1


def _split_options(body: list[str], opener: Line) -> tuple[dict, list[str]]:
    option_text = []
    count = 0
    for text in body:
        match = OPTION_LINE.match(text)
        if not match:
            break
        option_text.append(match.group(1))
        count += 1
    options = {}
    if option_text:
        try:
            options = yaml.safe_load("\n".join(option_text)) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"cell options are not valid YAML ({exc})", opener.file,
                              opener.number + 1) from None
    for offset, key in enumerate(options):
        if key not in CELL_OPTIONS:
            line = opener.number + 1 + _option_offset(option_text, key, offset)
            raise UnsupportedFeature(f"cell option '{key}'", opener.file, line)
    tags = options.get("tags", [])
    if tags and tags != ["parameters"]:
        raise UnsupportedFeature(f"cell tags {tags} (only 'parameters')", opener.file,
                                 opener.number + 1)
    return options, body[count:]


def _option_offset(option_text: list[str], key: str, default: int) -> int:
    for i, text in enumerate(option_text):
        if text.strip().startswith(f"{key}:"):
            return i
    return default


def substitute(line: Line, variables: dict) -> str:
    """Replace `{{< var a.b >}}`; any other shortcode is outside the subset."""

    def replace(match: re.Match) -> str:
        name, args = match.group(1), match.group(2)
        if name != "var":
            raise UnsupportedFeature(f"shortcode '{name}'", line.file, line.number)
        return str(lookup_variable(variables, args, line))

    return SHORTCODE.sub(replace, line.text)


def lookup_variable(variables: dict, dotted: str, line: Line):
    node = variables
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise VariableError(f"'{dotted}' is not in _variables.yml", line.file, line.number)
        node = node[part]
    return node


def inline_expressions(markdown: Markdown) -> list[tuple[str, Line]]:
    """`{python} expr` spans in document order, with their line; other engines are errors."""
    found = []
    fence = None
    for line in markdown.lines:
        before = fence
        fence = _track_fence(line.text, fence)
        if before is not None or fence is not None:
            continue
        for match in INLINE_CODE.finditer(line.text):
            if match.group(1) != "python":
                raise UnsupportedFeature(f"inline code '{{{match.group(1)}}}'", line.file,
                                         line.number)
            found.append((match.group(2).strip(), line))
    return found

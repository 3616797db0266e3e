"""Run a document's cells in one shared Jupyter kernel (nbclient) and collect MIME outputs."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .errors import CellError, KernelError
from .qmd import Cell, Document, Markdown, inline_expressions

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
VEGALITE = re.compile(r"application/vnd\.vegalite\.v\d+[.+]json")

# Run once per kernel. Registers a Vega-Lite display for Altair charts by class name, so
# Altair is not imported unless a chapter uses it. Altair 6's own mimetype renderer emits
# 'application/vnd.vegalite.v6.json' (no '+'), which nbformat rejects as a JSON output.
KERNEL_SETUP = r"""
def __render_setup():
    import IPython
    def vegalite_bundle(chart):
        import os
        import altair
        major = altair.SCHEMA_VERSION.split(".")[0]
        validate = os.environ.get("RENDER_VEGALITE_VALIDATE", "1") != "0"
        return {f"application/vnd.vegalite.{major}+json": chart.to_dict(validate=validate),
                "text/plain": f"<{type(chart).__name__}>"}
    display = IPython.get_ipython().display_formatter
    for version in ("v5", "v6"):
        display.mimebundle_formatter.for_type_by_name(
            f"altair.vegalite.{version}.api", "TopLevelMixin", vegalite_bundle)
    from IPython.core.formatters import BaseFormatter
    from traitlets import ObjectName, Unicode

    class TypstFormatter(BaseFormatter):  # objects with _repr_typst_() add Typst markup
        format_type = Unicode("text/x-typst")
        print_method = ObjectName("_repr_typst_")

    display.formatters["text/x-typst"] = TypstFormatter(parent=display)
__render_setup()
del __render_setup
"""

# Run before each document: a fresh namespace, the profile, the document's folder.
# Names the document defined are deleted (what `%reset -f` does, without its slow gc pass);
# imported modules stay loaded, which is what makes later documents fast.
DOCUMENT_SETUP = r"""
def __render_reset():
    import IPython
    shell = IPython.get_ipython()
    hidden = shell.user_ns_hidden
    for name in [n for n in shell.user_ns if n not in hidden and n != "__render_reset"]:
        del shell.user_ns[name]
    shell.user_ns["Out"].clear()  # the output cache would keep the last document's objects
__render_reset()
del __render_reset
import os as __render_os
__render_os.chdir({cwd!r})
__render_os.environ["QUARTO_PROFILE"] = {profile!r}
__render_os.environ["QUARTO_DOCUMENT_PATH"] = {cwd!r}
__render_os.environ["RENDER_VEGALITE_VALIDATE"] = {validate!r}
del __render_os
def __render_inline(value):
    if hasattr(value, "_repr_markdown_"):
        return value._repr_markdown_()
    return value if isinstance(value, str) else str(value)
"""


# Run after a document: what the kernel has loaded, as JSON on stdout. Files: every loaded
# module under ROOT and the other files of its folder (data such as strings.yml lives
# beside the code). Versions: the installed distribution of every other top-level package.
DEPENDENCIES = r"""
def __render_dependencies(root):
    import importlib.metadata as md, json, os, sys
    root = os.path.realpath(root)
    files, tops = set(), set()
    real = sys.__dict__.setdefault("_render_realpaths", {})  # modules stay where they are
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path:
            continue
        if path not in real:
            real[path] = os.path.realpath(path)
        path = real[path]
        if path.startswith(root + os.sep):
            folder = os.path.dirname(path)
            for entry in os.scandir(folder):
                if entry.is_file() and not entry.name.endswith((".pyc", ".tmp")):
                    files.add(os.path.relpath(entry.path, root).replace(os.sep, "/"))
        else:
            tops.add(name.partition(".")[0])
    if not hasattr(sys, "_render_distributions"):
        sys._render_distributions = md.packages_distributions()
    known = sys.__dict__.setdefault("_render_versions", {})
    versions = {}
    for top in tops:
        for dist in sys._render_distributions.get(top, []):
            if dist not in known:
                try:
                    known[dist] = md.version(dist)
                except md.PackageNotFoundError:
                    known[dist] = None
            if known[dist] is not None:
                versions[dist] = known[dist]
    print(json.dumps({"files": sorted(files), "versions": dict(sorted(versions.items()))}))
__render_dependencies(ROOT)
del __render_dependencies
"""


@dataclass
class DocumentResult:
    """JSON-able outputs: per cell index a list of outputs, per block index inline values."""

    cells: dict[int, list[dict]] = field(default_factory=dict)
    inline: dict[int, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"cells": {str(k): v for k, v in self.cells.items()},
                "inline": {str(k): v for k, v in self.inline.items()}}

    @classmethod
    def from_json(cls, data: dict) -> DocumentResult:
        return cls({int(k): v for k, v in data["cells"].items()},
                   {int(k): v for k, v in data["inline"].items()})


class Kernel:
    """One Jupyter kernel for the whole build, started on first use."""

    def __init__(self, cwd: Path, timeout: int = 600):
        self.cwd = Path(cwd)
        self.timeout = timeout
        self._client = None
        self._context = None
        self._sockets = tempfile.TemporaryDirectory(prefix="render-kernel-")

    def _start(self):
        from jupyter_client import KernelManager
        from nbclient import NotebookClient

        notebook = nbformat.v4.new_notebook()
        manager = KernelManager(kernel_name="python3", transport="ipc",
                                ip=str(Path(self._sockets.name) / "kernel"))
        client = NotebookClient(notebook, timeout=self.timeout, kernel_name="python3",
                                allow_errors=True, km=manager,
                                resources={"metadata": {"path": str(self.cwd)}})
        try:
            self._context = client.setup_kernel()
            self._context.__enter__()
        except Exception as exc:  # noqa: BLE001 - any start failure is reported the same way
            raise KernelError(f"could not start the python3 kernel ({exc})") from None
        self._client = client
        self.run(KERNEL_SETUP, "kernel setup")

    def run(self, source: str, what: str) -> list[dict]:
        """Execute source; return its outputs as plain dicts."""
        if self._client is None:
            self._start()
        cell = nbformat.v4.new_code_cell(source)
        self._client.nb.cells = [cell]
        try:
            self._client.execute_cell(cell, 0)
        except Exception as exc:  # noqa: BLE001 - timeouts, dead kernel
            raise KernelError(f"{what}: {exc}") from None
        return [json.loads(json.dumps(dict(o))) for o in cell.outputs]

    def dependencies(self, root: Path) -> dict:
        """The project files and installed distributions the kernel has loaded so far (a
        superset of what the last document used: modules stay loaded between documents)."""
        source = DEPENDENCIES.replace("ROOT", repr(str(Path(root).resolve())))
        outputs = self.run(source, "dependencies")
        text = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
        try:
            return json.loads(text.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise KernelError(f"dependencies: unexpected kernel output {text[:200]!r}") from None

    def close(self) -> None:
        if self._context is not None:
            try:
                self._context.__exit__(None, None, None)
                self._client.km.shutdown_kernel(now=True)
            finally:
                self._context = None
                self._client = None
        self._sockets.cleanup()


def needs_kernel(doc: Document) -> bool:
    """A page without cells or inline code is not sent to the kernel at all."""
    return bool(doc.cells) or any(
        inline_expressions(b) for b in doc.blocks if isinstance(b, Markdown))


def _is_parameters_cell(cell: Cell) -> bool:
    return "parameters" in (cell.options.get("tags") or [])


def relevant_params(doc: Document, params: dict) -> dict:
    """The `-P` values a document sees: all of them after its `parameters` cell; without one,
    only those overriding its front matter `params`; none otherwise."""
    if any(_is_parameters_cell(c) for c in doc.cells):
        return dict(params)
    declared = doc.meta.get("params") or {}
    return {k: v for k, v in params.items() if k in declared}


def execute_document(kernel: Kernel, doc: Document, profile: str | None, params: dict,
                     validate: bool = True) -> DocumentResult:
    """VALIDATE: check Altair charts against the Vega-Lite schema as they are displayed
    (Altair's default; the slowest part of showing a chart)."""
    if not needs_kernel(doc):
        return DocumentResult()
    setup = DOCUMENT_SETUP.format(cwd=str(doc.path.parent.resolve()), profile=profile or "",
                                  validate="1" if validate else "0")
    _check(kernel.run(setup, "document setup"), doc.path, 1, setup)
    result = DocumentResult()
    params = relevant_params(doc, params)
    has_cell = any(_is_parameters_cell(c) for c in doc.cells)
    defaults = {**(doc.meta.get("params") or {}), **({} if has_cell else params)}
    if defaults:
        _check(kernel.run(_assignments(defaults), "front matter params"), doc.path, 1, "")
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Cell):
            result.cells[block.index] = _run_cell(kernel, block)
            if params and _is_parameters_cell(block):
                _check(kernel.run(_assignments(params), "parameters"), block.file, block.line, "")
        elif isinstance(block, Markdown):
            values = _run_inline(kernel, block)
            if values:
                result.inline[index] = values
    return result


def _assignments(values: dict) -> str:
    return "\n".join(f"{name} = {value!r}" for name, value in values.items())


def _run_cell(kernel: Kernel, cell: Cell) -> list[dict]:
    outputs = kernel.run(cell.source, f"cell at {cell.file}:{cell.line}")
    _check(outputs, cell.file, cell.line, cell.source, cell.label)
    return outputs


def _check(outputs: list[dict], file: Path, line: int, source: str, label=None) -> None:
    for output in outputs:
        if output.get("output_type") == "error":
            trace = ANSI.sub("", "\n".join(output.get("traceback", [])))
            name = f"cell '{label}'" if label else "cell"
            message = (f"{name} raised {output.get('ename')}: {output.get('evalue')}\n"
                       f"--- cell source ---\n{source}\n--- traceback ---\n{trace}")
            raise CellError(message, file, line)


def _run_inline(kernel: Kernel, block: Markdown) -> list[str]:
    expressions = inline_expressions(block)
    if not expressions:
        return []
    for expr, line in expressions:
        try:
            compile(expr, "<inline>", "eval")
        except SyntaxError as exc:
            raise CellError(f"inline expression `{expr}` is not valid Python ({exc.msg})",
                            line.file, line.number) from None
    code = _inline_code([expr for expr, _ in expressions])
    outputs = kernel.run(code, "inline code")
    first = expressions[0][1]
    _check(outputs, first.file, first.number, code)
    text = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    values = json.loads(text.strip().splitlines()[-1])
    for (expr, line), (status, value) in zip(expressions, values, strict=True):
        if status == "error":
            raise CellError(f"inline expression `{expr}` raised {value}", line.file, line.number)
    return [value for _, value in values]


def _inline_code(expressions: list[str]) -> str:
    lambdas = ", ".join(f"lambda: ({expr})" for expr in expressions)
    return (
        "__render_out = []\n"
        f"for __render_f in [{lambdas}]:\n"
        "    try:\n"
        "        __render_out.append(['ok', __render_inline(__render_f())])\n"
        "    except Exception as __render_e:\n"
        "        __render_out.append(['error', f'{type(__render_e).__name__}: {__render_e}'])\n"
        "print(__import__('json').dumps(__render_out))\n"
        "del __render_out, __render_f\n"
    )

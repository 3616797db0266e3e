"""Pandoc from the pypandoc-binary wheel: markdown to HTML or Typst fragments, cached."""

from __future__ import annotations

import functools
import subprocess
from concurrent.futures import ThreadPoolExecutor

from .cache import Cache
from .errors import PandocError

READER = "markdown-implicit_figures"
ARGS = {
    "html": ["-t", "html5", "--wrap=none", "--section-divs"],
    "typst": ["-t", "typst", "--wrap=none"],
}


@functools.cache
def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


@functools.cache
def pandoc_version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()


def convert(text: str, fmt: str, source: str, reader: str = READER) -> str:
    args = [pandoc_path(), "-f", reader, *ARGS[fmt]]
    proc = subprocess.run(args, input=text.encode(), capture_output=True, check=False)
    if proc.returncode != 0:
        raise PandocError(proc.stderr.decode(errors="replace").strip(), source)
    return proc.stdout.decode()


def convert_many(jobs: list[tuple[str, str, str]], cache: Cache, workers: int = 2) -> list[str]:
    """Convert (text, fmt, source) jobs, reusing cached results, two pandoc processes at once."""
    keys = [cache.key("pandoc", pandoc_version(), fmt, text) for text, fmt, _ in jobs]
    results: list[str | None] = []
    for key in keys:
        hit = cache.get_bytes("pandoc", key)
        results.append(hit.decode() if hit is not None else None)
    todo = [i for i, r in enumerate(results) if r is None]
    if todo:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = pool.map(lambda i: convert(*jobs[i]), todo)
            for i, text in zip(todo, done, strict=True):
                results[i] = text
                cache.put_bytes("pandoc", keys[i], text.encode())
    return results  # type: ignore[return-value]


def html_to_typst(fragment: str) -> str:
    """Fallback for an HTML-only output in the PDF (loses table styling)."""
    return convert(fragment, "typst", "<cell html output>", reader="html")

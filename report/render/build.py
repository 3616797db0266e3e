"""Render a project: every profile, HTML pages and the PDF, written atomically."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, html, lang, pandoc, project
from . import config as cfg
from .cache import Cache, dependencies_digest, hash_files
from .crossref import PageNumbers, Registry, number_page, title_is_unnumbered
from .emit import Context, Emitter, asis_lines
from .errors import UnsupportedFeature
from .execute import DocumentResult, Kernel, execute_document, needs_kernel, relevant_params
from .markup import renumber_svg_ids
from .outputs import Converters, Sink
from .progress import Progress
from .qmd import Cell, Document, parse_file
from .typst import Book, absolute_links, compile_pdf
from .variants import Variant, variants


@dataclass
class RenderResult:
    output_dir: Path
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    documents: list[tuple[str, float, bool]] = field(default_factory=list)  # (name, s, cached)

    @property
    def executed(self) -> int:
        return sum(1 for _, _, cached in self.documents if not cached)


@dataclass
class Page:
    spec: project.PageSpec
    doc: Document
    result: DocumentResult
    numbers: PageNumbers
    nav: html.NavItem
    words: dict
    lang: str


@dataclass
class Profile:
    config: cfg.Config
    tree: html.Tree
    pages: list[Page]
    registry: Registry
    formats: tuple[str, ...]
    variants: list[tuple[Variant, Page]] = field(default_factory=list)


class Builder:
    def __init__(self, root: Path, params: dict, quiet: bool, cache: Cache,
                 kernels: list[Kernel], svgs: charts.SvgJobs):
        self.root = root
        self.svgs = svgs
        self.params = params
        self.cache = cache
        self.kernels = kernels  # profiles load in parallel, one kernel each
        self._local = threading.local()
        self._lock = threading.Lock()
        self.progress = Progress(quiet)
        self.result = RenderResult(root)
        self.files: dict[str, bytes] = {}
        self.only: dict[str, list] | None = None  # variant name -> the values to render
        self.book = True  # False: render only the variants (no book pages, no book PDF)
        self.workdir: Path | None = None  # where Typst compiles; set while profiles build
        self._writer = None  # background threads writing variant PDFs during execution
        self._variant_pdfs: dict[tuple[int, str], Future] = {}

    @property
    def kernel(self) -> Kernel:
        """The kernel of the profile this thread is loading."""
        return getattr(self._local, "kernel", None) or self.kernels[0]

    def use_kernel(self, kernel: Kernel) -> None:
        self._local.kernel = kernel

    def timed(self, name: str, started: float) -> None:
        spent = time.perf_counter() - started
        with self._lock:
            self.result.timings[name] = self.result.timings.get(name, 0.0) + spent

    # ------------------------------------------------------------ execution
    def load_profile(self, config: cfg.Config, prefix: str, formats) -> Profile:
        specs = project.pages(config) if self.book else []
        words = lang.words(config)
        tree = html.Tree(config.profile, config.lang, prefix, words, config.title,
                         css=_as_list(config.get("format", "html", "css", default=[])),
                         toc=bool(config.get("format", "html", "toc", default=True)),
                         description=_text_or_none(config.get("book", "description")))
        inputs = hash_files(config.root, _as_list(config.get("cache-inputs", default=[])))
        pages = []
        for spec in specs:
            doc = parse_file(spec.source, config.variables, config.root)
            result = self.execute(doc, config, inputs)
            doc_lang = str(doc.meta.get("lang") or config.lang)
            page_words = lang.words(config, doc_lang)
            pages.append(Page(spec, doc, result, None, None, page_words, doc_lang))
        registry = self.number(config, pages)
        tree.nav = [p.nav for p in pages]
        wanted = formats or _formats(config)
        profile = Profile(config, tree, pages, registry, wanted)
        if pages and "typst" in wanted and self.workdir is not None:
            self.want_svgs(profile, pages, least=8)  # converted while the variants execute
        profile.variants = self.load_variants(profile, inputs, variants(config, self.only))
        tree.extra = {v.output for v, _ in profile.variants}
        return profile

    def load_variants(self, profile: Profile, inputs: str,
                      found: list[Variant]) -> list[tuple[Variant, Page]]:
        """Each variant's page, executed with its own parameter value. The charts of its PDF
        start converting in the background as soon as it has executed."""
        config = profile.config
        out = []
        for variant in found:
            doc = parse_file(variant.source, config.variables, config.root)
            params = {**self.params, **variant.params}
            result = self.execute(doc, config, inputs, params)
            doc_lang = str(doc.meta.get("lang") or config.lang)
            page = Page(project.PageSpec(variant.source, variant.output), doc, result, None,
                        None, lang.words(config, doc_lang), doc_lang)
            asis = {b: asis_lines(block, result.cells.get(block.index, []))
                    for b, block in enumerate(doc.blocks) if isinstance(block, Cell)}
            page.numbers = number_page(doc, None, False, asis)  # a standalone page
            page.nav = html.NavItem(variant.output, page.numbers.title, None, pdf=variant.pdf)
            out.append((variant, page))
            if variant.pdf and "typst" in profile.formats:
                self.want_svgs(profile, [page])
                self.start_variant_pdf(profile, variant, page)
        return out

    def start_variant_pdf(self, profile: Profile, variant: Variant, page: Page) -> None:
        """Write a variant's PDF in a background thread while the kernel runs the next one
        (Typst and pandoc release the interpreter; the charts come from SvgJobs)."""
        if self.workdir is None:
            return
        with self._lock:
            if self._writer is None:
                self._writer = ThreadPoolExecutor(max_workers=len(self.kernels),
                                                  thread_name_prefix="variant-pdf")
            self._variant_pdfs[(id(profile), variant.value)] = self._writer.submit(
                self.variant_pdf, profile, variant, page)

    def variant_pdf(self, profile: Profile, variant: Variant, page: Page) -> bytes:
        return self.compile(profile, [page], self.workdir / "variants" / variant.value,
                            page.numbers.title, toc=False, cover=False)

    def stop_background(self) -> None:
        """Wait for (or cancel) the variant PDFs still being written."""
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._writer = None
        self._variant_pdfs.clear()

    def execute(self, doc: Document, config: cfg.Config, inputs: str,
                params: dict | None = None) -> DocumentResult:
        """A document's outputs, from the cache when neither the document, its parameters,
        the project's `cache-inputs`, the renderer nor anything its cells loaded last time
        (project modules and the files beside them, installed distributions) has changed."""
        name = f"{config.profile or '-'}:{doc.path.relative_to(config.root)}"
        given = self.params if params is None else params
        params = relevant_params(doc, given)
        started = time.perf_counter()
        if not needs_kernel(doc):
            self.result.documents.append((name, time.perf_counter() - started, True))
            self.progress.step(name)
            return DocumentResult()
        base = self.cache.key("exec", doc.source, config.profile, inputs,
                              json.dumps(params, sort_keys=True, default=str))
        hit = self._cached_execution(config.root, base)
        if hit is not None:
            self.result.documents.append((name, time.perf_counter() - started, True))
            self.progress.step(name)
            return DocumentResult.from_json(hit)
        self.progress.step(name)
        result = execute_document(self.kernel, doc, config.profile, given,
                                  validate=bool(config.get("vegalite-validate", default=True)))
        if self.cache.folder is not None:
            deps = self.kernel.dependencies(config.root)
            loaded = dependencies_digest(config.root, deps)
            self.cache.put_json("exec", self.cache.key(base, loaded), result.to_json())
            self.cache.put_json("exec-deps", base, deps)  # after the result it points to
        self.result.documents.append((name, time.perf_counter() - started, False))
        self.timed("execute", started)
        return result

    def _cached_execution(self, root: Path, base: str) -> dict | None:
        deps = self.cache.get_json("exec-deps", base)
        if deps is None:
            return None
        loaded = dependencies_digest(root, deps)
        return None if loaded is None else self.cache.get_json("exec", self.cache.key(base, loaded))

    def number(self, config: cfg.Config, pages: list[Page]) -> Registry:
        registry = Registry()
        book = config.project_type == "book"
        numbered = bool(config.get("format", "html", "number-sections", default=book))
        count, letters = 0, 0
        for page in pages:
            chapter = None
            if book and page.spec.appendix:
                letters += 1
                chapter = chr(ord("A") + letters - 1)
            elif book and Path(page.spec.out).stem != "index" and not title_is_unnumbered(
                    page.doc):
                count += 1
                chapter = str(count)
            asis = {b: asis_lines(block, page.result.cells.get(block.index, []))
                    for b, block in enumerate(page.doc.blocks) if isinstance(block, Cell)}
            page.numbers = number_page(page.doc, chapter, numbered, asis)
            page.nav = html.NavItem(page.spec.out, page.numbers.title, chapter,
                                    page.spec.part)
            registry.add_page(page.numbers, page.spec.out, page.spec.appendix)
        return registry

    def context(self, profile: Profile, page: Page, fmt: str, sink: Sink,
                convert: Converters | None = None) -> Context:
        config = profile.config
        return Context(fmt, config.profile, page.spec.out, page.words, profile.registry,
                       page.numbers, sink,
                       echo=bool(config.get("execute", "echo", default=True)),
                       warning=bool(config.get("execute", "warning", default=True)),
                       convert=convert or Converters(pandoc.html_to_typst, self.chart_svg))

    def chart_svg(self, spec: dict, name: str) -> str:
        """Vega-Lite to SVG through vl-convert (cached by spec; the slow part of writing a
        chapter as Typst); ids are made unique per chart name afterwards."""
        return renumber_svg_ids(self.svgs.get(spec), name)

    def want_svgs(self, profile: Profile, pages: list[Page], least: int = 1) -> None:
        """Start converting the charts the PDF of PAGES will show (the document written for
        Typst with the charts collected, not converted), if there are LEAST of them."""
        specs: list[dict] = []

        def collect(spec: dict, name: str) -> str:
            specs.append(spec)
            return ""

        for page in pages:
            convert = Converters(lambda text: "", collect)
            Emitter(page.doc, page.result,
                    self.context(profile, page, "typst", Sink("collect"), convert)).run()
        self.svgs.want(specs, least)

    # ------------------------------------------------------------ html
    def html_pages(self, profiles: list[Profile]) -> None:
        jobs, owners = [], []
        started = time.perf_counter()
        for profile in profiles:
            if "html" not in profile.formats:
                continue
            for page in profile.pages + [p for _, p in profile.variants]:
                folder = Path(page.spec.out).with_suffix("").as_posix() + "_files"
                sink = Sink(folder, base=Path(page.spec.out).parent.as_posix())
                text = Emitter(page.doc, page.result, self.context(profile, page, "html",
                                                                    sink)).run()
                jobs.append((text, "html", str(page.spec.source)))
                owners.append((profile, page, sink))
        self.timed("emit-html", started)
        started = time.perf_counter()
        bodies = pandoc.convert_many(jobs, self.cache)
        self.timed("pandoc-html", started)
        for profile in profiles:
            self.copy_css(profile)
        for (profile, page, sink), body in zip(owners, bodies, strict=True):
            others = [p.tree for p in profiles if p is not profile and "html" in p.formats]
            text = html.render_page(profile.tree, others, page.nav, body, page.numbers,
                                    page.doc.meta)
            self.files[html.site_path(profile.tree, page.spec.out)] = text.encode()
            for rel, data in sink.files.items():
                self.files[html.site_path(profile.tree, rel)] = data

    def copy_css(self, profile: Profile) -> None:
        """`format: html: css:` files are copied into the tree at the same relative path."""
        for i, name in enumerate(profile.tree.css):
            source = profile.config.root / name
            if not source.is_file():
                raise profile.config.error(f"stylesheet '{name}' does not exist",
                                           "format", "html", "css", i)
            self.files[html.site_path(profile.tree, name)] = source.read_bytes()

    # ------------------------------------------------------------ pdf
    def pdf(self, profile: Profile, workdir: Path) -> None:
        self.want_svgs(profile, (profile.pages if self.book else [])
                       + [p for v, p in profile.variants if v.pdf], least=8)
        if self.book:
            name = self.name_pdf(profile)
            pdf = self.compile(profile, profile.pages, workdir / "book", profile.config.title)
            self.files[html.site_path(profile.tree, name)] = pdf
        for variant, page in profile.variants:
            if variant.pdf:
                started = self._variant_pdfs.pop((id(profile), variant.value), None)
                pdf = (started.result() if started is not None
                       else self.variant_pdf(profile, variant, page))
                self.files[html.site_path(profile.tree, variant.pdf)] = pdf

    def name_pdf(self, profile: Profile) -> str:
        """The book PDF's path in the tree, set before it is written: the HTML pages link
        it and can be made while it is."""
        profile.tree.pdf = _pdf_name(profile.config)
        return profile.tree.pdf

    def compile(self, profile: Profile, pages: list[Page], workdir: Path, title: str,
                toc: bool | None = None, cover: bool = True) -> bytes:
        """One PDF from PAGES in reading order."""
        config = profile.config
        book = Book(title, config.lang, profile.tree.words,
                    subtitle=config.get("book", "subtitle"),
                    author=_as_list(config.get("book", "author", default=[])),
                    date=config.get("book", "date"),
                    description=_text_or_none(config.get("book", "description")),
                    keywords=[str(k) for k in _as_list(config.get("book", "keywords",
                                                                  default=[]))],
                    toc=bool(config.get("format", "typst", "toc", default=True)) if toc is None
                    else toc, cover=cover,
                    papersize=config.get("format", "typst", "papersize", default="a4"),
                    cover_note=config.get("book", "cover-note") if cover else None)
        jobs, sinks = [], []
        started = time.perf_counter()
        for page in pages:
            sink = Sink(f"figures/{Path(page.spec.out).with_suffix('').as_posix()}")
            text = Emitter(page.doc, page.result, self.context(profile, page, "typst",
                                                                sink)).run()
            jobs.append((text, "typst", str(page.spec.source)))
            sinks.append(sink)
        self.timed("emit-typst", started)
        started = time.perf_counter()
        bodies = pandoc.convert_many(jobs, self.cache)
        self.timed("pandoc-typst", started)
        site_url = config.get("book", "site-url") or config.get("website", "site-url")
        bodies = [absolute_links(body, html.site_path(profile.tree, page.spec.out), site_url)
                  for page, body in zip(pages, bodies, strict=True)]
        book.chapters = _chapters(pages, bodies)
        for sink in sinks:
            book.files.update(sink.files)
        started = time.perf_counter()
        pdf = compile_pdf(book, workdir / (config.profile or "default"), self.cache,
                          str(config.root / "_quarto.yml"))
        self.timed("typst", started)
        return pdf


def _text_or_none(value) -> str | None:
    return str(value) if value not in (None, "") else None


def _chapters(pages: list[Page], bodies: list[str]) -> list[tuple[str, str]]:
    from .markup import typst_str

    out, part, appendix = [], None, False
    for page, body in zip(pages, bodies, strict=True):
        source = str(page.spec.source)
        if page.spec.appendix and not appendix:
            appendix = True
            words = page.words["section-title-appendices"]
            out.append((source, f"#part-page({typst_str(words)})"))
        if page.spec.part and page.spec.part != part:
            out.append((source, f"#part-page({typst_str(page.spec.part)})"))
        part = page.spec.part
        number = f"{page.nav.number}  " if page.nav.number else ""
        label = f" <{page.numbers.title_id}>" if page.numbers.title_id else ""
        title = typst_str(f"{number}{page.numbers.title}")
        out.append((source, f"= #{title}{label}\n\n{body}"))
    return out


def _pdf_name(config: cfg.Config) -> str:
    """The book PDF's path in the profile's tree: `pdf-dir` (our extension) / `output-file`.
    As in Quarto, `output-file` is a file name; a path in it is an error, not a guess."""
    name = str(config.get("book", "output-file") or config.title or "book")
    if "/" in name or "\\" in name:
        raise config.error(f"book output-file '{name}' is a path; Quarto takes a file name "
                           "(put the folder in the renderer's 'pdf-dir')", "book",
                           "output-file")
    name = name if name.endswith(".pdf") else f"{name}.pdf"
    folder = str(config.get("pdf-dir", default="") or "").strip("/")
    return f"{folder}/{name}" if folder else name


def _formats(config: cfg.Config) -> tuple[str, ...]:
    declared = config.get("format", default=None) or {"html": {}}
    if config.project_type == "website" and "typst" in declared:
        raise config.error("format 'typst' in a website project (only books make a PDF)",
                           "format", "typst", cls=UnsupportedFeature)
    return tuple(f for f in ("html", "typst") if f in declared)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]

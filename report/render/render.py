"""`render_project` and `Session`: the public entry points."""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import config as cfg
from . import html, site
from .build import Builder, Profile, RenderResult, _formats
from .cache import Cache
from .charts import SvgJobs
from .errors import RenderError
from .execute import Kernel


def render_project(project_dir: Path, profiles: list[str] | None = None,
                   params: dict | None = None, quiet: bool = False,
                   output_dir: Path | None = None,
                   formats: tuple[str, ...] | None = None,
                   search: bool = True, cache: bool = True,
                   metadata: dict | None = None) -> RenderResult:
    """Render every profile of a Quarto project; replace the output folder only on success.

    metadata: per profile name, a map merged over that profile's configuration (as Quarto's
    --metadata), e.g. {"nb": {"book": {"output-file": "report-2024"}}}.
    formats: restrict to ("html",) or ("typst",); default: what `format:` declares.
    cache: False executes every cell and converts everything again (nothing is stored).
    """
    with Session(project_dir, quiet=quiet, cache=cache) as session:
        return session.render(profiles, params, output_dir, formats, search, metadata)


class Session:
    """One kernel and cache kept across several renders (e.g. one PDF per unit).

        with Session(project) as session:
            for unit in units:
                pdf = session.pdf("en", {"unit": unit})
    """

    def __init__(self, project_dir: Path, quiet: bool = True, cache: bool = True):
        self.root = Path(project_dir).resolve()
        self.quiet = quiet
        self.cache = Cache(self.root / ".nbcr-cache" / "render" if cache else None)
        # one kernel per profile loaded at once (started on first use): two languages run
        # their documents side by side on a two-core machine
        self.kernels = [Kernel(self.root) for _ in range(max(1, min(os.cpu_count() or 1, 4)))]
        self.svgs = SvgJobs(self.cache)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            for kernel in self.kernels:
                kernel.close()
        finally:
            self.svgs.close()

    def render(self, profiles: list[str] | None = None, params: dict | None = None,
               output_dir: Path | None = None, formats: tuple[str, ...] | None = None,
               search: bool = True, metadata: dict | None = None) -> RenderResult:
        """METADATA: per profile name, a map merged over that profile's configuration."""
        started = time.perf_counter()
        names = list(profiles) if profiles else cfg.default_profiles(self.root)
        configs = [cfg.load_config(self.root, name, (metadata or {}).get(name))
                   for name in names]
        target, prefixes = _layout(self.root, configs, output_dir)
        builder = self._builder(params)
        builder.result.output_dir = target
        assets = (site.start_assets(builder.cache, builder.svgs)
                  if _makes_html(configs, formats) else {})
        staging = site.staging_folder(target)
        try:
            builder.progress.start(sum(_count(c) for c in configs))
            built = _build_profiles(builder, configs, prefixes, formats)
            builder.progress.note("writing")
            _write(builder, built, staging, search, assets)
            owned = site.owned_list(staging)
            site.carry_over(target, staging)
            site.swap_into_place(staging, target)
            site.record_owned(target, owned)
        except BaseException:
            site.discard(staging)
            raise
        finally:
            builder.progress.stop()
        builder.result.files = site.owned_files(target)
        builder.result.timings["total"] = time.perf_counter() - started
        return builder.result

    def pdf(self, profile: str | None, params: dict | None = None,
            metadata: dict | None = None) -> bytes:
        """The PDF of one profile as bytes; nothing is written to the output folder."""
        config = cfg.load_config(self.root, profile, metadata)
        builder = self._builder(params)
        built = _build_profiles(builder, [config], [""], ("typst",))
        return builder.files[built[0].tree.pdf]

    def variant_pdfs(self, profile: str | None, name: str, values: list,
                     params: dict | None = None, metadata: dict | None = None
                     ) -> dict[str, bytes]:
        """The PDFs of some values of one page variant, by value; the book is not rendered."""
        return self.variant_pdfs_by_profile({profile: metadata}, name, values, params)[profile]

    def variant_pdfs_by_profile(self, metadata: dict, name: str, values: list,
                                params: dict | None = None) -> dict:
        """variant_pdfs for several profiles at once (METADATA: profile -> its metadata, or
        None), so that one profile's documents execute while the other's PDFs are written.
        Returns {profile: {value: pdf}}."""
        from .variants import variants

        profiles = list(metadata)
        configs = [cfg.load_config(self.root, p, metadata[p]) for p in profiles]
        builder = self._builder(params)
        builder.only, builder.book = {name: list(values)}, False
        built = _build_profiles(builder, configs, [p or "" for p in profiles], ("typst",))
        return {p: {v.value: builder.files[html.site_path(profile.tree, v.pdf)]
                    for v in variants(config, builder.only) if v.name == name and v.pdf}
                for p, config, profile in zip(profiles, configs, built, strict=True)}

    def _builder(self, params: dict | None) -> Builder:
        return Builder(self.root, dict(params or {}), self.quiet, self.cache, self.kernels,
                       self.svgs)


def _count(config: cfg.Config) -> int:
    """The documents a profile executes: its pages and its variants."""
    from .project import pages
    from .variants import variants

    return len(pages(config)) + len(variants(config))


def _build_profiles(builder: Builder, configs, prefixes, formats) -> list[Profile]:
    with tempfile.TemporaryDirectory(prefix="render-typst-") as work:
        builder.workdir = Path(work)
        try:
            built = _load_profiles(builder, configs, prefixes, formats)
            books = [p for p in built if "typst" in p.formats]
            for profile in books:
                if builder.book:
                    builder.name_pdf(profile)
            # each profile's PDF in a thread of its own (Typst, pandoc and the chart
            # workers run outside the interpreter), the HTML pages meanwhile in this one
            with ThreadPoolExecutor(max_workers=max(len(books), 1),
                                    thread_name_prefix="pdf") as pool:
                pdfs = [pool.submit(builder.pdf, profile, Path(work)) for profile in books]
                builder.progress.note("PDF, HTML" if books else "HTML")
                builder.html_pages(built)
                for pdf in pdfs:
                    pdf.result()
        finally:
            builder.stop_background()
            builder.workdir = None
    return built


def _load_profiles(builder: Builder, configs, prefixes, formats) -> list[Profile]:
    """Execute every profile's documents: with several kernels, the profiles are shared out
    among threads, each running its share one after another in its own kernel."""
    jobs = list(zip(configs, prefixes, strict=True))
    lanes = min(len(jobs), len(builder.kernels))
    if lanes <= 1:
        built, old = [], os.environ.get("QUARTO_PROFILE")
        try:
            for config, prefix in jobs:
                os.environ["QUARTO_PROFILE"] = config.profile or ""  # for code run in-process
                built.append(builder.load_profile(config, prefix, formats))
        finally:
            _restore_env(old)
        return built
    built: list[Profile | None] = [None] * len(jobs)

    def lane(number: int) -> None:
        builder.use_kernel(builder.kernels[number])
        for index in range(number, len(jobs), lanes):
            config, prefix = jobs[index]
            built[index] = builder.load_profile(config, prefix, formats)

    with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="profile") as pool:
        for future in [pool.submit(lane, n) for n in range(lanes)]:
            future.result()
    return built  # type: ignore[return-value]


def _makes_html(configs, formats) -> bool:
    return any("html" in (formats or _formats(config)) for config in configs)


def _write(builder: Builder, built: list[Profile], staging: Path, search: bool,
           assets: dict | None = None) -> None:
    has_html = any("html" in p.formats for p in built)
    if has_html:
        started = time.perf_counter()
        builder.files.update(site.asset_files(builder.cache, assets))
        builder.timed("assets", started)
    trees = [p.tree for p in built if "html" in p.formats]
    if len(trees) > 1 and all(t.prefix for t in trees):
        builder.files["index.html"] = html.language_index(trees).encode()
    written = time.perf_counter()
    site.write_files(staging, builder.files)
    builder.timed("write", written)
    if has_html and search:
        indexed = time.perf_counter()
        site.build_search_index(staging, builder.cache.folder, builder.files)
        builder.timed("search-index", indexed)


def _layout(root: Path, configs: list[cfg.Config], output_dir: Path | None):
    """The site root and each profile's folder under it."""
    names = [c.profile or "" for c in configs]
    if output_dir is not None:
        target = Path(output_dir).resolve()
        return target, names if len(configs) > 1 else [""]
    dirs = [(root / str(c.get("project", "output-dir", default="_site"))).resolve()
            for c in configs]
    if len(configs) == 1:
        return dirs[0], [""]
    if len(set(dirs)) == 1:
        return dirs[0], names
    common = Path(os.path.commonpath([str(d) for d in dirs]))
    if common == root or common in dirs:
        raise RenderError("profiles' output-dir folders must share a parent folder other "
                          "than the project", root / "_quarto.yml")
    return common, [d.relative_to(common).as_posix() for d in dirs]


def _restore_env(old: str | None) -> None:
    if old is None:
        os.environ.pop("QUARTO_PROFILE", None)
    else:
        os.environ["QUARTO_PROFILE"] = old

"""Assemble a website page around pandoc's HTML body: navigation, TOC, language switch."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from .crossref import PageNumbers
from .errors import RenderError
from .markup import esc

TEMPLATE = Template((Path(__file__).parent / "assets" / "page.html").read_text(encoding="utf-8"))
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


@dataclass
class NavItem:
    out: str
    title: str
    number: str | None
    part: str | None = None
    pdf: str | None = None  # the page's own PDF (a variant's), else the book's


@dataclass
class Tree:
    """One profile's pages, as placed in the site."""

    profile: str | None
    lang: str
    prefix: str  # folder under the site root, "" or "nb"
    words: dict
    title: str
    nav: list[NavItem] = field(default_factory=list)
    pdf: str | None = None
    css: list[str] = field(default_factory=list)
    toc: bool = True
    extra: set[str] = field(default_factory=set)  # pages outside the book's navigation
    description: str | None = None  # the book's description (on the language choice page)

    def outs(self) -> set[str]:
        return {item.out for item in self.nav} | self.extra


def rel(from_page: str, target: str) -> str:
    """Relative URL from a page (site-root path) to another site-root path."""
    base = posixpath.dirname(from_page) or "."
    return posixpath.relpath(target, base)


def site_path(tree: Tree, out: str) -> str:
    """A path inside the site; `../downloads/x.pdf` from a tree reaches a shared folder."""
    path = posixpath.normpath(posixpath.join(tree.prefix, out) if tree.prefix else out)
    if path.startswith("../") or path == ".." or path.startswith("/"):
        raise RenderError(f"'{out}' would be written outside the site folder")
    return path


def render_page(tree: Tree, others: list[Tree], item: NavItem, body: str,
                numbers: PageNumbers, meta: dict) -> str:
    here = site_path(tree, item.out)
    w = tree.words
    body, styles = hoist_styles(heading_ids(body))
    values = {
        "lang": esc(str(meta.get("lang") or tree.lang)),
        "csp": CSP,
        "page_title": esc(f"{_plain_title(item)} – {tree.title}" if tree.title else item.title),
        "description": _description(meta),
        "alternates": _alternates(tree, others, item, here),
        "assets": rel(here, "assets"),
        "css": "\n".join(f'<link rel="stylesheet" href="{esc(rel(here, site_path(tree, c)))}">'
                         for c in tree.css) + styles,
        "charts": _chart_scripts(here) if 'class="vega-chart"' in body else "",
        "search_head": _search_head(here),
        "skip_link": esc(w["render-skip-link"]),
        "home": rel(here, site_path(tree, tree.nav[0].out)),
        "book_title": esc(tree.title),
        "search": _search(w),
        "switch": _switch(tree, others, item, here),
        "chapters_label": esc(w["render-chapters"]),
        "chapters": _chapter_list(tree, item, here),
        "download": _download(tree, item, here),
        "title_id": esc(numbers.title_id or "title"),
        "title": _numbered(item.number, esc(item.title)),
        "subtitle": f'<p class="subtitle">{esc(meta["subtitle"])}</p>'
        if meta.get("subtitle") else "",
        "body": body,
        "pagenav_label": esc(f'{w["render-previous"]} / {w["render-next"]}'),
        "prevnext": _prev_next(tree, item, here),
        "toc": _toc(tree, numbers) if tree.toc else "",
        "footer": esc(tree.title),
    }
    return TEMPLATE.substitute(values)


SECTION = re.compile(r'<section id="([^"]+)" class="(level[1-6][^"]*)">(\s*)<h([1-6])>')


STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)


def hoist_styles(body: str) -> tuple[str, str]:
    """`<style>` blocks an output put in the body (HTML allows them only in the head)
    moved to the head: the body without them, and the blocks."""
    blocks = STYLE.findall(body)
    return (STYLE.sub("", body), "".join(f"\n{b}" for b in blocks)) if blocks else (body, "")


def heading_ids(body: str) -> str:
    """Put each section's id on its heading (pandoc puts it on the `<section>`): links and
    search results then point at the heading itself."""
    return SECTION.sub(r'<section class="\2">\3<h\4 id="\1">', body)


def _plain_title(item: NavItem) -> str:
    return f"{item.number} {item.title}" if item.number else item.title


def _numbered(number: str | None, title_html: str) -> str:
    if not number:
        return title_html
    return f'<span class="chapter-number">{esc(number)}</span> {title_html}'


def _description(meta: dict) -> str:
    text = meta.get("description")
    return f'<meta name="description" content="{esc(text)}">' if text else ""


def _twin(tree: Tree, other: Tree, item: NavItem) -> str:
    out = item.out if item.out in other.outs() else other.nav[0].out
    return site_path(other, out)


def _alternates(tree: Tree, others: list[Tree], item: NavItem, here: str) -> str:
    if not others:
        return ""
    links = [f'<link rel="alternate" hreflang="{esc(tree.lang)}" href="{rel(here, here)}">']
    for other in others:
        href = rel(here, _twin(tree, other, item))
        links.append(f'<link rel="alternate" hreflang="{esc(other.lang)}" href="{esc(href)}">')
    return "\n".join(links)


def _switch(tree: Tree, others: list[Tree], item: NavItem, here: str) -> str:
    links = []
    for other in others:
        href = rel(here, _twin(tree, other, item))
        links.append(f'<a class="language-switch" href="{esc(href)}" hreflang="{esc(other.lang)}"'
                     f' lang="{esc(other.lang)}">{esc(other.words["render-language-name"])}</a>')
    return "\n".join(links)


def _chart_scripts(here: str) -> str:
    """The shared Vega runtime, only on pages that have a chart."""
    assets = rel(here, "assets")
    return (f'<script src="{assets}/vega.js" defer></script>\n'
            f'<script src="{assets}/charts.js" defer></script>')


def _search_head(here: str) -> str:
    """Only the small starter script: Pagefind's interface (its script and styles, some
    130 KB) is fetched when the reader turns to the search box (assets/search.js)."""
    base = rel(here, "pagefind")
    return (f'<script src="{rel(here, "assets")}/search.js" defer '
            f'data-bundle="{base}/"></script>')


def _search(words: dict) -> str:
    label = esc(words["search-label"])
    return (f'<div class="search" role="search" aria-label="{label}" id="search">'
            f'<input type="search" class="search-start" placeholder="{label}" '
            f'aria-label="{label}" autocomplete="off"></div>')


def _chapter_list(tree: Tree, item: NavItem, here: str) -> str:
    lines = []
    part = None
    for entry in tree.nav:
        if entry.part != part and entry.part:
            lines.append(f'<li class="part">{esc(entry.part)}</li>')
        part = entry.part
        current = ' aria-current="page"' if entry.out == item.out else ""
        href = rel(here, site_path(tree, entry.out))
        label = _numbered(entry.number, esc(entry.title))
        lines.append(f'<li><a href="{esc(href)}"{current}>{label}</a></li>')
    if item.out not in {entry.out for entry in tree.nav}:  # a variant: show where you are
        lines.append(f'<li class="here"><a href="{esc(rel(here, here))}" aria-current="page">'
                     f'{esc(item.title)}</a></li>')
    return "\n".join(lines)


def _download(tree: Tree, item: NavItem, here: str) -> str:
    """The PDF of this page: a variant's own (in the tree's language), else the book's."""
    pdf = item.pdf or tree.pdf
    if not pdf:
        return ""
    href = rel(here, site_path(tree, pdf))
    return (f'<p class="download"><a href="{esc(href)}" type="application/pdf">'
            f'{esc(tree.words["render-download-pdf"])}</a></p>')


def _prev_next(tree: Tree, item: NavItem, here: str) -> str:
    outs = [entry.out for entry in tree.nav]
    if item.out not in outs:  # a page outside the navigation (a variant)
        return ""
    i = outs.index(item.out)
    links = []
    for j, cls, word in ((i - 1, "prev", "render-previous"), (i + 1, "next", "render-next")):
        if 0 <= j < len(outs):
            entry = tree.nav[j]
            href = rel(here, site_path(tree, entry.out))
            links.append(f'<a class="{cls}" href="{esc(href)}" rel="{cls}">'
                         f'<span class="nav-word">{esc(tree.words[word])}</span> '
                         f"{_numbered(entry.number, esc(entry.title))}</a>")
    return "\n".join(links)


def _toc(tree: Tree, numbers: PageNumbers) -> str:
    items = [h for h in numbers.headings.values() if h.level in (2, 3)]
    if not items:
        return ""
    lines = []
    for h in items:
        number = f'<span class="toc-number">{esc(h.number)}</span> ' if h.number else ""
        lines.append(f'<li class="toc-level-{h.level}"><a href="#{esc(h.id)}">{number}'
                     f"{esc(_strip_md(h.text))}</a></li>")
    label = esc(tree.words["toc-title-website"])
    return (f'<aside class="toc"><nav aria-labelledby="toc-title">'
            f'<h2 id="toc-title">{label}</h2>\n<ul>\n' + "\n".join(lines) + "\n</ul></nav></aside>")


def _strip_md(text: str) -> str:
    return text.replace("*", "").replace("`", "")


def language_index(trees: list[Tree]) -> str:
    """The site root page when several profiles are rendered: a language choice, each
    language's book with its description (a book's edition, say) in that language."""
    items = "\n".join(
        f'<li><a href="{esc(site_path(t, t.nav[0].out))}" hreflang="{esc(t.lang)}" '
        f'lang="{esc(t.lang)}">{esc(t.title)} ({esc(t.words["render-language-name"])})</a>'
        + (f'<p class="description" lang="{esc(t.lang)}">{esc(t.description)}</p>'
           if t.description else "") + "</li>"
        for t in trees
    )
    first = trees[0]
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{esc(t.lang)}" href="{esc(site_path(t, t.nav[0].out))}">'
        for t in trees
    )
    heading = " / ".join(esc(t.words["render-choose-language"]) for t in trees)
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(first.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<title>{esc(first.title)}</title>\n<link rel="icon" href="data:,">\n{alternates}\n'
        f'<link rel="stylesheet" href="assets/site.css">\n</head>\n<body>\n'
        f'<main id="main" class="language-choice">\n<h1>{heading}</h1>\n<ul>\n{items}\n</ul>\n'
        f"</main>\n</body>\n</html>\n"
    )

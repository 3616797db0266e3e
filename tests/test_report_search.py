"""Search on the built report: a chapter's own title word finds that chapter first (headings
weigh more than the hospital pages' and data tables' mentions), and results link to sections."""

import re
from urllib.parse import unquote

import pytest
from browsing import Visit, chromium, serve

SEARCH = """async (q) => {
  const pagefind = await import('../pagefind/pagefind.js');
  await pagefind.init();
  const found = await pagefind.search(q);
  const out = [];
  for (const result of found.results.slice(0, 3)) {
    const data = await result.data();
    out.push({url: data.url, sections: data.sub_results.map(s => s.url)});
  }
  return out;
}"""


def chapter_titles(site, lang: str) -> dict[str, str]:
    """Page URL -> the longest word of its numbered title (chapters, not the appendices)."""
    titles = {}
    for page in sorted((site / lang).glob("*.html")):
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<h1 class="title"[^>]*><span class="chapter-number">(\d+)</span> '
                          r"([^<]+)</h1>", html)
        if match:
            titles[f"/{lang}/{page.name}"] = max(re.findall(r"\w+", match.group(2)), key=len)
    return titles


@pytest.fixture(scope="module")
def search(report_site):
    with serve(report_site) as base, chromium() as browser:
        seen = Visit(browser, base)
        here = {}  # the language whose page is open: its html lang picks the search index

        def run(lang: str, query: str) -> list[dict]:
            if here.get("lang") != lang:
                here["page"], here["lang"] = seen.open(f"{lang}/index.html"), lang
            return here["page"].evaluate(SEARCH, query)

        yield run
        seen.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_chapters_title_word_finds_that_chapter_first(search, report_site, lang):
    titles = chapter_titles(report_site, lang)
    assert len(titles) >= 3
    firsts = {url: search(lang, word)[0]["url"] for url, word in titles.items()}
    assert firsts == {url: url for url in titles}


def test_results_link_to_sections_by_their_heading_ids(search, report_site):
    url, word = next(iter(chapter_titles(report_site, "nb").items()))
    sections = search("nb", word)[0]["sections"]
    html = (report_site / url.lstrip("/")).read_text(encoding="utf-8")
    # a fragment is percent-encoded in the link ("form%C3%A5l"); the id is the decoded text
    anchors = [unquote(s.split("#", 1)[1]) for s in sections if "#" in s]
    assert anchors and all(f'id="{a}"' in html for a in anchors)

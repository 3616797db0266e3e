"""Benchmark the renderer on a generated 20-chapter book (both profiles, HTML + PDF).

Prints: cold build, per-document execution after the first, rebuild with nothing changed,
rebuild after one chapter changed. Run: python bench/render.py [--chapters 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

from report.render import Session, render_project

OUT = Path(__file__).parent / "out" / "render"

QUARTO = """project:
  type: book
  output-dir: _site
profile:
  group:
    - [nb, en]
book:
  date: "2024-06-01"
format:
  html:
    toc: true
  typst:
    toc: true
execute:
  echo: false
"""

CHAPTER = '''---
title: "{title} {n}"
---

```{{python}}
#| tags: [parameters]
unit = "all"
```

```{{python}}
#| include: false
import altair as alt
import pandas as pd
from great_tables import GT

from report.render import Both, typst_table

data = pd.DataFrame({{"year": list(range(2014, 2024)),
                     "value": [(y * {n}) % 97 + 10 for y in range(2014, 2024)]}})
```

{text} `{{python}} int(data["value"].sum())` (`{{python}} unit`). {see} @fig-c{n} {and_} @tbl-c{n}.

## {section}

```{{python}}
#| label: fig-c{n}
#| fig-cap: "{title} {n}"
#| fig-alt: "{alt}"
alt.Chart(data).mark_line(point=True).encode(x="year:O", y="value:Q", tooltip=["year", "value"])
```

```{{python}}
#| label: tbl-c{n}
#| tbl-cap: "{title} {n}"
rows = [[str(y), str(v)] for y, v in zip(data["year"], data["value"])]
Both(GT(data).as_raw_html(), typst_table(["year", "value"], rows, align=["left", "right"]))
```
'''

WORDS = {
    "nb": dict(title="Kapittel", text="Summen er", see="Se", and_="og", section="Detaljer",
               alt="Linjediagram over verdier per år."),
    "en": dict(title="Chapter", text="The sum is", see="See", and_="and", section="Details",
               alt="Line chart of values per year."),
}


def make_book(folder: Path, chapters: int) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "_quarto.yml").write_text(QUARTO)
    for lang in ("nb", "en"):
        suffix = "" if lang == "nb" else ".en"
        names = [f"index{suffix}.qmd"] + [f"c{n:02d}{suffix}.qmd" for n in range(1, chapters)]
        title = "Benkboka" if lang == "nb" else "The bench book"
        chapter_list = "\n".join(f"    - {name}" for name in names)
        (folder / f"_quarto-{lang}.yml").write_text(
            f"lang: {lang}\nbook:\n  title: \"{title}\"\n  output-file: bench-{lang}\n"
            f"  chapters:\n{chapter_list}\n")
        for n, name in enumerate(names, start=1):
            (folder / name).write_text(CHAPTER.format(n=n, **WORDS[lang]))
    return folder


def timed_render(project: Path):
    started = time.perf_counter()
    result = render_project(project, quiet=True)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=20)
    args = parser.parse_args()
    project = make_book(OUT / "book", args.chapters)

    cold, result = timed_render(project)
    executed = [seconds for _, seconds, cached in result.documents if not cached]
    after_first = executed[1:]
    warm, again = timed_render(project)
    chapter = project / "c05.qmd"
    chapter.write_text(chapter.read_text().replace("Summen er", "Summen blir"))
    one, changed = timed_render(project)

    with Session(project) as session:
        session.pdf("nb", {"unit": "first"})
        started = time.perf_counter()
        for n in range(5):
            session.pdf("nb", {"unit": f"unit-{n}"})
        per_pdf = (time.perf_counter() - started) / 5

    pdfs = sorted(p.name for p in result.output_dir.rglob("*.pdf"))
    print(f"book: {args.chapters} chapters x 2 profiles = {len(result.documents)} documents, "
          f"PDFs: {', '.join(pdfs)}")
    print(f"cold build (empty cache):           {cold:6.2f} s   (target < 20 s)")
    print(f"  first document (kernel start):    {executed[0]:6.2f} s")
    print(f"  each document after the first:    median {statistics.median(after_first):.3f} s, "
          f"max {max(after_first):.3f} s   (target < 0.5 s)")
    for name in ("execute", "emit-typst", "pandoc-typst", "typst", "emit-html", "pandoc-html",
                 "assets", "write", "search-index"):
        print(f"  {name:<33} {result.timings.get(name, 0.0):6.2f} s")
    print(f"rebuild, nothing changed:           {warm:6.2f} s   (target < 2 s; "
          f"{again.executed} documents executed)")
    print(f"rebuild, one chapter changed:       {one:6.2f} s   "
          f"({changed.executed} document executed)")
    print(f"extra PDF per unit (Session.pdf, -P changes every chapter): {per_pdf:.2f} s")


if __name__ == "__main__":
    main()

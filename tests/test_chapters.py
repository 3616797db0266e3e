"""The chapters: every nb chapter has an English twin with the same code cells, and only
calls report.*."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
CHAPTERS = ROOT / "chapters"
CELL = re.compile(r"```\{python\}\n(.*?)```", re.S)


def all_chapters() -> list[Path]:
    """The chapters, and the book's home page at the root (where Quarto wants it)."""
    return sorted([*CHAPTERS.glob("*.qmd"), *ROOT.glob("index*.qmd")])


def nb_chapters():
    return [p for p in all_chapters() if not p.name.endswith(".en.qmd")]


def code(path: Path) -> list[str]:
    """Each cell's code without its #| options (captions differ by language)."""
    cells = CELL.findall(path.read_text("utf-8"))
    return ["\n".join(line for line in c.splitlines() if not line.startswith("#|"))
            for c in cells]


@pytest.mark.parametrize("chapter", nb_chapters(), ids=lambda p: p.stem)
def test_every_chapter_has_an_english_twin_with_the_same_code(chapter):
    twin = chapter.with_name(f"{chapter.stem}.en.qmd")
    assert twin.is_file()
    assert code(chapter) == code(twin)


PARAMETER = re.compile(r'^[a-z_]+ = "[a-z0-9_]+"$')  # the default in a `parameters` cell


@pytest.mark.parametrize("chapter", all_chapters(), ids=lambda p: p.name)
def test_chapter_cells_only_call_report(chapter):
    for cell in code(chapter):
        for line in cell.splitlines():
            line = line.strip()
            assert (not line or line == "import report" or line.startswith("report.")
                    or line.startswith("print(report.") or PARAMETER.match(line)), \
                f"{chapter.name}: {line}"


def test_both_profiles_list_the_same_chapters_in_the_same_order():
    """... and every chapter file is listed there, or added by the build (the changes page,
    written only when there is a previous edition or a correction)."""
    from report import build

    lists = {}
    for lang in ("nb", "en"):
        book = yaml.safe_load((ROOT / f"_quarto-{lang}.yml").read_text("utf-8"))["book"]
        profile = yaml.safe_load((ROOT / f"_quarto-{lang}.yml").read_text("utf-8"))
        names = book["chapters"] + book["appendices"] + [
            v["source"] for v in profile.get("variants", {}).values()]
        names += [build.CHANGES_CHAPTER[lang]]
        lists[lang] = [Path(n).name.replace(".en.qmd", ".qmd") for n in names]
    assert lists["nb"] == lists["en"]
    assert sorted(lists["nb"]) == sorted(p.name for p in nb_chapters())


REPORT_NAME = re.compile(r"\breport\.([A-Za-z_][A-Za-z0-9_]*)")


def test_chapters_use_only_the_chapter_api():
    """`report.<name>` in any cell or inline expression is a function of the chapter API."""
    import report
    from report.content import chapter

    used = {name for path in all_chapters()
            for name in REPORT_NAME.findall(path.read_text("utf-8"))}
    assert used, "the chapters call report.*"
    assert sorted(used - set(chapter.__all__)) == []
    assert set(dir(report)) == set(chapter.__all__)


# report.compute is reachable (the chapter API reads the indicator catalogue in
# report.compute.registry) but its results module, which runs the queries, is not.
FORBIDDEN = ("results", "extracts", "ingest", "publish", "build", "cli", "disclosure", "synth")


def test_the_facade_does_not_reach_the_stages_below():
    """In a fresh interpreter, `report.<stage or module>` is not there for a chapter."""
    import subprocess
    import sys

    code = ("import report\n"
            f"for name in {FORBIDDEN!r}:\n"
            "    try:\n"
            "        getattr(report, name)\n"
            "        print('reached', name)\n"
            "    except AttributeError as error:\n"
            "        print('refused', name, error)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.splitlines()
    assert out == [f"refused {name} report.{name} is not part of the chapter API "
                   "(report.content.chapter.__all__)" for name in FORBIDDEN]
    check = "import report\nreport.figure\nprint(hasattr(report.compute, 'results'))\n"
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout.strip() == "False"


def test_the_chapter_api_loads_nothing_that_reads_unsuppressed_data():
    """In a fresh interpreter, everything chapters can reach is loaded; none of it is the
    loader, the queries or disclosure control."""
    import subprocess
    import sys

    code = ("import sys, report\n"
            "from report.content import chapter, charts\n"
            "from report.content.charts import hospital\n"
            "for name in chapter.__all__: getattr(report, name)\n"
            "print(sorted(m for m in sys.modules if m.startswith('report')))\n")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout
    assert "report.content.chapter" in loaded
    for forbidden in ("report.ingest", "report.compute.results", "report.compute.derive",
                      "report.publish", "report.build", "report.synth"):
        assert f"'{forbidden}" not in loaded, forbidden

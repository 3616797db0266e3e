"""The chapters: every nb chapter has an English twin with the same code cells, and only
calls report.*."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
CHAPTERS = ROOT / "chapters"
CELL = re.compile(r"```\{python\}\n(.*?)```", re.S)


def nb_chapters():
    return sorted(p for p in CHAPTERS.glob("*.qmd") if not p.name.endswith(".en.qmd"))


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


@pytest.mark.parametrize("chapter", sorted(CHAPTERS.glob("*.qmd")), ids=lambda p: p.name)
def test_chapter_cells_only_call_report(chapter):
    for cell in code(chapter):
        for line in cell.splitlines():
            line = line.strip()
            assert (not line or line == "import report" or line.startswith("report.")
                    or line.startswith("print(report.") or PARAMETER.match(line)), \
                f"{chapter.name}: {line}"


def test_both_profiles_list_the_same_chapters_in_the_same_order():
    lists = {}
    for lang in ("nb", "en"):
        book = yaml.safe_load((ROOT / f"_quarto-{lang}.yml").read_text("utf-8"))["book"]
        profile = yaml.safe_load((ROOT / f"_quarto-{lang}.yml").read_text("utf-8"))
        names = book["chapters"] + book["appendices"] + [
            v["source"] for v in profile.get("variants", {}).values()]
        lists[lang] = [Path(n).name.replace(".en.qmd", ".qmd") for n in names]
    assert lists["nb"] == lists["en"]
    assert sorted(lists["nb"]) == sorted(p.name for p in nb_chapters())

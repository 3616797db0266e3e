"""Quality improvement notes: plain markdown from data/improvement, refused with file and
line when it could carry HTML, scripts, attributes or other hosts; a missing note says so."""

from __future__ import annotations

import pytest

from report.content import improvement
from report.content.improvement import NoteRefused


def folder(tmp_path, national=None, hospitals=None):
    root = tmp_path / "improvement"
    (root / "hospitals").mkdir(parents=True)
    for lang, text in (national or {}).items():
        (root / f"national.{lang}.md").write_text(text, "utf-8")
    for name, text in (hospitals or {}).items():
        (root / "hospitals" / name).write_text(text, "utf-8")
    return root


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "Fine.\n<img src=x onerror=alert(1)>",
    "</p>",
    "<!-- hidden -->",
    "[click](javascript:alert(1))",
    "[click]( JAVASCRIPT:alert(1))",
    "[click][x]\n\n[x]: javascript:alert(1)",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "![pixel](https://tracker.example/p.png)",
    "[text]{onclick=\"alert(1)\"}",
    "```{=html}\n<b>x</b>\n```",
    "`<b>`{=html}",
    "`{python} 1+1`",
    "{{< var report.year >}}",
    "::: {.callout-note}\nx\n:::",
    "# A chapter of its own",
    "## A section",
    "Heading\n=======",
    "See @sec-surgery.",
])
def test_markup_that_could_inject_is_refused_with_file_and_line(tmp_path, text):
    root = folder(tmp_path, {"nb": text, "en": "Plain."})
    with pytest.raises(NoteRefused) as error:
        improvement.load(root)
    assert "national.nb.md:" in str(error.value)


def test_the_line_of_the_problem_is_named(tmp_path):
    root = folder(tmp_path, {"nb": "One.\n\nTwo <script>.", "en": "Plain."})
    with pytest.raises(NoteRefused, match=r"national\.nb\.md:3: raw HTML"):
        improvement.load(root)


def test_plain_markdown_with_safe_links_passes(tmp_path):
    text = ("### Tiltak\n\n- Andel under 80 % og < 5 pasienter\n- **Fet** og *kursiv*\n\n"
            "[Registeret](https://www.kreftregisteret.no) og "
            "[e-post](mailto:post@example.org), skriv til post@example.org.")
    root = folder(tmp_path, {"nb": text, "en": text})
    assert improvement.load(root).national["nb"] == text


def test_missing_notes_say_so_in_both_languages(tmp_path):
    notes = improvement.load(folder(tmp_path))
    assert notes.national == {"nb": None, "en": None}
    assert "ikke beskrevet" in improvement.national(notes, "nb")
    assert "has not described" in improvement.national(notes, "en")


def test_a_note_in_one_language_only_is_refused(tmp_path):
    root = folder(tmp_path, hospitals={"h01.nb.md": "Tekst."})
    with pytest.raises(NoteRefused, match=r"h01\.en\.md: missing or empty"):
        improvement.load(root)


def test_a_misnamed_or_unknown_hospital_file_is_refused(tmp_path):
    with pytest.raises(NoteRefused, match="expected a file named"):
        improvement.load(folder(tmp_path, hospitals={"h01.md": "x"}))
    root = folder(tmp_path / "b", hospitals={"h99.nb.md": "x", "h99.en.md": "x"})
    with pytest.raises(NoteRefused, match="no hospital with id 'h99'"):
        improvement.load(root, hospitals={"h01", "h02"})


def test_a_long_hospital_note_is_refused(tmp_path):
    long = "Ord. " * 400
    root = folder(tmp_path, hospitals={"h01.nb.md": long, "h01.en.md": long})
    with pytest.raises(NoteRefused, match="at most"):
        improvement.load(root)


def test_a_heading_in_a_hospital_note_is_refused(tmp_path):
    root = folder(tmp_path, hospitals={"h01.nb.md": "Tekst.\n\n### Plan", "h01.en.md": "Text."})
    with pytest.raises(NoteRefused, match=r"h01\.nb\.md:3: a hospital note has no headings"):
        improvement.load(root)


def test_the_committed_notes_are_valid():
    notes = improvement.load()
    assert all(notes.national.values())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from report.compute import results
    from report.content import published as data
    from report.publish import outputs

    out = tmp_path_factory.mktemp("site")
    outputs.write(results.compute(), out)
    return data.load(out / "data")


def test_a_hospital_section_lists_its_low_indicators_and_its_note(published, tmp_path):
    from report.compute import registry

    ind = published.table("indicators")
    mine = ind[(ind.unit_level == "hospital") & (ind.period == published.year)]
    by_hospital = mine[mine.target_status == "low"].groupby("unit_id")["indicator_id"].apply(set)
    hospital = by_hospital.index[0]
    names = {i.id: i.name["en"] for i in registry.catalogue().indicators}
    root = folder(tmp_path, hospitals={f"{hospital}.nb.md": "Vi jobber med saken.",
                                       f"{hospital}.en.md": "We are working on it."})
    text = improvement.hospital(improvement.load(root), published, hospital, "en")
    listed = [line[2:].rsplit(" (", 1)[0] for line in text.splitlines()
              if line.startswith("- ")]
    preliminary = set(mine.loc[mine.preliminary.fillna(False).astype(bool), "indicator_id"])
    expected = [names[i] + (" \u2020" if i in preliminary else "") for i in by_hospital[hospital]]
    assert sorted(listed) == sorted(expected)  # a preliminary result carries its dagger
    assert "We are working on it." in text
    other = next(h for h in mine.unit_id.unique() if h != hospital)
    assert "has not sent a note" in improvement.hospital(improvement.load(root), published,
                                                         other, "en")


def test_the_chapter_table_has_every_hospital_and_only_sent_notes_follow(published, tmp_path):
    ind = published.table("indicators")
    ids = sorted(ind.loc[(ind.unit_level == "hospital") & (ind.period == published.year),
                         "unit_id"].unique())[:3]
    root = folder(tmp_path, hospitals={f"{ids[1]}.nb.md": "Notat.", f"{ids[1]}.en.md": "Note."})
    notes = improvement.load(root)
    table = improvement.hospitals_table(notes, published, ids, "en").frame
    assert list(table.Hospital) == [published.unit_name(h, "en", "hospital") for h in ids]
    assert list(table.Note) == ["No note", "See below", "No note"]
    text = improvement.hospital_notes(notes, published, ids, "en")
    assert text.count("### ") == 1 and "Note." in text
    assert "No hospital has sent" in improvement.hospital_notes(improvement.load(folder(
        tmp_path / "none")), published, ids, "en")

"""Words the renderer writes: built-in Bokmål and English, overridable through `language:`."""

from pathlib import Path

from report.render.config import load_config
from report.render.lang import WORDS, words

PROJECTS = Path(__file__).parent / "projects"


def test_both_languages_have_the_same_keys():
    assert WORDS["nb"].keys() == WORDS["en"].keys()


def test_bokmal_words_are_proper_norwegian():
    nb = WORDS["nb"]
    assert nb["crossref-ch-prefix"] == "Kapittel"
    assert nb["callout-note-title"] == "Merk"
    assert (nb["crossref-fig-title"], nb["crossref-tbl-title"]) == ("Figur", "Tabell")


def test_language_key_overrides_a_default():
    config = load_config(PROJECTS / "book", "en")
    assert words(config)["callout-tip-title"] == "Hint"
    assert words(config)["callout-note-title"] == "Note"


def test_per_language_block_overrides_only_that_language(tmp_path, make_project):
    make_project(tmp_path, {"_quarto.yml": "project:\n  type: website\nlang: nb\n"
                                           "language:\n  nb:\n    callout-note-title: OBS\n"})
    config = load_config(tmp_path)
    assert words(config)["callout-note-title"] == "OBS"
    assert words(config, "en")["callout-note-title"] == "Note"


def test_regional_codes_fall_back_to_the_base_language(tmp_path, make_project):
    make_project(tmp_path, {"_quarto.yml": "project:\n  type: website\nlang: nb-NO\n"})
    assert words(load_config(tmp_path))["crossref-fig-title"] == "Figur"

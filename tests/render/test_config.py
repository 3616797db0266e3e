from pathlib import Path

import pytest

from report.render.config import default_profiles, load_config, merge
from report.render.errors import ConfigError, UnsupportedFeature

PROJECTS = Path(__file__).parent / "projects"


def test_profile_merge_concatenates_lists_without_duplicates():
    merged = merge({"a": [1, 2], "m": {"x": 1}}, {"a": [2, 3], "m": {"y": 2}}, {}, {})
    assert merged == {"a": [1, 2, 3], "m": {"x": 1, "y": 2}}


def test_profile_scalar_overrides_base():
    assert merge({"lang": "nb", "k": {"t": "a"}}, {"k": {"t": "b"}}, {}, {}) == {
        "lang": "nb", "k": {"t": "b"}}


def test_profile_file_is_merged_over_quarto_yml():
    config = load_config(PROJECTS / "book", "en")
    assert config.lang == "en"
    assert config.title == "The test book"
    assert config.get("book", "author") == "Testregisteret"
    assert config.get("book", "chapters")[0] == "index.en.qmd"


def test_default_profiles_come_from_the_profile_group(monkeypatch):
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    assert default_profiles(PROJECTS / "book") == ["nb", "en"]


def test_quarto_profile_environment_variable_picks_profiles(monkeypatch):
    monkeypatch.setenv("QUARTO_PROFILE", "en")
    assert default_profiles(PROJECTS / "book") == ["en"]


def test_unknown_config_key_names_file_and_line(tmp_path: Path, make_project):
    make_project(tmp_path, {"_quarto.yml": "project:\n  type: book\nformat:\n  docx: {}\n"})
    with pytest.raises(UnsupportedFeature) as err:
        load_config(tmp_path)
    assert f"{tmp_path / '_quarto.yml'}:4:" in str(err.value)
    assert "format.docx" in str(err.value)


def test_unknown_key_in_profile_names_the_profile_file(tmp_path: Path, make_project):
    make_project(tmp_path, {"_quarto.yml": "project:\n  type: book\n",
                             "_quarto-en.yml": "lang: en\nfilters: [x]\n"})
    with pytest.raises(UnsupportedFeature, match=r"_quarto-en.yml:2: .*'filters'"):
        load_config(tmp_path, "en")


def test_missing_profile_file_is_an_error(tmp_path: Path, make_project):
    make_project(tmp_path, {"_quarto.yml": "project:\n  type: book\n"})
    with pytest.raises(ConfigError, match="profile 'de' has no file _quarto-de.yml"):
        load_config(tmp_path, "de")


def test_unsupported_project_type(tmp_path: Path, make_project):
    make_project(tmp_path, {"_quarto.yml": "project:\n  type: manuscript\n"})
    with pytest.raises(UnsupportedFeature, match=r"_quarto.yml:2: .*project type 'manuscript'"):
        load_config(tmp_path)


def test_metadata_is_merged_over_the_profile(tmp_path):
    from report.render import config as cfg

    (tmp_path / "_quarto.yml").write_text("project:\n  type: book\nbook:\n  title: A\n"
                                          "  chapters: [index.qmd]\n")
    (tmp_path / "_quarto-en.yml").write_text("book:\n  output-file: plain\n")
    config = cfg.load_config(tmp_path, "en", {"book": {"output-file": "report-2024"}})
    assert config.get("book", "output-file") == "report-2024"
    assert config.get("book", "title") == "A"


def test_a_yaml_file_whose_aliases_expand_to_a_million_values_is_refused_with_its_line():
    """Six levels of ten aliases: a million values from seven lines (nine levels of nine
    filled the memory before the renderer said anything)."""
    from report.render import yamlsrc

    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
        f"{new}: &{new} [{', '.join([f'*{old}'] * 10)}]"
        for new, old in zip("bcdef", "abcde", strict=True)]
    with pytest.raises(ConfigError) as err:
        yamlsrc.load("\n".join(lines) + "\n", Path("_quarto.yml"))
    assert "_quarto.yml:" in str(err.value)
    assert "more than 200,000 values once its aliases (*name) are expanded" in str(err.value)

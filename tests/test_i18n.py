import pytest

from report.content import i18n


def test_every_string_has_both_languages():
    missing = [(key, lang) for key, entry in i18n.catalogue().items()
               for lang in i18n.LANGUAGES if not (entry or {}).get(lang)]
    assert missing == []


def test_active_language_comes_from_the_quarto_profile(monkeypatch):
    monkeypatch.setenv("QUARTO_PROFILE", "en")
    assert i18n.active() == "en"
    assert i18n.t("sex.f") == "Women"
    monkeypatch.setenv("QUARTO_PROFILE", "print,nb")
    assert i18n.t("sex.f") == "Kvinner"
    monkeypatch.delenv("QUARTO_PROFILE")
    assert i18n.active() == "nb"


def test_missing_key_names_the_key_and_language():
    with pytest.raises(i18n.MissingString, match="'nope' in language 'en'"):
        i18n.t("nope", "en")


def test_label_falls_back_to_the_code():
    assert i18n.label("form_type", "surgery", "nb") == "Kirurgi"
    assert i18n.label("form_type", "fax", "nb") == "fax"


def test_every_target_source_is_worded_in_both_languages():
    from report.compute import registry
    from report.content import i18n

    for indicator in registry.catalogue().indicators:
        for lang in ("nb", "en"):
            text = i18n.t(f"target_source.{indicator.target.source}", lang)
            assert text and "assumption" not in text and "antakelse" not in text

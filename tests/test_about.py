"""The chapter about the registry reads data/registry.yml, checked with errors naming the
file, the key and what was expected."""

from __future__ import annotations

import pytest
import yaml

from report import paths
from report.content import about, key_figures
from report.yamlfile import YamlInvalid


def committed() -> dict:
    return yaml.safe_load((paths.REPO / "data" / "registry.yml").read_text("utf-8"))


def write(tmp_path, data):
    path = tmp_path / "registry.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_the_committed_facts_cover_every_form_type():
    facts = about.load(form_types=key_figures.FORM_ORDER)
    assert sorted(f.id for f in facts.forms) == sorted(key_figures.FORM_ORDER)


@pytest.mark.parametrize("change, key, expected", [
    (lambda d: d.pop("purpose"), "purpose", "missing"),
    (lambda d: d["controller"].pop("en"), "controller.en", "missing"),
    (lambda d: d.update(reminders="plain"), "reminders", "each language"),
    (lambda d: d.update(place=3), "place", "a text"),
    (lambda d: d.update(national_status_year="2013x"), "national_status_year", "whole number"),
    (lambda d: d["forms"][0]["covers"].pop("nb"), "forms[0].covers.nb", "missing"),
    (lambda d: d.update(unconfirmed=["nonsense"]), "unconfirmed", "keys of this file"),
])
def test_a_bad_facts_file_names_the_key_and_what_was_expected(tmp_path, change, key, expected):
    data = committed()
    change(data)
    with pytest.raises(YamlInvalid) as error:
        about.load(write(tmp_path, data))
    message = str(error.value)
    assert "registry.yml" in message and f"'{key}'" in message and expected in message


def test_a_missing_form_type_is_named(tmp_path):
    data = committed()
    data["forms"] = [f for f in data["forms"] if f["id"] != "radiology"]
    with pytest.raises(YamlInvalid, match="missing radiology"):
        about.load(write(tmp_path, data), form_types=key_figures.FORM_ORDER)


def test_an_unconfirmed_fact_is_marked_and_a_confirmed_one_is_not(tmp_path):
    data = committed()
    data["unconfirmed"] = ["reminders"]
    facts = about.load(write(tmp_path, data))
    assert "not yet confirmed" in about.section(facts, "reminders", "en")
    assert "ikke bekreftet" in about.section(facts, "reminders", "nb")
    assert "confirmed" not in about.section(facts, "purpose", "en")


def test_the_coverage_text_gets_the_satisfactory_level(tmp_path):
    facts = about.load()
    assert "80\u00a0%" in about.section(facts, "coverage", "nb", limit="80\u00a0%")
    assert "80" not in about.section(facts, "coverage", "nb")


def test_html_in_a_fact_is_refused_naming_the_key_and_line(tmp_path):
    from report.plaintext import MarkupRefused

    data = committed()
    data["purpose"]["en"] = "Fine.\n<script>alert(1)</script>"
    with pytest.raises(MarkupRefused, match=r"registry\.yml: key 'purpose\.en', line 2: raw HTML"):
        about.load(write(tmp_path, data))

"""The chapter API for the report's editorial parts: the chapter about the registry, quality
improvement notes, the plain-language summary, the edition and its citation, and the
changes page. Re-exported by report.content.chapter (so chapters call report.<name>)."""

from __future__ import annotations

from report.compute import registry
from report.content import about, changes, citation, i18n, improvement, key_figures, summary
from report.content.published import load

__all__ = (
    "about_text",
    "about_forms_table",
    "improvement_national",
    "improvement_hospital_table",
    "improvement_hospital_notes",
    "hospital_improvement",
    "plain_summary",
    "edition_line",
    "recommended_citation",
    "changes_intro",
    "changes_corrections",
    "changes_table",
    "changes_cells",
)


def _lang() -> str:
    return i18n.active()


def _facts() -> about.Facts:
    return about.facts(key_figures.FORM_ORDER)


def about_text(key: str) -> str:
    """One fact about the registry (data/registry.yml) as a paragraph in the active language;
    'coverage' has the satisfactory level from the settings filled in."""
    lg = _lang()
    limit = about.limit_text(registry.settings().coverage_satisfactory, lg)
    return about.section(_facts(), key, lg, limit=limit)


def about_forms_table():
    r = load()
    return about.forms_table(_facts(), r, _lang(),
                             registry.settings().coverage_satisfactory).show("tbl-about-forms")


def _notes() -> improvement.Notes:
    return improvement.load()


def improvement_national() -> str:
    return improvement.national(_notes(), _lang())


def _operating(r) -> list[str]:
    from report.content import hospital

    return hospital.operating(r)


def improvement_hospital_table():
    r = load()
    return improvement.hospitals_table(_notes(), r, _operating(r), _lang()).show(
        "tbl-improvement")


def improvement_hospital_notes() -> str:
    r = load()
    return improvement.hospital_notes(_notes(), r, _operating(r), _lang())


def hospital_improvement(hospital_id: str) -> str:
    return improvement.hospital(_notes(), load(), hospital_id, _lang())


def plain_summary() -> str:
    return summary.plain(load(), _lang())


def edition_line() -> str:
    return citation.edition_line(load().manifest, _lang()) + "\n"


def recommended_citation() -> str:
    """The recommended citation as a callout titled 'Anbefalt referanse'."""
    lg = _lang()
    text = citation.citation(load().manifest, _facts(), lg)
    return (f'::: {{.callout-note title="{i18n.t("edition.citation_title", lg)}"}}\n'
            f"{text}\n:::\n")


def _found() -> dict | None:
    return changes.load(load().root)


def changes_intro() -> str:
    return changes.intro(_found(), _lang())


def changes_corrections() -> str:
    return changes.corrections(load().manifest, _lang())


def changes_table():
    return changes.summary_table(_found(), _lang()).show("tbl-changes")


def changes_cells():
    return changes.cells_table(_found(), _lang()).show("tbl-changed-cells")

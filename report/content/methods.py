"""The methods chapter, generated from the indicator catalogue, the settings and the manifest:
nothing in it is typed twice."""

from __future__ import annotations

from report.compute import registry
from report.content import fmt, i18n
from report.content.published import PublishedTables


def _targets(ind: registry.Indicator, lg: str) -> str:
    parts = []
    for level in ("moderate", "high"):
        value = getattr(ind.target, level)
        if value is not None:
            parts.append(f"{i18n.t(f'target.{level}', lg)} {fmt.percent(value, lg, 0)}")
    direction = i18n.t(f"methods.direction.{ind.target.direction}", lg)
    source = i18n.t(f"target_source.{ind.target.source}", lg)
    return f"{'; '.join(parts)} ({direction}; {source})"


def _min_denominator(ind: registry.Indicator) -> int:
    return ind.rules(registry.settings()).min_denominator


def indicator(ind: registry.Indicator, lg: str, level: int = 3) -> str:
    """One indicator's definition as markdown."""
    heading = "#" * level
    lines = [f"{heading} {ind.name[lg]} {{.unnumbered}}", "",
             f"**{i18n.t('methods.definition', lg)}:** {ind.description[lg]}", "",
             f"- **{i18n.t('intro.population', lg)}:** {ind.population[lg]}",
             f"- **{i18n.t('methods.counts', lg)}:** {i18n.t(f'methods.counts.{ind.counts}', lg)}"]
    for exclusion in ind.exclusions:
        lines.append(f"- **{i18n.t('intro.exclusions', lg)}:** {exclusion[lg]}")
    lines += [f"- **{i18n.t('intro.targets', lg)}:** {_targets(ind, lg)}",
              f"- **{i18n.t('intro.attribution', lg)}:** {ind.attribution[lg]}",
              f"- {i18n.t('methods.min_denominator', lg, n=_min_denominator(ind))}",
              f"- **{i18n.t('methods.sql', lg)}:** "
              f"`queries/{ind.sql_path.parent.name}/{ind.sql_path.name}`", ""]
    return "\n".join(lines)


def indicators(lg: str | None = None) -> str:
    lg = lg or i18n.active()
    return "\n".join(indicator(ind, lg) for ind in registry.catalogue().indicators)


def statistics(lg: str | None = None) -> str:
    lg = lg or i18n.active()
    rules = registry.settings().rules
    disclosure = i18n.t("methods.disclosure", lg, low=rules.min_count - 1,
                        min=rules.min_count, den=rules.min_denominator,
                        protection=rules.protection)
    return "\n\n".join([i18n.t("methods.stats", lg), i18n.t("methods.stage", lg),
                        i18n.t("methods.tumour_types", lg), i18n.t("methods.preliminary", lg),
                        survival_methods(lg), disclosure,
                        i18n.t("methods.read_interval", lg),
                        i18n.t("methods.read_funnel", lg)]) + "\n"


def survival_methods(lg: str) -> str:
    """How relative survival is estimated: which approach is which, the interval, the
    standard and the reliability rule (numbers from settings.yml)."""
    from report.compute.survival_plan import survival_settings

    s = survival_settings(registry.settings())
    return i18n.t("methods.survival", lg, window=s.window_years,
                  min_patients=s.min_patients, min_deaths=s.min_deaths)


def provenance(results: PublishedTables, lg: str | None = None) -> str:
    lg = lg or i18n.active()
    meta = results.manifest.get("dataset", {})
    kind = (i18n.t("methods.kind.synthetic", lg, seed=meta.get("seed", "?"),
                   version=meta.get("generator_version", "?"))
            if results.synthetic else i18n.t("methods.kind.real", lg))
    text = i18n.t("methods.provenance", lg, year=results.year, kind=kind,
                  follow_up=meta.get("follow_up_date", "?"))
    previous = results.manifest.get("previous_edition")
    edition = (i18n.t("methods.edition.joint", lg, year=previous["report_year"],
                      protection=registry.settings().rules.protection)
               if previous else i18n.t("methods.edition.alone", lg))
    versions = ", ".join(f"{k} {v}" for k, v in results.manifest["versions"].items())
    return f"{text}\n\n{edition}\n\n**{i18n.t('methods.versions', lg)}:** {versions}\n"

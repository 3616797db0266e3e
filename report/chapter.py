"""What chapter cells call: each function asks for a named published result and returns a
table, a chart or markdown in the active language. No logic lives in chapters."""

from __future__ import annotations

from report import figures, fmt, i18n, registry, summary, tables
from report.data import Results, load

KEY_FIGURES = ("women", "men", "dcis", "operations", "hospitals", "meeting",
               "coverage_assessment", "coverage_surgery", "coverage_postop_checkup",
               "coverage_radiology", "coverage_pathology", "coverage_oncology",
               "status_high", "status_moderate", "status_low")


def results() -> Results:
    return load()


def lang() -> str:
    return i18n.active()


def year() -> int:
    return results().year


def figure(key: str) -> str:
    """A key figure for inline code: `{python} report.figure("women")`."""
    return figures.key_figures(results())[key].text(lang())


def change(key: str) -> str:
    return figures.key_figures(results())[key].change(lang())


def notice() -> str:
    """The synthetic-data notice as a callout (markdown), or nothing for real data."""
    if not results().synthetic:
        return ""
    return f'::: {{.callout-warning}}\n{i18n.t("notice.synthetic", lang())}\n:::\n'


def key_figures_table():
    key = figures.key_figures(results())
    lg = lang()
    frame_rows = [{i18n.t("keyfig.column.figure", lg): i18n.t(f"keyfig.{k}", lg),
                   str(year()): key[k].text(lg),
                   i18n.t("keyfig.column.change", lg): key[k].change(lg)} for k in KEY_FIGURES]
    import pandas as pd

    table = tables.Table(pd.DataFrame(frame_rows),
                         align={str(year()): "right",
                                i18n.t("keyfig.column.change", lg): "right"})
    return table.show("key-figures")


def findings() -> str:
    return summary.findings(results(), lang())


def _targets_text(target: registry.Target, lg: str) -> str:
    moderate = fmt.percent(target.moderate, lg, 0) if target.moderate is not None else None
    high = fmt.percent(target.high, lg, 0) if target.high is not None else None
    if moderate and high:
        return i18n.t("intro.target_levels", lg, moderate=moderate, high=high)
    if high:
        return i18n.t("intro.target_high_only", lg, high=high)
    return i18n.t("intro.target_moderate_only", lg, moderate=moderate)


def _national_sentence(indicator_id: str, lg: str) -> str:
    ind = results().table("indicators")
    row = ind[(ind.indicator_id == indicator_id) & (ind.unit_level == "nation")
              & (ind.period == year())]
    if not len(row) or row["percent"].isna().iloc[0]:
        return i18n.t("intro.national_hidden", lg, year=year())
    r = row.iloc[0]
    return i18n.t("intro.national", lg, year=year(), percent=fmt.percent(r.percent, lg),
                  ci=fmt.interval(r.ci_low, r.ci_high, lg), n=fmt.number(r.denominator, lg),
                  status=i18n.t(f"status.{r.target_status}", lg))


def indicator_intro(indicator_id: str) -> str:
    """Definition, population, targets and the national result, as markdown."""
    lg = lang()
    ind = registry.catalogue().get(indicator_id)
    excluded = "; ".join(e[lg] for e in ind.exclusions)
    lines = [ind.description[lg], "",
             f"- **{i18n.t('intro.population', lg)}:** {ind.population[lg]}"]
    if excluded:
        lines.append(f"- **{i18n.t('intro.exclusions', lg)}:** {excluded}")
    lines += [f"- **{i18n.t('intro.targets', lg)}:** {_targets_text(ind.target, lg)} "
              f"({ind.target.source})",
              f"- **{i18n.t('intro.attribution', lg)}:** {ind.attribution[lg]}", "",
              _national_sentence(indicator_id, lg), "",
              f"*{i18n.t('intro.interpretation', lg)}:* {ind.interpretation[lg]}", ""]
    return "\n".join(lines)


def indicator_table(indicator_id: str):
    r = results()
    table = tables.indicator_table(r.table("indicators"), r.table("units"), indicator_id,
                                   r.year, lang())
    return table.show(f"tbl-{indicator_id}")

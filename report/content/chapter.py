"""What chapter cells call: each function asks for a named published result and returns a
table, a chart or markdown in the active language. No logic lives in chapters."""

from __future__ import annotations

from report.compute import registry
from report.content import downloads as site_downloads
from report.content import (
    fmt,
    hospital,
    i18n,
    key_figures,
    methods,
    overview_tables,
    pathology,
    sides,
    summary,
    survival,
    tables,
)
from report.content.editorial import *  # noqa: F403 - the editorial part of the API
from report.content.editorial import __all__ as _editorial
from report.content.published import PublishedTables, load

__all__ = _editorial + (
    "published",
    "lang",
    "year",
    "figure",
    "change",
    "notice",
    "key_figures_table",
    "findings",
    "indicator_intro",
    "indicator_table",
    "indicator_heading",
    "standard_text",
    "volume_text",
    "coverage_text",
    "status_matrix",
    "volume_table",
    "coverage_table",
    "completeness_table",
    "new_cases_table",
    "incidence_table",
    "pathway_table",
    "neoadjuvant_table",
    "methods_indicators",
    "methods_statistics",
    "methods_provenance",
    "downloads",
    "indicator_bars",
    "indicator_funnel",
    "indicator_trend",
    "volume_chart",
    "coverage_chart",
    "cases_chart",
    "age_rates_chart",
    "incidence_trend_chart",
    "region_chart",
    "county_chart",
    "screening_chart",
    "distribution_chart",
    "pathway_chart",
    "neoadjuvant_chart",
    "neoadjuvant_hospital_table",
    "laboratory_table",
    "laboratory_chart",
    "factors_table",
    "report_time_table",
    "report_time_text",
    "survival_text",
    "survival_table",
    "survival_regions_table",
    "survival_curves_chart",
    "survival_regions_chart",
    "survival_trend_chart",
    "hospital_survival_text",
    "hospital_title",
    "hospital_section",
    "hospital_header",
    "hospital_volume_text",
    "hospital_volume_chart",
    "hospital_indicator_table",
    "hospital_indicator_chart",
    "hospital_watch_list",
    "hospital_trend_chart",
    "hospital_funnel_chart",
    "hospital_coverage_chart",
    "hospital_definitions",
    "hospital_list",
)

KEY_FIGURES = ("women", "men", "dcis", "survival_5y", "operations", "hospitals", "meeting",
               "coverage_assessment", "coverage_surgery", "coverage_postop_checkup",
               "coverage_radiology", "coverage_pathology", "coverage_oncology",
               "status_high", "status_moderate", "status_low")


def published() -> PublishedTables:
    return load()


def lang() -> str:
    return i18n.active()


def year() -> int:
    return published().year


def figure(key: str) -> str:
    """A key figure for inline code: `{python} report.figure("women")`."""
    return key_figures.key_figures(published())[key].text(lang())


def change(key: str) -> str:
    return key_figures.key_figures(published())[key].change(lang())


def notice() -> str:
    """The synthetic-data notice as a callout (markdown), or nothing for real data."""
    if not published().synthetic:
        return ""
    return f'::: {{.callout-warning}}\n{i18n.t("notice.synthetic", lang())}\n:::\n'


def key_figures_table():
    key = key_figures.key_figures(published())
    lg = lang()
    frame_rows = [{i18n.t("keyfig.column.figure", lg): i18n.t(f"keyfig.{k}", lg),
                   str(year()): key[k].text(lg),
                   i18n.t("keyfig.column.change", lg): key[k].change(lg)} for k in KEY_FIGURES]
    import pandas as pd

    limit = registry.settings().coverage_satisfactory
    widened = any(key[k].places > key[k].decimals for k in KEY_FIGURES)
    table = tables.Table(pd.DataFrame(frame_rows),
                         align={str(year()): "right",
                                i18n.t("keyfig.column.change", lg): "right"},
                         notes=(overview_tables.side_note(limit, lg),) if widened else ())
    return table.show("key-figures")


def findings() -> str:
    return summary.findings(published(), lang())


def _targets_text(target: registry.Target, lg: str) -> str:
    moderate = fmt.percent(target.moderate, lg, 0) if target.moderate is not None else None
    high = fmt.percent(target.high, lg, 0) if target.high is not None else None
    if moderate and high:
        return i18n.t("intro.target_levels", lg, moderate=moderate, high=high)
    if high:
        return i18n.t("intro.target_high_only", lg, high=high)
    return i18n.t("intro.target_moderate_only", lg, moderate=moderate)


def _national_sentence(indicator_id: str, lg: str) -> str:
    ind = published().table("indicators")
    row = ind[(ind.indicator_id == indicator_id) & (ind.unit_level == "nation")
              & (ind.period == year())]
    if not len(row) or row["percent"].isna().iloc[0]:
        return i18n.t("intro.national_hidden", lg, year=year())
    r = row.iloc[0]
    # beside its status: one decimal, or the ones that keep it on its side of a target level
    percent = sides.Sides.indicator(indicator_id).percent(r.percent, lg)
    return i18n.t("intro.national", lg, year=year(), percent=percent,
                  ci=fmt.interval(r.ci_low, r.ci_high, lg), n=fmt.number(r.denominator, lg),
                  status=i18n.t(f"status.{r.target_status}", lg))


def _preliminary_note(ind, lg: str) -> list[str]:
    """A paragraph saying the report year's result is preliminary, when it is."""
    rows = published().table("indicators")
    row = rows[(rows["indicator_id"] == ind.id) & (rows["period"] == year())
               & (rows["unit_level"] == "nation")]
    if row.empty or not bool(row["preliminary"].iloc[0]):
        return []
    months = round(ind.follow_up_years * 12)
    return [f"**{i18n.t('intro.preliminary_title', lg, year=year())}** "
            + i18n.t("intro.preliminary", lg, months=months), ""]


def indicator_intro(indicator_id: str) -> str:
    """Definition, population, targets and the national result, as markdown."""
    lg = lang()
    ind = registry.catalogue().get(indicator_id)
    lines = [ind.description[lg], "",
             f"- **{i18n.t('intro.population', lg)}:** {ind.population[lg]}"]
    lines += [f"- **{i18n.t('intro.exclusions', lg)}:** {e[lg]}" for e in ind.exclusions]
    lines += [f"- **{i18n.t('intro.targets', lg)}:** {_targets_text(ind.target, lg)} "
              f"({i18n.t(f'target_source.{ind.target.source}', lg)})",
              f"- **{i18n.t('intro.attribution', lg)}:** {ind.attribution[lg]}", "",
              _national_sentence(indicator_id, lg), "",
              *_preliminary_note(ind, lg),
              f"*{i18n.t('intro.interpretation', lg)}:* {ind.interpretation[lg]}", ""]
    return "\n".join(lines)


def indicator_table(indicator_id: str):
    r = published()
    table = tables.indicator_table(r.table("indicators"), r.table("units"), indicator_id,
                                   r.year, lang())
    return table.show(f"tbl-{indicator_id}")


# --- headings, text and tables -----------------------------------------------------------


def indicator_heading(indicator_id: str) -> str:
    """'## <name> {#sec-<id>}' from the catalogue, so the name is written once."""
    ind = registry.catalogue().get(indicator_id)
    return f"## {ind.name[lang()]} {{#sec-{indicator_id.replace('_', '-')}}}\n"


def _rate_row(standard: str):
    rates = published().table("incidence_rates")
    return rates[(rates.year == year()) & (rates.standard == standard)].iloc[0]


def standard_text() -> str:
    lg = lang()
    norway, world, europe = (_rate_row(s) for s in ("norway_2014", "world_segi", "europe_2013"))
    return i18n.t("standard.text", lg, year=year(), asr=fmt.rate(norway.asr, lg),
                  ci=fmt.interval(norway.ci_low, norway.ci_high, lg),
                  asr_world=fmt.rate(world.asr, lg), asr_europe=fmt.rate(europe.asr, lg)) + "\n"


def volume_text() -> str:
    key = key_figures.key_figures(published())
    lg = lang()
    return i18n.t("volume.text", lg, year=year(), hospitals=key["hospitals"].text(lg),
                  operations=key["operations"].text(lg), meeting=key["meeting"].text(lg),
                  minimum=registry.settings().min_operations) + "\n"


def coverage_text() -> str:
    key = key_figures.key_figures(published())
    lg = lang()
    return i18n.t("coverage.text", lg, year=year(),
                  **{k: key[f"coverage_{f}"].text(lg) for k, f in (
                      ("assessment", "assessment"), ("surgery", "surgery"),
                      ("postop", "postop_checkup"), ("radiology", "radiology"),
                      ("pathology", "pathology"), ("oncology", "oncology"))}) + "\n"


def _indicator_names() -> dict[str, str]:
    return {i.id: i.name[lang()] for i in registry.catalogue().indicators}


def status_matrix(region: str):
    r = published()
    table = tables.status_matrix(r.table("indicators"), r.table("units"), region, r.year,
                                 lang(), _indicator_names())
    return table.show(f"tbl-status-{region}")


def volume_table():
    r = published()
    return overview_tables.volume_table(r.table("volume"), r.table("units"), r.year,
                                        lang()).show("tbl-volume")


def coverage_table():
    r = published()
    return overview_tables.coverage_table(
        r.table("coverage"), r.table("units"), r.year, lang(),
        registry.settings().coverage_satisfactory, key_figures.FORM_ORDER).show("tbl-coverage")


def completeness_table():
    r = published()
    return overview_tables.completeness_table(r.table("completeness"), r.table("units"),
                                              r.year, lang()).show("tbl-completeness")


def new_cases_table():
    r = published()
    return overview_tables.new_cases_table(r.table("new_cases"), r.year, lang(),
                                           registry.settings().rules.min_count
                                           ).show("tbl-new-cases")


def incidence_table():
    r = published()
    return overview_tables.incidence_table(r.table("incidence_rates"), r.year,
                                           lang()).show("tbl-incidence-rates")


def pathway_table():
    r = published()
    return overview_tables.pathway_table(r.table("pathway_times"), r.table("units"), r.year,
                                         lang()).show("tbl-pathway-times")


def neoadjuvant_table():
    r = published()
    return overview_tables.neoadjuvant_table(r.table("neoadjuvant_by_subtype"), r.year,
                                             lang()).show("tbl-neoadjuvant")


def methods_indicators() -> str:
    return methods.indicators(lang())


def methods_statistics() -> str:
    return methods.statistics(lang())


def methods_provenance() -> str:
    return methods.provenance(published(), lang())


def downloads() -> str:
    return site_downloads.markdown(published(), lang())


# --- charts ------------------------------------------------------------------------------


def _charts():
    from report.content import charts

    return charts


def indicator_bars(indicator_id: str):
    r = published()
    return _charts().indicator_bars(r.table("indicators"), r.table("units"), indicator_id,
                                    r.year, lang())


def indicator_funnel(indicator_id: str):
    r = published()
    return _charts().indicator_funnel(r.table("indicators"), r.table("units"), indicator_id,
                                      r.year, lang())


def indicator_trend(indicator_id: str):
    r = published()
    return _charts().indicator_trend(r.table("indicators"), r.table("units"), indicator_id,
                                     lang())


def volume_chart():
    r = published()
    return _charts().volume_bars(r.table("volume"), r.table("units"), r.year, lang(),
                                 registry.settings().min_operations)


def coverage_chart(form_type: str):
    r = published()
    return _charts().coverage_bars(r.table("coverage"), r.table("units"), form_type, r.year,
                                   lang(), registry.settings().coverage_satisfactory)


def cases_chart():
    return _charts().cases_by_year(published().table("new_cases"), lang())


def age_rates_chart():
    r = published()
    return _charts().age_specific_rates(r.table("cases_by_age"), r.year, lang())


def incidence_trend_chart():
    return _charts().incidence_trend(published().table("incidence_rates"), lang())


def region_chart(standard: str = "norway_2014"):
    r = published()
    return _charts().region_rates(r.table("incidence_by_region"), r.table("units"), r.year,
                                  standard, lang())


def county_chart(standard: str = "norway_2014"):
    r = published()
    return _charts().county_rates(r.table("incidence_by_county"), r.table("units"), r.year,
                                  standard, lang())


def screening_chart():
    return _charts().screen_share(published().table("screen_detected"), lang())


def distribution_chart(column: str):
    return _charts().distribution(published().table(column), column, lang())


def pathway_chart():
    r = published()
    return _charts().pathway_chart(r.table("pathway_times"), r.table("units"), r.year, lang())


def neoadjuvant_chart():
    r = published()
    return _charts().neoadjuvant_chart(r.table("neoadjuvant_by_subtype"), r.year, lang())


def neoadjuvant_hospital_table():
    r = published()
    return pathology.neoadjuvant_hospital_table(r.table("neoadjuvant_by_hospital"),
                                                r.table("units"), r.year,
                                                lang()).show("tbl-neoadjuvant-hospital")


# --- pathology: laboratories -------------------------------------------------------------


def laboratory_table(result: str):
    """grade_by_laboratory or ki67_by_laboratory as laboratories x categories."""
    r = published()
    return pathology.distribution_table(r.table(result), result, r.table("units"), r.year,
                                        lang()).show(f"tbl-{result.replace('_', '-')}")


def laboratory_chart(result: str):
    from report.content.charts import pathology as charts

    r = published()
    return charts.laboratory_distribution(r.table(result), result, r.table("units"), r.year,
                                          lang())


def factors_table():
    r = published()
    return pathology.factors_table(r.table("factors_by_laboratory"), r.table("units"), r.year,
                                   lang()).show("tbl-factors-by-laboratory")


def report_time_table():
    r = published()
    return pathology.report_time_table(r.table("report_time"), r.table("units"), r.year,
                                       registry.settings().pathology_report_days,
                                       lang()).show("tbl-report-time")


def report_time_text() -> str:
    r, lg = published(), lang()
    rows = r.table("report_time")
    nation = rows[(rows["year"] == r.year) & (rows["laboratory_id"] == "all")].iloc[0]
    return i18n.t("pathology.report_time", lg, year=r.year,
                  share=fmt.percent(nation["percent"], lg),
                  days=registry.settings().pathology_report_days,
                  median=fmt.number(nation["median_days"], lg))
# --- relative survival -------------------------------------------------------------------


def survival_text() -> str:
    r = published()
    row = survival.headline(r.table("survival"), r.year)
    first = int(row["first_year"]) if row is not None else r.year
    return "\n".join([survival.text(r.table("survival"), r.year, lang()),
                      survival.men_text(r.table("new_cases"), r.year, first, lang())])


def survival_table():
    r = published()
    return survival.estimates_table(r.table("survival"), r.year, lang()).show("tbl-survival")


def survival_regions_table():
    r = published()
    return survival.regions_table(r.table("survival"), r.table("units"), r.year,
                                  lang()).show("tbl-survival-regions")


def survival_curves_chart(group: str = "all"):
    return _charts().survival_curves(published().table("survival_curves"), group, lang())


def survival_regions_chart():
    r = published()
    return _charts().survival_regions(r.table("survival"), r.table("units"), r.year, lang())


def survival_trend_chart():
    return _charts().survival_trend(published().table("survival"), lang())


def hospital_survival_text(hospital_id: str) -> str:
    return hospital.survival_sentence(published(), hospital_id, lang()) + "\n"


# --- hospital reports --------------------------------------------------------------------


def _hospital_charts():
    from report.content.charts import hospital as charts

    return charts


def hospital_title(hospital_id: str) -> str:
    r = published()
    name = r.unit_name(hospital_id, lang(), "hospital")
    return f"# {i18n.t('hospital.title', lang(), name=name, year=r.year)}\n"


def hospital_section(key: str) -> str:
    return f"## {i18n.t(f'hospital.section.{key}', lang())}\n"


def hospital_header(hospital_id: str) -> str:
    return hospital.header(published(), hospital_id, lang()) + "\n"


def hospital_volume_text(hospital_id: str) -> str:
    r = published()
    return " ".join(t for t in (hospital.volume_sentence(r, hospital_id, lang()),
                                hospital.cases_sentence(r, hospital_id, lang())) if t) + "\n"


def hospital_volume_chart(hospital_id: str):
    r = published()
    return _hospital_charts().hospital_volume(r.table("volume"), r.table("units"), hospital_id,
                                              r.year, lang(), registry.settings().min_operations,
                                              patients=hospital.new_cases(r, hospital_id))


def hospital_indicator_table(hospital_id: str):
    return hospital.indicator_table(published(), hospital_id, lang()).show(
        f"tbl-hospital-{hospital_id}")


def hospital_indicator_chart(hospital_id: str):
    r = published()
    return _hospital_charts().hospital_indicators(r.table("indicators"), r.table("units"),
                                                  hospital_id, r.year, lang())


def hospital_watch_list(hospital_id: str) -> str:
    return hospital.watch_list(published(), hospital_id, lang())


def hospital_trend_chart(hospital_id: str):
    r = published()
    return _hospital_charts().hospital_trend(r.table("indicators"), r.table("units"),
                                             hospital_id, r.year, lang())


def hospital_funnel_chart(hospital_id: str):
    r = published()
    return _hospital_charts().hospital_funnels(r.table("indicators"), r.table("units"),
                                               hospital_id, r.year, lang())


def hospital_coverage_chart(hospital_id: str):
    r = published()
    return _hospital_charts().hospital_coverage(
        r.table("coverage"), r.table("units"), hospital_id, r.year, lang(),
        registry.settings().coverage_satisfactory, key_figures.FORM_ORDER)


def hospital_definitions() -> str:
    """One line per indicator: name, population and target levels (full text: methods)."""
    lg = lang()
    return "\n".join(f"- **{ind.name[lg]}:** {ind.population[lg]} "
                     f"{i18n.t('intro.targets', lg)}: {_targets_text(ind.target, lg)}."
                     for ind in registry.catalogue().indicators) + "\n"


def hospital_list() -> str:
    return site_downloads.hospital_list(published(), lang())

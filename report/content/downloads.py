"""The downloads of the site: file names of the national PDFs and the list of published
tables, used by the build (to name files) and by the downloads chapter (to link them)."""

from __future__ import annotations

from pathlib import PurePosixPath

from report.compute import registry
from report.content import i18n
from report.content.published import PublishedTables

WORKBOOK_NAME = "nbcr-{year}-{lang}.xlsx"
PDF_NAMES = {"nb": "brystkreft-arsrapport-{year}.pdf",
             "en": "breast-cancer-annual-report-{year}.pdf"}
SITE_ROOT = "../"  # from a chapter page (nb/x.html, en/x.html) to the site root
EXTRA = {
    "indicators": {"nb": "Kvalitetsindikatorer", "en": "Quality indicators"},
    "volume_summary": {"nb": "Sykehus og volumanbefalingen", "en": "Hospitals and the volume "
                       "recommendation"},
    "funnel_limits": {"nb": "Kontrollgrenser i traktplottene", "en": "Funnel plot control "
                      "limits"},
    "units": {"nb": "Enheter: sykehus, helseforetak, regioner og fylker",
              "en": "Units: hospitals, trusts, regions and counties"},
}


def national_pdf(year: int, lang: str) -> str:
    return PDF_NAMES[lang].format(year=year)


def tables(lang: str) -> list[tuple[str, str]]:
    """(file name, title) for every published CSV."""
    listed = [(f"{k}.csv", v[lang]) for k, v in EXTRA.items()]
    listed += [(f"{q.id}.csv", q.name[lang]) for q in registry.catalogue().tables]
    return listed


def workbook(year: int, lang: str) -> str:
    """downloads/<this name>: every published table in one Excel workbook in LANG."""
    return WORKBOOK_NAME.format(year=year, lang=lang)


def markdown(results: PublishedTables, lang: str) -> str:
    lines = [f"## {i18n.t('download.national', lang)}", ""]
    for pdf_lang in ("nb", "en"):
        name = national_pdf(results.year, pdf_lang)
        lines.append(f"- [{name}]({SITE_ROOT}downloads/{name}) "
                     f"({i18n.t(f'download.language.{pdf_lang}', lang)})")
    lines += ["", f"## {i18n.t('download.workbook', lang)}", "",
              i18n.t("download.workbook_intro", lang), ""]
    for book_lang in (lang, *(other for other in ("nb", "en") if other != lang)):
        name = workbook(results.year, book_lang)
        language = i18n.t(f"download.language.{book_lang}", lang)
        lines.append(f"- [{i18n.t('download.workbook_file', lang, language=language)}]"
                     f"({SITE_ROOT}downloads/{name}) (`{name}`)")
    small = registry.settings().rules.min_count
    lines += ["", f"## {i18n.t('download.tables', lang)}", "",
              i18n.t("download.tables_intro", lang, min=small), ""]
    parquet = i18n.t("download.parquet", lang)
    for file, title in tables(lang):
        typed = file.removesuffix(".csv") + ".parquet"
        lines.append(f"- [{title}]({SITE_ROOT}data/{file}) (`{file}`; "
                     f"[{parquet}]({SITE_ROOT}data/{typed}))")
    lines += ["", f"- [{i18n.t('download.dictionary', lang)}]({SITE_ROOT}data/dictionary.csv)",
              f"- [{i18n.t('download.log', lang)}]({SITE_ROOT}data/suppression_log.csv)",
              f"- [{i18n.t('download.manifest', lang)}]({SITE_ROOT}data/manifest.json)", ""]
    return "\n".join(lines)


def hospital_pdf(hospital_id: str, lang: str) -> str:
    """downloads/hospitals/<hospital_id>-<lang>.pdf (the documented file name)."""
    return f"hospitals/{hospital_id}-{lang}.pdf"


def hospital_page(hospital_id: str) -> str:
    return f"hospitals/{hospital_id}.html"


def hospital_list(results: PublishedTables, lang: str) -> str:
    """Operating hospitals by region, each with its page and both PDFs; in the PDF (a book
    without the hospital pages, read away from the site), each with its PDFs' file names."""
    from report.content import hospital

    units = results.table("units")
    lines = [i18n.t("hospital.list_intro", lang, year=results.year), "",
             '::: {.content-visible when-format="typst"}', "",
             i18n.t("hospital.list_pdf", lang), "", ":::", ""]
    by_region: dict[str, list[str]] = {}
    for hospital_id in hospital.operating(results):
        by_region.setdefault(hospital.lineage(results, hospital_id)[1], []).append(hospital_id)
    regions = units[units.unit_level == "region"].sort_values("unit_id")["unit_id"]
    for region in [r for r in regions if r in by_region]:
        lines += [f"## {results.unit_name(region, lang, 'region')}", ""]
        web, pdf = [], []
        for hospital_id in sorted(by_region[region],
                                  key=lambda h: results.unit_name(h, lang, "hospital")):
            name = results.unit_name(hospital_id, lang, "hospital")
            pdfs = ", ".join(
                f"[PDF, {i18n.t(f'download.language.{pl}', lang)}]"
                f"({SITE_ROOT}downloads/{hospital_pdf(hospital_id, pl)})" for pl in ("nb", "en"))
            web.append(f"- [{name}]({hospital_page(hospital_id)}) ({pdfs})")
            files = ", ".join(
                f"`{PurePosixPath(hospital_pdf(hospital_id, pl)).name}` "
                f"({i18n.t(f'download.language.{pl}', lang)})" for pl in ("nb", "en"))
            pdf.append(f"- {name}: {files}")
        lines += _by_format(web, pdf) + [""]
    return "\n".join(lines)


def _by_format(web: list[str], pdf: list[str]) -> list[str]:
    """WEB lines on the website, PDF lines in the PDF."""
    return ['::: {.content-visible unless-format="typst"}', "", *web, "", ":::", "",
            '::: {.content-visible when-format="typst"}', "", *pdf, "", ":::"]

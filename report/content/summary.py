"""Main findings written from the results, in the active language, as markdown."""

from __future__ import annotations

import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, key_figures, sides
from report.content.hospital import change
from report.content.published import PublishedTables

STATUSES = ("high", "moderate", "low")


def join(names: list[str], lang: str, separator: str = ", ") -> str:
    """'A, B og C' / 'A, B and C' (use separator '; ' for names that hold commas)."""
    if not names:
        return i18n.t("word.none", lang)
    if len(names) == 1:
        return names[0]
    return f"{separator.join(names[:-1])} {i18n.t('word.and', lang)} {names[-1]}"


def _cases(results: PublishedTables, key: dict, lang: str) -> str:
    return i18n.t("finding.cases", lang, year=results.year, women=key["women"].text(lang),
                  men=key["men"].text(lang), change=key["women"].change(lang),
                  dcis=key["dcis"].text(lang))


def _targets(results: PublishedTables, lang: str) -> list[str]:
    counts = key_figures.status_counts(results, results.year)
    lines = [i18n.t("finding.targets", lang, total=len(registry.catalogue().indicators),
                    **{s: counts[s] for s in STATUSES})]
    ind = results.table("indicators")
    nation = ind[(ind["period"] == results.year) & (ind["unit_level"] == "nation")]
    names = {i.id: i.name[lang] for i in registry.catalogue().indicators}
    for status in STATUSES:
        ids = nation.loc[nation["target_status"] == status, "indicator_id"]
        if len(ids):
            lines.append(i18n.t("finding.targets_list", lang,
                                status=i18n.t(f"status.short.{status}", lang),
                                names=join([names[i] for i in ids], lang, "; ")))
    return lines


def _volume(results: PublishedTables, key: dict, lang: str) -> list[str]:
    minimum = registry.settings().min_operations
    lines = [i18n.t("finding.volume", lang, meeting=key["meeting"].text(lang),
                    hospitals=key["hospitals"].text(lang), minimum=minimum, year=results.year)]
    volume = results.table("volume")
    below = volume[(volume["year"] == results.year) & ~volume["meets_recommendation"]]
    names = [results.unit_name(h, lang, "hospital") for h in sorted(below["hospital_id"])]
    if names:
        lines.append(i18n.t("finding.volume_below", lang, names=join(names, lang)))
    return lines


def _coverage(results: PublishedTables, lang: str) -> list[str]:
    limit = registry.settings().coverage_satisfactory
    limit_text = fmt.percent(limit, lang, 0)
    cov = results.table("coverage")
    year = cov[cov["year"] == results.year]
    nation = year[year["unit_level"] == "nation"]
    # one decimal here, so that 79.5 % is not shown as a rounded 80 % under "below 80 %", and
    # more where one is not enough (79.96 % is '79,96 %', not '80,0 %')
    keep = sides.Sides.coverage(1, limit)
    low = [i18n.label("form_type", f, lang).lower() + f" ({keep.percent(p, lang)})"
           for f, p in zip(nation["form_type"], nation["percent"], strict=True)
           if pd.notna(p) and p < limit]
    lines = [i18n.t("finding.coverage_low", lang, limit=limit_text, forms=join(low, lang))
             if low else i18n.t("finding.coverage_ok", lang, limit=limit_text)]
    hospitals = year[(year["unit_level"] == "hospital") & (year["percent"] < limit)]
    for form in key_figures.FORM_ORDER:
        ids = sorted(hospitals.loc[hospitals["form_type"] == form, "unit_id"])
        if ids:
            lines.append(i18n.t("finding.coverage_hospitals", lang, limit=limit_text,
                                form=i18n.label("form_type", form, lang).lower(),
                                names=join([results.unit_name(h, lang, "hospital")
                                            for h in ids], lang)))
    return lines


def _survival(results: PublishedTables, key: dict, lang: str) -> list[str]:
    """The national five-year relative survival (period approach) against its target."""
    from report.content import survival

    row = survival.headline(results.table("survival"), results.year)
    if row is None:
        return []
    target = registry.catalogue().get("survival").target
    return [i18n.t("finding.survival", lang, first=int(row["first_year"]), last=results.year,
                   value=key["survival_5y"].text(lang),
                   target=fmt.percent(target.high, lang, 0),
                   status=i18n.t(f"status.{row['target_status']}", lang))]


def _changes(results: PublishedTables, lang: str) -> list[str]:
    """National shares that moved since the year before by more than chance would explain
    (Fisher's exact test, as on the hospital pages), for the better and for the worse."""
    ind = results.table("indicators")
    nation = ind[ind["unit_level"] == "nation"].set_index(["indicator_id", "period"])
    moved = {"better": [], "worse": []}
    for indicator in registry.catalogue().indicators:
        rows = [nation.loc[(indicator.id, y)] if (indicator.id, y) in nation.index else None
                for y in (results.year, results.year - 1)]
        now, before = rows
        way = change(now, before, indicator.target.direction if indicator.target else "higher")
        if way:
            moved[way].append(i18n.t("hospital.improved_item", lang, name=indicator.name[lang],
                                     before=fmt.percent(before.percent, lang),
                                     now=fmt.percent(now.percent, lang)))
    return [i18n.t(f"finding.change_{way}", lang, year=results.year - 1,
                   names=join(items, lang, "; "))
            for way, items in moved.items()]


def findings(results: PublishedTables, lang: str | None = None) -> str:
    """The main findings as a markdown bullet list."""
    lang = lang or i18n.active()
    key = key_figures.key_figures(results)
    lines = [_cases(results, key, lang), *_survival(results, key, lang),
             *_targets(results, lang), *_changes(results, lang),
             *_volume(results, key, lang), *_coverage(results, lang)]
    return "\n".join(f"- {line}" for line in lines) + "\n"


def plain(results: PublishedTables, lang: str | None = None) -> str:
    """A summary for the public: short sentences, no abbreviations, every number from the
    published tables (a sentence whose number is not published is left out)."""
    lang = lang or i18n.active()
    key = key_figures.key_figures(results)

    def shown(*names: str) -> bool:
        return all(key[n].value is not None for n in names)

    counts = key_figures.status_counts(results, results.year)
    sentences = []
    if shown("women", "men"):
        sentences.append(i18n.t("plain.cases", lang, year=results.year,
                                women=key["women"].text(lang), men=key["men"].text(lang)))
    if shown("dcis"):
        sentences.append(i18n.t("plain.dcis", lang, dcis=key["dcis"].text(lang)))
    if shown("hospitals", "meeting"):
        sentences.append(i18n.t("plain.hospitals", lang, hospitals=key["hospitals"].text(lang),
                                meeting=key["meeting"].text(lang),
                                minimum=fmt.number(registry.settings().min_operations, lang)))
    sentences.append(i18n.t("plain.targets", lang,
                            total=fmt.number(len(registry.catalogue().indicators), lang),
                            high=fmt.number(counts["high"], lang),
                            low=fmt.number(counts["low"], lang)))
    if shown("coverage_surgery"):
        sentences.append(i18n.t("plain.coverage", lang,
                                surgery=key["coverage_surgery"].text(lang)))
    if _any_preliminary(results):
        sentences.append(i18n.t("plain.preliminary", lang, year=results.year))
    return " ".join(sentences) + "\n"


def _any_preliminary(results: PublishedTables) -> bool:
    ind = results.table("indicators")
    rows = ind[(ind["period"] == results.year) & (ind["unit_level"] == "nation")]
    return bool(rows["preliminary"].fillna(False).astype(bool).any())

"""The data dictionary of the published files: what each column means, in both languages."""

from __future__ import annotations

from report.compute.registry import Catalogue, Text

STANDARD = {
    "indicator_id": Text("Indikatorens id (se metodekapittelet)",
                         "Indicator id (see the methods chapter)"),
    "period": Text("Diagnoseår", "Year of diagnosis"),
    "unit_level": Text("Nivå: hospital = sykehus, trust = helseforetak, region, "
                       "nation = nasjonalt", "Level: hospital, trust, region, nation"),
    "unit_id": Text("Enhetens id (se units.csv)", "Unit id (see units.csv)"),
    "numerator": Text("Teller: tilfeller (svulster) som oppfyller indikatoren",
                      "Numerator: cases (tumours) meeting the indicator"),
    "denominator": Text("Nevner: tilfeller (svulster) i populasjonen",
                        "Denominator: cases (tumours) in the population"),
    "percent": Text("Prosent", "Per cent"),
    "ci_low": Text("Nedre grense, 95 % konfidensintervall", "Lower limit, 95% confidence interval"),
    "ci_high": Text("Øvre grense, 95 % konfidensintervall", "Upper limit, 95% confidence interval"),
    "target_status": Text("Måloppnåelse: high = høy, moderate = moderat, low = lav",
                          "Target status: high, moderate, low"),
    "preliminary": Text(
        "true når året er foreløpig: oppfølgingsdatoen kom mindre enn indikatorens "
        "oppfølgingstid etter årets slutt, så sent opererte er ikke med ennå",
        "true when the year is preliminary: the follow-up date came less than the indicator's "
        "follow-up time after the end of the year, so late operations are not in yet"),
    "rate": Text("Rate per 100 000 personår", "Rate per 100,000 person-years"),
    "crude_rate": Text("Rå rate per 100 000 personår", "Crude rate per 100,000 person-years"),
    "asr": Text("Aldersjustert rate per 100 000 personår",
                "Age-standardised rate per 100,000 person-years"),
    "meets_recommendation": Text("Minst 100 primæroperasjoner i året (true/false)",
                                 "At least 100 primary operations in the year (true/false)"),
    "suppressed": Text("true når minst én verdi i raden er skjult av personvernhensyn",
                       "true when at least one value in the row is hidden for privacy"),
    "suppression_rule": Text(
        "Hvorfor: count_under_min = antall 1-4 (vist som <5), denominator_under_min = færre "
        "enn 10 i nevneren, secondary = skjult for at andre skjulte tall ikke skal kunne "
        "regnes ut",
        "Why: count_under_min = count 1-4 (shown as <5), denominator_under_min = fewer than "
        "10 in the denominator, secondary = hidden so that other hidden values cannot be "
        "worked out"),
    "hospitals": Text("Sykehus med primæroperasjoner", "Hospitals with primary operations"),
    "meeting": Text("Sykehus som oppfyller anbefalingen", "Hospitals meeting the recommendation"),
    "below": Text("Sykehus under anbefalingen", "Hospitals below the recommendation"),
    "year": Text("År", "Year"),
    "lower_998": Text("Nedre kontrollgrense 99,8 % (prosent), eksakt binomisk",
                      "Lower 99.8% control limit (per cent), exact binomial"),
    "lower_95": Text("Nedre kontrollgrense 95 % (prosent), eksakt binomisk",
                     "Lower 95% control limit (per cent), exact binomial"),
    "upper_95": Text("Øvre kontrollgrense 95 % (prosent), eksakt binomisk",
                     "Upper 95% control limit (per cent), exact binomial"),
    "upper_998": Text("Øvre kontrollgrense 99,8 % (prosent), eksakt binomisk",
                      "Upper 99.8% control limit (per cent), exact binomial"),
    "parent_id": Text("Overordnet enhet (sykehus -> helseforetak -> region -> nasjonalt)",
                      "Parent unit (hospital -> trust -> region -> nation)"),
    "name_nb": Text("Navn på bokmål", "Name in Norwegian Bokmål"),
    "name_en": Text("Navn på engelsk", "Name in English"),
    "valid_from": Text("Gyldig fra (sykehus)", "Valid from (hospitals)"),
    "valid_to": Text("Gyldig til, tom når enheten fortsatt finnes",
                     "Valid to, empty while the unit still exists"),
}


def rows(catalogue: Catalogue, files: dict[str, list[str]]) -> list[dict]:
    """One row per (file, column) for every published CSV in FILES (name -> columns)."""
    documented = {f"{q.id}.csv": q.columns for q in catalogue.tables}
    out = []
    for file, columns in sorted(files.items()):
        for column in columns:
            text = documented.get(file, {}).get(column) or STANDARD.get(column)
            if text is None:
                raise KeyError(f"data dictionary: no description for {file} column {column}")
            out.append({"file": file, "column": column, "description_nb": text.nb,
                        "description_en": text.en})
    return out

"""The data dictionary of the published files: what each column means, in both languages."""

from __future__ import annotations

import re

from report.compute import registry
from report.compute.registry import Catalogue, Rules, Text

COLUMNS = ("file", "column", "description_nb", "description_en")
LABEL = "_label"

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


# Files whose columns mean something of their own.
FILES = {
    "suppression_log.csv": {
        "result": Text("Resultatet: tabellens filnavn uten .csv, eller indikatorens id "
                       "(indicator_id i indicators.csv)",
                       "The result: the table's file name without .csv, or the indicator's "
                       "id (indicator_id in indicators.csv)"),
        "row": Text("Raden: nøklene som nøkkel=verdi, skilt med semikolon",
                    "The row: its keys as key=value, separated by semicolons"),
        "column": Text("Kolonnen der verdien er skjult (verdien står aldri i loggen)",
                       "The column whose value is hidden (the value is never in the log)"),
        "rule": Text("Regelen som skjulte verdien (se suppression_rule)",
                     "The rule that hid the value (see suppression_rule)"),
    },
    "dictionary.csv": {
        "file": Text("Filen", "The file"),
        "column": Text("Kolonnen i filen", "The column of the file"),
        "description_nb": Text("Hva kolonnen betyr, på bokmål",
                               "What the column means, in Norwegian Bokmål"),
        "description_en": Text("Hva kolonnen betyr, på engelsk",
                               "What the column means, in English"),
    },
}


def rule_text(rules: Rules) -> Text:
    """What suppression_rule says, with the limits from settings.yml."""
    low, small = rules.min_count - 1, f"<{rules.min_count}"
    return Text(
        f"Hvorfor raden har skjulte verdier (den første regelen som slo til): count_under_min "
        f"= antall fra 1 til {low} (vist som {small} i kolonnens _label-kolonne), "
        f"denominator_under_min = færre enn {rules.min_denominator} i nevneren (ingen andel "
        f"vises; antallene vises), secondary = skjult for at et antall vist som {small} ikke "
        f"skal kunne snevres inn til færre enn {rules.protection} mulige verdier",
        f"Why the row has hidden values (the first rule that applied): count_under_min = "
        f"count from 1 to {low} (shown as {small} in the column's _label column), "
        f"denominator_under_min = fewer than {rules.min_denominator} in the denominator (no "
        f"share shown; the counts are), secondary = hidden so that a count shown as {small} "
        f"cannot be narrowed to fewer than {rules.protection} possible values")


def label_text(column: str, rules: Rules) -> Text:
    """What <column>_label says: the count column stays a number (empty when hidden)."""
    low, small = rules.min_count - 1, f"<{rules.min_count}"
    return Text(
        f"{small} når {column} er skjult fordi antallet er fra 1 til {low} ({column} er da "
        f"tom); ellers tom",
        f"{small} when {column} is hidden because the count is from 1 to {low} ({column} is "
        f"then empty); otherwise empty")


def rows(catalogue: Catalogue, files: dict[str, list[str]],
         rules: Rules | None = None) -> list[dict]:
    """One row per (file, column) for every published CSV in FILES (name -> columns)."""
    rules = rules or registry.settings(catalogue.root).rules
    documented = {f"{q.id}.csv": q.columns for q in catalogue.tables} | FILES
    standard = STANDARD | {"suppression_rule": rule_text(rules)}
    out = []
    for file, columns in sorted(files.items()):
        for column in columns:
            text = documented.get(file, {}).get(column) or standard.get(column)
            if text is None and column.endswith(LABEL) and column.removesuffix(LABEL) in columns:
                text = label_text(column.removesuffix(LABEL), rules)
            if text is None:
                raise KeyError(f"data dictionary: no description for {file} column {column}")
            out.append({"file": file, "column": column, "description_nb": text.nb,
                        "description_en": text.en})
    return out


# Short column headings for tables shown to people (the workbook); a query's own columns take
# their heading from its YAML, without the list of codes that the description ends with.
HEADINGS = {
    "indicator_id": Text("Indikator", "Indicator"),
    "period": Text("År", "Year"),
    "year": Text("År", "Year"),
    "unit_level": Text("Nivå", "Level"),
    "unit_id": Text("Enhet", "Unit"),
    "numerator": Text("Teller", "Numerator"),
    "denominator": Text("Nevner", "Denominator"),
    "percent": Text("Prosent", "Per cent"),
    "ci_low": Text("Nedre grense 95 % KI", "Lower 95% CI"),
    "ci_high": Text("Øvre grense 95 % KI", "Upper 95% CI"),
    "target_status": Text("Måloppnåelse", "Target status"),
    "preliminary": Text("Foreløpig", "Preliminary"),
    "rate": Text("Rate per 100 000", "Rate per 100,000"),
    "crude_rate": Text("Rå rate per 100 000", "Crude rate per 100,000"),
    "asr": Text("Aldersjustert rate per 100 000", "Age-standardised rate per 100,000"),
    "meets_recommendation": Text("Oppfyller anbefalingen", "Meets the recommendation"),
    "suppressed": Text("Skjulte verdier i raden", "Hidden values in the row"),
    "suppression_rule": Text("Regel for skjuling", "Suppression rule"),
    "hospitals": Text("Sykehus", "Hospitals"),
    "meeting": Text("Oppfyller anbefalingen", "Meeting the recommendation"),
    "below": Text("Under anbefalingen", "Below the recommendation"),
    "lower_998": Text("Nedre grense 99,8 %", "Lower limit 99.8%"),
    "lower_95": Text("Nedre grense 95 %", "Lower limit 95%"),
    "upper_95": Text("Øvre grense 95 %", "Upper limit 95%"),
    "upper_998": Text("Øvre grense 99,8 %", "Upper limit 99.8%"),
    "parent_id": Text("Overordnet enhet", "Parent unit"),
    "name_nb": Text("Navn på bokmål", "Name in Norwegian"),
    "name_en": Text("Navn på engelsk", "Name in English"),
    "valid_from": Text("Gyldig fra", "Valid from"),
    "valid_to": Text("Gyldig til", "Valid to"),
}
LOG_HEADINGS = {
    "result": Text("Resultat", "Result"),
    "row": Text("Rad", "Row"),
    "column": Text("Kolonne", "Column"),
    "rule": Text("Regel", "Rule"),
}
# '(all = alle)', '(f = kvinne, m = mann)', '(1, 2, 3, unknown, all)': codes, not a heading
_CODES = re.compile(r"\s*\([^()]*[=,][^()]*\)\s*$")


def heading(file: str, column: str, lang: str, catalogue: Catalogue,
            label: str = "{heading}, label") -> str:
    """A short heading for COLUMN of FILE in LANG: the query's own column name without its
    list of codes, else HEADINGS; a label column is named after its count (LABEL: the
    pattern with {heading})."""
    if column.endswith(LABEL) and column != LABEL:
        count = heading(file, column.removesuffix(LABEL), lang, catalogue, label)
        return label.format(heading=count)
    stem = file.removesuffix(".csv")
    tables = {q.id: q for q in catalogue.tables}
    if stem in tables and column in tables[stem].columns:
        return _CODES.sub("", tables[stem].columns[column][lang])
    words = LOG_HEADINGS if file == "suppression_log.csv" else HEADINGS
    if column in words:
        return words[column][lang]
    return column

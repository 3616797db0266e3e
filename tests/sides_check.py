"""Every share a built site shows beside a status or a level line, read back from the pages
and compared with the published (unrounded) value: the number shown must be on the same side
of each level as the value itself. Indicator tables, the coverage table, the status matrices,
the hospital pages' tables and the data of every indicator, coverage and hospital chart
(value labels, data tables and tooltips show these numbers).

`PYTHONPATH=. python tests/sides_check.py _site` prints what it finds in a built site.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from report.compute import registry
from report.content import i18n
from report.content.charts._common import names as chart_names
from report.render.charts import chart_rows

LANGS = ("nb", "en")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Levels:
    values: tuple[float, ...]
    direction: str = "higher"

    def reached(self, value: float) -> tuple[bool, ...]:
        if self.direction == "lower":
            return tuple(value <= v for v in self.values)
        return tuple(value >= v for v in self.values)


def shown_number(text: str, lang: str) -> float | None:
    """The first number in a cell or label: '84,96 %' -> 84.96 (nb), '84.96%' -> 84.96."""
    match = NUMBER.search(str(text).replace("\u00a0", " "))
    if not match:
        return None
    value = match.group(0)
    return float(value.replace(",", ".") if lang == "nb" else value.replace(",", ""))


def _tables(page: str, prefix: str) -> dict[str, list[list[str]]]:
    """Tables whose id starts with PREFIX: id -> rows of cell texts (notes left out)."""
    found = {}
    for match in re.finditer(rf'id="({re.escape(prefix)}[^"]*)"', page):
        end = page.find("</table>", match.end())
        rows = []
        for row in re.findall(r"<tr.*?</tr>", page[match.end():end], re.S):
            cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).replace("\u00ad", "").strip()
                     for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            if len(cells) > 1:
                rows.append(cells)
        found[match.group(1)] = rows
    return found


def _specs(page: str) -> dict[str, dict]:
    return {m.group(1): json.loads(html.unescape(m.group(2))) for m in re.finditer(
        r'<script type="application/json" id="([^"]+)-spec">(.*?)</script>', page, re.S)}


class Site:
    def __init__(self, site: Path):
        self.site = site
        data = site / "data"
        self.year = int(json.loads((data / "manifest.json").read_text("utf-8"))["report_year"])
        self.indicators = pd.read_csv(data / "indicators.csv")
        self.coverage = pd.read_csv(data / "coverage.csv")
        self.units = pd.read_csv(data / "units.csv", dtype=str, keep_default_na=False)
        self.catalogue = registry.catalogue()
        self.targets = {i.id: Levels(tuple(float(v) for v in (i.target.moderate, i.target.high)
                                           if v is not None), i.target.direction)
                        for i in self.catalogue.indicators}
        self.limit = Levels((float(registry.settings().coverage_satisfactory),))
        self.share = self.indicators.set_index(
            ["indicator_id", "unit_level", "unit_id", "period"])["percent"].to_dict()
        self.covered = self.coverage.set_index(
            ["form_type", "unit_level", "unit_id", "year"])["percent"].to_dict()
        parent = dict(zip(self.units.unit_id, self.units.parent_id, strict=True))
        self.region = {h: parent.get(parent.get(h)) for h in
                       self.units.loc[self.units.unit_level == "hospital", "unit_id"]}
        self.findings: list[str] = []
        self.checked = 0

    def unit_by_name(self, lang: str) -> dict[str, tuple[str, str]]:
        shown = self.units[self.units.unit_level.isin(["nation", "region", "hospital"])]
        out = {r[f"name_{lang}"]: (r.unit_level, r.unit_id) for _, r in shown.iterrows()}
        frame = self.units.copy()
        out.update({v: k for k, v in chart_names(frame, lang).items()
                    if k[0] in ("nation", "region", "hospital")})
        return out

    def check(self, where: str, shown, true, levels: Levels, lang: str) -> None:
        """SHOWN (a number or a text) against TRUE: the same side of every level."""
        value = shown if isinstance(shown, (int, float)) else shown_number(shown, lang)
        if value is None or true is None or pd.isna(true) or pd.isna(value):
            return
        self.checked += 1
        if levels.reached(float(value)) != levels.reached(float(true)):
            self.findings.append(f"{where}: shows {shown!r} for {true} (levels "
                                 f"{levels.values})")

    # -- pages ------------------------------------------------------------------------

    def run(self) -> list[str]:
        for lang in LANGS:
            for page in sorted((self.site / lang).glob("*.html")):
                self.chapter(page, lang)
            for page in sorted((self.site / lang / "hospitals").glob("*.html")):
                self.hospital(page, lang)
        return self.findings

    def chapter(self, path: Path, lang: str) -> None:
        page = path.read_text("utf-8")
        units = self.unit_by_name(lang)
        where = f"{lang}/{path.name}"
        for table_id, rows in _tables(page, "gt-tbl-").items():
            indicator = table_id.removeprefix("gt-tbl-")
            if indicator in self.targets:
                for cells in rows[1:]:
                    level, unit = units.get(cells[0], (None, None))
                    true = self.share.get((indicator, level, unit, self.year))
                    self.check(f"{where} {table_id} {cells[0]}", cells[2], true,
                               self.targets[indicator], lang)
            elif indicator == "coverage":
                forms = {i18n.label("form_type", f, lang): f for f in
                         ("assessment", "surgery", "postop_checkup", "radiology", "pathology",
                          "oncology")}
                header = rows[0]
                for cells in rows[1:]:
                    level, unit = units.get(cells[0], (None, None))
                    for name, text in zip(header[1:], cells[1:], strict=True):
                        true = self.covered.get((forms.get(name), level, unit, self.year))
                        self.check(f"{where} {table_id} {cells[0]} {name}", text, true,
                                   self.limit, lang)
            elif indicator.startswith("status-"):
                ids = {i.name[lang]: i.id for i in self.catalogue.indicators}
                header = rows[0]
                for cells in rows[1:]:
                    ind = ids.get(cells[0])
                    for name, text in zip(header[1:], cells[1:], strict=True):
                        level, unit = units.get(name, (None, None))
                        true = self.share.get((ind, level, unit, self.year))
                        self.check(f"{where} {table_id} {cells[0]} {name}", text, true,
                                   self.targets.get(ind, Levels(())), lang)
        for anchor, spec in _specs(page).items():
            self.chart(f"{where} {anchor}", anchor, spec, units, lang)

    def chart(self, where: str, anchor: str, spec: dict, units: dict, lang: str) -> None:
        rows = chart_rows(spec)
        unit_f = i18n.t("axis.unit", lang)
        pct_f, year_f = i18n.t("axis.percent", lang), i18n.t("axis.year", lang)
        name = anchor.removeprefix("fig-")
        if name.startswith("coverage-"):
            form = name.removeprefix("coverage-").replace("-", "_")
            axis, label = i18n.t("chart.coverage_axis", lang), i18n.t("column.coverage", lang)
            for row in rows:
                level, unit = units.get(row.get(unit_f), (None, None))
                true = self.covered.get((form, level, unit, self.year))
                self.check(f"{where} {row.get(unit_f)}", row.get(axis), true, self.limit, lang)
                self.check(f"{where} {row.get(unit_f)} label", row.get(label), true,
                           self.limit, lang)
            return
        indicator = name.removesuffix("-funnel").removesuffix("-trend").replace("-", "_")
        if indicator not in self.targets:
            return
        for row in rows:
            level, unit = units.get(row.get(unit_f), (None, None))
            if level is None:
                continue
            period = int(row[year_f]) if year_f in row else self.year
            true = self.share.get((indicator, level, unit, period))
            self.check(f"{where} {row.get(unit_f)} {period}", row.get(pct_f), true,
                       self.targets[indicator], lang)

    def hospital(self, path: Path, lang: str) -> None:
        page = path.read_text("utf-8")
        hospital = path.stem
        where = f"{lang}/hospitals/{path.name}"
        ids = {i.name[lang]: i.id for i in self.catalogue.indicators}
        columns = {i18n.t("column.hospital_result", lang): ("hospital", hospital),
                   i18n.t("column.region_result", lang): ("region", self.region.get(hospital)),
                   i18n.t("column.nation_result", lang): ("nation", "norway")}
        for rows in _tables(page, "gt-tbl-hospital-").values():
            header = rows[0]
            for cells in rows[1:]:
                ind = ids.get(cells[0])
                for head, text in zip(header, cells, strict=True):
                    if head in columns and ind:
                        level, unit = columns[head]
                        self.check(f"{where} {cells[0]} {head}", text,
                                   self.share.get((ind, level, unit, self.year)),
                                   self.targets[ind], lang)
        w = {k: i18n.t(f"hchart.{k}", lang) for k in
             ("this", "region", "nation", "unit", "indicator", "year", "share", "form",
              "series")}
        series = {w["this"]: ("hospital", hospital), w["region"]: ("region",
                                                                   self.region.get(hospital)),
                  w["nation"]: ("nation", "norway")}
        forms = {i18n.label("form_type", f, lang): f for f in
                 ("assessment", "surgery", "postop_checkup", "radiology", "pathology",
                  "oncology")}
        for anchor, spec in _specs(page).items():
            for row in chart_rows(spec):
                who = row.get(w["unit"], row.get(w["series"]))
                if who not in series:
                    continue
                level, unit = series[who]
                period = int(row[w["year"]]) if w["year"] in row else self.year
                if anchor == "fig-hospital-coverage":
                    true = self.covered.get((forms.get(row.get(w["form"])), level, unit, period))
                    self.check(f"{where} {anchor} {row.get(w['form'])}", row.get(w["share"]),
                               true, self.limit, lang)
                    label = i18n.t("column.coverage", lang)
                    self.check(f"{where} {anchor} {row.get(w['form'])} label", row.get(label),
                               true, self.limit, lang)
                    continue
                ind = ids.get(row.get(w["indicator"]))
                if ind:
                    self.check(f"{where} {anchor} {row.get(w['indicator'])} {who} {period}",
                               row.get(w["share"]), self.share.get((ind, level, unit, period)),
                               self.targets[ind], lang)


def findings(site: Path) -> tuple[list[str], int]:
    """(what reads as the wrong side of a level, how many shown shares were compared)."""
    check = Site(site)
    return check.run(), check.checked


if __name__ == "__main__":
    found, checked = findings(Path(sys.argv[1] if len(sys.argv) > 1 else "_site"))
    print(f"{checked} shown shares compared with the published values")
    print("\n".join(found) or "none on the wrong side of a level")

"""Tables for chapters: one builder makes the website table (plain HTML) and the PDF
table (Typst) from the same strings, so both show the same formatted numbers.

Builders take published frames (already suppressed) and the language; every number is
formatted by report.fmt; every fill colour comes from report.theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from report.compute import registry
from report.content import fmt, i18n, sides, theme
from report.render import Both, html_table, typst_table

LEVELS = ("nation", "region", "hospital")


@dataclass(frozen=True)
class Table:
    """Text cells with alignment, optional cell fills (row, column) -> colour and notes."""

    frame: pd.DataFrame
    align: dict[str, str] = field(default_factory=dict)
    fills: dict[tuple[int, str], str] = field(default_factory=dict)
    bold_rows: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    compact: bool = False  # smaller type and narrow columns (wide matrices)
    widths: tuple[str, ...] = ()  # Typst column widths (e.g. "2fr", "auto"); default: even
    hidden: dict[tuple[int, str], str] = field(default_factory=dict)  # blank cell -> why

    def html(self, table_id: str) -> str:
        columns = list(self.frame.columns)
        rows = [[str(v) for v in row] for row in self.frame.itertuples(index=False)]
        fills = [[self.fills.get((r, c)) for c in columns] for r in range(len(rows))]
        hidden = [[self.hidden.get((r, c), "") for c in columns] for r in range(len(rows))]
        # gt- keeps the table's id distinct from the figure anchor the renderer writes
        return html_table(columns, rows, table_id=f"gt-{table_id}", label=self.label(),
                          align=[self.align.get(c, "left") for c in columns],
                          fills=fills if self.fills else None, bold_rows=self.bold_rows,
                          notes=self.notes, hidden=hidden if self.hidden else None,
                          compact=self.compact)

    def label(self) -> str:
        """An accessible name for the scrolling region: the column headings."""
        return ", ".join(str(c) for c in self.frame.columns)

    def typst(self) -> str:
        columns = list(self.frame.columns)
        rows = [[str(v) for v in row] for row in self.frame.itertuples(index=False)]
        fills = [[self.fills.get((r, c)) for c in columns] for r in range(len(rows))]
        align = [self.align.get(c, "left") for c in columns]
        widths = list(self.widths) or (
            ["2.4fr"] + ["1fr"] * (len(columns) - 1) if self.compact else None)
        body = typst_table(columns, rows, align=align, fills=fills if self.fills else None,
                           widths=widths, bold_rows=self.bold_rows)
        if self.compact:
            body = f"#[#set text(size: 7.5pt, hyphenate: true)\n{body}\n]"
        notes = "".join(f"\n#text(size: 8pt)[{_typst_text(n)}]" for n in self.notes)
        return body + notes

    def show(self, table_id: str) -> Both:
        text = self.frame.to_string(index=False)
        return Both(self.html(table_id), self.typst(), text)


def _typst_text(text: str) -> str:
    specials = "\\#$*_<>@[]`~/"
    return "".join(f"\\{c}" if c in specials else c for c in text)


def _unit_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = {level: i for i, level in enumerate(LEVELS)}
    frame = frame[frame["unit_level"].isin(LEVELS)].copy()
    frame["_order"] = frame["unit_level"].map(order)
    return frame.sort_values(["_order", "unit_id"], kind="stable").drop(columns="_order")


def _reason(rule, lang: str) -> str:
    return i18n.t(f"suppressed.{rule}", lang) if isinstance(rule, str) else ""


def status_text(status, lang: str) -> str:
    """Shape and word for a target status: '● Høy'."""
    if not isinstance(status, str):
        return ""
    return f"{theme.STATUS[status]['symbol']} {i18n.t(f'status.short.{status}', lang)}"


def indicator_table(indicators: pd.DataFrame, units: pd.DataFrame, indicator: str, year: int,
                    lang: str, results=None) -> Table:
    """Nation, regions and hospitals for one indicator and year: N, share, CI and status. A
    share is shown with one decimal, or more where one would put it on the other side of a
    target level than its status (a footnote then says so)."""
    rows = indicators[(indicators["indicator_id"] == indicator)
                      & (indicators["period"] == year)]
    rows = _unit_order(rows).reset_index(drop=True)
    names = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    unit_col, n_col = i18n.t("axis.unit", lang), i18n.t("column.n", lang)
    pct_col, ci_col = i18n.t("column.percent", lang), i18n.t("column.ci", lang)
    status_col = i18n.t("column.status", lang)
    keep = sides.Sides.target(_targets().get(indicator))
    out, fills, hidden = [], {}, {}
    for i, r in enumerate(rows.itertuples()):
        shown = pd.notna(r.percent)
        if not shown:  # the share's cell gives the reason; the blank cells beside it too
            hidden[(i, ci_col)] = hidden[(i, status_col)] = blank_reason(r.suppression_rule,
                                                                         lang)
        out.append({
            unit_col: names.get((r.unit_level, r.unit_id), r.unit_id),
            n_col: fmt.number(r.denominator, lang) if pd.notna(r.denominator) else "",
            pct_col: keep.percent(r.percent, lang) if shown else _reason(r.suppression_rule,
                                                                          lang),
            ci_col: fmt.interval(r.ci_low, r.ci_high, lang) if shown else "",
            status_col: status_text(r.target_status, lang),
        })
        if isinstance(r.target_status, str):
            fills[(i, status_col)] = theme.STATUS[r.target_status]["fill"]
    bold = tuple(i for i, level in enumerate(rows["unit_level"]) if level != "hospital")
    notes = [n for n in (keep.note(lang),) if n]
    if indicator in preliminary_ids(indicators, year):
        notes.append(preliminary_note(lang, year, marked=False))
    return Table(pd.DataFrame(out), align={n_col: "right", pct_col: "right", ci_col: "right"},
                 fills=fills, bold_rows=bold, notes=tuple(notes), hidden=hidden)


PRELIMINARY_MARK = "\u2020"  # dagger beside an indicator whose year is preliminary


def preliminary_ids(indicators: pd.DataFrame, year: int) -> set[str]:
    """Indicators whose result for YEAR is preliminary (follow-up not yet complete)."""
    rows = indicators[(indicators["period"] == year) & indicators["preliminary"].fillna(False)
                      .astype(bool)]
    return set(rows["indicator_id"])


def preliminary_note(lang: str, year: int, marked: bool = True) -> str:
    """The footnote of a table holding preliminary results (with the mark when MARKED)."""
    text = i18n.t("preliminary.table_note", lang, year=year)
    return f"{PRELIMINARY_MARK} {text}" if marked else text


def marked(name: str, indicator_id: str, preliminary: set[str]) -> str:
    return f"{name} {PRELIMINARY_MARK}" if indicator_id in preliminary else name


def _targets() -> dict:
    """indicator id -> its target (levels and direction)."""
    return {i.id: i.target for i in registry.catalogue().indicators}


def status_cell(percent, status, lang: str, target=None, keep: sides.Sides | None = None
                ) -> str:
    """'● 92' (shape, whole per cent) for a matrix cell; empty when hidden. With the
    indicator's TARGET (or KEEP, the Sides of the indicator's row of cells), a share that whole per
    cent would round onto the other side of a target level keeps the decimals that keep it on
    its side ('▲ 89,6', not '▲ 90' beside '■ 90'; '■ 97,96' under a level of 98)."""
    if not isinstance(status, str) or pd.isna(percent):
        return ""
    keep = keep or sides.Sides.target(target, 0)
    return f"{theme.STATUS[status]['symbol']}\u00a0{keep.number(percent, lang)}"


def breakable(name: str) -> str:
    """A soft hyphen before '-sykehus' in long compounds, so narrow columns can wrap them."""
    return " ".join(w.replace("sykehus", "\u00adsykehus") if len(w) > 12 and
                    w.endswith("sykehus") else w for w in name.split(" "))


def status_matrix(indicators: pd.DataFrame, units: pd.DataFrame, region: str, year: int,
                  lang: str, names: dict[str, str]) -> Table:
    """Indicators (rows) x nation, region and the region's hospitals (columns)."""
    rows = indicators[indicators["period"] == year]
    trusts = set(units.loc[(units.unit_level == "trust") & (units.parent_id == region), "unit_id"])
    hospitals = sorted(units.loc[(units.unit_level == "hospital")
                                 & units.parent_id.isin(trusts), "unit_id"])
    label = units.set_index(["unit_level", "unit_id"])[f"name_{lang}"]
    columns = [("nation", "norway"), ("region", region)] + [("hospital", h) for h in hospitals]
    present = {(r.unit_level, r.unit_id) for r in rows.itertuples()}
    columns = [c for c in columns if c in present]
    by_key = rows.set_index(["indicator_id", "unit_level", "unit_id"])
    keeps = {i: sides.Sides.target(t, 0) for i, t in _targets().items()}
    first = i18n.t("column.indicator", lang)
    out, fills, hidden = [], {}, {}
    preliminary = preliminary_ids(rows, year)
    for i, (indicator_id, name) in enumerate(names.items()):
        line = {first: marked(name, indicator_id, preliminary)}
        for level, unit in columns:
            header = breakable(str(label.get((level, unit), unit)))
            key = (indicator_id, level, unit)
            cell = by_key.loc[key] if key in by_key.index else None
            status = None if cell is None else cell["target_status"]
            line[header] = "" if cell is None else status_cell(
                cell["percent"], status, lang, keep=keeps.setdefault(indicator_id,
                                                                     sides.Sides((), 0)))
            if isinstance(status, str):
                fills[(i, header)] = theme.STATUS[status]["fill"]
            if not line[header]:
                hidden[(i, header)] = _blank_reason(cell, lang)
        out.append(line)
    frame = pd.DataFrame(out)
    legend = "  ".join(status_text(s, lang) for s in ("high", "moderate", "low"))
    wide = sides.merged_note(list(keeps.values()), lang)
    notes = (f"{i18n.t('axis.percent', lang)}. {legend}",) + ((wide,) if wide else ())
    if preliminary:
        notes += (preliminary_note(lang, year),)
    return Table(frame, align={c: "center" for c in frame.columns[1:]}, fills=fills,
                 notes=notes, compact=True, hidden=hidden)


def _blank_reason(cell, lang: str) -> str:
    """Why a matrix cell is blank: the rule that hid its share, or no result at all."""
    return blank_reason(None if cell is None else cell.get("suppression_rule"), lang)


def blank_reason(rule, lang: str) -> str:
    """Why a cell is blank, read out by screen readers: the rule that hid the value (a
    suppression rule name), or, without one, that the unit has no result."""
    return _reason(rule, lang) or i18n.t("table.no-cases", lang)

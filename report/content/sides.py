"""Shares shown next to a status or a level line keep their side of the level.

A unit's status (target level reached, coverage satisfactory) is judged on the unrounded
share. A share shown rounded to the usual decimals could land on the other side of a level
than its status: 79.7 % coverage shown as '80 %' beside a bar under the 80 % line. A Sides
formats every share of one table or chart with the usual decimals, or with the few more that
keep it on its side (fmt.side_decimals), remembers the levels that asked for more, and words
the footnote that says why some values have more decimals than the rest (only when one has).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from report.compute import registry
from report.content import fmt, i18n


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


@dataclass
class Sides:
    """LEVELS (per cent) judged in DIRECTION, shares shown with DECIMALS unless a level asks
    for more. KIND says what is shown: 'share' (an indicator against its target levels) or
    'coverage' (against the satisfactory level)."""

    levels: tuple[float, ...] = ()
    decimals: int = 1
    direction: str = "higher"
    kind: str = "share"
    widened: set[float] = field(default_factory=set)  # levels a shown value kept decimals for

    @classmethod
    def target(cls, target, decimals: int = 1) -> Sides:
        """An indicator's target levels (moderate and high, where set)."""
        if target is None:
            return cls((), decimals)
        levels = tuple(float(v) for v in (target.moderate, target.high) if v is not None)
        return cls(levels, decimals, target.direction, "share")

    @classmethod
    def indicator(cls, indicator_id: str, decimals: int = 1) -> Sides:
        return cls.target(registry.catalogue().get(indicator_id).target, decimals)

    @classmethod
    def coverage(cls, decimals: int = 0, limit: float | None = None) -> Sides:
        """The satisfactory coverage level (settings: coverage_satisfactory)."""
        limit = registry.settings().coverage_satisfactory if limit is None else limit
        return cls((float(limit),), decimals, "higher", "coverage")

    def places(self, value) -> int:
        """The decimals VALUE is shown with (noting the levels it keeps more for)."""
        if _missing(value):
            return self.decimals
        value = float(value)
        places = fmt.side_decimals(value, self.decimals, self.levels, direction=self.direction)
        if places > self.decimals:
            self.widened.update(fmt.crossed(value, self.decimals, self.levels, self.direction))
        return places

    def percent(self, value, lang: str) -> str:
        """'84,96 %' where '85,0 %' would read as the level reached; '' when missing."""
        return "" if _missing(value) else fmt.percent(float(value), lang, self.places(value))

    def number(self, value, lang: str) -> str:
        """As percent(), without the per cent sign."""
        return "" if _missing(value) else fmt.number(float(value), lang, self.places(value))

    def rounded(self, value) -> float | None:
        """VALUE as a chart's data holds it (so its tooltip and data table show it this way)."""
        if _missing(value):
            return None
        return fmt.rounded(float(value), self.places(value))

    def note(self, lang: str, name_levels: bool = True) -> str | None:
        """The footnote, or None when no value shown was given more decimals. NAME_LEVELS
        False: 'a target level' (a table of several indicators)."""
        if not self.widened:
            return None
        levels = sorted(self.widened) if name_levels else None
        return note(lang, self.kind, self.decimals, levels)


def note(lang: str, kind: str = "share", decimals: int = 1,
         levels: list[float] | None = None) -> str:
    """'Andeler vises med én desimal; der avrundingen ville flyttet en verdi til den andre
    siden av målnivået 85 %, vises den med flere desimaler.' Coverage names its level bare
    ('80 %'); target LEVELS None words it 'a target level'."""
    shown = i18n.t(f"note.shown.{kind}_{'whole' if decimals == 0 else 'one'}", lang)
    names = [fmt.percent(v, lang, 0 if float(v).is_integer() else 1) for v in levels or ()]
    if kind == "coverage":
        level = " / ".join(names)
    elif not names:
        level = i18n.t("note.level.any", lang)
    else:
        joined = names[0] if len(names) == 1 else (
            f"{', '.join(names[:-1])} {i18n.t('word.and', lang)} {names[-1]}")
        level = i18n.t("note.level.target" if len(names) == 1 else "note.level.targets", lang,
                       levels=joined)
    return i18n.t("note.side_decimals", lang, shown=shown, level=level)


def merged_note(sides: list[Sides], lang: str) -> str | None:
    """One footnote for a table of several indicators ('a target level': each has its own),
    or None when no value in it has more decimals."""
    wide = [s for s in sides if s.widened]
    return note(lang, wide[0].kind, wide[0].decimals, None) if wide else None

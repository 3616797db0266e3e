"""Numbers formatted per language: one formatter for tables, charts and prose.

The marks (group, decimal, percent, minus) live in locale.yml. Rounding is half away from
zero on the decimal value, so 0.05 rounds to 0.1 in both languages.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("nb", "en")


class UnknownLanguage(ValueError):
    """A language code outside LANGUAGES."""


@cache
def marks(lang: str) -> dict[str, str]:
    text = resources.files("report.content").joinpath("locale.yml").read_text("utf-8")
    table = yaml.safe_load(text)
    if lang not in table:
        raise UnknownLanguage(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return table[lang]


def _digits(value: float, decimals: int) -> tuple[bool, str, str]:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    negative = rounded < 0
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    return negative and rounded != 0, whole, frac


def _group(whole: str, mark: str) -> str:
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return mark.join(parts)


def number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """4197 -> nb '4 197' (non-breaking space), en '4,197'; None/NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    m = marks(lang)
    negative, whole, frac = _digits(value, decimals)
    text = _group(whole, m["group"]) + (m["decimal"] + frac if decimals > 0 else "")
    return (m["minus"] if negative else "") + text


def side_decimals(value: float | None, decimals: int, levels=(), most: int = 3,
                  direction: str = "higher") -> int:
    """DECIMALS, or more (up to MOST) until VALUE as shown sits on the same side of every
    level as VALUE itself: 79.5 against 80 is '79,5 %', not '80 %'. A value on a level counts
    as reaching it, from above when DIRECTION is 'higher' (80.0 reaches 80) and from below
    when it is 'lower' (a target of at most 10 %: 10.04 is '10,04 %', not '10,0 %')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return decimals
    shown = decimals
    while shown < most and crossed(value, shown, levels, direction):
        shown += 1
    return shown


def crossed(value: float, decimals: int, levels=(), direction: str = "higher") -> list[float]:
    """The LEVELS that VALUE rounded to DECIMALS would be shown on the other side of."""
    reach = (lambda a, b: a >= b) if direction != "lower" else (lambda a, b: a <= b)
    shown = rounded(value, decimals)
    return [level for level in levels if reach(shown, level) != reach(value, level)]


def rounded(value: float, decimals: int) -> float:
    """VALUE rounded half away from zero to DECIMALS, as number() shows it."""
    return float(_rounded(value, decimals))


def _rounded(value: float, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(value: float | None, lang: str, decimals: int = 1) -> str:
    """A percentage given in per cent units: 87.3 -> nb '87,3 %', en '87.3%'."""
    text = number(value, lang, decimals)
    return text + marks(lang)["percent"] if text else ""


def rate(value: float | None, lang: str, decimals: int = 1) -> str:
    """A rate per 100 000 person-years, without the unit."""
    return number(value, lang, decimals)


def age_group(code: str) -> str:
    """An age group as a reader sees it: the code '00-29' -> '0–29' (no leading zeros, an en
    dash, like '50–69' in the text); '80+' and other codes as they are."""
    low, dash, high = str(code).partition("-")
    if dash and low.isdigit() and high.isdigit():
        return f"{int(low)}\u2013{int(high)}"
    return str(code)


def interval(low: float | None, high: float | None, lang: str, decimals: int = 1) -> str:
    """A confidence interval: nb '84,1–90,2', en '84.1–90.2' (en dash)."""
    if low is None or high is None:
        return ""
    return f"{number(low, lang, decimals)}\u2013{number(high, lang, decimals)}"

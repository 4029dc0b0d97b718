"""Units: one small vocabulary, each unit shown by the rule of the site's language.

A team writes a unit as it would say it (`%`, `hours`, `시간`, `min`, `$`, `원`); the spelling
maps to one unit, and the label catalog says how that unit sits beside a number in each
language ("58분" / "58 min", "$500" / "500원"). A unit outside the vocabulary is printed as
written: after the number, with a space when it is a word in Latin letters, and a leading
currency sign goes in front ("$k/yr" gives "$500k/yr").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

# spelling -> the unit it names; the catalogs hold "unit_<name>" with a {value} placeholder.
SPELLINGS: dict[str, str] = {
    "%": "percent",
    "percent": "percent",
    "pp": "pp",
    "%p": "pp",
    "percentage points": "pp",
    "weeks": "weeks",
    "week": "weeks",
    "wk": "weeks",
    "주": "weeks",
    "days": "days",
    "day": "days",
    "일": "days",
    "hours": "hours",
    "hour": "hours",
    "h": "hours",
    "시간": "hours",
    "minutes": "minutes",
    "minute": "minutes",
    "min": "minutes",
    "분": "minutes",
    "seconds": "seconds",
    "s": "seconds",
    "초": "seconds",
    "ms": "ms",
    "count": "count",
    "건": "count",
    "$": "usd",
    "usd": "usd",
    "₩": "krw",
    "원": "krw",
    "krw": "krw",
    "€": "eur",
    "eur": "eur",
}


def unit_key(unit: str) -> str | None:
    """The catalog key of a unit in the vocabulary, or None for a unit printed as written."""
    name = SPELLINGS.get(unit.strip()) or SPELLINGS.get(unit.strip().lower())
    return f"unit_{name}" if name else None


def with_unit(number: str, unit: str | None, labels: Mapping[str, str]) -> str:
    """A formatted number beside its unit."""
    if not unit:
        return number
    key = unit_key(unit)
    if key is not None:
        return labels[key].format(value=number)
    if unicodedata.category(unit[0]) == "Sc":  # a currency sign leads: $, €, ₩
        return f"{unit[0]}{number}{unit[1:]}"
    return f"{number} {unit}" if unit[0].isascii() and unit[0].isalpha() else f"{number}{unit}"

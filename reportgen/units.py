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

# The vocabulary: each unit's label key in the catalogs, whose {value} is the number.
UNIT_LABELS: dict[str, str] = {
    "items": "projects_unit",
    "count": "count_unit",
    "percent": "percent_unit",
    "pp": "unit_pp",
    "weeks": "weeks_unit",
    "days": "days_unit",
    "hours": "hours_unit",
    "minutes": "minutes_unit",
    "number": "number_unit",
    "seconds": "unit_seconds",
    "ms": "unit_ms",
    "usd": "unit_usd",
    "krw": "unit_krw",
    "eur": "unit_eur",
}

# How a team may write a unit in YAML -> the unit of the vocabulary it names.
SPELLINGS: dict[str, str] = {
    **{name: name for name in UNIT_LABELS},
    "%": "percent",
    "%p": "pp",
    "percentage points": "pp",
    "week": "weeks",
    "wk": "weeks",
    "주": "weeks",
    "day": "days",
    "일": "days",
    "hour": "hours",
    "h": "hours",
    "시간": "hours",
    "minute": "minutes",
    "min": "minutes",
    "분": "minutes",
    "s": "seconds",
    "초": "seconds",
    "건": "count",
    "$": "usd",
    "₩": "krw",
    "원": "krw",
    "€": "eur",
}


def unit_key(unit: str) -> str | None:
    """The catalog key of a unit in the vocabulary, or None for a unit printed as written."""
    name = SPELLINGS.get(unit.strip()) or SPELLINGS.get(unit.strip().lower())
    return UNIT_LABELS[name] if name else None


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

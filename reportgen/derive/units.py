"""Units: one small vocabulary, each unit shown by the rule of the site's language.

A team writes a unit as it would say it (`%`, `hours`, `시간`, `min`, `$`, `원`); the spelling
maps to one unit, and the label catalog says how that unit sits beside a number in each
language ("58분" / "58 min", "$500" / "500원"). A unit outside the vocabulary is printed as
written: after the number, with a space when it is a word in Latin letters, and a leading
currency sign goes in front ("$k/yr" gives "$500k/yr").
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping

from reportgen.load.catalogs import all_unit_spellings, language_settings, languages

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
    "jpy": "unit_jpy",
    "per_week": "unit_per_week",  # a rate (derive/aggregations.py)
    "per_month": "unit_per_month",
    "per_quarter": "unit_per_quarter",
}

# Spellings of the vocabulary in no one language: its own names and the signs. The words of each
# language ("주", "週", "week") come from the catalogs' `unit_spellings` (load/language.py).
SIGNS: dict[str, str] = {
    **{name: name for name in UNIT_LABELS},
    "%": "percent",
    "%p": "pp",
    "$": "usd",
    "₩": "krw",
    "€": "eur",
    "¥": "jpy",
}


class _Spellings(dict[str, str]):
    """How a team may write a unit in YAML -> the unit of the vocabulary it names: the signs, then
    every catalog's words. Read on first use and again when the catalogs change (a team's own)."""

    def refresh(self) -> _Spellings:
        found = languages()
        if getattr(self, "_for", None) != found:
            self.clear()
            self.update(SIGNS)
            self.update({k: v for k, v in all_unit_spellings().items() if v in UNIT_LABELS})
            self._for = found
        return self


_SPELLINGS = _Spellings()


def spellings() -> dict[str, str]:
    return _SPELLINGS.refresh()


def unit_key(unit: str) -> str | None:
    """The catalog key of a unit in the vocabulary, or None for a unit printed as written."""
    table = spellings()
    name = table.get(unit.strip()) or table.get(unit.strip().lower())
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


def count_words() -> frozenset[str]:
    """Words a team may write that print as written but still name a count (a count is never
    negative): every catalog's `count_words`, and the vocabulary's own names."""
    return frozenset({"count", "items"}).union(*(language_settings(code).count_words for code in languages()))


def canonical(unit: str) -> str:
    """A unit as the vocabulary names it ('시간' and 'h' are 'hours'), or as written, trimmed."""
    written = unit.strip()
    table = spellings()
    return table.get(written) or table.get(written.lower()) or written


def is_count(unit: str) -> bool:
    words = count_words()
    return canonical(unit) in words or unit.strip().lower() in words


def same_unit(first: str, second: str) -> bool:
    """Whether two spellings name one unit; every spelling of a count is one unit here."""
    return canonical(first) == canonical(second) or (is_count(first) and is_count(second))


def shown(unit: str) -> str:
    """How a hint writes a unit of the vocabulary back for a person to copy."""
    return {"percent": "%", "pp": "%p"}.get(unit, unit)


def close_spelling(unit: str) -> str | None:
    """A known spelling that a unit outside the vocabulary looks like a typo of ('mss', '%%'),
    or None: a team's own unit ('$k/yr', 'req/s', 'users') is left alone."""
    written = unit.strip()
    if not written or unit_key(written) is not None:
        return None
    squeezed = "".join(ch for i, ch in enumerate(written) if i == 0 or ch != written[i - 1])
    if unit_key(squeezed) is not None:  # a doubled letter or sign
        return squeezed if squeezed in spellings() else squeezed.lower()
    close = difflib.get_close_matches(written.lower(), list(spellings()), n=1, cutoff=0.85)
    return close[0] if close else None

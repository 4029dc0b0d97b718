"""Numbers as figures: how many places a figure was written with, when two figures are the same,
how far to round without crossing a target, and whether a derived figure reproduces a stated one."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

MAX_PLACES = 10


def decimal_places(value: float) -> int:
    """How many decimal places a figure was written with: 62 -> 0, 21.1 -> 1, 1e-05 -> 5."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(MAX_PLACES, max(0, -exponent)) if isinstance(exponent, int) else 0


def same(a: float, b: float) -> bool:
    """Equal as figures: derived values carry binary noise (three 6-minute incidents give an MTTR
    of 0.10000000000000002 h), which must not make an exact hit a miss."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _side(a: float, b: float) -> int:
    return 0 if same(a, b) else (a > b) - (a < b)


def places_keeping_order(value: float, against: Sequence[float], places: int) -> int:
    """The fewest decimals, from `places` up, at which `value` rounded stands on the same side of
    each of `against` as `value` itself: rounding never carries a figure across its target."""
    for shown in range(places, MAX_PLACES + 1):
        if all(_side(round(value, shown), other) == _side(value, other) for other in against):
            return shown
    return MAX_PLACES


def matches_stated(derived: float, stated: float, *, approx: bool = False) -> bool:
    """Does a derived figure reproduce a figure as a document states it?

    Documents round or truncate to the precision they print: 62.5% may be stated as 62% or 63%.
    An approximate figure ("~20") is allowed one more unit either way at that precision.
    """
    places = decimal_places(stated)
    scale = 10**places
    candidates = {math.floor(derived * scale + 0.5) / scale, math.trunc(derived * scale) / scale}
    if any(math.isclose(c, stated) for c in candidates):
        return True
    return approx and abs(derived - stated) <= 1 / scale


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile with linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def periods(first: date, last: date, per: Literal["week", "month", "quarter"]) -> float:
    """How many weeks, months or quarters from `first` (January 1) to `last`, both days counted:
    weeks are days / 7 (a whole year of 365 days is 52.14 weeks); months are the whole months
    before `last`'s plus the part of its month gone (to June 15 is 5 + 15/30 = 5.5); a quarter is 3 months."""
    if per == "week":
        return ((last - first).days + 1) / 7
    months = (last.year - first.year) * 12 + last.month - first.month
    months += last.day / calendar.monthrange(last.year, last.month)[1]
    return months if per == "month" else months / 3

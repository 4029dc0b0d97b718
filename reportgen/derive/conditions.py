"""Whether a record meets a declared condition (`where:`, a share's `among:`): the rule, in one place."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from reportgen.model.declarations import ColumnRef, Condition


def meets(row: dict[str, Any], condition: Condition | None) -> bool:
    """Whether a row is one a condition keeps (every row, without a condition).

    A test of an empty cell fails, whatever the test (`not_in` too), except `empty: true`; a bound
    naming another column fails when that cell is empty."""
    if condition is None:
        return True
    if condition.all is not None:
        return all(meets(row, part) for part in condition.all)
    if condition.any is not None:
        return any(meets(row, part) for part in condition.any)
    value = row.get(condition.column or "")
    if condition.empty is not None:
        return (value is None) == condition.empty
    if value is None:
        return False
    if condition.equals is not None and value != condition.equals:
        return False
    if condition.in_ is not None and value not in condition.in_:
        return False
    if condition.not_in is not None and value in condition.not_in:
        return False
    for bound, holds in (
        (condition.at_least, lambda v, b: v >= b),
        (condition.at_most, lambda v, b: v <= b),
        (condition.above, lambda v, b: v > b),
        (condition.below, lambda v, b: v < b),
    ):
        if bound is None:
            continue
        limit = _limit(bound, row, value)
        if limit is None or not holds(value, limit):
            return False
    return True


def _limit(bound: Any, row: dict[str, Any], value: Any) -> Any:
    """A bound as a value the cell compares with: another column's cell, or a date as its midnight."""
    if isinstance(bound, ColumnRef):
        return row.get(bound.column)
    if isinstance(value, datetime) and not isinstance(bound, datetime) and isinstance(bound, date):
        return datetime.combine(bound, time())  # at_least: 2024-03-01 on a datetime: from its first minute
    return bound

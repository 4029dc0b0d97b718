"""The aggregations a records section's figures are declared with (`of: sum`), in one registry.

Each entry says which options of the declaration it reads, which columns it needs and of which
types, which options it cannot do without, how its unit is found, how it computes over the rows
and how precisely it is shown. The declarations' check, the unit and precision of each figure,
the editor schema's list of names and the checks of record order all read it here; adding an
aggregation is one entry (plus the labels of whatever unit it introduces).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

from reportgen.derive.numbers import decimal_places
from reportgen.model.declarations import (
    Column,
    ColumnType,
    Condition,
    DurationUnit,
    MetricDeclaration,
    SectionDeclaration,
)

Rows = Sequence[dict[str, Any]]
Compute = Callable[[Rows], float | None]
# The fields of a declaration an aggregation may read.
Option = Literal["column", "start", "end", "percentile", "where", "unit", "precision"]

SECONDS: dict[DurationUnit, int] = {"minutes": 60, "hours": 3600, "days": 86400}
DEFAULT_DURATION: DurationUnit = "hours"
NUMERIC: tuple[ColumnType, ...] = ("number", "integer", "duration")
# The columns a `where` condition may test: a choice for `equals`, a number for a bound.
EQUALS_TYPES: tuple[ColumnType, ...] = ("choice",)
BOUND_TYPES: tuple[ColumnType, ...] = ("number", "integer")


@dataclass(frozen=True)
class Figure:
    """One figure an aggregation makes of a declaration (a count by choice makes one per choice)."""

    name: str
    compute: Compute
    unit: str
    precision: int | None
    suffix: str = ""  # added to the declared title
    category: str = ""  # a count by choice: the choice this figure counts


@dataclass(frozen=True)
class Aggregation:
    name: str
    # How it computes: the declaration, the seconds of its duration unit, the rows -> the value.
    compute: Callable[[MetricDeclaration, int, Rows], float | None]
    reads: tuple[Option, ...]  # the options its figures depend on
    columns: Mapping[Option, tuple[ColumnType, ...]] = field(default_factory=dict)  # option -> types of its column
    required: Mapping[Option, tuple[str, str]] = field(default_factory=dict)  # option -> (message, hint) if absent
    unit: str | None = None  # a fixed unit; None: its values' (a duration unit, or the column's unit)
    between: bool = False  # its values are the time from a `start` datetime to an `end` one
    as_written: bool = False  # shown at the places its numbers were written with, unless they are durations
    per_choice: bool = False  # one figure per choice of its column, counting the rows of that choice

    def figures(self, section: SectionDeclaration, metric: MetricDeclaration) -> list[Figure]:
        if self.per_choice:
            return _per_choice(self, section, metric)
        unit, seconds = self.unit_of(section, metric)
        compute = functools.partial(self.compute, metric, seconds)
        return [Figure(metric.name, compute, unit, self.precision(metric, unit))]

    def durations(self, section: SectionDeclaration, metric: MetricDeclaration) -> bool:
        """Whether its values are durations, which read in minutes, hours or days (`unit`)."""
        column = column_of(section, metric.column)
        return self.between or (column is not None and column.type == "duration")

    def unit_of(self, section: SectionDeclaration, metric: MetricDeclaration) -> tuple[str, int]:
        """The unit a figure reads in, and for durations how many seconds one unit is."""
        if self.unit is not None:
            return self.unit, 1
        if self.durations(section, metric):
            unit = metric.unit or DEFAULT_DURATION
            return unit, SECONDS[unit]
        column = column_of(section, metric.column)
        return (column.unit if column is not None and column.unit else "number"), 1

    def precision(self, metric: MetricDeclaration, unit: str) -> int | None:
        # A min, max or sum of typed numbers prints as they were written (an SLO attained at 99.86
        # must not read 99.9); a mean, share or duration at one decimal unless the team says.
        if metric.precision is not None:
            return metric.precision
        if unit == "count":
            return 0
        return None if self.as_written and unit not in SECONDS else 1


def column_of(section: SectionDeclaration, key: str | None) -> Column | None:
    return next((c for c in section.columns if c.key == key), None)


def meets(row: dict[str, Any], where: Condition | None) -> bool:
    """Whether a row is one a `where` condition counts (every row, without a condition)."""
    if where is None:
        return True
    value = row.get(where.column)
    if value is None:
        return False
    if where.equals is not None and value != where.equals:
        return False
    if where.at_least is not None and not value >= where.at_least:
        return False
    return not (where.at_most is not None and not value <= where.at_most)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile with linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _measure(value: Any, unit_seconds: int) -> float | None:
    """A cell as a number: durations in the metric's unit, numbers as they are."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / unit_seconds
    return value if isinstance(value, int) else float(value)  # a sum of integers stays an integer


def _values(metric: MetricDeclaration, unit_seconds: int, rows: Rows) -> list[float]:
    """The column's values in the rows that meet the condition."""
    return [
        v
        for row in rows
        if meets(row, metric.where) and (v := _measure(row.get(metric.column or ""), unit_seconds)) is not None
    ]


def _spans(metric: MetricDeclaration, unit_seconds: int, rows: Rows) -> list[float]:
    """The time from start to end in each row that has both."""
    found = []
    for row in rows:
        start, end = row.get(metric.start or ""), row.get(metric.end or "")
        if start is not None and end is not None:
            found.append((end - start).total_seconds() / unit_seconds)
    return found


def _count(metric: MetricDeclaration, unit_seconds: int, rows: Rows) -> float | None:
    return sum(1 for row in rows if meets(row, metric.where))


def _share(metric: MetricDeclaration, unit_seconds: int, rows: Rows) -> float | None:
    return 100 * sum(1 for row in rows if meets(row, metric.where)) / len(rows) if rows else None


def _of_values(
    reduce: Callable[[MetricDeclaration, list[float]], float],
    values: Callable[[MetricDeclaration, int, Rows], list[float]] = _values,
) -> Callable[[MetricDeclaration, int, Rows], float | None]:
    """A computation reducing the values found (None when there are none)."""

    def compute(metric: MetricDeclaration, unit_seconds: int, rows: Rows) -> float | None:
        found = values(metric, unit_seconds, rows)
        return reduce(metric, found) if found else None

    return compute


def _sum(metric: MetricDeclaration, found: list[float]) -> float:
    return round(sum(found), max(decimal_places(v) for v in found))  # at the places written: 0.1 + 0.2 is 0.3


def _mean(metric: MetricDeclaration, found: list[float]) -> float:
    return sum(found) / len(found)


def _percentile(metric: MetricDeclaration, found: list[float]) -> float:
    return percentile(found, float(metric.percentile if metric.percentile is not None else 50))


def _per_choice(aggregation: Aggregation, section: SectionDeclaration, metric: MetricDeclaration) -> list[Figure]:
    """A count of the rows of each choice of the column, named name_choice."""
    column = column_of(section, metric.column)
    return [
        Figure(
            f"{metric.name}_{choice.replace('-', '_')}",
            functools.partial(aggregation.compute, _choice_of(metric, choice), 1),
            "count",
            0,
            suffix=f" · {choice}",
            category=choice,
        )
        for choice in (column.choices if column else ())
    ]


def _choice_of(metric: MetricDeclaration, choice: str) -> MetricDeclaration:
    return metric.model_copy(update={"where": Condition(column=metric.column or "", equals=choice)})


_VALUES: tuple[Option, ...] = ("column", "where", "unit", "precision")
_NEEDS_PERCENTILE = ("a percentile figure needs 'percentile'", "e.g. percentile: 95")
_NEEDS_WHERE = ("a share needs 'where'", "e.g. where: {column: severity, equals: sev1}")

AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation("count", _count, ("where", "precision"), unit="count"),
        Aggregation("count_by", _count, ("column",), {"column": ("choice",)}, unit="count", per_choice=True),
        Aggregation("sum", _of_values(_sum), _VALUES, {"column": NUMERIC}, as_written=True),
        Aggregation("mean", _of_values(_mean), _VALUES, {"column": NUMERIC}),
        Aggregation("min", _of_values(lambda _, found: min(found)), _VALUES, {"column": NUMERIC}, as_written=True),
        Aggregation("max", _of_values(lambda _, found: max(found)), _VALUES, {"column": NUMERIC}, as_written=True),
        Aggregation(
            "percentile",
            _of_values(_percentile),
            ("column", "percentile", "where", "unit", "precision"),
            {"column": NUMERIC},
            {"percentile": _NEEDS_PERCENTILE},
        ),
        Aggregation(
            "mean_between",
            _of_values(_mean, _spans),
            ("start", "end", "unit", "precision"),
            {"start": ("datetime",), "end": ("datetime",)},
            between=True,
        ),
        Aggregation("share", _share, ("where", "precision"), required={"where": _NEEDS_WHERE}, unit="percent"),
    )
}


def figures(section: SectionDeclaration, metric: MetricDeclaration) -> list[Figure]:
    """The figures a declaration makes; its `of` names an aggregation (settings_check checks it)."""
    return AGGREGATIONS[metric.of].figures(section, metric)


def spans(section: SectionDeclaration) -> Iterator[tuple[str | None, str | None]]:
    """(start, end) of each figure measuring the time between two datetime columns."""
    return ((m.start, m.end) for m in section.metrics if AGGREGATIONS[m.of].between)

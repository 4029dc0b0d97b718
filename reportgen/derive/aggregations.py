"""The aggregations a records section's figures are declared with (`of: sum`), in one registry.

Each entry says which options of the declaration it reads, which columns it needs and of which
types, which options it cannot do without, how its unit is found, how it computes over the rows
and how precisely it is shown. The declarations' check, the unit and precision of each figure,
the editor schema's list of names and the checks of record order all read it here; adding an
aggregation is one entry (plus the labels of whatever unit it introduces).

Every aggregation is computed over the records its condition keeps (`where`; a share's `among`),
filtered in one place, `_filtered`, before the aggregation sees them. A declared option that an
aggregation does not read is refused by the settings check, so none is ever ignored.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from reportgen.derive.conditions import meets
from reportgen.derive.describe import Describe, described
from reportgen.derive.numbers import decimal_places, percentile, periods
from reportgen.model.declarations import (
    Column,
    ColumnType,
    Condition,
    DurationUnit,
    MetricDeclaration,
    Period,
    SectionDeclaration,
)
from reportgen.model.fields import same_name

Rows = Sequence[dict[str, Any]]


@dataclass(frozen=True)
class Records:
    """The rows a figure is computed over, and the part of the year a rate is over: from January 1
    to December 31, or to the report's `as_of` day for a year still being written. Never the day of
    the build, so the same facts always give the same figures."""

    rows: Rows
    first: date
    last: date
    as_of: bool = False  # `last` is the report's as_of day

    @classmethod
    def of_year(cls, rows: Rows, year: int, as_of: date | None = None) -> Records:
        return cls(rows, date(year, 1, 1), as_of or date(year, 12, 31), as_of is not None)


Compute = Callable[[Records], float | None]
# The fields of a declaration an aggregation may read.
Option = Literal["column", "over", "start", "end", "percentile", "per", "date", "where", "among", "unit", "precision"]

SECONDS: dict[DurationUnit, int] = {"minutes": 60, "hours": 3600, "days": 86400}
DEFAULT_DURATION: DurationUnit = "hours"
NUMERIC: tuple[ColumnType, ...] = ("number", "integer", "duration")
NUMBERS: tuple[ColumnType, ...] = ("number", "integer")
DATED: tuple[ColumnType, ...] = ("date", "datetime")
# What each test of a condition may test: equals/in/not_in a value, a bound an ordered column; empty any.
EQUALS_TYPES: tuple[ColumnType, ...] = ("choice", "text", "integer", "project")
BOUND_TYPES: tuple[ColumnType, ...] = ("number", "integer", "duration", "date", "datetime")
# Columns whose values compare with each other: a number with an integer, otherwise the same type.
COMPARABLE: dict[ColumnType, str] = {"number": "number", "integer": "number"}
# The unit of a figure per week, month or quarter.
PER_UNIT: dict[Period, str] = {"week": "per_week", "month": "per_month", "quarter": "per_quarter"}


@dataclass(frozen=True)
class Figure:
    """One figure an aggregation makes of a declaration (a count by choice makes one per choice)."""

    name: str
    compute: Compute
    unit: str
    precision: int | None
    suffix: str = ""  # added to the declared title
    category: str = ""  # a count by choice: the choice this figure counts
    per: Period | None = None  # a rate: the period it is per, whose span the page states
    declaration: MetricDeclaration | None = None  # what it computes (a count by choice: with its choice)


@dataclass(frozen=True)
class Aggregation:
    name: str
    # How it computes: the declaration, the seconds of its duration unit, the records its condition kept.
    compute: Callable[[MetricDeclaration, int, Records], float | None]
    reads: tuple[Option, ...]  # the options its figures depend on; the check refuses any other
    columns: Mapping[Option, tuple[ColumnType, ...]] = field(default_factory=dict)  # option -> types of its column
    required: Mapping[Option, tuple[str, str]] = field(default_factory=dict)  # option -> (message, hint) if absent
    optional: tuple[Option, ...] = ()  # column options that may be left out (a rate without a column counts)
    unit: str | None = None  # a fixed unit; None: its values' (a duration unit, or the column's unit)
    between: bool = False  # its values are the time from a `start` datetime to an `end` one
    as_written: bool = False  # shown at the places its numbers were written with, unless they are durations
    per_choice: bool = False  # one figure per choice of its column, counting the rows of that choice
    per_period: bool = False  # a rate: its unit is per its `per` (a week, a month, a quarter)
    alike: tuple[Option, ...] = ()  # options whose columns must be of one kind (a ratio's two)
    filter: Option = "where"  # the condition that picks the records it is computed over
    # Its rule in the site's words, naming each option's value; no aggregation is registered without one.
    describe: Describe = field(kw_only=True)

    def figures(self, section: SectionDeclaration, metric: MetricDeclaration) -> list[Figure]:
        metric = self.resolved(section, metric)
        if self.per_choice:
            return _per_choice(self, section, metric)
        unit, seconds = self.unit_of(section, metric)
        compute = functools.partial(_filtered, self, metric, seconds)
        return [Figure(metric.name, compute, unit, self.precision(metric, unit), per=metric.per, declaration=metric)]

    def resolved(self, section: SectionDeclaration, metric: MetricDeclaration) -> MetricDeclaration:
        """The declaration with what it may leave out filled in: a rate's date column is the first one."""
        if self.per_period and metric.date is None:
            return metric.model_copy(update={"date": first_dated(section)})
        return metric

    def durations(self, section: SectionDeclaration, metric: MetricDeclaration) -> bool:
        """Whether its values are durations, which read in minutes, hours or days (`unit`)."""
        column = column_of(section, metric.column)
        return self.between or (column is not None and column.type == "duration")

    def unit_of(self, section: SectionDeclaration, metric: MetricDeclaration) -> tuple[str, int]:
        """The unit a figure reads in, and for durations how many seconds one unit is."""
        if self.unit is not None:
            return self.unit, 1
        if self.per_period:
            return PER_UNIT[metric.per or "week"], 1
        if self.durations(section, metric):
            unit = metric.unit or DEFAULT_DURATION
            return unit, SECONDS[unit]
        column = column_of(section, metric.column)
        return (column.unit if column is not None and column.unit else "number"), 1

    def precision(self, metric: MetricDeclaration, unit: str) -> int | None:
        # A min, max or sum of typed numbers prints as they were written (an SLO attained at 99.86
        # must not read 99.9); a mean, share, ratio, rate or duration at one decimal unless the team says.
        if metric.precision is not None:
            return metric.precision
        if unit == "count":
            return 0
        return None if self.as_written and unit not in SECONDS else 1


def column_of(section: SectionDeclaration, key: str | None) -> Column | None:
    return next((c for c in section.columns if c.key == key), None)


def first_dated(section: SectionDeclaration) -> str | None:
    """The first date or datetime column: where a rate places each record unless it says `date:`."""
    return next((c.key for c in section.columns if c.type in DATED), None)


def _filtered(aggregation: Aggregation, metric: MetricDeclaration, seconds: int, records: Records) -> float | None:
    """The one place a figure's condition picks its records, whatever the aggregation."""
    condition = getattr(metric, aggregation.filter)
    kept = records if condition is None else replace(records, rows=[r for r in records.rows if meets(r, condition)])
    return aggregation.compute(metric, seconds, kept)


def _measure(value: Any, unit_seconds: int) -> float | None:
    """A cell as a number: durations in the metric's unit, numbers as they are."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / unit_seconds
    return value if isinstance(value, int) else float(value)  # a sum of integers stays an integer


def _values(metric: MetricDeclaration, unit_seconds: int, records: Records) -> list[float]:
    """The column's values in the records, empty cells left out (a mean is over the cells given)."""
    return [v for row in records.rows if (v := _measure(row.get(metric.column or ""), unit_seconds)) is not None]


def _spans(metric: MetricDeclaration, unit_seconds: int, records: Records) -> list[float]:
    """The time from start to end in each row that has both."""
    found = []
    for row in records.rows:
        start, end = row.get(metric.start or ""), row.get(metric.end or "")
        if start is not None and end is not None:
            found.append((end - start).total_seconds() / unit_seconds)
    return found


def _count(metric: MetricDeclaration, unit_seconds: int, records: Records) -> float | None:
    return len(records.rows)


def _share(metric: MetricDeclaration, unit_seconds: int, records: Records) -> float | None:
    """The percentage of the records (those `among` keeps) that meet `where`."""
    rows = records.rows
    return 100 * sum(1 for row in rows if meets(row, metric.where)) / len(rows) if rows else None


def _count_distinct(metric: MetricDeclaration, unit_seconds: int, records: Records) -> float | None:
    """How many different values the column holds; texts that differ only in case or spacing are one,
    as the `unique` check compares them."""
    cells = (row.get(metric.column or "") for row in records.rows)
    return len({same_name(v) if isinstance(v, str) else v for v in cells if v is not None})


def _ratio(metric: MetricDeclaration, unit_seconds: int, records: Records) -> float | None:
    """100 × the sum of `column` over the sum of `over`, in the records that give both (a run with no
    count of on-time runs says nothing about them); none when the sum of `over` is 0."""
    pairs = [
        (top, bottom)
        for row in records.rows
        if (top := _measure(row.get(metric.column or ""), 1)) is not None
        and (bottom := _measure(row.get(metric.over or ""), 1)) is not None
    ]
    below = sum(bottom for _, bottom in pairs)
    return 100 * sum(top for top, _ in pairs) / below if below else None


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None


def _rate(metric: MetricDeclaration, unit_seconds: int, records: Records) -> float | None:
    """The count of records (or the sum of `column` in them) dated from the span's first day to its last,
    per week, month or quarter of the span. Records without a date, or dated outside it, are left out."""
    days = ((row, _day(row.get(metric.date or ""))) for row in records.rows)
    inside = [row for row, day in days if day is not None and records.first <= day <= records.last]
    if metric.column is None:
        total: float = len(inside)
    else:
        found = _values(metric, 1, replace(records, rows=inside))
        if not found:
            return None
        total = _sum(metric, found)
    return total / periods(records.first, records.last, metric.per or "week")


def _of_values(
    reduce: Callable[[MetricDeclaration, list[float]], float],
    values: Callable[[MetricDeclaration, int, Records], list[float]] = _values,
) -> Callable[[MetricDeclaration, int, Records], float | None]:
    """A computation reducing the values found (None when there are none)."""

    def compute(metric: MetricDeclaration, unit_seconds: int, records: Records) -> float | None:
        found = values(metric, unit_seconds, records)
        return reduce(metric, found) if found else None

    return compute


def _sum(metric: MetricDeclaration, found: list[float]) -> float:
    return round(sum(found), max(decimal_places(v) for v in found))  # at the places written: 0.1 + 0.2 is 0.3


def _mean(metric: MetricDeclaration, found: list[float]) -> float:
    return sum(found) / len(found)


def _percentile(metric: MetricDeclaration, found: list[float]) -> float:
    return percentile(found, float(metric.percentile if metric.percentile is not None else 50))


def _per_choice(aggregation: Aggregation, section: SectionDeclaration, metric: MetricDeclaration) -> list[Figure]:
    """A count of the rows of each choice of the column (among those `where` keeps), named name_choice."""
    column = column_of(section, metric.column)
    found = []
    for choice in column.choices if column else ():
        picked = Condition(column=metric.column, equals=choice)
        where = picked if metric.where is None else Condition(all=(metric.where, picked))
        counted = metric.model_copy(update={"where": where})
        found.append(
            Figure(
                f"{metric.name}_{choice.replace('-', '_')}",
                functools.partial(_filtered, aggregation, counted, 1),
                "count",
                aggregation.precision(metric, "count"),
                suffix=f" · {choice}",
                category=choice,
                declaration=counted,
            )
        )
    return found


_VALUES: tuple[Option, ...] = ("column", "where", "unit", "precision")
_NUMERIC: Mapping[Option, tuple[ColumnType, ...]] = {"column": NUMERIC}
_LOWEST = _of_values(lambda _, found: min(found))
_HIGHEST = _of_values(lambda _, found: max(found))
_MEDIAN = _of_values(lambda _, found: percentile(found, 50))
_NEEDS_PERCENTILE = ("a percentile figure needs 'percentile'", "e.g. percentile: 95")
_NEEDS_WHERE = ("a share needs 'where'", "e.g. where: {column: severity, equals: sev1}")
_NEEDS_PER = ("a rate needs 'per'", "per: week, per: month or per: quarter")

AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation("count", _count, ("where", "precision"), unit="count", describe=described("rule_count")),
        Aggregation(
            "count_by",
            _count,
            ("column", "where", "precision"),
            {"column": ("choice",)},
            unit="count",
            per_choice=True,
            describe=described("rule_count"),
        ),
        Aggregation("sum", _of_values(_sum), _VALUES, _NUMERIC, as_written=True, describe=described("rule_sum")),
        Aggregation("mean", _of_values(_mean), _VALUES, _NUMERIC, describe=described("rule_mean")),
        Aggregation("min", _LOWEST, _VALUES, _NUMERIC, as_written=True, describe=described("rule_min")),
        Aggregation("max", _HIGHEST, _VALUES, _NUMERIC, as_written=True, describe=described("rule_max")),
        Aggregation(
            "percentile",
            _of_values(_percentile),
            ("column", "percentile", "where", "unit", "precision"),
            {"column": NUMERIC},
            {"percentile": _NEEDS_PERCENTILE},
            describe=described("rule_percentile"),
        ),
        Aggregation(
            "mean_between",
            _of_values(_mean, _spans),
            ("start", "end", "where", "unit", "precision"),
            {"start": ("datetime",), "end": ("datetime",)},
            between=True,
            describe=described("rule_mean_between"),
        ),
        Aggregation(
            "share",
            _share,
            ("where", "among", "precision"),
            required={"where": _NEEDS_WHERE},
            unit="percent",
            filter="among",  # `where` is what it counts; `among`, the records it is a share of
            describe=described("rule_share", counts_where=True),
        ),
        Aggregation("median", _MEDIAN, _VALUES, _NUMERIC, describe=described("rule_median")),
        Aggregation(
            "median_between",  # DORA's lead time is a median: a few stuck changes must not move it
            _of_values(lambda _, found: percentile(found, 50), _spans),
            ("start", "end", "where", "unit", "precision"),
            {"start": ("datetime",), "end": ("datetime",)},
            between=True,
            describe=described("rule_median_between"),
        ),
        Aggregation(
            "count_distinct",
            _count_distinct,
            ("column", "where", "precision"),
            {"column": ("text", "choice", "integer", "number", "date", "link", "project")},
            unit="count",
            describe=described("rule_count_distinct"),
        ),
        Aggregation(
            "ratio",
            _ratio,
            ("column", "over", "where", "precision"),
            {"column": NUMERIC, "over": NUMERIC},
            unit="percent",
            alike=("column", "over"),
            describe=described("rule_ratio"),
        ),
        Aggregation(
            "rate",
            _rate,
            ("column", "per", "date", "where", "precision"),
            {"column": NUMBERS, "date": DATED},
            {"per": _NEEDS_PER},
            optional=("column", "date"),
            per_period=True,
            describe=described("rule_rate"),
        ),
    )
}


def figures(section: SectionDeclaration, metric: MetricDeclaration) -> list[Figure]:
    """The figures a declaration makes; its `of` names an aggregation (settings_check checks it)."""
    return AGGREGATIONS[metric.of].figures(section, metric)


def spans(section: SectionDeclaration) -> Iterator[tuple[str | None, str | None]]:
    """(start, end) of each figure measuring the time between two datetime columns."""
    return ((m.start, m.end) for m in section.metrics if AGGREGATIONS[m.of].between)


def rate_dates(section: SectionDeclaration) -> list[str]:
    """The columns that place a record in the span of a rate, each once."""
    found = (AGGREGATIONS[m.of].resolved(section, m).date for m in section.metrics if AGGREGATIONS[m.of].per_period)
    return list(dict.fromkeys(key for key in found if key))

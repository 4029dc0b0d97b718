"""A figure within the year: the months, quarters or weeks of a report's year, and a declared
figure computed over the records each one holds (a records section's chart `by: month`).

The periods run from January 1 to December 31, or to the report's `as_of` day for a year still
being written (the last period then ends there), as a rate's span does: never the day of the build.
A week is seven days counted from January 1, as a rate's weeks are, so the year's last one holds
its last day or two. A record is placed by the day of its date column; one without that date, or
dated outside the span, is in no period.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from reportgen.derive.aggregations import Records, first_dated
from reportgen.model.declarations import ChartDeclaration, ColumnType, SectionDeclaration

PeriodBy = Literal["month", "quarter", "week"]
BY_PERIOD: tuple[PeriodBy, ...] = ("week", "month", "quarter")  # shortest first
# A chart by record: the columns whose value it draws, and those that may name each record.
VALUE_TYPES: tuple[ColumnType, ...] = ("number", "integer", "duration")
LABEL_TYPES: tuple[ColumnType, ...] = ("text", "choice", "integer", "number", "date", "datetime")


@dataclass(frozen=True)
class Span:
    """One period of the year: its number (the month 1-12, the quarter 1-4, the week 1-53) and days."""

    number: int
    first: date
    last: date


@dataclass(frozen=True)
class Point:
    """A period, how many of the section's records it holds, and the figure over them (None: none)."""

    span: Span
    records: int
    value: float | None


def year_periods(year: int, by: PeriodBy, as_of: date | None = None) -> list[Span]:
    """The periods of `year` up to its last day (or `as_of`), the last one cut there."""
    end = Records.of_year((), year, as_of).last
    found: list[Span] = []
    if by == "week":
        first = date(year, 1, 1)
        while first <= end:
            found.append(Span(len(found) + 1, first, min(first + timedelta(days=6), end)))
            first += timedelta(days=7)
        return found
    months = 1 if by == "month" else 3
    for number, month in enumerate(range(1, 13, months), start=1):
        first = date(year, month, 1)
        if first > end:
            break
        last_month = month + months - 1
        last = date(year, last_month, calendar.monthrange(year, last_month)[1])
        found.append(Span(number, first, min(last, end)))
    return found


def day_of(value: Any) -> date | None:
    """The day a cell places its record on: a date, or a date and time's day."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def series(
    rows: Sequence[dict[str, Any]],
    compute: Callable[[Records], float | None],
    date_key: str,
    spans: list[Span],
    as_of: date | None = None,
) -> list[Point]:
    """The figure `compute` gives over each period's records: the aggregation's own computation, so
    a period's count, sum or mean is the year's, over fewer records (a mean over none is None)."""
    days = [(row, day_of(row.get(date_key))) for row in rows]
    found = []
    for span in spans:
        inside = [row for row, day in days if day is not None and span.first <= day <= span.last]
        records = Records(inside, span.first, span.last, as_of is not None and span.last == as_of)
        found.append(Point(span, len(inside), compute(records)))
    return found


def placed(rows: Sequence[dict[str, Any]], date_key: str, spans: list[Span]) -> int:
    """How many rows fall in one of the periods (the others are in none: undated, or outside the span)."""
    if not spans:
        return 0
    first, last = spans[0].first, spans[-1].last
    return sum(1 for row in rows if (day := day_of(row.get(date_key))) is not None and first <= day <= last)


def chart_date(section: SectionDeclaration, chart: ChartDeclaration) -> str | None:
    """The column a chart by period places records by: its own `date`, else its figure's (a rate's),
    else the section's first date or datetime column."""
    if chart.date is not None:
        return chart.date
    metric = next((m for m in section.metrics if m.name == chart.metric), None)
    return metric.date if metric is not None and metric.date is not None else first_dated(section)

"""A records section's declared figures (count, count by choice, sum/mean/min/max/percentile, mean
time between two datetimes, share meeting a condition) as entries of the metric registry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, Literal

from reportgen.derive.metrics import Metric
from reportgen.derive.numbers import decimal_places
from reportgen.model.declarations import Column, MetricDeclaration, SectionDeclaration

SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}

Rows = Sequence[dict[str, Any]]


def _column(declaration: SectionDeclaration, key: str | None) -> Column | None:
    return next((c for c in declaration.columns if c.key == key), None)


def _measure(value: Any, unit_seconds: int) -> float | None:
    """A cell as a number: durations in the metric's unit, numbers as they are."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / unit_seconds
    return value if isinstance(value, int) else float(value)  # a sum of integers stays an integer


def _meets(row: dict[str, Any], metric: MetricDeclaration) -> bool:
    where = metric.where
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


def _aggregate(metric: MetricDeclaration, unit_seconds: int) -> Callable[[Rows], float | None]:
    def values(rows: Rows) -> list[float]:
        if metric.of == "mean_between":
            found = []
            for row in rows:
                start, end = row.get(metric.start or ""), row.get(metric.end or "")
                if start is not None and end is not None:
                    found.append((end - start).total_seconds() / unit_seconds)
            return found
        return [
            v
            for row in rows
            if _meets(row, metric) and (v := _measure(row.get(metric.column or ""), unit_seconds)) is not None
        ]

    def compute(rows: Rows) -> float | None:
        if metric.of == "count":
            return sum(1 for row in rows if _meets(row, metric))
        if metric.of == "share":
            return 100 * sum(1 for row in rows if _meets(row, metric)) / len(rows) if rows else None
        found = values(rows)
        if not found:
            return None
        if metric.of == "sum":  # at the places the numbers were written with: 0.1 + 0.2 is 0.3
            return round(sum(found), max(decimal_places(v) for v in found))
        if metric.of in ("mean", "mean_between"):
            return sum(found) / len(found)
        if metric.of == "min":
            return min(found)
        if metric.of == "max":
            return max(found)
        return percentile(found, float(metric.percentile if metric.percentile is not None else 50))

    return compute


def _unit(declaration: SectionDeclaration, metric: MetricDeclaration) -> tuple[str, int]:
    """The unit a figure reads in, and for durations how many seconds one unit is."""
    if metric.of in ("count", "count_by"):
        return "count", 1
    if metric.of == "share":
        return "percent", 1
    column = _column(declaration, metric.column)
    if metric.of == "mean_between" or (column is not None and column.type == "duration"):
        unit = metric.unit or "hours"
        return unit, SECONDS[unit]
    return (column.unit if column is not None and column.unit else "number"), 1


def _title(declaration: MetricDeclaration, suffix: str = "") -> dict[str, str]:
    return {language: text + suffix for language, text in declaration.title.items()}


def declared_metrics(section_key: str, declaration: SectionDeclaration) -> list[Metric]:
    """The registry entries of a records section's declared figures."""
    found = []
    for metric in declaration.metrics:
        unit, seconds = _unit(declaration, metric)
        aggregate = _aggregate(metric, seconds)
        # A min, max or sum of typed numbers prints as they were written (an SLO attained at 99.86
        # must not read 99.9); a mean, share or duration at one decimal unless the team says.
        written = metric.of in ("min", "max", "sum") and unit not in SECONDS
        precision = (
            metric.precision if metric.precision is not None else (0 if unit == "count" else None if written else 1)
        )
        kind: Literal["count", "number"] = "count" if unit == "count" else "number"
        if metric.of == "count_by":
            column = _column(declaration, metric.column)
            for choice in column.choices if column else ():
                found.append(
                    Metric(
                        f"{metric.name}_{choice.replace('-', '_')}",
                        _rows_of(section_key, _count_choice(metric.column or "", choice)),
                        "count",
                        0,
                        "count",
                        "",
                        titles=_title(metric, f" · {choice}"),
                        group=metric.name,
                        category=choice,
                        section=section_key,
                    )
                )
            continue
        found.append(
            Metric(
                metric.name,
                _rows_of(section_key, aggregate),
                kind,
                precision,
                unit,
                "",
                titles=_title(metric),
                section=section_key,
            )
        )
    return found


def _count_choice(column: str, choice: str) -> Callable[[Rows], float | None]:
    return lambda rows: sum(1 for row in rows if row.get(column) == choice)


def _rows_of(section_key: str, compute: Callable[[Rows], float | None]) -> Callable[[Any], float | None]:
    return lambda report: compute(report.sections.get(section_key) or ())  # no file: no rows

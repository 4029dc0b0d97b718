"""Records sections: a table whose columns a team declares, and the figures derived from it.

`file_model` turns a declaration into the pydantic model of its YAML file, so records are
validated like every other file (file:line:col, did-you-mean, types). `declared_metrics` turns the
declared figures (count, count by choice, sum/mean/min/max/percentile, mean time between two
datetimes, share meeting a condition) into entries of the metric registry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, create_model

from reportgen.derive.metrics import Metric, decimal_places
from reportgen.model.declarations import Column, MetricDeclaration, SectionDeclaration
from reportgen.model.facts import Facts, Id, Number, Text, Url

_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*d)?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*$")
SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}


def parse_duration(value: Any) -> Any:
    """`90m`, `1h 30m`, `2h`, `1.5h`, `3d`: a team writes durations as people do."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str) and value.startswith("P"):
        return value  # ISO 8601 (PT1H30M), as data.json writes durations; pydantic reads it
    if not isinstance(value, str):
        raise ValueError(f"expected a duration such as 45m, 1h 30m or 2d, got {value!r}")
    match = _DURATION.match(value)
    if not match or not any(match.groups()):
        raise ValueError(f"'{value}' is not a duration; write it as 45m, 1h 30m or 2d")
    days, hours, minutes = (float(part) if part else 0.0 for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def _datetime_only(value: Any) -> Any:
    # pydantic would read 1700000000 as a Unix time; a typed number is a mistake here, not a time.
    if isinstance(value, datetime | str):
        return value
    if isinstance(value, date):
        raise ValueError(f"{value} has no time of day; write it as {value}T09:00 or {value} 09:00:00")
    raise ValueError(f"expected a date and time such as 2024-03-04 09:30, got {value!r}")


def _as_written(value: datetime) -> datetime:
    """Times are shown and compared as written, in the team's own clock. One with an offset would
    have to be moved to some zone to sit beside the others, changing the time the reader sees
    (10:00+09:00 showed as 01:00), so it is refused with what to write instead."""
    if value.tzinfo is not None:
        local = value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
        raise ValueError(f"'{value.isoformat()}' has a time zone; write the team's local time without it, e.g. {local}")
    return value


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
DateTime = Annotated[datetime, BeforeValidator(_datetime_only), AfterValidator(_as_written)]
# A project reference: the cross-file check looks for fields marked like this.
PROJECT_REF = "project-ref"
ProjectRef = Id


def _column_type(column: Column) -> Any:
    types: dict[str, Any] = {
        "text": Text,
        "number": Number,
        "integer": Annotated[int, Field(strict=True)],
        "date": date,
        "datetime": DateTime,
        "duration": Duration,
        "link": Url,
        "project": ProjectRef,
    }
    if column.type == "choice":
        return Literal[column.choices] if column.choices else Text  # type: ignore[valid-type]
    if column.min is not None or column.max is not None:  # checked at the value, like every type
        return Annotated[types[column.type], Field(ge=column.min, le=column.max)]
    return types[column.type]


def file_model(declaration: SectionDeclaration) -> type[BaseModel]:
    """The model of a records section's file: `records:` a list of rows with the declared columns."""
    fields: dict[str, Any] = {"id": (Id | None, None)}
    for column in declaration.columns:
        kind = _column_type(column)
        # The marker sits on the field itself, where the cross-file check looks for project references.
        extra = {"x-reportgen": PROJECT_REF} if column.type == "project" else None
        default = Field(... if column.required else None, json_schema_extra=extra)
        fields[column.key] = (kind if column.required else kind | None, default)
    name = "".join(part.capitalize() for part in declaration.key.split("_"))
    row = create_model(f"{name}Record", __base__=Facts, **fields)
    return create_model(f"{name}File", __base__=Facts, records=(tuple[row, ...], ()))  # type: ignore[valid-type]


def is_project_ref(model: type[BaseModel], field: str) -> bool:
    info = model.model_fields.get(field)
    extra = info.json_schema_extra if info is not None else None
    return field == "project" or (isinstance(extra, dict) and extra.get("x-reportgen") == PROJECT_REF)


# ---- derived figures


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
    return lambda report: compute(report.records.get(section_key, ()))


# ---- how a cell reads on a page


def cell(column: Column, value: Any, report: Any, fmt: Any) -> Any:
    """A record's cell as page text (escaped by the template hook), or trusted Markdown for a link."""
    from reportgen.render.markdown_text import Markdown, escape_markdown

    if value is None:
        return fmt.labels["none"]
    if column.type == "number":
        return fmt.measure(value, column.unit or "number", 6)  # as precise as written; no trailing zeros
    if column.type == "integer":
        return fmt.measure(value, column.unit or "number", 0)
    if column.type == "datetime":
        return value.isoformat(sep=" ", timespec="minutes")
    if column.type == "date":
        return value.isoformat()
    if column.type == "duration":
        minutes = value.total_seconds() / 60
        return fmt.measure(minutes, "minutes", 0) if minutes < 60 else fmt.measure(minutes / 60, "hours", 2)
    if column.type == "link":
        # The model checked the URL (http(s), mailto or relative); the page sits in the year's folder,
        # where relative links are written from.
        return Markdown(f"[{escape_markdown(value)}](<{value}>)")
    if column.type == "project":
        return report.project(value).name
    return str(value)

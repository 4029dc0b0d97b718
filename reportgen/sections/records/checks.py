"""A records section's checks: the order of the times a figure measures between (form, before the
year is assembled), and of meaning: dates in the year (and not after its as_of day, for a rate), no
record or unique value listed twice."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from reportgen.derive.aggregations import rate_dates, spans
from reportgen.load.loader import Document
from reportgen.load.problems import Problem, Severity
from reportgen.model.declarations import SectionDeclaration
from reportgen.model.fields import same_name
from reportgen.sections.kind import Section, YearCheck


def form_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    """A time a figure measures from must come before the time it measures to (an incident is
    resolved after it is detected), or the mean time between them would be negative."""
    problems: list[Problem] = []
    facts, doc = check.year.of(section)
    if section is not None and facts is not None and doc is not None and section.declaration is not None:
        pairs = dict.fromkeys(spans(section.declaration))
        for index, row in enumerate(facts.records):
            for start, end in pairs:
                began, ended = getattr(row, start or "", None), getattr(row, end or "", None)
                if began is not None and ended is not None and ended < began:
                    problems.append(
                        doc.problem(
                            ("records", index, end),
                            f"'{end}' ({ended:%Y-%m-%d %H:%M}) is before '{start}' ({began:%Y-%m-%d %H:%M})",
                            f"check both times; '{end}' comes after '{start}'",
                            code="end-before-start",
                        )
                    )
    return problems


def _record_name(declaration: SectionDeclaration, row: BaseModel, index: int) -> str:
    """How a message names a record: its id, else its first text (a title, a service), else its place."""
    if getattr(row, "id", None):
        return f"'{row.id}'"  # type: ignore[attr-defined]
    for column in declaration.columns:
        value = getattr(row, column.key, None)
        if column.type == "text" and value is not None:
            return f"'{value}'"
    return f"#{index + 1}"


def _ends(declaration: SectionDeclaration) -> dict[str, str]:
    """The datetime columns a figure measures to, with the column it measures from."""
    return {end: start for start, end in spans(declaration) if start and end}


def _record_dates(
    declaration: SectionDeclaration, rows: Sequence[BaseModel], doc: Document, year: int
) -> Iterator[Problem]:
    dated = [c.key for c in declaration.columns if c.type in ("date", "datetime")]
    ends = _ends(declaration)
    for index, row in enumerate(rows):
        for key in dated:
            value = getattr(row, key, None)
            if value is None or value.year == year:
                continue
            began = getattr(row, ends.get(key, ""), None)
            if began is not None and began.year == year and value.year == year + 1:
                continue  # started in the year and ended after New Year: it belongs here
            shown = value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else str(value)
            yield doc.problem(
                ("records", index, key),
                f"{declaration.key} record {_record_name(declaration, row, index)}: {key} {shown} is outside {year}",
                f"correct the date, or move the record to content/{value.year}/ if it belongs to that year",
                severity=Severity.WARNING,
                code="outside-year",
            )


def _after_as_of(
    declaration: SectionDeclaration, rows: Sequence[BaseModel], doc: Document, as_of: date | None
) -> Iterator[Problem]:
    """A record a rate places after the report's as_of day: the rate's span ends there, so it is not
    counted, which is either a stale as_of or a wrong date (a date in another year is outside-year's)."""
    if as_of is None:
        return
    for key in rate_dates(declaration):
        for index, row in enumerate(rows):
            value = getattr(row, key, None)
            day = value.date() if isinstance(value, datetime) else value
            if isinstance(day, date) and day > as_of and day.year == as_of.year:
                shown = value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else str(value)
                yield doc.problem(
                    ("records", index, key),
                    f"{declaration.key} record {_record_name(declaration, row, index)}: {key} {shown} is after "
                    f"the report's as_of day ({as_of}), so its rates leave it out",
                    "move as_of in report.yaml on to the day the facts run to, or correct the date",
                    severity=Severity.WARNING,
                    code="after-as-of",
                )


def _record_copies(declaration: SectionDeclaration, rows: Sequence[BaseModel], doc: Document) -> Iterator[Problem]:
    """The same record twice (every column but the id equal), or a value twice in a column declared
    `unique` (one SLO per service): each copy is counted in the figures."""
    keys = [c.key for c in declaration.columns]
    unique = [c.key for c in declaration.columns if c.unique]
    seen_rows: dict[tuple[Any, ...], int] = {}
    seen_values: dict[tuple[str, Any], int] = {}
    for index, row in enumerate(rows):
        values = tuple(getattr(row, key, None) for key in keys)
        first = seen_rows.get(values)
        row_id = getattr(row, "id", None)
        if first is not None and row_id is not None and getattr(rows[first], "id", None) == row_id:
            continue  # a copy under the same id: the duplicate id is the error reported
        if values in seen_rows:
            line, col = doc.where(("records", seen_rows[values]))
            yield doc.problem(
                ("records", index),
                f"{declaration.key} record {_record_name(declaration, row, index)} repeats the one at line {line}, "
                f"column {col} (every column but the id is the same)",
                "list it once: remove the copy, or correct the value that tells the two apart; "
                "each record is counted in the figures",
                code="listed-twice",
            )
            continue
        seen_rows[values] = index
        for key in unique:
            value = getattr(row, key, None)
            if value is None:
                continue
            marker = (key, same_name(value) if isinstance(value, str) else value)
            if marker in seen_values:
                line, col = doc.where(("records", seen_values[marker], key))
                yield doc.problem(
                    ("records", index, key),
                    f"{key} '{value}' is listed twice (also at line {line}, column {col})",
                    f"'{key}' is unique in {declaration.key}: merge the two records into one",
                    code="listed-twice",
                )
            else:
                seen_values[marker] = index


def meaning_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    """A record's dates in the year and not after its as_of day, and no record or unique value twice."""
    facts, doc = check.year.of(section)
    if section is None or section.declaration is None or facts is None or doc is None or check.report is None:
        return []
    rows = facts.records
    declaration = section.declaration
    return [
        *_record_dates(declaration, rows, doc, check.report.year),
        *_after_as_of(declaration, rows, doc, check.report.as_of),
        *_record_copies(declaration, rows, doc),
    ]

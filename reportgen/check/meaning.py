"""Checks of meaning: facts that are well formed but cannot all be true, or that change a figure unnoticed.

They run on a year that passed the checks of form, and report at the positions the loader kept.
An error is a fact that would make a derived figure wrong; a warning is one a person must decide on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from reportgen.derive import aggregations, units
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity
from reportgen.model.declarations import Column, SectionDeclaration
from reportgen.sections.kind import unit_typo


def _same_name(name: str) -> str:
    """Names that a reader would take for the same project: case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _lists(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, list[Any]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _lists(value, (*path, key))
    elif isinstance(data, list):
        yield path, data
        for index, value in enumerate(data):
            yield from _lists(value, (*path, index))


def _text_of(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("text"), str) and set(entry) <= {"text", "project"}:
        return entry["text"]
    return None


def _name_field(entry: Any) -> str | None:
    """The field a reader knows an entry by: its name; for an entry with an id (an achievement, a
    group, a KPI), its title or the KPI's metric. Two entries by one name are one thing counted twice."""
    if not isinstance(entry, dict):
        return None
    fields = ("name", "title", "metric") if "id" in entry else ("name",)
    return next((f for f in fields if isinstance(entry.get(f), str)), None)


def repeated_entries(doc: Document) -> list[Problem]:
    """The same entry twice in one list, in any file: a named entry (a project, a service) twice is
    counted twice, an error; the same line of text twice is a copy a person should look at."""
    problems = []
    for path, entries in _lists(doc.data):
        if path == ("records",):
            continue  # rows of a records section: checked against their declared columns (record_problems)
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            field = _name_field(entry)
            named = field is not None
            text = entry[field] if field is not None else _text_of(entry)
            if text is None:
                continue
            key = _same_name(text)
            if field == "title" and isinstance(entry.get("project"), str):
                key += "\n" + entry["project"]  # one title for two projects' achievements names two things
            if key not in seen:
                seen[key] = index
                continue
            if field is not None and entry.get("id") is not None and entries[seen[key]].get("id") == entry["id"]:
                continue  # a copy under the same id: the duplicate id is the error reported
            where = (*path, index, field) if field is not None else (*path, index)
            line, col = doc.where((*path, seen[key], field) if field is not None else (*path, seen[key]))
            problems.append(
                doc.problem(
                    where,
                    f"'{text}' is listed twice (also at line {line}, column {col})",
                    "list it once: remove the copy, or tell the two apart"
                    + ("; each entry is counted in the figures" if named else ""),
                    severity=Severity.ERROR if named else Severity.WARNING,
                    code="listed-twice",
                )
            )
    return problems


def column_unit_problems(declarations: Sequence[tuple[KeyPath, Column]], doc: Document) -> list[Problem]:
    """A declared column's unit that looks like a typo of a known one."""
    problems = []
    for path, column in declarations:
        if column.unit is not None and (close := units.close_spelling(column.unit)) is not None:
            problems.append(unit_typo(doc, (*path, "unit"), column.unit, close))
    return problems


# ---- records


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
    return {end: start for start, end in aggregations.spans(declaration) if start and end}


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
            marker = (key, _same_name(value) if isinstance(value, str) else value)
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


def record_problems(declaration: SectionDeclaration, facts: Any, doc: Document, year: int) -> list[Problem]:
    if declaration.kind != "records":
        return []
    rows = getattr(facts, "records", ())
    return [*_record_dates(declaration, rows, doc, year), *_record_copies(declaration, rows, doc)]

"""Checks of meaning: facts that are well formed but cannot all be true, or that change a figure unnoticed.

They run on a year that passed the checks of form, and report at the positions the loader kept.
An error is a fact that would make a derived figure wrong; a warning is one a person must decide on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from reportgen.derive import units
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity
from reportgen.model.declarations import Column
from reportgen.model.fields import same_name
from reportgen.sections.kind import unit_typo


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


def repeated_entries(doc: Document, own: tuple[str, ...] = ()) -> list[Problem]:
    """The same entry twice in one list, in any file: a named entry (a project, a service) twice is
    counted twice, an error; the same line of text twice is a copy a person should look at.
    `own`: the lists whose kind checks them itself (a records section's rows, by their columns)."""
    problems = []
    for path, entries in _lists(doc.data):
        if len(path) == 1 and path[0] in own:
            continue
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            field = _name_field(entry)
            named = field is not None
            text = entry[field] if field is not None else _text_of(entry)
            if text is None:
                continue
            key = same_name(text)
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

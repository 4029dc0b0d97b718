"""The records kind: a table whose columns a team declares, its page, CSV, data and declared figures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from reportgen.derive.aggregations import Records, figures, periods
from reportgen.derive.working import record_ids
from reportgen.load.catalogs import fill, in_language
from reportgen.model.declarations import SectionDeclaration
from reportgen.model.facts import Report
from reportgen.model.markdown_text import Markdown, escape_markdown
from reportgen.sections.anchors import all_anchors, row_anchor
from reportgen.sections.kind import Cell, Section, SectionKind, csv_bytes
from reportgen.sections.records import checks
from reportgen.sections.records.cells import cell
from reportgen.sections.records.columns import file_model
from reportgen.sections.records.exports import SUFFIXES, read_export
from reportgen.sections.records.figures import declared_metrics

NAME = "records"
Row = dict[str, Any]


def rows(report: Report, section: Section) -> tuple[Row, ...]:
    """A records section's rows, each a mapping of column key to typed value (none without a file)."""
    return report.sections.get(section.key) or ()


def cell_text(value: Any) -> str:
    """A record's cell as plain text, the same in diff and CSV: ISO dates and times, durations as h:mm."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)


def _columns(section: Section) -> list[str]:
    return [c.key for c in section.declaration.columns] if section.declaration else []


def _facts(report: Report, section: Section) -> list[dict[str, str]]:
    """Each row's cells as the CSV writes them, in the declared order, for `diff`."""
    return [
        {key: cell_text(row[key]) for key in ["id", *_columns(section)] if row.get(key) is not None}
        for row in rows(report, section)
    ]


def _csv_cell(value: Any) -> Cell:
    """A number as a number (never led by an apostrophe, even when negative), anything else as its text."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else cell_text(value)


def _csv(report: Report, section: Section) -> bytes:
    columns: list[Cell] = ["id", *_columns(section)]
    table = [columns] + [[_csv_cell(row.get(str(c))) for c in columns] for row in rows(report, section)]
    return csv_bytes(table)


# A records page lists at most this many rows: a year of exported pull requests or CI runs would
# make a page no one can read. The newest are shown, with a link to the full table (the CSV).
PAGE_ROWS = 100


def newest(section: Section, found: tuple[Row, ...], limit: int = PAGE_ROWS) -> list[int]:
    """The indexes of the rows a page shows, in the table's order: all of them, or the `limit`
    newest by the section's first date or time (the last ones, if it has none)."""
    if len(found) <= limit:
        return list(range(len(found)))
    declaration = section.declaration
    dated = next((c.key for c in declaration.columns if c.type in ("date", "datetime")), None) if declaration else None
    if dated is None:
        return list(range(len(found) - limit, len(found)))

    # A date compared with a datetime as the start of its day; undated rows count as the oldest.
    def when(index: int) -> tuple[bool, datetime, int]:
        value = found[index].get(dated)
        moment = value if isinstance(value, datetime) else datetime.combine(value, time()) if value else datetime.min
        return (value is not None, moment, index)

    return sorted(sorted(range(len(found)), key=when)[-limit:])


def _spaced(text: str) -> Markdown:
    """Text beside a link, escaped, with the spaces at its ends that escaping alone would trim."""
    lead, trail = " " * (text[:1].isspace()), " " * (text[-1:].isspace())
    return Markdown(lead + escape_markdown(text) + trail if text.strip() else lead or trail)


def _page(pages: Any, section: Section) -> dict[str, Any]:
    declaration = section.declaration
    assert declaration is not None
    fmt = pages.fmt
    columns = [
        {"key": c.key, "title": in_language(c.title, fmt.language) or c.key, "column": c} for c in declaration.columns
    ]
    found = rows(pages.report, section)
    shown = newest(section, found)
    anchors = all_anchors(pages.report, section)
    table = [
        {
            "number": index + 1,  # its place in the full table (the CSV), also when only the newest are shown
            "anchor": row_anchor(anchors[index]),
            "id": found[index].get("id"),
            "cells": [cell(column["column"], found[index].get(column["key"]), pages.report, fmt) for column in columns],
        }
        for index in shown
    ]
    figures = [
        {"label": fmt.metric_label(name), "value": fmt.figure(name, pages.m)}
        for name, metric in fmt.registry.items()
        if metric.section == section.key
    ]
    partial = None
    if len(shown) < len(found):
        # The label's sentence around its link to the full table: `{table}` marks where the link goes.
        sentence = fill(fmt.labels["records_newest"], shown=len(shown), total=len(found), table="\0")
        before, _, after = sentence.partition("\0")
        partial = {"before": _spaced(before), "after": _spaced(after), "csv": section.csv_path()}
    return {
        "columns": columns,
        "ids": any(row["id"] is not None for row in table),  # a column of ids, as the team's tool writes them
        "rows": table,
        "partial": partial,
        "figures": figures,
        "rules": _rate_rules(declaration, pages.report, fmt),
        "chart": pages.section_charts.get(section.key),
    }


def _rate_rules(declaration: SectionDeclaration, report: Report, fmt: Any) -> list[str]:
    """How each rate of the section is counted: over which days of the year, how many weeks, months or
    quarters those are, and why they end where they do (the year's end, or the report's as_of day),
    so a reader can redo the division."""
    span = Records.of_year((), report.year, report.as_of)
    found = []
    for declared in declaration.metrics:
        for figure in figures(declaration, declared):
            if figure.per is None:
                continue
            length = periods(span.first, span.last, figure.per)
            found.append(
                fill(
                    fmt.labels["rate_rule_as_of" if span.as_of else "rate_rule"],
                    title=fmt.metric_label(figure.name),
                    first=fmt.spoken_date(span.first),
                    last=fmt.spoken_date(span.last),
                    length=fill(fmt.labels[f"span_{figure.per}"], value=fmt.number(length, 2)),
                )
            )
    return found


def _entries(report: Report, section: Section) -> list[tuple[str, bool]]:
    """Each record's id (derive/working.py record_ids) and whether the page shows its row."""
    found = rows(report, section)
    if section.declaration is None:
        return []
    shown = set(newest(section, found))
    return [(entry, index in shown) for index, entry in enumerate(record_ids(section.declaration, found))]


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    held = [s for s in sections if s.kind is KIND and report.sections.get(s.key) is not None]  # None: no file
    return {NAME: {s.key: to_jsonable_python(rows(report, s)) for s in held}}


def _read(facts: Mapping[str, Any], section: Section) -> tuple[Row, ...] | None:
    found = facts.get(NAME, {}).get(section.key)
    if found is None or section.file_model is None:
        return None if found is None else tuple(found)
    typed = section.file_model.model_validate({NAME: found})
    return tuple(row.model_dump() for row in typed.records)  # type: ignore[attr-defined]


def _store(section: Section, facts: Any) -> tuple[Row, ...]:
    return tuple(row.model_dump() for row in facts.records)


KIND = SectionKind(
    NAME,
    BaseModel,  # each records section has its own model (Section.file_model), made from its declaration
    "year/records.md.j2",
    "records.yaml",
    store=_store,
    page=_page,
    present=lambda r, s: bool(rows(r, s)),
    facts=_facts,
    data=_data,
    read=_read,
    order=6,
    unique=("records",),
    own_lists=("records",),
    csv=_csv,
    declarable=True,
    requires=("projects",),
    file_model=file_model,
    declared_metrics=declared_metrics,
    form_checks=checks.form_checks,
    meaning_checks=checks.meaning_checks,
    export_suffixes=SUFFIXES,
    read_export=read_export,
    entries=_entries,
)

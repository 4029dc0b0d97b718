"""How a record's cell reads on a page."""

from __future__ import annotations

from typing import Any

from reportgen.load.catalogs import labelled
from reportgen.model.declarations import Column
from reportgen.model.markdown_text import Markdown, escape_markdown
from reportgen.sections import projects


def cell(column: Column, value: Any, report: Any, fmt: Any) -> Any:
    """A record's cell as page text (escaped by the template hook), or trusted Markdown for a link."""
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
        return projects.project(report, value).name
    if column.type == "choice":
        return choice_label(column, value, fmt.language)
    return str(value)


def choice_label(column: Column, value: str, language: str) -> str:
    """A choice as the page shows it: its label in the site's language (SEV1, 롤백), else its key."""
    return labelled(column.labels, value, language)

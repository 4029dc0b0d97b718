"""The anchors of a section page's rows, `<section key>-<slug of its id>`, so a figure's note can link to
the records it counted: the same anchors on the row and in the link, computed here once."""

from __future__ import annotations

from reportgen.derive.working import anchors
from reportgen.model.facts import Report
from reportgen.model.markdown_text import Markdown
from reportgen.sections.kind import Section


def row_anchor(anchor: str) -> Markdown:
    """The empty element a row's first cell starts with; its id is a slug (letters, digits, hyphens)."""
    return Markdown(f'<span class="reportgen-row" id="{anchor}"></span>')


def all_anchors(report: Report, section: Section) -> list[str]:
    """Every entry's anchor in table order, shown on the page or not, so an anchor never depends on
    which rows the page shows."""
    entries = section.kind.entries(report, section) if section.kind.entries else []
    return anchors(section.key, [entry for entry, _ in entries])


def page_anchors(report: Report, section: Section) -> dict[str, str]:
    """id -> anchor of each entry whose row is on the section's page (the first, where two share an id)."""
    entries = section.kind.entries(report, section) if section.kind.entries else []
    found: dict[str, str] = {}
    for (entry, shown), anchor in zip(entries, anchors(section.key, [e for e, _ in entries]), strict=True):
        if shown:
            found.setdefault(entry, anchor)
    return found

"""Where each section's entries are written: the file and, for each entry, its line, read from the
positions the loader keeps for every value (load/loader.py Document), so a figure's note can say
where the facts it counted are. An export's document (CSV, JSON) keeps each record's row line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportgen.load.locations import EXPORT_SUFFIXES
from reportgen.model.facts import Places, Report

if TYPE_CHECKING:  # the loader is not needed to read a year back from its cache
    from reportgen.load.loader import Document
    from reportgen.sections.kind import Section


def section_places(report: Report, section: Section, doc: Document) -> Places | None:
    """The section's entries' lines, by id (the first, where two share one), or None without entries."""
    if section.kind.entries is None or not section.kind.unique:
        return None
    collection = section.kind.unique[0]  # the list in the file that holds the entries
    lines: dict[str, int] = {}
    rows: dict[str, int] = {}
    for index, (entry, _) in enumerate(section.kind.entries(report, section)):
        lines.setdefault(entry, doc.where((collection, index))[0])
        rows.setdefault(entry, index + 1)
    export = doc.display.endswith(EXPORT_SUFFIXES)
    return Places(file=doc.display, lines=lines, rows=rows if export else {})


def places(report: Report, sections: tuple[Section, ...], docs: Mapping[str, Document]) -> Report:
    """The year with where each of its sections' entries are written."""
    found = {}
    for section in sections:
        doc = docs.get(section.file)
        if doc is None or report.sections.get(section.key) is None:
            continue
        place = section_places(report, section, doc)
        if place is not None:
            found[section.key] = place
    return report.model_copy(update={"places": found}) if found else report

"""Where each section's entries are written: the file and, for each entry, its line, read from the
positions the loader keeps for every value (load/loader.py Document), so a figure's note can say
where the facts it counted are. An export's document (CSV, JSON) keeps each record's row line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportgen.load.catalogs import fill
from reportgen.load.locations import EXPORT_SUFFIXES
from reportgen.model.facts import Places, Report
from reportgen.model.markdown_text import Markdown, escape_markdown, link_address

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


# A stand-in of letters only, which escaping leaves as it is, for the links inside a label's words.
_STAND_IN = "reportgenfactsource"


def place_words(facts: Places, entry: str, t: Mapping[str, str]) -> str:
    """Where an entry is written, in words: an export's row (what a reader looks for there), else its line."""
    row = facts.rows.get(entry)
    return fill(t["working_row"], row=row) if row else fill(t["working_line"], line=facts.lines[entry])


def file_link(facts: Places, sources: str | None) -> tuple[Markdown, str | None]:
    """The file the entries are written in, as Markdown: a link to it where the site names the
    repository's view of its files (`sources`, http(s) only), else its name; and that address."""
    url = link_address(sources + facts.file) if sources else None
    named = escape_markdown(facts.file)
    return (Markdown(f"[{named}]({url})") if url else named), url


def line_link(facts: Places, entry: str, t: Mapping[str, str], url: str | None) -> Markdown:
    """An entry's line (an export's row) in words, linked to that line of the file where `url` is one."""
    shown = escape_markdown(place_words(facts, entry, t))
    return Markdown(f"[{shown}]({url}#L{facts.lines[entry]})") if url else shown


def facts_words(t: Mapping[str, str], source: Markdown) -> Markdown:
    """ "Facts: <source>": the label's words escaped whole, `source` (its links) kept as Markdown."""
    return Markdown(escape_markdown(fill(t["working_facts"], source=_STAND_IN)).replace(_STAND_IN, source, 1))

"""A figure's note on the web page: how it was computed, collapsed under the figure.

The note is a `<details>` element, so it opens without JavaScript and from the keyboard (its
`<summary>` is focusable), and it carries `data-search-exclude`, so the search index holds the
figures, not their working. Each counted or left-out record links to its row on the section's page
(sections/anchors.py); a long list names the first few and links to the whole table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen.derive.working import Working, note_anchor, reason_words
from reportgen.load.catalogs import fill
from reportgen.model.facts import DeclaredFigure, Places, Report
from reportgen.model.markdown_text import Markdown, escape_markdown, separator
from reportgen.sections.anchors import page_anchors
from reportgen.sections.kind import Section
from reportgen.sections.places import facts_words, file_link, line_link

if TYPE_CHECKING:  # the formatter, passed in; render/pages.py imports across.py, which shows notes
    from reportgen.render.pages import Formatter

FEW = 8  # the ids a note names in each list before "… and 12 more"


@dataclass(frozen=True)
class Place:
    """Where a figure's records are, seen from the page showing the note."""

    page: str  # a relative link to the section's page
    anchors: Mapping[str, str] = field(default_factory=dict)  # id -> anchor of each row on that page
    facts: Places | None = None  # the file the records are written in, and each one's line
    sources: str | None = None  # where the repository shows a content file (Site.sources), or None


def _ids(ids: list[str] | tuple[str, ...], place: Place, t: Mapping[str, str], few: int = FEW) -> str:
    """The first `few` ids, each a link to its row where the page shows it, then how many more."""
    shown = []
    for entry in ids[:few]:
        text = escape_markdown(entry)
        anchor = place.anchors.get(entry)
        shown.append(f"[{text}]({place.page}#{anchor})" if anchor and place.page else text)
    more = len(ids) - few
    if more > 0:
        words = escape_markdown(fill(t["working_more"], count=more))
        shown.append(f"[{words}]({place.page})" if place.page else words)
    return separator(t["list_separator"]).join(shown)


def where_line(working: Working, t: Mapping[str, str], place: Place) -> str | None:
    """Where the facts are: the file, linked in the repository where the site names one, and the line
    (an export's row) of the first few records the figure counted or left out, in the file's order."""
    facts = place.facts
    if facts is None:
        return None
    file, url = file_link(facts, place.sources)
    ids = sorted({*working.counted, *(left.id for left in working.left_out)}, key=lambda e: facts.lines.get(e, 0))
    placed = [entry for entry in ids if entry in facts.lines][:FEW]
    found = [f"{escape_markdown(entry)} {line_link(facts, entry, t, url)}" for entry in placed]
    if len(ids) > FEW:
        found.append(escape_markdown(fill(t["working_more"], count=len(ids) - FEW)))
    return facts_words(t, Markdown(file + (": " + separator(t["list_separator"]).join(found) if found else "")))


def lines(working: Working, t: Mapping[str, str], place: Place) -> list[str]:
    """The note's lines, as inline Markdown: the rule, what it counted, what it left out by reason."""
    found = [f"{escape_markdown(t['working_rule'])}: {escape_markdown(working.text)}"]
    counted = escape_markdown(fill(t["working_counted"], counted=len(working.counted), total=working.total))
    found.append(f"{counted}" + (f": {_ids(working.counted, place, t)}" if working.counted else ""))
    if working.met is not None:
        found.append(escape_markdown(fill(t["working_met"], met=len(working.met))))
    for code, ids in working.by_reason():
        reason = escape_markdown(fill(t["working_reason"], count=len(ids), reason=reason_words(working, code, t)))
        found.append(f"{escape_markdown(t['working_left'])} · {reason}: {_ids(ids, place, t)}")
    where = where_line(working, t, place)
    return [*found, where] if where is not None else found


def figure_anchor(name: str) -> str:
    """The anchor of a figure's note on a page (a card's, or one under the year's sentence), which the
    numbers a generated sentence quotes link to: `working--<metric>`, never a row's or a heading's."""
    return note_anchor("working", name)


def note(
    found: list[str],
    t: Mapping[str, str],
    *,
    in_paragraph: bool = False,
    anchor: str | None = None,
    title: str | None = None,
) -> Markdown:
    """The collapsed note of the lines `found` (inline Markdown), on one line so it can sit inside a
    card's list item. `in_paragraph`: Python-Markdown wraps it in a paragraph there, which a <details>
    may not stand in, so the note closes that paragraph and opens an empty one after it. `anchor`:
    the id of its first line, inside the <details>, so a link to it opens the note as it lands (the
    browser reveals a closed <details> around the target); `title`: its summary, if not the default."""
    ids = [f' id="{anchor}"' if anchor and index == 0 else "" for index in range(len(found))]
    body = "".join(
        f'<span class="reportgen-working__line"{i}>{line}</span>' for i, line in zip(ids, found, strict=True)
    )
    summary = escape_markdown(title or t["working_title"])
    # Web only: on paper the printed report's appendix says the same (render/print_working.py).
    opening = '<details class="reportgen-working reportgen-web-only" data-search-exclude>'
    html = f"{opening}<summary>{summary}</summary>{body}</details>"
    return Markdown(f"</p>{html}<p>" if in_paragraph else html)


def figure_lines(
    name: str, report: Report, fmt: Formatter, sections: tuple[Section, ...], pages: Mapping[str, str]
) -> list[str]:
    """The note's lines of a metric of the year, for a block that is not collapsed (KPI tables, print)."""
    metric = fmt.registry.get(name)
    working = metric.working(report, fmt.labels, fmt.language) if metric is not None else None
    if working is None:
        return []
    section = next((s for s in sections if s.key == working.section), None)
    page = pages.get(working.section)
    anchors = page_anchors(report, section) if section is not None and page is not None else {}
    place = Place(page or "", anchors, report.places.get(working.section), fmt.sources)
    return lines(working, fmt.labels, place)


def figure_note(
    name: str,
    report: Report,
    fmt: Formatter,
    sections: tuple[Section, ...],
    pages: Mapping[str, str],
    stated: DeclaredFigure | None = None,
    *,
    title: str | None = None,
    marks: tuple[Markdown, ...] = (),
) -> Markdown:
    """The note of a metric of the year, or "" when it has none (no entries behind it). `pages`: each
    section's page, by key, as a link from the page showing the note; `stated`: the figure as the
    source document states it, where it differs, whose comparison the note then words; `marks`: the
    card's marks (inferred values, the team's notes), each a link to what explains it, not repeated."""
    found = figure_lines(name, report, fmt, sections, pages)
    if not found:
        return Markdown("")
    if stated is not None:
        found.append(escape_markdown(stated_line(name, stated, report, fmt)))
    found += marks
    return note(found, fmt.labels, in_paragraph=True, anchor=figure_anchor(name), title=title)


def stated_line(name: str, stated: DeclaredFigure, report: Report, fmt: Formatter) -> str:
    """Both values of a figure the document states, and the rule they are compared by
    (derive/numbers.py matches_stated)."""
    t = fmt.labels
    derived = fmt.registry[name].compute(report)
    rule = fill(
        t["working_stated"],
        stated=("~" if stated.approx else "") + fmt.metric(name, stated.value),
        derived=fmt.measure(derived, fmt.registry[name].unit, 2) if derived is not None else t["none"],
        approx=t["working_stated_approx"] if stated.approx else "",
    )
    return fill(t["working_stated_differs"], line=rule)  # a card words only a stated figure that differs

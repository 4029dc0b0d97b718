"""Last year's figures in this year's comparison sentence ("Compared with 2023: MTTR 3 h → 1 h"), each
a link to how it was computed, like this year's.

Last year's figure there is counted as figures over several years count it (a project continuing into
this year counts here, not there). Where that reads as last year's own figure, it links to that
figure's note on last year's overview; where it differs, the sentence carries a note of its own for
it, computed over last year as counted across years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.derive.metrics import YearMetrics
from reportgen.derive.working import note_anchor
from reportgen.model.facts import Report
from reportgen.model.markdown_text import Markdown, escape_markdown
from reportgen.render.context import YearContext
from reportgen.render.working_note import Place, figure_anchor, lines, note
from reportgen.sections.anchors import page_anchors


@dataclass
class LastYear:
    """Links last year's values to their notes; `notes` collects the ones the sentence carries itself."""

    ctx: YearContext
    previous: YearMetrics | None  # last year's figures
    folder: str  # last year's folder from the page showing the sentence, "" without a year to link to
    notes: list[Markdown] = field(default_factory=list)
    _shown: dict[tuple[str, str], Markdown] = field(default_factory=dict)  # a card and the sentence: one note

    def linked(self, name: str, value: str) -> Markdown:
        if (name, value) not in self._shown:
            self._shown[(name, value)] = self._linked(name, value)
        return self._shown[(name, value)]

    def _linked(self, name: str, value: str) -> Markdown:
        last, fmt = self.ctx.last_year, self.ctx.fmt
        if not self.folder or last is None or self.previous is None:
            return escape_markdown(value)
        if fmt.metric(name, self.previous.value(name)) == value:  # its own figure: its overview's note
            # (a link to a note last year's overview does not hold becomes text: emit/landing.py)
            return Markdown(f"[{escape_markdown(value)}]({self.folder}index.md#{figure_anchor(name)})")
        found = self._lines(name, last)
        if not found:
            return escape_markdown(value)
        # A metric's name is snake_case, so "<name>-<year>" is no other figure's anchor.
        anchor = note_anchor("working", f"{name}-{last.year}")
        title = fmt.labels["working_title_of"].format(figure=f"{last.year} · {fmt.metric_label(name)}")
        self.notes.append(note(found, fmt.labels, in_paragraph=True, anchor=anchor, title=title))
        return Markdown(f"[{escape_markdown(value)}](#{anchor})")

    def _lines(self, name: str, last: Report) -> list[str]:
        """Last year's figure as counted across years: its rule, what it counted and left out, and why."""
        fmt = self.ctx.fmt
        metric = fmt.registry.get(name)
        working = metric.working(last.counted_once(), fmt.labels, fmt.language) if metric is not None else None
        section = next((s for s in self.ctx.sections if working and s.key == working.section), None)
        if working is None or section is None:
            return []
        page = self.folder + section.page  # its rows are on last year's page of the section
        place = Place(page, page_anchors(last, section), last.places.get(section.key), fmt.sources)
        return [*lines(working, fmt.labels, place), escape_markdown(fmt.labels["across_years_rule"])]

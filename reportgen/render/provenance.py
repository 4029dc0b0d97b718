"""Inferred values: the mark beside a value the team inferred, and the numbered notes that explain it.

A fact says `inferred: {field: reason}` (model.Provenance). On a page each inferred value gets a
visible mark ("inferred 1", a link) and the reasons are listed under the table as numbered notes;
identical reasons share one note. `reportgen validate --inferred` and data.json carry the same facts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from reportgen.derive.working import note_anchor
from reportgen.model.facts import Provenance, Report
from reportgen.model.markdown_text import Markdown, escape_markdown


@dataclass(frozen=True)
class InferredFact:
    collection: str  # the Report field that holds it, e.g. projects
    id: str
    subject: str  # its name, as a reader knows it
    field: str
    value: object
    reason: str


def _subject(fact: Provenance) -> str:
    return str(getattr(fact, "name", None) or getattr(fact, "title", None) or getattr(fact, "id", ""))


def _lists(value: Any, name: str) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The lists of facts a section holds, by name: the section's own, or those of its file (services)."""
    if isinstance(value, tuple):
        yield name, value
    elif isinstance(value, BaseModel):
        for field_name in type(value).model_fields:
            inner = getattr(value, field_name)
            if isinstance(inner, tuple):
                yield field_name, inner


def inferred_facts(report: Report) -> Iterator[InferredFact]:
    """Every inferred value of a year, in content order."""
    # Every list of facts that can carry `inferred:`, found on the facts rather than listed here.
    for key, value in report.sections.items():
        for collection, facts in _lists(value, key):
            for fact in facts:
                if not isinstance(fact, Provenance):
                    continue
                for name, reason in fact.inferred.items():
                    yield InferredFact(collection, fact.id, _subject(fact), name, getattr(fact, name), reason)


def field_label(t: Mapping[str, str], name: str) -> str:
    return t.get(f"field_{name}") or name.replace("_", " ")


def notes_anchor(prefix: str) -> str:
    """The anchor of a table's block of inferred-value notes (`projects--inferred`), which the cards'
    marks and the year's sentence counting inferred values link to."""
    return note_anchor(prefix, "inferred")


@dataclass
class Footnotes:
    """The inferred-value notes of one table: `mark()` while printing rows, then `notes()` below it."""

    prefix: str  # keeps anchors unique when pages are joined (the printable report)
    t: Mapping[str, str]
    _numbers: dict[str, int] = field(default_factory=dict)  # reason -> note number
    _entries: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # number -> (subject, field)

    def mark(self, fact: Provenance, name: str) -> Markdown:
        """The mark after an inferred value (empty for a value the source gives)."""
        reason = fact.inferred.get(name)
        if reason is None:
            return Markdown("")
        number = self._numbers.setdefault(reason, len(self._numbers) + 1)
        self._entries.setdefault(number, []).append((_subject(fact), field_label(self.t, name)))
        # A team's label is text: escaped for Markdown too, since Markdown still runs inside the link.
        label = escape_markdown(f"{self.t['inferred_mark']} {number}")
        anchor = note_anchor(self.prefix, f"inferred-{number}")
        return Markdown(f' <sup class="reportgen-inferred"><a href="#{anchor}">{label}</a></sup>')

    def notes(self) -> Markdown:
        """The numbered reasons, each naming the values it explains."""
        if not self._numbers:
            return Markdown("")
        lines = [
            f'<div class="reportgen-footnotes" id="{notes_anchor(self.prefix)}" markdown>',
            "",
            f"**{escape_markdown(self.t['inferred_title'])}**",
            "",
        ]
        for reason, number in self._numbers.items():
            entries = self._entries[number]
            subjects = self.t["list_separator"].join(dict.fromkeys(subject for subject, _ in entries))
            fields = self.t["list_separator"].join(dict.fromkeys(name for _, name in entries))
            text = self.t["inferred_note"].format(subject=subjects, field=fields, reason=reason)
            anchor = f'<span id="{note_anchor(self.prefix, f"inferred-{number}")}"></span>'
            lines.append(f"{number}. {anchor}{escape_markdown(self.t['inferred_mark'])}: {escape_markdown(text)}")
        lines += ["", "</div>"]
        return Markdown("\n".join(lines))

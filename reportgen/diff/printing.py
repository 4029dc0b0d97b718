"""A SiteDiff printed: plain text for a terminal, Markdown for a pull request, labelled in the site's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportgen.diff.walk import Described, Entry
from reportgen.load.catalogs import fill
from reportgen.load.problems import one_line
from reportgen.model.markdown_text import escape_markdown

if TYPE_CHECKING:  # annotations only: site_diff imports one_line from here, so a run-time import back is circular
    from reportgen.diff.revisions import Source
    from reportgen.diff.site_diff import FactChange, FigureChange, SiteDiff

SITE_FILE = "site.yaml"


class _Printer:
    """Names for keys, from the site's labels: a section, a field, a metric, a KPI."""

    def __init__(self, diff: SiteDiff, t: dict[str, str]) -> None:
        self.diff, self.t = diff, t

    def label(self, key: str, year: int | None, section: str = "") -> str:
        if isinstance(key, Entry):
            return str(key)
        column = self.diff.column_titles.get(section, {}).get(key)
        if column is not None:  # a records section's field: the title its declaration gives it
            return column
        name = {"report": "report_title", "declared": "stated_figures", "inferred": "inferred_title"}.get(key, key)
        # A field's label is its own key, or the summary's or a fact field's (summary_focus, field_delivery).
        found = next((self.t[k] for k in (name, f"summary_{name}", f"field_{name}") if k in self.t), key)
        return fill(found, year=year) if year is not None else found

    def figure(self, change: FigureChange) -> str:
        return one_line(self._figure(change))

    def _figure(self, change: FigureChange) -> str:
        if change.key[0] == "kpi":
            _, kpi_id, part = change.key
            return f"KPI {self.diff.kpi_names.get(str(kpi_id), kpi_id)}: {self.label(str(part), change.year)}"
        return self.diff.metric_titles.get(str(change.key[0]), str(change.key[0]))

    def where(self, change: FactChange) -> str:
        if change.year is None:  # a setting: named by its keys in site.yaml, as the author wrote them
            return " › ".join(change.where)
        section, *rest = change.where
        steps = [self.diff.section_titles.get((change.year, section)) or self.label(section, change.year)]
        # A group's one list ("items"), a review's ("reviews") and a list named like its section
        # read as the section's own.
        steps += [self.label(step, change.year, section) for step in rest if step not in ("items", "reviews", section)]
        if section == "report" and rest == ["source"]:  # the report's own source is its source document
            steps[1] = self.t["source_document"]
        names = self.diff.entry_names.get(section)
        if names is not None and len(steps) > 1:  # an entry named by another's id: a review by its KPI's
            steps[1] = names.get(steps[1], steps[1])
        return " › ".join(steps)

    def fact(self, change: FactChange) -> str:
        """One fact's change on a line: where it is, then what it was and what it is."""
        return one_line(self._fact(change))

    def _fact(self, change: FactChange) -> str:
        where = self.where(change)
        if change.reordered:
            return f"{where}: {ORDER_CHANGED}"
        section = "" if change.year is None else change.where[0]
        before, after = (self.described(v, change.year, section) for v in (change.before, change.after))
        if change.before is None:
            return f"{where}: {after}"
        if change.after is None:
            return f"{where}: {before}"
        return f"{where}: {before} → {after}"

    def described(self, value: Described | None, year: int | None, section: str) -> str:
        if value is None or isinstance(value, str):
            return value or ""
        if year is None:  # a setting's fields, by their keys in site.yaml
            return "; ".join(f"{k}: {text}" for k, text in value)
        return "; ".join(f"{self.label(k, year, section)}: {text}" for k, text in value)

    @staticmethod
    def year(change: FactChange) -> str:
        return SITE_FILE if change.year is None else str(change.year)


ORDER_CHANGED = "order changed (same entries)"

# Which kind of content each side was, so a reader sees what "nothing changed" was measured
# against. Whole sentences with placeholders, kept apart so they can be translated.
SOURCE_LINES = {
    ("base", "revision"): "Base: git revision {name} ({commit})",
    ("base", "folder"): "Base: folder {name}",
    ("head", "revision"): "Head: git revision {name} ({commit})",
    ("head", "folder"): "Head: folder {name}",
}


def source_lines(sources: tuple[Source, Source], shown: Callable[[str], str] = one_line) -> list[str]:
    """One line per side: a git revision as it was written, with its commit, or a folder."""
    return [
        fill(SOURCE_LINES[side, "folder" if s.commit is None else "revision"], name=shown(s.name), commit=s.short)
        for side, s in zip(("base", "head"), sources, strict=True)
    ]


# Line breaks and control characters in a fact stay visible and cannot break a line or drive a terminal.
CODE_CHANGED = "Code changed (outside the content folder: review it as code, not as facts)"


def to_text(
    diff: SiteDiff, t: dict[str, str], sources: tuple[Source, Source] | None = None, code: list[str] | None = None
) -> str:
    """Plain text, for a terminal: what was compared (when `sources` says), then what changed, then
    the files outside the content folder that changed (`code`, when both sides have a history)."""
    said = "\n".join(source_lines(sources)) + "\n\n" if sources else ""
    changed_code = (
        "".join(f"\n{line}" for line in [f"{CODE_CHANGED}:", *(f"  {one_line(n)}" for n in code)]) if code else ""
    )
    if diff.empty:
        return said + "No figure or fact changed.\n" + (changed_code[1:] + "\n" if code else "")
    names = _Printer(diff, t)
    lines: list[str] = []
    if diff.figures:
        lines.append("Figures that changed:")
        for c in diff.figures:
            note = (
                "  (a KPI baseline edited after the fact: next year is judged against it)"
                if c.edited_after_the_fact
                else ""
            )
            lines.append(f"  {c.year}  {names.figure(c)}: {c.before} → {c.after}{note}")
    for title, changes in _fact_groups(diff):
        lines += ["", f"{title}:"] if lines else [f"{title}:"]
        lines += [f"  {names.year(c)}  {names.fact(c)}" for c in changes]
    return said + "\n".join(lines) + ("\n" + changed_code if code else "") + "\n"


def to_markdown(
    diff: SiteDiff, t: dict[str, str], sources: tuple[Source, Source] | None = None, code: list[str] | None = None
) -> str:
    """Markdown, for the pull request's job summary: what was compared (when `sources` says), then
    what changed. Every value is escaped: facts, revision names and folder names are text."""
    e = escape_markdown
    names = _Printer(diff, t)
    lines = [*(f"- {line}" for line in source_lines(sources, e)), ""] if sources else []
    lines += ["## Figures that changed", ""]
    if diff.figures:
        lines += ["| Year | Figure | Before | After |", "|---|---|--:|--:|"]
        lines += [f"| {c.year} | {e(names.figure(c))} | {e(c.before)} | {e(c.after)} |" for c in diff.figures]
    else:
        lines.append("No headline figure changed.")
    edited = [c for c in diff.figures if c.edited_after_the_fact]
    if edited:
        lines += [
            "",
            "> [!WARNING]",
            "> A KPI baseline was edited after the fact. Next year's results are judged "
            "against it; check that the change is intended:",
        ]
        lines += [f"> - {c.year} {e(names.figure(c))}: {e(c.before)} → {e(c.after)}" for c in edited]
    for title, changes in _fact_groups(diff):
        lines += ["", f"## {title}", ""]
        lines += [f"- {e(names.year(c))}: {e(names.fact(c))}" for c in changes]
    if all(c.year is None for c in diff.facts):  # settings alone changed, or nothing
        lines += ["", "No fact changed."]
    if code:
        title, _, why = CODE_CHANGED.partition(" (")
        lines += ["", f"## {title}", "", f"{why.rstrip(')').capitalize()}.", ""]
        lines += [f"- {e(name)}" for name in code]
    return "\n".join(lines) + "\n"


def _fact_groups(diff: SiteDiff) -> list[tuple[str, list[FactChange]]]:
    groups = [
        ("Settings changed", [c for c in diff.facts if c.year is None]),
        ("Facts added", [c for c in diff.facts if c.year is not None and c.before is None and not c.reordered]),
        ("Facts removed", [c for c in diff.facts if c.year is not None and c.after is None and not c.reordered]),
        (
            "Facts changed",
            [c for c in diff.facts if c.year is not None and (c.reordered or None not in (c.before, c.after))],
        ),
    ]
    return [(title, changes) for title, changes in groups if changes]

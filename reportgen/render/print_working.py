"""The printed report's appendix, "How the figures were computed": one line per figure, by section.

Nothing can be opened on paper, so each line says it all: the rule, how many records it counted of
how many, and those it left out by reason, naming the ids where a figure leaves out or counts at
most 20, each with the line (an export's row) it is written on; a longer list gives its count and
the address of the section's page, where every row is. Each section names the file its facts are in.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.derive.working import Working, reason_words
from reportgen.load.catalogs import fill
from reportgen.model.facts import Places
from reportgen.model.markdown_text import escape_markdown
from reportgen.render.context import YearContext
from reportgen.sections.kpi_review import review_rows
from reportgen.sections.kpis.working import verdict_text
from reportgen.sections.places import place_words
from reportgen.sections.registry import Section

MOST_IDS = 20  # a list of ids longer than this is printed as its count and the page's address
APPENDIX_ID = "section-appendix"  # a section of the printed report: it starts a page of its own


def _listed(ids: list[str] | tuple[str, ...], t: Mapping[str, str], page: str, facts: Places | None) -> str:
    if len(ids) > MOST_IDS:
        return fill(t["working_appendix_many"], count=len(ids), page=page)
    named = t["list_separator"].join(_named(entry, t, facts) for entry in ids)
    return fill(t["working_appendix_ids"], count=len(ids), ids=named)


def _named(entry: str, t: Mapping[str, str], facts: Places | None) -> str:
    """An id with where it is written, so a reader of the paper can find it: its line, or an export's row."""
    if facts is None or entry not in facts.lines:
        return entry
    return f"{entry} {place_words(facts, entry, t)}"


def figure_line(title: str, working: Working, t: Mapping[str, str], page: str, facts: Places | None = None) -> str:
    """One figure's working as one line of text (escaped by the caller); `facts`: where its records are
    written, whose lines name the ids."""
    reasons = "; ".join(
        f"{reason_words(working, code, t)}: {_listed(ids, t, page, facts)}" for code, ids in working.by_reason()
    )
    # Its count with the word it counts in ("8건"), and its ids where there are some to name.
    counted = _listed(working.counted, t, page, facts) if working.counted else ""
    counted = counted or fill(t["working_appendix_count"], count=0)
    left = fill(t["working_appendix_left"], reasons=reasons) if reasons else ""
    return fill(
        t["working_appendix_line"], figure=title, rule=working.text, counted=counted, total=working.total, left=left
    )


def _section_lines(ctx: YearContext, section: Section, address: str) -> list[str]:
    fmt, report = ctx.fmt, ctx.report
    found = []
    for name in fmt.registry.year_names():
        metric = fmt.registry[name]
        working = metric.working(report, fmt.labels, fmt.language) if metric.rests_on == section.key else None
        if working is not None:
            facts = report.places.get(section.key)
            found.append(figure_line(fmt.metric_label(name), working, fmt.labels, address + section.page, facts))
    return found


def appendix(ctx: YearContext, review_rows: list[tuple[str, str]], address: str = "") -> str:
    """The appendix's Markdown. `review_rows`: each KPI verdict as (KPI, its comparison in words);
    `address`: where the year's pages are (the site's address), so a printed page names them."""
    t = ctx.t
    lines = [f"## {escape_markdown(t['working_appendix'])} {{ #{APPENDIX_ID} }}", ""]
    for section in ctx.sections:
        found = _section_lines(ctx, section, address)
        if found:
            # A bold line, not a heading: the section's own heading is already in the report.
            lines += [f"**{escape_markdown(section.title(t, ctx.fmt.language, ctx.report))}**", ""]
            facts = ctx.report.places.get(section.key)
            if facts is not None:  # the file its figures' records are written in
                lines += [escape_markdown(fill(t["working_facts"], source=facts.file)), ""]
            lines += [f"- {escape_markdown(line)}" for line in found] + [""]
    if review_rows:
        lines += [f"**{escape_markdown(t['verdict'])}**", ""]
        lines += [f"- {escape_markdown(kpi)}: {escape_markdown(text)}" for kpi, text in review_rows] + [""]
    return "\n".join(lines).rstrip() + "\n"


def verdict_lines(ctx: YearContext) -> list[tuple[str, str]]:
    """Each KPI verdict of the year's review, worded as the review page's block words it."""
    rows = review_rows(ctx.report, ctx.previous, ctx.fmt.registry)
    return [(row.kpi.metric, verdict_text(ctx.fmt, row.kpi, row.actual)) for row in rows]

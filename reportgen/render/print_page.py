"""The printable report of one year: a cover, a table of contents, then every page of the year as a section.

The page is plain Markdown like every other page, so the site shows it and the PDF is printed from
it (reportgen.emit.pdf). Its markup gives the print stylesheet what a paged medium needs: each section's
heading carries a fixed id (`section-N`), which the contents link to; a paged-media engine turns
those links into page numbers, starts each section on a new page and makes the outline from the
headings.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reportgen.model.facts import Report, SiteSettings
from reportgen.model.markdown_text import escape_markdown
from reportgen.render.context import YearContext
from reportgen.render.print_working import APPENDIX_ID, appendix, verdict_lines
from reportgen.render.year_pages import PageDraft, source_title
from reportgen.sections import projects as projects_kind
from reportgen.sections.kind import of_kind

if TYPE_CHECKING:  # specs are plain data here; the charts stage makes them
    from reportgen.charts.spec import ChartSpec

# Pages that gather every section would make each phrase turn up twice in search.
NOT_IN_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
SECTION_ID = "section-{number}"
CONTENTS_ID = "contents"
# The overview's headline cards; the cover shows them instead of the overview section.
_CARDS = re.compile(r'^<div class="grid cards[^"]*" markdown>\n.*?^</div>\n', re.MULTILINE | re.DOTALL)
_FIRST_HEADING = re.compile(r"\A#{1,6} [^\n]*\n?")


def _demote_headings(markdown: str, levels: int) -> str:
    """`levels` down: a page's headings become those of a section (or subsection) of the report."""
    return re.sub(r"^(#{1,6}) ", lambda m: "#" * min(6, len(m.group(1)) + levels) + " ", markdown, flags=re.MULTILINE)


class _Section:
    def __init__(self, draft: PageDraft, number: str, level: int) -> None:
        self.draft, self.id, self.level = draft, SECTION_ID.format(number=number), level

    def render(self, here: str, body: str | None = None) -> str:
        """The draft's own heading replaced by its title with a fixed id, the rest one or two levels down."""
        body = self.draft.render(here) if body is None else body
        rest = _FIRST_HEADING.sub("", body.strip(), count=1)
        heading = "#" * self.level + f" {escape_markdown(self.draft.title)} {{ #{self.id} }}"
        return heading + "\n\n" + _demote_headings(rest, self.level - 1).strip()


def _sections(drafts: Sequence[PageDraft]) -> list[_Section]:
    """Each page is a section (level 2); a group's member pages are subsections (level 3) of its index."""
    sections: list[_Section] = []
    number, sub = 0, 0
    for draft in drafts:
        if draft.group and not draft.path.endswith("/index.md"):
            sub += 1
            sections.append(_Section(draft, f"{number}-{sub}", 3))
        else:
            number, sub = number + 1, 0
            sections.append(_Section(draft, str(number), 2))
    return sections


def _cover(title: str, settings: SiteSettings, report: Report, t: Mapping[str, str], cards: str) -> str:
    lines = [
        '<div class="reportgen-cover" markdown>',
        "",
        f"# {escape_markdown(title)}",
        "",
        " · ".join(
            escape_markdown(part) for part in (settings.team, t["year_heading"].format(year=report.year)) if part
        ),
        "{: .reportgen-cover-meta }",
        "",
    ]
    if cards:
        lines += [cards.strip(), ""]
    if report.source:  # named by its title: a repository path means nothing on paper
        lines += [f"{escape_markdown(t['source_document'])}: {escape_markdown(source_title(report))}", ""]
    return "\n".join([*lines, "</div>"])


def _contents(sections: Sequence[_Section], t: Mapping[str, str]) -> str:
    # A paragraph, not a heading: the theme's own sidebar is already titled "contents".
    title = [escape_markdown(t["contents"]), f"{{: #{CONTENTS_ID} .reportgen-toc-title }}"]
    lines = ['<div class="reportgen-toc" markdown>', "", *title, ""]
    for section in sections:
        indent = "    " * (section.level - 2)
        lines.append(f"{indent}- [{escape_markdown(section.draft.title)}](#{section.id})")
    lines.append(f"- [{escape_markdown(t['working_appendix'])}](#{APPENDIX_ID})")
    return "\n".join([*lines, "", "</div>"])


def _drawn_rows(spec: ChartSpec) -> list[bool] | None:
    """Which rows of a chart's data table the chart draws, when it draws only some (the longest
    projects): its bars are those rows' labels, in the table's order. None when it draws them all."""
    bars = spec.data.get("bars")
    if not isinstance(bars, list) or len(bars) >= len(spec.table.rows):
        return None
    labels = [bar.get("label") for bar in bars if isinstance(bar, dict)]
    drawn, at = [], 0
    for row in spec.table.rows:
        hit = at < len(labels) and row[0] == labels[at]
        drawn.append(hit)
        at += hit
    return drawn if at == len(labels) == len(bars) else None


def _table_lines(markdown: str, spec: ChartSpec, here: str) -> tuple[list[str], list[int]] | None:
    """The page's lines, and those of the chart's data table (header, rule, rows), if it is found."""
    # The print page shows the chart's print file (site_templates/_chart.md.j2).
    image = posixpath.relpath(spec.file("print"), posixpath.dirname(here) or ".") + "#only-light)"
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if image in line), None)
    if at is None:
        return None
    block = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("??? ")), None)
    if block is None:
        return None
    table = [i for i in range(block + 1, len(lines)) if lines[i].startswith("    |")]
    table = [i for n, i in enumerate(table) if i == table[0] + n]  # the table's own lines, consecutive
    return (lines, table) if table else None


def _chart_summary_table(markdown: str, spec: ChartSpec, here: str, note: str) -> str:
    """A chart that summarises its table (projects running by month, a histogram): on paper its
    table is what it draws (spec.data["paper"]), followed by where each project is."""
    found = _table_lines(markdown, spec, here)
    if found is None:
        return markdown
    lines, table = found
    paper = spec.data["paper"]

    def row(cells: list[str]) -> str:
        return "    |" + "".join(f" {cell} |" for cell in cells)

    drawn = [
        row([escape_markdown(h) for h in paper["headers"]]),
        row(["---"] * len(paper["headers"])),
        *(row([escape_markdown(str(c)) for c in cells]) for cells in paper["rows"]),
    ]
    return "\n".join([*lines[: table[0]], *drawn, "", "    " + note, *lines[table[-1] + 1 :]])


def _chart_table_as_drawn(markdown: str, spec: ChartSpec, here: str, drawn: list[bool], rest_note: str) -> str:
    """The chart's data table cut to the rows the chart draws, followed by where the others are."""
    found = _table_lines(markdown, spec, here)
    if found is None:
        return markdown
    lines, table = found
    rows = table[2:]  # below the header and its rule
    if len(rows) != len(drawn):
        return markdown
    cut = {i for i, keep in zip(rows, drawn, strict=True) if not keep}
    kept = [line for i, line in enumerate(lines[: table[-1] + 1]) if i not in cut]
    return "\n".join([*kept, "", "    " + rest_note, *lines[table[-1] + 1 :]])


def _rest_note(t: Mapping[str, str], shown: int, rest: int, projects: _Section) -> str:
    """ "The other N are in the projects table", the section's name a link (the PDF adds its page)."""
    return _section_note(t, "print_chart_rest", projects, shown=shown, rest=rest)


def _section_note(t: Mapping[str, str], key: str, projects: _Section, **values: int) -> str:
    """The label `key` with its {section} a link to the projects section (the PDF adds its page)."""
    before, _, after = t[key].partition("{section}")
    link = f"[{escape_markdown(projects.draft.title)}](#{projects.id}){{: .reportgen-page-ref }}"
    before, after = before.format(**values), after.format(**values)
    # escape_markdown trims: the spaces around the link are the label's own.
    space_before = " " if before[-1:].isspace() else ""
    space_after = " " if after[:1].isspace() else ""
    return f"{escape_markdown(before)}{space_before}{link}{space_after}{escape_markdown(after)}"


def _charts_as_drawn(
    overview: str, here: str, sections: Sequence[_Section], ctx: YearContext, charts: Sequence[ChartSpec]
) -> str:
    """On paper a chart's data table lists what the chart draws; the projects table has the rest. A
    chart that draws every row, or a site without a projects page, keeps its whole table."""
    t = ctx.t
    listed = of_kind(ctx.sections, projects_kind.KIND)
    page = f"{ctx.report.year}/{listed.page}" if listed is not None else None
    projects = next((s for s in sections if s.draft.path == page), None)
    if projects is None:
        return overview
    for spec in charts:
        if isinstance(spec.data.get("paper"), dict):
            overview = _chart_summary_table(overview, spec, here, _section_note(t, "print_chart_summary", projects))
            continue
        drawn = _drawn_rows(spec)
        if drawn is not None:
            note = _rest_note(t, sum(drawn), len(drawn) - sum(drawn), projects)
            overview = _chart_table_as_drawn(overview, spec, here, drawn, note)
    return overview


def render(
    title: str,
    drafts: Sequence[PageDraft],
    here: str,
    ctx: YearContext,
    settings: SiteSettings,
    charts: Sequence[ChartSpec],
) -> str:
    """The printable report's Markdown, as the page at docs path `here`. `drafts[0]` is the overview,
    and `charts` the overview's charts, as the site draws them."""
    report, t = ctx.report, ctx.t
    sections = _sections(drafts)
    overview = drafts[0].render(here)
    found = _CARDS.search(overview)
    cards = found.group(0) if found else ""
    if found:
        overview = overview[: found.start()] + overview[found.end() :]
    overview = _charts_as_drawn(overview, here, sections, ctx, charts)
    parts = [sections[0].render(here, overview), *(section.render(here) for section in sections[1:])]
    return (
        NOT_IN_SEARCH
        + _cover(title, settings, report, t, cards)
        + "\n\n"
        + _contents(sections, t)
        + "\n\n"
        + "\n\n".join(parts)
        + "\n\n"
        + appendix(ctx, verdict_lines(ctx), f"{report.year}/")
    )

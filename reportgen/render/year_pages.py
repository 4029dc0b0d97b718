"""The pages of one year, as drafts that can be rendered at their own path or inside another page."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2

from reportgen.derive.metrics import Disagreement, disagreements, year_metrics
from reportgen.derive.weeks import project_weeks
from reportgen.model.facts import DeclaredFigure, Item, Report
from reportgen.model.markdown_text import Markdown, escape_markdown
from reportgen.render.cards import cards
from reportgen.render.context import YearContext
from reportgen.render.last_year import LastYear
from reportgen.render.pages import links, render, strong
from reportgen.render.provenance import Footnotes
from reportgen.render.summary import CardLinks, annotate_cards, year_summary
from reportgen.render.working_note import figure_lines
from reportgen.sections import kpi_review, projects
from reportgen.sections.kind import Section, SectionKind
from reportgen.sections.kpis import kind as kpis_kind

if TYPE_CHECKING:  # specs are plain data here; the charts stage makes them
    from reportgen.charts.spec import ChartSpec

NOTES_ANCHOR = "#reportgen-team-notes"  # the overview's collapsed notes for the team
# Charts of the projects, which say under them which projects they leave out.
PROJECT_CHARTS = ("timeline", "durations")


@dataclass(frozen=True)
class PageDraft:
    """A page before it is placed: `render(here)` gives its Markdown as if it stood at docs path `here`."""

    path: str  # docs-tree path
    title: str
    source: str  # the content file that holds its facts, relative to the content folder
    render: Callable[[str], str]
    group: str = ""  # non-empty: listed in the navigation under this section title


def chart_view(spec: ChartSpec, here: str) -> dict[str, Any]:
    """What a template needs to show a chart on a page at docs path `here`."""
    folder = posixpath.dirname(here) or "."
    return {
        "title": spec.title,
        "alt": spec.alt,
        "light": Markdown(posixpath.relpath(spec.file("light"), folder)),
        "dark": Markdown(posixpath.relpath(spec.file("dark"), folder)),
        "table": spec.table,
        # Each cell's link, from this page (the table keeps them from the site's root).
        "links": [[posixpath.relpath(to, folder) if to else "" for to in row] for row in spec.table.links],
        "caption": "",
    }


def source_title(report: Report) -> str:
    """The source document by its title, never by its repository path (seeds/000_....txt) on paper:
    the facts keep the report's title, which is its source's own (the seed's heading)."""
    return report.title


class YearPages:
    """Drafts the pages of one year: overview, sections, the pages of a section's entries."""

    def __init__(
        self,
        env: jinja2.Environment,
        ctx: YearContext,
        charts: list[ChartSpec] = (),  # type: ignore[assignment]
        section_charts: Mapping[str, ChartSpec] | None = None,
    ) -> None:
        self.env, self.ctx = env, ctx
        self.report, self.m, self.fmt = ctx.report, ctx.metrics, ctx.fmt
        self.previous, self.kpi_actuals = ctx.previous, ctx.kpi_actuals
        self.base = str(ctx.report.year)
        self.charts = list(charts)
        self.section_charts = dict(section_charts or {})  # section key -> its chart

    @property
    def t(self) -> Mapping[str, str]:
        return self.fmt.labels

    def _renderer(self, template: str, **context: Any) -> Callable[[str], str]:
        def render_at(here: str) -> str:
            def url(target: str) -> Markdown:
                """A relative link from `here` to `target`, a path inside this year's folder."""
                path, _, anchor = target.partition("#")
                relative = posixpath.relpath(posixpath.normpath(f"{self.base}/{path}"), posixpath.dirname(here) or ".")
                return Markdown(relative + (f"#{anchor}" if anchor else ""))

            return render(
                self.env,
                template,
                report=self.report,
                m=self.m,
                t=self.t,
                fmt=self.fmt,
                item_line=self._item_line,
                url=url,
                chart_view=lambda spec: {**chart_view(spec, here), "caption": self._caption(spec)},
                footnotes=lambda prefix: Footnotes(prefix, self.t),
                printed=posixpath.basename(here) == "print.md",
                links=lambda entries: links(entries, rebase=url),
                **context,
            )

        return render_at

    def _caption(self, spec: ChartSpec) -> str:
        """What a chart of the projects leaves out, said under it: the projects without dates."""
        if spec.kind not in PROJECT_CHARTS:
            return ""
        undated = [p.name for p in projects.projects(self.report) if project_weeks(p) is None]
        return self.t["chart_left_out"].format(names=self.fmt.names(undated)) if undated else ""

    def summary(self, folder: str = "", notes_path: str = NOTES_ANCHOR) -> dict[str, Any]:
        """The year in words and its headline cards, for the overview (and the home page's latest year).

        `folder` leads from the page that shows them to this year's folder ("" on the overview itself)."""
        ctx = self.ctx
        previous = year_metrics(self.previous, self.fmt.registry) if self.previous is not None else None
        links = self._card_links(folder, notes_path)
        last = LastYear(ctx, previous, links.last_year)  # last year's figures, on the cards and in the sentence
        shown = annotate_cards(cards(ctx.headline, self.m, self.fmt, note=False), ctx, links, last)
        return {**year_summary(ctx, previous, shown, links, last), "cards": shown}

    def _card_links(self, folder: str, notes_path: str) -> CardLinks:
        """Where the cards' marks lead, from `folder`: the pages of the KPI targets, their review, the notes."""
        pages: dict[SectionKind, str] = {s.kind: folder + s.page for s, _ in self.present()}
        return CardLinks(
            targets=pages.get(kpis_kind.KIND),
            review=pages.get(kpi_review.KIND),
            notes=notes_path,
            sources={kind.name: path for kind, path in pages.items()},
            pages={s.key: folder + s.page for s, _ in self.present()},
            last_year=_last_folder(folder, self.ctx.last_year),
        )

    def working_lines(self, name: str) -> list[str]:
        """How a figure of the year was computed, as lines linking to its rows from a page of the year."""
        pages = {s.key: s.page for s, _ in self.present()}
        return figure_lines(name, self.report, self.fmt, self.ctx.sections, pages)

    def _item_line(self, item: Item) -> Markdown:
        """A list item, led by its project's name when it names one."""
        text = escape_markdown(item.text)
        if item.project is None:
            return text
        return Markdown(f"{strong(projects.project(self.report, item.project).name)}: {text}")

    def present(self) -> list[tuple[Section, str]]:
        """The sections this year has something to show in, with their titles, in reading order."""
        found = []
        for section in self.ctx.sections:
            if not section.kind.present(self.report, section):
                continue
            if section.kind.needs_previous_year and self.previous is None:
                continue
            found.append((section, section.title(self.t, self.fmt.language, self.report)))
        return found

    def drafts(self) -> list[PageDraft]:
        """Every page of the year, in reading order."""
        present = self.present()
        drafts = [self._overview(present)]
        for section, title in present:
            context = section.kind.page(self, section)
            renderer = self._renderer(section.kind.template, title=title, **context)
            subpages = section.kind.subpages
            group = title if subpages is not None else ""
            source = f"{self.base}/{section.file}"
            drafts.append(PageDraft(f"{self.base}/{section.page}", title, source, renderer, group=group))
            for page in subpages(self.report, section) if subpages is not None else ():
                draw = self._renderer(page.template, **page.context)
                drafts.append(PageDraft(f"{self.base}/{page.path}", page.title, source, draw, group))
        return drafts

    def _overview(self, present: list[tuple[Section, str]]) -> PageDraft:
        r, t = self.report, self.t
        downloads = [
            # A section the team titled itself is named by that title here too.
            {
                "title": (None if s.titles else t.get(f"{s.key}_csv")) or t["section_csv"].format(title=title),
                "path": s.csv_path(),
            }
            for s, title in present
            if s.kind.csv is not None
        ]
        title = t["year_overview"].format(year=r.year)
        return PageDraft(
            f"{self.base}/index.md",
            title,
            f"{self.base}/report.yaml",
            self._renderer(
                "year/overview.md.j2",
                title=title,
                summary=self.summary(),
                charts=self.charts,
                sections=[{"title": title, "path": s.page} for s, title in present],
                downloads=downloads,
                disagreements=disagreements(r, self.m, self.fmt.registry),
                source_title=source_title(r),
                single=self._single_project(),
                figure_label=self._figure_label,
                stated=lambda f: ("~" if f.approx else "") + self.fmt.metric(f.metric, f.value),
                derived=lambda d: self._derived(d),
            ),
        )

    def _single_project(self) -> dict[str, Any] | None:
        """A year of one project shows that project as a figure: its name, dates, weeks and outcome
        (three charts of one bar, a full donut and an average equal to itself would say no more)."""
        listed = projects.projects(self.report) if any(s.kind is projects.KIND for s in self.ctx.sections) else ()
        if len(listed) != 1:
            return None
        (p,) = listed
        return {"project": p, "weeks": project_weeks(p)}

    def _derived(self, disagreement: Disagreement) -> str:
        return self.fmt.metric(disagreement.figure.metric, disagreement.derived)

    def _figure_label(self, figure: DeclaredFigure) -> str:
        label = self.fmt.metric_label(figure.metric)  # the site's registry: records metrics too
        if figure.project:
            return f"{label}: {projects.project(self.report, figure.project).name}"
        return label


def _last_folder(folder: str, last: Report | None) -> str:
    """Last year's folder as a link from the page whose way to this year's folder is `folder`."""
    return "" if last is None else posixpath.normpath(f"{folder}../{last.year}") + "/"

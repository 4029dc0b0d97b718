"""The pages of one year, as drafts that can be rendered at their own path or inside another page."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from reportgen.charts.spec import ChartSpec
from reportgen.derive import metrics
from reportgen.model.facts import DeclaredFigure, Item, KpiTarget, Report
from reportgen.render.cards import OVERVIEW_CARDS, cards
from reportgen.render.context import YearContext
from reportgen.render.kpi_text import kpi_actual_text, kpi_baseline_text, kpi_target
from reportgen.render.markdown_text import Markdown, escape_markdown
from reportgen.render.pages import links, render, strong
from reportgen.render.provenance import Footnotes
from reportgen.render.slugs import SlugAllocator
from reportgen.render.summary import annotate_cards, year_summary
from reportgen.sections.records.cells import cell
from reportgen.sections.registry import DEFAULT_SECTIONS, Section

NOTES_ANCHOR = "#reportgen-team-notes"  # the overview's collapsed notes for the team


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
        "caption": "",
    }


class YearPages:
    """Drafts the pages of one year: overview, sections, one page per achievement."""

    def __init__(
        self,
        env: jinja2.Environment,
        ctx: YearContext,
        charts: list[ChartSpec],
        kpi_chart: ChartSpec | None,
        previous: Report | None,
        sections: tuple[Section, ...] = DEFAULT_SECTIONS,
        headline: tuple[str, ...] = OVERVIEW_CARDS,
        section_charts: dict[str, ChartSpec] | None = None,
        followed: tuple[str, ...] = (),
    ) -> None:
        self.env, self.report, self.t, self.fmt = env, ctx.report, ctx.t, ctx.fmt
        self.m = ctx.metrics
        self.kpi_actuals = ctx.kpi_actuals  # next year's results for this year's targets; empty until it is reported
        self.base = str(ctx.report.year)
        self.charts, self.kpi_chart, self.previous = charts, kpi_chart, previous
        self.sections, self.headline = sections, headline
        self.section_charts = section_charts or {}
        self.followed = followed

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
        if spec.kind not in ("timeline", "durations"):
            return ""
        undated = [p.name for p in self.report.projects if metrics.project_weeks(p) is None]
        return self.t["chart_left_out"].format(names=", ".join(undated)) if undated else ""

    def summary(self, folder: str = "", notes_path: str = NOTES_ANCHOR) -> dict[str, Any]:
        """The year in words and its headline cards, for the overview (and the home page's latest year).

        `folder` leads from the page that shows them to this year's folder ("" on the overview itself)."""
        previous = metrics.year_metrics(self.previous, self.fmt.registry) if self.previous is not None else None
        kinds = {s.kind.name for s in self.sections}
        found = year_summary(self.report, self.m, previous, self.followed, self.headline, self.t, self.fmt, kinds)
        shown = cards(self.headline, self.m, self.t, self.fmt, note=False)
        kpi_path, projects_path, review_path = self._paths(folder)
        previous_kpis = self.previous.kpis if self.previous is not None else None
        review = (previous_kpis, review_path) if previous_kpis is not None and review_path is not None else None
        found["cards"] = annotate_cards(
            shown, self.report, self.m, self.t, self.fmt, kpi_path, notes_path, projects_path, review
        )
        return found

    def _paths(self, folder: str) -> tuple[str | None, str | None, str | None]:
        """(KPI page, projects page, KPI review page) of this year, from `folder`, or None where there is none."""
        pages = {s.kind.name: folder + s.page for s, _ in self.present()}
        return pages.get("kpis"), pages.get("projects"), pages.get("kpi_review")

    def _item_line(self, item: Item) -> Markdown:
        """A list item, led by its project's name when it names one."""
        text = escape_markdown(item.text)
        if item.project is None:
            return text
        return Markdown(f"{strong(self.report.project(item.project).name)}: {text}")

    def present(self) -> list[tuple[Section, str]]:
        """The sections this year has something to show in, with their titles, in reading order."""
        found = []
        for section in self.sections:
            if not section.kind.present(self.report, section):
                continue
            if section.kind.needs_previous_year and self.previous is None:
                continue
            found.append((section, section.title(self.t, self.fmt.language, self.report)))
        return found

    def drafts(self) -> list[PageDraft]:
        """Every page of the year, in reading order."""
        r, t, base = self.report, self.t, self.base
        present = self.present()
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
        overview = PageDraft(
            f"{base}/index.md",
            title,
            f"{base}/report.yaml",
            self._renderer(
                "year/overview.md.j2",
                title=title,
                summary=self.summary(),
                charts=self.charts,
                sections=[{"title": title, "path": s.page} for s, title in present],
                downloads=downloads,
                disagreements=metrics.disagreements(r, self.m),
                figure_label=self._figure_label,
                stated=lambda f: ("~" if f.approx else "") + self._format_figure(f.metric, f.value),
                derived=lambda d: self._format_figure(d.figure.metric, d.derived),
            ),
        )
        drafts = [overview]
        for section, title in present:
            renderer = self._section_renderer(section, title)
            group = title if section.kind.nav_group else ""
            drafts.append(PageDraft(f"{base}/{section.page}", title, f"{base}/{section.file}", renderer, group=group))
            if section.kind.nav_group:
                drafts += self._achievement_drafts(title, section)
        return drafts

    def _section_renderer(self, section: Section, title: str) -> Callable[[str], str]:
        """A section's page: its kind's template, with what that kind's template needs."""
        context = PAGE_CONTEXT[section.kind.name](self, section)
        return self._renderer(section.kind.template, title=title, **context)

    def _projects_context(self, section: Section) -> dict[str, Any]:
        return {"rows": [{"project": p, "weeks": metrics.project_weeks(p)} for p in self.report.projects]}

    def _achievements_context(self, section: Section) -> dict[str, Any]:
        return {
            "achievements": [
                {"heading": heading, "path": path, "result": self.report.achievements[index].results[0]}
                for heading, path, index in self._achievements()
            ]
        }

    def _groups_context(self, section: Section) -> dict[str, Any]:
        return {"group_list": self.report.groups.get(section.key, ())}

    def _services_context(self, section: Section) -> dict[str, Any]:
        return {}

    def _kpis_context(self, section: Section) -> dict[str, Any]:
        r = self.report
        rows = [self._kpi_row(k) for k in r.kpis.quantitative] if r.kpis else []
        for row in rows:
            row["verdict"] = self._target_verdict(row["kpi"])
        return {"kpis": r.kpis, "chart": self.kpi_chart, "rows": rows}

    def _target_verdict(self, kpi: KpiTarget) -> str:
        """How a target set this year turned out, or why that cannot be said (yet)."""
        assert self.report.kpis is not None
        if kpi.target is None:
            return self.t["verdict_not_measurable"]
        if not self.kpi_actuals:  # next year's report is not there yet
            return self.t["verdict_pending"].format(year=self.report.kpis.year)
        actual = self.kpi_actuals.get(kpi.id)
        verdict = self.t[f"verdict_{metrics.kpi_verdict(kpi, actual)}"]
        return verdict if actual is None else f"{verdict} ({kpi_actual_text(self.fmt, kpi, actual)})"

    def _kpi_review_context(self, section: Section) -> dict[str, Any]:
        return {"rows": self._kpi_review_rows()}

    def _records_context(self, section: Section) -> dict[str, Any]:
        declaration = section.declaration
        assert declaration is not None
        language, fmt = self.fmt.language, self.fmt
        columns = [
            {"key": c.key, "title": c.title.get(language) or next(iter(c.title.values()), c.key), "column": c}
            for c in declaration.columns
        ]
        rows = [
            [cell(column["column"], row.get(column["key"]), self.report, fmt) for column in columns]
            for row in self.report.records.get(section.key, ())
        ]
        figures = [
            {"label": fmt.metric_label(name), "value": fmt.metric(name, self.m.value(name))}
            for name, metric in fmt.registry.items()
            if metric.section == section.key
        ]
        return {"columns": columns, "rows": rows, "figures": figures, "chart": self.section_charts.get(section.key)}

    def _achievements(self) -> list[tuple[str, str, int]]:
        """(heading, path inside the year, index) of each achievement, with unique slugs."""
        slugs = SlugAllocator(reserved={"index"})  # achievements/index.md is the section's own page
        found = []
        for index, achievement in enumerate(self.report.achievements):
            heading = f"{self.report.project(achievement.project).name} — {achievement.title}"
            found.append((heading, f"achievements/{slugs.allocate(heading)}.md", index))
        return found

    def _achievement_drafts(self, group: str, section: Section) -> list[PageDraft]:
        drafts = []
        for heading, path, index in self._achievements():
            achievement = self.report.achievements[index]
            renderer = self._renderer(
                "year/achievement.md.j2",
                heading=heading,
                achievement=achievement,
                project=self.report.project(achievement.project),
            )
            drafts.append(PageDraft(f"{self.base}/{path}", heading, f"{self.base}/{section.file}", renderer, group))
        return drafts

    def _figure_label(self, figure: DeclaredFigure) -> str:
        label = self.fmt.metric_label(figure.metric)  # the site's registry: records metrics too
        return f"{label}: {self.report.project(figure.project).name}" if figure.project else label

    def _format_figure(self, metric: str, value: float | None) -> str:
        return self.fmt.metric(metric, value)

    def _kpi_review_rows(self) -> list[dict[str, Any]]:
        """Last year's targets beside this year's actuals."""
        assert self.previous is not None and self.previous.kpis is not None
        previous_metrics = metrics.year_metrics(self.previous, self.fmt.registry)
        actuals = metrics.kpi_actuals(self.previous.kpis, self.report, self.fmt.registry)
        reviews = {review.kpi: review for review in reversed(self.report.kpi_reviews)}  # the first entry wins
        rows = []
        for kpi in self.previous.kpis.quantitative:  # every target, reviewed or not: none goes missing
            review = reviews.get(kpi.id)
            row = self._kpi_row(kpi, previous_metrics)
            actual = actuals.get(kpi.id)
            row["actual"] = kpi_actual_text(self.fmt, kpi, actual)
            row["verdict"] = self.t[f"verdict_{metrics.kpi_verdict(kpi, actual)}"]
            row["result"] = (review.result if review is not None else None) or self.t["none"]
            rows.append(row)
        return rows

    def _kpi_row(self, kpi: KpiTarget, year: metrics.YearMetrics | None = None) -> dict[str, Any]:
        """A target with its baseline, taken from `year`'s figures (this year's unless given)."""
        baseline = kpi_baseline_text(self.fmt, kpi, metrics.kpi_baseline(kpi, year or self.m))
        return {"kpi": kpi, "baseline": baseline, "target": kpi_target(self.fmt, kpi)}


# How each kind of section fills its template. A new kind of section adds its builder here.
PAGE_CONTEXT: dict[str, Callable[[YearPages, Section], dict[str, Any]]] = {
    "projects": YearPages._projects_context,
    "achievements": YearPages._achievements_context,
    "groups": YearPages._groups_context,
    "services": YearPages._services_context,
    "kpis": YearPages._kpis_context,
    "kpi_review": YearPages._kpi_review_context,
    "records": YearPages._records_context,
}

"""The pages of one year, as drafts that can be rendered at their own path or inside another page."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from . import metrics
from .charts import ChartSpec
from .charts.context import YearContext
from .i18n import METRIC_LABELS
from .kpi_text import kpi_target, kpi_value
from .markdown_text import Markdown, escape_markdown
from .model import DeclaredFigure, Item, KpiTarget, Report
from .pages import links, render, strong
from .slugs import SlugAllocator


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
    ) -> None:
        self.env, self.report, self.t, self.fmt = env, ctx.report, ctx.t, ctx.fmt
        self.m = ctx.metrics
        self.base = str(ctx.report.year)
        self.charts, self.kpi_chart, self.previous = charts, kpi_chart, previous

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
                chart_view=lambda spec: chart_view(spec, here),
                links=lambda entries: links(entries, rebase=url),
                **context,
            )

        return render_at

    def _item_line(self, item: Item) -> Markdown:
        """A list item, led by its project's name when it names one."""
        text = escape_markdown(item.text)
        if item.project is None:
            return text
        return Markdown(f"{strong(self.report.project(item.project).name)}: {text}")

    def drafts(self) -> list[PageDraft]:
        """Every page of the year, in reading order."""
        r, t, base = self.report, self.t, self.base
        kpi_year = r.kpis.year if r.kpis else r.year + 1
        sections: list[tuple[str, str, str, str, bool]] = [  # key, title, path, source, present
            ("projects", t["projects"], "projects.md", "projects.yaml", bool(r.projects)),
            ("achievements", t["achievements"], "achievements/index.md", "achievements.yaml", bool(r.achievements)),
            ("infrastructure", t["infrastructure"], "infrastructure.md", "infrastructure.yaml", bool(r.infrastructure)),
            ("reliability", t["reliability"], "reliability.md", "reliability.yaml", bool(r.reliability)),
            ("operations", t["operations"], "operations.md", "operations.yaml", bool(r.operations)),
            ("services", t["services"], "services.md", "services.yaml", bool(r.services or r.performance_tests)),
            (
                "kpi_review",
                t["kpi_review"].format(year=r.year),
                "kpi-review.md",
                "kpi_review.yaml",
                bool(r.kpi_reviews) and self.previous is not None,
            ),
            ("kpis", t["kpis"].format(year=kpi_year), "kpis.md", "kpis.yaml", r.kpis is not None),
            ("impact", t["impact"], "impact.md", "impact.yaml", bool(r.impact)),
        ]
        present = [(key, title, path, source) for key, title, path, source, has in sections if has]
        overview = PageDraft(
            f"{base}/index.md",
            t["overview"],
            f"{base}/report.yaml",
            self._renderer(
                "year/overview.md.j2",
                charts=self.charts,
                sections=[{"title": title, "path": path} for _, title, path, _ in present],
                disagreements=metrics.disagreements(r, self.m),
                figure_label=self._figure_label,
                stated=lambda f: ("~" if f.approx else "") + self._format_figure(f.metric, f.value),
                derived=lambda d: self._format_figure(d.figure.metric, d.derived),
            ),
        )
        drafts = [overview]
        for key, title, path, source in present:
            renderer = self._section_renderer(key, title)
            drafts.append(
                PageDraft(
                    f"{base}/{path}", title, f"{base}/{source}", renderer, group=title if key == "achievements" else ""
                )
            )
            if key == "achievements":
                drafts += self._achievement_drafts(title)
        return drafts

    def _section_renderer(self, key: str, title: str) -> Callable[[str], str]:
        r = self.report
        if key == "projects":
            rows = [{"project": p, "weeks": metrics.project_weeks(p)} for p in r.projects]
            return self._renderer("year/projects.md.j2", rows=rows)
        if key == "achievements":
            entries = [{"heading": heading, "path": path} for heading, path, _ in self._achievements()]
            return self._renderer("year/achievements.md.j2", achievements=entries)
        if key == "kpi_review":
            return self._renderer("year/kpi_review.md.j2", title=title, rows=self._kpi_review_rows())
        if key == "services":
            return self._renderer("year/services.md.j2", title=title)
        if key == "kpis":
            rows = [self._kpi_row(k) for k in r.kpis.quantitative] if r.kpis else []
            return self._renderer("year/kpis.md.j2", title=title, kpis=r.kpis, chart=self.kpi_chart, rows=rows)
        return self._renderer("year/groups.md.j2", title=title, group_list=getattr(r, key))

    def _achievements(self) -> list[tuple[str, str, int]]:
        """(heading, path inside the year, index) of each achievement, with unique slugs."""
        slugs = SlugAllocator(reserved={"index"})  # achievements/index.md is the section's own page
        found = []
        for index, achievement in enumerate(self.report.achievements):
            heading = f"{self.report.project(achievement.project).name} — {achievement.title}"
            found.append((heading, f"achievements/{slugs.allocate(heading)}.md", index))
        return found

    def _achievement_drafts(self, group: str) -> list[PageDraft]:
        drafts = []
        for heading, path, index in self._achievements():
            achievement = self.report.achievements[index]
            renderer = self._renderer(
                "year/achievement.md.j2",
                heading=heading,
                achievement=achievement,
                project=self.report.project(achievement.project),
            )
            drafts.append(PageDraft(f"{self.base}/{path}", heading, f"{self.base}/achievements.yaml", renderer, group))
        return drafts

    def _figure_label(self, figure: DeclaredFigure) -> str:
        label = self.t[METRIC_LABELS[figure.metric]]
        return f"{label}: {self.report.project(figure.project).name}" if figure.project else label

    def _format_figure(self, metric: str, value: float | None) -> str:
        if metric in ("longest_weeks", "average_weeks", "project_weeks"):
            return self.fmt.weeks(value)
        if metric == "on_time_rate":
            return self.fmt.percent(value)
        return self.t["none"] if value is None else self.fmt.count(int(value))

    def _kpi_review_rows(self) -> list[dict[str, Any]]:
        """Last year's targets beside this year's actuals."""
        assert self.previous is not None and self.previous.kpis is not None
        previous_metrics = metrics.year_metrics(self.previous)
        actuals = metrics.kpi_actuals(self.previous.kpis, self.report)
        targets = {kpi.id: kpi for kpi in self.previous.kpis.quantitative}
        rows = []
        for review in self.report.kpi_reviews:
            kpi = targets[review.kpi]
            row = self._kpi_row(kpi, previous_metrics)
            actual = actuals.get(kpi.id)
            row["actual"] = kpi_value(self.fmt, kpi, actual)
            row["verdict"] = self.t[f"verdict_{metrics.kpi_verdict(kpi, actual)}"]
            row["result"] = review.result or self.t["none"]
            rows.append(row)
        return rows

    def _kpi_row(self, kpi: KpiTarget, year: metrics.YearMetrics | None = None) -> dict[str, Any]:
        """A target with its baseline, taken from `year`'s figures (this year's unless given)."""
        baseline = kpi_value(self.fmt, kpi, metrics.kpi_baseline(kpi, year or self.m))
        return {"kpi": kpi, "baseline": baseline, "target": kpi_target(self.fmt, kpi)}

"""Assembles the whole generated docs tree: page paths, navigation, and page contents."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from . import metrics
from .charts import ChartCache, ChartSpec, RenderStats, catalog, render_all
from .charts.context import YearContext
from .i18n import METRIC_LABELS, labels
from .markdown_text import Markdown, escape_markdown
from .model import DeclaredFigure, Item, KpiTarget, Report, Site
from .pages import Formatter, make_environment, render, strong
from .slugs import SlugAllocator

NavEntry = dict[str, Any]  # {title: path} or {title: [entries]}, as mkdocs.yml writes it


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # POSIX path inside the docs tree
    content: bytes


@dataclass
class GeneratedTree:
    files: list[GeneratedFile] = field(default_factory=list)
    nav: list[NavEntry] = field(default_factory=list)
    chart_stats: RenderStats = field(default_factory=RenderStats)

    def add(self, path: str, text: str) -> None:
        self.files.append(GeneratedFile(path, text.encode("utf-8")))


_CHARACTER_REFERENCE = re.compile(r"&(?=[#A-Za-z0-9])")


def _nav_title(text: str) -> str:
    """A nav title as the theme needs it: it prints titles as HTML, so '<' and '>' are escaped.

    A bare '&' is left alone unless it could start a character reference: the theme escapes
    titles again in attributes (aria-label), and "A &amp; B" would be read out as "amp".
    """
    escaped = _CHARACTER_REFERENCE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace('"', "&#34;").replace("'", "&#39;")


def unescape_footer_labels(page_html: str, titles: list[str]) -> str:
    """Undo the second escaping the theme gives nav titles in the footer links' aria-label.

    `titles` are the nav titles of the page's neighbours, as _nav_title made them (already
    escaped once); the theme writes them as `aria-label="…: {{ title | e }}"`.
    """
    for title in titles:
        twice = str(markupsafe.escape(title))
        if twice != title:
            page_html = page_html.replace(f': {twice}"', f': {title}"')
    return page_html


@dataclass(frozen=True)
class _Section:
    key: str
    path: str  # relative to the year's folder
    template: str


_GROUP_SECTIONS = ("infrastructure", "reliability", "operations")


def chart_view(spec: ChartSpec, page: str) -> dict[str, Any]:
    """What a template needs to show a chart on the page at `page` (a docs-tree path)."""
    here = posixpath.dirname(page) or "."
    return {
        "title": spec.title,
        "alt": spec.alt,
        "light": Markdown(posixpath.relpath(spec.file("light"), here)),
        "dark": Markdown(posixpath.relpath(spec.file("dark"), here)),
        "table": spec.table,
    }


class _YearPages:
    """Renders the pages of one year and says how they appear in the navigation."""

    def __init__(
        self,
        env: jinja2.Environment,
        ctx: YearContext,
        charts: list[ChartSpec],
        kpi_chart: ChartSpec | None,
        previous: Report | None,
    ) -> None:
        self.previous = previous
        self.env, self.report, self.t, self.fmt = env, ctx.report, ctx.t, ctx.fmt
        self.m = ctx.metrics
        self.base = str(ctx.report.year)
        self.charts, self.kpi_chart = charts, kpi_chart

    def _render(self, template: str, **context: Any) -> str:
        return render(
            self.env,
            template,
            report=self.report,
            m=self.m,
            t=self.t,
            fmt=self.fmt,
            item_line=self._item_line,
            **context,
        )

    def _item_line(self, item: Item) -> Markdown:
        """A list item, led by its project's name when it names one."""
        text = escape_markdown(item.text)
        if item.project is None:
            return text
        return Markdown(f"{strong(self.report.project(item.project).name)}: {text}")

    def _kpi_title(self) -> str:
        target_year = self.report.kpis.year if self.report.kpis else self.report.year + 1
        return self.t["kpis"].format(year=target_year)

    def section_titles(self) -> list[tuple[str, str]]:
        """(title, path relative to the year) of each section this year has content for."""
        r = self.report
        present = [
            ("projects", "projects.md", bool(r.projects)),
            ("achievements", "achievements/index.md", bool(r.achievements)),
            ("infrastructure", "infrastructure.md", bool(r.infrastructure)),
            ("reliability", "reliability.md", bool(r.reliability)),
            ("operations", "operations.md", bool(r.operations)),
            ("services", "services.md", bool(r.services or r.performance_tests)),
            ("kpi_review", "kpi-review.md", bool(r.kpi_reviews) and self.previous is not None),
            ("kpis", "kpis.md", r.kpis is not None),
            ("impact", "impact.md", bool(r.impact)),
        ]
        titles = {"kpis": self._kpi_title(), "kpi_review": self.t["kpi_review"].format(year=r.year)}
        return [(titles.get(key, self.t.get(key, key)), path) for key, path, has in present if has]

    def _achievement_heading(self, index: int) -> str:
        achievement = self.report.achievements[index]
        return f"{self.report.project(achievement.project).name} — {achievement.title}"

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
            row["actual"] = self._kpi_value(kpi, actuals.get(kpi.id))
            row["result"] = review.result or self.t["none"]
            rows.append(row)
        return rows

    def _kpi_value(self, kpi: KpiTarget, value: float | None) -> str:
        if value is None:
            return self.t["none"]
        return self.fmt.percent(value) if kpi.unit == "%" else f"{self.fmt.number(value)}{kpi.unit or ''}"

    def _kpi_row(self, kpi: KpiTarget, year: metrics.YearMetrics | None = None) -> dict[str, Any]:
        """A target with its baseline, taken from `year`'s figures (this year's unless given)."""
        baseline = self._kpi_value(kpi, metrics.kpi_baseline(kpi, year or self.m))
        target = self._kpi_value(kpi, kpi.target) if kpi.target is not None else (kpi.target_text or self.t["none"])
        return {"kpi": kpi, "baseline": baseline, "target": target}

    def write(self, tree: GeneratedTree) -> NavEntry:
        r, base = self.report, self.base
        sections = self.section_titles()
        nav: list[NavEntry] = [{_nav_title(self.t["overview"]): f"{base}/index.md"}]
        tree.add(
            f"{base}/index.md",
            self._render(
                "year/overview.md.j2",
                charts=[chart_view(spec, f"{base}/index.md") for spec in self.charts],
                sections=[{"title": title, "link": path} for title, path in sections],
                disagreements=metrics.disagreements(r, self.m),
                figure_label=self._figure_label,
                stated=lambda f: ("~" if f.approx else "") + self._format_figure(f.metric, f.value),
                derived=lambda d: self._format_figure(d.figure.metric, d.derived),
            ),
        )
        for title, path in sections:
            key = path.removesuffix(".md").split("/")[0]
            if key == "achievements":
                nav.append({_nav_title(title): self._write_achievements(tree, title)})
                continue
            if key == "projects":
                rows = [{"project": p, "weeks": metrics.project_weeks(p)} for p in r.projects]
                text = self._render("year/projects.md.j2", rows=rows)
            elif key == "kpi-review":
                text = self._render("year/kpi_review.md.j2", title=title, rows=self._kpi_review_rows())
            elif key == "services":
                text = self._render("year/services.md.j2", title=title)
            elif key == "kpis":
                chart = chart_view(self.kpi_chart, f"{base}/{path}") if self.kpi_chart else None
                text = self._render(
                    "year/kpis.md.j2",
                    title=title,
                    kpis=r.kpis,
                    chart=chart,
                    rows=[self._kpi_row(k) for k in r.kpis.quantitative] if r.kpis else [],
                )
            else:
                text = self._render("year/groups.md.j2", title=title, group_list=getattr(r, key))
            tree.add(f"{base}/{path}", text)
            nav.append({_nav_title(title): f"{base}/{path}"})
        return {_nav_title(self.t["year_heading"].format(year=r.year)): nav}

    def _write_achievements(self, tree: GeneratedTree, title: str) -> list[NavEntry]:
        entries = []
        nav: list[NavEntry] = [{_nav_title(title): f"{self.base}/achievements/index.md"}]
        slugs = SlugAllocator(reserved={"index"})  # achievements/index.md is the section's own page
        for index, achievement in enumerate(self.report.achievements):
            heading = self._achievement_heading(index)
            slug = slugs.allocate(heading)
            path = f"achievements/{slug}.md"
            tree.add(
                f"{self.base}/{path}",
                self._render(
                    "year/achievement.md.j2",
                    heading=heading,
                    achievement=achievement,
                    project=self.report.project(achievement.project),
                ),
            )
            entries.append({"heading": heading, "link": Markdown(f"{slug}.md")})
            nav.append({_nav_title(heading): f"{self.base}/{path}"})
        tree.add(f"{self.base}/achievements/index.md", self._render("year/achievements.md.j2", achievements=entries))
        return nav


def build_pages(site: Site, templates_dir: Path | None = None) -> tuple[GeneratedTree, list[ChartSpec]]:
    """The pages and navigation, and the specs of the charts they show (not yet drawn)."""
    env = make_environment(templates_dir)
    t = labels(site.settings.language)
    fmt = Formatter(site.settings.language, t)
    tree = GeneratedTree()
    figures = {r.year: metrics.year_metrics(r) for r in site.reports}
    by_year = {r.year: r for r in site.reports}
    contexts = [
        YearContext(
            report=r,
            metrics=figures[r.year],
            t=t,
            fmt=fmt,
            kpi_actuals=metrics.kpi_actuals(r.kpis, by_year.get(r.year + 1)) if r.kpis else {},
        )
        for r in site.reports
    ]
    year_charts = {ctx.report.year: catalog.overview_charts(ctx) for ctx in contexts}
    kpi_charts = {ctx.report.year: catalog.kpi_chart(ctx) for ctx in contexts}
    trend = catalog.trend_chart(list(figures.items()), t, fmt)

    years = [{"report": r, "metrics": figures[r.year], "path": f"{r.year}/index.md"} for r in site.reports]
    home_chart = chart_view(trend, "index.md") if trend else None
    tree.add("index.md", render(env, "home.md.j2", settings=site.settings, years=years, t=t, fmt=fmt, chart=home_chart))
    tree.nav.append({_nav_title(t["home"]): "index.md"})
    for ctx in reversed(contexts):  # newest year first
        year = ctx.report.year
        pages = _YearPages(env, ctx, year_charts[year], kpi_charts[year], previous=by_year.get(year - 1))
        tree.nav.append(pages.write(tree))

    specs = [spec for specs in year_charts.values() for spec in specs]
    specs += [spec for spec in (*kpi_charts.values(), trend) if spec is not None]
    return tree, specs


def build_tree(site: Site, templates_dir: Path | None = None, cache: ChartCache | None = None) -> GeneratedTree:
    """Every generated file of the site (pages and charts), and the navigation that links them."""
    tree, specs = build_pages(site, templates_dir)
    charts = render_all(specs, cache or ChartCache(None))
    tree.chart_stats = charts.stats
    tree.files.extend(GeneratedFile(path, content) for path, content in charts.files.items())
    return tree

"""Assembles the whole generated docs tree: pages, print pages, data files, charts and navigation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from . import metrics
from .charts import ChartCache, ChartFiles, ChartSpec, catalog, render_all
from .charts.context import YearContext
from .export import projects_csv, year_json
from .i18n import labels
from .markdown_text import escape_markdown
from .model import Report, Site
from .pages import Formatter, make_environment, render
from .theme_text import nav_title
from .tree import GeneratedFile, GeneratedTree, NavEntry
from .year_pages import PageDraft, YearPages, chart_view

PAGE_BREAK = '<div class="reportgen-page-break"></div>'
# Pages that gather every section would make each phrase turn up twice in search.
NOT_IN_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def _demote_headings(markdown: str) -> str:
    """One level down: a page's sections become subsections of the printable report."""
    return re.sub(r"^(#{1,5}) ", r"#\1 ", markdown, flags=re.MULTILINE)


def _print_page(title: str, drafts: list[PageDraft], here: str) -> str:
    parts = [_demote_headings(draft.render(here)).strip() for draft in drafts]
    return NOT_IN_SEARCH + f"# {escape_markdown(title)}\n\n" + f"\n\n{PAGE_BREAK}\n\n".join(parts) + "\n"


def _year_nav(drafts: list[PageDraft], print_path: str, print_title: str) -> list[NavEntry]:
    nav: list[NavEntry] = []
    groups: dict[str, list[NavEntry]] = {}
    for draft in drafts:
        entry = {nav_title(draft.title): draft.path}
        if draft.group:
            if draft.group not in groups:
                groups[draft.group] = []
                nav.append({nav_title(draft.group): groups[draft.group]})
            groups[draft.group].append(entry)
        else:
            nav.append(entry)
    nav.append({nav_title(print_title): print_path})
    return nav


@dataclass
class YearOutput:
    """One year's share of the tree: its pages and data files, its nav entry and its charts' specs."""

    files: list[GeneratedFile]
    sources: dict[str, str]
    nav: NavEntry
    specs: list[ChartSpec]


# How a year's output is obtained: by calling `make`, or from a cache that knows the year's inputs.
YearBuilder = Callable[[YearContext, "Report | None", Callable[[], YearOutput]], YearOutput]


def build_year(env: Environment, ctx: YearContext, previous: Report | None) -> YearOutput:
    """The pages, data files and navigation of one year; depends on that year and `previous` alone."""
    t, year = ctx.t, ctx.report.year
    out = GeneratedTree()
    charts, kpi_chart = catalog.overview_charts(ctx), catalog.kpi_chart(ctx)
    drafts = YearPages(env, ctx, charts, kpi_chart, previous=previous).drafts()
    for draft in drafts:
        out.add(draft.path, draft.render(draft.path), source=draft.source)
    print_path = f"{year}/print.md"
    print_title = t["print_title"].format(title=ctx.report.title)
    out.add(print_path, _print_page(print_title, drafts, print_path), source=f"{year}/report.yaml")
    out.add(f"{year}/data.json", year_json(ctx.report))
    out.add(f"{year}/projects.csv", projects_csv(ctx.report))
    nav = {nav_title(t["year_heading"].format(year=year)): _year_nav(drafts, print_path, t["print"])}
    return YearOutput(out.files, out.sources, nav, charts + ([kpi_chart] if kpi_chart else []))


def build_pages(
    site: Site, templates_dir: Path | None = None, year_builder: YearBuilder | None = None
) -> tuple[GeneratedTree, list[ChartSpec]]:
    """The pages, data files and navigation, and the specs of the charts they show (not yet drawn)."""
    env = make_environment(templates_dir)
    t = labels(site.settings.language)
    fmt = Formatter(site.settings.language, t)
    tree = GeneratedTree()
    figures = {r.year: metrics.year_metrics(r) for r in site.reports}
    by_year = {r.year: r for r in site.reports}
    contexts = [
        YearContext(
            r,
            figures[r.year],
            t,
            fmt,
            kpi_actuals=metrics.kpi_actuals(r.kpis, by_year.get(r.year + 1)) if r.kpis else {},
        )
        for r in site.reports
    ]
    trend = catalog.trend_chart(list(figures.items()), t, fmt)
    years = [
        {"report": r, "metrics": figures[r.year], "path": f"{r.year}/index.md", "print_path": f"{r.year}/print.md"}
        for r in site.reports
    ]
    home = render(
        env,
        "home.md.j2",
        settings=site.settings,
        years=years,
        t=t,
        fmt=fmt,
        chart=chart_view(trend, "index.md") if trend else None,
    )
    tree.add("index.md", home, source="site.yaml")
    tree.nav.append({nav_title(t["home"]): "index.md"})

    specs = [trend] if trend else []
    builder = year_builder or (lambda ctx, previous, make: make())
    for ctx in reversed(contexts):  # newest year first
        previous = by_year.get(ctx.report.year - 1)
        out = builder(ctx, previous, lambda ctx=ctx, previous=previous: build_year(env, ctx, previous))
        tree.files += out.files
        tree.sources.update(out.sources)
        tree.nav.append(out.nav)
        specs += out.specs
    return tree, specs


def attach_charts(tree: GeneratedTree, charts: ChartFiles) -> None:
    tree.chart_stats = charts.stats
    tree.files.extend(GeneratedFile(path, content) for path, content in charts.files.items())


def build_tree(site: Site, templates_dir: Path | None = None, cache: ChartCache | None = None) -> GeneratedTree:
    """Every generated file of the site (pages and charts), and the navigation that links them."""
    tree, specs = build_pages(site, templates_dir)
    attach_charts(tree, render_all(specs, cache or ChartCache(None)))
    return tree

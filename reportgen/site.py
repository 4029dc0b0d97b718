"""Assembles the whole generated docs tree: pages, print pages, data files, charts and navigation."""

from __future__ import annotations

from pathlib import Path

from . import metrics, print_page
from .charts import ChartCache, ChartFiles, ChartSpec, catalog, render_all
from .charts.context import YearContext
from .export import projects_csv, year_json
from .i18n import labels
from .model import Site
from .pages import Formatter, make_environment, render
from .theme_text import nav_title
from .tree import GeneratedFile, GeneratedTree, NavEntry
from .year_pages import PageDraft, YearPages, chart_view


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


def build_pages(site: Site, templates_dir: Path | None = None) -> tuple[GeneratedTree, list[ChartSpec]]:
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
    for ctx in reversed(contexts):  # newest year first
        year = ctx.report.year
        charts, kpi_chart = catalog.overview_charts(ctx), catalog.kpi_chart(ctx)
        specs += charts + ([kpi_chart] if kpi_chart else [])
        drafts = YearPages(env, ctx, charts, kpi_chart, previous=by_year.get(year - 1)).drafts()
        for draft in drafts:
            tree.add(draft.path, draft.render(draft.path), source=draft.source)
        print_path = f"{year}/print.md"
        print_title = t["print_title"].format(title=ctx.report.title)
        page = print_page.render(print_title, drafts, print_path, ctx.report, site.settings, t)
        tree.add(print_path, page, source=f"{year}/report.yaml")
        tree.add(f"{year}/data.json", year_json(ctx.report))
        tree.add(f"{year}/projects.csv", projects_csv(ctx.report))
        tree.nav.append({nav_title(t["year_heading"].format(year=year)): _year_nav(drafts, print_path, t["print"])})
    return tree, specs


def attach_charts(tree: GeneratedTree, charts: ChartFiles) -> None:
    tree.chart_stats = charts.stats
    tree.files.extend(GeneratedFile(path, content) for path, content in charts.files.items())


def build_tree(site: Site, templates_dir: Path | None = None, cache: ChartCache | None = None) -> GeneratedTree:
    """Every generated file of the site (pages and charts), and the navigation that links them."""
    tree, specs = build_pages(site, templates_dir)
    attach_charts(tree, render_all(specs, cache or ChartCache(None)))
    return tree

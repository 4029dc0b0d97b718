"""Assembles the whole generated docs tree: pages, print pages, data files, charts and navigation."""

from __future__ import annotations

import re
from pathlib import Path

from . import metrics
from .cards import HOME_CARDS, OVERVIEW_CARDS, headline, trend_metrics
from .charts import ChartCache, ChartFiles, ChartSpec, catalog, render_all
from .charts.context import YearContext
from .charts.records import record_charts
from .export import year_json
from .i18n import labels
from .markdown_text import escape_markdown
from .model import Site
from .pages import Formatter, make_environment, render
from .sections import site_metrics, site_sections
from .theme_text import nav_title
from .tree import GeneratedFile, GeneratedTree, NavEntry
from .year_pages import NOTES_ANCHOR, TABLE_INSTEAD, PageDraft, YearPages, chart_view

PAGE_BREAK = '<div class="reportgen-page-break"></div>'
# Pages that gather every section would make each phrase turn up twice in search.
NOT_IN_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def _demote_headings(markdown: str) -> str:
    """One level down: a page's sections become subsections of the printable report."""
    return re.sub(r"^(#{1,5}) ", r"#\1 ", markdown, flags=re.MULTILINE)


def _print_page(title: str, drafts: list[PageDraft], here: str, team: str | None = None) -> str:
    parts = [_demote_headings(draft.render(here)).strip() for draft in drafts]
    cover = f"# {escape_markdown(title)}\n\n" + (f"{escape_markdown(team)}\n\n" if team else "")
    return NOT_IN_SEARCH + cover + f"\n\n{PAGE_BREAK}\n\n".join(parts) + "\n"


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
    t = labels(site.settings.language, site.settings.labels)
    sections = site_sections(site.settings)
    registry = site_metrics(sections)
    fmt = Formatter(site.settings.language, t, registry)
    tree = GeneratedTree()
    figures = {r.year: metrics.year_metrics(r, registry) for r in site.reports}
    by_year = {r.year: r for r in site.reports}
    contexts = [
        YearContext(
            r,
            figures[r.year],
            t,
            fmt,
            kpi_actuals=metrics.kpi_actuals(r.kpis, by_year.get(r.year + 1), registry) if r.kpis else {},
        )
        for r in site.reports
    ]
    followed = trend_metrics(site.settings, sections, registry)
    trend = catalog.trend_chart(list(figures.items()), t, fmt, followed)
    years = [
        {"report": r, "metrics": figures[r.year], "path": f"{r.year}/index.md", "print_path": f"{r.year}/print.md"}
        for r in site.reports
    ]
    latest = contexts[-1]
    latest_pages = YearPages(
        env,
        latest,
        [],
        None,
        previous=by_year.get(latest.report.year - 1),
        sections=sections,
        headline=headline(site.settings, sections, registry, HOME_CARDS),
        followed=followed,
    )
    year_folder = str(latest.report.year)
    home = render(
        env,
        "home.md.j2",
        settings=site.settings,
        years=years,
        t=t,
        fmt=fmt,
        summary=latest_pages.summary(f"{year_folder}/", f"{year_folder}/index.md{NOTES_ANCHOR}"),
        columns=[{"name": name, "label": fmt.metric_label(name)} for name in followed],
        chart=chart_view(trend, "index.md") if trend else None,
    )
    tree.add("index.md", home, source="site.yaml")
    tree.nav.append({nav_title(t["home"]): "index.md"})

    specs = [trend] if trend else []
    for ctx in reversed(contexts):  # newest year first
        year = ctx.report.year
        charts = [c for c in catalog.overview_charts(ctx) if c.kind not in TABLE_INSTEAD]
        kpi_chart = catalog.kpi_chart(ctx)
        section_charts = record_charts(ctx, sections, [c for c in contexts if c.report.year <= year])
        specs += charts + ([kpi_chart] if kpi_chart else []) + list(section_charts.values())
        pages = YearPages(
            env,
            ctx,
            charts,
            kpi_chart,
            previous=by_year.get(year - 1),
            sections=sections,
            headline=headline(site.settings, sections, registry, OVERVIEW_CARDS),
            section_charts=section_charts,
            followed=followed,
        )
        drafts = pages.drafts()
        for draft in drafts:
            tree.add(draft.path, draft.render(draft.path), source=draft.source)
        print_path = f"{year}/print.md"
        print_title = t["print_title"].format(title=ctx.report.title)
        tree.add(
            print_path, _print_page(print_title, drafts, print_path, site.settings.team), source=f"{year}/report.yaml"
        )
        tree.add(f"{year}/data.json", year_json(ctx.report, registry))
        for section, _ in pages.present():
            if section.kind.csv is not None:
                tree.add(f"{year}/{section.csv_path()}", section.kind.csv(ctx.report, section))
        # The year's section is named as its overview page (its index), so the page has one name everywhere.
        tree.nav.append({nav_title(drafts[0].title): _year_nav(drafts, print_path, t["print"])})
    return tree, specs


def attach_charts(tree: GeneratedTree, charts: ChartFiles) -> None:
    tree.chart_stats = charts.stats
    tree.files.extend(GeneratedFile(path, content) for path, content in charts.files.items())


def build_tree(site: Site, templates_dir: Path | None = None, cache: ChartCache | None = None) -> GeneratedTree:
    """Every generated file of the site (pages and charts), and the navigation that links them."""
    tree, specs = build_pages(site, templates_dir)
    attach_charts(tree, render_all(specs, cache or ChartCache(None)))
    return tree

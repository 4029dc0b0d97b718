"""Assembles the whole generated docs tree: pages, print pages, data files, charts and navigation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment

from reportgen.charts import catalog
from reportgen.charts.spec import ChartSpec
from reportgen.derive.metrics import year_metrics
from reportgen.emit.chart_files import ChartFiles, render_all
from reportgen.emit.landing import keep_landing
from reportgen.emit.store import ChartCache
from reportgen.emit.tree import GeneratedFile, GeneratedTree, NavEntry
from reportgen.emit.year_data import year_json
from reportgen.load.catalogs import labels
from reportgen.model.facts import Report, Site, SiteSettings
from reportgen.render import print_page
from reportgen.render.cards import HOME, OVERVIEW, headline, trend_metrics
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter, make_environment, render
from reportgen.render.theme_text import nav_title
from reportgen.render.working_note import figure_anchor
from reportgen.render.year_pages import NOTES_ANCHOR, PageDraft, YearPages, chart_view
from reportgen.sections import kpi_review
from reportgen.sections.kind import Section
from reportgen.sections.kpis.facts import metric_targets
from reportgen.sections.registry import site_metrics, site_sections

# The latest years each have a tab; past this many, the others are under one tab with an index of
# every year, so no tab is hidden past the bar's edge (26 tabs need 2478 px at 1280).
YEAR_TABS = 5
YEARS_INDEX = "years/index.md"


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
YearBuilder = Callable[[YearContext, "Report | None", list[YearContext], Callable[[], YearOutput]], YearOutput]


@dataclass(frozen=True)
class SiteParts:
    """What every year's pages share: the site's settings and the page settings around them."""

    settings: SiteSettings
    sections: tuple[Section, ...]


def build_year(
    env: Environment, ctx: YearContext, previous: Report | None, site: SiteParts, earlier: list[YearContext]
) -> YearOutput:
    """The pages, data files and navigation of one year. It depends on that year, `previous` (whose
    KPI targets it reviews) and, for a records section charted across years, the `earlier` years."""
    t, year = ctx.t, ctx.report.year
    out = GeneratedTree()
    charts = catalog.overview_charts(ctx)
    section_charts = catalog.section_charts(ctx, earlier)
    pages = YearPages(env, ctx, charts, section_charts)
    drafts = pages.drafts()
    for draft in drafts:
        out.add(draft.path, draft.render(draft.path), source=draft.source)
    print_path = f"{year}/print.md"
    print_title = t["print_title"].format(title=ctx.report.title)
    page = print_page.render(print_title, drafts, print_path, ctx, site.settings, charts)
    out.add(print_path, page, source=f"{year}/report.yaml")
    out.add(f"{year}/data.json", year_json(ctx.report, previous, ctx.fmt.registry, site.sections, t, ctx.fmt.language))
    for section, _ in pages.present():
        if section.kind.csv is not None:
            out.add(f"{year}/{section.csv_path()}", section.kind.csv(ctx.report, section))
    # The year's section is named as its overview page (its index), so the page has one name everywhere.
    nav = {nav_title(drafts[0].title): _year_nav(drafts, print_path, t["print"])}
    specs = charts + list(section_charts.values())
    return YearOutput(out.files, out.sources, nav, specs)


def _contexts(site: Site, sections: tuple[Section, ...], fmt: Formatter) -> list[YearContext]:
    registry = fmt.registry
    by_year = {r.year: r for r in site.reports}
    followed = trend_metrics(site.settings, sections, registry)
    overview = headline(site.settings, sections, registry, OVERVIEW)
    return [
        YearContext(
            r,
            year_metrics(r, registry),
            fmt,
            kpi_actuals=kpi_review.actuals_for(r, by_year.get(r.year + 1), registry),
            previous=kpi_review.previous_year(r, by_year),  # a stand-in when starting with this year
            last_year=by_year.get(r.year - 1),
            sections=sections,
            headline=overview,
            followed=followed,
        )
        for r in site.reports
    ]


def _years(contexts: list[YearContext], up: str = "") -> list[dict[str, Any]]:
    """Every year as the home page and the years index list it; `up` leads from the page to the top."""
    return [
        {
            "report": c.report,
            "metrics": c.metrics,
            "path": f"{up}{c.report.year}/index.md",
            "print_path": f"{up}{c.report.year}/print.md",
        }
        for c in contexts
    ]


def _columns(latest: YearContext) -> list[dict[str, str]]:
    return [{"name": name, "label": latest.fmt.metric_label(name)} for name in latest.followed]


def _years_index(env: Environment, contexts: list[YearContext]) -> str:
    """The years index: every year, one click from the tab bar, when not every year has a tab of its own."""
    fmt = contexts[-1].fmt
    years = _years(contexts, "../")
    return render(env, "years.md.j2", years=years, t=fmt.labels, fmt=fmt, columns=_columns(contexts[-1]))


def _home(env: Environment, site: Site, contexts: list[YearContext], trend: ChartSpec | None) -> str:
    """The home page: the latest year in words and cards, every year's figures, and their trends."""
    latest = contexts[-1]
    fmt, registry = latest.fmt, latest.fmt.registry
    years = _years(contexts)
    home_cards = headline(site.settings, latest.sections, registry, HOME)
    latest_pages = YearPages(env, replace(latest, headline=home_cards))
    year_folder = str(latest.report.year)
    summary = latest_pages.summary(f"{year_folder}/", f"{year_folder}/index.md{NOTES_ANCHOR}")
    if len(contexts) > 1:  # the view across years; the team's words are on the year's overview
        summary["team"] = []
    return render(
        env,
        "home.md.j2",
        settings=site.settings,
        years=years,
        t=fmt.labels,
        fmt=fmt,
        summary=summary,
        columns=_columns(latest),
        chart=chart_view(trend, "index.md") if trend else None,
    )


def build_pages(
    site: Site,
    templates_dir: Path | None = None,
    year_builder: YearBuilder | None = None,
    bytecode_dir: Path | None = None,
) -> tuple[GeneratedTree, list[ChartSpec]]:
    """The pages, data files and navigation, and the specs of the charts they show (not yet drawn)."""
    env = make_environment(templates_dir, bytecode_dir)
    t = labels(site.settings.language, site.settings.labels)
    sections = site_sections(site.settings)
    fmt = Formatter(site.settings.language, t, site_metrics(sections), metric_targets(site), site.sources)
    tree = GeneratedTree()
    contexts = _contexts(site, sections, fmt)
    # Each year's row of the trends' table links its figures to that year's notes on its overview
    # (a link to a note the overview does not hold becomes text: emit/landing.py).
    note = lambda year, name: f"{year}/index.md#{figure_anchor(name)}"  # noqa: E731
    trend = catalog.trend_chart([(c.report.year, c.metrics) for c in contexts], fmt, contexts[-1].followed, note)
    tree.add("index.md", _home(env, site, contexts, trend), source="site.yaml")
    tree.nav.append({nav_title(t["home"]): "index.md"})

    specs = [trend] if trend else []
    parts = SiteParts(site.settings, sections)
    builder = year_builder or (lambda ctx, previous, earlier, make: make())
    older: list[NavEntry] = []
    if len(contexts) > YEAR_TABS:  # the rest under one tab, led by the index of every year
        tree.add(YEARS_INDEX, _years_index(env, contexts), source="site.yaml")
        older.append({nav_title(t["years"]): YEARS_INDEX})
    for place, ctx in enumerate(reversed(contexts)):  # newest year first
        earlier = [c for c in contexts if c.report.year <= ctx.report.year]
        make = functools.partial(build_year, env, ctx, ctx.previous, parts, earlier)
        out = builder(ctx, ctx.previous, earlier, make)
        tree.files += out.files
        tree.sources.update(out.sources)
        (tree.nav if place < YEAR_TABS or not older else older).append(out.nav)
        specs += out.specs
    if older:
        tree.nav.append({nav_title(t["years"]): older})
    tree.files = keep_landing(tree.files)  # a team's template may leave the rows' anchors out
    return tree, specs


def attach_charts(tree: GeneratedTree, charts: ChartFiles) -> None:
    tree.chart_stats = charts.stats
    tree.files.extend(GeneratedFile(path, content) for path, content in charts.files.items())


def build_tree(site: Site, templates_dir: Path | None = None, cache: ChartCache | None = None) -> GeneratedTree:
    """Every generated file of the site (pages and charts), and the navigation that links them."""
    tree, specs = build_pages(site, templates_dir)
    attach_charts(tree, render_all(specs, cache or ChartCache(None)))
    return tree

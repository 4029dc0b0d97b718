"""From a project's folders to its generated tree: the one entry point the plugin and the CLI share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.emit.buildcache import TreeCache, YearCache, read_inputs
from reportgen.emit.tree import GeneratedFile, GeneratedTree
from reportgen.load.mkdocs_config import MkdocsSettings, find_config, read_config
from reportgen.load.problems import ContentError, Problem, Severity


@dataclass
class Generated:
    tree: GeneratedTree  # complete, unless charts are pending
    problems: list[Problem] = field(default_factory=list)  # warnings only; errors raise ContentError
    search_label: str = "Search"
    from_cache: bool = False
    # Set when charts are being drawn in the background: waits for them, adds them to the tree
    # and returns them. Raises ChartError if they cannot be drawn.
    pending: Callable[[], list[GeneratedFile]] | None = None
    pending_paths: list[str] = field(default_factory=list)  # the chart files `pending` will return
    cancel: Callable[[], None] | None = None  # ends the drawing, when the build fails before collecting it


def _cold(chart_dir: Path) -> bool:
    """No chart drawn yet: the drawing pool is worth starting before the facts are even read."""
    return not chart_dir.is_dir() or next(chart_dir.iterdir(), None) is None


def generate(
    content_dir: Path,
    templates_dir: Path,
    cache_dir: Path | None,
    root: Path,
    *,
    background: bool = False,
    mkdocs: MkdocsSettings | None = None,
) -> Generated:
    """The whole generated tree. Raises ContentError (bad facts) or BuildError (templates, charts).

    With a cache folder, an unchanged project is served from the tree cache without importing
    the validator, the templates or matplotlib; otherwise only the years whose files changed are
    validated and rendered again, and missing charts are drawn by a process pool on every core.
    With `background`, the caller goes on while they are drawn; `Generated.pending` collects them.
    """
    mkdocs_problems: list[Problem] = []
    if mkdocs is None and (config := find_config(content_dir)) is not None:
        mkdocs, mkdocs_problems = read_config(config, root)  # the site's title and language live there
    trees = TreeCache(cache_dir) if cache_dir is not None else None
    # What MkDocs says (title, language) shapes every page too: it is one more input.
    inputs = read_inputs(content_dir, templates_dir, repr(mkdocs)) if cache_dir is not None else None
    if trees is not None and inputs is not None and (hit := trees.get(inputs.whole)) is not None:
        tree, problems, extra = hit
        return Generated(tree, problems, extra["search_label"], from_cache=True)

    from reportgen.charts.theme import THEMES
    from reportgen.check.validate import load_site
    from reportgen.emit.chart_files import render_all
    from reportgen.emit.chart_pool import ChartPool, workers
    from reportgen.emit.site_tree import attach_charts, build_pages
    from reportgen.emit.store import ChartCache
    from reportgen.load.catalogs import labels

    chart_dir = cache_dir / "charts" if cache_dir is not None else None
    # Started first on a cold cache: the workers import matplotlib while the facts are read.
    parallel = chart_dir is not None and workers() > 0
    pool = ChartPool(chart_dir) if parallel and chart_dir is not None and _cold(chart_dir) else None
    years = YearCache(cache_dir, inputs) if cache_dir is not None and inputs is not None else None
    try:
        validated = load_site(content_dir, root, mkdocs, year_loader=years.load if years else None)
        if mkdocs_problems:
            raise ContentError(mkdocs_problems)
        if validated.site is None:
            raise ContentError(validated.problems)
        if years is not None:
            years.use_settings(validated.site.settings)
        templates = cache_dir / "templates" if cache_dir is not None else None
        tree, specs = build_pages(validated.site, templates_dir, years.build if years else None, templates)
    except BaseException:
        if pool is not None:
            pool.stop()
        raise
    if years is not None:
        years.prune()
        tree.build_stats = years.stats
    warnings = [p for p in validated.problems if p.severity is Severity.WARNING]
    search_label = labels(validated.site.settings.language, validated.site.settings.labels)["search"]

    def store() -> None:
        if trees is not None and inputs is not None:
            trees.put(inputs.whole, tree, warnings, {"search_label": search_label})

    cache = ChartCache(chart_dir)
    if not parallel or not any(cache.get(key) is None for key in _light_keys(specs)):
        if pool is not None:
            pool.stop()
        attach_charts(tree, render_all(specs, cache))
        store()
        return Generated(tree, warnings, search_label)
    drawing = pool or ChartPool(chart_dir)
    drawing.start(specs)

    def collect() -> list[GeneratedFile]:
        charts = drawing.result()
        attach_charts(tree, charts)
        store()
        return [GeneratedFile(path, content) for path, content in charts.files.items()]

    if not background:
        collect()
        return Generated(tree, warnings, search_label)
    paths = [spec.file(theme.name) for spec in specs for theme in THEMES]
    return Generated(tree, warnings, search_label, pending=collect, pending_paths=paths, cancel=drawing.stop)


def _light_keys(specs: list) -> list[str]:  # type: ignore[type-arg]
    from reportgen.charts.theme import THEMES
    from reportgen.emit.chart_files import cache_key

    return [cache_key(spec, THEMES[0]) for spec in specs]

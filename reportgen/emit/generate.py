"""From a project's folders to its generated tree: the one entry point the plugin and the CLI share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.charts.theme import THEMES
from reportgen.emit.buildcache import Inputs, TreeCache, YearCache, read_inputs
from reportgen.emit.store import ChartCache, take_write_failures, usable_cache, write_warning
from reportgen.emit.tree import GeneratedFile, GeneratedTree
from reportgen.load.catalogs import labels
from reportgen.load.mkdocs_config import MkdocsSettings, find_config, read_config
from reportgen.load.problems import ContentError, Problem, Severity, display_path

if TYPE_CHECKING:
    from reportgen.charts.spec import ChartSpec
    from reportgen.emit.chart_pool import ChartPool
    from reportgen.model.facts import Site


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


@dataclass(frozen=True)
class _Project:
    """What a build reads: the project's folders and what its MkDocs config says."""

    content_dir: Path
    templates_dir: Path
    cache_dir: Path | None
    root: Path
    mkdocs: MkdocsSettings | None
    mkdocs_problems: list[Problem]
    cache_problems: list[Problem]  # why the cache is not used, if it is not

    @property
    def chart_dir(self) -> Path | None:
        return self.cache_dir / "charts" if self.cache_dir is not None else None


def _cold(chart_dir: Path) -> bool:
    """No chart drawn yet: the drawing pool is worth starting before the facts are even read."""
    try:
        return not chart_dir.is_dir() or next(chart_dir.iterdir(), None) is None
    except OSError:  # unreadable: as good as empty
        return True


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
    cache_problems: list[Problem] = []
    if cache_dir is not None:
        # Refused (tracked by git, in the content folder) or unwritable: a build without it, and one warning.
        cache_dir, cache_problems = usable_cache(cache_dir, content_dir, root)
    take_write_failures()  # forget an earlier build's, in this process (serve)
    trees = TreeCache(cache_dir) if cache_dir is not None else None
    # What MkDocs says (title, language) shapes every page too: it is one more input.
    inputs = read_inputs(content_dir, templates_dir, repr(mkdocs)) if cache_dir is not None else None
    if trees is not None and inputs is not None and (hit := trees.get(inputs.whole)) is not None:
        tree, problems, extra = hit
        return Generated(tree, problems, extra["search_label"], from_cache=True)
    project = _Project(content_dir, templates_dir, cache_dir, root, mkdocs, mkdocs_problems, cache_problems)
    return _build(project, trees, inputs, background)


def _build(project: _Project, trees: TreeCache | None, inputs: Inputs | None, background: bool) -> Generated:
    """What the tree cache lacks: the changed years validated and rendered, then the charts added."""
    from reportgen.emit.chart_pool import ChartPool, workers  # heavy (multiprocessing): only a cold build draws

    cache_dir, chart_dir = project.cache_dir, project.chart_dir
    # Started first on a cold cache: the workers import matplotlib while the facts are read.
    parallel = chart_dir is not None and workers() > 0
    pool = ChartPool(chart_dir) if parallel and chart_dir is not None and _cold(chart_dir) else None
    years = YearCache(cache_dir, inputs) if cache_dir is not None and inputs is not None else None
    try:
        site, warnings, tree, specs = _pages(project, years)
    except BaseException:
        if pool is not None:
            pool.stop()
        raise
    if years is not None:
        years.prune()
        tree.build_stats = years.stats
    search_label = labels(site.settings.language, site.settings.labels)["search"]

    generated = Generated(tree, project.cache_problems + warnings, search_label)

    def store() -> None:
        if trees is not None and inputs is not None:
            trees.put(inputs.whole, tree, warnings, {"search_label": search_label})
        if cache_dir is not None and (failures := take_write_failures()):
            # The disk filled or the folder became read-only during the build: what is built stands.
            generated.problems.append(write_warning(display_path(cache_dir, project.root), failures[0]))

    return _add_charts(generated, specs, chart_dir, pool, parallel, store, background)


def _pages(project: _Project, years: YearCache | None) -> tuple[Site, list[Problem], GeneratedTree, list[ChartSpec]]:
    """The validated site, its warnings and its pages without their charts. Raises ContentError or BuildError."""
    from reportgen.check.validate import load_site  # heavy (pydantic): a warm build validates nothing
    from reportgen.emit.site_tree import build_pages  # heavy (jinja2, babel): a warm build renders nothing

    loader = years.load if years else None
    validated = load_site(project.content_dir, project.root, project.mkdocs, year_loader=loader)
    if project.mkdocs_problems:
        raise ContentError(project.mkdocs_problems)
    if validated.site is None:
        raise ContentError(validated.problems)
    if years is not None:
        years.use_settings(validated.site.settings)
    # No compiled templates are kept: they are code (marshal), and the cache could be forged.
    tree, specs = build_pages(validated.site, project.templates_dir, years.build if years else None)
    warnings = [p for p in validated.problems if p.severity is Severity.WARNING]
    return validated.site, warnings, tree, specs


def _add_charts(
    generated: Generated,
    specs: list[ChartSpec],
    chart_dir: Path | None,
    pool: ChartPool | None,
    parallel: bool,
    store: Callable[[], None],
    background: bool,
) -> Generated:
    """The charts into the tree and the tree into the cache: at once when none is to be drawn by the
    pool; otherwise once the pool has drawn them, which `Generated.pending` waits for with `background`."""
    from reportgen.emit.chart_files import render_all  # the chart code: a warm build draws nothing
    from reportgen.emit.chart_pool import ChartPool  # heavy (multiprocessing): only a cold build draws
    from reportgen.emit.site_tree import attach_charts  # heavy (jinja2, babel): loaded by `_pages` already

    tree = generated.tree
    cache = ChartCache(chart_dir)
    if not parallel or not any(cache.get(key) is None for key in _light_keys(specs)):
        if pool is not None:
            pool.stop()
        attach_charts(tree, render_all(specs, cache))
        store()
        return generated
    drawing = pool or ChartPool(chart_dir)
    drawing.start(specs)

    def collect() -> list[GeneratedFile]:
        charts = drawing.result()
        attach_charts(tree, charts)
        store()
        return [GeneratedFile(path, content) for path, content in charts.files.items()]

    if not background:
        collect()
        return generated
    generated.pending = collect
    # Each chart's variants and its print file (reportgen/emit/chart_files.py).
    generated.pending_paths = [spec.file(name) for spec in specs for name in (*(t.name for t in THEMES), "print")]
    generated.cancel = drawing.stop
    return generated


def _light_keys(specs: list[ChartSpec]) -> list[str]:
    from reportgen.emit.chart_files import cache_key  # the chart code: a warm build draws nothing

    return [cache_key(spec, THEMES[0]) for spec in specs]

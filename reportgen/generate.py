"""From a project's folders to its generated tree: the one entry point the plugin and the CLI share."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .buildcache import TreeCache, inputs_digest
from .problems import ContentError, Problem, Severity
from .settings import MkdocsSettings, find_config, read_config
from .tree import GeneratedFile, GeneratedTree


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
    the validator, the templates or matplotlib. With `background`, charts missing from the chart
    cache are drawn by a worker process while the caller goes on; `Generated.pending` collects them.
    """
    mkdocs_problems: list[Problem] = []
    if mkdocs is None and (config := find_config(content_dir)) is not None:
        mkdocs, mkdocs_problems = read_config(config, root)  # the site's title and language live there
    trees = TreeCache(cache_dir) if cache_dir is not None else None
    key = (
        hashlib.sha256((inputs_digest(content_dir, templates_dir) + repr(mkdocs)).encode()).hexdigest() if trees else ""
    )
    if trees is not None and (hit := trees.get(key)) is not None:
        tree, problems, extra = hit
        return Generated(tree, problems, extra["search_label"], from_cache=True)

    from .charts import render_all
    from .charts.background import ChartWorker
    from .charts.theme import THEMES
    from .i18n import labels
    from .site import attach_charts, build_pages
    from .store import ChartCache
    from .validate import load_site

    chart_dir = cache_dir / "charts" if cache_dir is not None else None
    worker = ChartWorker(chart_dir) if background and chart_dir is not None else None
    try:
        validated = load_site(content_dir, root, mkdocs)
        if mkdocs_problems:
            raise ContentError(mkdocs_problems)
        if validated.site is None:
            raise ContentError(validated.problems)
        tree, specs = build_pages(validated.site, templates_dir)
    except BaseException:
        if worker is not None:
            worker.stop()
        raise
    warnings = [p for p in validated.problems if p.severity is Severity.WARNING]
    search_label = labels(validated.site.settings.language, validated.site.settings.labels)["search"]

    def store() -> None:
        if trees is not None:
            trees.put(key, tree, warnings, {"search_label": search_label})

    if worker is not None and (missing := worker.missing(specs)):
        worker.start(specs, missing)

        def collect() -> list[GeneratedFile]:
            charts = worker.result()
            attach_charts(tree, charts)
            store()
            return [GeneratedFile(path, content) for path, content in charts.files.items()]

        paths = [spec.file(theme.name) for spec in specs for theme in THEMES]
        return Generated(tree, warnings, search_label, pending=collect, pending_paths=paths, cancel=worker.stop)
    if worker is not None:
        worker.stop()
    attach_charts(tree, render_all(specs, ChartCache(chart_dir)))
    store()
    return Generated(tree, warnings, search_label)

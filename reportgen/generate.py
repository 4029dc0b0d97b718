"""From a project's folders to its generated tree: the one entry point the plugin and the CLI share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .buildcache import TreeCache, inputs_digest
from .problems import ContentError, Problem, Severity
from .tree import GeneratedTree


@dataclass
class Generated:
    tree: GeneratedTree
    problems: list[Problem] = field(default_factory=list)  # warnings only; errors raise ContentError
    search_label: str = "Search"
    from_cache: bool = False


def generate(content_dir: Path, templates_dir: Path, cache_dir: Path | None, root: Path) -> Generated:
    """The whole generated tree. Raises ContentError (bad facts) or BuildError (templates, charts).

    With a cache folder, an unchanged project is served from the tree cache without importing
    the validator, the templates or matplotlib.
    """
    trees = TreeCache(cache_dir) if cache_dir is not None else None
    key = inputs_digest(content_dir, templates_dir, settings=f"{content_dir}\0{templates_dir}") if trees else ""
    if trees is not None and (hit := trees.get(key)) is not None:
        tree, problems, extra = hit
        return Generated(tree, problems, extra["search_label"], from_cache=True)

    from .i18n import labels
    from .site import build_tree
    from .store import ChartCache
    from .validate import load_site

    validated = load_site(content_dir, root)
    if validated.site is None:
        raise ContentError(validated.problems)
    warnings = [p for p in validated.problems if p.severity is Severity.WARNING]
    search_label = labels(validated.site.settings.language)["search"]
    tree = build_tree(validated.site, templates_dir, ChartCache(cache_dir / "charts" if cache_dir else None))
    if trees is not None:
        trees.put(key, tree, warnings, {"search_label": search_label})
    return Generated(tree, warnings, search_label)

"""Prints, as JSON, what the reportgen plugin adds to a site's MkDocs config, and how big the site is.

run.py runs this in a subprocess with the snapshot of reportgen on PYTHONPATH, so that the plain
MkDocs variant gets the nav of the very code being measured. It works with both package layouts
(before and after issue #18's one package per stage), so `run.py --base` can use it for either.
It also reports which copy of reportgen answered, and where the `mkdocs.plugins` entry point
MkDocs would load lives: run.py checks both are the snapshot's own. Usage:

    python benchmarks/plugin_view.py CONTENT_DIR TEMPLATES_DIR CACHE_DIR
"""

from __future__ import annotations

import inspect
import json
import sys
from importlib import metadata
from pathlib import Path

import reportgen

try:
    from reportgen.check.validate import load_site
    from reportgen.emit.site_tree import build_tree
    from reportgen.emit.store import ChartCache
    from reportgen.mkdocs import plugin
    from reportgen.sections.projects import projects as projects_of
except ModuleNotFoundError:  # the layout before issue #18 (e.g. run.py --base 096e18f)
    from reportgen.site import build_tree
    from reportgen.validate import load_site

    from reportgen import plugin
    from reportgen.charts import ChartCache

    def projects_of(report: object) -> tuple[object, ...]:
        return report.projects  # type: ignore[attr-defined]


def _entry_point_file() -> str:
    """The file of the plugin class MkDocs finds through entry points, as it looks them up."""
    # As MkDocs's get_plugins() does: by name, the last one found wins (a base revision's snapshot may
    # carry an older project name beside the installed one).
    entry = {e.name: e for e in metadata.entry_points(group="mkdocs.plugins")}["reportgen"]
    return str(Path(inspect.getfile(entry.load())).resolve())


def view(content: Path, templates: Path, cache: Path) -> dict[str, object]:
    validated = load_site(content, content.parent)
    if validated.site is None:
        raise SystemExit(f"{content} has errors; run `reportgen validate {content}`")
    # With the cache that `reportgen build` just filled, this draws no chart.
    tree = build_tree(validated.site, templates, ChartCache(cache))
    theme = getattr(plugin, "THEME_OVERRIDES", None)  # theme templates the plugin adds, in versions that have them
    return {
        "reportgen": str(Path(reportgen.__file__).resolve().parent),  # which copy of the code answered
        "entry_point": _entry_point_file(),
        "nav": tree.nav,
        "stylesheet": plugin.STYLESHEET,
        "theme_dir": str(theme) if theme and Path(theme).is_dir() else None,
        "years": len(validated.site.reports),
        "projects": sum(len(projects_of(r)) for r in validated.site.reports),
        "pages": sum(f.path.endswith(".md") for f in tree.files),
        "charts": sum(f.path.endswith(".svg") for f in tree.files),
    }


if __name__ == "__main__":
    content_dir, templates_dir, cache_dir = (Path(arg) for arg in sys.argv[1:4])
    print(json.dumps(view(content_dir, templates_dir, cache_dir), ensure_ascii=False))

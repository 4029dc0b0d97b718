"""Prints, as JSON, what the reportgen plugin adds to a site's MkDocs config, and how big the site is.

run.py runs this in a subprocess with the snapshot of reportgen on PYTHONPATH, so that the plain
MkDocs variant gets the nav of the very code being measured. Usage:

    python benchmarks/plugin_view.py CONTENT_DIR TEMPLATES_DIR CACHE_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import reportgen
from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_tree
from reportgen.emit.store import ChartCache
from reportgen.mkdocs import plugin


def view(content: Path, templates: Path, cache: Path) -> dict[str, object]:
    validated = load_site(content, content.parent)
    if validated.site is None:
        raise SystemExit(f"{content} has errors; run `reportgen validate {content}`")
    # With the cache that `reportgen build` just filled, this draws no chart.
    tree = build_tree(validated.site, templates, ChartCache(cache))
    theme = getattr(plugin, "THEME_OVERRIDES", None)  # theme templates the plugin adds, in versions that have them
    return {
        "reportgen": str(Path(reportgen.__file__).resolve().parent),  # which copy of the code answered
        "nav": tree.nav,
        "stylesheet": plugin.STYLESHEET,
        "theme_dir": str(theme) if theme and Path(theme).is_dir() else None,
        "years": len(validated.site.reports),
        "projects": sum(len(r.projects) for r in validated.site.reports),
        "pages": sum(f.path.endswith(".md") for f in tree.files),
        "charts": sum(f.path.endswith(".svg") for f in tree.files),
    }


if __name__ == "__main__":
    content_dir, templates_dir, cache_dir = (Path(arg) for arg in sys.argv[1:4])
    print(json.dumps(view(content_dir, templates_dir, cache_dir), ensure_ascii=False))

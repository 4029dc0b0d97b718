"""Where reportgen's own files are, found without importing anything heavy: one place for every path."""

from __future__ import annotations

from pathlib import Path

# The distribution's name on an index: "reportgen" there is an unrelated project. The command and
# the import name are reportgen.
DISTRIBUTION = "reportgen-site"
PACKAGE = Path(__file__).resolve().parent.parent
CATALOG_DIR = PACKAGE / "labels"  # the label catalogs, one per language
READY_DIR = PACKAGE.joinpath("sections/records/ready")  # the ready-made records sections' declarations
STARTERS = PACKAGE / "cli" / "starters"  # the commented starter files of init and new-year
THEME_OVERRIDES = PACKAGE / "mkdocs" / "theme"  # the few fixes to how the theme prints titles
CHARTS = PACKAGE / "charts"  # the drawing code, part of every chart's cache key
_CHECKOUT_TEMPLATES = PACKAGE.parent / "site_templates"
_PACKAGED_TEMPLATES = PACKAGE / "site_templates"


def default_templates_dir() -> Path:
    """The bundled templates: packaged in a wheel, or the repository's folder in a checkout."""
    return _PACKAGED_TEMPLATES if _PACKAGED_TEMPLATES.is_dir() else _CHECKOUT_TEMPLATES


# The files a team's tools export, which a records section may read in place of its YAML (records/exports.py).
EXPORT_SUFFIXES = (".csv", ".json")

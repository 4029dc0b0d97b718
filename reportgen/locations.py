"""Where reportgen's own files are, found without importing anything heavy."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_CHECKOUT_TEMPLATES = PACKAGE.parent / "site_templates"
_PACKAGED_TEMPLATES = PACKAGE / "site_templates"


def default_templates_dir() -> Path:
    """The bundled templates: packaged in a wheel, or the repository's folder in a checkout."""
    return _PACKAGED_TEMPLATES if _PACKAGED_TEMPLATES.is_dir() else _CHECKOUT_TEMPLATES

"""Draws one chart with matplotlib. The only module that imports matplotlib, and only when called."""

from __future__ import annotations

import functools
import io
import warnings
from typing import Any

from . import delivery, durations, kpis, records, services, timeline, trends
from .fonts import FONT_FAMILIES, ChartError, check_labels, font_paths, missing_glyphs
from .spec import ChartSpec
from .theme import Theme

DRAWERS = {module.KIND: module.draw for module in (timeline, durations, delivery, services, kpis, trends, records)}


@functools.cache
def _register_font() -> None:
    from matplotlib import font_manager

    for path in font_paths():
        font_manager.fontManager.addfont(str(path))


def _style(theme: Theme) -> dict[str, Any]:
    return {
        "font.family": FONT_FAMILIES,
        "axes.unicode_minus": False,  # NanumGothic has no U+2212; use the ASCII hyphen-minus
        "text.parse_math": False,  # "$5M" from YAML is money, not math
        "svg.fonttype": "path",  # glyphs travel inside the SVG: the chart looks the same everywhere
        "svg.hashsalt": "reportgen",  # stable ids, so the same data gives the same bytes
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.grid,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "axes.facecolor": "none",
        "figure.facecolor": "none",
        "savefig.transparent": True,
    }


def prepare() -> None:
    """Load what drawing needs (matplotlib, the fonts and their glyph tables) ahead of time."""
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    _register_font()
    missing_glyphs("")


def render(spec: ChartSpec, theme: Theme, file_format: str = "svg") -> bytes:
    check_labels(spec.path, spec.labels())
    import matplotlib
    from matplotlib.figure import Figure

    _register_font()
    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": None} if file_format == "svg" else {"Software": None}
    with matplotlib.rc_context(_style(theme)), warnings.catch_warnings():
        # matplotlib only warns about a missing glyph and draws a box; that is a broken chart.
        warnings.simplefilter("error")
        fig = Figure(layout="constrained")
        try:
            DRAWERS[spec.kind](fig, spec.data, theme)
            fig.suptitle(spec.title, fontsize=11, color=theme.text, x=0.01, ha="left")
            fig.savefig(buffer, format=file_format, metadata=metadata, dpi=100)
        except UserWarning as exc:
            raise ChartError(f"chart '{spec.path}': {exc}") from exc
    return buffer.getvalue()

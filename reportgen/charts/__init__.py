"""Charts: specs built from the facts (no matplotlib), rendered to SVG through a content-addressed cache."""

from ..store import ChartCache
from .pipeline import ChartFiles, RenderStats, render_all
from .spec import ChartSpec, DataTable

__all__ = ["ChartCache", "ChartFiles", "ChartSpec", "DataTable", "RenderStats", "render_all"]

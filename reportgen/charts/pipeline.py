"""Turns chart specs into SVG files, rendering only what the cache does not already hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata

from .cache import ChartCache
from .fonts import font_version
from .spec import ChartSpec
from .theme import STYLE_VERSION, THEMES, Theme


@dataclass
class RenderStats:
    rendered: list[str] = field(default_factory=list)  # files drawn by matplotlib in this build
    cached: list[str] = field(default_factory=list)  # files served from the cache


@dataclass
class ChartFiles:
    files: dict[str, bytes] = field(default_factory=dict)  # docs-tree path -> SVG
    stats: RenderStats = field(default_factory=RenderStats)


def cache_key(spec: ChartSpec, theme: Theme) -> str:
    """Everything that decides the chart's bytes: its data, its style and the library versions."""
    return spec.digest(theme.tokens(), STYLE_VERSION, f"matplotlib=={metadata.version('matplotlib')}", font_version())


def render_all(specs: list[ChartSpec], cache: ChartCache) -> ChartFiles:
    result = ChartFiles()
    for spec in specs:
        for theme in THEMES:
            key = cache_key(spec, theme)
            content = cache.get(key)
            if content is None:
                from .render import render  # imports matplotlib: only when something must be drawn

                content = render(spec, theme)
                cache.put(key, content)
                result.stats.rendered.append(spec.file(theme.name))
            else:
                result.stats.cached.append(spec.file(theme.name))
            result.files[spec.file(theme.name)] = content
    return result

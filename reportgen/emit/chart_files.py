"""Turns chart specs into SVG files, rendering only what the cache does not already hold."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from importlib import metadata

from reportgen.charts.draw.fonts import font_version
from reportgen.charts.draw.recolor import recolor
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import STYLE_VERSION, THEMES, Theme
from reportgen.emit.store import ChartCache
from reportgen.emit.tree import RenderStats
from reportgen.load.locations import CHARTS


@dataclass
class ChartFiles:
    files: dict[str, bytes] = field(default_factory=dict)  # docs-tree path -> SVG
    stats: RenderStats = field(default_factory=RenderStats)


@functools.cache
def _library_versions() -> str:
    # Looked up once per process: importlib.metadata reads the installed packages' files each time.
    # The charts' code itself is part of it, specs and drawing (in charts/draw/) alike, so that a
    # changed layout is never served from an old cache.
    code = hashlib.sha256()
    for module in sorted(CHARTS.rglob("*.py")):
        code.update(module.relative_to(CHARTS).as_posix().encode() + b"\0" + module.read_bytes())
    return f"matplotlib=={metadata.version('matplotlib')}, {font_version()}, charts code {code.hexdigest()[:16]}"


def cache_key(spec: ChartSpec, theme: Theme) -> str:
    """Everything that decides the chart's bytes: its data, its style and the library versions."""
    return spec.digest(theme.tokens(), STYLE_VERSION, _library_versions())


PRINT = "print"  # the file paper shows: the light theme's wide drawing alone (charts/draw/render.py)


def print_key(spec: ChartSpec) -> str:
    return spec.digest(THEMES[0].tokens(), STYLE_VERSION, _library_versions(), PRINT)


def _first(spec: ChartSpec, cache: ChartCache, drawn: dict[str, dict[str, bytes]]) -> dict[str, bytes] | None:
    """The light SVG and the print file, from `drawn` or the cache (both, or None)."""
    if spec.path in drawn:
        return drawn[spec.path]
    screen, printed = cache.get(cache_key(spec, THEMES[0])), cache.get(print_key(spec))
    return {"screen": screen, "print": printed, "cached": b""} if screen and printed else None


def render_all(
    specs: list[ChartSpec], cache: ChartCache, drawn: dict[str, dict[str, bytes]] | None = None
) -> ChartFiles:
    """Every variant of every chart, and its print file: from the cache, from `drawn` (by path, as
    `render_files` gives them), or drawn here. Stats count the light and dark variants."""
    result = ChartFiles()
    first = THEMES[0]
    drawn = drawn or {}
    for spec in specs:
        found = _first(spec, cache, drawn)
        if found is None:
            # Imports matplotlib: only when something must be drawn.
            from reportgen.charts.draw.render import render_files

            found = render_files(spec, first)
        if "cached" in found:
            result.stats.cached.append(spec.file(first.name))
        else:
            cache.put(cache_key(spec, first), found["screen"])
            cache.put(print_key(spec), found["print"])
            result.stats.rendered.append(spec.file(first.name))
        light = result.files[spec.file(first.name)] = found["screen"]
        result.files[spec.file(PRINT)] = found["print"]
        for theme in THEMES[1:]:
            key = cache_key(spec, theme)
            content = cache.get(key) if spec.path not in drawn else None
            if content is None:
                # Drawn once: the other variants are the first one with the theme's colours swapped.
                content = recolor(light, first, theme)
                cache.put(key, content)
                result.stats.rendered.append(spec.file(theme.name))
            else:
                result.stats.cached.append(spec.file(theme.name))
            result.files[spec.file(theme.name)] = content
    return result

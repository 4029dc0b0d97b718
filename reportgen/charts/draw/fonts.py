"""The chart fonts: the families the site's catalog names (`language.chart_fonts`), in fallback order.

The files come from pinned packages (load/fonts.py: IPAexGothic from matplotlib-fontja, NanumGothic
from koreanize-matplotlib, DejaVu Sans from matplotlib); only the files are used, never a package's
code (koreanize-matplotlib patches matplotlib's global state on import). matplotlib falls back from
one family to the next glyph by glyph, so a label is drawable when every character is in one of them,
and the first family decides how shared characters look: a Japanese site draws its kanji in a
Japanese font, a Korean site its Hanja in a Korean one.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

from reportgen.load.catalogs import REFERENCE, language_settings
from reportgen.load.fonts import PACKAGED, SPEC_FONTS, FontError, font_file, missing
from reportgen.load.problems import BuildError


class ChartError(BuildError):
    """A chart cannot be drawn correctly; the message says which and why."""


def reference_fonts() -> tuple[str, ...]:
    return language_settings(REFERENCE).chart_fonts


def spec_fonts(data: dict[str, Any]) -> tuple[str, ...]:
    """The families a spec is drawn with: its language's, set where the specs are made (charts/catalog.py)."""
    fonts = data.get(SPEC_FONTS)
    return tuple(fonts) if fonts else reference_fonts()


def font_paths(families: tuple[str, ...] | None = None) -> list[Path]:
    """The files of `families` (every packaged family when None, as the drawing process registers them all)."""
    try:
        return [font_file(family) for family in (families or tuple(PACKAGED))]
    except FontError as exc:
        raise ChartError(str(exc)) from exc


def font_version() -> str:
    """Part of the cache key: different fonts draw different charts."""
    found = sorted({font.distribution for font in PACKAGED.values()})
    return ",".join(f"{distribution}=={metadata.version(distribution)}" for distribution in found)


def missing_glyphs(text: str, families: tuple[str, ...] | None = None) -> str:
    """The characters of `text` that no chart font can draw, in order, without repeats."""
    return missing(text, families or reference_fonts())


def check_labels(chart: str, labels: list[str], families: tuple[str, ...] | None = None) -> None:
    """Refuse a chart with a character none of its fonts has (validation lists them all beforehand:
    check/glyph_check.py); this is the last guard, for text no fact holds."""
    families = families or reference_fonts()
    problems = [(label, gaps) for label in labels if (gaps := missing_glyphs(label, families))]
    if problems:
        detail = "; ".join(
            f"{label!r} lacks {', '.join(f'{c!r} (U+{ord(c):04X})' for c in gaps)}" for label, gaps in problems
        )
        raise ChartError(
            f"chart '{chart}': the chart fonts ({', '.join(families)}) have no glyph for: {detail} "
            "(remove or replace the character in the YAML)"
        )

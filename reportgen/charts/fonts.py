"""The chart font: NanumGothic, shipped as files inside the pinned koreanize-matplotlib wheel.

Only the font files are used. The package's own code is never imported: it patches
matplotlib's global state on import, and we want to register the font ourselves.
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

from ..problems import BuildError

FONT_DISTRIBUTION = "koreanize-matplotlib"
FONT_FILE = "koreanize_matplotlib/fonts/NanumGothic.ttf"
FONT_FAMILY = "NanumGothic"


class ChartError(BuildError):
    """A chart cannot be drawn correctly; the message says which and why."""


def font_path() -> Path:
    try:
        path = Path(str(metadata.distribution(FONT_DISTRIBUTION).locate_file(FONT_FILE)))
    except metadata.PackageNotFoundError as exc:
        raise ChartError(f"the chart font package '{FONT_DISTRIBUTION}' is not installed") from exc
    if not path.is_file():
        raise ChartError(f"the chart font is missing from '{FONT_DISTRIBUTION}': {path}")
    return path


def font_version() -> str:
    """Part of the cache key: a different font draws different charts."""
    return f"{FONT_DISTRIBUTION}=={metadata.version(FONT_DISTRIBUTION)}"


@functools.cache
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> str:
    """The characters of `text` that the chart font cannot draw, in order, without repeats."""
    covered = _covered()
    missing: list[str] = []
    for char in text:
        if not char.isspace() and ord(char) not in covered and char not in missing:
            missing.append(char)
    return "".join(missing)


def check_labels(chart: str, labels: list[str]) -> None:
    problems = [(label, gaps) for label in labels if (gaps := missing_glyphs(label))]
    if problems:
        detail = "; ".join(
            f"{label!r} lacks {', '.join(f'{c!r} (U+{ord(c):04X})' for c in gaps)}" for label, gaps in problems
        )
        raise ChartError(f"chart '{chart}': the font {FONT_FAMILY} has no glyph for: {detail}")

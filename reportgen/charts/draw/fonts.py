"""The chart fonts: NanumGothic for Hangul, then DejaVu Sans for the Latin, Greek and Cyrillic it lacks.

NanumGothic ships as files inside the pinned koreanize-matplotlib wheel; only the files are
used. The package's own code is never imported: it patches matplotlib's global state on
import. DejaVu Sans ships inside matplotlib itself. matplotlib falls back from one font to
the next glyph by glyph, so a label is drawable when every character is in one of them.
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

from reportgen.load.problems import BuildError

# (distribution, file inside it, family name), in fallback order.
FONTS = (
    ("koreanize-matplotlib", "koreanize_matplotlib/fonts/NanumGothic.ttf", "NanumGothic"),
    ("matplotlib", "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", "DejaVu Sans"),
)
FONT_FAMILIES = [family for _, _, family in FONTS]


class ChartError(BuildError):
    """A chart cannot be drawn correctly; the message says which and why."""


def font_paths() -> list[Path]:
    paths = []
    for distribution, file, _ in FONTS:
        try:
            path = Path(str(metadata.distribution(distribution).locate_file(file)))
        except metadata.PackageNotFoundError as exc:
            raise ChartError(f"the chart font package '{distribution}' is not installed") from exc
        if not path.is_file():
            raise ChartError(f"the chart font is missing from '{distribution}': {path}")
        paths.append(path)
    return paths


def font_version() -> str:
    """Part of the cache key: different fonts draw different charts."""
    return ",".join(f"{distribution}=={metadata.version(distribution)}" for distribution, _, _ in FONTS)


@functools.cache
def _covered() -> frozenset[int]:
    # matplotlib's own FreeType binding reads the character maps ten times faster than fontTools,
    # and whoever draws has matplotlib loaded anyway. Imported here, as it is heavy: emit/ imports
    # this module on every build, and a warm one (nothing to draw) must not load matplotlib.
    from matplotlib.ft2font import FT2Font

    covered: set[int] = set()
    for path in font_paths():
        covered.update(FT2Font(str(path)).get_charmap())
    return frozenset(covered)


def missing_glyphs(text: str) -> str:
    """The characters of `text` that no chart font can draw, in order, without repeats."""
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
        raise ChartError(
            f"chart '{chart}': the chart fonts ({', '.join(FONT_FAMILIES)}) have no glyph for: {detail} "
            "(remove or replace the character in the YAML)"
        )

"""The fonts reportgen may draw and print with: font files inside pinned packages, by family name.

A catalog names families (`chart_fonts: [IPAexGothic, DejaVu Sans]`); only the names here are
accepted, so a team's catalog can never point at a file of its own or at a URL. matplotlib and
WeasyPrint both fall back glyph by glyph along the list, so the first family decides the look of
the language and the rest draw what it lacks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class PackagedFont:
    distribution: str  # a pinned dependency (pyproject.toml, .ci/constraints.txt)
    regular: str  # the file inside it
    bold: str | None = None  # None: WeasyPrint emboldens the regular face
    mono: bool = False


# matplotlib-fontja 1.1.0 ships IPAexGothic (kana and the JIS X 0208 kanji); koreanize-matplotlib
# NanumGothic (Hangul, KS X 1001 Hanja); matplotlib itself DejaVu (Latin, Greek, Cyrillic, symbols).
PACKAGED: dict[str, PackagedFont] = {
    "NanumGothic": PackagedFont(
        "koreanize-matplotlib",
        "koreanize_matplotlib/fonts/NanumGothic.ttf",
        "koreanize_matplotlib/fonts/NanumGothicBold.ttf",
    ),
    "IPAexGothic": PackagedFont("matplotlib-fontja", "matplotlib_fontja/fonts/ipaexg.ttf"),
    "DejaVu Sans": PackagedFont(
        "matplotlib",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans-Bold.ttf",
    ),
    "DejaVu Sans Mono": PackagedFont("matplotlib", "matplotlib/mpl-data/fonts/ttf/DejaVuSansMono.ttf", mono=True),
}

# A family name a page's stylesheet may ask the reader's system for: words, digits, spaces and
# hyphens only, so it cannot close the CSS string or reach for a url().
PAGE_FONT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,60}$")
SPEC_FONTS = "fonts"  # in a chart spec's data: the families it is drawn with (charts/catalog.py)
GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "system-ui", "-apple-system", "ui-monospace", "ui-sans-serif"}
)


class FontError(ValueError):
    """A packaged font is missing: an installation problem, not a content error."""


def font_file(family: str, bold: bool = False) -> Path:
    font = PACKAGED[family]
    file = (font.bold or font.regular) if bold else font.regular
    try:
        path = Path(str(metadata.distribution(font.distribution).locate_file(file)))
    except metadata.PackageNotFoundError as exc:
        raise FontError(f"the font package '{font.distribution}' (for {family}) is not installed") from exc
    if not path.is_file():
        raise FontError(f"the font {family} is missing from '{font.distribution}': {path}")
    return path


def fonts_version(families: tuple[str, ...]) -> str:
    """Part of a chart's cache key: other fonts draw other charts."""
    found = {PACKAGED[f].distribution for f in families}
    return ",".join(f"{d}=={metadata.version(d)}" for d in sorted(found)) + ":" + ",".join(families)


@functools.cache
def coverage(families: tuple[str, ...]) -> frozenset[int]:
    """The code points the families draw between them."""
    # fontTools (matplotlib's dependency), read lazily: only the character map is parsed, in about
    # 90 ms for the three packaged families; heavy, so imported only when a glyph is looked up.
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for family in families:
        with TTFont(str(font_file(family)), lazy=True) as font:
            covered.update(font.getBestCmap())
    return frozenset(covered)


def missing(text: str, families: tuple[str, ...]) -> str:
    """The characters of `text` that none of `families` can draw, in order, without repeats."""
    covered = coverage(families)
    gaps: list[str] = []
    for char in text:
        if not char.isspace() and ord(char) not in covered and char not in gaps:
            gaps.append(char)
    return "".join(gaps)


def css_stack(names: tuple[str, ...]) -> str:
    """A checked font list as CSS: names quoted, generic families bare."""
    return ", ".join(name if name in GENERIC_FAMILIES else f'"{name}"' for name in names)

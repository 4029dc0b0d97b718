"""Light and dark chart styles matching mkdocs-material's default and slate schemes (indigo)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

STYLE_VERSION = "5"  # bump when drawing code changes in a way the cache key cannot see


@dataclass(frozen=True)
class Theme:
    name: str
    text: str
    muted: str
    grid: str
    accent: str
    on_time: str
    delayed: str
    unknown: str
    designed: str
    built: str
    deployed: str
    baseline: str
    target: str
    on_accent: str  # text drawn on an accent-coloured bar

    def tokens(self) -> str:
        return repr(sorted(asdict(self).items()))


# Backgrounds stay transparent, so a chart sits on the page's own background in either scheme.
LIGHT = Theme(
    name="light",
    text="#212121",
    muted="#616161",
    grid="#e0e0e0",
    accent="#3f51b5",
    # On time and delayed differ in lightness as well as hue, by more than 20 L* under deuteranopia
    # (tests/test_honest_charts.py): a reader who cannot tell green from orange still can.
    on_time="#1b5e20",
    delayed="#e65100",
    unknown="#9e9e9e",
    designed="#90a4ae",
    built="#5c6bc0",
    deployed="#2e7d32",
    baseline="#757575",
    target="#3f51b5",
    on_accent="#ffffff",
)
DARK = Theme(
    name="dark",
    text="#e2e4e9",
    muted="#a0a4b0",
    grid="#3a3d4a",
    accent="#8c9eff",
    on_time="#43a047",
    delayed="#ffa726",
    unknown="#9e9e9e",
    designed="#b0bec5",
    built="#9fa8da",
    deployed="#66bb6a",
    baseline="#bdbdbd",
    target="#8c9eff",
    on_accent="#1a1c24",
)
THEMES = (LIGHT, DARK)

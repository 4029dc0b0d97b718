"""The dark variant of a chart from its light SVG: the same drawing with the theme's colours swapped.

Drawing a chart costs far more than rewriting its colours, and light and dark differ in nothing
else, so each chart is drawn once. A test checks the result byte for byte against drawing it dark.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from reportgen.charts.theme import Theme

_HEX = re.compile(rb"#[0-9a-f]{6}\b")


def colour_map(source: Theme, target: Theme) -> dict[bytes, bytes]:
    mapping: dict[bytes, bytes] = {}
    for role, colour in asdict(source).items():
        if role == "name":
            continue
        key, value = colour.lower().encode(), asdict(target)[role].lower().encode()
        if mapping.setdefault(key, value) != value:
            raise ValueError(f"{source.name} uses {colour} for roles that differ in {target.name}; make them distinct")
    return mapping


def recolor(svg: bytes, source: Theme, target: Theme) -> bytes:
    mapping = colour_map(source, target)
    return _HEX.sub(lambda match: mapping.get(match.group(0), match.group(0)), svg)

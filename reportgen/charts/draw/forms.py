"""Two drawings of a chart in one SVG: the wide one for a desktop's column, a narrow one for a phone.

An SVG shown as an <img> evaluates its own CSS media queries against the width it is drawn at, so
a `@media (max-width: …)` rule inside the file picks the drawing that suits it. The light and dark
files each hold both, so Material's scheme toggle (which picks the file) still switches the chart,
and the exported project and any other builder show them alike. WeasyPrint ignores @media rules:
paper gets the wide drawing.

The narrow drawing is laid out on a canvas NARROW points wide, with the same font sizes, then
scaled up to the wide drawing's width: at a phone's 343 px its smallest text is still 11 px. Both
share one viewBox, whose height is the taller of the two; the shorter is laid out again with the
difference (`Canvas.extra`) for its plots to take.

Each text's group carries `data-font-size`: its size in the SVG's own units (those of its viewBox),
so that a test can measure the size a reader sees (size x rendered width / viewBox width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matplotlib.text import Text

READABLE_PX = 11.0  # the least CSS px a chart text may be drawn at, on any screen
# Points: the narrow drawing's canvas. Shown 343 px wide (Material on a 375 px phone, Zensical on a
# 390 px one), its 10 pt text is 11.4 px; 358 px (Material at 390 px) gives 11.9 px.
NARROW = 300.0
PX_PER_PT = 96 / 72


@dataclass(frozen=True)
class Form:
    """One drawing as saved: its SVG, its size in points and each text group's font size (by gid)."""

    svg: bytes
    width: float
    height: float
    sizes: dict[str, float]


def mark_sizes(fig: object) -> dict[str, float]:
    """Gives every text the figure will show a gid (if it has none), and returns each one's font size."""
    for ax in fig.axes:  # type: ignore[attr-defined]
        ax.get_xticklabels(), ax.get_yticklabels()  # makes the tick labels that will be drawn
    sizes: dict[str, float] = {}
    for n, text in enumerate(fig.findobj(Text)):  # type: ignore[attr-defined]
        if not text.get_visible() or not text.get_text().strip():
            continue
        if text.get_gid() is None:
            text.set_gid(f"text-{n}")
        sizes[text.get_gid()] = text.get_fontsize()
    return sizes


_ROOT = re.compile(rb"<svg\b[^>]*>")
_ID = re.compile(rb'\bid="([^"]+)"')
_REF = re.compile(rb'(href="#|url\(#)([^")]+)')


def _inner(svg: bytes) -> bytes:
    """What lies inside the root <svg> element."""
    root = _ROOT.search(svg)
    assert root is not None, "matplotlib wrote no <svg> element"
    return svg[root.end() : svg.rindex(b"</svg>")]


def _sized(inner: bytes, sizes: dict[str, float], scale: float) -> bytes:
    for gid, size in sizes.items():
        opening = b'<g id="' + gid.encode() + b'"'
        inner = inner.replace(opening, opening + b' data-font-size="%s"' % _number(size * scale).encode())
    return inner


def _prefixed(inner: bytes, prefix: bytes) -> bytes:
    """Every id and every reference to one, prefixed: the two drawings may not share an id."""
    inner = _ID.sub(lambda m: b'id="' + prefix + m.group(1) + b'"', inner)
    return _REF.sub(lambda m: m.group(1) + prefix + m.group(2), inner)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def sized(form: Form) -> bytes:
    """One drawing's SVG alone, each text group with its data-font-size (the print file)."""
    return _sized(form.svg, form.sizes, 1.0)


def breakpoint_px(wide: Form) -> float:
    """The rendered width (CSS px) below which the wide drawing's smallest text falls under READABLE_PX."""
    return READABLE_PX * wide.width / min(wide.sizes.values(), default=READABLE_PX)


def combine(wide: Form, narrow: Form) -> bytes:
    """One SVG holding both drawings, the narrow one shown below the wide one's readable width."""
    scale = wide.width / narrow.width
    height = max(wide.height, narrow.height * scale)
    below = _number(breakpoint_px(wide) - 0.01)
    style = (
        f"<style>.reportgen-narrow{{display:none}}@media (max-width: {below}px)"
        "{.reportgen-wide{display:none}.reportgen-narrow{display:inline}}</style>"
    ).encode()
    root = (
        b'<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="%spt" height="%spt" viewBox="0 0 %s %s"'
        b' xmlns="http://www.w3.org/2000/svg" version="1.1">'
        % tuple(_number(v).encode() for v in (wide.width, height, wide.width, height))
    )
    head = wide.svg[: _ROOT.search(wide.svg).start()]  # type: ignore[union-attr]  # the XML declaration, doctype
    return b"".join(
        [
            head,
            root,
            style,
            b'<g class="reportgen-wide">',
            _sized(_inner(wide.svg), wide.sizes, 1.0),
            b'</g><g class="reportgen-narrow" transform="scale(%s)">' % _number(scale).encode(),
            _prefixed(_sized(_inner(narrow.svg), narrow.sizes, scale), b"n-"),
            b"</g></svg>\n",
        ]
    )

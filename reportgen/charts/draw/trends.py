"""Draws the trends across years (its spec: reportgen.charts.trends): a panel per figure, its values unclashing."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from matplotlib.ticker import MaxNLocator

from reportgen.charts.draw.layout import (
    PAD,
    SMALL,
    VALUE,
    WIDTH,
    Canvas,
    headroom,
    text_height,
    tick_band,
    tick_labels,
    tidy,
    value_text,
)

PANEL_H = 110.0
NARROW_PANEL_H = 60.0  # on the narrow canvas, scaled up by about 1.6 when shown


def panel_height(c: Canvas, count: int) -> float:
    """A panel's plot height: shorter on the narrow canvas, which is scaled up; taller by the canvas's
    extra height, shared among its `count` panels."""
    return (PANEL_H if c.width >= WIDTH else NARROW_PANEL_H) + c.extra / count


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    """One panel per figure, one above the other, each as wide as the chart: a year's slot stays wide
    at any year count, and a phone's narrow drawing keeps the same layout."""
    years, panels = data["years"], data["panels"]
    top = c.title(title)
    head = text_height(1, SMALL) + 4  # each panel's own title
    gap = 2 * PAD
    height = panel_height(c, len(panels))
    lefts = [PAD + _tick_width(c, panel, height=height) + PAD for panel in panels]
    each = head + height + tick_band() + gap
    c.size(top + each * len(panels))
    frames = [(PAD, c.height - top - each * (i + 1) + gap + tick_band(), c.width - 2 * PAD) for i in range(len(panels))]
    c.draw_title()
    for index, (panel, (x, y, width), left) in enumerate(zip(panels, frames, lefts, strict=True)):
        ax = c.axes(x + left, y, width - left - PAD, height)
        c.text(x + left, y + height + 4, panel["label"], f"panel-{index}", va="bottom", ha="left")
        _panel(c, ax, panel, years, index, (x + left, width - left - PAD))


def _tick_width(c: Canvas, panel: dict[str, Any], style: str = "line", height: float = PANEL_H) -> float:
    low, top = _ylim(panel, style, height)
    ticks = _yticks(low, _scale_top(panel, top), panel.get("integer", False))
    return max(c.m.width(text, SMALL) for text in tick_labels(ticks, panel.get("scale")))


def _yticks(low: float, high: float, integer: bool = False) -> list[float]:
    locator = MaxNLocator(nbins=4, integer=integer, steps=[1, 2, 2.5, 5, 10])
    return [t for t in locator.tick_values(low, high) if low <= t <= high]


def _ylim(panel: dict[str, Any], style: str, height: float = PANEL_H) -> tuple[float, float]:
    """The value axis's limits: from 0 for bars and counts; for a line of measured values, from below
    its lowest when starting at 0 would flatten their differences (99.72 against 99.88). The top
    leaves room for a label over the highest value."""
    values = [v for v in panel["values"] if v is not None] or [0.0]
    low, high = min(values), max(values)
    base = min(0.0, low)  # bars grow from zero: a negative value reaches below it, inside the plot
    if style != "bar" and not panel.get("integer") and 0 < low < high and high - low < 0.2 * high:
        spread = high - low
        base = max(0.0, low - spread)
    return base, headroom(values, height, 6 + text_height(1, VALUE) + 2, base)


def _scale_top(panel: dict[str, Any], top: float) -> float:
    """Where the value scale (ticks and axis line) ends: a percentage's at 100 unless a value passes it.
    The plot itself may reach higher, to hold the labels of values at 100."""
    values = [v for v in panel["values"] if v is not None] or [0.0]
    return min(top, 100.0) if panel.get("percent") and max(values) <= 100 else top


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the axes' bottom-left corner


def _hits(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _span(path: list[tuple[float, float]], x0: float, x1: float) -> tuple[float, float] | None:
    """The lowest and highest point of the polyline `path` over [x0, x1], or None if it is not there."""
    ys: list[float] = []
    for (ax, ay), (bx, by) in itertools.pairwise(path):
        lo, hi = max(x0, ax), min(x1, bx)
        if lo > hi:
            continue
        for x in (lo, hi):
            ys.append(ay if bx == ax else ay + (by - ay) * (x - ax) / (bx - ax))
    if len(path) == 1 and x0 <= path[0][0] <= x1:
        ys.append(path[0][1])
    return (min(ys), max(ys)) if ys else None


def _place(
    x: float, y: float, width: float, height: float, room: tuple[float, float], clear: Any
) -> list[tuple[float, Box, str, str]]:
    """Where a value label may go beside its point at (x, y): above or below it, centred or to one side,
    pushed clear of what it must not cross (`clear(x0, x1)`: the lowest and highest drawn point there).
    Each candidate is (cost, box, ha, va), nearest first; none leaves the plot (`room`: its width, height)."""
    found = []
    for ha, x0 in (("center", x - width / 2), ("left", x + 2), ("right", x - 2 - width)):
        box_x = (x0 - 2, x0 + width + 2)
        if box_x[0] < 0 or box_x[1] > room[0]:
            continue
        span = clear(box_x[0], box_x[1])
        above = max(y + GAP, (span[1] + MARGIN) if span else y + GAP)
        below = min(y - GAP, (span[0] - MARGIN) if span else y - GAP)
        side = 0.0 if ha == "center" else 3.0
        if above + height <= room[1]:
            found.append((above - y + side, (box_x[0], above, box_x[1], above + height), ha, "bottom"))
        if below - height >= 0:
            found.append((y - below + side + 1, (box_x[0], below - height, box_x[1], below), ha, "top"))
    return sorted(found, key=lambda f: f[0])


GAP = 6.0  # from a point to its label
NEAR = GAP + 16.0  # the farthest a label may sit from its point (the latest excepted)
MARGIN = 3.0  # from a line (or a bar's top) to a label: half the line's width and a little air
BAR = 0.6  # a bar's width, as a share of its year's slot


Point = tuple[int, float, str]  # a year's index, its value and the value's label
Clear = Callable[[float, float], tuple[float, float] | None]  # the lowest and highest drawn point over [x0, x1]


def _panel(
    c: Canvas,
    ax: Any,
    panel: dict[str, Any],
    labels: list[str],
    index: int,
    where: tuple[float, float],
    style: str = "line",
    slots: Callable[[float], None] | None = None,
) -> None:
    """One figure across the years, as a line (or bars), its years thinned to fit and its values unclashing.
    Given `slots` (which ticks the slots, given a slot's width), a series by period or by record instead:
    its last drawn value is the one always labelled, and a missing value is a gap with no label of its own."""
    _, plot = where
    n = len(labels)
    points = [
        (i, v, text) for i, (v, text) in enumerate(zip(panel["values"], panel["texts"], strict=True)) if v is not None
    ]
    ax.set_xlim(-0.5, n - 0.5)
    height = plot_points(c, ax)
    low, ytop, scale = _value_axis(ax, panel, style, height)
    slot = plot / n

    def at(i: int, v: float) -> tuple[float, float]:
        """A value's place in points from the axes' bottom-left corner."""
        return (i + 0.5) * slot, (v - low) / (ytop - low) * height

    clear = _marks(c, ax, points, at, slot, style)
    latest = n - 1
    if slots is None:
        _year_ticks(c, ax, labels, slot)
    else:
        slots(slot)
        latest = points[-1][0] if points else n - 1  # the last drawn value is always labelled
    room = (plot + PAD, height)  # a label may use the margin right of the plot, inside its panel
    placed = _value_labels(c, ax, points, index, latest, at, clear, room, slot if style == "bar" else None)
    if slots is None:
        _gap_labels(c, ax, panel, index, slot, low, placed)
    tidy(ax, c.theme, grid="y", keep=("bottom", "left"))
    ax.spines["left"].set_bounds(low, scale)


def plot_points(c: Canvas, ax: Any) -> float:
    """The height of an axes, in points."""
    return float(ax.get_position().height * c.height)


def _value_axis(ax: Any, panel: dict[str, Any], style: str, height: float) -> tuple[float, float, float]:
    """The value axis's limits and ticks (`height`: the plot's, in points); returns its bottom, its top
    and where its scale ends."""
    low, ytop = _ylim(panel, style, height)
    ax.set_ylim(low, ytop)
    scale = _scale_top(panel, ytop)
    ticks = _yticks(low, scale, panel.get("integer", False))
    ax.set_yticks(ticks, labels=tick_labels(ticks, panel.get("scale")), fontsize=SMALL)
    return low, ytop, scale


def _marks(
    c: Canvas, ax: Any, points: list[Point], at: Callable[[int, float], tuple[float, float]], slot: float, style: str
) -> Clear:
    """The bars or the line of the values; returns what a value label must keep clear of."""
    if style == "bar":
        ax.bar([p[0] for p in points], [p[1] for p in points], width=BAR, color=c.theme.accent)
        tops = [(at(i, v)[0], BAR / 2 * slot, at(i, v)[1]) for i, v, _ in points]

        def clear(x0: float, x1: float) -> tuple[float, float] | None:
            under = [top for x, half, top in tops if x - half < x1 and x0 < x + half]
            return (0.0, max(under)) if under else None
    else:
        # A year without a value breaks the line: drawn through it, the line would make one up.
        paths = []
        for run in _runs(points):
            ax.plot([p[0] for p in run], [p[1] for p in run], "-o", color=c.theme.accent, linewidth=2, markersize=5)
            paths.append([at(i, v) for i, v, _ in run])

        def clear(x0: float, x1: float) -> tuple[float, float] | None:
            spans = [s for path in paths if (s := _span(path, x0, x1)) is not None]
            return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None

    return clear


def _runs(points: list[Point]) -> list[list[Point]]:
    """The points in runs of consecutive years: each run is one stretch of the line."""
    runs: list[list[Point]] = []
    for point in points:
        if runs and runs[-1][-1][0] == point[0] - 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _year_ticks(c: Canvas, ax: Any, years: list[str], slot: float) -> None:
    """A tick for every year; its label under it when the labels fit, else the first's, the last's and
    every k-th counted back from the latest that clears them (three years always keep the middle one)."""
    n = len(years)
    room = c.m.width(max(years, key=len), SMALL) + PAD
    stride = next((k for k in range(1, n + 1) if slot * k >= room), n)
    kept: list[int] = []
    for i in [0, n - 1, *(i for i in range(n - 1, -1, -1) if (n - 1 - i) % stride == 0)]:
        if i not in kept and all(abs(i - j) * slot >= room for j in kept):
            kept.append(i)
    ax.set_xticks(range(n), labels=[years[i] if i in kept else "" for i in range(n)], fontsize=SMALL)


LABEL_ALL = 6  # up to this many values, each is labelled; beyond, the first, the last and the extremes


def _value_labels(
    c: Canvas,
    ax: Any,
    points: list[Point],
    index: int,
    latest: int,
    at: Callable[[int, float], tuple[float, float]],
    clear: Clear,
    room: tuple[float, float],
    bar_slot: float | None,
) -> list[Box]:
    """The latest first, then the extremes, then the rest; each where it crosses neither the line
    (or a bar) nor a label already placed, as near its point as that allows. `bar_slot`: a year's
    width when the values are bars, whose labels may then go just inside their tops."""
    label_h = text_height(1, VALUE)
    values = [v for _, v, _ in points]
    placed: list[Box] = []
    must = {latest}  # labelled even far from its point, rather than not at all
    if len(points) > LABEL_ALL:  # a label on every point would repeat itself: those that matter
        # The extremes once each: the same value again says nothing new. At their latest year that
        # stands clear of the first and the last, whose labels come first.
        ends = {points[0][0], points[-1][0], latest}

        def once(extreme: float) -> int:
            at = [p[0] for p in reversed(points) if p[1] == extreme]
            return next((i for i in at if all(abs(i - e) >= 2 for e in ends)), at[0])

        kept = {*ends, once(max(values)), once(min(values))}
        points = [p for p in points if p[0] in kept]
        must = kept
    order = sorted(points, key=lambda p: (p[0] != latest, p[1] != max(values), p[1] != min(values), -p[0]))
    for i, v, text in order:
        width = c.m.width(text, VALUE)
        x, y = at(i, v)
        spots = [s for s in _place(x, y, width, label_h, room, clear) if not any(_hits(s[1], b) for b in placed)]
        # Far from its point, a label would seem to name another: none rather than that, but for the latest.
        spots = [s for s in spots if s[0] <= NEAR] or (spots[:1] if i in must else [])
        color = c.theme.text
        if not spots and bar_slot is not None and y - 2 - label_h >= 0 and width + 4 <= BAR * bar_slot:
            # No room over the bar: just inside its top, in a colour that reads on the bar (if it fits in it).
            box = (x - width / 2 - 2, y - 2 - label_h, x + width / 2 + 2, y - 2)
            if not any(_hits(box, b) for b in placed):
                spots, color = [(0.0, box, "center", "top")], c.theme.on_accent
        if not spots:
            continue
        _, box, ha, va = spots[0]
        placed.append(box)
        dx = {"center": (box[0] + box[2]) / 2, "left": box[0] + 2, "right": box[2] - 2}[ha] - x
        dy = (box[1] if va == "bottom" else box[3]) - y
        artist = ax.annotate(
            text, (i, v), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=VALUE, color=color
        )
        c.label(artist, f"value-{index}-{i}")
    return placed


def _gap_labels(
    c: Canvas, ax: Any, panel: dict[str, Any], index: int, slot: float, low: float, placed: list[Box]
) -> None:
    """A year without a value says why at the foot of its slot ("no data"), where the line breaks,
    if its text fits the slot and crosses no value label; the data table says it in any case."""
    label_h = text_height(1, VALUE)
    for i, (value, text) in enumerate(zip(panel["values"], panel["texts"], strict=True)):
        width = c.m.width(text, VALUE)
        x = (i + 0.5) * slot
        box = (x - width / 2 - 2, 0.0, x + width / 2 + 2, 2 + label_h)
        if value is not None or not text or width + 4 > slot or any(_hits(box, b) for b in placed):
            continue
        placed.append(box)
        value_text(c, ax, i, low, text, f"gap-{index}-{i}", above=True, color=c.theme.muted)

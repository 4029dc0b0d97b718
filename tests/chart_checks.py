"""Checks on a drawn chart, made on matplotlib's own artists before anything is saved.

`inspect(spec)` draws the light variant and measures every text the figure will show: its
content, its gid (each text reportgen draws carries one naming its role, e.g. "value-3") and its
window extent in pixels. The checks then say which texts overlap, which leave the canvas, and
how much of the figure the plot areas keep.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from reportgen.charts.draw.layout import WIDTH
from reportgen.charts.draw.render import draw, styled
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import LIGHT

TOLERANCE = 0.5  # pixels: extents are rounded, touching is not overlapping


@dataclass(frozen=True)
class Drawn:
    text: str
    gid: str | None
    box: Bbox
    size: float  # points


@dataclass(frozen=True)
class Inspected:
    texts: list[Drawn]
    width: float  # the figure, in pixels at its dpi
    height: float
    inches: float  # the figure's width
    plot_share: float  # the plot areas' share of the figure
    titles: dict[str, str]  # gid -> full text, for each shortened label
    bars: list[tuple[float, float]]  # each bar of the first axes, top first: (left, right) in data units
    # Each drawn line (Line2D) as its path in pixels, and its half width in pixels.
    lines: list[tuple[list[tuple[float, float]], float]] = field(default_factory=list)
    rects: list[Bbox] = field(default_factory=list)
    ticks: dict[str, list[float]] = field(
        default_factory=dict
    )  # "x", "y": the values of the ticks shown  # each bar of the first axes, in drawing order, in pixels

    def by_gid(self) -> dict[str, str]:
        return {t.gid: t.text for t in self.texts if t.gid}

    def overlaps(self) -> list[tuple[str, str]]:
        found = []
        for a, b in itertools.combinations(self.texts, 2):
            if (
                a.box.x0 + TOLERANCE < b.box.x1
                and b.box.x0 + TOLERANCE < a.box.x1
                and a.box.y0 + TOLERANCE < b.box.y1
                and b.box.y0 + TOLERANCE < a.box.y1
            ):
                found.append((a.text, b.text))
        return found

    def outside(self) -> list[str]:
        return [
            t.text
            for t in self.texts
            if t.box.x0 < -TOLERANCE
            or t.box.y0 < -TOLERANCE
            or t.box.x1 > self.width + TOLERANCE
            or t.box.y1 > self.height + TOLERANCE
        ]

    def crossings(self) -> list[tuple[str, int]]:
        """(text, line index) for each text a drawn line passes through (line widths count)."""
        found = []
        for t in self.texts:
            for index, (path, half) in enumerate(self.lines):
                box = (t.box.x0 - half, t.box.y0 - half, t.box.x1 + half, t.box.y1 + half)
                if any(_segment_meets(box, a, b) for a, b in itertools.pairwise(path)):
                    found.append((t.text, index))
        return found


def _segment_meets(box: tuple[float, float, float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the segment a-b enters the box's inside (Liang-Barsky clipping; touching does not count)."""
    x0, y0, x1, y1 = box[0] + TOLERANCE, box[1] + TOLERANCE, box[2] - TOLERANCE, box[3] - TOLERANCE
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True


def _shown_ticks(fig: object) -> set[int]:
    """The tick labels matplotlib draws: those of ticks inside the view limits."""
    shown: set[int] = set()
    for ax in fig.axes:  # type: ignore[attr-defined]
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():  # the ticks Axis.draw draws
                if tick.label1.get_visible():
                    shown.add(id(tick.label1))
    return shown


def inspect(spec: ChartSpec, width: float = WIDTH) -> Inspected:
    """The light variant's drawing `width` points wide: the wide one, or (at forms.NARROW) the phone's."""
    with styled(LIGHT):
        canvas = draw(spec, LIGHT, width)
        fig = canvas.fig
        FigureCanvasAgg(fig)
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        ticks = {id(label) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for label in axis.get_ticklabels()}
        shown = _shown_ticks(fig)
        texts = [
            Drawn(t.get_text(), t.get_gid(), t.get_window_extent(renderer), t.get_fontsize())
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and (id(t) not in ticks or id(t) in shown)
        ]
        area = fig.bbox.width * fig.bbox.height
        plot = sum(ax.bbox.width * ax.bbox.height for ax in fig.axes)
        inches = fig.get_figwidth()
        bars = sorted(
            (p for p in fig.axes[0].patches if isinstance(p, Rectangle)) if fig.axes else [],
            key=lambda p: p.get_y(),
        )
        spans = [(p.get_x(), p.get_x() + p.get_width()) for p in bars]
        rects = (
            [p.get_window_extent(renderer) for p in fig.axes[0].patches if isinstance(p, Rectangle)] if fig.axes else []
        )
        lines = [
            (
                [tuple(xy) for xy in line.get_transform().transform(line.get_xydata())],
                line.get_linewidth() * fig.dpi / 72 / 2,
            )
            for ax in fig.axes
            for line in ax.get_lines()
            if line.get_visible() and line.get_linestyle() not in ("None", "")
        ]
        shown_ticks = [
            tuple(
                [float(tick.get_loc()) for tick in axis._update_ticks() if tick.label1.get_visible()]
                for axis in (ax.xaxis, ax.yaxis)
            )
            for ax in fig.axes
        ]
        return Inspected(
            texts,
            fig.bbox.width,
            fig.bbox.height,
            inches,
            plot / area,
            dict(canvas.titles),
            spans,
            lines,
            rects,
            shown_ticks,
        )

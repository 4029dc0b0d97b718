"""Checks on a drawn chart, made on matplotlib's own artists before anything is saved.

`inspect(spec)` draws the light variant and measures every text the figure will show: its
content, its gid (each text reportgen draws carries one naming its role, e.g. "value-3") and its
window extent in pixels. The checks then say which texts overlap, which leave the canvas, and
how much of the figure the plot areas keep.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from reportgen.charts import ChartSpec
from reportgen.charts.render import draw, styled
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


def _shown_ticks(fig: object) -> set[int]:
    """The tick labels matplotlib draws: those of ticks inside the view limits."""
    shown: set[int] = set()
    for ax in fig.axes:  # type: ignore[attr-defined]
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():  # the ticks Axis.draw draws
                if tick.label1.get_visible():
                    shown.add(id(tick.label1))
    return shown


def inspect(spec: ChartSpec) -> Inspected:
    with styled(LIGHT):
        canvas = draw(spec, LIGHT)
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
        return Inspected(texts, fig.bbox.width, fig.bbox.height, inches, plot / area, dict(canvas.titles), spans)

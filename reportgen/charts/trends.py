"""Trends across years: projects, on-time rate and average weeks, once two or more years exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .layout import PAD, SMALL, VALUE, Canvas, headroom, text_height, tick_band, tidy
from .spec import ChartSpec, DataTable

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from ..metrics import YearMetrics
    from ..pages import Formatter

KIND = "trends"


def build(
    years: list[tuple[int, YearMetrics]], t: dict[str, str], fmt: Formatter, names: tuple[str, ...] | None = None
) -> ChartSpec | None:
    if len(years) < 2:
        return None
    from ..metrics import TREND_METRICS

    series = [
        (fmt.metric_label(name), [m.value(name) for _, m in years], lambda v, name=name: fmt.metric(name, v))
        for name in names or TREND_METRICS
    ]
    labels = [str(year) for year, _ in years]
    panels = [
        {
            "label": label,
            "values": [None if v is None else round(v, 4) for v in values],
            "texts": [fmt_value(v) if v is not None else t["none"] for v in values],
        }
        for label, values, fmt_value in series
    ]
    summary = "; ".join(
        f"{p['label']} " + ", ".join(f"{year} {text}" for year, text in zip(labels, p["texts"], strict=True))
        for p in panels
    )
    return ChartSpec(
        path="charts/trends",
        kind=KIND,
        title=t["chart_trends"],
        alt=t["chart_trends_alt"].format(first=labels[0], last=labels[-1], items=summary),
        table=DataTable(
            headers=(t["year"], *(p["label"] for p in panels)),
            rows=tuple((year, *(p["texts"][i] for p in panels)) for i, year in enumerate(labels)),
        ),
        data={"years": labels, "panels": panels},
    )


SIDE_BY_SIDE = 6  # up to this many years, the panels stand side by side; beyond, one above the other
PANEL_H = 110.0


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    years, panels = data["years"], data["panels"]
    across = len(years) <= SIDE_BY_SIDE
    top = c.title(title)
    head = text_height(1, SMALL) + 4  # each panel's own title
    gap = 2 * PAD
    lefts = [PAD + _tick_width(c, panel) + PAD for panel in panels]
    if across:
        width = (c.width - PAD - gap * (len(panels) - 1)) / len(panels)
        c.size(top + head + PANEL_H + tick_band() + PAD)
        frames = [(PAD + i * (width + gap), PAD + tick_band(), width) for i in range(len(panels))]
    else:
        each = head + PANEL_H + tick_band() + gap
        c.size(top + each * len(panels))
        frames = [
            (PAD, c.height - top - each * (i + 1) + gap + tick_band(), c.width - 2 * PAD) for i in range(len(panels))
        ]
    c.draw_title()
    for index, (panel, (x, y, width), left) in enumerate(zip(panels, frames, lefts, strict=True)):
        ax = c.axes(x + left, y, width - left - PAD, PANEL_H)
        c.text(x + left, y + PANEL_H + 4, panel["label"], f"panel-{index}", va="bottom", ha="left")
        _panel(c, ax, panel, years, index, (x + left, width - left - PAD))


def _tick_width(c: Canvas, panel: dict[str, Any]) -> float:
    values = [v for v in panel["values"] if v is not None] or [0]
    return max(c.m.width(f"{t:g}", SMALL) for t in _yticks(max(values) * 1.6 or 1))


def _yticks(high: float) -> list[float]:
    from matplotlib.ticker import MaxNLocator

    return [t for t in MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(0, high) if 0 <= t <= high]


def _panel(
    c: Canvas,
    ax: Any,
    panel: dict[str, Any],
    years: list[str],
    index: int,
    where: tuple[float, float],
    style: str = "line",
) -> None:
    """One figure across the years, as a line (or bars), its years thinned to fit and its values unclashing."""
    _, plot = where
    n = len(years)
    points = [
        (i, v, text) for i, (v, text) in enumerate(zip(panel["values"], panel["texts"], strict=True)) if v is not None
    ]
    ax.set_xlim(-0.5, n - 0.5)
    label_h = text_height(1, VALUE)
    values = [v for _, v, _ in points]
    ytop = headroom(values, PANEL_H, 6 + label_h + 2)
    ax.set_ylim(0, ytop)
    ax.set_yticks(ticks := _yticks(ytop), labels=[f"{t:g}" for t in ticks], fontsize=SMALL)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if style == "bar":
        ax.bar(xs, ys, width=0.6, color=c.theme.accent)
    else:
        ax.plot(xs, ys, "-o", color=c.theme.accent, linewidth=2, markersize=5)
    slot = plot / n
    # Year ticks: every year when they fit, else every k-th counted back from the latest.
    stride = next((k for k in range(1, n + 1) if slot * k >= c.m.width("0000", SMALL) + PAD), n)
    shown = [i for i in range(n) if (n - 1 - i) % stride == 0]
    ax.set_xticks(shown, labels=[years[i] for i in shown], fontsize=SMALL)
    # Value labels: the latest first, then the extremes, then the rest; each only where it touches none placed.
    placed: list[tuple[float, float, float, float]] = []
    order = sorted(points, key=lambda p: (p[0] != n - 1, p[1] != max(values), p[1] != min(values), -p[0]))
    for i, v, text in order:
        width = c.m.width(text, VALUE)
        x = (i + 0.5) * slot
        ha = "center"
        x0 = x - width / 2
        if x0 < 0:
            ha, x0 = "left", x - 4
        elif x + width / 2 > plot:
            ha, x0 = "right", x - width + 4
        y = v / ytop * PANEL_H
        # Under a dip (where the line comes down to the point and goes up again), over anything else:
        # the label then sits beside the line rather than across it.
        near = [w for j, w, _ in points if abs(j - i) == 1]
        under = bool(near) and v < min(near) and y - 6 - label_h >= 0
        y0 = y - 6 - label_h if under else y + 6
        box = (x0 - 2, y0, x0 + width + 2, y0 + label_h)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        xshift = {"center": 0, "left": -4, "right": 4}[ha]
        artist = ax.annotate(
            text,
            (i, v),
            xytext=(xshift, -6 if under else 6),
            textcoords="offset points",
            ha=ha,
            va="top" if under else "bottom",
            fontsize=VALUE,
            color=c.theme.text,
        )
        c.label(artist, f"value-{index}-{i}")
    tidy(ax, c.theme, grid="y", keep=("bottom", "left"))

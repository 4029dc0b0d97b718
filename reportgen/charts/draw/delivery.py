"""Draws the delivery outcome (its spec: reportgen.charts.delivery): a donut with the on-time rate inside."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import LEGEND_KEY, LINE, PAD, SMALL, Canvas

CENTRE = 16.0  # the on-time rate inside the hole, in points
DONUT = 170.0  # points across
HOLE = 0.62  # the hole's share of the radius
LEGEND_MAX = 260.0  # longer legend labels are shortened


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    segments = data["segments"]
    items = [(f"legend-{s['key']}", _colour(c, s["key"]), s["label"], s["text"]) for s in segments]
    legend_x = PAD + DONUT + 2 * PAD
    widest = max(c.m.width(f"{label} {count}", SMALL) for _, _, label, count in items) + LEGEND_KEY + 4 + 2
    legend_w = min(widest, LEGEND_MAX)
    c.width = legend_x + max(legend_w, 60.0) + PAD
    top = c.title(title)
    # One entry per row: the legend is a column beside the donut.
    legend_h = sum(c.legend_height([item], legend_w) for item in items)
    c.size(top + max(DONUT, legend_h) + 2 * PAD)
    c.draw_title()
    ax = c.axes(PAD, PAD, DONUT, DONUT)
    ax.pie(
        [s["count"] for s in segments],
        colors=[_colour(c, s["key"]) for s in segments],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 1 - HOLE, "linewidth": 0},
    )
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    hole = DONUT * HOLE * 0.9  # the width a centre text may take
    centre = c.m.fit(data["center"], hole, CENTRE, lines=1)
    label = c.m.fit(data["center_label"], hole, SMALL)
    c.label(ax.text(0, 0.12, centre.text, ha="center", va="center", fontsize=CENTRE, color=c.theme.text), "center")
    c.label(
        ax.text(0, -0.26, label.text, ha="center", va="center", fontsize=SMALL, color=c.theme.muted, linespacing=LINE),
        "center-label",
        label,
    )
    middle = PAD + DONUT / 2 + legend_h / 2
    for item in items:
        c.legend([item], legend_x, middle, legend_w)
        middle -= c.legend_height([item], legend_w)


def _colour(c: Canvas, key: str) -> str:
    return {"on_time": c.theme.on_time, "delayed": c.theme.delayed, "unknown": c.theme.unknown}[key]

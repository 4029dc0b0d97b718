"""Delivery outcome: how many projects were on time, delayed, or of unknown outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.charts.layout import LEGEND_KEY, LINE, PAD, SMALL, Canvas
from reportgen.charts.spec import ChartSpec, DataTable

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.render.context import YearContext

KIND = "delivery"
CENTRE = 16.0
OUTCOMES = ("on_time", "delayed", "unknown")


def build(ctx: YearContext) -> ChartSpec | None:
    t, fmt, m = ctx.t, ctx.fmt, ctx.metrics
    if not m.count("project_count"):
        return None
    counts = {key: m.count(f"{key}_count") for key in ("on_time", "delayed")}
    counts["unknown"] = m.extras["unknown_delivery_count"]
    rate = fmt.percent(m.value("on_time_rate"))
    alt = t["chart_delivery_alt"].format(
        total=m.count("project_count"),
        on_time=counts["on_time"],
        delayed=counts["delayed"],
        unknown=counts["unknown"],
        rate=rate,
    )
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_delivery"],
        alt=alt,
        table=DataTable(
            headers=(t["delivery"], t["project"]),
            rows=tuple((t["delivery_" + key], fmt.count(counts[key])) for key in OUTCOMES),
        ),
        data={
            "segments": [
                {"key": key, "label": t["delivery_" + key], "count": counts[key], "text": fmt.count(counts[key])}
                for key in OUTCOMES
                if counts[key]
            ],
            "center": rate,
            "center_label": t["on_time_rate"],
        },
    )


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

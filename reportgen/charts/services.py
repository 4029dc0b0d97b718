"""Services and APIs by delivery status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .layout import PAD, PT, Canvas, Rows, number_ticks, room_for_values, tick_band, tidy, value_text
from .spec import ChartSpec, DataTable

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from .context import YearContext

KIND = "services"


def build(ctx: YearContext) -> ChartSpec | None:
    t, fmt = ctx.t, ctx.fmt
    if not ctx.report.services:
        return None
    counts = ctx.metrics.service_status_counts
    summary = ", ".join(f"{t['service_' + status]} {fmt.count(count)}" for status, count in counts)
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_services"],
        alt=t["chart_services_alt"].format(total=len(ctx.report.services), items=summary),
        table=DataTable(
            headers=(t["status"], t["service"]),
            rows=tuple((t["service_" + status], fmt.count(count)) for status, count in counts),
        ),
        data={
            "bars": [
                {"key": status, "label": t["service_" + status], "count": count, "text": fmt.count(count)}
                for status, count in counts
            ]
        },
    )


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    bars = data["bars"]
    rows = Rows.fit(c, [b["label"] for b in bars], share=0.3)
    c.width = 5.5 * PT
    top = c.title(title)
    bottom = tick_band() + PAD
    plot_w, plot_h = c.width - rows.width - 2 * PAD, rows.plot_height
    c.size(top + plot_h + bottom)
    c.draw_title()
    ax = c.axes(rows.width, bottom, plot_w, plot_h)
    counts = [b["count"] for b in bars]
    xmax = room_for_values(c, counts, [b["text"] for b in bars], plot_w)
    ax.barh(range(len(bars)), counts, height=0.6, color=[getattr(c.theme, b["key"]) for b in bars])
    for row, bar in enumerate(bars):
        value_text(c, ax, bar["count"], row, bar["text"], f"value-{row}")
    rows.draw(c, ax)
    ax.set_yticks([])
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(0, xmax)
    number_ticks(ax, "x", 0, xmax, integer=True, bins=4)
    tidy(ax, c.theme)

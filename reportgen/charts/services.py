"""Services and APIs by delivery status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

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


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    from matplotlib.ticker import MaxNLocator

    bars = data["bars"]
    fig.set_size_inches(5, 2.4)
    ax = fig.add_subplot()
    colors = [getattr(theme, b["key"]) for b in bars]
    counts = [b["count"] for b in bars]
    ax.barh(range(len(bars)), counts, height=0.6, color=colors)
    for row, bar in enumerate(bars):
        ax.text(bar["count"] + 0.05, row, bar["text"], va="center", fontsize=9, color=theme.text)
    ax.set_yticks(range(len(bars)), labels=[b["label"] for b in bars], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max([*counts, 1]) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)

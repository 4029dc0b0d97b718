"""Delivery outcome: how many projects were on time, delayed, or of unknown outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from .context import YearContext

KIND = "delivery"
OUTCOMES = ("on_time", "delayed", "unknown")


def build(ctx: YearContext) -> ChartSpec | None:
    t, fmt, m = ctx.t, ctx.fmt, ctx.metrics
    if not m.project_count:
        return None
    counts = {"on_time": m.on_time_count, "delayed": m.delayed_count, "unknown": m.unknown_delivery_count}
    rate = fmt.percent(m.on_time_rate)
    alt = t["chart_delivery_alt"].format(
        total=m.project_count,
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


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    segments = data["segments"]
    fig.set_size_inches(5, 3.2)
    ax = fig.add_subplot()
    colors = {"on_time": theme.on_time, "delayed": theme.delayed, "unknown": theme.unknown}
    wedges, _ = ax.pie(
        [s["count"] for s in segments],
        colors=[colors[s["key"]] for s in segments],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "linewidth": 0},
    )
    ax.text(0, 0.08, data["center"], ha="center", va="center", fontsize=16, color=theme.text)
    ax.text(0, -0.2, data["center_label"], ha="center", va="center", fontsize=8, color=theme.muted)
    ax.legend(
        wedges,
        [f"{s['label']} {s['text']}" for s in segments],
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        frameon=False,
        fontsize=9,
    )
    ax.set_aspect("equal")

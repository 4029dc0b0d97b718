"""Delivery outcome: how many projects were on time, delayed, or of unknown outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.charts.spec import ChartSpec, DataTable

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.render.context import YearContext

KIND = "delivery"
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

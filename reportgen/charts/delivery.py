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
    known = counts["on_time"] + counts["delayed"]
    # The rate's denominator, stated: the ring it sits in holds exactly these projects.
    note = t["chart_delivery_known"].format(on_time=counts["on_time"], known=known)
    alt = t["chart_delivery_alt"].format(
        total=m.count("project_count"),
        on_time=counts["on_time"],
        delayed=counts["delayed"],
        unknown=counts["unknown"],
        rate=rate,
    )
    unknown = None
    if counts["unknown"]:
        alt += " " + note + "."
        unknown = {
            "key": "unknown",
            "label": t["chart_delivery_unknown_apart"].format(label=t["delivery_unknown"]),
            "count": counts["unknown"],
            "text": fmt.count(counts["unknown"]),
            "known": known,
        }
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
            # The ring holds the projects with a known outcome, the rate's own: its green arc is the
            # centre's number. Unknowns stand apart, as a labelled segment of an outer ring.
            "segments": [
                {"key": key, "label": t["delivery_" + key], "count": counts[key], "text": fmt.count(counts[key])}
                for key in ("on_time", "delayed")
                if counts[key]
            ],
            "unknown": unknown,
            "center": rate,
            "center_label": t["on_time_rate"],
            "center_note": note if unknown else "",
        },
    )

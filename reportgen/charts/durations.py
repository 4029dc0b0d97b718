"""Project durations in weeks, longest first, with the year's average."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.charts.longest import MAX_BARS, longest_first
from reportgen.charts.spec import ChartSpec, DataTable, scale

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.render.context import YearContext

KIND = "durations"


def build(ctx: YearContext) -> ChartSpec | None:
    t, fmt, m = ctx.t, ctx.fmt, ctx.metrics
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.sections.projects import counted_weeks, projects

    # The projects the duration figures count: the chart's average is theirs.
    counted = [p for p in projects(ctx.report) if counted_weeks(p) is not None]
    weeks = [(p.name, w) for p, w in longest_first(counted)]
    average = m.value("average_weeks")
    if not weeks or average is None:
        return None
    shortest = min(w for _, w in weeks)
    alt = t["chart_durations_alt"].format(
        count=len(weeks),
        longest=fmt.weeks(m.value("longest_weeks")),
        longest_names=", ".join(m.extras["longest_projects"]),
        average=fmt.weeks(average),
        shortest=fmt.weeks(shortest),
        shortest_names=", ".join(name for name, w in weeks if w == shortest),
    )
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_durations"],
        alt=alt,
        table=DataTable(headers=(t["project"], t["weeks"]), rows=tuple((n, fmt.weeks(w)) for n, w in weeks)),
        data={
            # The longest, when there are too many to read; the table beneath lists them all.
            "bars": [{"label": n, "weeks": round(w, 4), "text": fmt.weeks(w)} for n, w in weeks[:MAX_BARS]],
            "note": t["chart_top"].format(shown=MAX_BARS, total=len(weeks)) if len(weeks) > MAX_BARS else None,
            "average": round(average, 4),
            "average_label": f"{t['average']} {fmt.weeks(average)}",
            "scale": scale(fmt, "weeks"),  # the axis's last tick names its unit: 40주
        },
    )

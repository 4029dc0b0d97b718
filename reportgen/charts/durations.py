"""Project durations in weeks, longest first, with the year's average; past MAX_BARS projects, their
distribution: a histogram with the average and the median marked."""

from __future__ import annotations

import statistics
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
    table = DataTable(headers=(t["project"], t["weeks"]), rows=tuple((n, fmt.weeks(w)) for n, w in weeks))
    if len(weeks) > MAX_BARS:  # too many bars to read: how many took how long, every project counted
        return _histogram(ctx, [w for _, w in weeks], average, table)
    shortest = min(w for _, w in weeks)
    alt = t["chart_durations_alt"].format(
        count=len(weeks),
        longest=fmt.weeks(m.value("longest_weeks")),
        longest_names=t["list_separator"].join(m.extras["longest_projects"]),
        average=fmt.weeks(average),
        shortest=fmt.weeks(shortest),
        shortest_names=t["list_separator"].join(name for name, w in weeks if w == shortest),
    )
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_durations"],
        alt=alt,
        table=table,
        data={
            "bars": [{"label": n, "weeks": round(w, 4), "text": fmt.weeks(w)} for n, w in weeks],
            "average": round(average, 4),
            "average_label": f"{t['average']} {fmt.weeks(average)}",
            "scale": scale(fmt, "weeks"),  # the axis's last tick names its unit: 40주
        },
    )


BIN_WEEKS = (1, 2, 4, 5, 8, 10, 13, 26, 52)  # a bin's width in weeks: the first that gives at most MAX_BINS
MAX_BINS = 12


def bins(weeks: list[float]) -> tuple[int, list[int]]:
    """The bin width, and how many durations fall in each bin [k*width, (k+1)*width), from 0 weeks."""
    top = max(weeks)
    width = next((w for w in BIN_WEEKS if top // w + 1 <= MAX_BINS), BIN_WEEKS[-1])
    counts = [0] * int(top // width + 1)
    for value in weeks:
        counts[int(value // width)] += 1
    return width, counts


def _histogram(ctx: YearContext, weeks: list[float], average: float, table: DataTable) -> ChartSpec:
    t, fmt = ctx.t, ctx.fmt
    width, counts = bins(weeks)
    middle = statistics.median(weeks)
    alt = t["chart_histogram_alt"].format(
        count=len(weeks),
        width=fmt.weeks(width),
        average=fmt.weeks(average),
        median=fmt.weeks(middle),
        shortest=fmt.weeks(min(weeks)),
        longest=fmt.weeks(max(weeks)),
    )
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_histogram"].format(count=len(weeks)),
        alt=alt,
        table=table,
        data={
            "histogram": counts,
            "texts": [fmt.count(n) for n in counts],
            "width": width,
            "average": round(average, 4),
            "average_label": f"{t['average']} {fmt.weeks(average)}",
            "median": round(middle, 4),
            "median_label": f"{t['median']} {fmt.weeks(middle)}",
            "scale": scale(fmt, "weeks"),
            "count_scale": {**scale(fmt, None), "unit": t["count_unit"]},
            # What the chart draws, for paper's table (render/print_page.py); the web's lists each project.
            "paper": {
                "headers": [t["weeks"], t["chart_projects"]],
                "rows": [
                    [f"{fmt.weeks(k * width)}–{fmt.weeks((k + 1) * width)}", fmt.count(n)] for k, n in enumerate(counts)
                ],
            },
        },
    )

"""Project timeline: a Gantt chart of each dated project over the months of its year."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from .context import YearContext

KIND = "timeline"


def build(ctx: YearContext) -> ChartSpec | None:
    from babel.dates import get_month_names

    t, fmt = ctx.t, ctx.fmt
    dated = [p for p in ctx.report.projects if p.start and p.end]
    if not dated:
        return None
    bars = [
        {
            "label": p.name,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "delivery": p.delivery,
            "text": fmt.weeks((p.end - p.start).days / 7),
        }
        for p in dated
        if p.start and p.end
    ]
    months = get_month_names("abbreviated", locale=fmt.language)
    undated = len(ctx.report.projects) - len(dated)
    summary = ", ".join(
        f"{b['label']} {b['start'][5:]}~{b['end'][5:]} ({b['text']}, {t['delivery_' + b['delivery']]})" for b in bars
    )
    alt = t["chart_timeline_alt"].format(year=ctx.report.year, count=len(bars), items=summary)
    if undated:
        alt += " " + t["chart_undated"].format(count=undated)
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_timeline"].format(year=ctx.report.year),
        alt=alt,
        table=DataTable(
            headers=(t["project"], t["start"], t["end"], t["weeks"], t["delivery"]),
            rows=tuple((b["label"], b["start"], b["end"], b["text"], t["delivery_" + b["delivery"]]) for b in bars),
        ),
        data={
            "year": ctx.report.year,
            "months": [months[m] for m in range(1, 13)],
            "bars": bars,
            "legend": {key: t["delivery_" + key] for key in ("on_time", "delayed", "unknown")},
        },
    )


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    bars = data["bars"]
    year = data["year"]
    fig.set_size_inches(8, 1.0 + 0.42 * len(bars))
    ax = fig.add_subplot()
    colors = {"on_time": theme.on_time, "delayed": theme.delayed, "unknown": theme.unknown}
    for row, bar in enumerate(bars):
        start, end = date.fromisoformat(bar["start"]), date.fromisoformat(bar["end"])
        left = mdates.date2num(start)
        width = max(mdates.date2num(end) - left, 1)
        ax.barh(row, width, left=left, height=0.6, color=colors[bar["delivery"]])
        ax.text(left + width + 3, row, bar["text"], va="center", ha="left", fontsize=8, color=theme.text)
    ax.set_yticks(range(len(bars)), labels=[b["label"] for b in bars], fontsize=9)
    ax.invert_yaxis()
    ticks = [mdates.date2num(date(year, month, 1)) for month in range(1, 13)]
    ax.set_xticks(ticks, labels=data["months"], fontsize=8)
    ax.set_xlim(mdates.date2num(date(year, 1, 1)), mdates.date2num(date(year, 12, 31)) + 25)
    ax.grid(axis="x", color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    used = [key for key in ("on_time", "delayed", "unknown") if any(b["delivery"] == key for b in bars)]
    ax.legend(
        handles=[Patch(color=colors[key], label=data["legend"][key]) for key in used],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=len(used),
        frameon=False,
        fontsize=8,
    )

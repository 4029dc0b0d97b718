"""Project durations in weeks, longest first, with the year's average."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from .context import YearContext

KIND = "durations"


def build(ctx: YearContext) -> ChartSpec | None:
    from ..metrics import project_weeks

    t, fmt, m = ctx.t, ctx.fmt, ctx.metrics
    weeks = [(p.name, w) for p in ctx.report.projects if (w := project_weeks(p)) is not None]
    if not weeks or m.average_weeks is None:
        return None
    weeks.sort(key=lambda item: -item[1])
    shortest = min(w for _, w in weeks)
    alt = t["chart_durations_alt"].format(
        count=len(weeks),
        longest=fmt.weeks(m.longest_weeks),
        longest_names=", ".join(m.longest_projects),
        average=fmt.weeks(m.average_weeks),
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
            "bars": [{"label": n, "weeks": round(w, 4), "text": fmt.weeks(w)} for n, w in weeks],
            "average": round(m.average_weeks, 4),
            "average_label": f"{t['average']} {fmt.weeks(m.average_weeks)}",
        },
    )


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    bars = data["bars"]
    fig.set_size_inches(8, 1.0 + 0.38 * len(bars))
    ax = fig.add_subplot()
    values = [b["weeks"] for b in bars]
    ax.barh(range(len(bars)), values, height=0.6, color=theme.accent)
    for row, bar in enumerate(bars):
        ax.text(bar["weeks"] + max(values) * 0.01, row, bar["text"], va="center", fontsize=8, color=theme.text)
    ax.set_yticks(range(len(bars)), labels=[b["label"] for b in bars], fontsize=9)
    ax.invert_yaxis()
    ax.axvline(data["average"], color=theme.muted, linestyle="--", linewidth=1)
    ax.text(
        data["average"],
        -0.75,
        data["average_label"],
        color=theme.muted,
        fontsize=8,
        ha="center",
        va="bottom",
    )
    ax.set_xlim(0, max(values) * 1.12)
    ax.set_ylim(len(bars) - 0.5, -1.1)
    ax.grid(axis="x", color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)

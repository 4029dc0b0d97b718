"""Trends across years: projects, on-time rate and average weeks, once two or more years exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from ..metrics import YearMetrics
    from ..pages import Formatter

KIND = "trends"


def build(
    years: list[tuple[int, YearMetrics]], t: dict[str, str], fmt: Formatter, names: tuple[str, ...] | None = None
) -> ChartSpec | None:
    if len(years) < 2:
        return None
    from ..metrics import TREND_METRICS

    series = [
        (fmt.metric_label(name), [m.value(name) for _, m in years], lambda v, name=name: fmt.metric(name, v))
        for name in names or TREND_METRICS
    ]
    labels = [str(year) for year, _ in years]
    panels = [
        {
            "label": label,
            "values": [None if v is None else round(v, 4) for v in values],
            "texts": [fmt_value(v) if v is not None else t["none"] for v in values],
        }
        for label, values, fmt_value in series
    ]
    summary = "; ".join(
        f"{p['label']} " + ", ".join(f"{year} {text}" for year, text in zip(labels, p["texts"], strict=True))
        for p in panels
    )
    return ChartSpec(
        path="charts/trends",
        kind=KIND,
        title=t["chart_trends"],
        alt=t["chart_trends_alt"].format(first=labels[0], last=labels[-1], items=summary),
        table=DataTable(
            headers=(t["year"], *(p["label"] for p in panels)),
            rows=tuple((year, *(p["texts"][i] for p in panels)) for i, year in enumerate(labels)),
        ),
        data={"years": labels, "panels": panels},
    )


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    years = data["years"]
    panels = data["panels"]
    fig.set_size_inches(9, 2.8)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels, strict=True):
        points = [
            (i, v, text)
            for i, (v, text) in enumerate(zip(panel["values"], panel["texts"], strict=True))
            if v is not None
        ]
        ax.plot([p[0] for p in points], [p[1] for p in points], "-o", color=theme.accent, linewidth=2)
        for x, y, text in points:
            ax.annotate(
                text, (x, y), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=8, color=theme.text
            )
        ax.set_title(panel["label"], fontsize=10, color=theme.text)
        ax.set_xticks(range(len(years)), labels=years, fontsize=8)
        ax.set_xlim(-0.5, len(years) - 0.5)
        values = [p[1] for p in points] or [0]
        ax.set_ylim(min(0, min(values)), max(values) * 1.25 or 1)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", color=theme.grid, linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

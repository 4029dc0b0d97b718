"""A records section's chart: one of its declared figures over the years (line or bar), or a
count by choice in one year (bars). Same font, theme, alt text and data table as every chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from ..sections import Section
    from .context import YearContext

KIND = "records"


def _by_category(ctx: YearContext, section: Section, group: str) -> ChartSpec | None:
    t, fmt = ctx.t, ctx.fmt
    names = [name for name, metric in fmt.registry.items() if metric.group == group and metric.section == section.key]
    if not names:
        return None
    title = section.title(t, fmt.language, ctx.report)
    labels = [fmt.registry[name].category for name in names]
    values = [ctx.metrics.value(name) or 0 for name in names]
    texts = [fmt.metric(name, value) for name, value in zip(names, values, strict=True)]
    items = ", ".join(f"{label} {text}" for label, text in zip(labels, texts, strict=True))
    return ChartSpec(
        path=ctx.path(f"{section.key}-{group}"),
        kind=KIND,
        title=t["chart_records_category"].format(year=ctx.report.year, title=title),
        alt=t["chart_records_category_alt"].format(year=ctx.report.year, title=title, items=items),
        table=DataTable(headers=(title, t["figure"]), rows=tuple(zip(labels, texts, strict=True))),
        data={"type": "barh", "labels": labels, "values": values, "texts": texts},
    )


def _over_years(ctx: YearContext, section: Section, name: str, years: list[YearContext], kind: str) -> ChartSpec:
    t, fmt = ctx.t, ctx.fmt
    title = fmt.metric_label(name)
    labels = [str(year.report.year) for year in years]
    values = [year.metrics.value(name) for year in years]
    texts = [fmt.metric(name, value) for value in values]
    items = ", ".join(f"{label} {text}" for label, text in zip(labels, texts, strict=True))
    return ChartSpec(
        path=ctx.path(f"{section.key}-{name}"),
        kind=KIND,
        title=t["chart_records_years"].format(title=title),
        alt=t["chart_records_years_alt"].format(title=title, kind=t[f"chart_{kind}"], items=items),
        table=DataTable(headers=(t["year"], title), rows=tuple(zip(labels, texts, strict=True))),
        data={
            "type": kind,
            "labels": labels,
            "values": [None if v is None else round(float(v), 6) for v in values],
            "texts": texts,
        },
    )


def record_charts(ctx: YearContext, sections: tuple[Section, ...], years: list[YearContext]) -> dict[str, ChartSpec]:
    """The chart of each records section that declares one, for the year `ctx` (years: up to it)."""
    charts = {}
    for section in sections:
        declaration = section.declaration
        if declaration is None or declaration.chart is None or not ctx.report.records.get(section.key):
            continue
        name = declaration.chart.metric
        grouped = any(m.group == name and m.section == section.key for m in ctx.fmt.registry.values())
        spec = (
            _by_category(ctx, section, name)
            if grouped
            else _over_years(ctx, section, name, years, declaration.chart.type)
        )
        if spec is not None:
            charts[section.key] = spec
    return charts


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    labels, values, texts = data["labels"], data["values"], data["texts"]
    points = [(i, v, text) for i, (v, text) in enumerate(zip(values, texts, strict=True)) if v is not None]
    ax = fig.add_subplot()
    if data["type"] == "barh":
        fig.set_size_inches(6, 0.6 + 0.45 * len(labels))
        ax.barh(range(len(labels)), [v or 0 for v in values], height=0.6, color=theme.accent)
        top = max([v for _, v, _ in points] + [1])
        for row, value, text in points:
            ax.text(value + top * 0.02, row, text, va="center", fontsize=9, color=theme.text)
        ax.set_yticks(range(len(labels)), labels=labels, fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.25)
        ax.grid(axis="x", color=theme.grid, linewidth=0.6)
        ax.tick_params(axis="y", length=0)
        sides = ("top", "right", "left")
    else:
        fig.set_size_inches(6, 2.6)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if data["type"] == "line":
            ax.plot(xs, ys, "-o", color=theme.accent, linewidth=2)
        else:
            ax.bar(xs, ys, width=0.6, color=theme.accent)
        for x, y, text in points:
            ax.annotate(
                text, (x, y), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8, color=theme.text
            )
        ax.set_xticks(range(len(labels)), labels=labels, fontsize=8)
        ax.set_xlim(-0.5, len(labels) - 0.5)
        low, high = min([0, *ys]), max([*ys, 0])
        ax.set_ylim(low, (high - low) * 1.25 + low or 1)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", color=theme.grid, linewidth=0.6)
        sides = ("top", "right")
    ax.set_axisbelow(True)
    for side in sides:
        ax.spines[side].set_visible(False)

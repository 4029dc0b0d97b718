"""A records section's chart: one of its declared figures over the years (line or bar), or a
count by choice in one year (bars). Same font, theme, alt text and data table as every chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.charts.spec import ChartSpec, DataTable, axis_hints
from reportgen.load.catalogs import in_language

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.render.context import YearContext
    from reportgen.sections.kind import Section

KIND = "records"


def _by_category(ctx: YearContext, section: Section, group: str) -> ChartSpec | None:
    t, fmt = ctx.t, ctx.fmt
    names = [name for name, metric in fmt.registry.items() if metric.group == group and metric.section == section.key]
    if not names:
        return None
    # The figure's own title ("Incidents by severity"), not its section's ("Incidents").
    declared = section.declaration.metrics if section.declaration else ()
    titles = next((m.title for m in declared if m.name == group), {})
    title = in_language(titles, fmt.language) or section.title(t, fmt.language, ctx.report)
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
    texts = [fmt.figure(name, year.metrics) for year in years]  # a year without the section: "no data"
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
            **axis_hints(fmt.registry[name]),
        },
    )


def for_section(ctx: YearContext, section: Section, years: list[YearContext]) -> ChartSpec | None:
    """The chart a records section declares, for the year `ctx` (years: up to it), if it has rows."""
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.sections.records.kind import rows

    declaration = section.declaration
    if declaration is None or declaration.chart is None or not rows(ctx.report, section):
        return None
    name = declaration.chart.metric
    grouped = any(m.group == name and m.section == section.key for m in ctx.fmt.registry.values())
    if grouped:
        return _by_category(ctx, section, name)
    return _over_years(ctx, section, name, years, declaration.chart.type)

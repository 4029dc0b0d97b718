"""A records section's chart: one of its declared figures over the years (line or bar), or a
count by choice in one year (bars). Same font, theme, alt text and data table as every chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.charts.layout import PAD, Canvas, Rows, number_ticks, room_for_values, tick_band, tidy, value_text
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


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    if data["type"] == "barh":
        _draw_categories(c, data, title)
    else:
        _draw_years(c, data, title)


def _draw_categories(c: Canvas, data: dict[str, Any], title: str) -> None:
    """A count by choice in one year: a labelled bar per choice, each a labelled row."""
    labels, values, texts = data["labels"], [v or 0 for v in data["values"]], data["texts"]
    rows = Rows.fit(c, labels, share=0.3)
    top = c.title(title)
    bottom = tick_band() + PAD
    plot_w, plot_h = c.width - rows.width - 2 * PAD, rows.plot_height
    c.size(top + plot_h + bottom)
    c.draw_title()
    ax = c.axes(rows.width, bottom, plot_w, plot_h)
    xmax = room_for_values(c, values, texts, plot_w)
    ax.barh(range(len(values)), values, height=0.6, color=c.theme.accent)
    for row, (value, text) in enumerate(zip(values, texts, strict=True)):
        value_text(c, ax, value, row, text, f"value-{row}")
    rows.draw(c, ax)
    ax.set_yticks([])
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.set_xlim(0, xmax)
    number_ticks(ax, "x", 0, xmax, integer=True, bins=4)  # counts: whole numbers
    tidy(ax, c.theme)


def _draw_years(c: Canvas, data: dict[str, Any], title: str) -> None:
    """One declared figure across the years: the trends chart's panel, as a line or as bars."""
    from reportgen.charts.trends import PANEL_H, _panel, _tick_width

    panel = {"label": "", **{k: data[k] for k in ("values", "texts", "integer", "percent") if k in data}}
    top = c.title(title)
    left = PAD + _tick_width(c, panel, data["type"]) + PAD
    c.size(top + PANEL_H + tick_band() + 2 * PAD)
    c.draw_title()
    width = c.width - left - PAD
    ax = c.axes(left, PAD + tick_band(), width, PANEL_H)
    _panel(c, ax, panel, data["labels"], 0, (left, width), style=data["type"])

"""A records section's chart: one of its declared figures over the years (line or bar), a count by
choice in one year (bars), a figure for each month, quarter or week of the year, or a column's value
in each record (the latest MAX_RECORDS drawn). Same font, theme, alt text and data table as every chart."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reportgen.charts.spec import ChartSpec, DataTable, axis_hints, scale
from reportgen.load.catalogs import in_language, labelled

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.derive.series import Span
    from reportgen.model.declarations import ChartDeclaration, Column
    from reportgen.render.context import YearContext
    from reportgen.sections.kind import Section

KIND = "records"
MAX_RECORDS = 30  # the bars (or points) of a chart by record; its table lists every record


def _by_category(ctx: YearContext, section: Section, group: str) -> ChartSpec | None:
    t, fmt = ctx.t, ctx.fmt
    names = [name for name, metric in fmt.registry.items() if metric.group == group and metric.section == section.key]
    if not names:
        return None
    # The figure's own title ("Incidents by severity"), not its section's ("Incidents").
    declared = section.declaration.metrics if section.declaration else ()
    titles = next((m.title for m in declared if m.name == group), {})
    title = in_language(titles, fmt.language) or section.title(t, fmt.language, ctx.report)
    # Each bar named as the page names its choice: the column's label (SEV1, 롤백), else the key.
    counted = next((m.column for m in declared if m.name == group), None)
    column = next((c for c in section.declaration.columns if c.key == counted), None) if section.declaration else None
    labels = [labelled(column.labels if column else {}, fmt.registry[name].category, fmt.language) for name in names]
    values = [ctx.metrics.value(name) or 0 for name in names]
    texts = [fmt.metric(name, value) for name, value in zip(names, values, strict=True)]
    items = t["list_separator"].join(f"{label} {text}" for label, text in zip(labels, texts, strict=True))
    return ChartSpec(
        path=ctx.path(f"{section.key}-{group}"),
        kind=KIND,
        title=t["chart_records_category"].format(year=ctx.report.year, title=title),
        alt=t["chart_records_category_alt"].format(year=ctx.report.year, title=title, items=items),
        table=DataTable(headers=(title, t["figure"]), rows=tuple(zip(labels, texts, strict=True))),
        data={"type": "barh", "labels": labels, "values": values, "texts": texts, "scale": scale(fmt, None)},
    )


def _over_years(ctx: YearContext, section: Section, name: str, years: list[YearContext], kind: str) -> ChartSpec:
    t, fmt = ctx.t, ctx.fmt
    title = fmt.metric_label(name)
    labels = [str(year.report.year) for year in years]
    values = [year.metrics.value(name) for year in years]
    texts = [fmt.figure(name, year.metrics) for year in years]  # a year without the section: "no data"
    items = t["list_separator"].join(f"{label} {text}" for label, text in zip(labels, texts, strict=True))
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
            **axis_hints(fmt.registry[name], fmt),
        },
    )


def _period_label(ctx: YearContext, by: str, span: Span) -> str:
    """A period as the site's language names it: "Jan" / "1월", "Q1" / "1분기", "W05"."""
    # Imported here: the drawing worker imports this module, and should not load babel.
    from babel.dates import get_month_names, get_quarter_names

    if by == "month":
        return str(get_month_names("abbreviated", locale=ctx.fmt.locale)[span.number])
    if by == "quarter":
        return str(get_quarter_names("abbreviated", locale=ctx.fmt.locale)[span.number])
    return ctx.t["chart_week"].format(week=f"{span.number:02d}")


def _by_period(ctx: YearContext, section: Section, chart: ChartDeclaration) -> ChartSpec | None:
    """A declared figure for each month, quarter or week of the year, over the records dated in it
    (none when no record is dated in the year: no data is not a line of zeros)."""
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.derive.aggregations import column_of, figures
    from reportgen.derive.series import chart_date, placed, series, year_periods  # the model, likewise
    from reportgen.sections.records.kind import rows  # the model, likewise

    t, fmt, report, declaration = ctx.t, ctx.fmt, ctx.report, section.declaration
    assert declaration is not None and chart.metric is not None and chart.by != "record"  # the settings check's
    name = chart.metric
    (figure,) = figures(declaration, next(m for m in declaration.metrics if m.name == name))
    date_key = chart_date(declaration, chart) or ""
    spans = year_periods(report.year, chart.by, report.as_of)  # type: ignore[arg-type]
    listed = rows(report, section)
    left_out = len(listed) - placed(listed, date_key, spans)
    points = series(listed, figure.compute, date_key, spans, report.as_of)
    if left_out == len(listed) or all(p.value is None for p in points):
        return None
    labels = [_period_label(ctx, chart.by, point.span) for point in points]
    # A period without records shows so in the table; one whose records give no value, as any empty figure.
    texts = [t["chart_no_records"] if p.value is None and not p.records else fmt.metric(name, p.value) for p in points]
    title = fmt.metric_label(name)
    by = t[f"chart_by_{chart.by}"]
    items = t["list_separator"].join(f"{label} {text}" for label, text in zip(labels, texts, strict=True))
    alt = t["chart_records_period_alt"].format(
        year=report.year, title=title, by=by, kind=t[f"chart_{chart.type}"], items=items
    )
    if left_out:  # undated, or dated outside the year (or after its as_of day)
        dated = column_of(declaration, date_key)
        alt += " " + t["chart_records_unplaced"].format(
            count=left_out,
            date=(in_language(dated.title, fmt.language) if dated else "") or date_key,
            first=fmt.spoken_date(spans[0].first),
            last=fmt.spoken_date(spans[-1].last),
        )
    days = [f"{p.span.first:%m-%d} – {p.span.last:%m-%d}" for p in points]
    return ChartSpec(
        path=ctx.path(f"{section.key}-{name}-by-{chart.by}"),
        kind=KIND,
        title=t["chart_records_period"].format(year=report.year, title=title, by=by),
        alt=alt,
        table=DataTable(
            headers=(t[f"chart_{chart.by}_header"], t["chart_days"], title),
            rows=tuple(zip(labels, days, texts, strict=True)),
        ),
        data={
            "type": chart.type,
            "within": chart.by,
            "labels": labels,
            "values": [None if p.value is None else round(float(p.value), 6) for p in points],
            "texts": texts,
            **axis_hints(fmt.registry[name], fmt),
        },
    )


def _record_value(column: Column, value: Any, fmt: Any) -> tuple[float | None, str]:
    """A record's cell as a drawn value and its text: a number as written, a duration in hours."""
    if value is None:
        return None, fmt.labels["none"]
    if column.type == "duration":
        hours = value.total_seconds() / 3600
        return round(hours, 6), fmt.measure(hours, "hours", 2)
    return value, fmt.measure(value, column.unit or "number", 0 if column.type == "integer" else 6)


def _by_record(ctx: YearContext, section: Section, chart: ChartDeclaration) -> ChartSpec | None:
    """A column's value in each record, in the order they are listed, named by its label column (or id).
    Too many to read: the latest MAX_RECORDS are drawn, and the title says so; the table keeps all."""
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.derive.aggregations import column_of
    from reportgen.derive.units import canonical  # the model's vocabulary, likewise
    from reportgen.sections.records.kind import cell_text, rows  # the model, likewise

    t, fmt, declaration = ctx.t, ctx.fmt, section.declaration
    assert declaration is not None
    column, named = column_of(declaration, chart.column), column_of(declaration, chart.label)
    assert column is not None  # the settings check's
    listed = rows(ctx.report, section)
    labels = [
        cell_text(row.get(named.key) if named else None) or row.get("id") or f"#{index + 1}"
        for index, row in enumerate(listed)
    ]
    measured = [_record_value(column, row.get(column.key), fmt) for row in listed]
    if all(value is None for value, _ in measured):  # no record gives the column: nothing to draw
        return None
    title = in_language(column.title, fmt.language) or column.key
    label = (in_language(named.title, fmt.language) or named.key) if named else t["chart_record"]
    drawn = slice(max(len(listed) - MAX_RECORDS, 0), None)  # the latest: records are listed as they come
    kind = t[f"chart_{chart.type}"]
    items = t["list_separator"].join(
        f"{name} {text}" for name, (_, text) in zip(labels[drawn], measured[drawn], strict=True)
    )
    heading = t["chart_records_record"].format(title=title, label=label)
    alt = t["chart_records_record_alt"].format(title=title, label=label, kind=kind, items=items)
    if len(listed) > MAX_RECORDS:
        heading = t["chart_records_latest"].format(title=heading, shown=MAX_RECORDS, total=len(listed))
        alt += " " + t["chart_records_latest_alt"].format(shown=MAX_RECORDS, total=len(listed))
    return ChartSpec(
        path=ctx.path(f"{section.key}-{column.key}-by-record"),
        kind=KIND,
        title=heading,
        alt=alt,
        table=DataTable(
            headers=(label, title), rows=tuple((n, text) for n, (_, text) in zip(labels, measured, strict=True))
        ),
        data={
            "type": chart.type,
            "within": "record",
            "labels": labels[drawn],
            "values": [value for value, _ in measured[drawn]],
            "texts": [text for _, text in measured[drawn]],
            "integer": column.type == "integer",
            "percent": column.unit is not None and canonical(column.unit) == "percent",
            "scale": scale(fmt, "hours" if column.type == "duration" else column.unit),
        },
    )


def for_section(ctx: YearContext, section: Section, years: list[YearContext]) -> ChartSpec | None:
    """The chart a records section declares, for the year `ctx` (years: up to it), if it has rows."""
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.sections.records.kind import rows

    declaration = section.declaration
    if declaration is None or declaration.chart is None or not rows(ctx.report, section):
        return None
    chart = declaration.chart
    if chart.by == "record":
        return _one_figure(ctx, _by_record(ctx, section, chart))
    if chart.by != "year":
        return _one_figure(ctx, _by_period(ctx, section, chart))
    name = chart.metric
    assert name is not None  # the settings check asks for it
    grouped = any(m.group == name and m.section == section.key for m in ctx.fmt.registry.values())
    if grouped:
        return _by_category(ctx, section, name)
    return _one_figure(ctx, _over_years(ctx, section, name, years, chart.type))


def _one_figure(ctx: YearContext, spec: ChartSpec | None) -> ChartSpec | None:
    """A series with a single value is that value, written large with what it is of: a line of one
    dot, or one bar against an axis, would draw nothing a reader can compare. The table stays."""
    if spec is None:
        return None
    values = spec.data["values"]
    shown = [i for i, v in enumerate(values) if v is not None]
    # One bar among empty slots (periods without records) still reads as a bar chart.
    if len(shown) != 1 or (len(values) > 1 and spec.data["type"] == "bar"):
        return spec
    (i,) = shown
    value, label = spec.data["texts"][i], spec.data["labels"][i]
    return replace(
        spec,
        alt=ctx.t["chart_figure_alt"].format(title=spec.title, value=value, label=label),
        data={"type": "figure", "value": value, "label": label},
    )

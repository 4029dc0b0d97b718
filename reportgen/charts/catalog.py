"""Which charts each page gets. Builds specs only: nothing here imports matplotlib."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from reportgen.charts import delivery, durations, kpis, records, timeline, trends
from reportgen.charts.spec import ChartSpec
from reportgen.derive.metrics import YearMetrics
from reportgen.load.catalogs import language_settings
from reportgen.load.fonts import SPEC_FONTS
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter
from reportgen.sections.kpis import kind as kpis_kind
from reportgen.sections.records import kind as records_kind

# The services are a table, which names each service; a chart of counts by status named none.
YEAR_OVERVIEW = (timeline, delivery, durations)
# The charts on a section's own page, by the kind of section they chart, in the order they are drawn.
SECTION_CHARTS = ((kpis_kind.KIND, kpis), (records_kind.KIND, records))


def _in_fonts(spec: ChartSpec, fmt: Formatter) -> ChartSpec:
    """The spec with its language's chart fonts: part of its data, so of its cache key too."""
    fonts = list(language_settings(fmt.language).chart_fonts)
    return dataclasses.replace(spec, data={**spec.data, SPEC_FONTS: fonts})


def overview_charts(ctx: YearContext) -> list[ChartSpec]:
    # A year of one project shows that project, once: its timeline bar says its weeks and outcome.
    # A 100% donut and a durations bar as long as its own average would say nothing more.
    modules = (timeline,) if ctx.metrics.count("project_count") == 1 else YEAR_OVERVIEW
    return [_in_fonts(spec, ctx.fmt) for module in modules if (spec := module.build(ctx)) is not None]


def section_charts(ctx: YearContext, earlier: list[YearContext]) -> dict[str, ChartSpec]:
    """The chart of each of the year's sections that has one, by section key (`earlier`: the years up to it)."""
    found = {}
    for kind, module in SECTION_CHARTS:
        for section in (s for s in ctx.sections if s.kind is kind):
            if (spec := module.for_section(ctx, section, earlier)) is not None:
                found[section.key] = _in_fonts(spec, ctx.fmt)
    return found


def trend_chart(
    years: list[tuple[int, YearMetrics]],
    fmt: Formatter,
    names: tuple[str, ...],
    note: Callable[[int, str], str] | None = None,
) -> ChartSpec | None:
    spec = trends.build(years, fmt, names, note)
    return None if spec is None else _in_fonts(spec, fmt)

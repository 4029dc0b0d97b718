"""Which charts each page gets. Builds specs only: nothing here imports matplotlib."""

from __future__ import annotations

from reportgen.charts import delivery, durations, kpis, timeline, trends
from reportgen.charts.spec import ChartSpec
from reportgen.derive.metrics import YearMetrics
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter

# The services are a table, which names each service; a chart of counts by status named none.
YEAR_OVERVIEW = (timeline, delivery, durations)


def overview_charts(ctx: YearContext) -> list[ChartSpec]:
    return [spec for module in YEAR_OVERVIEW if (spec := module.build(ctx)) is not None]


def kpi_chart(ctx: YearContext) -> ChartSpec | None:
    return kpis.build(ctx)


def trend_chart(
    years: list[tuple[int, YearMetrics]], t: dict[str, str], fmt: Formatter, names: tuple[str, ...] | None = None
) -> ChartSpec | None:
    return trends.build(years, t, fmt, names)

"""Trends across years: projects, on-time rate and average weeks, once two or more years exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.charts.spec import ChartSpec, DataTable, axis_hints

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.derive.metrics import YearMetrics
    from reportgen.render.pages import Formatter

KIND = "trends"


def build(years: list[tuple[int, YearMetrics]], fmt: Formatter, names: tuple[str, ...]) -> ChartSpec | None:
    if len(years) < 2:
        return None
    t = fmt.labels
    labels = [str(year) for year, _ in years]
    panels = [
        {
            "label": fmt.metric_label(name),
            # None where a year has no value: a gap in the line, never a 0. Each year as figures over
            # several years count it: a project across two years counts once.
            "values": [None if v is None else round(v, 4) for v in (m.over_years(name) for _, m in years)],
            # … and its text says why: "no data" (no file for its section) or "—" (the facts leave it undefined).
            "texts": [fmt.figure(name, m, across=True) for _, m in years],
            **axis_hints(fmt.registry[name], fmt),
        }
        for name in names or fmt.registry.defaults("trend")  # a site without any headline figure
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

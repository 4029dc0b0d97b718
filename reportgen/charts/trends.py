"""Trends across years: projects, on-time rate and average weeks, once two or more years exist."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from reportgen.charts.spec import ChartSpec, DataTable, axis_hints

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.derive.metrics import YearMetrics
    from reportgen.render.pages import Formatter

KIND = "trends"
ALT_MOST = 600  # characters of alt text: past this, each figure's first, last and extremes


def _extremes(t: Mapping[str, str], panel: dict[str, Any], years: list[str]) -> str:
    """A figure's first and last value and its highest and lowest, each with its year."""
    known = [
        (v, year, text) for v, year, text in zip(panel["values"], years, panel["texts"], strict=True) if v is not None
    ]
    if not known:
        return f"{panel['label']} {panel['texts'][-1]}"
    high, low = max(known, key=lambda k: k[0]), min(known, key=lambda k: k[0])
    return t["chart_trends_alt_figure"].format(
        label=panel["label"],
        first=f"{known[0][1]} {known[0][2]}",
        last=f"{known[-1][1]} {known[-1][2]}",
        high=f"{high[1]} {high[2]}",
        low=f"{low[1]} {low[2]}",
    )


def build(
    years: list[tuple[int, YearMetrics]],
    fmt: Formatter,
    names: tuple[str, ...],
    note: Callable[[int, str], str] | None = None,
) -> ChartSpec | None:
    """The trends chart; `note(year, metric)`: where that year's note of the figure is (a docs path with
    its anchor), which each year's row of the data table links its values to."""
    if len(years) < 2:
        return None
    t = fmt.labels
    labels = [str(year) for year, _ in years]
    shown = names or fmt.registry.defaults("trend")  # a site without any headline figure
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
        for name in shown
    ]
    summary = "; ".join(
        f"{p['label']} " + ", ".join(f"{year} {text}" for year, text in zip(labels, p["texts"], strict=True))
        for p in panels
    )
    alt = t["chart_trends_alt"].format(first=labels[0], last=labels[-1], items=summary)
    if len(alt) > ALT_MOST:  # many years: what the chart labels, the table below has every year
        summary = "; ".join(_extremes(t, p, labels) for p in panels)
        alt = t["chart_trends_alt"].format(first=labels[0], last=labels[-1], items=summary)
    return ChartSpec(
        path="charts/trends",
        kind=KIND,
        title=t["chart_trends"],
        alt=alt,
        table=DataTable(
            headers=(t["year"], *(p["label"] for p in panels)),
            rows=tuple((year, *(p["texts"][i] for p in panels)) for i, year in enumerate(labels)),
            links=tuple(("", *(note(year, name) for name in shown)) for year, _ in years) if note else (),
        ),
        data={"years": labels, "panels": panels},
    )

"""Project timeline: a Gantt chart of each dated project over the months of its year.

It shows when; the durations chart beneath it shows how long. So the bars carry no week labels
(they would repeat the durations chart's); the weeks stay in the data table and the alt text.
A project across years is cut at the year's edge with a pointed end there, and the alt text and
the table say which year it continues from or into."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from reportgen.charts.longest import MAX_BARS
from reportgen.charts.spec import ChartSpec, DataTable, scale

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.model.facts import Project
    from reportgen.render.context import YearContext

KIND = "timeline"


def _bar(ctx: YearContext, project: Project) -> dict[str, Any]:
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.derive.weeks import project_weeks
    from reportgen.sections.projects import continuation  # the model, likewise

    bar: dict[str, Any] = {  # a dated project: str() of a date is its ISO form
        "label": project.name,
        "start": str(project.start),
        "end": str(project.end),
        "delivery": project.delivery,
        "text": ctx.fmt.weeks(project_weeks(project)),
    }
    # Only a bar across the year's edge has the keys, so every other chart's data is as it was.
    from_year, into_year = continuation(ctx.report, project)
    bar.update({"from": from_year} if from_year else {})
    bar.update({"into": into_year} if into_year else {})
    return bar


def _across(t: Mapping[str, str], bar: Mapping[str, Any]) -> tuple[str, str]:
    """What the alt text and the table say of a bar running past the year's start, and past its end."""
    before = t["continues_from"].format(year=bar["from"]) if "from" in bar else ""
    return before, t["continues_into"].format(year=bar["into"]) if "into" in bar else ""


def _item(ctx: YearContext, bar: Mapping[str, Any]) -> str:
    """A bar in the alt text: a date of the year without its year, one outside it in full."""
    t = ctx.t

    def day(key: str) -> str:
        text = str(bar[key])
        return text[5:] if text.startswith(f"{ctx.report.year}-") else text

    said = [bar["text"], t["delivery_" + bar["delivery"]], *(s for s in _across(t, bar) if s)]
    return f"{bar['label']} {day('start')}~{day('end')} ({', '.join(said)})"


def _row(t: Mapping[str, str], bar: Mapping[str, Any]) -> tuple[str, ...]:
    before, after = _across(t, bar)
    return (
        bar["label"],
        bar["start"] + (f" ({before})" if before else ""),
        bar["end"] + (f" ({after})" if after else ""),
        bar["text"],
        t["delivery_" + bar["delivery"]],
    )


def build(ctx: YearContext) -> ChartSpec | None:
    # Imported here: the drawing worker imports this module, and should load neither babel nor the model.
    from babel.dates import get_month_names

    from reportgen.sections.projects import projects  # the model, likewise

    t, fmt = ctx.t, ctx.fmt
    # In start order: the bars then run from the top left to the bottom right.
    listed = projects(ctx.report)
    dated = sorted((p for p in listed if p.start and p.end), key=lambda p: p.start or p.end)
    if not dated:
        return None
    bars = [_bar(ctx, p) for p in dated]
    months = [str(name) for m, name in sorted(get_month_names("abbreviated", locale=fmt.locale).items())]
    table = DataTable(
        headers=(t["project"], t["start"], t["end"], t["weeks"], t["delivery"]),
        rows=tuple(_row(t, b) for b in bars),  # every project, whichever view draws them
    )
    undated = len(listed) - len(dated)
    if len(dated) > MAX_BARS:  # too many bars to read: how many ran in each month, all of them counted
        return _running(ctx, dated, months, table, undated)
    summary = t["list_separator"].join(_item(ctx, b) for b in bars)
    alt = t["chart_timeline_alt"].format(year=ctx.report.year, count=len(bars), items=summary)
    if len(alt) > ALT_MOST:  # a screen reader's summary, not the table read out: the table follows
        alt = _summary_alt(ctx, bars)
    if undated:
        alt += " " + t["chart_undated"].format(count=undated)
    data: dict[str, Any] = {
        "year": ctx.report.year,
        "months": months,
        "bars": [{k: v for k, v in bar.items() if k != "text"} for bar in bars],
        "legend": {key: t["delivery_" + key] for key in ("on_time", "delayed", "unknown")},
    }
    if len(bars) == 1:  # a year of one project: its one figure says how long too (no durations chart)
        data["bars"][0]["says"] = f"{bars[0]['text']} · {t['delivery_' + bars[0]['delivery']]}"
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_timeline"].format(year=ctx.report.year),
        alt=alt,
        table=table,
        data=data,
    )


ALT_MOST = 600  # characters of alt text: past this, a summary (the data table lists every project)


def _summary_alt(ctx: YearContext, bars: list[dict[str, Any]]) -> str:
    """The projects' span and outcomes, with their names if those still fit (dates and weeks: the table)."""
    t = ctx.t
    counts = {key: sum(1 for b in bars if b["delivery"] == key) for key in ("on_time", "delayed", "unknown")}
    summary = t["chart_timeline_alt_summary"].format(
        year=ctx.report.year,
        count=len(bars),
        first=min(b["start"] for b in bars),
        last=max(b["end"] for b in bars),
        **counts,
    )
    named = f"{summary} {t['chart_timeline_alt_names'].format(names=', '.join(b['label'] for b in bars))}"
    return named if len(named) <= ALT_MOST else summary


def running_counts(year: int, projects: list[Project]) -> list[int]:
    """How many of `projects` ran in each month of `year`: started by its last day and not ended before its first."""
    counts = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1)
        counts.append(sum(1 for p in projects if p.start and p.end and p.start < last and p.end >= first))
    return counts


def _running(ctx: YearContext, dated: list[Project], months: list[str], table: DataTable, undated: int) -> ChartSpec:
    t, fmt, year = ctx.t, ctx.fmt, ctx.report.year
    counts = running_counts(year, dated)
    most = max(counts)
    busiest = t["list_separator"].join(name for name, n in zip(months, counts, strict=True) if n == most)
    items = t["list_separator"].join(f"{name} {fmt.count(n)}" for name, n in zip(months, counts, strict=True))
    alt = t["chart_running_alt"].format(year=year, count=len(dated), items=items, busiest=busiest, most=fmt.count(most))
    if undated:
        alt += " " + t["chart_undated"].format(count=undated)
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_running"].format(year=year, count=len(dated)),
        alt=alt,
        table=table,
        data={
            "running": counts,
            "texts": [fmt.count(n) for n in counts],
            "months": months,
            "scale": {**scale(fmt, None), "unit": t["count_unit"]},  # the top tick: 30건
            # What the chart draws, for paper's table (render/print_page.py); the web's lists each project.
            "paper": {
                "headers": [t["chart_month_header"], t["chart_projects"]],
                "rows": [[name, fmt.count(n)] for name, n in zip(months, counts, strict=True)],
            },
        },
    )

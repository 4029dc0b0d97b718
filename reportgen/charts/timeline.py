"""Project timeline: a Gantt chart of each dated project over the months of its year.

It shows when; the durations chart beneath it shows how long. So the bars carry no week labels
(they would repeat the durations chart's); the weeks stay in the data table and the alt text."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from reportgen.charts.layout import MAX_BARS, PAD, SMALL, Canvas, Rows, note_band, tick_band, tidy
from reportgen.charts.longest import longest_first
from reportgen.charts.spec import ChartSpec, DataTable

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.render.context import YearContext

KIND = "timeline"


def build(ctx: YearContext) -> ChartSpec | None:
    from babel.dates import get_month_names

    from reportgen.derive.weeks import project_weeks
    from reportgen.sections.projects import projects

    t, fmt = ctx.t, ctx.fmt
    # In start order: the bars then run from the top left to the bottom right.
    listed = projects(ctx.report)
    dated = sorted((p for p in listed if p.start and p.end), key=lambda p: p.start or p.end)
    if not dated:
        return None
    # Too many to read: the longest, still in start order; the table beneath lists them all.
    shown = [p for p, _ in longest_first(dated)[:MAX_BARS]]
    note = t["chart_top"].format(shown=MAX_BARS, total=len(dated)) if len(dated) > MAX_BARS else None
    bars = [
        {
            "label": p.name,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "delivery": p.delivery,
            "text": fmt.weeks(project_weeks(p)),
        }
        for p in dated
        if p.start and p.end
    ]
    kept = {id(p) for p in shown}
    drawn = [{k: v for k, v in bar.items() if k != "text"} for p, bar in zip(dated, bars, strict=True) if id(p) in kept]
    months = get_month_names("abbreviated", locale=fmt.language)
    undated = len(listed) - len(dated)
    summary = ", ".join(
        f"{b['label']} {b['start'][5:]}~{b['end'][5:]} ({b['text']}, {t['delivery_' + b['delivery']]})" for b in bars
    )
    alt = t["chart_timeline_alt"].format(year=ctx.report.year, count=len(bars), items=summary)
    if undated:
        alt += " " + t["chart_undated"].format(count=undated)
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_timeline"].format(year=ctx.report.year),
        alt=alt,
        table=DataTable(
            headers=(t["project"], t["start"], t["end"], t["weeks"], t["delivery"]),
            rows=tuple((b["label"], b["start"], b["end"], b["text"], t["delivery_" + b["delivery"]]) for b in bars),
        ),
        data={
            "year": ctx.report.year,
            "months": [months[m] for m in range(1, 13)],
            "bars": drawn,
            "note": note,
            "legend": {key: t["delivery_" + key] for key in ("on_time", "delayed", "unknown")},
        },
    )


def _month_stride(c: Canvas, months: list[str], plot: float, days: float) -> int:
    """Every month, or every second or third one when their names would touch."""
    widest = max(c.m.width(m, SMALL) for m in months) + PAD
    spacing = plot * 30.4 / days
    return next((stride for stride in (1, 2, 3, 4, 6) if spacing * stride >= widest), 12)


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    import matplotlib.dates as mdates

    bars, year = data["bars"], data["year"]
    colors = {"on_time": c.theme.on_time, "delayed": c.theme.delayed, "unknown": c.theme.unknown}
    used = [key for key in ("on_time", "delayed", "unknown") if any(b["delivery"] == key for b in bars)]
    rows = Rows.fit(c, [b["label"] for b in bars])
    note, note_h = note_band(c, data.get("note"))
    plot_w = c.width - rows.width - 2 * PAD
    legend = [(f"legend-{key}", colors[key], data["legend"][key], "") for key in used]
    title_h = c.title(title)
    legend_h = c.legend_height(legend, plot_w)
    top = title_h + legend_h + 4
    bottom = tick_band() + note_h + PAD
    plot_h = rows.plot_height
    c.size(top + plot_h + bottom)
    c.draw_title()
    c.legend(legend, rows.width, c.height - title_h, plot_w)
    ax = c.axes(rows.width, bottom, plot_w, plot_h)
    first, last = mdates.date2num(date(year, 1, 1)), mdates.date2num(date(year, 12, 31))
    # Bars are clipped to the year.
    ends = [min(max(mdates.date2num(date.fromisoformat(b["end"])), first + 1), last) for b in bars]
    lefts = [mdates.date2num(date.fromisoformat(bar["start"])) for bar in bars]
    ax.barh(
        range(len(bars)),
        [max(end - left, 1) for left, end in zip(lefts, ends, strict=True)],  # stops at this year's end
        left=lefts,
        height=0.6,
        color=[colors[bar["delivery"]] for bar in bars],
    )
    rows.draw(c, ax)
    ax.set_yticks([])
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_xlim(first, last)
    stride = _month_stride(c, data["months"], plot_w, last - first)
    months = range(0, 12, stride)
    ax.set_xticks(
        [mdates.date2num(date(year, m + 1, 1)) for m in months],
        labels=[data["months"][m] for m in months],
        fontsize=SMALL,
    )
    if note is not None:
        c.text(PAD, PAD, note, "note", va="bottom", ha="left", color=c.theme.muted)
    tidy(ax, c.theme)

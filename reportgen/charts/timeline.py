"""Project timeline: a Gantt chart of each dated project over the months of its year.

It shows when; the durations chart beneath it shows how long. So the bars carry no week labels
(they would repeat the durations chart's); the weeks stay in the data table and the alt text.
A project across years is cut at the year's edge with a pointed end there, and the alt text and
the table say which year it continues from or into."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.charts.longest import MAX_BARS, longest_first
from reportgen.charts.spec import ChartSpec, DataTable

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.render.context import YearContext

KIND = "timeline"


def build(ctx: YearContext) -> ChartSpec | None:
    # Imported here: the drawing worker imports this module, and should load neither babel nor the model.
    from babel.dates import get_month_names

    from reportgen.derive.weeks import project_weeks  # the model, likewise
    from reportgen.sections.projects import continuation, projects  # the model, likewise

    t, fmt = ctx.t, ctx.fmt
    # In start order: the bars then run from the top left to the bottom right.
    listed = projects(ctx.report)
    dated = sorted((p for p in listed if p.start and p.end), key=lambda p: p.start or p.end)
    if not dated:
        return None
    # Too many to read: the longest, still in start order; the table beneath lists them all.
    shown = [p for p, _ in longest_first(dated)[:MAX_BARS]]
    note = t["chart_top"].format(shown=MAX_BARS, total=len(dated)) if len(dated) > MAX_BARS else None
    bars = []
    for p in dated:
        if p.start and p.end:
            bar = {
                "label": p.name,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "delivery": p.delivery,
                "text": fmt.weeks(project_weeks(p)),
            }
            # Only a bar across the year's edge has the keys, so every other chart's data is as it was.
            from_year, into_year = continuation(ctx.report, p)
            bar.update({"from": from_year} if from_year else {})
            bar.update({"into": into_year} if into_year else {})
            bars.append(bar)
    kept = {id(p) for p in shown}
    drawn = [{k: v for k, v in bar.items() if k != "text"} for p, bar in zip(dated, bars, strict=True) if id(p) in kept]
    months = get_month_names("abbreviated", locale=fmt.language)
    undated = len(listed) - len(dated)

    def day(bar: dict[str, Any], key: str) -> str:
        """A date of the year without its year; one outside it in full."""
        text = str(bar[key])
        return text[5:] if text.startswith(f"{ctx.report.year}-") else text

    def across(bar: dict[str, Any]) -> list[str]:
        found = [t["continues_from"].format(year=bar["from"])] if "from" in bar else []
        return found + ([t["continues_into"].format(year=bar["into"])] if "into" in bar else [])

    summary = ", ".join(
        f"{b['label']} {day(b, 'start')}~{day(b, 'end')} "
        f"({', '.join([b['text'], t['delivery_' + b['delivery']], *across(b)])})"
        for b in bars
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
            rows=tuple(
                (
                    b["label"],
                    b["start"] + (f" ({t['continues_from'].format(year=b['from'])})" if "from" in b else ""),
                    b["end"] + (f" ({t['continues_into'].format(year=b['into'])})" if "into" in b else ""),
                    b["text"],
                    t["delivery_" + b["delivery"]],
                )
                for b in bars
            ),
        ),
        data={
            "year": ctx.report.year,
            "months": [months[m] for m in range(1, 13)],
            "bars": drawn,
            "note": note,
            "legend": {key: t["delivery_" + key] for key in ("on_time", "delayed", "unknown")},
        },
    )

"""Draws the project timeline (its spec: reportgen.charts.timeline): a bar per project across the year's months."""

from __future__ import annotations

from datetime import date
from typing import Any

import matplotlib.dates as mdates
from matplotlib.patches import Polygon

from reportgen.charts.draw.delivery import HATCHES
from reportgen.charts.draw.layout import PAD, SMALL, Canvas, Rows, note_band, tick_band, tidy
from reportgen.charts.draw.summaries import draw_running

BAR_HEIGHT = 0.6  # of a row
TIP = 9.0  # points: the pointed end of a bar that continues past the year's edge (or from before it)


def _month_stride(c: Canvas, months: list[str], plot: float, days: float) -> int:
    """Every month, or every second or third one when their names would touch."""
    widest = max(c.m.width(m, SMALL) for m in months) + PAD
    spacing = plot * 30.4 / days
    return next((stride for stride in (1, 2, 3, 4, 6) if spacing * stride >= widest), 12)


def _cut(bar: dict[str, Any], left: float, right: float, tip: float) -> tuple[float, float]:
    """The square part of a bar: what is left once each continuing end gives room for its point."""
    ends = ("from" in bar) + ("into" in bar)
    room = min(tip, (right - left) / ends) if ends else 0.0
    return left + (room if "from" in bar else 0.0), right - (room if "into" in bar else 0.0)


def _point(ax: Any, row: int, base: float, apex: float, colour: str, side: str) -> None:
    """A pointed end from the bar's square part (`base`) to the year's edge (`apex`)."""
    half = BAR_HEIGHT / 2
    shape = Polygon([(base, row - half), (apex, row), (base, row + half)], closed=True, color=colour, linewidth=0)
    shape.set_gid(f"continues-{side}-{row}")
    ax.add_patch(shape)


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    if "running" in data:  # many projects: how many ran in each month
        return draw_running(c, data)
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
    plot_h = rows.plot_height + c.extra
    c.size(top + plot_h + bottom)
    c.draw_title()
    c.legend(legend, rows.width, c.height - title_h, plot_w, {f"legend-{k}": HATCHES[k] for k in used if HATCHES[k]})
    ax = c.axes(rows.width, bottom, plot_w, plot_h)
    first, last = mdates.date2num(date(year, 1, 1)), mdates.date2num(date(year, 12, 31))
    # Bars are clipped to the year.
    ends = [min(max(mdates.date2num(date.fromisoformat(b["end"])), first + 1), last) for b in bars]
    lefts = [min(max(mdates.date2num(date.fromisoformat(bar["start"])), first), last - 1) for bar in bars]
    spans = [(left, max(end, left + 1)) for left, end in zip(lefts, ends, strict=True)]
    # A bar continuing past an edge of the year ends in a point there instead of a square end.
    tip = TIP * (last - first) / plot_w  # in days
    cut = [_cut(bar, left, right, tip) for bar, (left, right) in zip(bars, spans, strict=True)]
    drawn = ax.barh(
        range(len(bars)),
        [right - left for left, right in cut],
        left=[left for left, _ in cut],
        height=BAR_HEIGHT,
        color=[colors[bar["delivery"]] for bar in bars],
    )
    for patch, bar in zip(drawn, bars, strict=True):  # outcomes read without colour: the donut's patterns
        if HATCHES[bar["delivery"]]:
            patch.set(hatch=HATCHES[bar["delivery"]], edgecolor=c.theme.on_accent, linewidth=0)
    for row, (bar, (left, right), (inner_left, inner_right)) in enumerate(zip(bars, spans, cut, strict=True)):
        if "from" in bar:
            _point(ax, row, inner_left, left, colors[bar["delivery"]], "from")
        if "into" in bar:
            _point(ax, row, inner_right, right, colors[bar["delivery"]], "into")
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
    if "says" in bars[0]:  # the one project of its year: how long it took and how it ended, beside it
        _says(c, ax, bars[0]["says"], spans[0], (first, last), plot_w)
    tidy(ax, c.theme)


def _says(c: Canvas, ax: Any, text: str, span: tuple[float, float], year: tuple[float, float], plot: float) -> None:
    """`text` after the bar's end if it fits there, else before its start, else inside it."""
    per_point = (year[1] - year[0]) / plot
    need = (c.m.width(text, SMALL) + PAD) * per_point
    if span[1] + need <= year[1]:
        x, dx, ha, color = span[1], PAD / 2, "left", c.theme.text
    elif span[0] - need >= year[0]:
        x, dx, ha, color = span[0], -PAD / 2, "right", c.theme.text
    else:
        x, dx, ha, color = span[0], PAD / 2, "left", c.theme.on_accent
    label = ax.annotate(
        text, (x, 0), xytext=(dx, 0), textcoords="offset points", ha=ha, va="center", fontsize=SMALL, color=color
    )
    c.label(label, "says")

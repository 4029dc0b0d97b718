"""Draws the project durations (its spec: reportgen.charts.durations): bars in weeks, and the average's line."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import (
    PAD,
    SMALL,
    Canvas,
    Rows,
    centred,
    note_band,
    number_ticks,
    room_for_values,
    text_height,
    tick_band,
    tidy,
    value_text,
)
from reportgen.charts.draw.summaries import draw_histogram


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    if "histogram" in data:  # many projects: how many took how long
        return draw_histogram(c, data)
    bars = data["bars"]
    rows = Rows.fit(c, [b["label"] for b in bars])
    note, note_h = note_band(c, data.get("note"))
    top = c.title(title) + text_height(1, SMALL) + 4  # the title, then the average's label
    bottom = tick_band() + note_h + PAD
    plot_w, plot_h = c.width - rows.width - 3 * PAD, rows.plot_height + c.extra
    c.size(top + plot_h + bottom)
    c.draw_title()
    ax = c.axes(rows.width, bottom, plot_w, plot_h)
    values = [b["weeks"] for b in bars]
    texts = [b["text"] for b in bars]
    average = data["average"]
    # A value whose label the average's line would cross starts right of that line instead.
    ends = values
    for _ in range(2):  # a wider axis moves the labels, which may move where they start
        xmax = max(room_for_values(c, ends, texts, plot_w), average * 1.02)
        ends = [_past(c, v, text, average, xmax / plot_w) for v, text in zip(values, texts, strict=True)]
    ax.barh(range(len(bars)), values, height=0.6, color=c.theme.accent)
    for row, (end, text) in enumerate(zip(ends, texts, strict=True)):
        value_text(c, ax, end, row, text, f"value-{row}")
    rows.draw(c, ax)
    ax.set_yticks([])
    ax.set_xlim(0, xmax)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    number_ticks(ax, "x", 0, xmax, integer=True, scale=data.get("scale"))
    ax.axvline(average, color=c.theme.muted, linestyle="--", linewidth=1)
    x = rows.width + data["average"] / xmax * plot_w
    average = ax.annotate(
        data["average_label"],
        (data["average"], 1),
        xycoords=("data", "axes fraction"),
        xytext=(0, 3),
        textcoords="offset points",
        ha=centred(c, x, c.m.width(data["average_label"], SMALL)),
        va="bottom",
        fontsize=SMALL,
        color=c.theme.muted,
    )
    c.label(average, "average")
    if note is not None:
        c.text(PAD, PAD, note, "note", va="bottom", ha="left", color=c.theme.muted)
    tidy(ax, c.theme)
    ax.tick_params(axis="x", labelsize=SMALL)


def _past(c: Canvas, value: float, text: str, average: float, per_point: float) -> float:
    """Where a value's label starts (in weeks): after its bar, or after the average's line if that would cross it."""
    start, end = value + PAD / 2 * per_point, value + (PAD / 2 + c.m.width(text, SMALL) + 2) * per_point
    return max(value, average + 1.5 * per_point) if start - 2 * per_point <= average <= end else value

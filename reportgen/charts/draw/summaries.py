"""Draws the views that summarise many projects (specs: reportgen.charts.timeline and .durations):
how many ran in each month, and a histogram of their durations with the average and median marked.

Both are columns of counts from zero, each labelled with its count above it."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import (
    PAD,
    SMALL,
    VALUE,
    Canvas,
    centred,
    headroom,
    number_ticks,
    text_height,
    tick_band,
    tick_labels,
    tidy,
    value_text,
)

PLOT_H = 150.0  # points, on either canvas
COLUMN = 0.8  # a column's width, as a share of its slot


def _frame(c: Canvas, counts: list[int], scale: dict[str, str], above: float) -> tuple[Any, float]:
    """An axes for columns of `counts`, with `above` points over it for marks' labels; returns it and its width."""
    widest = tick_labels([0.0, float(max(counts)) * 2], scale)  # wider than any tick the axis will get
    left = PAD + max(c.m.width(t, SMALL) for t in widest) + PAD
    top = c.title("") + above
    plot_h = PLOT_H + c.extra
    c.size(top + plot_h + tick_band() + PAD)
    c.draw_title()
    width = c.width - left - 2 * PAD
    ax = c.axes(left, tick_band() + PAD, width, plot_h)
    high = headroom([float(n) for n in counts], plot_h, PAD + text_height(1, VALUE))
    ax.set_ylim(0, high)
    number_ticks(ax, "y", 0, high, integer=True, bins=4, scale=scale)
    tidy(ax, c.theme, grid="y", keep=("bottom",))
    return ax, width


def _columns(
    c: Canvas,
    ax: Any,
    lefts: list[float],
    width: float,
    counts: list[int],
    texts: list[str],
    slot: float,
    lines: tuple[float, ...] = (),
) -> None:
    """The columns, each with its count over it; when the counts are wider than their slots (`slot`,
    in points), only the highest and the lowest are labelled (the data table has them all). A count
    that a marked line (`lines`, in data units) would cross is left to the table too."""
    per_point = width / slot
    ax.bar(lefts, counts, width=width * COLUMN, align="edge", color=c.theme.accent)
    fits = all(c.m.width(text, VALUE) + 2 <= slot for text in texts)
    extremes = {counts.index(max(counts)), counts.index(min(n for n in counts if n) if any(counts) else 0)}
    for i, (x, n, text) in enumerate(zip(lefts, counts, texts, strict=True)):
        middle, half = x + width * COLUMN / 2, (c.m.width(text, VALUE) / 2 + 2) * per_point
        crossed = any(abs(line - middle) <= half for line in lines)
        if n and (fits or i in extremes) and not crossed:  # an empty month or bin: no "0" over nothing
            value_text(c, ax, middle, n, text, f"value-{i}", above=True)


def draw_running(c: Canvas, data: dict[str, Any]) -> None:
    """A column per month: how many projects ran in it."""
    counts, months = data["running"], data["months"]
    ax, plot = _frame(c, counts, data.get("scale") or {}, PAD)
    _columns(c, ax, [i - COLUMN / 2 for i in range(12)], 1.0, counts, data["texts"], plot / 12)
    ax.set_xlim(-0.5, 11.5)
    # Every month named when the names fit under their slots, else every second one (the first kept).
    stride = 1 if all(c.m.width(m, SMALL) + 2 <= plot / 12 for m in months) else 2
    ax.set_xticks(range(12), labels=[m if i % stride == 0 else "" for i, m in enumerate(months)], fontsize=SMALL)


def draw_histogram(c: Canvas, data: dict[str, Any]) -> None:
    """A column per bin of weeks, and the average's and the median's lines with their labels above."""
    counts, width = data["histogram"], data["width"]
    label_h = text_height(1, SMALL)
    ax, plot = _frame(c, counts, data.get("count_scale") or {}, 2 * (label_h + 2) + 2)
    lefts = [i * width for i in range(len(counts))]
    marks = (data["average"], data["median"])
    _columns(c, ax, lefts, width, counts, data["texts"], plot / len(counts), marks)
    end = len(counts) * width
    ax.set_xlim(0, end)
    number_ticks(ax, "x", 0, end, integer=True, bins=min(len(counts), 6), scale=data.get("scale"))
    left = ax.get_position().x0 * c.width
    # The two marks' labels on two rows, so that they never cover each other however close they are.
    for row, key in enumerate(("average", "median")):
        value, text = data[key], data[f"{key}_label"]
        style = "--" if key == "average" else ":"
        ax.axvline(value, color=c.theme.muted, linestyle=style, linewidth=1.2)
        x = left + value / end * plot
        mark = ax.annotate(
            text,
            (value, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2 + row * (label_h + 2)),
            textcoords="offset points",
            ha=centred(c, x, c.m.width(text, SMALL)),
            va="bottom",
            fontsize=SMALL,
            color=c.theme.muted,
        )
        c.label(mark, key)

"""Draws a records section's chart (its spec: reportgen.charts.records): bars by choice, a panel over
years, or a series within the year (by period or by record), whose gaps stay gaps."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import (
    PAD,
    SMALL,
    Canvas,
    Rows,
    number_ticks,
    room_for_values,
    text_height,
    tick_band,
    tidy,
    value_text,
)
from reportgen.charts.draw.trends import _panel, _tick_width, panel_height

TICK_WIDTH = 90.0  # the most a label under a series may take; a longer one is shortened, whole in its <title>


FIGURE = 24.0  # points: a single value, written as a figure


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    if data["type"] == "figure":
        _draw_figure(c, data, title)
    elif data["type"] == "barh":
        _draw_categories(c, data, title)
    elif "within" in data:
        _draw_series(c, data, title)
    else:
        _draw_years(c, data, title)


def _draw_figure(c: Canvas, data: dict[str, Any], title: str) -> None:
    """One value, large, and under it what it is of (its year, period or record)."""
    top = c.title(title)
    value = c.m.fit(data["value"], c.width - 2 * PAD, FIGURE, lines=1)
    label = c.m.fit(data["label"], c.width - 2 * PAD, SMALL)
    label_h = text_height(len(label.lines), SMALL)
    c.size(top + text_height(1, FIGURE) + PAD + label_h + 2 * PAD + c.extra)
    c.draw_title()
    c.text(PAD, PAD + label_h + PAD, value, "figure", FIGURE, va="bottom", ha="left")
    c.text(PAD, PAD + label_h, label, "figure-label", va="top", ha="left", color=c.theme.muted)


def _draw_categories(c: Canvas, data: dict[str, Any], title: str) -> None:
    """A count by choice in one year: a labelled bar per choice, each a labelled row."""
    labels, values, texts = data["labels"], [v or 0 for v in data["values"]], data["texts"]
    rows = Rows.fit(c, labels, share=0.3)
    top = c.title(title)
    bottom = tick_band() + PAD
    plot_w, plot_h = c.width - rows.width - 2 * PAD, rows.plot_height + c.extra
    c.size(top + plot_h + bottom)
    c.draw_title()
    ax = c.axes(rows.width, bottom, plot_w, plot_h)
    xmax = room_for_values(c, values, texts, plot_w)
    ax.barh(range(len(values)), values, height=0.6, color=c.theme.accent)
    for row, (value, text) in enumerate(zip(values, texts, strict=True)):
        value_text(c, ax, value, row, text, f"value-{row}")
    rows.draw(c, ax)
    ax.set_yticks([])
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.set_xlim(0, xmax)
    number_ticks(ax, "x", 0, xmax, integer=True, bins=4, scale=data.get("scale"))  # counts: whole numbers
    tidy(ax, c.theme)


def _one_panel(c: Canvas, data: dict[str, Any], title: str) -> tuple[Any, dict[str, Any], float, float]:
    """The trends chart's panel alone under the title, as wide as the chart: its axes, its figure's
    values (as `_panel` takes them), and the plot's left edge and width."""
    panel = {"label": "", **{k: data[k] for k in ("values", "texts", "integer", "percent", "scale") if k in data}}
    top = c.title(title)
    left = PAD + _tick_width(c, panel, data["type"], panel_height(c, 1)) + PAD
    c.size(top + panel_height(c, 1) + tick_band() + 2 * PAD)
    c.draw_title()
    width = c.width - left - PAD
    return c.axes(left, PAD + tick_band(), width, panel_height(c, 1)), panel, left, width


def _draw_years(c: Canvas, data: dict[str, Any], title: str) -> None:
    """One declared figure across the years: the trends chart's panel, as a line or as bars."""
    ax, panel, left, width = _one_panel(c, data, title)
    _panel(c, ax, panel, data["labels"], 0, (left, width), style=data["type"])


def _draw_series(c: Canvas, data: dict[str, Any], title: str) -> None:
    """A figure by period, or a value per record: the years panel's axis and value labels, with a gap
    (no bar, a break in the line) where a value is missing, and labels thinned to fit under the slots."""
    labels = data["labels"]
    ax, panel, left, width = _one_panel(c, data, title)

    def slots(slot: float) -> None:
        _slot_ticks(c, ax, labels, left, slot)

    _panel(c, ax, panel, labels, 0, (left, width), style=data["type"], slots=slots)


def _slot_ticks(c: Canvas, ax: Any, labels: list[str], left: float, slot: float) -> None:
    """A label under each slot when they fit, else every k-th counted back from the latest; each kept
    inside the canvas. Drawn as texts of the figure (the ticks keep only their marks), so that a label
    at an edge may stand off-centre. One wider than TICK_WIDTH is shortened to a line, whole in its <title>."""
    fitted = [c.m.fit(label, min(TICK_WIDTH, c.width - 2 * PAD), SMALL, lines=1) for label in labels]
    widths = [c.m.width(f.text, SMALL) for f in fitted]
    n = len(labels)
    shown: list[int] = []
    lefts: list[float] = []
    for stride in range(1, n + 1):
        shown = [i for i in range(n) if (n - 1 - i) % stride == 0]
        lefts = [
            min(max(left + (i + 0.5) * slot - widths[i] / 2, PAD / 2), c.width - PAD / 2 - widths[i]) for i in shown
        ]
        if all(lefts[k + 1] >= lefts[k] + widths[shown[k]] + PAD for k in range(len(shown) - 1)):
            break
    ax.set_xticks(shown, labels=[""] * len(shown))
    below = PAD + tick_band() - 7.0  # under the tick marks, as a tick label stands (3.5 pt tick, 3.5 pt pad)
    for i, x in zip(shown, lefts, strict=True):
        c.text(x, below, fitted[i], f"tick-{i}", va="top", ha="left")

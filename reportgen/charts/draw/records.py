"""Draws a records section's chart (its spec: reportgen.charts.records): bars by choice, or a panel over years."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import PAD, Canvas, Rows, number_ticks, room_for_values, tick_band, tidy, value_text
from reportgen.charts.draw.trends import PANEL_H, _panel, _tick_width


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    if data["type"] == "barh":
        _draw_categories(c, data, title)
    else:
        _draw_years(c, data, title)


def _draw_categories(c: Canvas, data: dict[str, Any], title: str) -> None:
    """A count by choice in one year: a labelled bar per choice, each a labelled row."""
    labels, values, texts = data["labels"], [v or 0 for v in data["values"]], data["texts"]
    rows = Rows.fit(c, labels, share=0.3)
    top = c.title(title)
    bottom = tick_band() + PAD
    plot_w, plot_h = c.width - rows.width - 2 * PAD, rows.plot_height
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
    number_ticks(ax, "x", 0, xmax, integer=True, bins=4)  # counts: whole numbers
    tidy(ax, c.theme)


def _draw_years(c: Canvas, data: dict[str, Any], title: str) -> None:
    """One declared figure across the years: the trends chart's panel, as a line or as bars."""
    panel = {"label": "", **{k: data[k] for k in ("values", "texts", "integer", "percent") if k in data}}
    top = c.title(title)
    left = PAD + _tick_width(c, panel, data["type"]) + PAD
    c.size(top + PANEL_H + tick_band() + 2 * PAD)
    c.draw_title()
    width = c.width - left - PAD
    ax = c.axes(left, PAD + tick_band(), width, PANEL_H)
    _panel(c, ax, panel, data["labels"], 0, (left, width), style=data["type"])

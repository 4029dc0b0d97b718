"""Draws the KPI targets (its spec: reportgen.charts.kpis): a line per KPI, baseline → target, and the actual."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import PAD, SMALL, Canvas, centred, number_ticks, text_height, tick_band

GAP = 8.0  # from a marker's centre to its label
STAR = 12.0  # the actual's marker, in points across
# The actual stands on a lane of its own above the baseline's label, so that it never hides the
# target (or the baseline) when it lands on or near it: its x still reads against the axis.
LANE = GAP + text_height(1, SMALL) + 2 + STAR / 2 + 2


def _label(
    c: Canvas,
    ax: Any,
    text: str,
    x: float,
    level: int,
    color: str,
    gid: str,
    where: tuple[float, float],
    y: float = 0.0,
) -> None:
    """A label above (level 1) or below (level -1) the value at (x, y), kept inside the canvas."""
    left, plot = where
    fitted = c.m.fit(text, plot * 0.6, SMALL, lines=1)
    low, high = ax.get_xlim()
    at = left + (x - low) / (high - low) * plot
    dy = GAP if level > 0 else -GAP
    artist = ax.annotate(
        fitted.text,
        (x, y),
        xytext=(0, dy),
        textcoords="offset points",
        ha=centred(c, at, c.m.width(fitted.text, SMALL)),
        va="bottom" if level > 0 else "top",
        fontsize=SMALL,
        color=color,
    )
    c.label(artist, gid, fitted)


def _arrow(ax: Any, start: float, end: float, color: str) -> None:
    ax.annotate("", (end, 0), xytext=(start, 0), arrowprops={"arrowstyle": "->", "color": color})


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    rows = data["rows"]
    heads = [c.m.fit(row["label"], c.width - 2 * PAD, SMALL) for row in rows]
    band = text_height(1, SMALL) + 2
    # Over the line: the baseline's label, and the actual's lane when a row has an actual.
    lane = any(row["actual"] is not None for row in rows)
    above, below = (LANE + GAP + band) if lane else GAP + band, GAP + band
    plot_h = above + below
    # The canvas's extra height (forms.py) spaces the rows apart, below each one's axis.
    heights = [text_height(len(h.lines), SMALL) + 4 + plot_h + tick_band() + PAD + c.extra / len(heads) for h in heads]
    top = c.title(title)
    c.size(top + sum(heights) + PAD)
    c.draw_title()
    left, plot_w = 3 * PAD, c.width - 6 * PAD
    y = c.height - top
    for index, (row, head, height) in enumerate(zip(rows, heads, heights, strict=True)):
        c.text(PAD, y, head, f"kpi-{index}", va="top", ha="left")
        ax = c.axes(left, y - text_height(len(head.lines), SMALL) - 4 - plot_h, plot_w, plot_h)
        y -= height
        _row(c, ax, row, index, (left, plot_w), (below, above))


def _row(
    c: Canvas, ax: Any, row: dict[str, Any], index: int, where: tuple[float, float], band: tuple[float, float]
) -> None:
    theme = c.theme
    baseline, target, actual = row["baseline"], row["target"], row["actual"]
    points = [v for v in (baseline, target, actual) if v is not None]
    low, high = min(points), max(points)
    # The axis fits the values: 99.97 against 99.99 stays visibly apart. A lone value gets room.
    span = high - low if high > low else max(abs(high) * 0.2, 1)
    ax.set_xlim(low - span * 0.6, high + span * 0.9)
    ax.set_ylim(-band[0], band[1])  # in points: labels are offset in points from the line at 0
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(theme.grid)
    lo, hi = ax.get_xlim()
    # A percentage's scale ends at 100 unless a value passes it; a count's ticks are whole numbers.
    scale = min(hi, 100.0) if row.get("percent") and high <= 100 else hi
    number_ticks(ax, "x", lo, scale, integer=bool(row.get("integer")), bins=5, scale=row.get("scale"))
    ax.spines["bottom"].set_bounds(lo, scale)
    if baseline is not None:
        ax.plot([baseline], [0], "o", color=theme.baseline, markersize=8)
        _label(c, ax, row["baseline_text"], baseline, 1, theme.muted, f"baseline-{index}", where)
    if target is not None:
        ax.plot([target], [0], "D", color=theme.target, markersize=8)
        _label(c, ax, row["target_text"], target, -1, theme.target, f"target-{index}", where)
        if baseline is not None:
            _arrow(ax, baseline, target, theme.target)
    elif baseline is not None:
        # A qualitative target: an arrow in the direction of improvement, labelled with the goal.
        # No value axis, which would suggest the arrow ends at a number.
        if actual is None:
            ax.set_xticks([])
            ax.spines["bottom"].set_visible(False)
        end = baseline + span * 0.6 * (1 if row["direction"] == "higher" else -1)
        _arrow(ax, baseline, end, theme.target)
        _label(c, ax, row["target_text"], end, -1, theme.target, f"target-{index}", where)
    if actual is not None:
        color = theme.delayed if row.get("missed") else theme.on_time
        ax.plot([actual], [LANE], "*", color=color, markersize=STAR)
        _label(c, ax, row["actual_text"], actual, 1, color, f"actual-{index}", where, y=LANE)

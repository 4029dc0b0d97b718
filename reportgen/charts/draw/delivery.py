"""Draws the delivery outcome (its spec: reportgen.charts.delivery): a donut with the on-time rate inside."""

from __future__ import annotations

from typing import Any

from reportgen.charts.draw.layout import LEGEND_KEY, LINE, PAD, SMALL, WIDTH, Canvas, text_height

CENTRE = 16.0  # the on-time rate inside the hole, in points
DONUT = 170.0  # points across
NARROW_DONUT = 120.0  # on the narrow canvas
HOLE = 0.62  # the hole's share of the radius
LEGEND_MAX = 260.0  # longer legend labels are shortened


OUTER = 0.1  # the outer ring's width (of the radius), holding the unknowns apart from the rate's ring
GAP = 0.04  # between the rings
# Outcomes read without colour too: each has its own pattern, in the legend as on the ring.
HATCHES = {"on_time": "", "delayed": "////", "unknown": "...."}


def draw(c: Canvas, data: dict[str, Any], title: str) -> None:
    segments, unknown = data["segments"], data.get("unknown")
    shown = [*segments, unknown] if unknown else segments
    items = [(f"legend-{s['key']}", _colour(c, s["key"]), s["label"], s["text"]) for s in shown]
    hatches = {f"legend-{s['key']}": HATCHES[s["key"]] for s in shown if HATCHES[s["key"]]}
    # On the narrow canvas (a phone's, scaled up) a smaller donut, and the legend within the canvas.
    donut = DONUT if c.width >= WIDTH else NARROW_DONUT
    legend_x = PAD + donut + 2 * PAD
    most = LEGEND_MAX if c.width >= WIDTH else c.width - legend_x - PAD
    widest = max(c.m.width(f"{label} {count}", SMALL) for _, _, label, count in items) + LEGEND_KEY + 4 + 2
    legend_w = min(widest, most)
    # The denominator's line may take the legend's widest room, so it rarely wraps.
    note_w = min(max(legend_w, c.m.width(data.get("center_note") or "", SMALL) + 2), most)
    c.width = legend_x + max(legend_w, note_w, 60.0) + PAD
    top = c.title(title)
    note = c.m.fit(data["center_note"], max(note_w, 60.0), SMALL) if data.get("center_note") else None
    note_h = text_height(len(note.lines), SMALL) + PAD if note else 0.0
    # One entry per row: the legend is a column beside the donut, the rate's denominator under it.
    legend_h = sum(c.legend_height([item], legend_w) for item in items) + note_h
    c.size(top + max(donut, legend_h) + 2 * PAD)
    c.draw_title()
    ax = c.axes(PAD, PAD, donut, donut)
    radius = 1.0
    if unknown:
        known = unknown["known"]
        outer = _ring(ax, c, [("known", known), ("unknown", unknown["count"])], radius, OUTER)
        outer[0].set_facecolor(c.theme.grid)
        radius -= OUTER + GAP
    if segments:
        _ring(ax, c, [(s["key"], s["count"]) for s in segments], radius, radius - HOLE)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_aspect("equal")
    hole = donut * HOLE * 0.9  # the width a centre text may take
    centre = c.m.fit(data["center"], hole, CENTRE, lines=1)
    label = c.m.fit(data["center_label"], hole, SMALL)
    c.label(ax.text(0, 0.12, centre.text, ha="center", va="center", fontsize=CENTRE, color=c.theme.text), "center")
    c.label(
        ax.text(0, -0.26, label.text, ha="center", va="center", fontsize=SMALL, color=c.theme.muted, linespacing=LINE),
        "center-label",
        label,
    )
    middle = PAD + donut / 2 + legend_h / 2
    for item in items:
        c.legend([item], legend_x, middle, legend_w, hatches)
        middle -= c.legend_height([item], legend_w)
    if note:
        c.text(legend_x, middle - PAD, note, "center-note", va="top", ha="left", color=c.theme.muted)


def _ring(ax: Any, c: Canvas, parts: list[tuple[str, int]], radius: float, width: float) -> list[Any]:
    """One ring of wedges from 12 o'clock, clockwise; each wedge's gid names its outcome."""
    wedges, _ = ax.pie(
        [count for _, count in parts],
        colors=[_colour(c, key) if key != "known" else c.theme.grid for key, _ in parts],
        startangle=90,
        counterclock=False,
        radius=radius,
        wedgeprops={"width": width, "linewidth": 0, "edgecolor": c.theme.on_accent},
    )
    for wedge, (key, _) in zip(wedges, parts, strict=True):
        wedge.set_gid(f"segment-{key}")
        wedge.set_hatch(HATCHES.get(key) or None)
    return list(wedges)


def _colour(c: Canvas, key: str) -> str:
    return {"on_time": c.theme.on_time, "delayed": c.theme.delayed, "unknown": c.theme.unknown}[key]

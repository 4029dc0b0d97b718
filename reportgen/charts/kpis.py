"""KPI targets: each quantitative target as baseline → target, and the actual once the next year reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.charts.layout import PAD, SMALL, Canvas, centred, number_ticks, text_height, tick_band
from reportgen.charts.spec import ChartSpec, DataTable, axis_hints
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from reportgen.model.facts import KpiTarget
    from reportgen.render.context import YearContext
    from reportgen.sections.kind import Section

KIND = "kpis"


def _actual(ctx: YearContext, kpi: KpiTarget) -> float | None:
    return ctx.kpi_actuals.get(kpi.id)


def for_section(ctx: YearContext, section: Section, earlier: list[YearContext]) -> ChartSpec | None:
    """The chart of a year's KPI targets, on the page of its KPI section."""
    return build(ctx)


def build(ctx: YearContext) -> ChartSpec | None:
    # Imported here: the drawing worker imports this module, and should not load the model.
    from reportgen.derive.kpis import kpi_baseline, kpi_verdict, verdict_label
    from reportgen.sections.kpis.facts import kpis as targets_of

    kpis = targets_of(ctx.report)
    if kpis is None:
        return None
    t = ctx.t
    rows, table = [], []
    for kpi in kpis.quantitative:
        baseline = kpi_baseline(kpi, ctx.metrics)
        actual = _actual(ctx, kpi)
        # Nothing to plot against: a target in words only stays a row of the KPI page's table.
        if kpi.target is None and actual is None:
            continue
        # The verdict is written out beside the actual: a mark a reader can read, not a colour.
        verdict = verdict_label(t, kpi_verdict(kpi, actual)) if actual is not None else ""
        shown = {
            "baseline": kpi_baseline_text(ctx.fmt, kpi, baseline),
            "target": kpi_target(ctx.fmt, kpi),
            "actual": kpi_actual_text(ctx.fmt, kpi, actual) + (f" ({verdict})" if verdict else ""),
        }
        table.append((kpi.metric, shown["baseline"], shown["target"], shown["actual"]))
        rows.append(
            {
                "label": kpi.metric,
                "direction": kpi.direction,
                "baseline": baseline,
                "target": kpi.target,
                "actual": actual,
                "missed": actual is not None and kpi_verdict(kpi, actual) == "missed",
                "baseline_text": f"{t['baseline']} {shown['baseline']}",
                "target_text": f"{t['target']}: {shown['target']}",
                "actual_text": f"{t['actual'].format(year=kpis.year)} {shown['actual']}",
                **_axis(ctx, kpi),
            }
        )
    if not rows:
        return None
    summary = "; ".join(
        f"{r['label']}: {r['baseline_text']} → {r['target_text']}"
        + (f", {r['actual_text']}" if r["actual"] is not None else "")
        for r in rows
    )
    return ChartSpec(
        path=ctx.path(KIND),
        kind=KIND,
        title=t["chart_kpis"].format(year=kpis.year),
        alt=t["chart_kpis_alt"].format(year=kpis.year, items=summary),
        table=DataTable(
            headers=(t["metric"], t["baseline"], t["target"], t["actual"].format(year=kpis.year)),
            rows=tuple(table),
        ),
        data={"rows": rows},
    )


def _axis(ctx: YearContext, kpi: KpiTarget) -> dict[str, bool]:
    """The value axis a KPI needs: that of the figure it is derived from; a "%" unit is a percentage."""
    name = kpi.baseline_from or kpi.actual_from
    metric = ctx.fmt.registry.get(name) if name else None
    hints = axis_hints(metric) if metric is not None else {"integer": False, "percent": False}
    return {**hints, "percent": hints["percent"] or (kpi.unit or "").strip() == "%"}


GAP = 8.0  # from a marker's centre to its label


def _label(
    c: Canvas, ax: Any, text: str, x: float, level: int, color: str, gid: str, where: tuple[float, float]
) -> None:
    """A label above (level 1, 2) or below (level -1) the value at x, kept inside the canvas."""
    left, plot = where
    fitted = c.m.fit(text, plot * 0.6, SMALL, lines=1)
    low, high = ax.get_xlim()
    at = left + (x - low) / (high - low) * plot
    band = text_height(1, SMALL) + 2
    dy = GAP + (level - 1) * band if level > 0 else -GAP
    artist = ax.annotate(
        fitted.text,
        (x, 0),
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
    above, below = GAP + 2 * band, GAP + band  # two labels over the line, one under it
    plot_h = above + below
    heights = [text_height(len(h.lines), SMALL) + 4 + plot_h + tick_band() + PAD for h in heads]
    top = c.title(title)
    c.size(top + sum(heights) + PAD)
    c.draw_title()
    left, plot_w = 3 * PAD, c.width - 6 * PAD
    y = c.height - top
    for index, (row, head, height) in enumerate(zip(rows, heads, heights, strict=True)):
        c.text(PAD, y, head, f"kpi-{index}", va="top", ha="left")
        y -= height
        ax = c.axes(left, y + tick_band() + PAD, plot_w, plot_h)
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
    number_ticks(ax, "x", lo, scale, integer=bool(row.get("integer")), bins=5)
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
        ax.plot([actual], [0], "*", color=color, markersize=12)
        _label(c, ax, row["actual_text"], actual, 2, color, f"actual-{index}", where)

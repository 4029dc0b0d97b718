"""KPI targets: each quantitative target as baseline → target, and the actual once the next year reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import ChartSpec, DataTable
from .theme import Theme

if TYPE_CHECKING:  # the drawing worker imports these modules, and should not load the model
    from ..model import KpiTarget
    from .context import YearContext

KIND = "kpis"


def _value(ctx: YearContext, kpi: KpiTarget, value: float | None) -> str:
    if value is None:
        return ctx.t["none"]
    return ctx.fmt.percent(value) if kpi.unit == "%" else f"{ctx.fmt.number(value)}{kpi.unit or ''}"


def _actual(ctx: YearContext, kpi: KpiTarget) -> float | None:
    return ctx.kpi_actuals.get(kpi.id)


def build(ctx: YearContext) -> ChartSpec | None:
    from .. import metrics

    kpis = ctx.report.kpis
    if kpis is None:
        return None
    t = ctx.t
    rows, table = [], []
    for kpi in kpis.quantitative:
        baseline = metrics.kpi_baseline(kpi, ctx.metrics)
        actual = _actual(ctx, kpi)
        # Nothing to plot against: a target in words only stays a row of the KPI page's table.
        if kpi.target is None and actual is None:
            continue
        shown = {
            "baseline": _value(ctx, kpi, baseline),
            "target": _value(ctx, kpi, kpi.target) if kpi.target is not None else (kpi.target_text or t["none"]),
            "actual": _value(ctx, kpi, actual),
        }
        table.append((kpi.metric, shown["baseline"], shown["target"], shown["actual"]))
        rows.append(
            {
                "label": kpi.metric,
                "direction": kpi.direction,
                "baseline": baseline,
                "target": kpi.target,
                "actual": actual,
                "baseline_text": f"{t['baseline']} {shown['baseline']}",
                "target_text": f"{t['target']}: {shown['target']}",
                "actual_text": f"{t['actual'].format(year=kpis.year)} {shown['actual']}",
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


# Label offsets in points: the baseline's above its marker, the actual above that (they may
# coincide), the target's below.
ABOVE, HIGHER, BELOW = 9, 22, -16


def _label(ax: Any, text: str, x: float, dy: int, color: str) -> None:
    ax.annotate(text, (x, 0), xytext=(0, dy), textcoords="offset points", ha="center", fontsize=8, color=color)


def _arrow(ax: Any, start: float, end: float, color: str) -> None:
    ax.annotate("", (end, 0), xytext=(start, 0), arrowprops={"arrowstyle": "->", "color": color})


def draw(fig: Any, data: dict[str, Any], theme: Theme) -> None:
    rows = data["rows"]
    fig.set_size_inches(8, 0.4 + 1.4 * len(rows))
    axes = fig.subplots(len(rows), 1, squeeze=False)[:, 0]
    for ax, row in zip(axes, rows, strict=True):
        baseline, target, actual = row["baseline"], row["target"], row["actual"]
        points = [v for v in (baseline, target, actual) if v is not None]
        low, high = min(points), max(points)
        span = max(high - low, abs(high) * 0.2, 1)
        ax.set_xlim(low - span * 0.6, high + span * 0.9)
        ax.set_ylim(-1, 1)
        ax.set_yticks([])
        ax.set_title(row["label"], loc="left", fontsize=9, color=theme.text)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="x", labelsize=8)
        if baseline is not None:
            ax.plot([baseline], [0], "o", color=theme.baseline, markersize=8)
            _label(ax, row["baseline_text"], baseline, ABOVE, theme.muted)
        if target is not None:
            ax.plot([target], [0], "D", color=theme.target, markersize=8)
            _label(ax, row["target_text"], target, BELOW, theme.target)
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
            _label(ax, row["target_text"], end, BELOW, theme.target)
        if actual is not None:
            ax.plot([actual], [0], "*", color=theme.on_time, markersize=12)
            _label(ax, row["actual_text"], actual, HIGHER, theme.on_time)

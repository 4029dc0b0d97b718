"""KPI targets: each quantitative target as baseline → target, and the actual once the next year reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.charts.spec import ChartSpec, DataTable, axis_hints, scale
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
    from reportgen.sections.kpis.facts import kpis as targets_of  # the model too, likewise

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


def _axis(ctx: YearContext, kpi: KpiTarget) -> dict[str, Any]:
    """The value axis a KPI needs: that of the figure it is derived from; a "%" unit is a percentage."""
    name = kpi.baseline_from or kpi.actual_from
    metric = ctx.fmt.registry.get(name) if name else None
    hints = axis_hints(metric, ctx.fmt) if metric is not None else {"integer": False, "percent": False}
    # The KPI's own unit names its axis: the values it labels are written in it ($81,800).
    return {
        **hints,
        "percent": hints["percent"] or (kpi.unit or "").strip() == "%",
        "scale": scale(ctx.fmt, kpi.unit or (metric.unit if metric is not None else None)),
    }

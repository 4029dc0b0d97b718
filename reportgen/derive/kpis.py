"""KPI figures: a target's baseline, and the one verdict rule the site, data.json, validate and diff share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from reportgen.derive.metrics import YearMetrics
from reportgen.derive.numbers import same
from reportgen.model.facts import KpiReview, KpisFile, KpiTarget

Verdict = Literal["met", "missed", "no_data", "not_measurable"]


def kpi_baseline(kpi: KpiTarget, metrics: YearMetrics) -> float | None:
    if kpi.baseline_from is not None:
        return metrics.value(kpi.baseline_from)
    return kpi.baseline


def kpi_verdict(kpi: KpiTarget, actual: float | None) -> Verdict:
    """Did the year reach the target? Only a numeric target can be met or missed."""
    if kpi.target is None:
        return "not_measurable"
    if actual is None:
        return "no_data"
    reached = actual >= kpi.target if kpi.direction == "higher" else actual <= kpi.target
    return "met" if reached or same(actual, kpi.target) else "missed"


def kpi_verdicts(
    targets: KpisFile, next_metrics: YearMetrics, reviews: tuple[KpiReview, ...]
) -> dict[str, tuple[float | None, Verdict]]:
    """Every target's actual and verdict in the year it was for, reviewed or not: the one answer the
    site, data.json, validate and diff give. A KPI without a review entry is judged on its figure:
    a derived one is met or missed by the facts alone; one whose actual is typed has no data."""
    actuals = kpi_actuals(targets, next_metrics, reviews)
    return {kpi.id: (actuals[kpi.id], kpi_verdict(kpi, actuals[kpi.id])) for kpi in targets.quantitative}


def verdict_label(t: Mapping[str, str], verdict: Verdict) -> str:
    """A verdict in the site's words: the one place its label key is made."""
    return t[f"verdict_{verdict}"]


def kpi_actuals(
    targets: KpisFile, next_metrics: YearMetrics, reviews: tuple[KpiReview, ...]
) -> dict[str, float | None]:
    """The year the targets were for, as it turned out: derived where the KPI names a figure, else as reported."""
    by_kpi = {review.kpi: review for review in reviews}
    actuals: dict[str, float | None] = {}
    for kpi in targets.quantitative:
        if kpi.actual_metric is not None:
            actuals[kpi.id] = next_metrics.value(kpi.actual_metric)
        else:
            actuals[kpi.id] = by_kpi[kpi.id].actual if kpi.id in by_kpi else None
    return actuals

"""Derived figures: pure functions of the facts. Nothing here is ever typed into YAML."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from .model import DeclaredFigure, KpisFile, KpiTarget, Project, Report


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from start to end: the days between them divided by 7, rounded to the nearest week.

    Monday to the Monday 38 weeks later is 38 (266 days); Monday 1 April to Friday 31 May is 9
    (60 days, 8.6 weeks: nine working weeks). Counting calendar weeks touched would give 39 for the
    first, and truncating would give 8 for the second. Days / 7 is never exactly half a week, so
    the rounding has no ties.
    """
    return round((end - start).days / 7)


def project_weeks(project: Project) -> int | None:
    if project.start is None or project.end is None:
        return None
    return weeks_between(project.start, project.end)


@dataclass(frozen=True)
class YearMetrics:
    project_count: int
    completed_count: int
    on_time_count: int
    delayed_count: int
    unknown_delivery_count: int
    on_time_rate: float | None  # percent of projects whose delivery is known
    longest_weeks: float | None
    longest_projects: tuple[str, ...]  # names, in content order
    average_weeks: float | None
    dated_project_count: int
    service_status_counts: tuple[tuple[str, int], ...]

    def value(self, metric: str) -> float | None:
        """A headline figure by its name, as used by declared figures and KPI baselines."""
        return {
            "project_count": self.project_count,
            "on_time_count": self.on_time_count,
            "delayed_count": self.delayed_count,
            "on_time_rate": self.on_time_rate,
            "longest_weeks": self.longest_weeks,
            "average_weeks": self.average_weeks,
        }[metric]


def year_metrics(report: Report) -> YearMetrics:
    delivery = Counter(p.delivery for p in report.projects)
    known = delivery["on_time"] + delivery["delayed"]
    durations = [(p.name, w) for p in report.projects if (w := project_weeks(p)) is not None]
    longest = max((w for _, w in durations), default=None)
    services = Counter(s.status for s in report.services)
    return YearMetrics(
        project_count=len(report.projects),
        completed_count=sum(1 for p in report.projects if p.status == "completed"),
        on_time_count=delivery["on_time"],
        delayed_count=delivery["delayed"],
        unknown_delivery_count=delivery["unknown"],
        on_time_rate=100 * delivery["on_time"] / known if known else None,
        longest_weeks=longest,
        longest_projects=tuple(name for name, w in durations if w == longest),
        average_weeks=sum(w for _, w in durations) / len(durations) if durations else None,
        dated_project_count=len(durations),
        service_status_counts=tuple((status, services[status]) for status in ("designed", "built", "deployed")),
    )


MAX_PLACES = 10


def decimal_places(value: float) -> int:
    """How many decimal places a figure was written with: 62 -> 0, 21.1 -> 1, 1e-05 -> 5."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(MAX_PLACES, max(0, -exponent)) if isinstance(exponent, int) else 0


def _side(a: float, b: float) -> int:
    return (a > b) - (a < b)


def places_keeping_order(value: float, against: Sequence[float], places: int) -> int:
    """The fewest decimals, from `places` up, at which `value` rounded stands on the same side of
    each of `against` as `value` itself: rounding never carries a figure across its target."""
    for shown in range(places, MAX_PLACES + 1):
        if all(_side(round(value, shown), other) == _side(value, other) for other in against):
            return shown
    return MAX_PLACES


def matches_stated(derived: float, stated: float, *, approx: bool = False) -> bool:
    """Does a derived figure reproduce a figure as a document states it?

    Documents round or truncate to the precision they print: 62.5% may be stated as 62% or 63%.
    An approximate figure ("~20") is allowed one more unit either way at that precision.
    """
    places = decimal_places(stated)
    scale = 10**places
    candidates = {math.floor(derived * scale + 0.5) / scale, math.trunc(derived * scale) / scale}
    if any(math.isclose(c, stated) for c in candidates):
        return True
    return approx and abs(derived - stated) <= 1 / scale


def declared_value(report: Report, metrics: YearMetrics, figure: DeclaredFigure) -> float | None:
    if figure.metric == "project_weeks":
        return project_weeks(report.project(figure.project or ""))
    return metrics.value(figure.metric)


@dataclass(frozen=True)
class Disagreement:
    index: int  # position in report.declared
    figure: DeclaredFigure
    derived: float | None


def disagreements(report: Report, metrics: YearMetrics) -> list[Disagreement]:
    """Declared figures that the facts do not reproduce."""
    found = []
    for index, figure in enumerate(report.declared):
        derived = declared_value(report, metrics, figure)
        if derived is None or not matches_stated(derived, figure.value, approx=figure.approx):
            found.append(Disagreement(index, figure, derived))
    return found


def kpi_baseline(kpi: KpiTarget, metrics: YearMetrics) -> float | None:
    if kpi.baseline_from is not None:
        return metrics.value(kpi.baseline_from)
    return kpi.baseline


Verdict = Literal["met", "missed", "no_data", "not_measurable"]


def kpi_verdict(kpi: KpiTarget, actual: float | None) -> Verdict:
    """Did the year reach the target? Only a numeric target can be met or missed."""
    if kpi.target is None:
        return "not_measurable"
    if actual is None:
        return "no_data"
    reached = actual >= kpi.target if kpi.direction == "higher" else actual <= kpi.target
    return "met" if reached else "missed"


def kpi_actuals(targets: KpisFile, next_report: Report | None) -> dict[str, float | None]:
    """The year the targets were for, as it turned out: derived where the KPI names a figure, else as reported."""
    if next_report is None:
        return {}
    next_metrics = year_metrics(next_report)
    reviews = {review.kpi: review for review in next_report.kpi_reviews}
    actuals: dict[str, float | None] = {}
    for kpi in targets.quantitative:
        if kpi.baseline_from is not None:
            actuals[kpi.id] = next_metrics.value(kpi.baseline_from)
        else:
            actuals[kpi.id] = reviews[kpi.id].actual if kpi.id in reviews else None
    return actuals

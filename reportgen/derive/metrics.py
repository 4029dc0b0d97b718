"""Derived figures: pure functions of the facts. Nothing here is ever typed into YAML.

`BUILTIN_METRICS` is the one table of the figures a year has: each metric's name, the function
that derives it, the kind of value, its display precision, its unit and its label. The model's
allowed names, declared figures, KPI baselines and actuals, the headline cards, the trends,
`diff` and `data.json` all look a metric up here by name.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

from reportgen.model.facts import DeclaredFigure, KpisFile, KpiTarget, Project, Report, ServiceStatus, Site

ValueKind = Literal["count", "number"]  # an integer count, or a measured number


@dataclass(frozen=True)
class Metric:
    name: str
    compute: Callable[[Report], float | None]  # None when the year's facts cannot give it
    kind: ValueKind
    precision: (
        int | None
    )  # decimal places shown at most; None: as the value was written (a min, max or sum of typed numbers)
    unit: str  # a key of the unit vocabulary (pages.UNIT_LABELS), or a team's unit printed as written
    label: str  # label key in the catalogs ("" for a team's metric, which has `titles`)
    # A label key for the explanation under a headline card: its `{placeholders}` are `label`,
    # names of other metrics (shown formatted) and YearMetrics lists (joined). None: the label alone.
    note: str | None = None
    per_project: bool = False  # needs a `project:` (declared figures only)
    titles: Mapping[str, str] = field(default_factory=dict)  # a team's metric: its name per language
    group: str = ""  # a count by choice: the declared name its per-choice figures share
    category: str = ""  # … and the choice this figure counts
    section: str = ""  # a team's metric: the records section it is derived from
    source: str = "projects"  # the kind of section a built-in metric is derived from
    # The project fields it is derived from, so a figure resting on inferred values can say so.
    reads: tuple[str, ...] = ()

    def title(self, t: Mapping[str, str], language: str) -> str:
        if self.label:
            return t[self.label]
        return self.titles.get(language) or next(iter(self.titles.values()), "") or self.name.replace("_", " ")


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


def _durations(report: Report) -> list[float]:
    return [w for p in report.projects if (w := project_weeks(p)) is not None]


def _delivered(report: Report, outcome: str) -> int:
    return sum(1 for p in report.projects if p.delivery == outcome)


def _on_time_rate(report: Report) -> float | None:
    on_time, delayed = _delivered(report, "on_time"), _delivered(report, "delayed")
    return 100 * on_time / (on_time + delayed) if on_time + delayed else None


def _average_weeks(report: Report) -> float | None:
    durations = _durations(report)
    return sum(durations) / len(durations) if durations else None


BUILTIN_METRICS: tuple[Metric, ...] = (
    Metric("project_count", lambda r: len(r.projects), "count", 0, "items", "total_projects"),
    Metric(
        "completed_count",
        lambda r: sum(1 for p in r.projects if p.status == "completed"),
        "count",
        0,
        "count",
        "status_completed",
        reads=("status",),
    ),
    Metric("on_time_count", lambda r: _delivered(r, "on_time"), "count", 0, "count", "on_time", reads=("delivery",)),
    Metric("delayed_count", lambda r: _delivered(r, "delayed"), "count", 0, "count", "delayed", reads=("delivery",)),
    Metric(
        "known_delivery_count",
        lambda r: _delivered(r, "on_time") + _delivered(r, "delayed"),
        "count",
        0,
        "items",
        "known_delivery",
        reads=("delivery",),
    ),
    Metric(
        "on_time_rate", _on_time_rate, "number", 1, "percent", "on_time_rate", "note_on_time_rate", reads=("delivery",)
    ),
    Metric(
        "longest_weeks",
        lambda r: max(_durations(r), default=None),
        "number",
        1,
        "weeks",
        "longest",
        "note_longest",
        reads=("start", "end"),
    ),
    Metric("average_weeks", _average_weeks, "number", 1, "weeks", "average", "note_average", reads=("start", "end")),
    Metric(
        "dated_project_count",
        lambda r: len(_durations(r)),
        "count",
        0,
        "items",
        "dated_projects",
        reads=("start", "end"),
    ),
    Metric("service_count", lambda r: len(r.services), "count", 0, "items", "service_list", source="services"),
    # One project's weeks: only a declared figure names it, with `project:`.
    Metric("project_weeks", lambda r: None, "number", 1, "weeks", "weeks", per_project=True),
)
METRICS: Mapping[str, Metric] = {m.name: m for m in BUILTIN_METRICS}
# The figures a KPI may take its baseline and actual from: one value per year.
YEAR_METRICS: tuple[str, ...] = tuple(m.name for m in BUILTIN_METRICS if not m.per_project)
Registry = Mapping[str, Metric]  # a site's metrics: the built-in ones and its records sections' figures


def year_metric_names(registry: Registry) -> tuple[str, ...]:
    return tuple(name for name, m in registry.items() if not m.per_project)


# The figures followed across years: the home page's table and the trends chart.
TREND_METRICS: tuple[str, ...] = ("project_count", "on_time_rate", "average_weeks")


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
    values: Mapping[str, float | None] = field(default_factory=dict)  # every year metric, by name

    def value(self, name: str) -> float | None:
        """A figure by its metric name, as used by declared figures, KPIs, cards and trends."""
        return self.values[name]


def year_metrics(report: Report, registry: Registry = METRICS) -> YearMetrics:
    values = {name: registry[name].compute(report) for name in year_metric_names(registry)}
    durations = [(p.name, w) for p in report.projects if (w := project_weeks(p)) is not None]
    longest = values["longest_weeks"]
    services = Counter(s.status for s in report.services)
    return YearMetrics(
        project_count=int(values["project_count"] or 0),
        completed_count=int(values["completed_count"] or 0),
        on_time_count=int(values["on_time_count"] or 0),
        delayed_count=int(values["delayed_count"] or 0),
        unknown_delivery_count=_delivered(report, "unknown"),
        on_time_rate=values["on_time_rate"],
        longest_weeks=longest,
        longest_projects=tuple(name for name, w in durations if w == longest),
        average_weeks=values["average_weeks"],
        dated_project_count=int(values["dated_project_count"] or 0),
        service_status_counts=tuple((status, services[status]) for status in get_args(ServiceStatus)),
        values=values,
    )


MAX_PLACES = 10


def decimal_places(value: float) -> int:
    """How many decimal places a figure was written with: 62 -> 0, 21.1 -> 1, 1e-05 -> 5."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(MAX_PLACES, max(0, -exponent)) if isinstance(exponent, int) else 0


def same(a: float, b: float) -> bool:
    """Equal as figures: derived values carry binary noise (three 6-minute incidents give an MTTR
    of 0.10000000000000002 h), which must not make an exact hit a miss."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _side(a: float, b: float) -> int:
    return 0 if same(a, b) else (a > b) - (a < b)


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
    """The derived figure a declared one states. A team's own metrics (records sections) are in
    `metrics`, computed with the site's registry; only built-in ones can be per project."""
    builtin = METRICS.get(figure.metric)
    if builtin is not None and builtin.per_project:
        return project_weeks(report.project(figure.project or ""))
    return metrics.values.get(figure.metric)


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


def metric_targets(site: Site) -> dict[str, tuple[float, ...]]:
    """Every numeric KPI target set on a derived figure, by the figure's metric name."""
    found: dict[str, set[float]] = {}
    for report in site.reports:
        for kpi in report.kpis.quantitative if report.kpis is not None else ():
            for name in {kpi.actual_metric, kpi.baseline_from} - {None}:
                if kpi.target is not None and name is not None:
                    found.setdefault(name, set()).add(kpi.target)
    return {name: tuple(sorted(values)) for name, values in found.items()}


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
    return "met" if reached or same(actual, kpi.target) else "missed"


def kpi_actuals(targets: KpisFile, next_report: Report | None, registry: Registry = METRICS) -> dict[str, float | None]:
    """The year the targets were for, as it turned out: derived where the KPI names a figure, else as reported."""
    if next_report is None:
        return {}
    next_metrics = year_metrics(next_report, registry)
    reviews = {review.kpi: review for review in next_report.kpi_reviews}
    actuals: dict[str, float | None] = {}
    for kpi in targets.quantitative:
        if kpi.actual_metric is not None:
            actuals[kpi.id] = next_metrics.value(kpi.actual_metric)
        else:
            actuals[kpi.id] = reviews[kpi.id].actual if kpi.id in reviews else None
    return actuals

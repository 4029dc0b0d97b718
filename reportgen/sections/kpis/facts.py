"""A year's KPI targets as the Report keeps them, and the targets set on each figure."""

from __future__ import annotations

from reportgen.model.facts import KpisFile, Report, Site

KEY = "kpis"


def kpis(report: Report) -> KpisFile | None:
    """The targets this year sets for the next, if it has a kpis.yaml."""
    return report.sections.get(KEY)


def target_year(report: Report) -> int:
    """The year the targets are for: the next one."""
    targets = kpis(report)
    return targets.year if targets else report.year + 1


def metric_targets(site: Site) -> dict[str, tuple[float, ...]]:
    """Every numeric KPI target set on a derived figure, by the figure's metric name."""
    found: dict[str, set[float]] = {}
    for report in site.reports:
        targets = kpis(report)
        for kpi in targets.quantitative if targets is not None else ():
            for name in {kpi.actual_metric, kpi.baseline_from} - {None}:
                if kpi.target is not None and name is not None:
                    found.setdefault(name, set()).add(kpi.target)
    return {name: tuple(sorted(values)) for name, values in found.items()}

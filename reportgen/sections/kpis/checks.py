"""The KPI targets' checks: of meaning (a target on the wrong side of its baseline, negative counts,
units that contradict their metric) and of form across files (the year they are for, the metrics they name).

The checks of a list of targets take the key it stands under (`where`): kpis.yaml's `quantitative`,
or `targets` in a kpi_review.yaml that carries last year's targets itself (starting with this year)."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.derive import units
from reportgen.derive.kpis import kpi_baseline
from reportgen.derive.metrics import Registry, YearMetrics, year_metrics
from reportgen.load.loader import Document
from reportgen.load.problems import Problem, suggest
from reportgen.model.facts import KpisFile, KpiTarget, Report
from reportgen.sections.kind import Section, YearCheck, unit_typo
from reportgen.sections.kpis.facts import kpis


def _wrong_side(kpi: KpiTarget, baseline: float | None) -> bool:
    if kpi.target is None or baseline is None:
        return False
    return kpi.target < baseline if kpi.direction == "higher" else kpi.target > baseline


def counts_things(kpi: KpiTarget, registry: Registry) -> bool:
    """Whether a KPI's figures are counts (its unit, or else its metric's, says so): never negative."""
    if kpi.unit is not None:
        return units.is_count(kpi.unit)
    found = registry.get(kpi.actual_metric or "")
    return found is not None and units.is_count(found.unit)


Where = str  # the key of the list of targets in its file


def _negative_counts(
    index: int, kpi: KpiTarget, doc: Document, registry: Registry, where: Where = "quantitative"
) -> Iterator[Problem]:
    if not counts_things(kpi, registry):
        return
    for field in ("baseline", "target"):
        value = getattr(kpi, field)
        if value is not None and value < 0:
            yield doc.problem(
                (where, index, field),
                f"the {field} {value:g} of '{kpi.metric}' is negative, but it counts things",
                f"a count is 0 or more: correct the {field}, or the unit if it is not a count",
                code="negative-count",
            )


def kpi_problems(report: Report, doc: Document, registry: Registry, *, derived: bool = True) -> list[Problem]:
    """A target that would be a step backwards for its own direction is a typo in one of the three.
    `derived` false: the year's figures are incomplete (a file failed), so derived baselines wait."""
    targets: KpisFile | None = kpis(report)
    if targets is None:
        return []
    return target_problems(targets.quantitative, doc, registry, year_metrics(report, registry), derived=derived)


def target_problems(
    targets: tuple[KpiTarget, ...],
    doc: Document,
    registry: Registry,
    figures: YearMetrics,
    where: Where = "quantitative",
    *,
    derived: bool = True,
) -> list[Problem]:
    """Negative counts, and a target on the wrong side of its baseline (taken from `figures`, the year that set it)."""
    problems: list[Problem] = []
    for index, kpi in enumerate(targets):
        problems += _negative_counts(index, kpi, doc, registry, where)
        if kpi.baseline_from is not None and (kpi.baseline_from not in registry or not derived):
            continue  # an unknown metric name is reported where it is checked, against the registry
        baseline = kpi_baseline(kpi, figures)
        if _wrong_side(kpi, baseline):
            better = "higher" if kpi.direction == "higher" else "lower"
            side = "below" if kpi.direction == "higher" else "above"
            problems.append(
                doc.problem(
                    (where, index, "target"),
                    f"the target {kpi.target:g} of '{kpi.metric}' is {side} its baseline {baseline:g}, "
                    f"but {better} is better (direction: {kpi.direction})",
                    "correct the target, the baseline or the direction",
                    code="target-wrong-side",
                )
            )
    return problems


def kpi_unit_problems(
    targets: tuple[KpiTarget, ...], doc: Document, registry: Registry, where: Where = "quantitative"
) -> list[Problem]:
    """A KPI that takes its figures from a metric takes its unit too: another unit would relabel
    the numbers (lead time in days printed as hours), and two metrics of different units compare nothing."""
    problems = []
    for index, kpi in enumerate(targets):
        named = [(f, getattr(kpi, f)) for f in ("baseline_from", "actual_from") if getattr(kpi, f) is not None]
        found = [(f, name, registry[name]) for f, name in named if name in registry]
        if kpi.unit is not None:
            typo = units.close_spelling(kpi.unit)
            if typo is not None and not found:
                problems.append(unit_typo(doc, (where, index, "unit"), kpi.unit, typo))
        if kpi.unit is not None:
            for _, name, metric in found:
                if metric.unit != "number" and not units.same_unit(kpi.unit, metric.unit):
                    problems.append(
                        doc.problem(
                            (where, index, "unit"),
                            f"the unit '{kpi.unit}' of '{kpi.metric}' contradicts its metric {name}, "
                            f"which is in {metric.unit}",
                            f"remove 'unit', which comes from {name}, or write '{units.shown(metric.unit)}'",
                            code="unit-mismatch",
                        )
                    )
                    break
        if len(found) == 2 and not units.same_unit(found[0][2].unit, found[1][2].unit):
            (_, first, before), (_, second, after) = found
            problems.append(
                doc.problem(
                    (where, index, "actual_from"),
                    f"the baseline of '{kpi.metric}' comes from {first} (in {before.unit}) "
                    f"but its actual from {second} (in {after.unit}): they cannot be compared",
                    "take both from metrics of one unit, or type the baseline with 'baseline:'",
                    code="unit-mismatch",
                )
            )
    return problems


def meaning_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    facts, doc = check.year.of(section)
    if facts is None or doc is None or check.report is None:
        return []
    return [
        *kpi_problems(check.report, doc, check.registry, derived=check.complete),
        *kpi_unit_problems(facts.quantitative, doc, check.registry),
    ]


def form_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    """The targets are for the year after the report's, and name figures of the year."""
    targets, doc = check.year.of(section)
    if targets is None or doc is None:
        return []
    problems = named_metrics(targets.quantitative, doc, check.registry) if check.settings_ok else []
    report = check.report_file
    if report is not None and str(report.year) == check.folder.name and targets.year != report.year + 1:
        problems.append(
            doc.problem(
                ("year",),
                f"KPI targets are for {targets.year}, but this is the {report.year} report",
                f"targets set in a year's report are for the next year, {report.year + 1}",
                code="wrong-year",
            )
        )
    return problems


def named_metrics(
    targets: tuple[KpiTarget, ...], doc: Document, registry: Registry, where: Where = "quantitative"
) -> list[Problem]:
    """Each target's `baseline_from` and `actual_from` name a figure of the year."""
    names = registry.year_names()
    problems = []
    for index, kpi in enumerate(targets):
        for field, named, what in (
            ("baseline_from", kpi.baseline_from, "its baseline"),
            ("actual_from", kpi.actual_from, "next year's actual"),
        ):
            if named is not None and named not in names:
                hint = suggest(named, names) or f"use one of: {', '.join(names)}"
                problems.append(
                    doc.problem(
                        (where, index, field),
                        f"'{named}' is not a figure of the year a KPI can take {what} from",
                        hint,
                        code="unknown-metric",
                    )
                )
    return problems

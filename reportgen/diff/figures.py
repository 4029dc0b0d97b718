"""A year's derived figures as a reader sees them, and which of them moved between two sides."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from reportgen.derive.kpis import kpi_baseline, kpi_verdict, verdict_label
from reportgen.derive.metrics import year_metrics
from reportgen.derive.numbers import MAX_PLACES, decimal_places, same
from reportgen.model.facts import KpiTarget, Report
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class _Figure:
    """A figure as a reader sees it, with the value behind it: figures are compared by value, so
    that a change rounding hides is still listed (and then shown with the places that tell it)."""

    text: str
    value: float | str | None = None
    unit: str | None = None  # for showing a number with more places
    places: int = 0  # the places `text` shows a number with at most

    def reads_as(self, other: _Figure) -> bool:
        """The same figure: the same text and value, numbers equal by the rule the KPI verdicts use
        (numbers.same), so that floating-point noise (0.1 + 0.2 and 0.3) is no change."""
        if self.text != other.text:
            return False
        a, b = self.value, other.value
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return same(a, b)
        return a == b


@dataclass(frozen=True)
class Moved:
    """A figure whose value moved, as each side reads it; site_diff says which year it belongs to."""

    key: Key  # ("on_time_rate",) or ("kpi", kpi_id, "baseline" | "target" | "actual" | "verdict")
    before: str
    after: str
    edited_after_the_fact: bool


def moved(
    year: int, before: Mapping[int, Report], after: Mapping[int, Report], old_fmt: Formatter, new_fmt: Formatter
) -> Iterator[Moved]:
    """The figures of `year` that moved from `before`'s reports (by year) to `after`'s, each side
    computed with its own registry; a figure only one side has moves from or to "none"."""
    old_figures = (
        _figures(before[year], kpi_review.previous_year(before[year], before), old_fmt) if year in before else {}
    )
    new_figures = _figures(after[year], kpi_review.previous_year(after[year], after), new_fmt) if year in after else {}
    none = _Figure(new_fmt.labels["none"])
    for key in dict.fromkeys([*old_figures, *new_figures]):
        was, now = old_figures.get(key, none), new_figures.get(key, none)
        if was.reads_as(now):
            continue
        # A year's KPI baseline is what next year is judged against: changing it later rewrites history.
        after_the_fact = key[-1] == "baseline" and key in old_figures
        yield Moved(key, *_texts(was, now, old_fmt, new_fmt), after_the_fact)


def _figures(report: Report, previous: Report | None, fmt: Formatter) -> dict[Key, _Figure]:
    """The derived figures of a year, by metric name, computed with that side's own metric registry."""
    m = year_metrics(report, fmt.registry)
    shown: dict[Key, _Figure] = {}
    for name in fmt.registry.year_names():
        found = fmt.registry[name]
        # A figure whose section's file went away (or came) reads "no data", not 0.
        shown[(name,)] = _Figure(fmt.figure(name, m), m.value(name), found.unit, found.precision)
    targets = kpis(report)
    for kpi in targets.quantitative if targets else ():
        baseline = kpi_baseline(kpi, m)
        shown[("kpi", kpi.id, "baseline")] = _kpi_figure(
            fmt, kpi, baseline, kpi_baseline_text(fmt, kpi, baseline), kpi.baseline_from
        )
        value = kpi.target if kpi.target is not None else kpi.target_text
        shown[("kpi", kpi.id, "target")] = _kpi_figure(fmt, kpi, value, kpi_target(fmt, kpi))
    judged = kpis(previous) if previous is not None else None
    if previous is not None and judged is not None:
        actuals = kpi_review.actuals_for(previous, report, fmt.registry)
        reviewed = {review.kpi for review in kpi_review.reviews(report)}
        for kpi in judged.quantitative:
            if kpi.id in reviewed:
                actual = actuals.get(kpi.id)
                shown[("kpi", kpi.id, "actual")] = _kpi_figure(
                    fmt, kpi, actual, kpi_actual_text(fmt, kpi, actual), kpi.actual_metric
                )
                verdict = kpi_verdict(kpi, actual)
                shown[("kpi", kpi.id, "verdict")] = _Figure(verdict_label(fmt.labels, verdict), verdict)
    return shown


def _kpi_figure(
    fmt: Formatter, kpi: KpiTarget, value: float | str | None, text: str, derived_from: str | None = None
) -> _Figure:
    """A KPI's baseline, target or actual: at its metric's precision where derived, else as written."""
    found = fmt.registry.get(derived_from) if derived_from is not None else None
    if found is not None:
        return _Figure(text, value, kpi.unit, found.precision)
    return _Figure(text, value, kpi.unit, decimal_places(value) if isinstance(value, (int, float)) else 0)


def _texts(old: _Figure, new: _Figure, old_fmt: Formatter, new_fmt: Formatter) -> tuple[str, str]:
    """Before and after as read; where two different numbers read the same, with the fewest more
    decimal places that tell them apart (3 h → 3.02 h, not 3 h → 3 h)."""
    if old.text != new.text or not all(isinstance(f.value, (int, float)) for f in (old, new)):
        return old.text, new.text
    for places in range(max(old.places, new.places) + 1, MAX_PLACES + 1):
        before = old_fmt.measure(float(old.value), old.unit, places)  # type: ignore[arg-type]
        after = new_fmt.measure(float(new.value), new.unit, places)  # type: ignore[arg-type]
        if before != after:
            return before, after
    return old.text, new.text

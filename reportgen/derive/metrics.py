"""Derived figures: pure functions of the facts. Nothing here is ever typed into YAML.

A `Metric` is one figure a year has: its name, the function that derives it, the kind of value,
its display precision, its unit and its label. The built-in ones are declared by the section kinds
they are derived from (reportgen/sections/), a team's by its records sections; a site's `Registry`
holds them all. Declared figures, KPI baselines and actuals, the headline cards, the trends,
`diff` and `data.json` all look a metric up there by name.

No data is not zero: a figure of a section the year has no file for is None and listed in
`YearMetrics.missing`, so every place shows "no data" (and the trends a gap) where a file with
no entries gives a real 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from reportgen.derive.numbers import matches_stated
from reportgen.load.catalogs import in_language
from reportgen.model.facts import DeclaredFigure, Report

if TYPE_CHECKING:
    from reportgen.derive.working import Working

ValueKind = Literal["count", "number"]  # an integer count, or a measured number
# A figure's working over a year: (report, labels, language) -> its rule, what it counted and left out.
Explain = Callable[[Report, Mapping[str, str], str], "Working | None"]


@dataclass(frozen=True)
class Metric:
    name: str
    compute: Callable[[Report], float | None]  # None when the year's facts cannot give it
    kind: ValueKind
    # Decimal places shown at most; None: as the value was written (a min, max or sum of typed numbers).
    precision: int | None
    unit: str  # a key of the unit vocabulary (derive/units.py), or a team's unit printed as written
    label: str  # label key in the catalogs ("" for a team's metric, which has `titles`)
    # A label key for the explanation under a headline card: its `{placeholders}` are `label`,
    # names of other metrics (shown formatted) and the year's extra figures (lists, joined). None: the label alone.
    note: str | None = None
    # A figure of one project rather than of the year (declared figures only, with `project:`).
    of_project: Callable[[Report, str], float | None] | None = None
    titles: Mapping[str, str] = field(default_factory=dict)  # a team's metric: its name per language
    group: str = ""  # a count by choice: the declared name its per-choice figures share
    category: str = ""  # … and the choice this figure counts
    section: str = ""  # a team's metric: the records section it is derived from
    source: str = ""  # the kind of section a built-in metric is derived from
    # The fields it is derived from, so a figure resting on inferred values can say so.
    reads: tuple[str, ...] = ()
    # Where it stands among the default figures of a place ("overview", "home", "trend"), by position.
    shown: Mapping[str, int] = field(default_factory=dict)
    # Its working over a year's facts, in the labels and language given: the rule in words, the entries
    # it counted and those it left out (derive/working.py). No figure is registered without one; None
    # from it: a figure with no entries behind it to show (one project's weeks).
    working: Explain = field(kw_only=True)

    @property
    def per_project(self) -> bool:
        return self.of_project is not None

    @property
    def rests_on(self) -> str:
        """The key of the section whose file the figure is derived from: a team's records section, or a
        built-in kind's one section, which is kept under the kind's name (projects, services)."""
        return self.section or self.source

    def title(self, t: Mapping[str, str], language: str) -> str:
        if self.label:
            return t[self.label]
        return in_language(self.titles, language) or self.name.replace("_", " ")


Extras = Callable[[Report, Mapping[str, Any]], dict[str, Any]]


class Registry(dict[str, Metric]):
    """A site's metrics by name, with the data-only figures its kinds add to data.json (`extras`)."""

    def __init__(self, metrics: Iterable[Metric] = (), extras: Iterable[Extras] = ()) -> None:
        super().__init__((m.name, m) for m in metrics)
        self.extras = tuple(extras)

    def with_metrics(self, more: Iterable[Metric]) -> Registry:
        """This registry and `more` (a name already here keeps its first definition)."""
        merged = Registry(self.values(), self.extras)
        for metric in more:
            merged.setdefault(metric.name, metric)
        return merged

    def defaults(self, place: str) -> tuple[str, ...]:
        """The figures a place shows unless the settings say otherwise, in their declared order."""
        placed = [m for m in self.values() if place in m.shown]
        return tuple(m.name for m in sorted(placed, key=lambda m: m.shown[place]))

    def year_names(self) -> tuple[str, ...]:
        """The figures of a whole year: what a KPI, a card or a trend may name."""
        return tuple(name for name, m in self.items() if not m.per_project)


@dataclass(frozen=True)
class YearMetrics:
    values: Mapping[str, float | None]  # every year metric of the registry, by name
    # Figures outside the registry that the kinds add to data.json (longest projects, counts by status).
    extras: Mapping[str, Any] = field(default_factory=dict)
    # The figures with no facts behind them (their value is None): "no data", unlike a None the facts
    # give (an on-time rate without a delivered project, shown "—").
    missing: frozenset[str] = frozenset()
    # The figures as a view over several years counts the year (Report.counted_once); None: the same as `values`.
    across: Mapping[str, float | None] | None = None

    def value(self, name: str) -> float | None:
        """A figure by its metric name, as used by declared figures, KPIs, cards and trends."""
        return self.values[name]

    def over_years(self, name: str) -> float | None:
        """The figure beside other years' (the home page, the trends): a project continuing into the
        next year counts there, not here, so it counts once."""
        return (self.across if self.across is not None else self.values)[name]

    def count(self, name: str) -> int:
        """A count by its metric name, as a whole number."""
        return int(self.values[name] or 0)

    def __getattr__(self, name: str) -> Any:
        """A figure as an attribute, as templates read them (`m.on_time_rate`, `m.longest_projects`)."""
        if name.startswith("__") or "values" not in self.__dict__:
            raise AttributeError(name)
        if name in self.values:
            return self.values[name]
        if name in self.extras:
            return self.extras[name]
        raise AttributeError(f"no figure named '{name}'")


def recorded(report: Report, key: str) -> bool:
    """Does the year have a file for the section `key`? (A file with no entries is recorded.)"""
    return report.sections.get(key) is not None


def year_metrics(report: Report, registry: Registry) -> YearMetrics:
    names = registry.year_names()
    missing = frozenset(n for n in names if registry[n].rests_on and not recorded(report, registry[n].rests_on))
    values = {name: None if name in missing else registry[name].compute(report) for name in names}
    extras: dict[str, Any] = {}
    for more in registry.extras:
        extras.update(more(report, values))
    once = report.counted_once()
    across = None if once is report else {name: registry[name].compute(once) for name in registry.year_names()}
    return YearMetrics(values, extras, missing, across)


def declared_value(report: Report, metrics: YearMetrics, figure: DeclaredFigure, registry: Registry) -> float | None:
    """The derived figure a declared one states: of its project where the metric is one project's."""
    found = registry.get(figure.metric)
    if found is not None and found.of_project is not None:
        return found.of_project(report, figure.project or "")
    return metrics.values.get(figure.metric)


@dataclass(frozen=True)
class Disagreement:
    index: int  # position in report.declared
    figure: DeclaredFigure
    derived: float | None


def disagreements(report: Report, metrics: YearMetrics, registry: Registry) -> list[Disagreement]:
    """Declared figures that the facts do not reproduce."""
    found = []
    for index, figure in enumerate(report.declared):
        derived = declared_value(report, metrics, figure, registry)
        if derived is None or not matches_stated(derived, figure.value, approx=figure.approx):
            found.append(Disagreement(index, figure, derived))
    return found

"""One year as every page and chart of it sees it: its facts and figures, the site's formatter, and
what the pages around it share (the sections, the headline, the figures followed across years)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.derive.metrics import YearMetrics
from reportgen.model.facts import Report
from reportgen.render.pages import Formatter
from reportgen.sections.kind import Section
from reportgen.sections.registry import DEFAULT_SECTIONS


@dataclass(frozen=True)
class YearContext:
    report: Report
    metrics: YearMetrics
    fmt: Formatter  # the site's language, labels (fmt.labels) and metric registry
    # How the KPI targets set this year turned out, once the next year reports: kpi id -> actual.
    kpi_actuals: dict[str, float | None] = field(default_factory=dict)
    previous: Report | None = None  # last year, whose KPI targets this year is judged against
    # Last year as a year of the site, None when it is not one (a first year, or a review's stand-in):
    # a card compares with its figure, else with the target last year set.
    last_year: Report | None = None
    sections: tuple[Section, ...] = DEFAULT_SECTIONS
    headline: tuple[str, ...] = ()  # the cards the year's pages show
    followed: tuple[str, ...] = ()  # the figures followed across years, which the summary compares

    @property
    def t(self) -> dict[str, str]:
        return self.fmt.labels

    def path(self, name: str) -> str:
        return f"{self.report.year}/charts/{name}"

"""What a chart builder needs to know about one year, in the site's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.derive.metrics import YearMetrics
from reportgen.model.facts import Report
from reportgen.render.pages import Formatter


@dataclass(frozen=True)
class YearContext:
    report: Report
    metrics: YearMetrics
    t: dict[str, str]
    fmt: Formatter
    # How the KPI targets set this year turned out, once the next year reports: kpi id -> actual.
    kpi_actuals: dict[str, float | None] = field(default_factory=dict)

    def path(self, name: str) -> str:
        return f"{self.report.year}/charts/{name}"

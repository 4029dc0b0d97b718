"""What a chart builder needs to know about one year, in the site's language."""

from __future__ import annotations

from dataclasses import dataclass

from ..metrics import YearMetrics
from ..model import Report
from ..pages import Formatter


@dataclass(frozen=True)
class YearContext:
    report: Report
    metrics: YearMetrics
    t: dict[str, str]
    fmt: Formatter
    next_year: YearMetrics | None = None  # the following year's figures, once it reports them

    def path(self, name: str) -> str:
        return f"{self.report.year}/charts/{name}"

"""A records section's declared figures (count, count by choice, sum/mean/median/min/max/percentile,
mean time between two datetimes, share meeting a condition, ratio, distinct values, rate per period)
as entries of the metric registry; what each aggregation means is derive/aggregations.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from reportgen.derive.aggregations import AGGREGATIONS, Compute, Figure, Records, column_of, figures
from reportgen.derive.metrics import Explain, Metric
from reportgen.derive.working import records_working
from reportgen.model.declarations import MetricDeclaration, SectionDeclaration
from reportgen.sections.records.cells import choice_label


def _title(section: SectionDeclaration, declaration: MetricDeclaration, figure: Figure) -> dict[str, str]:
    """A figure's title per language; a count by choice names its choice as the page does (SEV1, 롤백)."""
    column = column_of(section, declaration.column) if figure.category else None
    if column is None:
        return {language: text + figure.suffix for language, text in declaration.title.items()}
    return {
        language: f"{text} · {choice_label(column, figure.category, language)}"
        for language, text in declaration.title.items()
    }


def declared_metrics(section_key: str, declaration: SectionDeclaration) -> list[Metric]:
    """The registry entries of a records section's declared figures."""
    found = []
    for metric in declaration.metrics:
        for figure in figures(declaration, metric):
            kind: Literal["count", "number"] = "count" if figure.unit == "count" else "number"
            found.append(
                Metric(
                    figure.name,
                    _rows_of(section_key, figure.compute),
                    kind,
                    figure.precision,
                    figure.unit,
                    "",
                    titles=_title(declaration, metric, figure),
                    group=metric.name if figure.category else "",
                    category=figure.category,
                    section=section_key,
                    working=_working_of(section_key, declaration, figure),
                )
            )
    return found


def _rows_of(section_key: str, compute: Compute) -> Callable[[Any], float | None]:
    # No file: no rows. The span of a rate is the report's year, up to its as_of day if it gives one.
    return lambda report: compute(Records.of_year(report.sections.get(section_key) or (), report.year, report.as_of))


def _working_of(section_key: str, declaration: SectionDeclaration, figure: Figure) -> Explain:
    """A figure's working over the same rows and span its value is computed over."""
    aggregation = AGGREGATIONS[figure.declaration.of] if figure.declaration else None

    def working(report: Any, t: Any, language: str) -> Any:
        if aggregation is None or figure.declaration is None or report.sections.get(section_key) is None:
            return None  # no file: no entries behind the figure
        records = Records.of_year(report.sections[section_key], report.year, report.as_of)
        return records_working(aggregation, figure.declaration, declaration, records, t, language)

    return working

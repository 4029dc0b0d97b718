"""How a KPI's figures read, in one place for the pages, the charts and `diff`.

A figure typed in YAML (a baseline, a target, an actual) prints with every digit it was written
with; a derived one (`baseline_from`) at its metric's precision, with more where rounding would
carry it across the target (79.96 against 80 reads 79.96, not 80).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the chart worker imports this module and should not load the model
    from reportgen.model.facts import KpiTarget
    from reportgen.render.pages import Formatter  # the page formatter, passed in by its callers


def kpi_value(fmt: Formatter, kpi: KpiTarget, value: float | None, derived_from: str | None = None) -> str:
    """A baseline or an actual of `kpi`: at the precision of the metric it is `derived_from`, else as written."""
    against = [kpi.target] if kpi.target is not None else []
    found = fmt.registry.get(derived_from) if derived_from is not None else None
    places = found.precision if found is not None else None
    return fmt.measure(value, kpi.unit, places, against=against)


def kpi_baseline_text(fmt: Formatter, kpi: KpiTarget, value: float | None) -> str:
    return kpi_value(fmt, kpi, value, kpi.baseline_from)


def kpi_actual_text(fmt: Formatter, kpi: KpiTarget, value: float | None) -> str:
    return kpi_value(fmt, kpi, value, kpi.actual_metric)


def kpi_target(fmt: Formatter, kpi: KpiTarget) -> str:
    if kpi.target is not None:
        return fmt.measure(kpi.target, kpi.unit)
    return kpi.target_text or fmt.labels["none"]


def shared_reason(verdicts: list[str], reasons: set[str]) -> str | None:
    """The one reason every target shares for not being judged (no numeric target, no data, not yet),
    said once above the table instead of in every row; None when the rows differ or are judged."""
    found = set(verdicts)
    return verdicts[0] if len(verdicts) > 1 and len(found) == 1 and found <= reasons else None

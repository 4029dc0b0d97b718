"""data.json's `working`: for each figure of the year, how it was computed, keyed like `metrics`.

A metric's entry holds its rule (structured and in words), the ids it counted and those it left out
with a reason code (derive/working.py REASONS). A KPI verdict's (`kpi:<id>`) holds the exact
comparison; a figure the document states (`stated:<metric>`, `stated:<metric>:<project>`) both values
and the tolerance they are compared with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportgen.derive.metrics import Registry, declared_value, year_metrics
from reportgen.derive.numbers import decimal_places, same
from reportgen.derive.working import Working
from reportgen.model.facts import DeclaredFigure, Report
from reportgen.sections.kpi_review import ReviewRow, review_rows


def metric_entry(working: Working) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rule": dict(working.rule),
        "text": working.text,
        "counted": list(working.counted),
        "left_out": [{"id": left.id, "reason": left.reason} for left in working.left_out],
    }
    if working.met is not None:
        entry["met"] = list(working.met)
    return entry


def comparison(row: ReviewRow) -> str | None:
    """The comparison a verdict was made by, e.g. "actual <= target" (lower is better)."""
    if row.kpi.target is None:
        return None
    return "actual >= target" if row.kpi.direction == "higher" else "actual <= target"


def verdict_entry(row: ReviewRow) -> dict[str, Any]:
    equal = row.actual is not None and row.kpi.target is not None and same(row.actual, row.kpi.target)
    return {
        "metric": row.kpi.actual_metric,
        "actual": row.actual,  # unrounded: rounding must never be what flips a verdict
        "target": row.kpi.target,
        "direction": row.kpi.direction,
        "comparison": comparison(row),
        "equal": equal,  # an actual equal to its target (up to binary noise) meets it
        "verdict": row.verdict,
    }


def tolerance(figure: DeclaredFigure) -> dict[str, Any]:
    """How a derived figure is compared with the stated one (derive/numbers.py matches_stated)."""
    places = decimal_places(figure.value)
    return {"places": places, "rounds_or_truncates": True, "approx_within": 10**-places if figure.approx else None}


def stated_key(figure: DeclaredFigure) -> str:
    return f"stated:{figure.metric}" + (f":{figure.project}" if figure.project else "")


def working_data(
    report: Report, previous: Report | None, registry: Registry, t: Mapping[str, str], language: str
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in registry.year_names():
        working = registry[name].working(report, t, language)
        if working is not None:
            found[name] = metric_entry(working)
    for row in review_rows(report, previous, registry):
        found[f"kpi:{row.kpi.id}"] = verdict_entry(row)
    metrics = year_metrics(report, registry)
    for figure in report.declared:
        found[stated_key(figure)] = {
            "stated": figure.value,
            "derived": declared_value(report, metrics, figure, registry),
            "approx": figure.approx,
            "tolerance": tolerance(figure),
            "source": figure.source,
        }
    return found

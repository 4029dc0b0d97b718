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
    """A metric's entry, with nothing said twice and nothing empty: the rule without a null column or
    empty options, the left-out ids grouped under their reason code, `left_out` only where some are."""
    rule = {k: v for k, v in working.rule.items() if not ((k == "column" and v is None) or (k == "options" and not v))}
    entry: dict[str, Any] = {"rule": rule, "text": working.text, "counted": list(working.counted)}
    if working.left_out:
        entry["left_out"] = dict(working.by_reason())
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


def source_entries(report: Report, sections: list[str]) -> dict[str, Any]:
    """Where the facts are, once per section (`source:<section>`, the `of` of a figure's rule): the
    file, each entry's line by id, and an export's rows (1: its first record). The sections the figures
    count come first, then any other whose entries have lines (achievements), so the year reads back
    whole (year_data.report_from_json)."""
    found: dict[str, Any] = {}
    for key in dict.fromkeys([*sections, *report.places]):
        place = report.places.get(key)
        if place is not None:
            found[f"source:{key}"] = place.model_dump(exclude_defaults=True)
    return found


def _implied(working: Working, report: Report) -> bool:
    """Whether the figure counted every entry of its section, in the file's order, leaving none out:
    data.json then leaves `counted` to be read off `source:<of>`, rather than list the ids twice."""
    place = report.places.get(working.section)
    return place is not None and not working.left_out and list(working.counted) == list(place.lines)


def counted_ids(working: Mapping[str, Any], name: str) -> list[str]:
    """A metric entry's counted ids, read back from data.json's `working`: its `counted`, else every
    entry of `source:<of>` (an entry leaves `counted` out where it counted all and left none out)."""
    entry = working[name]
    if "counted" in entry:
        return list(entry["counted"])
    return list(working[f"source:{entry['rule']['of']}"]["lines"])


def left_out_count(entry: Mapping[str, Any]) -> int:
    return sum(len(ids) for ids in entry.get("left_out", {}).values())


def working_data(
    report: Report, previous: Report | None, registry: Registry, t: Mapping[str, str], language: str
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    counted: list[str] = []  # the sections the figures count, in the order they first do
    for name in registry.year_names():
        working = registry[name].working(report, t, language)
        if working is not None:
            found[name] = metric_entry(working)
            if _implied(working, report):
                del found[name]["counted"]
            counted.append(working.section)
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
    return {**found, **source_entries(report, counted)}

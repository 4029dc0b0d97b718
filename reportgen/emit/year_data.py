"""Each year's facts and derived figures as data files: JSON for programs, CSV for spreadsheets."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reportgen.derive import metrics
from reportgen.model.facts import Report

if TYPE_CHECKING:
    from reportgen.sections.registry import Section

FORMAT = "reportgen-year"
# Bump when a reader of an older file would misread a newer one.
# 2: the groups sections moved under facts.groups (by section key); metrics hold every registry figure.
FORMAT_VERSION = 2


def kpi_review_data(report: Report, previous: Report | None, registry: metrics.Registry) -> list[dict[str, Any]]:
    """This year's results against the targets last year set, each with its verdict."""
    if previous is None or previous.kpis is None:
        return []
    reviews = {review.kpi: review for review in reversed(report.kpi_reviews)}  # the first entry wins
    actuals = metrics.kpi_actuals(previous.kpis, report, registry)
    baselines = metrics.year_metrics(previous, registry)
    rows = []
    for kpi in previous.kpis.quantitative:  # every target, reviewed or not
        review = reviews.get(kpi.id)
        rows.append(
            {
                "kpi": kpi.id,
                "baseline": metrics.kpi_baseline(kpi, baselines),
                "target": kpi.target,
                "target_text": kpi.target_text,
                "direction": kpi.direction,
                "actual": actuals.get(kpi.id),
                "verdict": metrics.kpi_verdict(kpi, actuals.get(kpi.id)),
                "result": review.result if review is not None else None,
            }
        )
    return rows


def year_data(
    report: Report, previous: Report | None = None, registry: metrics.Registry = metrics.METRICS
) -> dict[str, Any]:
    figures = metrics.year_metrics(report, registry)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "year": report.year,
        "facts": report.model_dump(mode="json"),
        "metrics": {
            **figures.values,
            "unknown_delivery_count": figures.unknown_delivery_count,
            "longest_projects": list(figures.longest_projects),
            "service_status_counts": [list(pair) for pair in figures.service_status_counts],
        },
        "project_weeks": {p.id: metrics.project_weeks(p) for p in report.projects},
        "disagreements": [
            {
                "metric": d.figure.metric,
                "project": d.figure.project,
                "stated": d.figure.value,
                "derived": d.derived,
                "source": d.figure.source,
            }
            for d in metrics.disagreements(report, figures)
        ],
        "kpi_review": kpi_review_data(report, previous, registry),
    }


def year_json(report: Report, previous: Report | None = None, registry: metrics.Registry = metrics.METRICS) -> bytes:
    return (json.dumps(year_data(report, previous, registry), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def report_from_json(content: bytes, sections: tuple[Section, ...] | None = None) -> Report:
    """Read a year back; refuses a file of another format or a newer version.

    A records section's rows come back typed (datetimes, durations) when its declaration is given
    in `sections` (the site's sections); without it they stay as JSON wrote them.
    """
    data = json.loads(content)
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"not a {FORMAT} file of version {FORMAT_VERSION}")
    facts = data["facts"]
    for section in sections or ():
        rows = facts.get("records", {}).get(section.key)
        if section.file_model is not None and rows is not None:
            typed = section.file_model.model_validate({"records": rows})
            facts["records"][section.key] = [row.model_dump() for row in typed.records]  # type: ignore[attr-defined]
    return Report.model_validate(facts)


def projects_csv(report: Report) -> bytes:
    """The projects as a spreadsheet (the projects section's CSV export)."""
    from reportgen.sections.registry import DEFAULT_SECTIONS, PROJECTS, of_kind

    section = of_kind(DEFAULT_SECTIONS, PROJECTS)
    assert section is not None and PROJECTS.csv is not None
    return PROJECTS.csv(report, section)

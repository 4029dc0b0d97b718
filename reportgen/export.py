"""Each year's facts and derived figures as data files: JSON for programs, CSV for spreadsheets."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any

from . import metrics
from .model import Report

FORMAT = "reportgen-year"
FORMAT_VERSION = 1  # bump when a reader of an older file would misread a newer one


def kpi_review_data(report: Report, previous: Report | None) -> list[dict[str, Any]]:
    """This year's results against the targets last year set, each with its verdict."""
    if previous is None or previous.kpis is None:
        return []
    targets = {kpi.id: kpi for kpi in previous.kpis.quantitative}
    actuals = metrics.kpi_actuals(previous.kpis, report)
    baselines = metrics.year_metrics(previous)
    rows = []
    for review in report.kpi_reviews:
        kpi = targets[review.kpi]
        rows.append(
            {
                "kpi": kpi.id,
                "baseline": metrics.kpi_baseline(kpi, baselines),
                "target": kpi.target,
                "target_text": kpi.target_text,
                "direction": kpi.direction,
                "actual": actuals.get(kpi.id),
                "verdict": metrics.kpi_verdict(kpi, actuals.get(kpi.id)),
                "result": review.result,
            }
        )
    return rows


def year_data(report: Report, previous: Report | None = None) -> dict[str, Any]:
    figures = metrics.year_metrics(report)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "year": report.year,
        "facts": report.model_dump(mode="json"),
        "metrics": dataclasses.asdict(figures),
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
        "kpi_review": kpi_review_data(report, previous),
    }


def year_json(report: Report, previous: Report | None = None) -> bytes:
    return (json.dumps(year_data(report, previous), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def report_from_json(content: bytes) -> Report:
    """Read a year back; refuses a file of another format or a newer version."""
    data = json.loads(content)
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"not a {FORMAT} file of version {FORMAT_VERSION}")
    return Report.model_validate(data["facts"])


def projects_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "name", "start", "end", "weeks", "status", "delivery", "tags"])
    for p in report.projects:
        weeks = metrics.project_weeks(p)
        writer.writerow(
            [
                p.id,
                p.name,
                p.start or "",
                p.end or "",
                "" if weeks is None else round(weeks, 2),
                p.status,
                p.delivery,
                "; ".join(p.tags),
            ]
        )
    # The byte order mark makes Excel read the file as UTF-8, so Hangul is not garbled.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

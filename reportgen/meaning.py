"""Checks of meaning: facts that are well formed but cannot all be true, or that change a figure unnoticed.

They run on a year that passed the checks of form, and report at the positions the loader kept.
An error is a fact that would make a derived figure wrong; a warning is one a person must decide on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any

from . import metrics
from .loader import Document, KeyPath
from .model import KpiReviewFile, KpisFile, KpiTarget, Project, Report
from .problems import Problem, Severity


def _same_name(name: str) -> str:
    """Names that a reader would take for the same project: case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _delivery_problems(doc: Document, index: int, project: Project) -> Iterator[Problem]:
    if project.status == "cancelled" and project.delivery in ("on_time", "delayed"):
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is cancelled but its delivery is '{project.delivery}'",
            "a cancelled project was not delivered: remove 'delivery' (or write 'delivery: unknown'), "
            "or correct the status",
        )
    if project.status == "completed" and "delivery" not in project.model_fields_set:
        yield doc.problem(
            ("projects", index, "status"),
            f"project '{project.name}' is completed but has no delivery outcome",
            "add 'delivery: on_time' or 'delivery: delayed'; until then it is left out of the on-time rate",
            severity=Severity.WARNING,
        )


def _date_problems(doc: Document, index: int, project: Project, year: int) -> Iterator[Problem]:
    if project.spans_years:
        return
    for field in ("start", "end"):
        day: date | None = getattr(project, field)
        if day is not None and day.year != year:
            yield doc.problem(
                ("projects", index, field),
                f"project '{project.name}' {'starts' if field == 'start' else 'ends'} on {day}, outside {year}",
                "correct the date, or add 'spans_years: true' to the project if it really runs across years",
                severity=Severity.WARNING,
            )


def _lists(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, list[Any]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _lists(value, (*path, key))
    elif isinstance(data, list):
        yield path, data
        for index, value in enumerate(data):
            yield from _lists(value, (*path, index))


def _text_of(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("text"), str) and set(entry) <= {"text", "project"}:
        return entry["text"]
    return None


def repeated_entries(doc: Document) -> list[Problem]:
    """The same entry twice in one list, in any file: a named entry (a project, a service) twice is
    counted twice, an error; the same line of text twice is a copy a person should look at."""
    problems = []
    for path, entries in _lists(doc.data):
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            named = isinstance(entry, dict) and isinstance(entry.get("name"), str)
            text = entry["name"] if named else _text_of(entry)
            if text is None:
                continue
            key = _same_name(text)
            if key not in seen:
                seen[key] = index
                continue
            where = (*path, index, "name") if named else (*path, index)
            line, col = doc.where((*path, seen[key], "name") if named else (*path, seen[key]))
            problems.append(
                doc.problem(
                    where,
                    f"'{text}' is listed twice (also at line {line}, column {col})",
                    "list it once: remove the copy, or tell the two apart"
                    + ("; each entry is counted in the figures" if named else ""),
                    severity=Severity.ERROR if named else Severity.WARNING,
                )
            )
    return problems


def project_problems(report: Report, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    for index, project in enumerate(report.projects):
        problems += _delivery_problems(doc, index, project)
        problems += _date_problems(doc, index, project, report.year)
    return problems


def _wrong_side(kpi: KpiTarget, baseline: float | None) -> bool:
    if kpi.target is None or baseline is None:
        return False
    return kpi.target < baseline if kpi.direction == "higher" else kpi.target > baseline


def kpi_problems(report: Report, doc: Document, registry: metrics.Registry = metrics.METRICS) -> list[Problem]:
    """A target that would be a step backwards for its own direction is a typo in one of the three."""
    targets: KpisFile | None = report.kpis
    if targets is None:
        return []
    figures = metrics.year_metrics(report, registry)
    problems = []
    for index, kpi in enumerate(targets.quantitative):
        if kpi.baseline_from is not None and kpi.baseline_from not in registry:
            continue  # an unknown metric name is reported where it is checked, against the registry
        baseline = metrics.kpi_baseline(kpi, figures)
        if _wrong_side(kpi, baseline):
            better = "higher" if kpi.direction == "higher" else "lower"
            side = "below" if kpi.direction == "higher" else "above"
            problems.append(
                doc.problem(
                    ("quantitative", index, "target"),
                    f"the target {kpi.target:g} of '{kpi.metric}' is {side} its baseline {baseline:g}, "
                    f"but {better} is better (direction: {kpi.direction})",
                    "correct the target, the baseline or the direction",
                )
            )
    return problems


def review_problems(review: KpiReviewFile, doc: Document, targets: dict[str, KpiTarget]) -> list[Problem]:
    """A review as `new-year` wrote it, with nothing filled in, reports nothing; say so."""
    problems = []
    filled = False
    for index, entry in enumerate(review.reviews):
        kpi = targets.get(entry.kpi)
        derived = kpi is not None and kpi.actual_metric is not None
        filled = filled or entry.result is not None or entry.actual is not None
        if kpi is not None and not derived and entry.actual is None and kpi.target is not None:
            problems.append(
                doc.problem(
                    ("reviews", index),
                    f"the review of '{entry.kpi}' has no actual",
                    f"add 'actual:' with the figure this year reached against the target {kpi.target:g}; "
                    "until then its verdict is 'no data'",
                    severity=Severity.WARNING,
                )
            )
    if review.reviews and not filled:
        problems.append(
            doc.problem(
                (),
                "this KPI review is not filled in: no entry has an actual or a result",
                "for each KPI, add 'actual:' (where the figure is not derived) and 'result:' (one line on how it went)",
                severity=Severity.WARNING,
            )
        )
    return problems

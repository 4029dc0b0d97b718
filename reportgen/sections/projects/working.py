"""The working of the projects' figures: which projects each counts and why the others are left out.

Each figure's rule is written once here, as data (the aggregation it amounts to, its column, its
condition) and as a label; the projects it counts are picked by the same readings its value is
computed with (`counted_weeks`, `delivery`), so the note and the figure cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reportgen.derive.metrics import Explain
from reportgen.derive.working import Left, Working
from reportgen.load.catalogs import fill
from reportgen.model.facts import Project, Report
from reportgen.sections.projects.facts import KEY, counted_weeks, projects

# Why a project is left out: None when it counts, else a reason code (derive/working.py REASONS).
Why = Callable[[Project], str | None]


def _duration_why(project: Project) -> str | None:
    if counted_weeks(project) is not None:
        return None
    if project.status == "cancelled":
        return "cancelled"
    if project.status == "in_progress":
        return "in_progress"
    return "no_dates"


def _status(status: str) -> Why:
    return lambda p: None if p.status == status else "other_status"


def _delivery(*outcomes: str) -> Why:
    return lambda p: None if p.delivery in outcomes else ("unknown_delivery" if len(outcomes) > 1 else "other_delivery")


def working(
    label: str, aggregation: str, why: Why, column: str | None = None, options: Mapping[str, Any] | None = None
) -> Explain:
    """A projects figure's working: `label` words its rule, `why` says which projects it leaves out."""

    def explain(report: Report, t: Mapping[str, str], language: str) -> Working | None:
        if report.sections.get(KEY) is None:
            return None  # no projects file: no entries behind the figure
        counted, left = [], []
        for project in projects(report):
            reason = why(project)
            counted.append(project.id) if reason is None else left.append(Left(project.id, reason))
        rule = {"aggregation": aggregation, "of": KEY, "column": column, "options": dict(options or {})}
        value = str((options or {}).get("where", {}).get("equals", ""))
        reasons = {
            "other_status": fill(t["reason_other_status"], value=t.get(f"status_{value}", value)),
            "other_delivery": fill(t["reason_other_delivery"], value=t.get(f"delivery_{value}", value)),
        }
        return Working(KEY, rule, t[label], tuple(counted), tuple(left), reasons)

    return explain


def _where(column: str, *values: str) -> dict[str, Any]:
    return {"where": {"column": column, "equals": values[0]} if len(values) == 1 else {"column": column, "in": values}}


EVERY: Why = lambda p: None  # noqa: E731
WORKINGS: dict[str, Explain] = {
    "project_count": working("rule_project_count", "count", EVERY),
    "completed_count": working(
        "rule_completed_count", "count", _status("completed"), options=_where("status", "completed")
    ),
    "on_time_count": working(
        "rule_on_time_count", "count", _delivery("on_time"), options=_where("delivery", "on_time")
    ),
    "delayed_count": working(
        "rule_delayed_count", "count", _delivery("delayed"), options=_where("delivery", "delayed")
    ),
    "known_delivery_count": working(
        "rule_known_delivery_count",
        "count",
        _delivery("on_time", "delayed"),
        options=_where("delivery", "on_time", "delayed"),
    ),
    "on_time_rate": working(
        "rule_on_time_rate",
        "share",
        _delivery("on_time", "delayed"),
        "delivery",
        {
            "where": {"column": "delivery", "equals": "on_time"},
            "among": {"column": "delivery", "in": ["on_time", "delayed"]},
        },
    ),
    "longest_weeks": working("rule_longest_weeks", "max", _duration_why, "weeks"),
    "average_weeks": working("rule_average_weeks", "mean", _duration_why, "weeks"),
    "dated_project_count": working("rule_dated_project_count", "count", _duration_why, "weeks"),
    "project_weeks": lambda report, t, language: None,  # one project's: a declared figure states it
}

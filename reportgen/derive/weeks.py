"""A project's duration in weeks, from its dates."""

from __future__ import annotations

from datetime import date

from reportgen.model.facts import Project


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from start to end: the days between them divided by 7, rounded to the nearest week.

    Monday to the Monday 38 weeks later is 38 (266 days); Monday 1 April to Friday 31 May is 9
    (60 days, 8.6 weeks: nine working weeks). Counting calendar weeks touched would give 39 for the
    first, and truncating would give 8 for the second. Days / 7 is never exactly half a week, so
    the rounding has no ties.
    """
    return round((end - start).days / 7)


def project_weeks(project: Project) -> int | None:
    if project.start is None or project.end is None:
        return None
    return weeks_between(project.start, project.end)

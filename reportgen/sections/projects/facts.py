"""A year's projects as the Report keeps them, and the two readings every stage shares: which weeks
count in the duration figures, and which years a project continues from or into."""

from __future__ import annotations

from reportgen.derive.weeks import project_weeks
from reportgen.model.facts import Project, Report

KEY = "projects"
STARTER = "projects.yaml"  # its starter template, in cli/starters/ (words from the catalog)


def projects(report: Report) -> tuple[Project, ...]:
    """The year's projects, in content order (none when the year has no projects file)."""
    return report.sections.get(KEY) or ()  # None: the year has no projects file


def project(report: Report, project_id: str) -> Project:
    return next(p for p in projects(report) if p.id == project_id)


def counted_weeks(project: Project) -> int | None:
    """A project's weeks as the year's duration figures (longest, average) count them, or None.

    Only a project with both dates counts, and neither a cancelled one (it never ran its course) nor
    one still in progress: a project across years counts in the year it ends, where it is listed with
    its outcome. A project of unknown status counts: the seed's stated average (~20) includes two."""
    if project.status in ("cancelled", "in_progress"):
        return None
    return project_weeks(project)


def continuation(report: Report, project: Project) -> tuple[int | None, int | None]:
    """The years a project of `report` continues from and into: the neighbouring year lists it under the
    same id, or its dates run past the year's edge (a project in progress, planned into next year)."""
    year, start, end = report.year, project.start, project.end
    before = project.id in report.continues_from_previous(KEY) or (
        start is not None and start.year < year and (end is None or end.year >= year)
    )
    after = project.id in report.continues_into_next(KEY) or (
        end is not None and end.year > year and (start is None or start.year <= year)
    )
    return (year - 1 if before else None, year + 1 if after else None)

"""The projects section: each project with its dates, status and delivery, and the figures derived from them.

Everything about the kind is here: the file model, how the Report keeps it, its page, its CSV,
its figures (counts, on-time rate, durations), its checks of meaning, and the check that every
`project:` reference anywhere in a year names one of its projects. A project across years (its
dates against its year, the checks across years, new-year carrying it) is in years.py.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from reportgen.derive.metrics import Metric, recorded
from reportgen.derive.weeks import project_weeks
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity, display_path, suggest
from reportgen.model.facts import Project, ProjectsFile, Report
from reportgen.model.fields import is_project_ref
from reportgen.sections.anchors import all_anchors, row_anchor
from reportgen.sections.kind import Cell, Section, SectionKind, YearCheck, YearFiles, csv_bytes
from reportgen.sections.projects.facts import KEY, STARTER, continuation, counted_weeks, project, projects
from reportgen.sections.projects.working import WORKINGS
from reportgen.sections.projects.years import date_problems, link_years, site_checks, starter

# ---- figures


def _durations(report: Report) -> list[float]:
    return [w for p in projects(report) if (w := counted_weeks(p)) is not None]


def _delivered(report: Report, outcome: str) -> int:
    return sum(1 for p in projects(report) if p.delivery == outcome)


def _on_time_rate(report: Report) -> float | None:
    on_time, delayed = _delivered(report, "on_time"), _delivered(report, "delayed")
    return 100 * on_time / (on_time + delayed) if on_time + delayed else None


def _average_weeks(report: Report) -> float | None:
    durations = _durations(report)
    return sum(durations) / len(durations) if durations else None


def _one_project_weeks(report: Report, project_id: str) -> float | None:
    return project_weeks(project(report, project_id))


def _metric(name: str, compute: Any, kind: Any, precision: int, unit: str, label: str, **more: Any) -> Metric:
    return Metric(name, compute, kind, precision, unit, label, source=KEY, working=WORKINGS[name], **more)


DATES = ("start", "end")
METRICS = (
    _metric(
        "project_count",
        lambda r: len(projects(r)),
        "count",
        0,
        "items",
        "total_projects",
        shown={"overview": 0, "home": 0, "trend": 0},
    ),
    _metric(
        "completed_count",
        lambda r: sum(1 for p in projects(r) if p.status == "completed"),
        "count",
        0,
        "count",
        "status_completed",
        reads=("status",),
    ),
    _metric("on_time_count", lambda r: _delivered(r, "on_time"), "count", 0, "count", "on_time", reads=("delivery",)),
    _metric(
        "delayed_count",
        lambda r: _delivered(r, "delayed"),
        "count",
        0,
        "count",
        "delayed",
        reads=("delivery",),
        shown={"overview": 2},
    ),
    _metric(
        "known_delivery_count",
        lambda r: _delivered(r, "on_time") + _delivered(r, "delayed"),
        "count",
        0,
        "items",
        "known_delivery",
        reads=("delivery",),
    ),
    _metric(
        "on_time_rate",
        _on_time_rate,
        "number",
        1,
        "percent",
        "on_time_rate",
        note="note_on_time_rate",
        reads=("delivery",),
        shown={"overview": 1, "home": 1, "trend": 1},
    ),
    _metric(
        "longest_weeks",
        lambda r: max(_durations(r), default=None),
        "number",
        1,
        "weeks",
        "longest",
        note="note_longest",
        reads=DATES,
        shown={"overview": 3},
    ),
    _metric(
        "average_weeks",
        _average_weeks,
        "number",
        1,
        "weeks",
        "average",
        note="note_average",
        reads=DATES,
        shown={"overview": 4, "home": 2, "trend": 2},
    ),
    _metric("dated_project_count", lambda r: len(_durations(r)), "count", 0, "items", "dated_projects", reads=DATES),
    # One project's weeks: only a declared figure names it, with `project:`.
    _metric("project_weeks", lambda r: None, "number", 1, "weeks", "weeks", of_project=_one_project_weeks),
)


def _extras(report: Report, values: Mapping[str, Any]) -> dict[str, Any]:
    """data.json's figures beside the registry's: the projects of unknown delivery, and the longest by name."""
    if not recorded(report, KEY):  # no projects file: no data, not zero
        return {"unknown_delivery_count": None, "longest_projects": None}
    longest = values["longest_weeks"]
    dated = [(p.name, w) for p in projects(report) if (w := counted_weeks(p)) is not None]
    return {
        "unknown_delivery_count": _delivered(report, "unknown"),
        "longest_projects": [name for name, w in dated if w == longest],
    }


# ---- pages and data


def _page(pages: Any, section: Section) -> dict[str, Any]:
    rows = []
    for p, anchor in zip(projects(pages.report), all_anchors(pages.report, section), strict=True):
        from_year, into_year = continuation(pages.report, p)
        rows.append(
            {
                "project": p,
                "weeks": project_weeks(p),
                "from_year": from_year,
                "into_year": into_year,
                "anchor": row_anchor(anchor),
            }
        )
    return {"rows": rows}


def _csv(report: Report, section: Section) -> bytes:
    # `inferred`: which values the team inferred, and why, so a spreadsheet does not read them as stated.
    rows: list[list[Cell]] = [["id", "name", "start", "end", "weeks", "status", "delivery", "tags", "inferred"]]
    for p in projects(report):
        weeks = project_weeks(p)
        rows.append(
            [
                p.id,
                p.name,
                str(p.start or ""),
                str(p.end or ""),
                "" if weeks is None else round(weeks, 2),  # a number, never led by an apostrophe
                p.status,
                p.delivery,
                "; ".join(p.tags),
                "; ".join(f"{field}: {reason}" for field, reason in p.inferred.items()),
            ]
        )
    return csv_bytes(rows)


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    # null: the year has no projects file (no data), where [] is a file without projects.
    return {KEY: [p.model_dump(mode="json") for p in projects(report)] if recorded(report, KEY) else None}


def _read(facts: Mapping[str, Any], section: Section) -> tuple[Project, ...] | None:
    found = facts.get(KEY)
    return None if found is None else ProjectsFile.model_validate({KEY: found}).projects


# ---- checks


def _delivery_problems(doc: Document, index: int, project: Project) -> Iterator[Problem]:
    if project.status == "cancelled" and project.delivery in ("on_time", "delayed"):
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is cancelled but its delivery is '{project.delivery}'",
            "a cancelled project was not delivered: remove 'delivery' (or write 'delivery: unknown'), "
            "or correct the status",
            code="delivery-contradicts-status",
        )
    if project.status == "in_progress" and project.delivery == "on_time":
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is still in progress but its delivery is 'on_time'",
            "an unfinished project has not been delivered on time yet: write 'delivery: unknown', "
            "or 'delivery: delayed' if it is already late",
            code="delivery-contradicts-status",
        )
    if project.status == "completed" and "delivery" not in project.model_fields_set:
        yield doc.problem(
            ("projects", index, "status"),
            f"project '{project.name}' is completed but has no delivery outcome",
            "add 'delivery: on_time' or 'delivery: delayed'; until then it is left out of the on-time rate",
            severity=Severity.WARNING,
            code="missing-delivery",
        )
    elif project.status == "completed" and project.delivery == "unknown":
        yield doc.problem(
            ("projects", index, "delivery"),
            f"project '{project.name}' is completed but its delivery is 'unknown'",
            "write 'delivery: on_time' or 'delivery: delayed' if it is known; "
            "until then it is left out of the on-time rate",
            severity=Severity.WARNING,
            code="missing-delivery",
        )


def _meaning_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    facts, doc = check.year.of(section)
    if facts is None or doc is None or check.report is None:
        return []
    problems: list[Problem] = []
    for index, entry in enumerate(projects(check.report)):
        problems += _delivery_problems(doc, index, entry)
        problems += date_problems(doc, index, entry, check.report.year)
    return problems


def _walk_refs(value: Any, path: KeyPath) -> typing.Iterator[tuple[KeyPath, Any]]:
    """Every project reference anywhere inside a validated file, with its path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            inner = getattr(value, name)
            if is_project_ref(type(value), name) and isinstance(inner, str):
                yield (*path, name), inner
            else:
                yield from _walk_refs(inner, (*path, name))
    elif isinstance(value, tuple):
        for index, entry in enumerate(value):
            yield from _walk_refs(entry, (*path, index))


def _project_refs(year: YearFiles) -> typing.Iterator[tuple[Document, KeyPath, str]]:
    """Every place in a year that names a project by id: any `project:` field of any file."""
    for file, facts in year.files.items():
        for path, project_id in _walk_refs(facts, ()):
            yield year.docs[file], path, project_id


def _check_references(check: YearCheck, section: Section | None) -> list[Problem]:
    """Every `project:` of the year names a project of its projects file (whether or not the site has one)."""
    year = check.year
    facts, _ = year.of(section)
    if section is not None and section.file in year.failed:
        return []  # the projects file has its own errors; every reference to it would only repeat them
    listed: ProjectsFile | None = facts
    known = {p.id for p in listed.projects} if listed else set()
    where = display_path(check.folder / (section.file if section else "projects.yaml"), check.root)
    problems = []
    for doc, path, project_id in _project_refs(year):
        if project_id not in known:
            hint = suggest(project_id, known) or f"define a project with this id in {where}"
            message = f"unknown project '{project_id}' (projects are defined in {where})"
            problems.append(doc.problem(path, message, hint, code="unknown-project"))
    return problems


def _present(report: Report, section: Section) -> bool:
    return bool(projects(report))


def _facts(report: Report, section: Section) -> tuple[Project, ...]:
    return projects(report)


def _store(section: Section, facts: ProjectsFile) -> tuple[Project, ...]:
    return facts.projects


KIND = SectionKind(
    KEY,
    ProjectsFile,
    "year/projects.md.j2",
    STARTER,
    store=_store,
    page=_page,
    present=_present,
    facts=_facts,
    data=_data,
    read=_read,
    order=0,
    unique=("projects",),
    csv=_csv,
    metrics=METRICS,
    extras=_extras,
    form_checks=_check_references,
    meaning_checks=_meaning_checks,
    site_checks=site_checks,
    link_years=link_years,
    starter_from=starter,
    entries=lambda report, section: [(p.id, True) for p in projects(report)],
)

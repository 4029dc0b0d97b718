"""The projects section: each project with its dates, status and delivery, and the figures derived from them.

Everything about the kind is here: the file model, how the Report keeps it, its page, its CSV,
its figures (counts, on-time rate, durations), its checks of meaning, and the check that every
`project:` reference anywhere in a year names one of its projects.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from reportgen.derive.metrics import Metric, Registry
from reportgen.derive.weeks import project_weeks
from reportgen.load.loader import Document, KeyPath, load_packaged
from reportgen.load.locations import STARTERS
from reportgen.load.problems import Problem, Severity, display_path, suggest
from reportgen.model.facts import Continued, Project, ProjectsFile, Report
from reportgen.model.fields import is_project_ref
from reportgen.sections.kind import Cell, Section, SectionKind, YearCheck, YearFiles, csv_bytes

KEY = "projects"
STARTER = "projects.yaml"  # its starter file, under cli/starters/<language>/


def projects(report: Report) -> tuple[Project, ...]:
    """The year's projects, in content order (none when the year has no projects file)."""
    return report.sections.get(KEY, ())


def project(report: Report, project_id: str) -> Project:
    return next(p for p in projects(report) if p.id == project_id)


# ---- figures


def counted_weeks(project: Project) -> int | None:
    """A project's weeks as the year's duration figures (longest, average) count them, or None.

    Only a project with both dates counts, and neither a cancelled one (it never ran its course) nor
    one still in progress: a project across years counts in the year it ends, where it is listed with
    its outcome. A project of unknown status counts: the seed's stated average (~20) includes two."""
    if project.status in ("cancelled", "in_progress"):
        return None
    return project_weeks(project)


def _durations(report: Report) -> list[float]:
    return [w for p in projects(report) if (w := counted_weeks(p)) is not None]


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
    return Metric(name, compute, kind, precision, unit, label, source=KEY, **more)


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
    longest = values["longest_weeks"]
    dated = [(p.name, w) for p in projects(report) if (w := counted_weeks(p)) is not None]
    return {
        "unknown_delivery_count": _delivered(report, "unknown"),
        "longest_projects": [name for name, w in dated if w == longest],
    }


# ---- pages and data


def _page(pages: Any, section: Section) -> dict[str, Any]:
    rows = []
    for p in projects(pages.report):
        from_year, into_year = continuation(pages.report, p)
        rows.append({"project": p, "weeks": project_weeks(p), "from_year": from_year, "into_year": into_year})
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
    return {KEY: [p.model_dump(mode="json") for p in projects(report)]}


def _read(facts: Mapping[str, Any], section: Section) -> tuple[Project, ...]:
    return ProjectsFile.model_validate({KEY: facts.get(KEY, [])}).projects


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


SPANS_HINT = "correct the date, or add 'spans_years: true' to the project if it really runs across years"


def _date_problems(doc: Document, index: int, project: Project, year: int) -> Iterator[Problem]:
    start, end = project.start, project.end
    if project.spans_years:
        if start is not None and end is not None and not start.year <= year <= end.year:
            yield doc.problem(
                ("projects", index, "spans_years"),
                f"project '{project.name}' runs from {start} to {end}, which does not touch {year}",
                f"correct the dates, or move the project to the report of the year it ran in; "
                f"'spans_years' is for a project that runs in {year} and beyond it",
                severity=Severity.WARNING,
                code="outside-year",
            )
        return
    # A start before the year is checked with the year before (_site_checks): a project carried
    # over from it keeps its start there.
    if start is not None and start.year > year:
        yield _outside(doc, index, project, "start", year, SPANS_HINT)
    if end is not None and end.year < year:
        yield _outside(doc, index, project, "end", year, SPANS_HINT)
    elif end is not None and end.year > year and project.status != "in_progress":
        hint = (
            f"a project still running at the end of {year} is 'status: in_progress' here and is listed "
            f"again in {year + 1} under the same id (new-year carries it); or {SPANS_HINT}"
        )
        yield _outside(doc, index, project, "end", year, hint)


def _outside(doc: Document, index: int, project: Project, field: str, year: int, hint: str) -> Problem:
    day: date | None = getattr(project, field)
    return doc.problem(
        ("projects", index, field),
        f"project '{project.name}' {'starts' if field == 'start' else 'ends'} on {day}, outside {year}",
        hint,
        severity=Severity.WARNING,
        code="outside-year",
    )


def _meaning_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    facts, doc = check.year.of(section)
    if facts is None or doc is None or check.report is None:
        return []
    problems: list[Problem] = []
    for index, entry in enumerate(projects(check.report)):
        problems += _delivery_problems(doc, index, entry)
        problems += _date_problems(doc, index, entry, check.report.year)
    return problems


# ---- across years: a project id in two consecutive years is one project


def _link_years(report: Report, previous: Report | None, following: Report | None) -> Report:
    """The year with the projects its neighbouring years list too, under the same id (consecutive years only)."""
    year = report.year
    before = {p.id for p in projects(previous)} if previous is not None and previous.year == year - 1 else set()
    after = {p.id for p in projects(following)} if following is not None and following.year == year + 1 else set()
    own = [p.id for p in projects(report)]
    found = Continued(from_previous=tuple(i for i in own if i in before), into_next=tuple(i for i in own if i in after))
    if not (found.from_previous or found.into_next):
        return report  # the same object: a year without such projects is exactly as it was
    return report.model_copy(update={"continued": {**report.continued, KEY: found}})


def _at(doc: Document, path: KeyPath) -> str:
    line, col = doc.where(path)
    return f"{doc.display}:{line}:{col}"


def _continued_problems(
    year: int, doc: Document, listed: ProjectsFile, earlier_doc: Document, earlier: ProjectsFile
) -> list[Problem]:
    """A project listed in `year - 1` and `year` under one id: the same start, in progress the year before, one name."""
    problems = []
    before = {p.id: (index, p) for index, p in enumerate(earlier.projects)}
    for index, project in enumerate(listed.projects):
        if project.id not in before:
            continue
        first_index, first = before[project.id]
        there = _at(earlier_doc, ("projects", first_index, "start" if first.start else "id"))
        if first.start is not None and project.start != first.start:
            here = f"starts on {project.start} here" if project.start else "has no dates here"
            problems.append(
                doc.problem(
                    ("projects", index, "start" if project.start else "id"),
                    f"project '{project.name}' continues from {year - 1} (the same id '{project.id}' there), "
                    f"but {here} and on {first.start} there",
                    f"a project across years keeps its start: write 'start: {first.start}' as at {there}, "
                    f"or give one of the two an id of its own",
                    code="continued-start-differs",
                )
            )
        if first.status != "in_progress":
            field = "status" if "status" in first.model_fields_set else "id"
            problems.append(
                earlier_doc.problem(
                    ("projects", first_index, field),
                    f"project '{first.name}' is listed again in {year} under the same id, so it continues "
                    f"into {year}, but its status here is '{first.status}'",
                    f"a project that continues into the next year is still in progress at the end of this one: "
                    f"write 'status: in_progress'; if the '{project.id}' at {_at(doc, ('projects', index, 'id'))} "
                    f"is another project, give it an id of its own",
                    code="continued-not-in-progress",
                )
            )
        if project.name != first.name:
            problems.append(
                doc.problem(
                    ("projects", index, "name"),
                    f"project '{project.id}' is named '{project.name}' here and '{first.name}' in {year - 1}",
                    "a project across years is one project: give it one name in both years, "
                    "or give one of the two an id of its own",
                    severity=Severity.WARNING,
                    code="continued-name-differs",
                )
            )
    return problems


def _started_before(year: int, doc: Document, listed: ProjectsFile, earlier: ProjectsFile | None) -> list[Problem]:
    """A start before the year: right for a project the year before lists too (it continues from there)."""
    carried = {p.id for p in earlier.projects} if earlier is not None else set()
    hint = (
        f"if it continues from {year - 1}, list it there too under the same id, with 'status: in_progress'; "
        f"or {SPANS_HINT}"
    )
    return [
        _outside(doc, index, project, "start", year, hint)
        for index, project in enumerate(listed.projects)
        if project.start is not None
        and project.start.year < year
        and not project.spans_years
        and project.id not in carried
    ]


def _not_carried(year: int, doc: Document, listed: ProjectsFile, following: ProjectsFile) -> list[Problem]:
    """A project in progress past the year's end that the next year, written already, does not list."""
    later = {p.id for p in following.projects}
    return [
        doc.problem(
            ("projects", index, "end"),
            f"project '{project.name}' is in progress and runs to {project.end}, but {year + 1} does not list it",
            f"list it in {year + 1} under the same id '{project.id}', with its start and its outcome "
            f"(new-year carries such a project), or correct its status or end here",
            severity=Severity.WARNING,
            code="not-continued",
        )
        for index, project in enumerate(listed.projects)
        if project.status == "in_progress"
        and project.end is not None
        and project.end.year > year
        and project.id not in later
    ]


def _site_checks(years: dict[int, YearFiles], section: Section) -> list[Problem]:
    """The projects of consecutive years, side by side (see _continued_problems)."""
    problems: list[Problem] = []
    for number, year in years.items():
        listed: ProjectsFile | None
        listed, doc = year.of(section)
        if listed is None or doc is None:
            continue
        before, after = years.get(number - 1), years.get(number + 1)
        # Last year's projects with errors of their own: comparing with them would only repeat those.
        if before is None or section.file not in before.failed:
            earlier: ProjectsFile | None
            earlier, earlier_doc = before.of(section) if before is not None else (None, None)
            if earlier is not None and earlier_doc is not None:
                problems += _continued_problems(number, doc, listed, earlier_doc, earlier)
            problems += _started_before(number, doc, listed, earlier)
        following, _ = after.of(section) if after is not None else (None, None)
        if following is not None:
            problems += _not_carried(number, doc, listed, following)
    return problems


# ---- new-year


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string, whatever it holds


def _carried_entry(project: Project) -> list[str]:
    lines = [f"  - id: {project.id}", f"    name: {_yaml_text(project.name)}"]
    if project.start is not None and project.end is not None:
        lines += [f"    start: {project.start.isoformat()}", f"    end: {project.end.isoformat()}"]
    if project.duration_note is not None:
        lines.append(f"    duration_note: {_yaml_text(project.duration_note)}")
    lines.append("    status: in_progress")
    if project.delivery != "unknown":  # already late last year: still late
        lines.append(f"    delivery: {project.delivery}")
    if project.tags:
        lines.append(f"    tags: [{', '.join(_yaml_text(tag) for tag in project.tags)}]")
    if project.links:
        lines.append("    links:")
        for link in project.links:
            lines += [f"      - title: {_yaml_text(link.title)}", f"        url: {_yaml_text(link.url)}"]
    return lines


def _starter(language: str, year: int, latest: Report | None, registry: Registry) -> str:
    """The starter, with every project still in progress last year carried over under its id and dates."""
    text = (STARTERS / language / STARTER).read_text(encoding="utf-8").replace("{year}", str(year))
    carried = [p for p in projects(latest) if p.status == "in_progress"] if latest is not None else []
    if latest is None or latest.year != year - 1 or not carried:
        return text
    comment = load_packaged(STARTERS / language / "words.yaml")["carried"].format(previous=latest.year)
    lines = ["projects:", f"  {comment}"]
    for project in carried:
        lines += _carried_entry(project)
    empty = "projects: []\n"
    if empty not in text:
        raise ValueError(f"the starter {STARTER} has no '{empty.strip()}' line to carry projects into")
    return text.replace(empty, "\n".join(lines) + "\n", 1)


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
    empty=(),
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
    site_checks=_site_checks,
    link_years=_link_years,
    starter_from=_starter,
)

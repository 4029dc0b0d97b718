"""A project across years: one id in two consecutive years is one project.

Its dates against its year (a start before it is right for a project the year before lists too;
an end after it for one still in progress), the two entries checked against each other, each
year told which of its projects its neighbours list (Report.continued), and new-year carrying the
projects still in progress into the new year under the same id and dates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from reportgen.load.language_starters import starter_template, starter_words
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity
from reportgen.model.facts import Continued, Project, ProjectsFile, Report
from reportgen.sections.kind import Section, YearFiles
from reportgen.sections.projects.facts import KEY, STARTER, projects

if TYPE_CHECKING:  # the page formatter, passed in by new-year (cli may import render; sections may not)
    from reportgen.render.pages import Formatter

# ---- a project's dates against its year


SPANS_HINT = "correct the date, or add 'spans_years: true' to the project if it really runs across years"


def date_problems(doc: Document, index: int, project: Project, year: int) -> Iterator[Problem]:
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
    # A start before the year is checked with the year before (site_checks, below): a project carried
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


# ---- the years beside each other


def link_years(report: Report, previous: Report | None, following: Report | None) -> Report:
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


def site_checks(years: dict[int, YearFiles], section: Section) -> list[Problem]:
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


def starter(fmt: Formatter, year: int, latest: Report | None) -> str:
    """The starter, with every project still in progress last year carried over under its id and dates."""
    language = fmt.language
    text = starter_template(language, STARTER).replace("{year}", str(year))
    carried = [p for p in projects(latest) if p.status == "in_progress"] if latest is not None else []
    if latest is None or latest.year != year - 1 or not carried:
        return text
    comment = starter_words(language)["carried"].format(previous=latest.year)
    lines = ["projects:", f"  {comment}"]
    for project in carried:
        lines += _carried_entry(project)
    empty = "projects: []\n"
    if empty not in text:
        raise ValueError(f"the starter {STARTER} has no '{empty.strip()}' line to carry projects into")
    return text.replace(empty, "\n".join(lines) + "\n", 1)

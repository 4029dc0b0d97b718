"""Documents to typed facts. Every problem in the content is collected and reported at once."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import metrics
from .loader import Document, KeyPath, Reported, load_document
from .model import (
    AchievementsFile,
    GroupsFile,
    KpiReviewFile,
    KpisFile,
    ProjectsFile,
    Report,
    ReportFile,
    ServicesFile,
    Site,
    SiteSettings,
)
from .problems import Problem, Severity, display_path

SITE_FILE = "site.yaml"
SECTION_FILES: dict[str, type[BaseModel]] = {
    "report.yaml": ReportFile,
    "projects.yaml": ProjectsFile,
    "achievements.yaml": AchievementsFile,
    "infrastructure.yaml": GroupsFile,
    "reliability.yaml": GroupsFile,
    "operations.yaml": GroupsFile,
    "services.yaml": ServicesFile,
    "kpis.yaml": KpisFile,
    "kpi_review.yaml": KpiReviewFile,
    "impact.yaml": GroupsFile,
}


@dataclass(frozen=True)
class Validated:
    site: Site | None  # None when there are errors
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `tuple[Project, ...] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        current = _inner_model(field.annotation) if field else None
    return current


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _data_path(loc: tuple[Any, ...], doc: Document, model: type[BaseModel]) -> KeyPath:
    """Pydantic's error location as a path into the YAML data, minus the union-branch tags it inserts."""
    path: KeyPath = ()
    for part in loc:
        candidate = (*path, part)
        owner = _model_at(model, path)
        if candidate in doc.positions or candidate in doc.key_positions or (owner and part in owner.model_fields):
            path = candidate
    return path


def _problem_from_error(error: Any, doc: Document, model: type[BaseModel]) -> Problem:
    loc = _data_path(tuple(error["loc"]), doc, model)
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        key = str(loc[-1])
        hint = _suggest(key, owner.model_fields) if owner else ""
        allowed = ", ".join(owner.model_fields) if owner else ""
        return doc.problem(loc, f"unknown key '{key}'", hint or f"allowed keys: {allowed}", key=True)
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required field '{loc[-1]}'", f"add '{loc[-1]}:' here")
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        given = error.get("input")
        hint = _suggest(str(given), choices) if isinstance(given, str) else ""
        return doc.problem(loc, f"'{given}' is not one of {expected}", hint or "use one of the listed values")
    if kind in {"int_type", "float_type"}:
        given = error.get("input")
        quoted_number = isinstance(given, str) and given.strip().lstrip("-").replace(".", "", 1).isdigit()
        hint = "remove the quotes" if quoted_number else "write a plain number, e.g. 62"
        return doc.problem(loc, f"expected a number, got {given!r}", hint)
    if kind in {
        "string_type",
        "bool_type",
        "date_type",
        "tuple_type",
        "model_type",
        "dict_type",
        "list_type",
    }:
        given = error.get("input")
        shown = type(given).__name__ if isinstance(given, (dict, list)) else repr(given)
        hint = "quote the value if it is meant as text" if kind == "string_type" else "check the value's type"
        return doc.problem(loc, f"{message}, got {shown}", hint)
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc,
            f"'{error.get('input')}' is not a valid id",
            "ids use lowercase letters, digits and hyphens, e.g. 'naver-sdk'",
        )
    if "before the start date" in message:
        return doc.problem(loc, message, "check both dates; a project ends on or after the day it starts")
    if kind == "too_short":
        return doc.problem(loc, message, "add at least one entry, or remove the key")
    return doc.problem(loc, message, "")


def _typo_target(error: Any, doc: Document, model: type[BaseModel]) -> tuple[KeyPath, str] | None:
    """For an unknown key that looks like a misspelt field: (where, the field it was meant to be)."""
    loc = _data_path(tuple(error["loc"]), doc, model)
    owner = _model_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1, cutoff=0.6) if owner else []
    return (loc[:-1], close[0]) if close else None


def _validate_document(doc: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    # A misspelt key also leaves its field missing; the "did you mean" already says all there is to say.
    misspelt = {_typo_target(e, doc, model) for e in errors if e["type"] == "extra_forbidden"}
    located = [(e, _data_path(tuple(e["loc"]), doc, model)) for e in errors]
    problems: list[Problem] = []
    for error, loc in located:
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
            continue
        if isinstance(error.get("input"), Reported):
            continue  # the loader already said what is wrong with this value
        # A list left empty only because its entries were invalid is not also "too short".
        if error["type"] == "too_short" and any(other[: len(loc)] == loc and other != loc for _, other in located):
            continue
        problem = _problem_from_error(error, doc, model)
        if problem not in problems:  # a union (int | float) fails once per branch
            problems.append(problem)
    return None, problems


def _load(path: Path, root: Path, model: type[BaseModel]) -> tuple[Document | None, BaseModel | None, list[Problem]]:
    doc, problems = load_document(path, display_path(path, root))
    if doc is None:
        return None, None, problems
    facts, more = _validate_document(doc, model)
    problems += more
    return doc, (facts if not problems else None), problems


@dataclass
class _Year:
    """The validated files of one year, with their documents, for the cross-file checks."""

    docs: dict[str, Document]
    files: dict[str, Any]

    def get(self, name: str) -> Any:
        return self.files.get(name)


def _check_unique(year: _Year, file: str, collection: str) -> list[Problem]:
    facts, doc = year.get(file), year.docs.get(file)
    if facts is None or doc is None:
        return []
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(getattr(facts, collection)):
        if entry.id in seen:
            first = doc.where((collection, seen[entry.id], "id"))
            problems.append(
                doc.problem(
                    (collection, index, "id"),
                    f"duplicate id '{entry.id}'",
                    f"already used at {doc.display}:{first[0]}:{first[1]}; ids must be unique",
                )
            )
        else:
            seen[entry.id] = index
    return problems


def _project_refs(year: _Year) -> typing.Iterator[tuple[Document, KeyPath, str]]:
    """Every place in a year that names a project by id."""
    for file, facts in year.files.items():
        doc = year.docs[file]
        if isinstance(facts, AchievementsFile):
            for i, a in enumerate(facts.achievements):
                yield doc, ("achievements", i, "project"), a.project
        if isinstance(facts, GroupsFile):
            for g, group in enumerate(facts.groups):
                for i, item in enumerate(group.items):
                    if item.project:
                        yield doc, ("groups", g, "items", i, "project"), item.project
        if isinstance(facts, ServicesFile):
            for i, service in enumerate(facts.services):
                if service.project:
                    yield doc, ("services", i, "project"), service.project
        if isinstance(facts, ReportFile):
            for i, figure in enumerate(facts.declared):
                if figure.project:
                    yield doc, ("declared", i, "project"), figure.project


def _check_references(year: _Year, folder: Path, root: Path) -> list[Problem]:
    if "projects.yaml" in year.docs and "projects.yaml" not in year.files:
        return []  # projects.yaml has its own errors; every reference to it would only repeat them
    projects: ProjectsFile | None = year.get("projects.yaml")
    known = {p.id for p in projects.projects} if projects else set()
    where = display_path(folder / "projects.yaml", root)
    problems = []
    for doc, path, project_id in _project_refs(year):
        if project_id not in known:
            hint = _suggest(project_id, known) or f"define a project with this id in {where}"
            message = f"unknown project '{project_id}' (projects are defined in {where})"
            problems.append(doc.problem(path, message, hint))
    return problems


def _assemble(year: _Year) -> Report:
    report: ReportFile = year.files["report.yaml"]
    groups = {
        name.removesuffix(".yaml"): year.get(name)
        for name in ("infrastructure.yaml", "reliability.yaml", "operations.yaml", "impact.yaml")
    }
    services: ServicesFile | None = year.get("services.yaml")
    return Report(
        year=report.year,
        title=report.title,
        source=report.source,
        declared=report.declared,
        projects=year.get("projects.yaml").projects if year.get("projects.yaml") else (),
        achievements=year.get("achievements.yaml").achievements if year.get("achievements.yaml") else (),
        services=services.services if services else (),
        performance_tests=services.performance_tests if services else (),
        kpis=year.get("kpis.yaml"),
        kpi_reviews=year.get("kpi_review.yaml").reviews if year.get("kpi_review.yaml") else (),
        **{name: facts.groups if facts else () for name, facts in groups.items()},
    )


def _declared_warnings(report: Report, doc: Document) -> list[Problem]:
    found = metrics.year_metrics(report)
    problems = []
    for disagreement in metrics.disagreements(report, found):
        figure = disagreement.figure
        index = disagreement.index
        stated = ("~" if figure.approx else "") + f"{figure.value:g}"
        derived = (
            "nothing (no facts to derive it from)" if disagreement.derived is None else f"{disagreement.derived:.4g}"
        )
        subject = f"{figure.metric} of '{figure.project}'" if figure.project else figure.metric
        problems.append(
            doc.problem(
                ("declared", index, "value"),
                f'declared {subject} is {stated} ("{figure.source}") but the facts give {derived}',
                "correct the facts or the declared figure; the site shows the derived figure and notes the difference",
                severity=Severity.WARNING,
            )
        )
    return problems


def _load_year(folder: Path, root: Path) -> tuple[Report | None, list[Problem], _Year]:
    year = _Year(docs={}, files={})
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        model = SECTION_FILES.get(path.name)
        if model is None:
            hint = _suggest(path.name, SECTION_FILES) or f"expected one of: {', '.join(SECTION_FILES)}"
            problems.append(Problem(display_path(path, root), 1, 1, f"unexpected file '{path.name}'", hint))
            continue
        doc, facts, found = _load(path, root, model)
        problems += found
        if doc is not None:
            year.docs[path.name] = doc
        if facts is not None:
            year.files[path.name] = facts
    if "report.yaml" not in year.docs and not any(p.file.endswith("report.yaml") for p in problems):
        problems.append(
            Problem(
                display_path(folder, root) + "/report.yaml",
                1,
                1,
                "missing file",
                "every year needs a report.yaml with its year and title",
            )
        )
    for file, collection in [
        ("projects.yaml", "projects"),
        ("achievements.yaml", "achievements"),
        ("services.yaml", "services"),
        ("kpis.yaml", "quantitative"),
        *((f, "groups") for f in ("infrastructure.yaml", "reliability.yaml", "operations.yaml", "impact.yaml")),
    ]:
        problems += _check_unique(year, file, collection)
    problems += _check_references(year, folder, root)
    report_file: ReportFile | None = year.get("report.yaml")
    if report_file is not None and str(report_file.year) != folder.name:
        problems.append(
            year.docs["report.yaml"].problem(
                ("year",),
                f"year {report_file.year} does not match its folder '{folder.name}'",
                f"move the files to content/{report_file.year}/ or correct the year",
            )
        )
    kpis: KpisFile | None = year.get("kpis.yaml")
    year_matches = report_file is not None and str(report_file.year) == folder.name
    if kpis is not None and report_file is not None and year_matches and kpis.year != report_file.year + 1:
        problems.append(
            year.docs["kpis.yaml"].problem(
                ("year",),
                f"KPI targets are for {kpis.year}, but this is the {report_file.year} report",
                f"targets set in a year's report are for the next year, {report_file.year + 1}",
            )
        )
    if any(p.severity is Severity.ERROR for p in problems) or report_file is None:
        return None, problems, year
    report = _assemble(year)
    return report, problems + _declared_warnings(report, year.docs["report.yaml"]), year


def _check_kpi_reviews(years: dict[int, _Year]) -> list[Problem]:
    """A year's kpi_review.yaml reports against the targets its previous year set."""
    problems = []
    for number, year in years.items():
        review: KpiReviewFile | None = year.get("kpi_review.yaml")
        if review is None:
            continue
        doc = year.docs["kpi_review.yaml"]
        previous = years.get(number - 1)
        targets: KpisFile | None = previous.get("kpis.yaml") if previous else None
        if targets is None:
            problems.append(
                doc.problem(
                    (),
                    f"there are no KPI targets for {number} to review",
                    f"add content/{number - 1}/kpis.yaml with year: {number}, or remove this file",
                )
            )
            continue
        by_id = {kpi.id: kpi for kpi in targets.quantitative}
        where = previous.docs["kpis.yaml"].display if previous else ""
        for index, entry in enumerate(review.reviews):
            kpi = by_id.get(entry.kpi)
            if kpi is None:
                hint = _suggest(entry.kpi, by_id) or f"use the id of a quantitative target in {where}"
                problems.append(
                    doc.problem(("reviews", index, "kpi"), f"unknown KPI '{entry.kpi}' (targets are in {where})", hint)
                )
            elif kpi.baseline_from is not None and entry.actual is not None:
                problems.append(
                    doc.problem(
                        ("reviews", index, "actual"),
                        f"the actual of '{entry.kpi}' is derived from this year's facts ({kpi.baseline_from})",
                        "remove 'actual'; the site computes it",
                    )
                )
    return problems


# Loads one year's folder: (folder, root, the loader to call on a cache miss) -> what _load_year returns.
YearLoader = typing.Callable[[Path, Path, typing.Callable[[Path, Path], typing.Any]], typing.Any]


def load_site(content_dir: Path, root: Path | None = None, year_loader: YearLoader | None = None) -> Validated:
    """Load and validate all content under `content_dir`: site settings and one folder per year.

    `year_loader` may serve a year whose files have not changed from a cache (see generate.py).
    """
    root = root or Path.cwd()
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return Validated(
            None,
            [
                Problem(
                    display_path(content_dir, root),
                    1,
                    1,
                    "content folder not found",
                    "pass the folder that holds site.yaml and one folder per year",
                )
            ],
        )
    settings_path = content_dir / SITE_FILE
    settings = None
    if settings_path.is_file():
        _, settings, found = _load(settings_path, root, SiteSettings)
        problems += found
    else:
        problems.append(
            Problem(
                display_path(settings_path, root),
                1,
                1,
                "missing file",
                "add site.yaml with the team name, title and language",
            )
        )
    reports = []
    years: dict[int, _Year] = {}
    for folder in sorted(content_dir.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            if not folder.name.isdigit():
                problems.append(
                    Problem(
                        display_path(folder, root),
                        1,
                        1,
                        f"'{folder.name}' is not a year",
                        "name each year's folder by its year, e.g. content/2024/",
                    )
                )
                continue
            report, found, loaded = year_loader(folder, root, _load_year) if year_loader else _load_year(folder, root)
            problems += found
            years[int(folder.name)] = loaded
            if report is not None:
                reports.append(report)
        elif folder.is_file() and folder.name != SITE_FILE and not folder.name.startswith("."):
            problems.append(
                Problem(
                    display_path(folder, root),
                    1,
                    1,
                    f"unexpected file '{folder.name}'",
                    "facts go into a year's folder, e.g. content/2023/",
                )
            )
    problems += _check_kpi_reviews(years)
    if not reports and not problems:
        problems.append(
            Problem(
                display_path(content_dir, root),
                1,
                1,
                "no years found",
                "add a folder such as content/2023/ with a report.yaml",
            )
        )
    if any(p.severity is Severity.ERROR for p in problems) or settings is None:
        return Validated(None, sorted(problems))
    return Validated(Site(settings=settings, reports=tuple(reports)), sorted(problems))

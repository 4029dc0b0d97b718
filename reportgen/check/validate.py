"""Documents to typed facts. Every problem in the content is collected and reported at once."""

from __future__ import annotations

import difflib
import functools
import re
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.check import meaning
from reportgen.check.settings_check import check_settings, not_one_of
from reportgen.derive import metrics
from reportgen.derive.aggregations import spans
from reportgen.load.catalogs import catalog, placeholders
from reportgen.load.loader import Document, KeyPath, Reported, load_document
from reportgen.load.mkdocs_config import MkdocsSettings, find_config, read_config, resolve
from reportgen.load.problems import Problem, Severity, display_path
from reportgen.model.facts import KpiReviewFile, KpisFile, ProjectsFile, Report, ReportFile, Site, SiteSettings
from reportgen.sections.records.columns import is_project_ref
from reportgen.sections.records.ready import ready_sections
from reportgen.sections.registry import (
    DEFAULT_SECTIONS,
    KPI_REVIEW,
    KPIS,
    PROJECTS,
    REPORT_FILE,
    REPORT_MODEL,
    Section,
    of_kind,
    site_metrics,
    site_sections,
)
from reportgen.sections.registry import assemble as assemble_report

SITE_FILE = "site.yaml"


def year_files(sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> dict[str, type[BaseModel]]:
    """Every file a year's folder may hold, with its model."""
    return {REPORT_FILE: REPORT_MODEL, **{s.file: s.model for s in sections}}


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
        if isinstance(given, Reported):  # `no`, `on`, `yes`: YAML 1.1 would read a yes/no value
            return doc.problem(
                loc, f"'{given}' is ambiguous: YAML reads it as a yes/no value", f"write one of {expected}"
            )
        return doc.problem(loc, *not_one_of(given, expected, choices))
    if kind == "int_type" and isinstance(error.get("input"), float):  # 17.0 in a column of whole numbers
        given = error["input"]
        whole = f"write {int(given)}" if given.is_integer() else "round it to a whole number"
        return doc.problem(loc, f"expected a whole number, got {given!r}", whole)
    if kind in {"int_type", "float_type"}:
        given = error.get("input")
        quoted_number = isinstance(given, str) and given.strip().lstrip("-").replace(".", "", 1).isdigit()
        hint = "remove the quotes" if quoted_number else "write a plain number, e.g. 62"
        return doc.problem(loc, f"expected a number, got {given!r}", hint)
    given = error.get("input")
    if kind in {"tuple_type", "list_type"} and isinstance(given, str):
        parts = [part.strip() for part in given.split(",") if part.strip()]
        example = "[" + ", ".join(parts) + "]" if len(parts) > 1 else f"[{given.strip()}]"
        return doc.problem(
            loc,
            f"expected a list, got the text '{given}'",
            f"write a YAML list such as {example}, or one '- item' per line",
        )
    if kind.startswith("datetime") and isinstance(given, str):
        digits = [int(d) for d in re.findall(r"\d+", given)]
        example = "2024-03-04 09:30"
        if len(digits) >= 3 and len(str(digits[0])) == 4:  # the day as written, and its time if it has one
            time = digits[3:5]
            hour, minute = (time[0] if time else 9), (time[1] if len(time) > 1 else 0)
            example = f"{digits[0]}-{digits[1]:02d}-{digits[2]:02d} {hour:02d}:{minute:02d}"
        return doc.problem(
            loc,
            f"'{given}' is not a date and time",
            f"write dates and times as YYYY-MM-DD HH:MM, e.g. {example}",
        )
    if kind.startswith("date") and isinstance(given, str):
        digits = re.findall(r"\d+", given)
        example = (
            f"{digits[0]}-{int(digits[1]):02d}-{int(digits[2]):02d}"
            if len(digits) == 3 and len(digits[0]) == 4
            else "2024-03-04"
        )
        return doc.problem(loc, f"'{given}' is not a date", f"write dates as YYYY-MM-DD, e.g. {example}")
    if kind in {
        "string_type",
        "bool_type",
        "date_type",
        "tuple_type",
        "model_type",
        "dict_type",
        "list_type",
    }:
        shown = type(given).__name__ if isinstance(given, (dict, list)) else repr(given)
        hint = "quote the value if it is meant as text" if kind == "string_type" else "check the value's type"
        return doc.problem(loc, f"{message}, got {shown}", hint)
    bounds = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than"}
    if kind in {*bounds, "less_than"}:  # a declared min/max (a percentage up to 100, a count from 0)
        ctx = error.get("ctx", {})
        limit = next(iter(ctx.values()), "")
        bound = bounds.get(kind, "less than")
        field = f"'{loc[-1]}'" if loc and isinstance(loc[-1], str) else "the value"
        return doc.problem(
            loc,
            f"{given!r} is out of range: {field} is {bound} {limit}",
            "correct the value; the column's range is declared with 'min' and 'max'"
            if loc and loc[0] == "records"
            else "correct the value",
        )
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
    if kind == "string_too_long":
        return doc.problem(loc, f"'{given}' is too long ({message.lower()})", "shorten it")
    if message.startswith("Input should be "):  # pydantic's own wording, said the way the other messages are
        return doc.problem(
            loc, f"expected {message.removeprefix('Input should be ')}, got {given!r}", "correct the value"
        )
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
        if isinstance(error.get("input"), Reported) and error["type"] != "literal_error":
            continue  # the loader already said what is wrong with this value; a choice field says it better
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
    # Where the schema restated a value the loader refused (with the choices it allows), keep the restatement.
    restated = {(p.line, p.col) for p in more}
    problems = [p for p in problems if (p.line, p.col) not in restated] + more
    return doc, (facts if not problems else None), problems


@dataclass
class _Year:
    """The validated files of one year, with their documents, for the cross-file checks."""

    sections: tuple[Section, ...]
    docs: dict[str, Document]
    files: dict[str, Any]
    failed: set[str]  # files present whose form is broken: references into them would only repeat that

    def get(self, name: str) -> Any:
        return self.files.get(name)

    def __getstate__(self) -> dict[str, Any]:
        # The year cache stores a year; its sections are the site's, re-attached when it is served.
        # A records file's model is made at run time from site.yaml and cannot be pickled; its rows
        # are in the Report already, and only the checks inside _load_year (done by then) read it.
        files = {name: facts for name, facts in self.files.items() if _importable(type(facts))}
        return {**self.__dict__, "sections": (), "files": files}

    def of(self, section: Section | None) -> tuple[Any, Document | None]:
        """A section's validated facts (None if absent or invalid) and its document."""
        if section is None:
            return None, None
        return self.files.get(section.file), self.docs.get(section.file)


def _importable(cls: type) -> bool:
    module = sys.modules.get(cls.__module__)
    return module is not None and getattr(module, cls.__qualname__, None) is cls


def _check_unique(year: _Year, file: str, collection: str) -> list[Problem]:
    facts, doc = year.get(file), year.docs.get(file)
    if facts is None or doc is None:
        return []
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(getattr(facts, collection)):
        if entry.id is None:
            continue  # a record without an id
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


def _project_refs(year: _Year) -> typing.Iterator[tuple[Document, KeyPath, str]]:
    """Every place in a year that names a project by id: any `project:` field of any file."""
    for file, facts in year.files.items():
        for path, project_id in _walk_refs(facts, ()):
            yield year.docs[file], path, project_id


def _check_references(year: _Year, folder: Path, root: Path) -> list[Problem]:
    section = of_kind(year.sections, PROJECTS)
    facts, _ = year.of(section)
    if section is not None and section.file in year.failed:
        return []  # the projects file has its own errors; every reference to it would only repeat them
    projects: ProjectsFile | None = facts
    known = {p.id for p in projects.projects} if projects else set()
    where = display_path(folder / (section.file if section else "projects.yaml"), root)
    problems = []
    for doc, path, project_id in _project_refs(year):
        if project_id not in known:
            hint = _suggest(project_id, known) or f"define a project with this id in {where}"
            message = f"unknown project '{project_id}' (projects are defined in {where})"
            problems.append(doc.problem(path, message, hint))
    return problems


def _check_record_order(year: _Year) -> list[Problem]:
    """A time a figure measures from must come before the time it measures to (an incident is
    resolved after it is detected), or the mean time between them would be negative."""
    problems = []
    for section in year.sections:
        facts, doc = year.of(section)
        if facts is None or doc is None or section.declaration is None or section.file_model is None:
            continue
        pairs = dict.fromkeys(spans(section.declaration))
        for index, row in enumerate(facts.records):
            for start, end in pairs:
                began, ended = getattr(row, start or "", None), getattr(row, end or "", None)
                if began is not None and ended is not None and ended < began:
                    problems.append(
                        doc.problem(
                            ("records", index, end),
                            f"'{end}' ({ended:%Y-%m-%d %H:%M}) is before '{start}' ({began:%Y-%m-%d %H:%M})",
                            f"check both times; '{end}' comes after '{start}'",
                        )
                    )
    return problems


def _check_metric_names(year: _Year) -> list[Problem]:
    """Declared figures and KPI baselines name metrics of the registry; a per-project one names its project."""
    problems = []
    registry = site_metrics(year.sections)
    names = metrics.year_metric_names(registry)
    report: ReportFile | None = year.get(REPORT_FILE)
    for index, figure in enumerate(report.declared if report else ()):
        doc = year.docs[REPORT_FILE]
        found = registry.get(figure.metric)
        if found is None:
            hint = _suggest(figure.metric, registry) or f"use one of: {', '.join(registry)}"
            problems.append(doc.problem(("declared", index, "metric"), f"unknown metric '{figure.metric}'", hint))
        elif found.per_project != (figure.project is not None):
            problems.append(
                doc.problem(
                    ("declared", index),
                    f"'project' is required for {figure.metric} and only for it"
                    if found.per_project
                    else f"{figure.metric} is a figure of the whole year; it takes no 'project'",
                    "add 'project:' with the project's id" if found.per_project else "remove 'project:'",
                )
            )
    kpis, doc = year.of(of_kind(year.sections, KPIS))
    for index, kpi in enumerate(kpis.quantitative if kpis else ()):
        for field, named, what in (
            ("baseline_from", kpi.baseline_from, "its baseline"),
            ("actual_from", kpi.actual_from, "next year's actual"),
        ):
            if named is not None and named not in names:
                assert doc is not None
                hint = _suggest(named, names) or f"use one of: {', '.join(names)}"
                problems.append(
                    doc.problem(
                        ("quantitative", index, field),
                        f"'{named}' is not a figure of the year a KPI can take {what} from",
                        hint,
                    )
                )
    return problems


def _declared_warnings(report: Report, doc: Document, registry: metrics.Registry) -> list[Problem]:
    found = metrics.year_metrics(report, registry)
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


def _load_year(
    folder: Path, root: Path, sections: tuple[Section, ...], *, settings_ok: bool = True
) -> tuple[Report | None, list[Problem], _Year]:
    """One year's files. With broken settings (`settings_ok` false), what the settings would have
    declared (files, metric names) is not reported: the settings are the root cause."""
    year = _Year(sections=sections, docs={}, files={}, failed=set())
    problems: list[Problem] = []
    models = year_files(sections)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        model = models.get(path.name)
        if model is None and not settings_ok:
            continue
        if model is None:
            # Compare names without ".yaml", which every candidate shares and would make any name look close.
            stems = {name.removesuffix(".yaml"): name for name in models}
            close = difflib.get_close_matches(path.name.removesuffix(".yaml"), list(stems), n=1, cutoff=0.6)
            hint = f"did you mean '{stems[close[0]]}'?" if close else f"expected one of: {', '.join(models)}"
            left_out = next((s for s in DEFAULT_SECTIONS if s.file == path.name), None)
            stem = path.name.removesuffix(".yaml")
            if left_out is not None:  # a built-in section this site's settings leave out (as after `init`)
                hint = f"site.yaml's sections: leave out '{stem}'; delete this file, or add '{stem}' there"
            elif stem in ready_sections():
                hint = f"'{stem}' is a ready-made section: add '{stem}' to site.yaml's sections:, or delete this file"
            problems.append(Problem(display_path(path, root), 1, 1, f"unexpected file '{path.name}'", hint))
            continue
        doc, facts, found = _load(path, root, model)
        problems += found
        if doc is not None:
            year.docs[path.name] = doc
        if facts is not None:
            year.files[path.name] = facts
        else:
            year.failed.add(path.name)
    if REPORT_FILE not in year.docs and not any(p.file.endswith(REPORT_FILE) for p in problems):
        problems.append(
            Problem(
                display_path(folder, root) + "/report.yaml",
                1,
                1,
                "missing file",
                "every year needs a report.yaml with its year and title",
            )
        )
    for section in sections:
        for collection in section.kind.unique:
            problems += _check_unique(year, section.file, collection)
    problems += _check_references(year, folder, root)
    problems += _check_metric_names(year) if settings_ok else []
    problems += _check_record_order(year)
    report_file: ReportFile | None = year.get(REPORT_FILE)
    if report_file is not None and str(report_file.year) != folder.name:
        problems.append(
            year.docs[REPORT_FILE].problem(
                ("year",),
                f"year {report_file.year} does not match its folder '{folder.name}'",
                f"move the files to content/{report_file.year}/ or correct the year",
            )
        )
    kpis, kpis_doc = year.of(of_kind(sections, KPIS))
    year_matches = report_file is not None and str(report_file.year) == folder.name
    if kpis is not None and report_file is not None and year_matches and kpis.year != report_file.year + 1:
        assert kpis_doc is not None
        problems.append(
            kpis_doc.problem(
                ("year",),
                f"KPI targets are for {kpis.year}, but this is the {report_file.year} report",
                f"targets set in a year's report are for the next year, {report_file.year + 1}",
            )
        )
    files = [(s, year.files[s.file]) for s in sections if s.file in year.files]
    report = assemble_report(report_file, files) if report_file is not None else None
    problems += _meaning_checks(year, folder, report_file, report, problems)
    if any(p.severity is Severity.ERROR for p in problems) or report is None:
        return None, problems, year
    return report, problems, year


def _meaning_checks(
    year: _Year, folder: Path, report_file: ReportFile | None, report: Report | None, found: list[Problem]
) -> list[Problem]:
    """The checks of meaning on every file whose form is sound, even when another file of the year
    failed: one typo elsewhere should not hide a project counted twice. A check that needs figures
    derived from several files (declared figures, derived KPI baselines) waits until all of them load,
    or it would report the failed file's absence as a disagreement."""
    sections = year.sections
    if report is None:  # without a sound report.yaml, the folder still says which year the dates belong to
        if not (folder.name.isdigit() and 1900 <= int(folder.name) <= 2999):
            return []
        shell = ReportFile.model_construct(year=int(folder.name), title=folder.name, declared=())
        report = assemble_report(shell, [(s, year.files[s.file]) for s in sections if s.file in year.files])
    complete = report_file is not None and not year.failed and not any(p.severity is Severity.ERROR for p in found)
    registry = site_metrics(sections)
    problems: list[Problem] = []
    if complete:
        problems += _declared_warnings(report, year.docs[REPORT_FILE], registry)
    for name, doc in year.docs.items():
        if name in year.files:
            problems += meaning.repeated_entries(doc)
    projects, projects_doc = year.of(of_kind(sections, PROJECTS))
    if projects is not None and projects_doc is not None:
        problems += meaning.project_problems(report, projects_doc)
    kpis, kpis_doc = year.of(of_kind(sections, KPIS))
    if kpis is not None and kpis_doc is not None:
        problems += meaning.kpi_problems(report, kpis_doc, registry, derived=complete)
        problems += meaning.kpi_unit_problems(kpis, kpis_doc, registry)
    for section in sections:
        facts, doc = year.of(section)
        if facts is not None and doc is not None and section.declaration is not None:
            problems += meaning.record_problems(section.declaration, facts, doc, report.year)
    return problems


def _check_kpi_reviews(years: dict[int, _Year]) -> list[Problem]:
    """A year's kpi_review.yaml reports against the targets its previous year set."""
    problems = []
    for number, year in years.items():
        review: KpiReviewFile | None
        review_section = of_kind(year.sections, KPI_REVIEW)
        review, doc = year.of(review_section)
        if (
            review_section is not None
            and review_section.file not in year.docs
            and review_section.file not in year.failed
        ):
            problems += _missing_review(number, year, years.get(number - 1), review_section.file)
        if review is None or doc is None:
            continue
        previous = years.get(number - 1)
        kpis_section = of_kind(year.sections, KPIS)
        targets: KpisFile | None
        targets, targets_doc = previous.of(kpis_section) if previous else (None, None)
        if previous is not None and kpis_section is not None and kpis_section.file in previous.failed:
            continue  # last year's targets have their own errors
        if targets is None or targets_doc is None:
            problems.append(
                doc.problem(
                    (),
                    f"there are no KPI targets for {number} to review",
                    f"add content/{number - 1}/{kpis_section.file if kpis_section else 'kpis.yaml'} "
                    f"with year: {number}, or remove this file",
                )
            )
            continue
        by_id = {kpi.id: kpi for kpi in targets.quantitative}
        where = targets_doc.display
        for index, entry in enumerate(review.reviews):
            kpi = by_id.get(entry.kpi)
            if kpi is None:
                hint = _suggest(entry.kpi, by_id) or f"use the id of a quantitative target in {where}"
                problems.append(
                    doc.problem(("reviews", index, "kpi"), f"unknown KPI '{entry.kpi}' (targets are in {where})", hint)
                )
            elif kpi.actual_metric is not None and entry.actual is not None:
                problems.append(
                    doc.problem(
                        ("reviews", index, "actual"),
                        f"the actual of '{entry.kpi}' is derived from this year's facts ({kpi.actual_metric})",
                        "remove 'actual'; the site computes it",
                    )
                )
        problems += meaning.review_problems(review, doc, by_id, where)
    return problems


def _missing_review(number: int, year: _Year, previous: _Year | None, file: str) -> list[Problem]:
    """Last year set numeric targets for this year, and this year has no review of them at all."""
    targets, targets_doc = previous.of(of_kind(previous.sections, KPIS)) if previous is not None else (None, None)
    report_doc = year.docs.get(REPORT_FILE)
    if targets is None or targets_doc is None or not targets.quantitative or report_doc is None:
        return []
    return [
        report_doc.problem(
            ("year",),
            f"{targets_doc.display} sets {len(targets.quantitative)} KPI target(s) for {number}, "
            f"but content/{number}/{file} is missing",
            f"add {file} with one '- kpi: <id>' entry per target, as `reportgen new-year` writes it",
            severity=Severity.WARNING,
        )
    ]


# Loads one year's folder: (folder, root, the loader to call on a cache miss) -> what _load_year returns.
YearLoader = typing.Callable[[Path, Path, typing.Callable[[Path, Path], typing.Any]], typing.Any]


def load_settings(content_dir: Path) -> SiteSettings | None:
    """The site settings alone, if they are valid: enough to know the sections (for `schema`)."""
    path = content_dir / SITE_FILE
    if not path.is_file():
        return None
    doc, settings, problems = _load(path, content_dir, SiteSettings)
    if doc is None or settings is None or problems:
        return None
    return None if check_settings(settings, doc) else settings


def _check_label_overrides(settings: SiteSettings, doc: Document) -> list[Problem]:
    """A team's reworded labels: known keys, and the same `{placeholders}` the site fills in."""
    shipped = catalog(settings.language)
    problems = []
    for key, text in settings.labels.items():
        if key not in shipped:
            hint = _suggest(key, shipped) or f"the labels are listed in reportgen/labels/{settings.language}.yaml"
            problems.append(doc.problem(("labels", key), f"unknown label '{key}'", hint, key=True))
            continue
        try:
            given = placeholders(text)
        except ValueError:
            given = None
        expected = placeholders(shipped[key])
        if expected and (given is None or not given <= expected):
            fields = ", ".join("{" + name + "}" for name in sorted(expected)) or "none"
            problems.append(
                doc.problem(
                    ("labels", key),
                    f"label '{key}' uses placeholders the site does not fill in",
                    f"it may use {fields}; write a literal brace as {{{{ or }}}}",
                )
            )
    return problems


def load_site(
    content_dir: Path,
    root: Path | None = None,
    mkdocs: MkdocsSettings | None = None,
    *,
    require_years: bool = True,
    year_loader: YearLoader | None = None,
) -> Validated:
    """Load and validate all content under `content_dir`: site settings and one folder per year.

    `mkdocs`: what the MkDocs config says (the plugin passes it); else the mkdocs.yml beside the
    content folder is read, if there is one. `year_loader` may serve a year whose files have not
    changed from a cache (see generate.py).
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
    settings: SiteSettings | None = SiteSettings()  # site.yaml is optional: MkDocs names the site
    settings_doc = None
    if settings_path.is_file():
        settings_doc, settings, found = _load(settings_path, root, SiteSettings)
        problems += found
    if mkdocs is None and (config := find_config(content_dir)) is not None:
        mkdocs, found = read_config(config, root)
        problems += found
    if settings is not None:
        settings, found = resolve(settings, settings_doc, mkdocs)
        problems += found
    if settings is not None and settings_doc is not None:
        problems += _check_label_overrides(settings, settings_doc)
        problems += check_settings(settings, settings_doc)
        columns = [
            (("sections", i, "columns", j), column)
            for i, section in enumerate(settings.sections or ())
            for j, column in enumerate(section.columns)
        ]
        problems += meaning.column_unit_problems(columns, settings_doc)
    # With broken settings, the years are checked against the built-in sections only.
    settings_ok = settings is not None and not any(p.severity is Severity.ERROR for p in problems)
    sections = site_sections(settings) if settings_ok else DEFAULT_SECTIONS
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
            load = functools.partial(_load_year, sections=sections, settings_ok=settings_ok)
            report, found, loaded = year_loader(folder, root, load) if year_loader is not None else load(folder, root)
            loaded.sections = sections  # not stored with a cached year: its kinds hold functions
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
    if not reports and not problems and require_years:
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

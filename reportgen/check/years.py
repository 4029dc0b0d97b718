"""One year's folder to its Report: every file read against its model, then the checks across its
files (unique ids, references, metric names, what each kind of section checks), then the checks
of meaning on the assembled year."""

from __future__ import annotations

import difflib
from pathlib import Path

from reportgen.check import meaning
from reportgen.check.form import checked, load_file
from reportgen.derive.metrics import Registry, disagreements, year_metrics
from reportgen.load.loader import Document
from reportgen.load.problems import Problem, Severity, display_path, suggest
from reportgen.model.facts import Report, ReportFile
from reportgen.sections.kind import REPORT_FILE, Section, YearCheck, YearFiles
from reportgen.sections.records.ready import ready_sections
from reportgen.sections.registry import DEFAULT_SECTIONS, KINDS, assemble, site_metrics, year_files


def _unexpected(path: Path, root: Path, models: dict[str, object]) -> Problem:
    """A file no section of the site has: the closest name, or why a known one is not expected."""
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
    return Problem(display_path(path, root), 1, 1, f"unexpected file '{path.name}'", hint, code="unexpected-file")


def _two_sources(folder: Path, root: Path, year: YearFiles) -> tuple[set[str], list[Problem]]:
    """A section's rows for the year in more than one file (incidents.yaml and incidents.csv):
    neither is read, since either could be the one the team means."""
    skipped: set[str] = set()
    problems = []
    for section in year.sections:
        names = [name for name in (section.file, *section.export_files()) if (folder / name).is_file()]
        for name in names[1:]:
            problems.append(
                Problem(
                    display_path(folder / name, root),
                    1,
                    1,
                    f"the {section.key} records of {folder.name} are in {names[0]} too",
                    f"keep one of {' and '.join(names)}: a year's records are in one file",
                    code="two-sources",
                )
            )
        if len(names) > 1:
            skipped.update(names)
            year.failed.add(section.file)
    return skipped, problems


def _read_files(folder: Path, root: Path, year: YearFiles, settings_ok: bool, timezone: str | None) -> list[Problem]:
    models = year_files(year.sections)
    # An export of a team's tool in place of a section's YAML: read into the document its YAML would give.
    exports = {name: s for s in year.sections for name in s.export_files()}
    skipped, problems = _two_sources(folder, root, year)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir() or path.name in skipped:
            continue
        model = models.get(path.name)
        exported = exports.get(path.name)
        if exported is not None and exported.kind.read_export is not None and exported.declaration is not None:
            read = exported.kind.read_export(
                path, display_path(path, root), exported.declaration, folder.parent, timezone
            )
            name, (doc, facts, found) = exported.file, checked(*read, exported.model)
        elif model is not None:
            name, (doc, facts, found) = path.name, load_file(path, root, model, folder.parent)
        else:
            if settings_ok:
                problems.append(_unexpected(path, root, models))
            continue
        problems += found
        if doc is not None:
            year.docs[name] = doc
        if facts is not None:
            year.files[name] = facts
        else:
            year.failed.add(name)
    if REPORT_FILE not in year.docs and not any(p.file.endswith(REPORT_FILE) for p in problems):
        where = display_path(folder, root) + "/report.yaml"
        problems.append(
            Problem(
                where,
                1,
                1,
                "missing file",
                "every year needs a report.yaml with its year and title",
                code="missing-file",
            )
        )
    return problems


def _check_unique(year: YearFiles, file: str, collection: str) -> list[Problem]:
    facts, doc = year.get(file), year.docs.get(file)
    if facts is None or doc is None:
        return []
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(getattr(facts, collection)):
        if entry.id is None:
            continue  # a record without an id
        # A record's id keeps its tool's case (INC-101); inc-101 beside it would be the same to a reader.
        same = entry.id.casefold()
        if same in seen:
            first = doc.where((collection, seen[same], "id"))
            problems.append(
                doc.problem(
                    (collection, index, "id"),
                    f"duplicate id '{entry.id}'",
                    f"already used at {doc.display}:{first[0]}:{first[1]}; ids must be unique",
                    code="duplicate-id",
                )
            )
        else:
            seen[same] = index
    return problems


def _check_declared_names(year: YearFiles, registry: Registry) -> list[Problem]:
    """Declared figures name metrics of the registry; a per-project one names its project."""
    problems = []
    report: ReportFile | None = year.get(REPORT_FILE)
    for index, figure in enumerate(report.declared if report else ()):
        doc = year.docs[REPORT_FILE]
        found = registry.get(figure.metric)
        if found is None:
            hint = suggest(figure.metric, registry) or f"use one of: {', '.join(registry)}"
            problems.append(
                doc.problem(
                    ("declared", index, "metric"), f"unknown metric '{figure.metric}'", hint, code="unknown-metric"
                )
            )
        elif found.per_project != (figure.project is not None):
            problems.append(
                doc.problem(
                    ("declared", index),
                    f"'project' is required for {figure.metric} and only for it"
                    if found.per_project
                    else f"{figure.metric} is a figure of the whole year; it takes no 'project'",
                    "add 'project:' with the project's id" if found.per_project else "remove 'project:'",
                    code="per-project-metric",
                )
            )
    return problems


def _declared_warnings(report: Report, doc: Document, registry: Registry) -> list[Problem]:
    found = year_metrics(report, registry)
    problems = []
    for disagreement in disagreements(report, found, registry):
        figure = disagreement.figure
        stated = ("~" if figure.approx else "") + f"{figure.value:g}"
        derived = (
            "nothing (no facts to derive it from)" if disagreement.derived is None else f"{disagreement.derived:.4g}"
        )
        subject = f"{figure.metric} of '{figure.project}'" if figure.project else figure.metric
        problems.append(
            doc.problem(
                ("declared", disagreement.index, "value"),
                f'declared {subject} is {stated} ("{figure.source}") but the facts give {derived}',
                "correct the facts or the declared figure; the site shows the derived figure and notes the difference",
                severity=Severity.WARNING,
                code="declared-differs",
            )
        )
    return problems


def _kind_checks(check: YearCheck, hook: str) -> list[Problem]:
    """Every kind's checks of this year: once per section of the kind the site has, or once with None."""
    problems: list[Problem] = []
    for kind in KINDS.values():
        own = [s for s in check.year.sections if s.kind is kind]
        for section in own or [None]:
            problems += getattr(kind, hook)(check, section)
    return problems


def _shell(folder: Path, year: YearFiles) -> Report | None:
    """Without a sound report.yaml, the folder still says which year the dates belong to."""
    if not (folder.name.isdigit() and 1900 <= int(folder.name) <= 2999):
        return None
    shell = ReportFile.model_construct(year=int(folder.name), title=folder.name, declared=())
    return assemble(shell, year.sections, year.files, year.docs)


def _meaning_checks(check: YearCheck) -> list[Problem]:
    """The checks of meaning on every file whose form is sound, even when another file of the year
    failed: one typo elsewhere should not hide a project counted twice. A check that needs figures
    derived from several files (declared figures, derived KPI baselines) waits until all of them load
    (`check.complete`), or it would report the failed file's absence as a disagreement."""
    year, report = check.year, check.report
    if report is None:
        return []
    problems: list[Problem] = []
    if check.complete:
        problems += _declared_warnings(report, year.docs[REPORT_FILE], check.registry)
    own = {s.file: s.kind.own_lists for s in year.sections}
    for name, doc in year.docs.items():
        if name in year.files:
            problems += meaning.repeated_entries(doc, own.get(name, ()))
    problems += _kind_checks(check, "meaning_checks")
    return problems


def load_year(
    folder: Path,
    root: Path,
    sections: tuple[Section, ...],
    *,
    settings_ok: bool = True,
    timezone: str | None = None,
) -> tuple[Report | None, list[Problem], YearFiles]:
    """One year's files. With broken settings (`settings_ok` false), what the settings would have
    declared (files, metric names) is not reported: the settings are the root cause. `timezone`:
    the site's, that an export's times with an offset are read in."""
    year = YearFiles(sections=sections, docs={}, files={}, failed=set())
    registry = site_metrics(sections)
    problems = _read_files(folder, root, year, settings_ok, timezone)
    for section in sections:
        for collection in section.kind.unique:
            problems += _check_unique(year, section.file, collection)
    problems += _check_declared_names(year, registry) if settings_ok else []
    report_file: ReportFile | None = year.get(REPORT_FILE)
    if report_file is not None and str(report_file.year) != folder.name:
        problems.append(
            year.docs[REPORT_FILE].problem(
                ("year",),
                f"year {report_file.year} does not match its folder '{folder.name}'",
                f"move the files to content/{report_file.year}/ or correct the year",
                code="wrong-year",
            )
        )
    check = YearCheck(year, folder, root, report_file, None, registry, settings_ok=settings_ok)
    problems += _kind_checks(check, "form_checks")
    report = assemble(report_file, sections, year.files, year.docs) if report_file is not None else None
    complete = report_file is not None and not year.failed and not any(p.severity is Severity.ERROR for p in problems)
    assembled = YearCheck(
        year, folder, root, report_file, report or _shell(folder, year), registry, complete, settings_ok
    )
    problems += _meaning_checks(assembled)
    if any(p.severity is Severity.ERROR for p in problems) or report is None:
        return None, problems, year
    return report, problems, year

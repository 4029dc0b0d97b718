"""The section registry: every kind of section, the sections a year has by default, and a site's own.

The kinds are found, not listed: every module of this package (or `<package>/kind.py`) that
exports a `KIND` is one. Validation, pages, navigation, the print page, the data export, `diff`,
`schema` and `new-year` loop over a site's sections and call their kind; none names a section.

Adding a built-in kind of section takes:
- one module here exporting `KIND = SectionKind(...)` (its file model, template, page context,
  assembly, checks, diff facts, data.json part, CSV, starter, metrics);
- its template in site_templates/year/;
- its labels in reportgen/labels/<language>.yaml (its title, the words its page uses);
- its starter template in reportgen/cli/starters/ (its words in each catalog);
- a `Section(...)` line in DEFAULT_SECTIONS below, if every site should have it unasked.
Adding a built-in section of an existing kind is the last line and its title label.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from reportgen.derive.metrics import Registry
from reportgen.model.facts import Report, ReportFile, SiteSettings
from reportgen.sections.kind import REPORT_FILE, Section, SectionKind
from reportgen.sections.places import places
from reportgen.sections.records.ready import ready

REPORT_MODEL = ReportFile


def _discover() -> dict[str, SectionKind]:
    package = importlib.import_module(__package__ or "reportgen.sections")
    found: list[SectionKind] = []
    for info in pkgutil.iter_modules(package.__path__):
        name = f"{package.__name__}.{info.name}" + (".kind" if info.ispkg else "")
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a package of helpers without a kind of its own
        kind = getattr(module, "KIND", None)
        if isinstance(kind, SectionKind):
            found.append(kind)
    return {kind.name: kind for kind in sorted(found, key=lambda k: k.order)}


KINDS: Mapping[str, SectionKind] = _discover()
# The kinds a team may declare sections of, with shapes of its own (groups, records).
DECLARABLE: Mapping[str, SectionKind] = {name: kind for name, kind in KINDS.items() if kind.declarable}
# Page names a team's section key may not take: the year's own pages.
# … nor the name of a built-in schema (content/.schemas/<name>.schema.json).
RESERVED_KEYS = frozenset({"index", "print", "data", "charts", "report", "groups", "sitesettings", "kpireview"})

# The sections a year has unless the site settings say otherwise, in reading order:
# (key, kind, file, page, title label).
DEFAULT_SECTIONS: tuple[Section, ...] = tuple(
    Section(key, KINDS[kind], file, page, label)
    for key, kind, file, page, label in (
        ("projects", "projects", "projects.yaml", "projects.md", "projects"),
        ("achievements", "achievements", "achievements.yaml", "achievements/index.md", "achievements"),
        ("infrastructure", "groups", "infrastructure.yaml", "infrastructure.md", "infrastructure"),
        ("reliability", "groups", "reliability.yaml", "reliability.md", "reliability"),
        ("operations", "groups", "operations.yaml", "operations.md", "operations"),
        ("services", "services", "services.yaml", "services.md", "services"),
        ("kpi_review", "kpi_review", "kpi_review.yaml", "kpi-review.md", "kpi_review"),
        ("kpis", "kpis", "kpis.yaml", "kpis.md", "kpis"),
        ("impact", "groups", "impact.yaml", "impact.md", "impact"),
    )
)
# Every built-in figure, from the kinds that derive them, with the figures data.json adds beside them.
# The figures of one project (declared figures only) come after the year's, as they always have.
BUILTIN = Registry(
    sorted((m for kind in KINDS.values() for m in kind.metrics), key=lambda m: m.per_project),
    (kind.extras for kind in KINDS.values() if kind.extras is not None),
)


def assemble(
    report_file: ReportFile,
    sections: tuple[Section, ...],
    files: Mapping[str, Any],
    docs: Mapping[str, Any] | None = None,
) -> Report:
    """One year's Report from its validated files (by file name): each section as its kind keeps it,
    or None where the year has no file for it (its figures are then "no data", never 0); `docs`, the
    files' documents, say where each entry is written (sections/places.py)."""
    kept = {s.key: s.kind.store(s, files[s.file]) if s.file in files else None for s in sections}
    report = Report(
        year=report_file.year,
        title=report_file.title,
        as_of=report_file.as_of,
        source=report_file.source,
        summary=report_file.summary,
        declared=report_file.declared,
        sections=kept,
    )
    return places(report, sections, docs or {})


def report_data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    """A year's facts as data.json holds them: its own fields, then each kind's part, in the kinds' order."""
    # as_of only where a report gives it, so the data of every other year reads as it always has;
    # `continued` is derived, not a fact.
    data = report.model_dump(
        mode="json", exclude={"sections", "continued", "places", *(() if report.as_of else ("as_of",))}
    )
    for kind in KINDS.values():
        data.update(kind.data(report, sections))
    return data


def report_from_data(data: Mapping[str, Any], sections: tuple[Section, ...]) -> Report:
    """`report_data` read back, with each section's values typed again by its model."""
    own = {k: data[k] for k in ("year", "title", "as_of", "source", "summary", "declared") if k in data}
    kept = {s.key: s.kind.read(data, s) for s in sections}
    return Report.model_validate({**own, "sections": kept})


def site_sections(settings: SiteSettings | None) -> tuple[Section, ...]:
    """The sections of a site: what its settings declare, in their order, else the built-in list.

    Declarations that validation refuses (unknown or repeated keys) are left out here.
    """
    declared = settings.sections if settings is not None else None
    if declared is None:
        return DEFAULT_SECTIONS
    builtin = {s.key: s for s in DEFAULT_SECTIONS}
    found: dict[str, Section] = {}
    for entry in declared:
        if entry.key in found:
            continue
        entry = ready(entry) or entry  # a bare `incidents` is the ready-made records section
        if entry.kind is None:
            if entry.key in builtin:
                found[entry.key] = replace(builtin[entry.key], titles=entry.title)
            continue
        if entry.key in builtin or entry.key in RESERVED_KEYS:
            continue
        kind = DECLARABLE[entry.kind]
        model = kind.file_model(entry) if kind.file_model is not None else None
        found[entry.key] = Section(
            entry.key, kind, f"{entry.key}.yaml", f"{entry.key}.md", "", entry.title, entry, model
        )
    return tuple(found.values())


def site_metrics(sections: tuple[Section, ...]) -> Registry:
    """The site's metric registry: the built-in figures, then each declared section's own."""
    declared = []
    for section in sections:
        make = section.kind.declared_metrics
        if section.declaration is not None and make is not None:
            declared += make(section.key, section.declaration)
    return BUILTIN.with_metrics(declared)


def year_files(sections: tuple[Section, ...] = DEFAULT_SECTIONS) -> dict[str, type[Any]]:
    """Every file a year's folder may hold, with its model."""
    return {REPORT_FILE: REPORT_MODEL, **{s.file: s.model for s in sections}}

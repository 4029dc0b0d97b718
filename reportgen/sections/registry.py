"""The section registry: which files a year may have, and how each section behaves.

A *kind* says how a section is shaped and assembled (its file model, template, which ids must
be unique, how it enters the Report, how `diff` and the CSV export see it). A *section* is one
entry of a year: its key, file, page, title label and place in the reading order. Validation,
pages, navigation, the print page, the data export, `diff`, `schema` and `new-year` loop over
`DEFAULT_SECTIONS`; none of them names a section.

Adding a built-in section of an existing kind is one `Section(...)` line here and its labels in
reportgen/labels/*.yaml. A new kind also needs its template and its page builder in year_pages.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from reportgen.load.catalogs import fill
from reportgen.model.declarations import SectionDeclaration
from reportgen.model.facts import (
    AchievementsFile,
    GroupsFile,
    KpiReviewFile,
    KpisFile,
    ProjectsFile,
    Report,
    ReportFile,
    ServicesFile,
    SiteSettings,
)

if TYPE_CHECKING:
    from reportgen.derive.metrics import Metric

REPORT_FILE = "report.yaml"  # the year's own file: its year, title and declared figures
REPORT_MODEL: type[BaseModel] = ReportFile

Fields = dict[str, Any]  # keyword arguments of Report, being assembled


@dataclass(frozen=True)
class SectionKind:
    name: str
    model: type[BaseModel]
    template: str  # under site_templates/
    assemble: Callable[[Fields, Section, Any], None]  # puts a validated file's facts into the Report's fields
    present: Callable[[Report, Section], bool]  # does the year have anything to show in this section?
    facts: Callable[[Report, Section], Any]  # the section's facts as they stand in the Report, for `diff`
    unique: tuple[str, ...] = ()  # lists in the file whose entries' ids must be unique
    csv: Callable[[Report, Section], bytes] | None = None  # a spreadsheet of the section, if it is a table
    needs_previous_year: bool = False  # only shown when the previous year is in the site
    nav_group: bool = False  # its entries get pages of their own, grouped under the section in the nav


@dataclass(frozen=True)
class Section:
    key: str  # stable id: the page name and the key in diff and data.json
    kind: SectionKind
    file: str  # in content/<year>/
    page: str  # docs path inside the year's folder
    label: str  # label key of its title; `{year}` in it is filled by `title_year` ("" for a team's section)
    titles: Mapping[str, str] = field(default_factory=dict)  # per-language titles a team declared
    declaration: SectionDeclaration | None = None  # a team's records section: its columns and figures
    file_model: type[BaseModel] | None = None  # … and the model of its file, built from the columns

    @property
    def model(self) -> type[BaseModel]:
        return self.file_model or self.kind.model

    def title(self, t: Mapping[str, str], language: str, report: Report) -> str:
        text = self.titles.get(language) or (t[self.label] if self.label else "")
        text = text or next(iter(self.titles.values()), "") or self.key.replace("_", " ").capitalize()
        return fill(text, year=title_year(report, self))

    def csv_path(self) -> str:
        return self.page.removesuffix(".md").removesuffix("/index") + ".csv"


def title_year(report: Report, section: Section) -> int:
    """The year a section's title names: the KPI targets are for the next year."""
    if section.kind is KPIS:
        return report.kpis.year if report.kpis else report.year + 1
    return report.year


# ---- projects


def _assemble_projects(fields: Fields, section: Section, facts: ProjectsFile) -> None:
    fields["projects"] = facts.projects


def _projects_csv(report: Report, section: Section) -> bytes:
    from reportgen.derive.metrics import project_weeks

    # `inferred`: which values the team inferred, and why, so a spreadsheet does not read them as stated.
    rows = [["id", "name", "start", "end", "weeks", "status", "delivery", "tags", "inferred"]]
    for p in report.projects:
        weeks = project_weeks(p)
        rows.append(
            [
                p.id,
                p.name,
                str(p.start or ""),
                str(p.end or ""),
                "" if weeks is None else str(round(weeks, 2)),
                p.status,
                p.delivery,
                "; ".join(p.tags),
                "; ".join(f"{field}: {reason}" for field, reason in p.inferred.items()),
            ]
        )
    return csv_bytes(rows)


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    # The byte order mark makes Excel read the file as UTF-8, so Hangul is not garbled.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


PROJECTS = SectionKind(
    "projects",
    ProjectsFile,
    "year/projects.md.j2",
    _assemble_projects,
    lambda r, s: bool(r.projects),
    lambda r, s: r.projects,
    unique=("projects",),
    csv=_projects_csv,
)

# ---- achievements


def _assemble_achievements(fields: Fields, section: Section, facts: AchievementsFile) -> None:
    fields["achievements"] = facts.achievements


ACHIEVEMENTS = SectionKind(
    "achievements",
    AchievementsFile,
    "year/achievements.md.j2",
    _assemble_achievements,
    lambda r, s: bool(r.achievements),
    lambda r, s: r.achievements,
    unique=("achievements",),
    nav_group=True,
)

# ---- groups: titled lists of items


def _assemble_groups(fields: Fields, section: Section, facts: GroupsFile) -> None:
    fields.setdefault("groups", {})[section.key] = facts.groups


GROUPS = SectionKind(
    "groups",
    GroupsFile,
    "year/groups.md.j2",
    _assemble_groups,
    lambda r, s: bool(r.groups.get(s.key)),
    lambda r, s: r.groups.get(s.key, ()),
    unique=("groups",),
)

# ---- services and performance tests


def _assemble_services(fields: Fields, section: Section, facts: ServicesFile) -> None:
    fields["services"], fields["performance_tests"] = facts.services, facts.performance_tests


SERVICES = SectionKind(
    "services",
    ServicesFile,
    "year/services.md.j2",
    _assemble_services,
    lambda r, s: bool(r.services or r.performance_tests),
    lambda r, s: {"services": r.services, "performance_tests": r.performance_tests},
    unique=("services",),
)

# ---- KPI targets for next year, and this year's results against last year's targets


def _assemble_kpis(fields: Fields, section: Section, facts: KpisFile) -> None:
    fields["kpis"] = facts


KPIS = SectionKind(
    "kpis",
    KpisFile,
    "year/kpis.md.j2",
    _assemble_kpis,
    lambda r, s: r.kpis is not None and bool(r.kpis.quantitative or r.kpis.quality),  # a new year's empty file: no page
    lambda r, s: r.kpis,
    unique=("quantitative",),
)


def _assemble_kpi_review(fields: Fields, section: Section, facts: KpiReviewFile) -> None:
    fields["kpi_reviews"] = facts.reviews


KPI_REVIEW = SectionKind(
    "kpi_review",
    KpiReviewFile,
    "year/kpi_review.md.j2",
    _assemble_kpi_review,
    lambda r, s: bool(r.kpi_reviews),
    lambda r, s: r.kpi_reviews,
    needs_previous_year=True,
)

# ---- records: a table with the columns a team declares (see records.py)


def _assemble_records(fields: Fields, section: Section, facts: Any) -> None:
    fields.setdefault("records", {})[section.key] = tuple(row.model_dump() for row in facts.records)


def cell_text(value: Any) -> str:
    """A record's cell as plain text, the same in diff and CSV: ISO dates and times, durations as h:mm."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)


def _columns(section: Section) -> list[str]:
    return [c.key for c in section.declaration.columns] if section.declaration else []


def _record_facts(report: Report, section: Section) -> list[dict[str, str]]:
    """Each row's cells as the CSV writes them, in the declared order, for `diff`."""
    return [
        {key: cell_text(row[key]) for key in ["id", *_columns(section)] if row.get(key) is not None}
        for row in report.records.get(section.key, ())
    ]


def _records_csv(report: Report, section: Section) -> bytes:
    columns = ["id", *_columns(section)]
    rows = [columns] + [[cell_text(row.get(c)) for c in columns] for row in report.records.get(section.key, ())]
    return csv_bytes(rows)


RECORDS = SectionKind(
    "records",
    BaseModel,  # each records section has its own model (Section.file_model)
    "year/records.md.j2",
    _assemble_records,
    lambda r, s: bool(r.records.get(s.key)),
    _record_facts,
    unique=("records",),
    csv=_records_csv,
)

KINDS: Mapping[str, SectionKind] = {
    k.name: k for k in (PROJECTS, ACHIEVEMENTS, GROUPS, SERVICES, KPIS, KPI_REVIEW, RECORDS)
}
# Kinds a team may declare sections of, with shapes of its own.
DECLARABLE: Mapping[str, SectionKind] = {"groups": GROUPS, "records": RECORDS}
# Page names a team's section key may not take: the year's own pages.
# … nor the name of a built-in schema (content/.schemas/<name>.schema.json).
RESERVED_KEYS = frozenset({"index", "print", "data", "charts", "report", "groups", "sitesettings", "kpireview"})

# The sections a year has unless the site settings say otherwise, in reading order.
DEFAULT_SECTIONS: tuple[Section, ...] = (
    Section("projects", PROJECTS, "projects.yaml", "projects.md", "projects"),
    Section("achievements", ACHIEVEMENTS, "achievements.yaml", "achievements/index.md", "achievements"),
    Section("infrastructure", GROUPS, "infrastructure.yaml", "infrastructure.md", "infrastructure"),
    Section("reliability", GROUPS, "reliability.yaml", "reliability.md", "reliability"),
    Section("operations", GROUPS, "operations.yaml", "operations.md", "operations"),
    Section("services", SERVICES, "services.yaml", "services.md", "services"),
    Section("kpi_review", KPI_REVIEW, "kpi_review.yaml", "kpi-review.md", "kpi_review"),
    Section("kpis", KPIS, "kpis.yaml", "kpis.md", "kpis"),
    Section("impact", GROUPS, "impact.yaml", "impact.md", "impact"),
)


def by_file(sections: tuple[Section, ...]) -> dict[str, Section]:
    return {s.file: s for s in sections}


def of_kind(sections: tuple[Section, ...], kind: SectionKind) -> Section | None:
    """The section of a kind that a year has at most once (projects, KPIs, the KPI review)."""
    return next((s for s in sections if s.kind is kind), None)


def assemble(report_file: ReportFile, files: list[tuple[Section, Any]]) -> Report:
    """One year's Report from its validated files."""
    fields: Fields = {
        "year": report_file.year,
        "title": report_file.title,
        "source": report_file.source,
        "summary": report_file.summary,
        "declared": report_file.declared,
    }
    for section, facts in files:
        section.kind.assemble(fields, section, facts)
    return Report(**fields)


def site_sections(settings: SiteSettings | None) -> tuple[Section, ...]:
    """The sections of a site: what its settings declare, in their order, else the built-in list.

    Declarations that validation refuses (unknown or repeated keys) are left out here.
    """
    declared = settings.sections if settings is not None else None
    if declared is None:
        return DEFAULT_SECTIONS
    from reportgen.sections.records.columns import file_model
    from reportgen.sections.records.ready import ready

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
        model = file_model(entry) if kind is RECORDS else None
        found[entry.key] = Section(
            entry.key, kind, f"{entry.key}.yaml", f"{entry.key}.md", "", entry.title, entry, model
        )
    return tuple(found.values())


def site_metrics(sections: tuple[Section, ...]) -> Mapping[str, Metric]:
    """The site's metric registry: the built-in figures, then each records section's declared ones."""
    from reportgen.derive.metrics import METRICS
    from reportgen.sections.records.figures import declared_metrics

    registry = dict(METRICS)
    for section in sections:
        if section.declaration is not None and section.kind is RECORDS:
            for metric in declared_metrics(section.key, section.declaration):
                registry.setdefault(metric.name, metric)
    return registry

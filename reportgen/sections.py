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
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .i18n import fill
from .model import AchievementsFile, GroupsFile, KpiReviewFile, KpisFile, ProjectsFile, Report, ReportFile, ServicesFile

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
    label: str  # label key of its title; `{year}` in it is filled by `title_year`
    titles: Mapping[str, str] = field(default_factory=dict)  # per-language titles a team declared

    @property
    def model(self) -> type[BaseModel]:
        return self.kind.model

    def title(self, t: Mapping[str, str], language: str, report: Report) -> str:
        return fill(self.titles.get(language) or t[self.label], year=title_year(report, self))

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
    from .metrics import project_weeks

    rows = [["id", "name", "start", "end", "weeks", "status", "delivery", "tags"]]
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
    lambda r, s: r.kpis is not None,
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

KINDS: Mapping[str, SectionKind] = {k.name: k for k in (PROJECTS, ACHIEVEMENTS, GROUPS, SERVICES, KPIS, KPI_REVIEW)}

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
        "declared": report_file.declared,
    }
    for section, facts in files:
        section.kind.assemble(fields, section, facts)
    return Report(**fields)


def site_sections(settings: object | None) -> tuple[Section, ...]:
    """The sections of a site: what its settings declare, else the built-in list."""
    return DEFAULT_SECTIONS

"""What a kind of section is, and what its hooks see: the types every kind module fills in.

A *kind* says how a section is shaped and how every stage treats it (its file model, template,
page context, assembly into the Report, checks of meaning, diff facts, data.json part, CSV and
starter). A *section* is one entry of a year: its key, file, page, title label and place in the
reading order. Kind modules build a `SectionKind`; the registry (registry.py) collects them.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from reportgen.derive.metrics import Extras, Metric, Registry
from reportgen.load.catalogs import fill, in_language
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity
from reportgen.model.declarations import SectionDeclaration
from reportgen.model.facts import Report, ReportFile

if TYPE_CHECKING:  # the page formatter: passed in by new-year (cli), which may import render
    pass

REPORT_FILE = "report.yaml"  # the year's own file: its year, title and declared figures

# A kind's checks of one year: called once per section of the kind the site has, or once with None.
Hook = Callable[["YearCheck", "Section | None"], list[Problem]]


ExportReader = Callable[[Path, str, SectionDeclaration, Path | None, str | None], tuple[Document | None, list[Problem]]]


def _no_checks(check: YearCheck, section: Section | None) -> list[Problem]:
    return []


def _keep(section: Section, facts: Any) -> Any:
    return facts


@dataclass(frozen=True, eq=False)  # one object per kind: compared and hashed by identity
class SectionKind:
    name: str
    model: type[BaseModel]
    template: str  # under site_templates/
    starter: str  # its starter template under cli/starters/ (words from the catalog), with commented examples
    # What the Report keeps of a validated file. A file the year does not have is kept as None, whatever
    # the kind: its figures are then "no data", where a file with no entries gives real zeros.
    store: Callable[[Section, Any], Any]
    page: Callable[[Any, Section], dict[str, Any]]  # (the year's pages, section) -> what its template needs
    present: Callable[[Report, Section], bool]  # does the year have anything to show in this section?
    facts: Callable[[Report, Section], Any]  # the section's facts as they stand in the Report, for `diff`
    data: Callable[[Report, tuple[Section, ...]], dict[str, Any]]  # its part of data.json's facts
    read: Callable[[Mapping[str, Any], Section], Any]  # … and that part read back into what `store` keeps
    order: int  # where its part stands in data.json's facts (the order of the Report's fields before)
    unique: tuple[str, ...] = ()  # lists in the file whose entries' ids must be unique
    own_lists: tuple[str, ...] = ()  # lists its own checks compare entry by entry (not the generic repeat check)
    csv: Callable[[Report, Section], bytes] | None = None  # a spreadsheet of the section, if it is a table
    needs_previous_year: bool = False  # only shown when the previous year is in the site
    # Its entries' pages of their own, grouped under the section in the nav (achievements).
    subpages: Callable[[Report, Section], list[SubPage]] | None = None
    declarable: bool = False  # a team may declare sections of this kind, with shapes of its own
    requires: tuple[str, ...] = ()  # the kinds whose facts this one refers to
    entries_are: str = ""  # the kind whose ids name this one's entries (a review names the KPI it reviews)
    entry_names: Callable[[Report], Mapping[str, str]] | None = None  # its entries' ids -> their names, for readers
    metrics: tuple[Metric, ...] = ()  # the built-in figures derived from it
    extras: Extras | None = None  # data.json figures outside the registry (see derive/metrics.py)
    form_checks: Hook = _no_checks  # run with the year's other checks of form, before the report is assembled
    meaning_checks: Hook = _no_checks  # run on the assembled year (see check/years.py)
    site_checks: Callable[[dict[int, YearFiles], Section], list[Problem]] | None = None  # across years
    # The year beside its neighbours (year, the year before, the year after; None where the site has none):
    # the Report with `continued` saying which of its entries they list too (a project across years).
    link_years: Callable[[Report, Report | None, Report | None], Report] | None = None
    title_year: Callable[[Report], int] | None = None  # the year its title names, if not the report's
    # A declared kind: the model of a section's file, and its figures, from what the team declared.
    # A starter written from last year's facts instead (the site's formatter, with its language and
    # registry, so figures print as the site prints them; year; last year); None: no file.
    starter_from: Callable[[Any, int, Report | None], str | None] | None = None
    file_model: Callable[[SectionDeclaration], type[BaseModel]] | None = None
    declared_metrics: Callable[[str, SectionDeclaration], list[Metric]] | None = None
    # A declared kind whose rows a team's tool may export: the suffixes its file may have instead of
    # .yaml (content/<year>/<key>.csv), and the reader of such an export, which gives the document
    # its YAML would (path, display, declaration, content folder, the site's time zone).
    export_suffixes: tuple[str, ...] = ()
    read_export: ExportReader | None = None
    # The rows of its page a figure's note links to: each entry's id, in table order, and whether its
    # row is on the page (a records page shows the newest 100); None: its page has no rows to land on.
    entries: Callable[[Report, Section], list[tuple[str, bool]]] | None = None


@dataclass(frozen=True)
class SubPage:
    """A page of one entry of a section, under the section's own page."""

    title: str
    path: str  # inside the year's folder
    template: str
    context: dict[str, Any]


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
        text = text or in_language(self.titles, language) or self.key.replace("_", " ").capitalize()
        year = self.kind.title_year(report) if self.kind.title_year is not None else report.year
        return fill(text, year=year)

    def export_files(self) -> list[str]:
        """The names its file may have instead, as a team's tool exports it (incidents.csv, incidents.json)."""
        stem = self.file.removesuffix(".yaml")
        return [stem + suffix for suffix in self.kind.export_suffixes] if self.declaration is not None else []

    def csv_path(self) -> str:
        return self.page.removesuffix(".md").removesuffix("/index") + ".csv"


def of_kind(sections: tuple[Section, ...], kind: SectionKind) -> Section | None:
    """The section of a kind that a year has at most once (projects, KPIs, the KPI review)."""
    return next((s for s in sections if s.kind is kind), None)


# A text cell starting with one of these runs as a formula when a spreadsheet opens the file (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float


def csv_cell(value: Cell) -> str:
    """A cell as the CSV writes it: a number as it is, a text that a spreadsheet would run as a
    formula led by an apostrophe, which the spreadsheet shows as text (`'=HYPERLINK(...)`)."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def csv_bytes(rows: list[list[Cell]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[csv_cell(c) for c in row] for row in rows])
    # The byte order mark makes Excel read the file as UTF-8, so Hangul is not garbled.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass
class YearFiles:
    """The validated files of one year, with their documents, for the checks that span files."""

    sections: tuple[Section, ...]
    docs: dict[str, Document]
    files: dict[str, Any]
    failed: set[str]  # files present whose form is broken: references into them would only repeat that
    # The assembled year, once every year is loaded: the checks across years that judge its figures
    # (a KPI's verdict) read them as the site does. Never cached: it is attached after loading.
    report: Report | None = None

    def get(self, name: str) -> Any:
        return self.files.get(name)

    def __getstate__(self) -> dict[str, Any]:
        # The year cache stores a year; its sections are the site's, re-attached when it is served.
        # A records file's model is made at run time from site.yaml and cannot be pickled; its rows
        # are in the Report already, and only the checks of the year's own loading (done by then) read it.
        files = {name: facts for name, facts in self.files.items() if _importable(type(facts))}
        return {**self.__dict__, "sections": (), "files": files, "report": None}

    def of(self, section: Section | None) -> tuple[Any, Document | None]:
        """A section's validated facts (None if absent or invalid) and its document."""
        if section is None:
            return None, None
        return self.files.get(section.file), self.docs.get(section.file)


def _importable(cls: type) -> bool:
    module = sys.modules.get(cls.__module__)
    return module is not None and getattr(module, cls.__qualname__, None) is cls


@dataclass(frozen=True)
class YearCheck:
    """What a kind's checks of one year see."""

    year: YearFiles
    folder: Path  # content/<year>/
    root: Path  # paths in messages are relative to it
    report_file: ReportFile | None  # the year's report.yaml, if it is sound
    report: Report | None  # the assembled year (for meaning checks; a shell named by the folder if report.yaml failed)
    registry: Registry
    complete: bool = False  # every file loaded without error: figures derived across files can be checked
    settings_ok: bool = True  # the site settings are sound: what they declare can be checked against


def unit_typo(doc: Document, path: KeyPath, unit: str, close: str) -> Problem:
    """A unit that looks like a typo of a known one (a KPI's, a column's): a warning, never an error."""
    return doc.problem(
        path,
        f"the unit '{unit}' is not one reportgen knows; it will be printed as written",
        f"did you mean '{close}'? (a team's own unit is fine as it is)",
        severity=Severity.WARNING,
        code="unknown-unit",
    )

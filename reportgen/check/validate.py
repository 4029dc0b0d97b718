"""The content folder to a validated Site: the site settings, then one folder per year, then the
checks across years. Every problem in the content is collected and reported at once."""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from pathlib import Path

from reportgen.check import meaning
from reportgen.check.catalog_check import catalog_problems
from reportgen.check.form import load_file
from reportgen.check.glyph_check import glyph_problems
from reportgen.check.label_units import doubled_units
from reportgen.check.settings_check import check_settings
from reportgen.check.years import load_year
from reportgen.load.catalogs import TEAM_FOLDER, catalog, formatted, placeholders, team_catalog_files, use_team_catalogs
from reportgen.load.loader import Document, load_document
from reportgen.load.mkdocs_config import MkdocsSettings, find_config, read_config, resolve
from reportgen.load.problems import Problem, Severity, display_path, suggest
from reportgen.load.reading import inside
from reportgen.model.facts import Report, Site, SiteSettings
from reportgen.sections.kind import Section, YearFiles
from reportgen.sections.registry import DEFAULT_SECTIONS, site_sections

SITE_FILE = "site.yaml"


@dataclass(frozen=True)
class Validated:
    site: Site | None  # None when there are errors
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


# Loads one year's folder: (folder, root, the loader to call on a cache miss) -> what _load_year returns.
YearLoader = typing.Callable[[Path, Path, typing.Callable[[Path, Path], typing.Any]], typing.Any]


def load_settings(content_dir: Path) -> SiteSettings | None:
    """The site settings alone, if they are valid: enough to know the sections (for `schema`)."""
    path = content_dir / SITE_FILE
    if not path.is_file():
        return None
    doc, settings, problems = load_file(path, content_dir, SiteSettings, content_dir)
    if doc is None or settings is None or problems:
        return None
    return None if check_settings(settings, doc) else settings


def _check_label_overrides(settings: SiteSettings, doc: Document) -> list[Problem]:
    """A team's reworded labels: known keys, and the same `{placeholders}` the site fills in."""
    shipped = catalog(settings.language)
    problems = []
    for key, text in settings.labels.items():
        if key not in shipped:
            hint = suggest(key, shipped) or f"the labels are listed in reportgen/labels/{settings.language}.yaml"
            problems.append(
                doc.problem(("labels", key), f"unknown label '{key}'", hint, key=True, code="unknown-label")
            )
            continue
        try:
            given = placeholders(text)
        except ValueError:
            given = None
        expected = placeholders(shipped[key])
        if (spec := formatted(text)) is not None:
            problems.append(
                doc.problem(
                    ("labels", key),
                    f"label '{key}' formats a placeholder ('{spec}')",
                    "write each placeholder as {name}, without a format or a conversion",
                    code="label-format",
                )
            )
            continue
        if expected and (given is None or not given <= expected):
            fields = ", ".join("{" + name + "}" for name in sorted(expected)) or "none"
            problems.append(
                doc.problem(
                    ("labels", key),
                    f"label '{key}' uses placeholders the site does not fill in",
                    f"it may use {fields}; write a literal brace as {{{{ or }}}}",
                    code="label-placeholders",
                )
            )
            continue
        for doubled in doubled_units(text, settings.language):
            message = f"label '{key}': {doubled}"
            problems.append(
                doc.problem(("labels", key), message, "drop the unit after it", code="catalog-doubled-unit")
            )
    return problems


def _settings(
    content_dir: Path, root: Path, mkdocs: MkdocsSettings | None
) -> tuple[SiteSettings | None, list[Problem], MkdocsSettings | None]:
    """site.yaml (optional: MkDocs names the site) under the MkDocs config's title and language, checked;
    with the MkDocs settings it was read under (the config beside the content, where none was given)."""
    problems: list[Problem] = []
    settings: SiteSettings | None = SiteSettings()
    settings_doc = None
    if (content_dir / SITE_FILE).is_file():
        settings_doc, settings, found = load_file(content_dir / SITE_FILE, root, SiteSettings, content_dir)
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
    return settings, problems, mkdocs


def _stray(path: Path, root: Path, message: str, hint: str, code: str) -> Problem:
    return Problem(display_path(path, root), 1, 1, message, hint, code=code)


def _years(
    content_dir: Path,
    root: Path,
    sections: tuple[Section, ...],
    settings_ok: bool,
    year_loader: YearLoader | None,
    timezone: str | None = None,
) -> tuple[list[Report], dict[int, YearFiles], list[Problem]]:
    reports, years, problems = [], {}, []
    load = functools.partial(load_year, sections=sections, settings_ok=settings_ok, timezone=timezone)
    for folder in sorted(content_dir.iterdir()):
        if folder.name.startswith("."):
            continue
        if folder.is_dir() and folder.name == TEAM_FOLDER:
            continue  # the team's catalogs (check/catalog_check.py)
        if folder.is_dir() and not folder.name.isdigit():
            hint = "name each year's folder by its year, e.g. content/2024/"
            problems.append(_stray(folder, root, f"'{folder.name}' is not a year", hint, "not-a-year-folder"))
        elif folder.is_dir() and not inside(folder, content_dir):
            hint = "a year's folder must be inside the content folder: copy it in instead of linking to it"
            problems.append(
                _stray(folder, root, "this is a link to a folder outside the content folder", hint, "outside-content")
            )
        elif folder.is_dir():
            report, found, loaded = year_loader(folder, root, load) if year_loader is not None else load(folder, root)
            loaded.sections = sections  # not stored with a cached year: its kinds hold functions
            problems += found
            years[int(folder.name)] = loaded
            loaded.report = report  # for the checks across years that judge its figures
            if report is not None:
                reports.append(report)
        elif folder.is_file() and folder.name != SITE_FILE:
            hint = "facts go into a year's folder, e.g. content/2023/"
            problems.append(_stray(folder, root, f"unexpected file '{folder.name}'", hint, "unexpected-file"))
    for section in sections:  # the checks across years, such as a review against last year's targets
        if section.kind.site_checks is not None:
            problems += section.kind.site_checks(years, section)
    return reports, years, problems


def _texts(content_dir: Path, root: Path, years: dict[int, YearFiles]) -> list[Document]:
    """Every document whose text the site prints: site.yaml, the team's catalogs, each year's files."""
    found = [*(doc for year in years.values() for doc in year.docs.values())]
    for path in [content_dir / SITE_FILE, *team_catalog_files().values()]:
        if path.is_file():
            doc, _ = load_document(path, display_path(path, root), content_dir)  # its problems are reported already
            found += [doc] if doc is not None else []
    return found


def _linked(reports: list[Report], sections: tuple[Section, ...]) -> list[Report]:
    """Each year beside the years next to it: the entries they list too (a project across years), which
    its pages name and the figures over several years count once. Done here, after every year is loaded
    (a year may come from the cache), so a year's own loading never depends on its neighbours."""
    hooks = [kind.link_years for kind in dict.fromkeys(s.kind for s in sections) if kind.link_years is not None]
    by_year = {r.year: r for r in reports}
    linked = []
    for report in reports:
        for hook in hooks:
            report = hook(report, by_year.get(report.year - 1), by_year.get(report.year + 1))
        linked.append(report)
    return linked


def load_site(
    content_dir: Path,
    root: Path | None = None,
    mkdocs: MkdocsSettings | None = None,
    *,
    require_years: bool = True,
    year_loader: YearLoader | None = None,
    glyphs: bool = False,
) -> Validated:
    """Load and validate all content under `content_dir`: site settings and one folder per year.

    `mkdocs`: what the MkDocs config says (the plugin passes it); else the mkdocs.yml beside the
    content folder is read, if there is one. `year_loader` may serve a year whose files have not
    changed from a cache (see emit/generate.py). `glyphs`: also list every character the site's fonts
    cannot draw (check/glyph_check.py), as `reportgen validate` does; it reads the font files.
    """
    root = root or Path.cwd()
    if not content_dir.is_dir():
        hint = "pass the folder that holds site.yaml and one folder per year"
        return Validated(None, [_stray(content_dir, root, "content folder not found", hint, "content-folder-missing")])
    use_team_catalogs(content_dir)  # content/labels/<lang>.yaml: the team's languages and wordings
    settings, problems, mkdocs = _settings(content_dir, root, mkdocs)
    problems += catalog_problems(content_dir, root)
    # With broken settings, the years are checked against the built-in sections only.
    settings_ok = settings is not None and not any(p.severity is Severity.ERROR for p in problems)
    sections = site_sections(settings) if settings_ok else DEFAULT_SECTIONS
    timezone = settings.timezone if settings is not None and settings_ok else None
    reports, years, found = _years(content_dir, root, sections, settings_ok, year_loader, timezone)
    problems += found
    if glyphs and settings is not None and settings_ok:  # `validate` only: a warm build reads no font
        problems += glyph_problems(_texts(content_dir, root, years), settings.language)
    reports = _linked(reports, sections)
    if not reports and not problems and require_years:
        hint = "add a folder such as content/2023/ with a report.yaml"
        problems.append(_stray(content_dir, root, "no years found", hint, "no-years"))
    if any(p.severity is Severity.ERROR for p in problems) or settings is None:
        return Validated(None, sorted(problems))
    sources = mkdocs.sources if mkdocs is not None else None
    return Validated(Site(settings=settings, reports=tuple(reports), sources=sources), sorted(problems))

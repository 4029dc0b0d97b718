"""`reportgen new-year`: a new year's folder, ready for this year's facts.

Each section of the site gets its kind's starter file (a template in reportgen/cli/starters/ with
its words from the catalog: load/language_starters.py), with commented examples in the site's
language. Last year's KPI targets, if any, are carried over as the KPIs this year reports against.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from reportgen.check.validate import load_site
from reportgen.cli.init_publish import PublishOptions, write_publish
from reportgen.cli.output import say
from reportgen.cli.schema import SCHEMA_DIR, header_for, render_schemas, write_schemas
from reportgen.load.catalogs import REFERENCE, labels, language_settings
from reportgen.load.language_starters import starter_template, starter_words
from reportgen.load.mkdocs_config import find_config
from reportgen.model.facts import Report
from reportgen.render.pages import Formatter
from reportgen.sections.kind import REPORT_FILE, Section
from reportgen.sections.registry import DEFAULT_SECTIONS, site_metrics, site_sections


def starter(lang: str, name: str, **values: object) -> str:
    """A starter file's text with its `{placeholders}` filled in (other braces are left as written)."""
    text = starter_template(lang, name)
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


EXAMPLE_VALUES = {
    "text": "…",
    "number": "1.5",
    "integer": "3",
    "date": "{year}-03-04",
    "datetime": "{year}-03-04 09:30:00",
    "duration": "1h 30m",
    "link": "https://example.com",
    "project": "new-platform",
}


def _record_columns(section: Section, year: int, language: str) -> str:
    """Commented example lines of a records section, one per declared column, with its type
    (the keyword site.yaml declares it with). Uncommented, each line is valid as it stands."""
    lines = []
    for column in section.declaration.columns if section.declaration else ():
        value = column.choices[0] if column.type == "choice" and column.choices else EXAMPLE_VALUES.get(column.type, "")
        about = column.type + (f": {' | '.join(column.choices)}" if column.choices else "")
        about += f", {words(language)['required']}" if column.required else ""
        entry = f"#   {column.key}: {value.replace('{year}', str(year))}"
        lines.append(f"{entry:<31} # {about}")  # a space before '#', or YAML reads the comment as the value
    return "\n".join(lines)


def _title(year: int, latest: Report | None) -> str:
    if latest is not None and str(latest.year) in latest.title:
        return latest.title.replace(str(latest.year), str(year))
    return str(year)


def year_files(
    language: str, year: int, sections: tuple[Section, ...], latest: Report | None, title: str | None = None
) -> dict[str, str]:
    """The files of a new year, by name: report.yaml, then one per section."""
    t = labels(language)
    # Figures in the starters' comments print as the site prints them (71.4%, not 71.42857142857143).
    registry = site_metrics(sections)
    fmt = Formatter(language, t, registry)
    files = {
        REPORT_FILE: starter(
            language,
            "report.yaml",
            year=year,
            title=json.dumps(title or _title(year, latest), ensure_ascii=False),
            metrics=" | ".join(registry),  # a team's own figures too
        )
    }
    for section in sections:
        if section.kind.starter_from is not None:  # written from last year's facts, or not at all
            text = section.kind.starter_from(fmt, year, latest)
            if text is not None:
                files[section.file] = text
            continue
        files[section.file] = starter(
            language,
            section.kind.starter,
            year=year,
            next_year=year + 1,
            title=section.titles.get(language)
            or (t[section.label].replace("{year}", str(year)) if section.label else section.key),
            columns=_record_columns(section, year, language),
        )
    return files


def write_year(content_dir: Path, year: int, files: dict[str, str], sections: tuple[Section, ...]) -> list[Path]:
    folder = content_dir / str(year)
    folder.mkdir(parents=True)
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(header_for(content_dir, path, sections) + "\n" + text, encoding="utf-8")
        written.append(path)
    return written


def new_year(content_dir: Path, year: int) -> list[Path]:
    """Write content/<year>/ and return the files written. Raises ValueError if it cannot."""
    folder = content_dir / str(year)
    if folder.exists():
        raise ValueError(f"{folder} already exists; new-year never overwrites a year")
    validated = load_site(content_dir, require_years=False)
    if validated.site is None:
        raise ValueError("the existing content has errors; run `reportgen validate` and fix them first")
    earlier = [r for r in validated.site.reports if r.year < year]
    latest = earlier[-1] if earlier else None  # a team's first year starts from nothing
    sections = site_sections(validated.site.settings)
    files = year_files(validated.site.settings.language, year, sections, latest)
    written = write_year(content_dir, year, files, sections)
    return written + _refresh_schemas(content_dir, sections)


def _refresh_schemas(content_dir: Path, sections: tuple[Section, ...]) -> list[Path]:
    """The new files name their schemas: write those missing or out of date (a team's new section)."""
    folder = content_dir / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    changed = []
    for name, schema in render_schemas(sections).items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != schema:
            path.write_bytes(schema)
            changed.append(path)
    return changed


def words(language: str) -> Mapping[str, str]:
    """The few phrases init and new-year write outside the starter files: the catalog's starter words."""
    return starter_words(language)


def init_project(
    folder: Path, language: str, team: str | None, year: int, publish: PublishOptions | None = None
) -> list[Path]:
    """A new team's project in `folder`: content/site.yaml, a first year, and mkdocs.yml unless one exists;
    with `publish`, the workflows and requirements too (cli/init_publish.py).

    Refuses (ValueError) to write over anything: an existing content/site.yaml or year folder. With
    `publish`, an existing project keeps its content and gets only its publishing files refreshed.
    """
    content = folder / "content"
    if publish is not None and (content / "site.yaml").is_file():
        return write_publish(folder, publish, say)
    for taken in (content / "site.yaml", content / str(year)):
        if taken.exists():
            raise ValueError(f"{taken} already exists; init never overwrites a project")
    text = words(language)
    spoken = language_settings(language)
    name = team or ""
    written: list[Path] = []
    config = find_config(content)
    if config is None:
        config = folder / "mkdocs.yml"
        site_name = text["site_name"].format(team=name) if team else text["untitled"]
        description = text["description"].format(team=name) if team else text["untitled"]
        config.write_text(
            starter(
                language,
                "mkdocs.yml",
                site_name=json.dumps(site_name, ensure_ascii=False),
                site_description=json.dumps(description, ensure_ascii=False),
                language=spoken.material or REFERENCE,  # Material's English where it has no partial
                dark_toggle=text["dark_toggle"],
                light_toggle=text["light_toggle"],
                search_languages=", ".join(spoken.search),
            ),
            encoding="utf-8",
        )
        written.append(config)
    content.mkdir(parents=True, exist_ok=True)
    site = content / "site.yaml"
    team_line = json.dumps(team, ensure_ascii=False) if team else text["team_unknown"]
    site_text = starter(language, "site.yaml", team=team_line, code=language)
    site.write_text(header_for(content, site) + "\n" + site_text, encoding="utf-8")
    written.append(site)
    title = text["report_title"].format(team=name, year=year) if team else str(year)
    files = year_files(language, year, DEFAULT_SECTIONS, None, title)
    written += write_year(content, year, files, DEFAULT_SECTIONS)
    written += write_schemas(content / ".schemas")
    return written + (write_publish(folder, publish, say) if publish is not None else [])

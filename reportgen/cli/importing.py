"""`reportgen import SECTION FILE`: a tool's export that spans years, split into the years' files.

Each record goes to the year of the section's first date (or datetime) column. The year files it
writes are YAML (content/<year>/<key>.yaml): the form a team reviews in a pull request and edits
by hand, where importing next month's export again merges record by record. Merging is by id: a
new record is added, one the year already holds unchanged is left as it is, one that changed is
listed and replaced only with `--replace`. A record of the year that the export lacks is kept:
nothing is ever dropped. Either every year file is written or none, each one atomically, and only
after reading it back gives exactly the records meant for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from reportgen.check.form import checked, load_file
from reportgen.check.validate import load_settings
from reportgen.cli.schema import header_for
from reportgen.emit.store import atomic_write
from reportgen.load.loader import Document, document_from_text
from reportgen.load.problems import ContentError, Problem, display_path, suggest
from reportgen.sections.kind import Section
from reportgen.sections.records.exports import RECORDS, SUFFIXES, read_export
from reportgen.sections.registry import site_sections

Row = dict[str, Any]


class ImportRefused(ValueError):
    """The import cannot be made as asked (no such section, no year folder); the message says why."""


@dataclass
class Changed:
    """A record the export gives otherwise than the year holds it."""

    year: int
    id: str
    differences: list[tuple[str, Any, Any]]  # (column, the year's value, the export's)


@dataclass
class YearImport:
    year: int
    path: Path
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept: int = 0  # the year's records the export does not have: kept as they are
    rows: list[Row] = field(default_factory=list)  # the year's records after the import

    @property
    def total(self) -> int:
        return self.added + self.replaced + self.unchanged


@dataclass
class Imported:
    years: list[YearImport]
    changed: list[Changed]
    written: list[Path]
    comments_lost: list[Path] = field(default_factory=list)  # files rewritten whole: their comments are gone


def _section(sections: Sequence[Section], key: str) -> Section:
    records = {s.key: s for s in sections if s.kind.read_export is not None and s.declaration is not None}
    if key not in records:
        hint = suggest(key, records) or (
            f"the records sections are: {', '.join(records)}" if records else "site.yaml declares no records section"
        )
        raise ImportRefused(f"'{key}' is not a records section of this site ({hint})")
    return records[key]


def _date_column(section: Section) -> str:
    declaration = section.declaration
    assert declaration is not None
    found = next((c.key for c in declaration.columns if c.type in ("date", "datetime")), None)
    if found is None:
        raise ImportRefused(f"'{section.key}' has no date or datetime column to split the export by year")
    return found


def _read(export: Path, root: Path, section: Section, timezone: str | None) -> tuple[list[Row], Document]:
    """The export's records, typed by the section's model; every problem of it at once, or none."""
    if export.suffix not in SUFFIXES:
        raise ImportRefused(f"{export} is not a .csv or .json export")
    assert section.declaration is not None
    doc, facts, problems = checked(
        *read_export(export, display_path(export, root), section.declaration, None, timezone), section.model
    )
    if facts is None or doc is None:
        raise ContentError(problems)
    rows = [row.model_dump() for row in facts.records]  # type: ignore[attr-defined]
    twice = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row.get("id") is None:
            continue
        same = row["id"].casefold()
        if same in seen:
            line, col = doc.where((RECORDS, seen[same], "id"))
            twice.append(
                doc.problem(
                    (RECORDS, index, "id"),
                    f"duplicate id '{row['id']}'",
                    f"already used at {doc.display}:{line}:{col}; the import merges records by id",
                    code="duplicate-id",
                )
            )
        seen.setdefault(same, index)
    if twice:
        raise ContentError(twice)
    return rows, doc


def _by_year(rows: list[Row], doc: Document, dated: str) -> dict[int, list[Row]]:
    years: dict[int, list[Row]] = {}
    undated: list[Problem] = []
    for index, row in enumerate(rows):
        value = row.get(dated)
        if value is None:
            undated.append(
                doc.problem(
                    (RECORDS, index),
                    f"this record has no '{dated}', which places a record in its year",
                    f"give it a '{dated}'; the import splits the export by it",
                    code="missing-field",
                )
            )
            continue
        years.setdefault(value.year, []).append(row)
    if undated:
        raise ContentError(undated)
    return years


def _check_years(content_dir: Path, root: Path, years: Sequence[int]) -> None:
    missing = [year for year in years if not (content_dir / str(year)).is_dir()]
    if missing:
        listed = ", ".join(str(year) for year in missing)
        raise ImportRefused(
            f"the export has records of {listed}, which {display_path(content_dir, root)}/ has no folder for: "
            f"start a year with `reportgen new-year YEAR`, or leave its records out of the export; nothing written"
        )


def _existing(content_dir: Path, root: Path, section: Section, year: int) -> tuple[Path, list[Row], bool]:
    """The year's file of the section, its records, and whether it holds comments an import loses."""
    folder = content_dir / str(year)
    for name in section.export_files():
        if (folder / name).exists():
            raise ImportRefused(
                f"{display_path(folder / name, root)} holds {year}'s {section.key} already, and the import writes "
                f"{section.file}: a year's records are in one file; remove one of them first (nothing written)"
            )
    path = folder / section.file
    if not path.exists():
        return path, [], False
    doc, facts, problems = load_file(path, root, section.model, content_dir)
    if facts is None or doc is None:
        raise ContentError(problems)
    text = path.read_text(encoding="utf-8")
    comments = any(line.lstrip().startswith("#") for line in text.splitlines()[1:])
    return path, [row.model_dump() for row in facts.records], comments  # type: ignore[attr-defined]


def _same(row: Row) -> str | None:
    return row["id"].casefold() if row.get("id") is not None else None


def _values(row: Row) -> Row:
    return {k: v for k, v in row.items() if k != "id"}


def _merge(target: YearImport, existing: list[Row], incoming: list[Row], replace: bool) -> list[Changed]:
    """The year's records with the export's merged in, by id (a record without an id by all its values)."""
    rows = list(existing)
    at = {_same(row): index for index, row in enumerate(rows) if _same(row) is not None}
    matched: set[int] = set()
    changed = []
    for row in incoming:
        key = _same(row)
        # A record without an id is the year's record with the same values (the id aside, as the
        # check for a record listed twice compares them).
        index = (
            at.get(key)
            if key is not None
            else next((i for i, r in enumerate(rows) if _values(r) == _values(row)), None)
        )
        if index is None:
            if key is not None:
                at[key] = len(rows)
            matched.add(len(rows))
            rows.append(row)
            target.added += 1
            continue
        matched.add(index)
        if rows[index] == row or key is None:
            target.unchanged += 1
            continue
        differences = [(k, rows[index].get(k), row.get(k)) for k in row if rows[index].get(k) != row.get(k)]
        changed.append(Changed(target.year, str(row.get("id")), differences))
        target.replaced += 1
        if replace:
            rows[index] = row
    target.kept = len([i for i in range(len(existing)) if i not in matched])
    target.rows = rows
    return changed


# ---- writing


def _duration(value: timedelta) -> str:
    """A duration as a team writes it (26h 5m), which the records model reads back exactly."""
    minutes = value.total_seconds() / 60
    hours = int(minutes // 60)
    rest = minutes - hours * 60
    return f"{hours}h {rest:.10g}m" if rest else f"{hours}h"


class _Dumper(yaml.SafeDumper):
    """YAML as the team writes it by hand (list items indented under their key), with text in double
    quotes where it holds a control character (a tab), which a content file may not hold as is."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if any(ord(c) < 0x20 for c in value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _moment(dumper: yaml.SafeDumper, value: datetime) -> yaml.Node:
    # ISO with a space, as the team writes it by hand (2024-03-04 09:30:00).
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat(sep=" "))


_Dumper.add_representer(str, _text)
_Dumper.add_representer(datetime, _moment)


def _plain(row: Row, order: Sequence[str]) -> dict[str, Any]:
    """A record as its YAML writes it: the id first, then the columns in their declared order, no empty ones."""
    plain: dict[str, Any] = {}
    for key in order:
        value = row.get(key)
        if value is None:
            continue
        plain[key] = _duration(value) if isinstance(value, timedelta) else value
    return plain


def render(header: str, rows: list[Row], order: Sequence[str]) -> str:
    body = yaml.dump(
        {RECORDS: [_plain(row, order) for row in rows]},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # a long title stays on its line
    )
    return f"{header}\n{body}"


def _checked_text(path: Path, root: Path, text: str, section: Section, rows: list[Row]) -> None:
    """The file about to be written, read back as `validate` will read it: exactly the records meant."""
    _, facts, problems = checked(*document_from_text(text, path, display_path(path, root)), section.model)
    read = [row.model_dump() for row in facts.records] if facts is not None else None  # type: ignore[attr-defined]
    if read != rows:
        detail = "; ".join(p.for_people() for p in problems) or "the records read back differ"
        raise ImportRefused(f"{display_path(path, root)} would not read back as imported ({detail}); nothing written")


def import_export(
    content_dir: Path, key: str, export: Path, *, replace: bool = False, root: Path | None = None
) -> Imported:
    """Split `export` into the year files of section `key`, merged with what they hold. With changed
    records and no `replace`, nothing is written: the changes are returned to be listed."""
    root = root or Path.cwd()
    settings = load_settings(content_dir)
    if settings is None:
        raise ImportRefused(f"{display_path(content_dir / 'site.yaml', root)} has errors: run `reportgen validate`")
    sections = site_sections(settings)
    section = _section(sections, key)
    rows, doc = _read(export, root, section, settings.timezone)
    by_year = _by_year(rows, doc, _date_column(section))
    _check_years(content_dir, root, sorted(by_year))
    years, changed, lose_comments = [], [], []
    for year in sorted(by_year):
        path, existing, comments = _existing(content_dir, root, section, year)
        target = YearImport(year, path)
        changed += _merge(target, existing, by_year[year], replace)
        years.append(target)
        if comments and (target.added or (replace and target.replaced)):
            lose_comments.append(path)
    if changed and not replace:
        return Imported(years, changed, [])
    order = ["id", *(c.key for c in section.declaration.columns)] if section.declaration else ["id"]
    texts: dict[Path, str] = {}
    for target in years:
        if not (target.added or target.replaced):
            continue  # the year holds the export's records already
        text = render(header_for(content_dir, target.path, sections), target.rows, order)
        _checked_text(target.path, root, text, section, target.rows)
        texts[target.path] = text
    for path, text in texts.items():
        atomic_write(path, text.encode("utf-8"))
    return Imported(years, changed, list(texts), lose_comments)


def describe(imported: Imported, root: Path, replace: bool) -> list[str]:
    """What the import did (or would do), year by year, for people."""
    lines = []
    for target in imported.years:
        where = display_path(target.path, root)
        parts = [f"{target.added} new", f"{target.replaced} {'replaced' if replace else 'changed'}"]
        parts += [f"{target.unchanged} unchanged"] + ([f"{target.kept} kept"] if target.kept else [])
        lines.append(f"{target.year}: {target.total} record(s) from the export ({', '.join(parts)}) -> {where}")
    return lines


def describe_changes(changed: Sequence[Changed]) -> list[str]:
    lines = []
    for change in changed:
        differences = "; ".join(f"{key}: {_shown(old)} -> {_shown(new)}" for key, old, new in change.differences)
        lines.append(f"  {change.year} {change.id}: {differences}")
    return lines


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _duration(value)
    return repr(value) if isinstance(value, str) else str(value)

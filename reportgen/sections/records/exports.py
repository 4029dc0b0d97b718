"""A records section's rows from an export of the team's tool: content/<year>/<key>.csv or .json.

The export is read into the very document a hand-written <key>.yaml gives (`records:` a list of
rows by column key, each value with the position it was written at), so the same model and checks
judge it and report at the export's own line and column: the CSV cell, the JSON value. On the way
each field is taken to its column as the declaration's `source:` says (model/sources.py): the
field it is read from, its values mapped onto choices, its dates read in their format, a time with
an offset read in the team's time zone. Any field the declaration neither reads nor ignores is an
error, so nothing the team did not name reaches the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportgen.load.loader import Document, KeyPath, Location, Reported
from reportgen.load.locations import EXPORT_SUFFIXES
from reportgen.load.problems import Problem, suggest
from reportgen.load.reading import decode, read_content
from reportgen.load.sources import MAX_SOURCE_BYTES, csv_rows, json_rows
from reportgen.model.declarations import Column, SectionDeclaration
from reportgen.model.sources import NO_SOURCE, SourceDeclaration

SUFFIXES = EXPORT_SUFFIXES
RECORDS = "records"
# A CSV's cells are all text: a plain decimal is the number it says, anything else stays text for
# the model to refuse with its usual message ("expected a number, got '12 ms'").
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")
_DATE_ONLY = re.compile(r"^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$")
_ABSENT = object()  # an empty cell, a JSON null, a value mapped to null: the record has no value there


@dataclass
class Export:
    """An export's records as plain values by field, with where each was written: a line and
    column, or (JSON) an offset into the text that `lines` turns into one when it is wanted."""

    records: list[dict[str, Any]]
    positions: dict[KeyPath, Location | int]  # (index,) -> the record; (index, *path) -> a value
    key_positions: dict[KeyPath, Location | int]  # (index, field) -> where the field is named
    at: Location = (1, 1)  # where the list of records starts
    header: dict[str, Location] | None = None  # a CSV names its fields once, in its header
    nested: bool = False  # JSON: a dotted name is a path into the record's objects
    lines: json_rows.Lines | None = None

    def where(self, path: KeyPath, table: str = "positions") -> Location | None:
        found = getattr(self, table).get(path)
        return self.lines.at(found) if isinstance(found, int) and self.lines is not None else found


def read_export(
    path: Path, display: str, declaration: SectionDeclaration, folder: Path | None, timezone: str | None
) -> tuple[Document | None, list[Problem]]:
    """An export of a records section (inside `folder`, under the reading rules) as its file's document."""
    raw, refused = read_content(path, display, folder, MAX_SOURCE_BYTES)
    if raw is None:
        return None, refused
    # Excel writes a byte order mark into a UTF-8 CSV.
    text, problems = decode(raw, display, MAX_SOURCE_BYTES, bom=True, what="a CSV or JSON export")
    if text is None:
        return None, problems
    source = declaration.source or NO_SOURCE
    export, problems = from_csv(text, display) if path.suffix == ".csv" else from_json(text, display, source)
    if export is None:
        return None, problems
    reading = _Reading(declaration, timezone, display)
    doc = reading.document(path, export)
    return doc, problems + reading.problems


def from_csv(text: str, display: str) -> tuple[Export | None, list[Problem]]:
    """A CSV's rows as records by their header's names."""
    table, problems = csv_rows.parse(text, display)
    if table is None:
        return None, problems
    header: dict[str, Location] = {}
    columns: list[str | None] = []  # each cell's field, None for a repeated name
    for name, at in zip(table.header.cells, table.header.where, strict=True):
        if name in header:
            problems.append(
                Problem(
                    display,
                    *at,
                    f"duplicate key '{name}' (first defined at column {header[name][1]})",
                    "name each column of the header once",
                    code="duplicate-key",
                )
            )
            columns.append(None)
            continue
        header[name] = at
        columns.append(name)
    export = Export([], {}, {}, table.header.at, header)
    for row in table.rows:
        if len(row.cells) != len(columns):
            # Its cells stand under the wrong names: the row is reported once, not cell by cell.
            problems.append(_row_length(display, row, len(columns)))
            continue
        index = len(export.records)
        record: dict[str, Any] = {}
        export.positions[(index,)] = row.at
        for name, cell, at in zip(columns, row.cells, row.where, strict=True):
            if name is None:
                continue
            record[name] = cell
            export.positions[(index, name)] = at
            export.key_positions[(index, name)] = header[name]
        export.records.append(record)
    return export, problems


def _row_length(display: str, row: csv_rows.Row, expected: int) -> Problem:
    given = len(row.cells)
    where = row.where[expected] if given > expected else row.at
    return Problem(
        display,
        *where,
        f"this row has {given} cells and the header {expected}",
        "check the commas of the row: a cell with a comma in it is written in double quotes",
        code="csv-row-length",
    )


def from_json(text: str, display: str, source: SourceDeclaration) -> tuple[Export | None, list[Problem]]:
    """A JSON export's records: its array of objects, or the one that `source: rows:` names in it."""
    parsed, problems = json_rows.parse(text, display)
    if parsed is None:
        return None, problems
    prefix: KeyPath = ()
    data = parsed.data
    for part in (source.rows or "").split(".") if source.rows else ():
        if not isinstance(data, dict) or part not in data:
            line, col = parsed.at(parsed.offsets.get(prefix, 0))
            message = f"the export has no '{source.rows}' (source: rows: names where its records are)"
            problems.append(Problem(display, line, col, message, "name the list of records", code="missing-field"))
            return None, problems
        data, prefix = data[part], (*prefix, part)
    if not isinstance(data, list):
        line, col = parsed.at(parsed.offsets.get(prefix, 0))
        hint = "export a list, as `gh pr list --json` writes one, or name where the list is with source: rows:"
        message = f"expected a list of records (an array of objects), got {_kind(data)}"
        return None, [*problems, Problem(display, line, col, message, hint, code="wrong-type")]
    export = Export([], {}, {}, parsed.at(parsed.offsets[prefix]), nested=True, lines=parsed.lines)
    for index, record in enumerate(data):
        if not isinstance(record, dict):
            line, col = parsed.at(parsed.offsets[(*prefix, index)])
            message = f"expected a record (an object), got {_kind(record)}"
            problems.append(Problem(display, line, col, message, "check the value's type", code="wrong-type"))
            record = {}
        export.records.append(record)
    # Positions by the record's index, in one pass: (*prefix, index, *path) -> (index, *path).
    depth = len(prefix)
    for source_table, table in ((parsed.offsets, export.positions), (parsed.key_offsets, export.key_positions)):
        for path, at in source_table.items():
            if len(path) > depth and path[:depth] == prefix:
                table[path[depth:]] = at
    return export, problems


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a text", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


class _Reading:
    """An export's records read into a records section's columns, as its declaration says."""

    def __init__(self, declaration: SectionDeclaration, timezone: str | None, display: str) -> None:
        self.source = declaration.source or NO_SOURCE
        self.display = display
        self.columns: dict[str, Column | None] = {"id": None, **{c.key: c for c in declaration.columns}}
        self.fields = {key: self.source.field(key) for key in self.columns}
        self.zone = ZoneInfo(timezone) if timezone else None
        self.problems: list[Problem] = []

    def document(self, path: Path, export: Export) -> Document:
        doc = Document(path, self.display, None)
        doc.positions[()] = doc.positions[(RECORDS,)] = export.at
        missing = self._missing(export)
        self._unknown(export)
        rows = []
        for index, record in enumerate(export.records):
            row: dict[str, Any] = {}
            doc.positions[(RECORDS, index)] = export.where((index,)) or export.at
            for key, name in self.fields.items():
                found = _lookup(record, name, export.nested)
                if found is None:
                    continue
                where, value = found
                at = export.where((index, *where)) or doc.positions[(RECORDS, index)]
                value = self._value(key, value, at)
                if value is _ABSENT:
                    continue
                row[key] = value
                doc.positions[(RECORDS, index, key)] = at
                doc.key_positions[(RECORDS, index, key)] = export.where((index, where[0]), "key_positions") or at
            rows.append(row)
        doc.data = {RECORDS: rows}
        doc.missing = frozenset(missing)
        return doc

    # ---- the fields: read, ignored, unknown, missing

    def _read_names(self, nested: bool) -> set[str]:
        """The fields of a record the declaration reads: a dotted path reads its first object's field."""
        names = set(self.fields.values())
        return names | {name.split(".", 1)[0] for name in names} if nested else names

    def _unknown(self, export: Export) -> None:
        """Every field neither read nor ignored, once per name, where it is first named."""
        known = self._read_names(export.nested) | set(self.source.ignore)
        seen: set[str] = set()
        for index, record in enumerate(export.records):
            for name in record:
                if name in known or name in seen or (name == "" and not _any(export, name)):
                    continue  # an unnamed, empty column: a spreadsheet's trailing comma
                seen.add(name)
                at = export.where((index, name), "key_positions") or export.at
                hint = suggest(name, sorted(set(self.fields.values()))) or (
                    f"this section reads {', '.join(dict.fromkeys(self.fields.values()))}; "
                    "list any other field under source: ignore:"
                )
                self.problems.append(Problem(self.display, *at, f"unknown key '{name}'", hint, code="unknown-key"))

    def _missing(self, export: Export) -> set[str]:
        """The required columns no record has a field for, each reported once: at a CSV's header, or
        at a JSON export's first record (each record would otherwise say it)."""
        missing = set()
        for key, column in self.columns.items():
            if column is None or not column.required or not export.records:
                continue
            name = self.fields[key]
            if any(_lookup(record, name, export.nested) is not None for record in export.records):
                continue
            missing.add(key)
            field = f"'{name}', which the required column '{key}' is read from" if name != key else f"'{key}'"
            if export.header is not None:
                where, message = export.at, f"the header has no {field}"
            else:
                where, message = export.where((0,)) or export.at, f"no record has {field}"
            hint = f"add it to the export, or name the field it is in: source: columns: {key}: {{from: ...}}"
            self.problems.append(Problem(self.display, *where, message, hint, code="missing-column"))
        return missing

    # ---- the values

    def _value(self, key: str, value: Any, at: Location) -> Any:
        column = self.columns[key]
        spec = self.source.columns.get(key)
        if spec is not None and spec.values:
            text = _as_text(value)
            if text is not None and text in spec.values:
                value = spec.values[text]
        if value is None or (isinstance(value, str) and not value.strip()):
            return _ABSENT  # an empty cell, a null: no value, as a key left out of a YAML record
        kind = column.type if column is not None else "id"
        if kind in ("id", "text") and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # a number the tool gives as an id or a name (a pull request's number)
        if kind in ("number", "integer") and isinstance(value, str):
            stripped = value.strip()
            return int(stripped) if _INT.match(stripped) else float(stripped) if _FLOAT.match(stripped) else value
        if kind in ("date", "datetime") and isinstance(value, str):
            return self._time(key, kind, value, spec.format if spec is not None else None, at)
        return value

    def _time(self, key: str, kind: str, text: str, form: str | None, at: Location) -> Any:
        """A date or time as the export writes it: in the declared format, else as ISO 8601; one
        with an offset (Z, +09:00) read in the team's time zone."""
        if form is not None:
            try:
                parsed = datetime.strptime(text.strip(), form)
            except ValueError:
                code = "invalid-date" if kind == "date" else "invalid-datetime"
                message = f"'{text}' does not match the format '{form}'"
                return self._refuse(at, message, f"source: format: of '{key}' reads it; correct one of the two", code)
        else:
            stripped = text.strip()
            if stripped.isdigit():
                return int(stripped)  # a number, refused as YAML's 1700000000 is (not read as a Unix time)
            try:
                parsed = datetime.fromisoformat(stripped)
            except ValueError:
                return text  # the model says what is wrong with it, as it does in YAML
            if parsed.tzinfo is None and _DATE_ONLY.match(stripped):
                # A day alone: a date as YAML reads it, so a datetime column says it has no time of day.
                return date.fromisoformat(stripped) if kind == "datetime" else text
            if parsed.tzinfo is None and kind == "datetime":
                return text  # as written: the model reads it as it reads YAML
        if parsed.tzinfo is not None:
            if self.zone is None:
                message = f"'{text}' has a time zone, and the site declares none to read it in"
                hint = "declare the team's time zone in site.yaml, e.g. timezone: Asia/Seoul"
                return self._refuse(at, message, hint, "undeclared-timezone")
            parsed = parsed.astimezone(self.zone).replace(tzinfo=None)
        return parsed.date() if kind == "date" else parsed

    def _refuse(self, at: Location, message: str, hint: str, code: str) -> Reported:
        self.problems.append(Problem(self.display, *at, message, hint, code=code))
        return Reported("")


def _any(export: Export, name: str) -> bool:
    """Whether any record has a value under `name` (a header's unnamed column is often left empty)."""
    return any(str(record.get(name, "")).strip() for record in export.records)


def _lookup(record: dict[str, Any], name: str, nested: bool) -> tuple[tuple[str, ...], Any] | None:
    """The path to a field in a record and its value: a name as it is, else (JSON) a dotted path."""
    if name in record:
        return (name,), record[name]
    if not nested or "." not in name:
        return None
    current: Any = record
    parts = tuple(name.split("."))
    for part in parts:
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return parts, current


def _as_text(value: Any) -> str | None:
    """A value as `values:` names it: JSON's true, 42 and text alike."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None

"""CSV text to rows that remember where each cell was written.

The cells are read by the standard library's csv (the Excel dialect every spreadsheet and CI tool
writes); where each cell starts is found in the row's own lines, so a problem is reported at the
physical line and the character column of its cell, even after a quoted cell that runs over
several lines.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from reportgen.load.loader import Location
from reportgen.load.problems import Problem


@dataclass
class Row:
    """One row of cells, each with the position where it starts."""

    at: Location
    cells: list[str]
    where: list[Location]


@dataclass
class Table:
    """A CSV's header and rows (blank lines left out), with their positions."""

    header: Row
    rows: list[Row] = field(default_factory=list)


def cell_starts(raw: str) -> list[int]:
    """The offsets in `raw` (a row's text, its line break included) where each cell starts, read
    as csv's Excel dialect reads them: a cell led by a quote runs to the quote that closes it (a
    doubled quote is a quote), any other cell to the next comma."""
    starts = []
    offset, size = 0, len(raw)
    while True:
        starts.append(offset)
        if raw.startswith('"', offset):
            offset += 1
            while offset < size:
                if raw[offset] == '"':
                    if raw.startswith('"', offset + 1):
                        offset += 2
                        continue
                    offset += 1
                    break
                offset += 1
        while offset < size and raw[offset] not in ",\r\n":
            offset += 1
        if raw.startswith(",", offset):
            offset += 1
            continue
        return starts


def _locate(lines: list[str], first: int, offsets: list[int]) -> list[Location]:
    """Offsets into lines[first:] joined, as 1-based (line, column)."""
    found = []
    line, start = first, 0
    for offset in offsets:
        while offset >= start + len(lines[line]) and line + 1 < len(lines):
            start += len(lines[line])
            line += 1
        found.append((line + 1, offset - start + 1))
    return found


def parse(text: str, display: str) -> tuple[Table | None, list[Problem]]:
    """The header and rows of a CSV text; None, and where it breaks, if csv cannot read it."""
    lines = io.StringIO(text, newline="").readlines()  # the physical lines csv reads, their breaks kept
    reader = csv.reader(iter(lines), strict=True)
    rows: list[Row] = []
    before = 0  # the lines read before the current row
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a stray quote, a quote never closed, a cell over csv's size limit
            message = f"the CSV cannot be read here: {exc}"
            hint = "a cell with a comma, quote or line break is written in double quotes, a quote in it doubled"
            return None, [Problem(display, max(reader.line_num, 1), 1, message, hint, code="csv-syntax")]
        first, before = before, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a spreadsheet's empty row (,,,)
        raw = "".join(lines[first:before])
        rows.append(Row((first + 1, 1), cells, _locate(lines, first, cell_starts(raw))))
    if not rows:
        return None, [Problem(display, 1, 1, "file is empty", "add a header row and the records", code="empty-file")]
    return Table(rows[0], rows[1:]), []

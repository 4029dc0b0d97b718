"""Reading a PDF back the way a person reads it, for the PDF tests: each page's text, each word's
place on the page, and the print page's facts grouped by section.

Poppler's pdftotext gives the text (`-raw`: in the order it was drawn, so a table cell's text stays
together) and the words with their boxes (`-bbox`). The facts come from the built print page's HTML.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    lines: list[str]  # drawn order, blank lines dropped
    words: list[Word]  # reading order

    @property
    def squeezed(self) -> str:
        return squeeze(" ".join(self.lines))

    @property
    def body_lines(self) -> list[str]:
        """The lines inside the page's margins, top to bottom: no running header, no footer."""
        return [" ".join(w.text for w in line) for top, line in _lines(self, MARGIN) if top < self.height - MARGIN]


def squeeze(text: str) -> str:
    """Text without whitespace: line breaks fall in different places on paper than in HTML."""
    return re.sub(r"\s+", "", text)


def read_pdf(path: Path) -> list[PdfPage]:
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    texts = raw.split("\f")
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for number, match in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)):
        words = [
            Word(html.unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5)))
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', match.group(3)
            )
        ]
        lines = [" ".join(line.split()) for line in texts[number].splitlines() if line.strip()]
        pages.append(PdfPage(number + 1, float(match.group(1)), float(match.group(2)), lines, words))
    return pages


# --- the print page's facts ----------------------------------------------------------------------

HIDDEN_CLASSES = {"reportgen-web-only", "headerlink", "md-content__button"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "th", "td"}
VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr"}


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    aligned: list[str]  # each column's text-align ("" when left)


@dataclass
class Section:
    id: str  # "cover", "contents", or the heading's id ("section-N")
    title: str
    level: int  # 1 (cover), 2 (a section), 3 (a subsection)
    facts: list[str] = field(default_factory=list)  # each text block, whole
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


class _PrintPageParser(HTMLParser):
    """Splits the article of the print page into sections and collects each one's text blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self._depth = 0  # inside <article>
        self._hidden_at: int | None = None
        self._stack: list[tuple[str, int]] = []  # (tag, depth) of open blocks collecting text
        # Where each open block's fact goes in its section: where it starts, before the blocks it holds
        # (a list item's own words come before its nested list's, as they are printed).
        self._places: list[tuple[Section, int]] = []
        self._texts: list[list[str]] = []
        self._table: Table | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "article":
            self._depth = 1
            return
        if not self._depth or tag in VOID:
            return
        self._depth += 1
        classes = set((attributes.get("class") or "").split())
        if self._hidden_at is None and classes & HIDDEN_CLASSES:
            self._hidden_at = self._depth
        if self._hidden_at is not None:
            return
        if "reportgen-cover" in classes:
            self.sections.append(Section("cover", "", 1))
        if tag in ("h2", "h3") and (attributes.get("id") or "").startswith("section-"):
            self.sections.append(Section(attributes["id"] or "", "", int(tag[1])))
        if attributes.get("id") == "contents":  # the contents' title, a paragraph
            self.sections.append(Section("contents", "", 2))
        if tag == "table":
            self._table = Table([], [], [])
        if tag == "tr":
            self._row = []
        if tag in ("th", "td") and self._table is not None and tag == "th":
            style = attributes.get("style") or ""
            found = re.search(r"text-align:\s*(\w+)", style)
            self._table.aligned.append(found.group(1) if found else "")
        if tag in BLOCKS:
            self._stack.append((tag, self._depth))
            section = self._section()
            self._places.append((section, len(section.facts)))
            self._texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if not self._depth or tag in VOID:
            return
        if tag == "article" and self._depth == 1:
            self._depth = 0
            return
        if self._hidden_at is not None:
            if self._depth == self._hidden_at:
                self._hidden_at = None
            self._depth -= 1
            return
        if self._stack and self._stack[-1] == (tag, self._depth):
            self._stack.pop()
            place = self._places.pop()
            text = " ".join("".join(self._texts.pop()).split())
            self._close_block(tag, text, place)
        if tag == "tr" and self._table is not None and self._row is not None:
            if self._table.header:
                self._table.rows.append(self._row)
            else:
                self._table.header = self._row
            self._row = None
        if tag == "table" and self._table is not None:
            self._section().tables.append(self._table)
            self._table = None
        self._depth -= 1

    def _close_block(self, tag: str, text: str, place: tuple[Section, int]) -> None:
        section = self._section()
        if tag in ("th", "td") and self._row is not None:
            self._row.append(text)
            return
        if not text:
            return
        heading = tag[0] == "h" and tag[1:].isdigit()
        if heading:
            section.headings.append((int(tag[1]), text))
        if not section.title and (heading or section.id == "contents"):
            section.title = text
        where, index = place
        section.facts.insert(index if where is section else len(section.facts), text)

    def _section(self) -> Section:
        if not self.sections:  # a page of the site: one section, the whole article
            self.sections.append(Section("page", "", 1))
        return self.sections[-1]

    def handle_data(self, data: str) -> None:
        if self._depth and self._hidden_at is None and self._texts:
            self._texts[-1].append(data)


def article_sections(page: Path) -> list[Section]:
    """The sections of a built page's article: cover, contents and each section of the print page, or a
    web page's article as a single section."""
    parser = _PrintPageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.sections


# --- tables on paper -----------------------------------------------------------------------------

MARGIN = 50.0  # points: the running header and the footer lie outside (print.css sets 22 and 20 mm)
ROW_TOLERANCE = 1.0  # points: the first lines of a row's cells share a top edge (vertical-align: top)


@dataclass(frozen=True)
class PrintedRow:
    page: int
    top: float
    cells: list[list[Word]]  # each cell's words on the row's first line


def _overlaps(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def _splits(line: list[Word], cells: list[str]) -> list[list[list[Word]]]:
    """Every way one printed line (words left to right) holds the first line of each of `cells`, in order."""
    if not cells:
        return [[]] if not line else []
    target, found = squeeze(cells[0]), []
    for end in range(len(line) + 1):
        taken = squeeze("".join(w.text for w in line[:end]))
        if not target.startswith(taken) or (end == 0 and target):
            continue
        found += [[line[:end], *rest] for rest in _splits(line[end:], cells[1:])]
    return found


def _raised_on(word: Word, first: Word) -> bool:
    """A mark set smaller and raised on a line (an inferred value's superscript): its middle lies within
    the box of the line's first word, and it is shorter than that word."""
    middle = (word.y0 + word.y1) / 2
    return first.y0 < middle < first.y1 and word.y1 - word.y0 < first.y1 - first.y0


def _lines(page: PdfPage, below: float) -> list[tuple[float, list[Word]]]:
    lines: dict[float, list[Word]] = {}
    for word in page.words:
        if word.y0 > below + ROW_TOLERANCE:
            key = next(
                (y for y in lines if abs(y - word.y0) <= ROW_TOLERANCE or _raised_on(word, lines[y][0])), word.y0
            )
            lines.setdefault(key, []).append(word)
    return [(top, sorted(lines[top], key=lambda w: w.x0)) for top in sorted(lines)]


def find_table_rows(pages: list[PdfPage], table: Table, first_page: int) -> list[PrintedRow]:
    """Where the header and each row of `table` are printed, having checked every cell of them.

    A row is where one printed line holds the first line of each of its cells, left to right, each under
    its column's header; the rest of a long cell (its wrapped lines) lies below, within its column and
    above the next row; every word is inside the page. A table that runs over a page repeats its header.
    Raises AssertionError naming the first row that is not printed so.
    """
    printed: list[PrintedRow] = []
    index, below, header = first_page - 1, -1.0, None
    for row in [table.header, *table.rows]:
        hit = None
        while hit is None:
            assert index < len(pages), f"row {row} is not printed whole on page {first_page} or after"
            for top, line in _lines(pages[index], below):
                for cells in _splits(line, row):
                    firsts = [cell[0] if cell else None for cell in cells]
                    candidate = PrintedRow(index + 1, top, cells)
                    under_headers = header is None or all(
                        f is None or h is None or _overlaps(f, h) for f, h in zip(firsts, header, strict=True)
                    )
                    if under_headers and _missing(pages[index], row, candidate, pages[index].height) is None:
                        hit = candidate
                        break
                if hit:
                    break
            if hit is None:
                index, below = index + 1, -1.0  # the next page; a table that goes on repeats its header there
                if row is table.header:
                    continue
                header = None
                for top, line in _lines(pages[index], below) if index < len(pages) else []:
                    found = _splits(line, table.header)
                    if found:
                        header, below = [cell[0] if cell else None for cell in found[0]], top
                        break
        if row is table.header:
            header = [cell[0] if cell else None for cell in hit.cells]
        else:
            printed.append(hit)
        below = hit.top
    for position, (row, at) in enumerate(zip(table.rows, printed, strict=True)):
        following = printed[position + 1] if position + 1 < len(printed) else None
        bottom = following.top if following and following.page == at.page else pages[at.page - 1].height
        missing = _missing(pages[at.page - 1], row, at, bottom)
        assert missing is None, missing
    return printed


def _missing(page: PdfPage, row: list[str], at: PrintedRow, bottom: float) -> str | None:
    """What of `row` is not printed where it belongs (inside the page, within its row and column), or None."""
    lefts = [cell[0].x0 if cell else None for cell in at.cells]
    for column, (text, first) in enumerate(zip(row, at.cells, strict=True)):
        for word in first:
            if word.x0 < 0 or word.x1 > page.width:
                return f"{word.text!r} is outside page {page.number}"
        remaining = squeeze(text)[len(squeeze("".join(w.text for w in first))) :]
        if not remaining:
            continue
        left = lefts[column] if lefts[column] is not None else 0.0
        right = next((x for x in lefts[column + 1 :] if x is not None), page.width)
        # A wrapped line starts within the column (right-aligned ones may start left of the first line).
        below = sorted(
            (
                w
                for w in page.words
                if at.top + ROW_TOLERANCE < w.y0 < bottom - ROW_TOLERANCE and left - 30 <= w.x0 < right
            ),
            key=lambda w: (w.y0, w.x0),
        )
        for word in below:
            piece = squeeze(word.text)
            if remaining.startswith(piece):
                remaining = remaining[len(piece) :]
                if not remaining:
                    break
        if remaining:
            return f"cell {text!r} is not whole in its row on page {page.number} (missing {remaining!r})"
    return None

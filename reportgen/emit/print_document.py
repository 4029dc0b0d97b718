"""The print page as a document of its own, ready for a paged-media engine.

The article of the built print page is taken out of the site's chrome and put in a plain shell whose
head carries the PDF's metadata (title, author, language). On the way, tables are classed by width
(dense ones are set smaller, very wide ones get a landscape page, with their heading; columns of
dates, figures and short labels keep their width and only text columns wrap), tall charts may use the
page's height, links to the site's other pages become text and short Korean words are kept whole;
text the report's fonts cannot show is refused.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from reportgen.emit.pdf_fonts import missing_glyphs, names
from reportgen.load.catalogs import language_settings

# Tables with this many columns are set smaller; with WIDE_COLUMNS or more, on a landscape page.
DENSE_COLUMNS, WIDE_COLUMNS = 6, 10
# A chart's data table of up to this many rows fits on one page below its chart: it is kept whole
# (with the chart). A longer one starts below its chart and runs on over the next pages.
KEEP_ROWS = 20
_DETAILS = re.compile(r"<details\b([^>]*)>(.*?)</details>", re.DOTALL)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_ROW_WHOLE = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
_CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.DOTALL)
# A column whose every cell has at most SHORT_CELL characters (a date, a figure, a status) is set on
# one line; a run without spaces longer than LONG_TOKEN may break anywhere.
SHORT_CELL, LONG_TOKEN = 16, 20
_LONG_TOKEN = re.compile(rf"\S{{{LONG_TOKEN + 1},}}")
# Points: the text width of a portrait and of a landscape page (the narrower of A4 and Letter, less
# print.css's 18 mm margins), and a cell's padding left and right (1.8 mm each).
PORTRAIT_WIDTH, LANDSCAPE_WIDTH, CELL_PADDING = 493.0, 690.0, 10.2
_PERMALINK = re.compile(r'<a class="headerlink" [^>]*>.*?</a>', re.DOTALL)


@dataclass(frozen=True)
class PrintSettings:
    title: str
    author: str
    language: str
    paper: str


_IMAGE = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
_SOURCE = re.compile(r'\bsrc="([^"#]*)')
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)(?:pt|px)?"[^>]*?\bheight="([\d.]+)(?:pt|px)?"')
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
# A Korean word (a run without spaces that holds Hangul) of up to 8 characters is not broken across
# lines; longer ones may be. Korean breaks between words; Pango alone breaks between syllables. Short
# enough that five such words side by side still fit a portrait table (a table too wide to keep every
# word whole may break them in its cells: reportgen-table-tight).
KOREAN_WORD = 8
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
TALL = 0.75  # a chart this much taller than wide (height / width) may use the page's height


def svg_aspect(path: Path) -> float | None:
    """Height over width of an SVG file, from its root element; None when it cannot be read."""
    try:
        with path.open("rb") as file:
            head = file.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    found = _SVG_SIZE.search(head)
    if found is None or float(found.group(1)) == 0:
        return None
    return float(found.group(2)) / float(found.group(1))


@functools.cache
def _short_word(characters: str) -> re.Pattern[str]:
    """A run without spaces holding one of `characters` (a catalog's regex class body), of up to KOREAN_WORD."""
    # Each character escaped, a hyphen between two kept as the range it writes: 가-힣.
    body = "-".join(re.escape(part) for part in characters.split("-"))
    return re.compile(rf"(?<![^\s])(?=\S*[{body}])\S{{1,{KOREAN_WORD}}}(?![^\s])")


def _keep_words(body: str, language: str) -> str:
    """Each short word of a language that breaks between words (the catalog's `keep_words`: Korean)
    in a span that print.css keeps on one line: WeasyPrint has no keep-all."""
    characters = language_settings(language).keep_words
    if not characters:
        return body
    word = _short_word(characters)
    parts = _TAG.split(body)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = word.sub(lambda m: f'<span class="reportgen-word">{m.group(0)}</span>', parts[index])
    return "".join(parts)


_HREF = re.compile(r'\shref="([^"]*)"')


def _unlink_site_pages(body: str) -> str:
    """Links to the site's other pages lead nowhere on paper (and would carry the build's folder): they
    become plain text. Links within the document (#...) and to the web (http, https, mailto) stay."""

    def visit(match: re.Match[str]) -> str:
        tag = match.group(0)
        if not tag.startswith("<a "):
            return tag
        found = _HREF.search(tag)
        if found is None or found.group(1).startswith("#") or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", found.group(1)):
            return tag
        return tag[: found.start()] + tag[found.end() :]

    return _TAG.sub(visit, body)


def _class_tall_charts(body: str, aspect: Callable[[str], float | None]) -> str:
    def visit(match: re.Match[str]) -> str:
        tag = match.group(0)
        source = _SOURCE.search(tag)
        ratio = aspect(unquote(source.group(1))) if source else None
        return tag.replace("<img", '<img class="reportgen-chart-tall"', 1) if ratio and ratio > TALL else tag

    return _IMAGE.sub(visit, body)


def _add_class(attributes: str, name: str) -> str:
    """An opening tag's attributes with one more class."""
    found = re.search(r'\bclass="([^"]*)"', attributes)
    if found is None:
        return f' class="{name}"{attributes}'
    return attributes[: found.start(1)] + found.group(1) + " " + name + attributes[found.end(1) :]


def _cell_text(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", cell)).split())


def _break_long_tokens(cell: str) -> str:
    """A run without spaces longer than LONG_TOKEN may break anywhere (in a span of its own), so it
    does not set its column's minimum width; shorter words are only broken when wider than the column."""
    parts = _TAG.split(cell)
    for index in range(0, len(parts), 2):
        parts[index] = _LONG_TOKEN.sub(lambda m: f'<span class="reportgen-token">{m.group(0)}</span>', parts[index])
    return "".join(parts)


def text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is set at `size` points: CJK characters are square, others about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


def _min_width(columns: list[list[str]], short: list[bool], size: float, keep_korean: bool) -> float:
    """The narrowest the table can be set: a short column as wide as its widest cell, a text column as
    its widest word that may not break (a short Korean word kept whole, a word up to LONG_TOKEN)."""
    total = 0.0
    for column, is_short in zip(columns, short, strict=True):
        widest = 0.0
        for index, text in enumerate(column):
            if is_short and index > 0:
                widest = max(widest, text_width(text, size))
                continue
            for word in text.split():
                korean = _HANGUL.search(word) is not None
                whole = len(word) <= LONG_TOKEN and (not korean or (keep_korean and len(word) <= KOREAN_WORD))
                widest = max(widest, text_width(word if whole else word[:1], size))
        total += widest + CELL_PADDING
    return total


def _classify_table(match: re.Match[str]) -> str:
    """Dense tables get smaller type; wide ones a landscape page, so no column is ever cut. A column of
    short cells (dates, figures, labels) is set on one line; only text columns wrap, at spaces first."""
    inner = match.group(1)
    head, _, body = inner.partition("</thead>")
    rows = [[_cell_text(c.group(3)) for c in _CELL.finditer(row)] for row in _ROW.findall(body)]
    header = [_cell_text(c.group(3)) for c in _CELL.finditer(head)]
    count = len(header)
    columns = [[header[i], *(row[i] for row in rows if i < len(row))] for i in range(count)]
    short = [bool(rows) and all(len(text) <= SHORT_CELL for text in column[1:]) for column in columns]
    names = ["reportgen-table"]
    dense, size = count >= DENSE_COLUMNS, (8.0 if count >= DENSE_COLUMNS else 9.0)
    if dense:
        names.append("reportgen-table-dense")
    if count >= WIDE_COLUMNS or _min_width(columns, short, size, keep_korean=True) > PORTRAIT_WIDTH:
        names.append("reportgen-table-wide")
        size = 7.5
    available = LANDSCAPE_WIDTH if "reportgen-table-wide" in names else PORTRAIT_WIDTH
    if _min_width(columns, short, size, keep_korean=True) > available:
        names.append("reportgen-table-tight")  # too many columns to keep every word whole

    def cell(found: re.Match[str], index: list[int]) -> str:
        tag, attributes, content = found.group(1), found.group(2), found.group(3)
        column, index[0] = index[0], index[0] + 1
        if column < count and short[column]:
            attributes = _add_class(attributes, "reportgen-cell-short")
        return f"<{tag}{attributes}>{_break_long_tokens(content)}</{tag}>"

    def row(found: re.Match[str]) -> str:
        index = [0]
        return _CELL.sub(lambda c: cell(c, index), found.group(0))

    return f'<div class="{" ".join(names)}"><table>{_ROW_WHOLE.sub(row, inner)}</table></div>'


_WIDE_TABLE = re.compile(r'<div class="reportgen-table[^"]*\breportgen-table-wide\b[^"]*">')
_BLOCK_END = re.compile(r"</(h[1-6]|p)>\s*\Z")
_WHOLE_WRAPPER = re.compile(r'<div class="reportgen-whole-columns"[^>]*>\s*\Z')


def _opening(body: str, tag: str, before: int) -> int:
    """Where the last <tag ...> or <tag> before `before` starts (not <pre> for <p>), or -1."""
    at = before
    while (at := body.rfind(f"<{tag}", 0, at)) >= 0:
        if body[at + len(tag) + 1 : at + len(tag) + 2] in (" ", ">"):
            return at
    return -1


def _headings_go_landscape(body: str) -> str:
    """A wide table's heading (with any lead paragraph between them) goes onto the table's landscape
    page: left on the portrait page before it, the heading would stand alone there."""
    for table in reversed(list(_WIDE_TABLE.finditer(body))):
        start, seen_heading = table.start(), False
        # A table whose whole-value columns are named (reportgen.css) sits in a wrapper: move it along.
        wrapper = _WHOLE_WRAPPER.search(body, 0, start)
        start = wrapper.start() if wrapper else start
        while True:
            end = _BLOCK_END.search(body, 0, start)
            if end is None or (seen_heading and end.group(1) == "p"):
                break
            opening = _opening(body, end.group(1), end.start())
            if opening < 0 or (end.group(1) == "p" and "<img" in body[opening : end.start()]):
                break
            start, seen_heading = opening, seen_heading or end.group(1) != "p"
        if seen_heading:
            close = body.index("</table></div>", table.end()) + len("</table></div>")
            if wrapper:
                close = body.index("</div>", close) + len("</div>")
            body = body[:start] + '<div class="reportgen-landscape">' + body[start:close] + "</div>" + body[close:]
    return body


_CHART_AND_DATA = re.compile(
    r'<p>(?P<img><img\b(?:[^>"\']|"[^"]*"|\'[^\']*\')*>)(?:(?!</p>).)*</p>\s*'
    r'(?:<p class="reportgen-caption">(?:(?!</p>).)*</p>\s*)?'
    r'<details class="(?P<classes>[^"]*)">(?P<inside>.*?)</details>',
    re.DOTALL,
)
# Millimetres: what an A4 page holds below a chart's heading, the text
# width, a chart's caption and data title, and a data table's row (9 pt lines and their padding).
PAGE_BODY, TEXT_WIDTH, CHART_EXTRAS, ROW_HEIGHT = 240.0, 174.0, 14.0, 6.9
CHART_HEIGHT, TALL_CHART_HEIGHT = 64.0, 228.0  # print.css's max-height of a chart, and of a tall one


def _release_unfitting_tables(body: str, aspect: Callable[[str], float | None]) -> str:
    """A short data table kept whole with its chart, when both cannot share a page (a tall chart of
    many bars): kept whole, it would push the chart off the page before and leave that page empty."""

    def visit(match: re.Match[str]) -> str:
        classes = match.group("classes").split()
        source = _SOURCE.search(match.group("img"))
        ratio = aspect(unquote(source.group(1))) if source else None
        if "reportgen-keep-whole" not in classes or ratio is None:
            return match.group(0)
        cap = TALL_CHART_HEIGHT if ratio > TALL else CHART_HEIGHT
        rows = match.group("inside").count("<tr")
        if min(cap, ratio * TEXT_WIDTH) + CHART_EXTRAS + rows * ROW_HEIGHT <= PAGE_BODY:
            return match.group(0)
        kept = " ".join(c for c in classes if c != "reportgen-keep-whole")
        start, end = match.span("classes")
        return match.group(0)[: start - match.start()] + kept + match.group(0)[end - match.start() :]

    return _CHART_AND_DATA.sub(visit, body)


def _keep_short_details(match: re.Match[str]) -> str:
    """A collapsed block (a chart's data) with a short table: kept whole on paper."""
    attributes, inside = match.group(1), match.group(2)
    rows = inside.split("</thead>", 1)[-1].count("<tr")
    if rows > KEEP_ROWS:
        return match.group(0)
    attributes = _add_class(attributes, "reportgen-keep-whole")
    return f"<details{attributes}>{inside}</details>"


def document_html(page_html: str, settings: PrintSettings, folder: Path | None = None) -> str:
    """The print page's article in a shell of its own: no site chrome, the PDF's metadata in its head.

    `folder` is where the page's relative image paths start; its tall charts may then use the page's height.
    """
    found = _ARTICLE.search(page_html)
    if found is None:
        raise ValueError("the built print page has no article (is the theme mkdocs-material?)")
    # Permalinks would show up in the running header's section title (string-set takes the text).
    body = _TABLE.sub(_classify_table, _DETAILS.sub(_keep_short_details, _PERMALINK.sub("", found.group(1))))
    body = _keep_words(_unlink_site_pages(_headings_go_landscape(body)), settings.language)
    if folder is not None:

        def aspect(source: str) -> float | None:
            return svg_aspect(folder / source) if source.endswith(".svg") else None

        body = _release_unfitting_tables(_class_tall_charts(body, aspect), aspect)
    return (
        f'<!doctype html>\n<html lang="{html.escape(settings.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(settings.title)}</title>\n"
        f'<meta name="author" content="{html.escape(settings.author)}">\n'
        f'<meta name="generator" content="reportgen">\n'
        f'</head>\n<body>\n<article class="md-typeset">{body}</article>\n</body>\n</html>\n'
    )


def check_glyphs(document: str, language: str) -> None:
    """Refuse text the report's fonts cannot show: the machine's fonts would fill in, unseen and unpinned."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", document, flags=re.S)))
    missing = [c for c in missing_glyphs(text, language) if unicodedata.category(c) not in ("Cc", "Cf")]
    if missing:
        where = "; ".join(
            f"{c!r} (U+{ord(c):04X}) in {' '.join(text[max(0, text.index(c) - 30) : text.index(c) + 10].split())!r}"
            for c in missing
        )
        raise ValueError(
            f"the report's fonts ({names(language)}) have no glyph for: {where} "
            "(remove or replace the character in the YAML)"
        )

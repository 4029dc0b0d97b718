"""The print page as a document of its own, ready for a paged-media engine.

The article of the built print page is taken out of the site's chrome and put in a plain shell whose
head carries the PDF's metadata (title, author, language). On the way, tables are classed by width
(dense ones are set smaller, very wide ones get a landscape page), tall charts may use the
page's height, links to the site's other pages become text and short Korean words are kept whole;
text the report's fonts cannot show is refused.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .charts.fonts import missing_glyphs

# Tables with this many columns are set smaller; with WIDE_COLUMNS or more, on a landscape page.
DENSE_COLUMNS, WIDE_COLUMNS = 6, 10
# A chart's data table of up to this many rows fits on one page below its chart: it is kept whole
# (with the chart). A longer one starts below its chart and runs on over the next pages.
KEEP_ROWS = 20
_DETAILS = re.compile(r"<details\b([^>]*)>(.*?)</details>", re.DOTALL)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
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
# enough that five such words side by side still fit a portrait table (denser tables may break them).
_KOREAN_WORD = re.compile(r"(?<![^\s])(?=\S*[\uac00-\ud7a3])\S{1,8}(?![^\s])")
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


def _keep_korean_words(body: str) -> str:
    """Each short Korean word in a span that print.css keeps on one line (WeasyPrint has no keep-all)."""
    parts = _TAG.split(body)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = _KOREAN_WORD.sub(lambda m: f'<span class="reportgen-word">{m.group(0)}</span>', parts[index])
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


def _classify_table(match: re.Match[str]) -> str:
    """Dense tables get smaller type; very wide ones a landscape page, so no column is ever cut."""
    head = match.group(1).split("</thead>", 1)[0]
    columns = head.count("<th")
    names = ["reportgen-table"]
    if columns >= DENSE_COLUMNS:
        names.append("reportgen-table-dense")
    if columns >= WIDE_COLUMNS:
        names.append("reportgen-table-wide")
    return f'<div class="{" ".join(names)}"><table>{match.group(1)}</table></div>'


def _keep_short_details(match: re.Match[str]) -> str:
    """A collapsed block (a chart's data) with a short table: kept whole on paper."""
    attributes, inside = match.group(1), match.group(2)
    rows = inside.split("</thead>", 1)[-1].count("<tr")
    if rows > KEEP_ROWS:
        return match.group(0)
    found = re.search(r'\bclass="([^"]*)"', attributes)
    if found:
        attributes = (
            attributes[: found.start(1)] + found.group(1) + " reportgen-keep-whole" + attributes[found.end(1) :]
        )
    else:
        attributes += ' class="reportgen-keep-whole"'
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
    body = _keep_korean_words(_unlink_site_pages(body))
    if folder is not None:
        body = _class_tall_charts(body, lambda source: svg_aspect(folder / source) if source.endswith(".svg") else None)
    return (
        f'<!doctype html>\n<html lang="{html.escape(settings.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(settings.title)}</title>\n"
        f'<meta name="author" content="{html.escape(settings.author)}">\n'
        f'<meta name="generator" content="reportgen">\n'
        f'</head>\n<body>\n<article class="md-typeset">{body}</article>\n</body>\n</html>\n'
    )


def check_glyphs(document: str) -> None:
    """Refuse text the report's fonts cannot show: the machine's fonts would fill in, unseen and unpinned."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", document, flags=re.S)))
    missing = [c for c in missing_glyphs(text) if unicodedata.category(c) not in ("Cc", "Cf")]
    if missing:
        where = "; ".join(
            f"{c!r} (U+{ord(c):04X}) in {' '.join(text[max(0, text.index(c) - 30) : text.index(c) + 10].split())!r}"
            for c in missing
        )
        raise ValueError(
            f"the report's fonts (NanumGothic, DejaVu Sans) have no glyph for: {where} "
            "(remove or replace the character in the YAML)"
        )

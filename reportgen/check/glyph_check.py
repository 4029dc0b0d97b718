"""Every character the site's fonts cannot draw, found at validate over all facts and labels at once.

The charts and the PDF draw with the fonts the catalog names (packaged files, so the same on every
machine). A character none of them has stops the build at the first chart that draws it, and the
PDF refuses it. Here each one is listed where it is written, file:line:column, in one pass: a
warning, as text only a page shows (the reader's browser has its own fonts) is still fine there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from reportgen.load.catalogs import LANGUAGE_BLOCK, language_settings
from reportgen.load.fonts import missing
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, Severity


def _strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if path == () and key == LANGUAGE_BLOCK:
                continue  # a catalog's settings are names, not text drawn
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def glyph_problems(docs: Iterable[Document], language: str) -> list[Problem]:
    """One problem per string holding characters the language's chart and PDF fonts lack."""
    spoken = language_settings(language)
    fonts = tuple(dict.fromkeys((*spoken.chart_fonts, *spoken.pdf_fonts)))
    problems = []
    for doc in docs:
        for path, text in _strings(doc.data):
            gaps = [c for c in missing(text, fonts) if c.isprintable()]
            if gaps:
                listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in gaps)
                problems.append(
                    doc.problem(
                        path,
                        f"the fonts of '{language}' ({', '.join(fonts)}) have no glyph for {listed}",
                        "a chart or the PDF that draws it stops there; replace the character, or name a font "
                        "that has it in the catalog's language.chart_fonts",
                        code="glyph-missing",
                        severity=Severity.WARNING,
                    )
                )
    return problems

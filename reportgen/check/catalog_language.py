"""The `language:` block of a team's catalog: every setting honoured as written, or refused here.

Its names reach CSS, matplotlib, WeasyPrint, Babel and Material, so each is held to what those can
take: packaged fonts for charts and the PDF, plain family names for pages, a locale Babel knows,
Material's interface and search languages, a left-to-right script, units of the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from babel import Locale, UnknownLocaleError

from reportgen.derive.units import UNIT_LABELS
from reportgen.load.catalogs import LANGUAGE_BLOCK, REFERENCE, language_settings
from reportgen.load.fonts import GENERIC_FAMILIES, PACKAGED, PAGE_FONT_NAME
from reportgen.load.language import DIRECTIONS, FIELDS, LINE_BREAKS, material_has, search_has
from reportgen.load.loader import Document, KeyPath
from reportgen.load.problems import Problem, suggest

_PACKAGED_FONTS = ("chart_fonts", "pdf_fonts", "pdf_code_fonts")
_PAGE_FONTS = ("page_font", "code_font")
_LISTS = ("search", "count_words", "myriads", *_PAGE_FONTS, *_PACKAGED_FONTS)
_MAPPINGS = ("unit_spellings", "starter")
# keep_words is the body of a character class: letters and ranges (가-힣), nothing a regex would read otherwise.
_CHARACTERS = re.compile(r"^[^\\\[\]^]*$")


def language_block_problems(doc: Document, code: str, block: Any) -> Iterator[Problem]:
    here: KeyPath = (LANGUAGE_BLOCK,)
    if block is not None and not isinstance(block, dict):
        yield doc.problem(here, "language: is a mapping of settings", "see reportgen/labels/en.yaml", code="wrong-type")
        return
    block = block or {}
    yield from _locale(doc, code, block)
    for name, value in block.items():
        where = (*here, name)
        if name not in FIELDS:
            hint = suggest(str(name), FIELDS)
            yield doc.problem(where, f"unknown language setting '{name}'", hint, key=True, code="unknown-key")
        elif name in _LISTS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            yield doc.problem(where, f"language.{name} is a list of names", "write [a, b]", code="wrong-type")
        elif name not in (*_LISTS, *_MAPPINGS) and not (value is None or isinstance(value, str)):
            yield doc.problem(where, f"language.{name} is a word or null", "write it as text", code="wrong-type")
        elif name in _MAPPINGS and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            yield doc.problem(where, f"language.{name} is a mapping of text", "write {key: text}", code="wrong-type")
        else:
            yield from _setting(doc, where, str(name), value)


def _locale(doc: Document, code: str, block: dict[str, Any]) -> Iterator[Problem]:
    locale = block.get("locale") or code
    try:
        Locale.parse(str(locale).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        where: KeyPath = (LANGUAGE_BLOCK, "locale") if "locale" in block else ()
        hint = "set language.locale to a locale Babel has (de, pt_BR, zh_Hant) for its numbers, plurals and dates"
        yield doc.problem(where, f"Babel has no locale '{locale}'", hint, code="catalog-language")


def _setting(doc: Document, where: KeyPath, name: str, value: Any) -> Iterator[Problem]:
    """One setting whose type is right: its value checked against what it feeds."""
    if name in _PACKAGED_FONTS:
        for index, font in enumerate(value):
            if font not in PACKAGED:
                hint = f"use {', '.join(PACKAGED)} (the font files reportgen ships)"
                yield doc.problem((*where, index), f"'{font}' is not a packaged font", hint, code="catalog-font")
    elif name in _PAGE_FONTS:
        for index, font in enumerate(value):
            if font not in GENERIC_FAMILIES and not PAGE_FONT_NAME.match(font):
                hint = "name an installed family in letters, digits, spaces and hyphens (no url(), no quotes)"
                yield doc.problem((*where, index), f"'{font}' is not a font name", hint, code="catalog-font")
    elif name == "direction" and value not in DIRECTIONS:
        hint = "right-to-left scripts are not supported yet; write direction: ltr"
        yield doc.problem(where, f"direction '{value}' is not supported", hint, code="catalog-language")
    elif name == "line_break" and value not in LINE_BREAKS:
        hint = f"use {', '.join(LINE_BREAKS)}"
        yield doc.problem(where, f"line_break '{value}' is not a rule", hint, code="catalog-language")
    elif name == "search" and (gaps := [v for v in value if not search_has(v)]):
        hint = "use languages Material's search has (assets/javascripts/lunr/), such as en"
        yield doc.problem(where, f"Material's search has no language {', '.join(gaps)}", hint, code="catalog-language")
    elif name == "material" and value is not None and not (isinstance(value, str) and material_has(value)):
        hint = "write a language Material has (partials/languages/), or null for its English"
        yield doc.problem(where, f"Material has no interface language '{value}'", hint, code="catalog-language")
    elif name == "keep_words" and not (isinstance(value, str) and _CHARACTERS.match(value)):
        hint = "write the characters or ranges a short word holds, such as 가-힣"
        yield doc.problem(where, "keep_words is a set of characters", hint, code="catalog-language")
    elif name == "unit_spellings":
        for word, unit in value.items():
            if unit not in UNIT_LABELS:
                hint = suggest(unit, UNIT_LABELS) or f"use one of {', '.join(UNIT_LABELS)}"
                yield doc.problem((*where, word), f"'{unit}' is not a unit", hint, code="catalog-language")
    elif name == "starter":
        known = language_settings(REFERENCE).starter
        for key in value:
            if key not in known:
                hint = suggest(str(key), known)
                yield doc.problem((*where, key), f"unknown starter word '{key}'", hint, key=True, code="unknown-key")

"""What a catalog says about its language beyond the labels: the `language:` block of labels/<lang>.yaml.

Everything language-specific that is not a label lives here as data: Material's language code and
search languages, the line-breaking rule, the font stacks of pages, charts and the PDF, the Babel
locale for plurals, numbers and dates, and the unit spellings a team may write in YAML. A language
is added by writing one catalog; no Python names a language (English is named once, as the
reference catalog in load/catalogs.py).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# CSS word-break values a catalog may ask for: keep-all keeps runs of Hangul whole, normal and
# strict are the CJK rules (strict: no small kana or prolonged sound mark at the start of a line).
LINE_BREAKS = ("normal", "strict", "keep-all")
DIRECTIONS = ("ltr",)  # right-to-left scripts are out of scope this round: refused, with a message


@dataclass(frozen=True)
class LanguageSettings:
    code: str  # the catalog's file name: <html lang>, Babel's locale unless `locale` says otherwise
    material: str | None = None  # theme.language; None: Material has no partial, its English is used
    search: tuple[str, ...] = ("en",)  # plugins.search.lang
    line_break: str = "normal"
    direction: str = "ltr"
    locale: str = ""
    page_font: tuple[str, ...] = ("system-ui", "sans-serif")
    code_font: tuple[str, ...] = ("ui-monospace", "monospace")
    chart_fonts: tuple[str, ...] = ("DejaVu Sans",)
    pdf_fonts: tuple[str, ...] = ("DejaVu Sans",)
    pdf_code_fonts: tuple[str, ...] = ("DejaVu Sans Mono",)
    count_words: tuple[str, ...] = ()  # unit words that name a count ("건", "times"): never negative
    myriads: tuple[str, ...] = ()  # chart axes: the words of 10^4, 10^8, 10^12 (万, 億, 兆), if it groups so
    keep_words: str = ""  # a character class: short runs holding one are kept on a line in the PDF
    unit_spellings: Mapping[str, str] = field(default_factory=dict)  # a word a team writes -> a unit
    starter: Mapping[str, str] = field(default_factory=dict)  # the words of init and new-year's files

    @property
    def babel_locale(self) -> str:
        """Babel's locale: the catalog's, else its code; English where Babel has neither (validate says so)."""
        return _known_locale(self.locale or self.code)


@functools.cache
def _known_locale(locale: str) -> str:
    # Babel's locale data, read only once a locale is asked for.
    from babel import Locale, UnknownLocaleError

    written = locale.replace("-", "_")  # a BCP 47 tag (pt-BR) as Babel writes it (pt_BR)
    try:
        Locale.parse(written)
    except (UnknownLocaleError, ValueError):
        return "en"
    return written


_TUPLES = ("search", "count_words", "myriads", "page_font", "code_font", "chart_fonts", "pdf_fonts", "pdf_code_fonts")
_TEXTS = ("line_break", "direction", "locale", "keep_words")
_MAPPINGS = ("unit_spellings", "starter")
FIELDS = ("material", *_TUPLES, *_TEXTS, *_MAPPINGS)


def settings_from(code: str, blocks: list[Mapping[str, Any]]) -> LanguageSettings:
    """The language of `code` from its catalogs' `language:` blocks, later ones over earlier
    (packaged, then a team's), field by field; a mapping field merges key by key. The blocks
    have been checked (check/catalog_check.py), or are packaged."""
    values: dict[str, Any] = {}
    for block in blocks:
        for name in FIELDS:
            if name not in block:
                continue
            value = block[name]
            # A value of the wrong type is refused at validate (check/catalog_language.py) and left out here.
            if name in _TUPLES and isinstance(value, list):
                values[name] = tuple(str(v) for v in value)
            elif name in _MAPPINGS and isinstance(value, dict):
                values[name] = {**values.get(name, {}), **{str(k): str(v) for k, v in value.items()}}
            elif name not in _TUPLES and name not in _MAPPINGS and (value is None or isinstance(value, str)):
                values[name] = value
    return LanguageSettings(code=code, **values)


def _material_templates() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def material_has(code: str) -> bool:
    """Whether Material has interface text for `code` (a partial in partials/languages/)."""
    templates = _material_templates()
    return (
        templates is not None and "/" not in code and (templates / "partials" / "languages" / f"{code}.html").is_file()
    )


def search_has(code: str) -> bool:
    """Whether Material's search has a lunr language for `code` (English is lunr's own)."""
    templates = _material_templates()
    lunr = templates / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{code}.min.js" if templates else None
    return code == "en" or (lunr is not None and "/" not in code and lunr.is_file())


def interface_language(settings: LanguageSettings) -> str:
    """theme.language for Material: the catalog's, where Material has it; else its English."""
    return settings.material if settings.material and material_has(settings.material) else "en"

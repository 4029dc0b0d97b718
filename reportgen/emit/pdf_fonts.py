"""The PDF's fonts: the families the site's catalog names (`pdf_fonts`, `pdf_code_fonts`), embedded
from pinned packages, never from the machine (load/fonts.py), in the catalog's fallback order.

Each family is declared under a name of its own ("Report IPAexGothic"), so WeasyPrint can never
pick up a system font of the same name; a family without a bold file is emboldened by WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.load.catalogs import language_settings
from reportgen.load.fonts import PACKAGED, FontError, font_file, missing

PREFIX = "Report "


def families(language: str) -> tuple[str, ...]:
    """Every family the PDF of `language` embeds: the text fonts, then the code fonts."""
    spoken = language_settings(language)
    return tuple(dict.fromkeys((*spoken.pdf_fonts, *spoken.pdf_code_fonts)))


def font_files(language: str) -> list[Path]:
    """The font files of the PDF, in the order of `families`, regular before bold."""
    try:
        found = []
        for family in families(language):
            found.append(font_file(family))
            if PACKAGED[family].bold is not None:
                found.append(font_file(family, bold=True))
        return found
    except FontError as exc:
        raise ValueError(str(exc)) from exc


def _stack(names: tuple[str, ...], generic: str) -> str:
    return ", ".join([*(f'"{PREFIX}{name}"' for name in names), generic])


def font_faces(language: str) -> str:
    """The @font-face rules, and the text and code font stacks (after print.css, so they decide)."""
    rules = []
    for family in families(language):
        faces = [(400, font_file(family))]
        if PACKAGED[family].bold is not None:
            faces.append((700, font_file(family, bold=True)))
        rules += [
            f'@font-face {{ font-family: "{PREFIX}{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
            for weight, path in faces
        ]
    return "\n".join(rules)


def font_stacks(language: str) -> str:
    spoken = language_settings(language)
    return (
        f"html {{ font-family: {_stack(spoken.pdf_fonts, 'sans-serif')}; }}\n"
        f"code, kbd, pre {{ font-family: {_stack(spoken.pdf_code_fonts, 'monospace')}; }}\n"
    )


def missing_glyphs(text: str, language: str) -> str:
    """The characters of `text` none of the PDF's text fonts draws."""
    return missing(text, language_settings(language).pdf_fonts)


def names(language: str) -> str:
    return ", ".join(language_settings(language).pdf_fonts)

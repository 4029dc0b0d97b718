"""The page stylesheet's language rules: each catalog's font stacks and line breaking, as CSS.

The rules are written for every language found, each under `:lang(<code>)` (Material writes the
site's language into `<html lang>`), after the reference language's as the default. So a page
reads in its own language's fonts and breaks lines by its rule: keep-all for Korean only, the
normal CJK rules for Japanese and Chinese.
"""

from __future__ import annotations

from importlib.resources import files as package_files

from reportgen.load.catalogs import REFERENCE, language_settings, languages
from reportgen.load.fonts import GENERIC_FAMILIES, PAGE_FONT_NAME, css_stack
from reportgen.load.language import LINE_BREAKS

STYLESHEET = "assets/reportgen.css"


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    # A team's catalog is checked at validate; a name that could leave its CSS string is never written.
    return tuple(n for n in names if n in GENERIC_FAMILIES or PAGE_FONT_NAME.match(n))


def language_rules() -> str:
    """The CSS of every language: the reference's as the default, then one block per other language."""
    blocks = []
    for code in (REFERENCE, *(c for c in languages() if c != REFERENCE)):
        spoken = language_settings(code)
        scope = "" if code == REFERENCE else f":lang({spoken.material or code})"
        rule = spoken.line_break if spoken.line_break in LINE_BREAKS else "normal"
        blocks.append(
            f":root{scope} {{\n"
            f"  --md-text-font: {css_stack(_names(spoken.page_font))};\n"
            f"  --md-code-font: {css_stack(_names(spoken.code_font))};\n"
            "}\n"
            f".md-typeset{scope} {{\n"
            f"  word-break: {'keep-all' if rule == 'keep-all' else 'normal'};\n"
            f"  line-break: {'strict' if rule == 'strict' else 'auto'};\n"
            "  overflow-wrap: break-word;\n"
            "}\n"
        )
    return "/* Per language, from the catalogs (reportgen/labels/*.yaml, content/labels/*.yaml). */\n" + "".join(blocks)


def page_stylesheet() -> bytes:
    """reportgen.css with the language rules first."""
    rest = package_files("reportgen").joinpath(STYLESHEET).read_text(encoding="utf-8")
    return (language_rules() + "\n" + rest).encode("utf-8")

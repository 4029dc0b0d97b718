"""The starter files of init and new-year, in any language: one template each, words from the catalog.

A template (reportgen/cli/starters/<name>) holds the YAML and its structure; each `[[word]]` in it
is a text of the catalog's `language.starter` block, so a new catalog brings its starters with it.
A word spanning lines continues the comment it stands in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from reportgen.load.catalogs import REFERENCE, language_settings
from reportgen.load.locations import STARTERS

_WORD = re.compile(r"\[\[([a-z_]+)\]\]")


def starter_words(language: str) -> Mapping[str, str]:
    """The starter words of `language`, the reference's where its catalog lacks one."""
    return {**language_settings(REFERENCE).starter, **language_settings(language).starter}


def starter_template(language: str, name: str) -> str:
    """The starter file `name` with the words of `language` filled in (placeholders such as {year} stay)."""
    words = starter_words(language)
    text = (STARTERS / name).read_text(encoding="utf-8")

    def word(found: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, found.start()) + 1
        lead = "# " if text[line_start : found.start()].lstrip().startswith("#") else ""
        return words[found.group(1)].replace("\n", "\n" + lead)

    return _WORD.sub(word, text)

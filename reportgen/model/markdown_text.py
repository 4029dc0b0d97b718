"""Turning YAML text into Markdown that renders as exactly that text, and nothing more."""

from __future__ import annotations

import re

# Characters that mean something to Python-Markdown, tables or attr_list wherever they stand.
# Only characters Python-Markdown can backslash-escape are listed; others would show the backslash,
# so extensions that give meaning to more characters (tilde, caret, emoji) must stay off.
_ALWAYS = re.compile(r"([\\`*_{}\[\]|#!])")
# Characters that mean something only at the start of a line: a list, a rule ("---"), an ordered list.
_LEADING = re.compile(r"^([-+])|^(\d+)([.)])(?=\s|$)")
_WHITESPACE = re.compile(r"\s+")


class Markdown(str):
    """Markdown that the code built, trusted as it is. YAML text never becomes one of these."""


def escape_markdown(text: str) -> Markdown:
    """Inline Markdown that displays `text` literally, as one line, and can never become markup."""
    # A newline would let text start a new block (a list, a heading, raw HTML).
    flat = _WHITESPACE.sub(" ", text).strip()
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    flat = _ALWAYS.sub(r"\\\1", flat)
    flat = _LEADING.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", flat)
    if flat.startswith("?"):
        # "??? note" opens a collapsible block (pymdownx.details); '?' has no backslash escape.
        flat = "&#63;" + flat[1:]
    return Markdown(flat)

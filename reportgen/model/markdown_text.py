"""Turning YAML text into Markdown that renders as exactly that text, and nothing more."""

from __future__ import annotations

import re
from urllib.parse import quote

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


def link_address(text: str) -> str:
    """A link's address as Markdown keeps it whole: no space, bracket or parenthesis left as written."""
    return quote(text, safe=":/?#=&%@+,;~!$*'")


def link(text: str, target: str) -> Markdown:
    """A Markdown link to a generated page or a place on one. `target` comes from code, never from YAML."""
    return Markdown(f"[{escape_markdown(text)}]({target})")


def separator(text: str) -> Markdown:
    """A catalog's separator (", ", "、", " · ") between Markdown items: its words escaped, the spaces
    around them kept (escaping alone would strip them)."""
    words = text.strip()
    if not words:
        return Markdown(text)
    before, after = text[: text.index(words)], text[len(text.rstrip()) :]
    return Markdown(before + escape_markdown(words) + after)

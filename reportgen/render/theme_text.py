"""Titles as mkdocs-material prints them: as HTML in the nav, escaped again in attributes."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

import markupsafe

_CHARACTER_REFERENCE = re.compile(r"&(?=[#A-Za-z0-9])")


def nav_title(text: str) -> str:
    """A nav title as the theme needs it: it prints titles as HTML, so '<' and '>' are escaped.

    A bare '&' is left alone unless it could start a character reference: the theme escapes
    titles again in attributes (aria-label), and "A &amp; B" would be read out as "amp".
    """
    escaped = _CHARACTER_REFERENCE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace('"', "&#34;").replace("'", "&#39;")


def unescape_footer_labels(page_html: str, titles: list[str]) -> str:
    """Undo the second escaping the theme gives nav titles in the footer links' aria-label.

    `titles` are the nav titles of the page's neighbours, as nav_title made them (already
    escaped once); the theme writes them as `aria-label="…: {{ title | e }}"`.
    """
    for title in titles:
        twice = str(markupsafe.escape(title))
        if twice != title:
            page_html = page_html.replace(f': {twice}"', f': {title}"')
    return page_html


_SEARCH_DIALOG = re.compile(r'(<div class="md-search" [^>]*role="dialog")(?![^>]*aria-label)')


def name_search_dialog(page_html: str, label: str) -> str:
    """The theme's search is a dialog without a name; screen readers announce it by this label."""
    return _SEARCH_DIALOG.sub(lambda m: f'{m[1]} aria-label="{markupsafe.escape(label)}"', page_html, count=1)


# The settings of mkdocs.yml that mkdocs-material prints unescaped: in the header, the nav, <meta> and the footer.
PRINTED_SETTINGS = ("site_name", "site_description", "copyright")


def escape_printed_settings(config: MutableMapping[str, Any]) -> None:
    """Make the theme print those settings as text: escaped once, as Markup, which `| e` leaves alone.

    They are the project's own configuration, but `init --team` writes a team's name into them, and
    a name like `x"><svg onload=…>` must not become markup on every page (defence in depth).
    """
    for name in PRINTED_SETTINGS:
        value = config.get(name)
        if isinstance(value, str):
            config[name] = markupsafe.escape(value)

"""Which link targets a YAML file may use: http(s), mailto, or a relative link to a generated page."""

from __future__ import annotations

import html
import posixpath
import re

ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these inside a URL before they read its scheme ("java\tscript:" runs as javascript:).
_IGNORED_BY_BROWSERS = re.compile(
    r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_RELATIVE_PAGE = re.compile(r"^(?!/)(?!.*//)[^:?]*\.md(#[^#]*)?$")
_UNSAFE_IN_MARKDOWN = set("<>\"'`\\")
# The same rule, roughly, for editors that check as people type (JSON Schema has no code).
# Written for ECMA-262 regexes, which have no inline case-insensitive flag.
_SAFE = r"[^\s<>\"'`\\]"
URL_PATTERN = (
    rf"^([hH][tT][tT][pP][sS]?://[^/\s<>\"'`\\]{_SAFE}*"
    rf"|[mM][aA][iI][lL][tT][oO]:{_SAFE}+"
    r"|(?!/)(?!.*//)[^:?\s]*\.md(#[^#\s]*)?)$"
)


def check_url(raw: str) -> str:
    """The URL unchanged if it is safe to publish; otherwise ValueError saying what is wrong."""
    if _IGNORED_BY_BROWSERS.search(raw) or html.unescape(raw) != raw:
        raise ValueError("the link contains spaces, control characters or HTML entities; write the plain URL")
    if any(char in _UNSAFE_IN_MARKDOWN for char in raw):
        raise ValueError("the link contains a quote, backslash or angle bracket; percent-encode it")
    scheme = _SCHEME.match(raw)
    if scheme:
        if scheme.group(1).lower() not in ALLOWED_SCHEMES:
            raise ValueError(f"'{scheme.group(1)}:' links are not allowed; use http(s):// or mailto:")
        if scheme.group(1).lower() != "mailto" and not re.match(r"^https?://[^/]", raw, re.IGNORECASE):
            raise ValueError("an http(s) link needs a host, as in https://example.com/")
        return raw
    if not _RELATIVE_PAGE.match(raw):
        raise ValueError("a link without http(s):// or mailto: must be a relative link to a generated page (….md)")
    # Relative links start from the year's folder, one level below the site's root: going up twice leaves the site.
    if posixpath.normpath(posixpath.join("year", raw.partition("#")[0])).startswith("../"):
        raise ValueError(
            "the link leaves the site; a relative link starts from the year's folder (../2022/projects.md)"
        )
    return raw

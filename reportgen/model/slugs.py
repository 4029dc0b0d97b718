"""Page slugs from text: readable (Hangul kept), unique, and never a path outside the output tree."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_BYTES = 120  # UTF-8 bytes; file systems cap a name at 255 bytes, and Hangul takes 3 each
FALLBACK = "page"
# Names Windows will not create as files, with or without an extension.
_PORT_DIGITS = "123456789¹²³"  # Windows reserves COM¹ to COM³ too
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"{port}{d}" for port in ("com", "lpt") for d in _PORT_DIGITS)}
_NOT_WORD = re.compile(r"[^\w]+")
_DASHES = re.compile(r"-{2,}")


def slugify(text: str) -> str:
    """A slug of letters, digits and single hyphens: no dots, slashes or backslashes can survive."""
    normal = unicodedata.normalize("NFC", text).casefold()
    slug = _NOT_WORD.sub("-", normal).replace("_", "-")
    slug = _truncate(_DASHES.sub("-", slug).strip("-")).strip("-")
    if not slug:
        return FALLBACK
    if slug.split("-", 1)[0] in _WINDOWS_RESERVED and "-" not in slug:
        return f"{slug}-{FALLBACK}"
    return slug


def _truncate(slug: str) -> str:
    encoded = slug.encode("utf-8")[:MAX_SLUG_BYTES]
    return encoded.decode("utf-8", errors="ignore")  # drops a character cut in half


class SlugAllocator:
    """Hands out unique slugs; a collision gets the next free numeric suffix, in the order asked."""

    def __init__(self, reserved: set[str] | None = None) -> None:
        self._taken: set[str] = set(reserved or ())

    def allocate(self, text: str) -> str:
        base = slugify(text)
        slug, number = base, 2
        while slug in self._taken:
            slug, number = f"{base}-{number}", number + 1
        self._taken.add(slug)
        return slug

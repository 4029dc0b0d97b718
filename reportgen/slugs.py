"""Page slugs from text: readable (Hangul kept), unique, and never a path outside the output tree."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 80
FALLBACK = "page"
# Names Windows will not create as files, with or without an extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_NOT_WORD = re.compile(r"[^\w]+")
_DASHES = re.compile(r"-{2,}")


def slugify(text: str) -> str:
    """A slug of letters, digits and single hyphens: no dots, slashes or backslashes can survive."""
    normal = unicodedata.normalize("NFC", text).casefold()
    slug = _NOT_WORD.sub("-", normal).replace("_", "-")
    slug = _DASHES.sub("-", slug).strip("-")[:MAX_SLUG_LENGTH].strip("-")
    if not slug:
        return FALLBACK
    if slug.split("-", 1)[0] in _WINDOWS_RESERVED and "-" not in slug:
        return f"{slug}-{FALLBACK}"
    return slug


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

"""JSON text to plain values that remember where each one was written.

The standard library's json keeps no positions, so this is a small recursive-descent reader in its
image: its strings are read by json's own scanner (in C), its numbers by json's pattern, and it
gives the same values as `json.loads` (tests/test_sources_json.py checks that on generated texts).
It is stricter where a team's file would be wrong without a word: a key given twice is reported
(json keeps the last), NaN and Infinity are not JSON, and nesting is bounded.
"""

from __future__ import annotations

import bisect
import re
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from reportgen.load.loader import MAX_DEPTH, KeyPath, Location
from reportgen.load.problems import Problem

_NUMBER = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_BREAK = re.compile(r"\r\n|\r|\n")
_BLANKS = frozenset(" \t\n\r")
_WORDS = {"true": True, "false": False, "null": None}


class _Stop(Exception):
    """A JSON text that cannot be read on from here."""

    def __init__(self, message: str, offset: int, code: str = "json-syntax") -> None:
        super().__init__(message)
        self.message, self.offset, self.code = message, offset, code


class Lines:
    """Offsets in a text to 1-based lines and columns (in characters), for any of its line breaks."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def at(self, offset: int) -> Location:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class _Reader:
    def __init__(self, text: str, display: str) -> None:
        self.text, self.display = text, display
        self.lines = Lines(text)
        # Offsets, turned into lines and columns only where a position is wanted (an export holds millions).
        self.offsets: dict[KeyPath, int] = {}
        self.key_offsets: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []

    def _space(self, offset: int) -> int:
        if self.text[offset : offset + 1] not in _BLANKS:
            return offset  # most often: no space to skip, and no pattern to run
        return _SPACE.match(self.text, offset).end()  # type: ignore[union-attr]  # it matches the empty string

    def value(self, offset: int, path: KeyPath, depth: int = 0, *, kept: bool = True) -> tuple[Any, int]:
        """The value starting at `offset` (no space before it), and the offset after it. A value
        not `kept` (the second of a key given twice) is read past, its positions not recorded."""
        text = self.text
        if depth > MAX_DEPTH:
            raise _Stop(f"nested more than {MAX_DEPTH} levels deep", offset, "too-deep")
        if kept:
            self.offsets[path] = offset
        char = text[offset : offset + 1]
        if char == '"':
            return self._string(offset)
        if char == "{":
            return self._object(offset, path, depth + 1, kept)
        if char == "[":
            return self._array(offset, path, depth + 1, kept)
        number = _NUMBER.match(text, offset)
        if number is not None:
            whole, fraction, exponent = number.groups()
            if fraction or exponent:
                return float(number.group()), number.end()
            try:
                return int(whole), number.end()
            except ValueError:  # more digits than Python turns into a number
                raise _Stop("a number with too many digits", offset) from None
        for word, meaning in _WORDS.items():
            if text.startswith(word, offset):
                return meaning, offset + len(word)
        raise _Stop("expecting a value", offset)

    def _string(self, offset: int) -> tuple[str, int]:
        try:
            return scanstring(self.text, offset + 1, True)  # type: ignore[no-any-return]
        except JSONDecodeError as exc:
            raise _Stop(exc.msg[0].lower() + exc.msg[1:], exc.pos) from None

    def _array(self, offset: int, path: KeyPath, depth: int, kept: bool) -> tuple[list[Any], int]:
        items: list[Any] = []
        offset = self._space(offset + 1)
        if self.text.startswith("]", offset):
            return items, offset + 1
        while True:
            item, offset = self.value(offset, (*path, len(items)), depth, kept=kept)
            items.append(item)
            offset = self._space(offset)
            char = self.text[offset : offset + 1]
            if char == "]":
                return items, offset + 1
            if char != ",":
                raise _Stop("expecting ',' or ']' after an item of the list", offset)
            offset = self._space(offset + 1)

    def _object(self, offset: int, path: KeyPath, depth: int, kept: bool) -> tuple[dict[str, Any], int]:
        found: dict[str, Any] = {}
        offset = self._space(offset + 1)
        if self.text.startswith("}", offset):
            return found, offset + 1
        while True:
            if not self.text.startswith('"', offset):
                raise _Stop("expecting a name in double quotes", offset)
            key_at = offset
            key, offset = self._string(offset)
            offset = self._space(offset)
            if not self.text.startswith(":", offset):
                raise _Stop("expecting ':' after a name", offset)
            offset = self._space(offset + 1)
            if key in found:
                if kept:
                    self._twice(key, key_at, self.key_offsets[(*path, key)])
                _, offset = self.value(offset, (*path, key), depth, kept=False)  # read past it; the first stays
            else:
                if kept:
                    self.key_offsets[(*path, key)] = key_at
                found[key], offset = self.value(offset, (*path, key), depth, kept=kept)
            offset = self._space(offset)
            char = self.text[offset : offset + 1]
            if char == "}":
                return found, offset + 1
            if char != ",":
                raise _Stop("expecting ',' or '}' after a value of the object", offset)
            offset = self._space(offset + 1)

    def _twice(self, key: str, offset: int, first: int) -> None:
        self.problems.append(
            Problem(
                self.display,
                *self.lines.at(offset),
                f"duplicate key '{key}' (first defined at line {self.lines.at(first)[0]})",
                "remove one of the two; a JSON reader would silently keep only the last",
                code="duplicate-key",
            )
        )


class Parsed:
    """A JSON text's value, with where each value (and each object's key) was written, by its path:
    as offsets into the text, and as lines and columns (`at`, `positions`)."""

    def __init__(self, data: Any, offsets: dict[KeyPath, int], key_offsets: dict[KeyPath, int], lines: Lines) -> None:
        self.data, self.offsets, self.key_offsets, self.lines = data, offsets, key_offsets, lines

    def at(self, offset: int) -> Location:
        return self.lines.at(offset)

    @property
    def positions(self) -> dict[KeyPath, Location]:
        return {path: self.at(offset) for path, offset in self.offsets.items()}

    @property
    def key_positions(self) -> dict[KeyPath, Location]:
        return {path: self.at(offset) for path, offset in self.key_offsets.items()}


def parse(text: str, display: str) -> tuple[Parsed | None, list[Problem]]:
    """The value of a JSON text and the problems of its form; None if it cannot be read to the end."""
    reader = _Reader(text, display)
    start = reader._space(0)
    if start == len(text):
        return None, [Problem(display, 1, 1, "file is empty", "add the records, or delete the file", code="empty-file")]
    try:
        data, end = reader.value(start, ())
        end = reader._space(end)
        if end != len(text):
            raise _Stop("more after the end of the JSON value", end)
    except _Stop as stop:
        hint = (
            "JSON nests a few levels deep; check the brackets"
            if stop.code == "too-deep"
            else "check the brackets, commas and quotes around this position"
        )
        problem = Problem(display, *reader.lines.at(stop.offset), stop.message, hint, code=stop.code)
        return None, [*reader.problems, problem]
    return Parsed(data, reader.offsets, reader.key_offsets, reader.lines), reader.problems

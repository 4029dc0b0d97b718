"""The reading rules for content: only regular files inside the content folder, and never more
than a file may hold. A pull request can add a symlink to /etc/passwd or /dev/zero, or a FIFO in
place of a YAML file; each is refused with a located problem before a byte of it is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reportgen.load.problems import Problem


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, its links followed, stays inside `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def in_folder(path: str | Path, folder: Path) -> bool:
    """Whether `path`, as written (links not followed), lies in `folder`: a link there to anywhere
    else is still one of its files."""
    return Path(os.path.abspath(path)).is_relative_to(Path(os.path.abspath(folder)))


def refusal(path: Path, display: str, folder: Path | None, limit: int) -> Problem | None:
    """Why `path` may not be read as content (None: it may): outside `folder`, not a regular file, too big."""
    if folder is not None and not inside(path, folder):
        hint = "content files must be inside the content folder: copy the file in instead of linking to it"
        return Problem(
            display, 1, 1, "this is a link to a file outside the content folder", hint, code="outside-content"
        )
    try:
        info = path.stat()
    except OSError as exc:
        return Problem(
            display, 1, 1, f"cannot read the file ({exc.strerror})", "check the file", code="unreadable-file"
        )
    if not stat.S_ISREG(info.st_mode):
        hint = "content files are plain files: remove this one, or put the facts in a file in its place"
        return Problem(display, 1, 1, "not a regular file (a pipe, device or socket)", hint, code="not-a-file")
    if info.st_size > limit:
        message = f"file is {info.st_size} bytes, over the {limit}-byte limit"
        return Problem(display, 1, 1, message, "split the facts into smaller files", code="file-too-large")
    return None


def read_content(path: Path, display: str, folder: Path | None, limit: int) -> tuple[bytes | None, list[Problem]]:
    """A content file's bytes, read within `limit` (+1, so a file that grew since its stat is still
    caught by the size check), or None and why it was not read."""
    refused = refusal(path, display, folder, limit)
    if refused is not None:
        return None, [refused]
    try:
        with path.open("rb") as file:
            return file.read(limit + 1), []
    except OSError as exc:
        return None, [_unreadable(display, exc)]


def _unreadable(display: str, exc: OSError) -> Problem:
    return Problem(display, 1, 1, f"cannot read the file ({exc.strerror})", "check the file", code="unreadable-file")


def decode(
    raw: bytes, display: str, limit: int, *, bom: bool = False, what: str = "a YAML file"
) -> tuple[str | None, list[Problem]]:
    """A content file's bytes as text: within `limit`, UTF-8, no NUL byte. A byte order mark is
    refused unless `bom` allows it (a spreadsheet's CSV export starts with one), and then dropped.
    `what` the file should be, for the hint of one that is not text."""
    if len(raw) > limit:
        message = f"file is {len(raw)} bytes, over the {limit}-byte limit"
        return None, [Problem(display, 1, 1, message, "split the facts into smaller files", code="file-too-large")]
    if bom and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(
                display,
                1,
                1,
                "file starts with a byte order mark (BOM)",
                "save the file as UTF-8 without BOM",
                code="byte-order-mark",
            )
        ]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(
                display,
                line,
                1,
                "file contains binary data (a NUL byte)",
                f"is this really {what}?",
                code="binary-file",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return None, [
            Problem(display, line, col, "file is not valid UTF-8", "save the file with UTF-8 encoding", code="not-utf8")
        ]

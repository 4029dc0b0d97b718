"""A content-addressed store on disk, outside the docs tree: rendered charts, built trees.

An entry is its bytes plus a sidecar holding their SHA-256; an entry whose bytes do not match
(a torn write, a hand edit, disk trouble) is treated as absent and made again, never served.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class ContentStore:
    def __init__(self, root: Path | None, suffix: str, looks_whole: Callable[[bytes], bool] = bool) -> None:
        self.root = root  # None: no store; every get misses and nothing is kept
        self.suffix = suffix
        self.looks_whole = looks_whole  # a last check of the content's own shape

    def _paths(self, key: str) -> tuple[Path, Path]:
        assert self.root is not None
        folder = self.root / key[:2]
        return folder / f"{key}{self.suffix}", folder / f"{key}.sha256"

    def get(self, key: str) -> bytes | None:
        if self.root is None:
            return None
        entry, checksum = self._paths(key)
        try:
            content = entry.read_bytes()
            expected = checksum.read_text(encoding="ascii").strip()
        except OSError:
            return None
        if hashlib.sha256(content).hexdigest() != expected or not self.looks_whole(content):
            return None
        return content

    def put(self, key: str, content: bytes) -> None:
        if self.root is None:
            return
        entry, checksum = self._paths(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        # The checksum is written last: a crash in between leaves an entry that fails verification.
        atomic_write(entry, content)
        atomic_write(checksum, hashlib.sha256(content).hexdigest().encode("ascii"))


class ChartCache(ContentStore):
    """Rendered SVG charts, keyed by their data, style and library versions."""

    def __init__(self, root: Path | None) -> None:
        super().__init__(root, ".svg", lambda content: content.rstrip().endswith(b"</svg>"))


def usual_mode(kind: int = 0o666) -> int:
    """The mode a new file (0o666) or folder (0o777) gets from the umask, as open() and mkdir() give it:
    mkstemp and mkdtemp make theirs private (0600, 0700), and a file renamed into place keeps that."""
    return kind & ~_umask()


def _umask() -> int:
    # Read where the system tells it (Linux): setting and restoring it would race other threads' files.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        umask = os.umask(0o022)
        os.umask(umask)
        return umask


def atomic_write(path: Path, content: bytes) -> None:
    """Replace `path` whole or not at all: a reader never sees half a file, a failure leaves no temporary.
    The file gets the mode the file it replaces had, or the usual one for a new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = usual_mode()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""A content-addressed store of rendered charts, outside the docs tree.

An entry is the SVG plus a sidecar holding its SHA-256; an entry whose bytes do not match
(a torn write, a hand edit, disk trouble) is treated as absent and rendered again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class ChartCache:
    def __init__(self, root: Path | None) -> None:
        self.root = root  # None: no cache, render every time

    def _paths(self, key: str) -> tuple[Path, Path]:
        assert self.root is not None
        folder = self.root / key[:2]
        return folder / f"{key}.svg", folder / f"{key}.sha256"

    def get(self, key: str) -> bytes | None:
        if self.root is None:
            return None
        svg, checksum = self._paths(key)
        try:
            content = svg.read_bytes()
            expected = checksum.read_text(encoding="ascii").strip()
        except OSError:
            return None
        if hashlib.sha256(content).hexdigest() != expected or not content.rstrip().endswith(b"</svg>"):
            return None
        return content

    def put(self, key: str, content: bytes) -> None:
        if self.root is None:
            return
        svg, checksum = self._paths(key)
        svg.parent.mkdir(parents=True, exist_ok=True)
        # The checksum is written last: a crash in between leaves an entry that fails verification.
        _atomic_write(svg, content)
        _atomic_write(checksum, hashlib.sha256(content).hexdigest().encode("ascii"))


def _atomic_write(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

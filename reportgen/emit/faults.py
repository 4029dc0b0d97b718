"""One line for a file operation that failed: a full disk, a read-only folder, a file in the way."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

# The faults that can only come from writing; others (permission denied) may come from reading too.
_WRITING = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_FULL = {errno.ENOSPC, errno.EDQUOT}
_BLOCKED = {errno.EEXIST, errno.ENOTDIR}


def os_error_line(exc: OSError, path: Path | str | None = None, *, writing: bool = False) -> str:
    """`exc` as one line for people: the path it concerns (`path` when the error names none, as a
    failed write() does), the system's reason and, for a full disk, the room left there."""
    named = _written(exc)
    where = Path(os.fsdecode(named)) if isinstance(named, str | bytes) else None
    where = where if where is not None else (Path(path) if path is not None else None)
    reason = exc.strerror or str(exc)
    blocker = _file_in_the_way(where) if exc.errno in _BLOCKED and where is not None else None
    if blocker is not None:  # a folder to be made where a file is, or under one
        where, reason, writing = blocker, "it is a file, not a folder", True
    elif exc.errno in _FULL and where is not None:
        reason += _room(where)
    verb = "cannot write" if writing or exc.errno in _WRITING else ""
    if where is None:
        return f"{verb or 'error'}: {reason}"
    return f"{verb} {where}: {reason}".lstrip()


def _written(exc: OSError) -> object:
    """The path an error names: for a full disk, the copy being written (shutil names the source first)."""
    return exc.filename2 if exc.errno in _FULL and exc.filename2 is not None else exc.filename


def _file_in_the_way(path: Path) -> Path | None:
    """`path` or the nearest of its parents that exists, if that is not a folder."""
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def _room(path: Path) -> str:
    """' (12.0 KB free on /mnt/site)': the free space of the filesystem `path` is on, if it can be read."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return ""
    mount = existing.resolve()
    while not os.path.ismount(mount) and mount != mount.parent:
        mount = mount.parent
    return f" ({_size(free)} free on {mount})"


def _size(count: int) -> str:
    size, unit = float(count), "bytes"
    for bigger in ("KB", "MB", "GB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{count} bytes" if unit == "bytes" else f"{size:.1f} {unit}"

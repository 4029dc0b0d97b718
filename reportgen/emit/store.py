"""A content-addressed store on disk, outside the docs tree: rendered charts, built trees, years.

The store is restored from CI's cache and could have been forged, so nothing in it is ever run:
an entry is plain bytes (an SVG, or a bundle: a JSON header and raw byte blobs) plus a sidecar
naming the key it was written for and the SHA-256 of its bytes. An entry whose sidecar does not
match (a torn write, a hand edit, an entry copied from another key) or whose content fails its
own check is treated as absent and made again, never served.

A cache folder that git tracks, or that lies in the content folder, could be forged by a commit:
it is not used (`usable_cache`). A folder that cannot be written is not used either, and a write that
fails later (a full disk) is remembered, not raised: the build goes on without keeping what it made,
and says so once (`take_write_failures`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportgen.emit.svg_check import is_safe_svg
from reportgen.load.problems import Problem, Severity, display_path

SIDECAR = ".sha256"
_KEY = re.compile(r"[0-9a-f]{16,128}")  # our keys are hex digests: nothing else names a file here
MAX_ENTRY_BYTES = 1 << 30  # far above any site's tree: a bigger file was not written by a build
BUNDLE = b"reportgen-cache 1\n"  # the first line of a bundle; bump when its layout changes

_failures: list[OSError] = []  # writes that failed since the last take_write_failures(), in this process
_lock = threading.Lock()


def take_write_failures() -> list[OSError]:
    """The cache writes that failed since the last call (and forgets them)."""
    with _lock:
        failed = list(_failures)
        _failures.clear()
    return failed


def writable(folder: Path) -> OSError | None:
    """Why a cache cannot be kept in `folder` (it cannot be made, or a file cannot be written there), or None."""
    probe = folder / f".probe-{os.getpid()}-{threading.get_ident()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(probe, b"reportgen\n")
        probe.unlink()
    except OSError as exc:
        return exc
    return None


def usable_cache(cache_dir: Path, content_dir: Path, root: Path) -> tuple[Path | None, list[Problem]]:
    """`cache_dir`, or None and a warning when it must not or cannot be used: the build then goes on
    without a cache (the site is the same, only slower to build)."""
    where = display_path(cache_dir, root)
    try:
        cache, content = cache_dir.resolve(), content_dir.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        return None, [write_warning(where, OSError(str(exc)))]
    if cache.is_relative_to(content) or content.is_relative_to(cache):
        # A change to the content could then forge the cache, and writing it would touch the facts.
        return None, [_refused(where, "is inside the content folder (or holds it), so a change to the content")]
    if _tracked(cache_dir):
        return None, [_refused(where, "is tracked by git, so a commit")]
    failure = writable(cache_dir)
    if failure is not None:
        return None, [write_warning(where, failure)]
    return cache_dir, []


def _refused(where: str, why: str) -> Problem:
    return Problem(
        where,
        1,
        1,
        f"the build cache folder {why} could forge it; building without the cache",
        "use a folder of its own that git ignores, outside the content folder, e.g. .cache/reportgen "
        "(reportgen build --cache, or the plugin's cache_dir)",
        severity=Severity.WARNING,
        code="cache-refused",
    )


def write_warning(where: str, failure: OSError) -> Problem:
    """The one line a build says when its cache cannot be written: it goes on without it."""
    reason = failure.strerror or str(failure)
    return Problem(
        where,
        1,
        1,
        f"the build cache cannot be written ({reason}); building without it",
        "free some disk space or make the folder writable; the site is the same, only slower to build",
        severity=Severity.WARNING,
        code="cache-unwritable",
    )


def _tracked(cache_dir: Path) -> bool:
    """Whether git tracks a file in `cache_dir`, or a link on the way to it. Outside a repository, or
    without git, nothing is tracked."""
    folder = cache_dir.absolute()
    asked = [folder, *(p for p in folder.parents if p.is_symlink())]
    if (resolved := folder.resolve()) != folder:
        asked.append(resolved)
    # One question per path: git refuses a whole command for one path outside its repository.
    return any(_git_lists(path) for path in asked)


def _git_lists(path: Path) -> bool:
    start = next((p for p in (path, *path.parents) if p.is_dir() and not p.is_symlink()), None)
    if start is None:
        return False
    try:
        listed = subprocess.run(
            ["git", "-C", str(start), "ls-files", "-z", "--", str(path)],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False  # no git
    return listed.returncode == 0 and bool(listed.stdout)


def _read_regular(path: Path, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """A regular file's bytes. A link, a pipe or a device in a cache was not written by a build:
    reading one could hang (a FIFO) or never end (/dev/zero), so it is refused (OSError), as is a
    file over `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise OSError(f"{path} is not a cache entry")
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(info.st_size + 1)
    finally:
        os.close(fd)


# Contents whose shape check passed, by (check, SHA-256): a chart is looked up more than once a build.
_passed: set[tuple[Callable[[bytes], bool], str]] = set()


class ContentStore:
    def __init__(self, root: Path | None, suffix: str, looks_whole: Callable[[bytes], bool] = bool) -> None:
        self.root = root  # None: no store; every get misses and nothing is kept
        self.suffix = suffix
        self.looks_whole = looks_whole  # a last check of the content's own shape
        self.failed = False  # a write failed: this build keeps nothing more here

    def _paths(self, key: str) -> tuple[Path, Path]:
        assert self.root is not None
        folder = self.root / key[:2]
        return folder / f"{key}{self.suffix}", folder / f"{key}{SIDECAR}"

    def get(self, key: str) -> bytes | None:
        if self.root is None or not _KEY.fullmatch(key):
            return None
        entry, sidecar = self._paths(key)
        try:
            content = _read_regular(entry)
            written_for = _read_regular(sidecar, 1024).decode("ascii").split()
        except (OSError, UnicodeDecodeError):
            return None
        digest = hashlib.sha256(content).hexdigest()
        if written_for != [key, digest]:
            return None
        if (self.looks_whole, digest) not in _passed:
            if not self.looks_whole(content):
                return None
            _passed.add((self.looks_whole, digest))
        return content

    def put(self, key: str, content: bytes) -> None:
        if self.root is None or self.failed or not _KEY.fullmatch(key):
            return
        entry, sidecar = self._paths(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            # The sidecar is written last: a crash in between leaves an entry that fails verification.
            atomic_write(entry, content)
            atomic_write(sidecar, f"{key} {hashlib.sha256(content).hexdigest()}\n".encode("ascii"))
        except OSError as exc:
            self.failed = True
            with _lock:
                _failures.append(exc)


class ChartCache(ContentStore):
    """Rendered SVG charts, keyed by their data, style and library versions. A cached chart is
    published only if it can only draw (svg_check): one that could run or fetch anything is drawn again."""

    def __init__(self, root: Path | None) -> None:
        super().__init__(root, ".svg", is_safe_svg)


class BundleStore:
    """Plain data under a key: a JSON header and raw byte blobs (pages, data files), which load
    without base64 or any code. The header names the store's kind and the key it was written for."""

    def __init__(self, root: Path | None, kind: str) -> None:
        self.store = ContentStore(root, ".bundle")
        self.kind = kind

    def get(self, key: str) -> tuple[dict[str, Any], list[bytes]] | None:
        content = self.store.get(key)
        return _unbundle(content, self.kind, key) if content is not None else None

    def put(self, key: str, header: dict[str, Any], blobs: list[bytes]) -> None:
        self.store.put(key, bundle(self.kind, key, header, blobs))


def bundle(kind: str, key: str, header: dict[str, Any], blobs: list[bytes]) -> bytes:
    head = {"kind": kind, "key": key, "sizes": [len(blob) for blob in blobs], **header}
    # ensure_ascii: one line of ASCII, whatever the text holds.
    return BUNDLE + json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + b"".join(blobs)


def _unbundle(content: bytes, kind: str, key: str) -> tuple[dict[str, Any], list[bytes]] | None:
    """The header and blobs of a bundle of `kind` written for `key`; None for anything else."""
    if not content.startswith(BUNDLE):
        return None
    end = content.find(b"\n", len(BUNDLE))
    if end < 0:
        return None
    try:
        head = json.loads(content[len(BUNDLE) : end])
    except (ValueError, RecursionError):
        return None
    if not isinstance(head, dict) or head.get("kind") != kind or head.get("key") != key:
        return None
    sizes = head.get("sizes")
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes):
        return None
    if sum(sizes) != len(content) - end - 1:
        return None
    blobs, at = [], end + 1
    for size in sizes:
        blobs.append(content[at : at + size])
        at += size
    return head, blobs


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

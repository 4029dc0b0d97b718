"""`reportgen site`: MkDocs builds the site beside site/, and the new folder then takes its place whole.

`mkdocs build` empties site_dir and writes the new site into it file by file: a build stopped
half-way leaves part of a site, and two builds into one folder race (one deletes what the other
writes). Here MkDocs builds into `.site.building-XXXX` beside site/; once that build has
succeeded, the two folders trade names in one step (Linux's renameat2 with RENAME_EXCHANGE) and
the old site is removed. Where that call is missing (another system, an old kernel, a filesystem
without it) two renames do it, between which site/ is absent for an instant; a build stopped
right there leaves the old site beside site/, and the next build puts it back first.

A lock file beside site/ (`.site.lock`, holding the builder's pid) lets one build run at a time:
the second says so and stops. A stopped build leaves only its temporary folder, which the next
build removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from reportgen.emit.faults import os_error_line
from reportgen.emit.store import usual_mode

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so builds there are not serialised
    fcntl = None  # type: ignore[assignment]


class SiteError(Exception):
    """The new site was not put in place (site/ is as it was); the message, one line, says why."""


def lock_file(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.lock"


def _building(site_dir: Path) -> str:
    return f".{site_dir.name}.building-"


def _retired(site_dir: Path) -> str:
    return f".{site_dir.name}.old-"


def build_site(config_file: Path, *, strict: bool = True, site_dir: Path | None = None) -> Path:
    """Build the site of `config_file` into its site_dir (or `site_dir`), swapped in whole; returns
    that folder. A config MkDocs cannot load raises its ConfigurationError; anything else, SiteError."""
    config = load_config(str(config_file), strict=strict, site_dir=None if site_dir is None else str(site_dir))
    target = Path(config.site_dir).resolve()  # a symlinked site/: the folder it points to is replaced
    if target.exists() and not target.is_dir():
        raise SiteError(f"cannot write {target}: it is a file, not a folder")
    if os.path.ismount(target):  # a folder of another filesystem cannot trade places with one of this
        raise SiteError(f"cannot replace {target}: it is a mount point; build into a folder inside it (--site-dir)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SiteError(os_error_line(exc, target, writing=True)) from exc
    with _locked(target):
        staging = _start(target)
        try:
            # Built as `mkdocs build` builds, into the folder beside site/ (as `mkdocs serve` does into its own).
            config.site_dir = str(staging)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            _keep_hidden(target, staging)
            _swap(staging, target)
        except Abort as exc:  # MkDocs has logged why (a plugin's error, warnings in strict mode)
            reason = exc.format_message().strip().rstrip("!")
            raise SiteError(f"the build stopped ({reason}){_kept(target)}") from None
        except OSError as exc:
            raise SiteError(_write_fault(exc, staging, target) + _kept(target)) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # the failed build, or the old site after the exchange
    return target


def _kept(site_dir: Path) -> str:
    return f"; {site_dir} is left as it was" if site_dir.exists() else ""


@contextlib.contextmanager
def _locked(site_dir: Path) -> Iterator[None]:
    """Hold the lock beside `site_dir` for as long as the block runs, or SiteError if another build holds it."""
    path = lock_file(site_dir)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise SiteError(os_error_line(exc, path, writing=True)) from exc
    try:
        if fcntl is not None:
            try:
                # Held by the open file, not the file's name: a killed build's lock ends with its process.
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(descriptor, 32).decode("ascii", "replace").strip()
                pid = f" (pid {holder})" if holder.isdigit() else ""
                raise SiteError(f"another build of {site_dir} is running{pid}; wait for it or stop it") from None
        _note(descriptor, f"{os.getpid()}\n")
        try:
            yield
        finally:
            _note(descriptor, "")  # the file names a running build only
    finally:
        os.close(descriptor)


def _note(descriptor: int, text: str) -> None:
    os.ftruncate(descriptor, 0)
    os.lseek(descriptor, 0, os.SEEK_SET)
    os.write(descriptor, text.encode("ascii"))


def _start(site_dir: Path) -> Path:
    """Tidy what a stopped build left beside `site_dir`, then make the folder this build writes to."""
    try:
        _tidy(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=_building(site_dir), dir=site_dir.parent))
    except OSError as exc:
        raise SiteError(os_error_line(exc, site_dir, writing=True)) from exc
    staging.chmod(usual_mode(0o777))  # renamed into place as site/: not the private mode mkdtemp gives
    return staging


def _tidy(site_dir: Path) -> None:
    """A stopped build's leftovers: its temporary folders, and the old site if it was stopped between
    the two renames (put back, so that site/ is never missing for long)."""
    leftovers = [p for p in site_dir.parent.iterdir() if p.name.startswith((_building(site_dir), _retired(site_dir)))]
    if not site_dir.exists():
        old = [p / site_dir.name for p in leftovers if p.name.startswith(_retired(site_dir))]
        old = [p for p in old if p.is_dir()]
        if old:
            os.rename(max(old, key=lambda p: p.stat().st_mtime), site_dir)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def _keep_hidden(site_dir: Path, staging: Path) -> None:
    """`mkdocs build` leaves site/'s hidden top-level entries alone (a pages checkout's .git): the new
    site gets copies of them. Copied, not moved: until the swap, the old site stays whole."""
    if not site_dir.is_dir():
        return
    for entry in site_dir.iterdir():
        copy = staging / entry.name
        if not entry.name.startswith(".") or copy.exists() or copy.is_symlink():
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), copy)
        elif entry.is_dir():
            shutil.copytree(entry, copy, symlinks=True)
        else:
            shutil.copy2(entry, copy)


def _swap(staging: Path, site_dir: Path) -> None:
    """Put `staging` in place of `site_dir`; afterwards `staging` holds the old site, if any, or is gone."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        return
    # Two renames: site/ is absent between them (see the module's docstring).
    retired = Path(tempfile.mkdtemp(prefix=_retired(site_dir), dir=site_dir.parent))
    os.rename(site_dir, retired / site_dir.name)
    os.rename(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # from <fcntl.h> and <linux/fs.h>


@functools.cache
def _renameat2() -> Any:
    """The C library's renameat2, or None (not Linux, or a C library before glibc 2.28)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Trade the names of two folders in one step; False where the system cannot (nothing is changed then)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # an old kernel, a filesystem without it
        return False
    raise OSError(code, os.strerror(code), str(second))


def _write_fault(exc: OSError, staging: Path, site_dir: Path) -> str:
    """The line for a failed write into the build's folder, naming the file by its place in site/."""
    if exc.filename is None:
        return os_error_line(exc, site_dir, writing=True)  # a failed write() names no file
    # A copy names its source first and the file it writes second.
    named = [Path(os.fsdecode(name)) for name in (exc.filename2, exc.filename) if isinstance(name, str | bytes)]
    inside = [path for path in named if path.is_relative_to(staging)]
    if not inside:
        return os_error_line(exc)  # not the output: a file the build reads, or the cache
    shown = OSError(exc.errno, exc.strerror, str(site_dir / inside[0].relative_to(staging)))
    return os_error_line(shown, writing=True)


@contextlib.contextmanager
def mkdocs_messages(say: Callable[[str], None]) -> Iterator[None]:
    """MkDocs's log while the block runs, as `mkdocs build` prints it (level, then message), through `say`."""
    logger = logging.getLogger("mkdocs")
    handler = _Said(say)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # printed once, by this handler
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


class _Said(logging.Handler):
    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.say(f"{record.levelname:<8}-  {record.getMessage()}")
        except Exception:
            self.handleError(record)

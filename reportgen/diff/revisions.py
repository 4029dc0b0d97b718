"""The two sides of `diff`: a git revision's copy of the content, or a folder named with --base-dir/--head-dir.

A positional BASE or HEAD is only ever read as a git revision, never as a folder that happens to
have its name: a pull request that adds a folder named like the base SHA (or "main") must not be
able to stand in for the base and make the job summary say nothing changed.
"""

from __future__ import annotations

import io
import posixpath
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportgen.load.mkdocs_config import CONFIG_NAMES
from reportgen.load.problems import one_line


@dataclass(frozen=True)
class Source:
    """Where one side's content came from, for the output to say: a git revision as it was written
    (with the commit it named) or a folder."""

    name: str
    commit: str | None = None  # None: a folder

    @property
    def short(self) -> str:
        return (self.commit or "")[:7]


@dataclass(frozen=True)
class Sides:
    """What the command line asked to compare: each side a revision or a folder, never both."""

    base: str | None
    head: str | None
    base_dir: Path | None
    head_dir: Path | None
    content_dir: Path


def check(sides: Sides) -> None:
    """Refuse a side named twice, or no base at all, before anything is read."""
    if sides.base is not None and sides.base_dir is not None:
        raise ValueError(
            f"BASE '{one_line(sides.base)}' and --base-dir {sides.base_dir} both name the base: "
            "give a git revision or a folder, not both"
        )
    if sides.head is not None and sides.head_dir is not None:
        raise ValueError(
            f"HEAD '{one_line(sides.head)}' and --head-dir {sides.head_dir} both name the head: "
            "give a git revision or a folder, not both"
        )
    if sides.base is None and sides.base_dir is None:
        raise ValueError(
            "nothing to compare against: pass a git revision (reportgen diff main) "
            "or a content folder (reportgen diff --base-dir PATH)"
        )


@contextmanager
def both_sides(sides: Sides) -> Iterator[tuple[tuple[Path, Source], tuple[Path, Source]]]:
    """The base's and the head's content folders and where each came from; HEAD defaults to the
    working tree's content folder. A revision's copy lives in a temporary folder until the end."""
    check(sides)
    with ExitStack() as stack:
        base = stack.enter_context(_side(sides.base, sides.base_dir, sides.content_dir, "BASE", "--base-dir"))
        if sides.head is None and sides.head_dir is None and not sides.content_dir.is_dir():
            raise ValueError(
                f"the working tree has no content folder {sides.content_dir} (pass --content or --head-dir)"
            )
        head_dir = sides.content_dir if sides.head_dir is None else sides.head_dir
        head = stack.enter_context(_side(sides.head, head_dir, sides.content_dir, "HEAD", "--head-dir"))
        yield base, head


@contextmanager
def _side(
    revision: str | None, folder: Path | None, content_dir: Path, name: str, option: str
) -> Iterator[tuple[Path, Source]]:
    if revision is None:
        assert folder is not None  # check() saw to it
        if not folder.is_dir():
            raise ValueError(f"{option} {folder} is not a folder")
        yield folder, Source(str(folder))
        return
    with revision_content(revision, content_dir, name, option) as found:
        yield found


@contextmanager
def revision_content(revision: str, content_dir: Path, name: str, option: str) -> Iterator[tuple[Path, Source]]:
    """The git revision `revision`'s copy of `content_dir`, extracted into a temporary folder."""
    cwd = content_dir.parent if content_dir.parent.is_dir() else Path.cwd()
    top = _repository_top(cwd, revision, name, option)
    commit = _commit(revision, top, name, option)
    try:
        inside = content_dir.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise ValueError(f"the content folder {content_dir} is not inside the git repository {top}") from None
    # The commit's full SHA, not what was typed, reaches git archive: it cannot be read as an option.
    # The MkDocs config beside the content comes too: it says the language that revision's site is in.
    archive = _git(["archive", "--format=tar", commit, "--", inside, *_configs(commit, inside, top)], top)
    if archive.returncode != 0:
        raise ValueError(f"git revision '{revision}' ({commit[:7]}) has no {inside}/ folder: {_said(archive)}")
    with tempfile.TemporaryDirectory(prefix="reportgen-diff-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(temporary, filter="data")
            except tarfile.TarError as exc:  # a link out of the tree (to /etc/passwd, say), refused by the filter
                said = f"git revision '{one_line(revision)}' ({commit[:7]})"
                raise ValueError(f"{said} holds a file that is not read: {one_line(str(exc))}") from None
        yield Path(temporary) / inside, Source(revision, commit)


def _configs(commit: str, inside: str, top: Path) -> list[str]:
    """The MkDocs configs the commit holds beside its content folder (mkdocs.yml, mkdocs.yaml)."""
    beside = [posixpath.join(posixpath.dirname(inside), name) for name in CONFIG_NAMES]
    found = _git(["ls-tree", "--name-only", commit, "--", *beside], top)
    return found.stdout.decode(errors="replace").splitlines() if found.returncode == 0 else []


def _repository_top(cwd: Path, revision: str, name: str, option: str) -> Path:
    found = _git(["rev-parse", "--show-toplevel"], cwd)
    if found.returncode != 0:
        raise ValueError(
            f"{name} '{one_line(revision)}' is read as a git revision, but {cwd.resolve()} is not in a git repository"
            f"{_hint(revision, option)}"
        )
    return Path(found.stdout.decode(errors="replace").strip())


def _commit(revision: str, top: Path, name: str, option: str) -> str:
    """The full SHA of the commit `revision` names, or a one-line error."""
    # Git never names a revision with a leading "-"; refused here, whatever git's version makes of
    # --end-of-options, so that "--output=…" can never reach git as an option.
    if not revision.startswith("-"):
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], top)
        if found.returncode == 0:
            return found.stdout.decode().strip()
    raise ValueError(f"{name} '{one_line(revision)}' is not a git revision in {top}{_hint(revision, option)}")


def _hint(revision: str, option: str) -> str:
    """A folder of that name is only compared when asked for: say how."""
    try:
        folder = Path(revision).is_dir()
    except (OSError, ValueError):  # a name no file system can hold
        folder = False
    return f" (to compare the folder of that name, pass {option} {one_line(revision)})" if folder else ""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ValueError("git is not installed (or not on PATH): compare content folders with --base-dir") from None
    except OSError as exc:
        raise ValueError(f"git could not be run: {exc}") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """Git's own message, on one line."""
    return one_line(" ".join(result.stderr.decode(errors="replace").split())) or f"exit {result.returncode}"


def code_changed(sides: Sides, base: Source, head: Source) -> list[str] | None:
    """The files outside the content folder that differ from the base revision to the head revision
    (or to the working tree): code and configuration, which a reviewer reads as code, not as facts.
    None when either side is a folder, which has no history to compare."""
    working_tree = sides.head is None and sides.head_dir is None
    if base.commit is None or (head.commit is None and not working_tree):
        return None
    cwd = sides.content_dir.parent if sides.content_dir.parent.is_dir() else Path.cwd()
    top = _repository_top(cwd, base.name, "BASE", "--base-dir")
    inside = sides.content_dir.resolve().relative_to(top.resolve()).as_posix()
    outside = ["--", ".", f":(exclude){inside}"]
    found = _git(
        ["diff", "--name-only", "--no-renames", base.commit, *([head.commit] if head.commit else []), *outside], top
    )
    if found.returncode != 0:
        raise ValueError(f"git could not list the changed files: {_said(found)}")
    names = set(found.stdout.decode(errors="replace").splitlines())
    if working_tree:  # new files not yet committed are changes too
        untracked = _git(["ls-files", "--others", "--exclude-standard", *outside], top)
        names |= set(untracked.stdout.decode(errors="replace").splitlines()) if untracked.returncode == 0 else set()
    return sorted(name for name in names if name)

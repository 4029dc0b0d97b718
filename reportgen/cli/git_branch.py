"""The repository's default branch, read from git, so that no command or written workflow assumes `main`."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(folder: Path, *args: str) -> str | None:
    """git's one-line answer in `folder`, or None where git is missing, fails, or the folder is no repository."""
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    answer = result.stdout.strip()
    return answer if result.returncode == 0 and answer else None


def origin_default(folder: Path) -> str | None:
    """The branch origin's HEAD names (set by `git clone`): the repository's default branch."""
    ref = _git(folder, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    return ref.removeprefix("origin/") if ref else None


def default_branch(folder: Path) -> str:
    """The branch a publish workflow runs on: origin's default, else the branch checked out in a
    repository without a remote (a new one's first branch), else git's init.defaultBranch, else main."""
    return (
        origin_default(folder)
        or _git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
        or _git(folder, "config", "--get", "init.defaultBranch")
        or "main"
    )


def default_base(folder: Path) -> str | None:
    """What `reportgen diff` compares with when no BASE is given: origin's default branch as last
    fetched (what a pull request's check compares with); else a local main or master (or git's
    init.defaultBranch); else, in a repository of two branches, the one not checked out."""
    name = origin_default(folder)
    if name is not None:
        return f"origin/{name}"
    branches = (_git(folder, "for-each-ref", "--format=%(refname:short)", "refs/heads/") or "").splitlines()
    for local in (_git(folder, "config", "--get", "init.defaultBranch"), "main", "master"):
        if local in branches:
            return local
    current = _git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    others = [b for b in branches if b != current]
    return others[0] if len(others) == 1 else None

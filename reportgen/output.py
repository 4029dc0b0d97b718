"""Writes a generated tree to a folder, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .site import GeneratedFile


def _safe_target(root: Path, relative: str) -> Path:
    """`relative` inside `root`, or ValueError: generated paths must never escape the output tree."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in relative or ":" in relative:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    target = root.joinpath(*pure.parts)
    # Compare whole path components: a prefix test would let "out-evil" pass for "out".
    if not target.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return target


def check_not_inside(target: Path, protected: Path, what: str) -> None:
    """Builds never write into the source facts."""
    if target.resolve().is_relative_to(protected.resolve()):
        raise ValueError(f"{what} {target} is inside {protected}; builds never write into the content folder")


def write_tree(files: list[GeneratedFile], out: Path) -> None:
    """Write `files` under `out`, replacing its previous contents only once everything is written.

    The new tree is built in a temporary folder beside `out` (same filesystem, so the final
    rename is atomic); a failure part-way leaves the previous `out` as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for generated in files:
            target = _safe_target(staging, generated.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(generated.content)
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, retired / out.name)
            os.replace(staging, out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

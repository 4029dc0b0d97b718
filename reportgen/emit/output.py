"""Writes a generated tree to a folder, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from reportgen.emit.store import usual_mode
from reportgen.emit.tree import GeneratedFile


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
    """Builds never write into the source facts, nor replace a folder that holds them."""
    target, protected = target.resolve(), protected.resolve()
    if target.is_relative_to(protected):
        raise ValueError(f"{what} {target} is inside {protected}; builds never write into the content folder")
    if protected.is_relative_to(target):
        raise ValueError(f"{what} {target} contains the content folder {protected}; choose a folder of its own")


MARKER = ".reportgen-tree"  # marks a folder as ours to replace


def check_replaceable(out: Path) -> None:
    """Replace only a folder reportgen wrote before, or an empty one: never a person's other files."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise ValueError(f"{out} exists and was not written by `reportgen build`; choose a new or empty folder")


def write_tree(files: list[GeneratedFile], out: Path) -> None:
    """Write `files` under `out`, replacing its previous contents only once everything is written.

    The new tree is built in a temporary folder beside `out` (same filesystem, so the final
    rename is atomic); a failure part-way leaves the previous `out` as it was.
    """
    out = out.resolve()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staging.chmod(usual_mode(0o777))  # the tree is renamed into place: it must not stay private
    try:
        for generated in files:
            target = _safe_target(staging, generated.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(generated.content)
        (staging / MARKER).write_text("written by reportgen build; replaced whole on the next build\n")
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

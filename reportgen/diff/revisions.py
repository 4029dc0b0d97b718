"""A content folder for `diff`'s BASE or HEAD: a folder as it is, or a git revision's copy of the content."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def content_at(spec: str, content_dir: Path) -> Iterator[Path]:
    """A content folder: `spec` itself if it is a folder, else the git revision `spec`'s copy of `content_dir`."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=content_dir.parent if content_dir.parent.is_dir() else Path.cwd(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    inside = content_dir.resolve().relative_to(Path(top).resolve()).as_posix()
    archive = subprocess.run(["git", "archive", "--format=tar", spec, "--", inside], cwd=top, capture_output=True)
    if archive.returncode != 0:
        raise ValueError(
            f"'{spec}' is neither a folder nor a git revision with {inside}/: "
            f"{archive.stderr.decode(errors='replace').strip()}"
        )
    with tempfile.TemporaryDirectory(prefix="reportgen-diff-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(temporary, filter="data")
        yield Path(temporary) / inside

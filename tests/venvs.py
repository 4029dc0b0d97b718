"""Fresh virtual environments with reportgen installed from its wheel, cached under .cache/.

The dependencies are installed once per set of requirements (keyed by their hash); the wheel,
which changes with every edit, is reinstalled into the cached environment each time.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "venvs"
# Backstage TechDocs: techdocs-core 1.7.1 pins mkdocs-material 9.7.7, Markdown<3.11, pymdown-extensions 11.0.1.
# The pin is pyproject.toml's `techdocs` extra.
TECHDOCS = tuple(
    tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["techdocs"]
)


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=1200)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build_wheel(out: Path) -> Path:
    """reportgen's wheel, as a team would install it (templates, labels and starters inside)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("reportgen_site-*.whl"):
        old.unlink()
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, REPO)
    [wheel] = out.glob("reportgen_site-*.whl")
    return wheel


def venv_with(extra: tuple[str, ...], wheel: Path) -> Path:
    """A virtual environment with reportgen's dependencies and `extra`, and the given wheel; returns its bin/."""
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    key = hashlib.sha256("\n".join([*dependencies, *extra, sys.version]).encode()).hexdigest()[:16]
    folder = CACHE / key
    bin_dir = folder / "bin"
    if not (folder / ".complete").is_file():
        _run(sys.executable, "-m", "venv", "--clear", folder)
        _run(bin_dir / "python", "-m", "pip", "install", "-q", *dependencies, *extra)
        (folder / ".complete").write_text("ok\n")
    # The wheel's own requirements are already there; --no-deps keeps the pins of `extra` in place.
    _run(bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel)
    return bin_dir

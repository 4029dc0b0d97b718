"""Self-contained copies of the code and the sample project that run.py builds with.

A snapshot is taken either from the working tree (the code being measured) or, for `--base REV`,
from a commit with `git archive`. Each holds its own `reportgen-0.1.0.dist-info/` made from that
revision's pyproject.toml: the builds put the snapshot first on PYTHONPATH, importlib.metadata
lists distributions in sys.path order and keeps the first of a name, so MkDocs finds that
revision's plugin entry point, not the one the venv's editable install declares.
"""

from __future__ import annotations

import compileall
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The code and the sample project; pyproject.toml only for the entry points it declares.
SNAPSHOT = ("reportgen", "site_templates", "content", "docs", "mkdocs.yml", "pyproject.toml")
PEAK_FILE = "REPORTGEN_BENCH_PEAK_FILE"
# Written into each snapshot as sitecustomize.py: at exit a build writes its own peak memory and
# which copy of reportgen it imported (empty for plain MkDocs), so run.py can check both.
PEAK_RECORDER = f"""import atexit, os, sys

def _record(path=os.environ.get({PEAK_FILE!r})):
    try:
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        package = sys.modules.get("reportgen")
        imported = os.path.dirname(os.path.realpath(package.__file__)) if package else ""
        with open(path, "w") as out:
            out.write(peak + "\\n" + imported)
    except (OSError, StopIteration, TypeError):
        pass

if os.environ.get({PEAK_FILE!r}):
    os.environ.pop({PEAK_FILE!r})  # the build's own children do not overwrite it
    atexit.register(_record)
"""


@dataclass(frozen=True)
class Snapshot:
    """A copy of the code and the sample project; the subprocesses import reportgen from it."""

    root: Path
    version: str  # the commit it was taken from, and whether the tree had uncommitted changes
    label: str = "new"  # "new" (the working tree) or "base" (--base REV)
    cli_entry: str = "reportgen.cli.commands:main"  # this revision's `reportgen` console script

    @property
    def env(self) -> dict[str, str]:
        # PYTHONPATH comes before site-packages and the editable install's path, so this copy wins.
        return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(self.root)}

    @property
    def package(self) -> Path:
        return self.root / "reportgen"

    @property
    def cli(self) -> list[str]:
        """`reportgen` as this revision's own entry point, not the venv's console script (the new layout's)."""
        load = f"EntryPoint('reportgen', {self.cli_entry!r}, 'console_scripts').load()"
        return [sys.executable, "-c", f"import sys; from importlib.metadata import EntryPoint; sys.exit({load}())"]


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it: the numbers belong to that code."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--", "reportgen", "site_templates")
    return commit + (" plus uncommitted changes to reportgen/ or site_templates/" if dirty else "")


def _entry_points_text(project: dict) -> str:
    groups = {"console_scripts": project.get("scripts", {}), **project.get("entry-points", {})}
    lines = []
    for group, entries in groups.items():
        lines += [f"[{group}]", *(f"{name} = {value}" for name, value in entries.items()), ""]
    return "\n".join(lines)


INSTALLED_NAME = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "name"
]


def write_dist_info(root: Path) -> str:
    """The snapshot's own metadata, from its pyproject.toml; returns its `reportgen` console script."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # Named as the venv's editable install is (the project's name today, reportgen-site), whatever the
    # snapshot's own pyproject called it: importlib.metadata then sees one distribution, the snapshot's
    # (first on the path), and MkDocs loads that revision's plugin, never the installed one.
    name = INSTALLED_NAME
    info = root / f"{name.replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {project['version']}\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(_entry_points_text(project), encoding="utf-8")
    return project["scripts"]["reportgen"]


def _finish(root: Path, version: str, label: str) -> Snapshot:
    # Each build's own peak memory, written at exit (Linux): see run.mkdocs_build.
    (root / "sitecustomize.py").write_text(PEAK_RECORDER, encoding="utf-8")
    cli_entry = write_dist_info(root)
    # Bytecode up front, as an installed package has it: with PYTHONDONTWRITEBYTECODE set, every
    # build would otherwise compile reportgen from source, a cost plain MkDocs never pays.
    if not compileall.compile_dir(root / "reportgen", quiet=1):
        raise RuntimeError(f"reportgen does not compile; the snapshot in {root} caught it mid-edit?")
    return Snapshot(root, version, label, cli_entry)


def take_snapshot(work: Path) -> Snapshot:
    """A copy of the working tree's code and sample project."""
    root = work / "code"
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    return _finish(root, code_version(), "new")


def take_revision(work: Path, revision: str) -> Snapshot:
    """The same files as committed in `revision`, with `git archive` (the working tree is not read)."""
    commit = _git("rev-parse", "--short", "--verify", f"{revision}^{{commit}}")
    if not commit:
        raise SystemExit(f"--base {revision}: not a commit in {REPO}")
    archive = subprocess.run(["git", "archive", commit, *SNAPSHOT], cwd=REPO, capture_output=True)
    if archive.returncode != 0:
        raise SystemExit(f"git archive {commit} failed: {archive.stderr.decode(errors='replace')}")
    root = work / "base-code"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(root, filter="data")
    subject = _git("log", "-1", "--format=%s", commit)
    return _finish(root, f"{commit} ({subject[:60]})", "base")

"""`reportgen site`: site/ is never half-built, two builds never race, and a failed write is one line.

The build goes into a folder beside site/ and is swapped in whole; a lock beside site/ lets one
build run at a time. A full disk, a read-only folder or a file in the way is one `error:` line and
exit status 1 from every command that writes, and from the plugin: never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import mkdocs.utils
import pytest

from reportgen.emit import site_swap, standalone

from .conftest import BIN, copy_project
from .helpers import invoke

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REPORTGEN_CHART_WORKERS": "0", "SOURCE_DATE_EPOCH": "1700000000"}
# `reportgen site` with every page MkDocs writes slowed down, so that a test can act mid-build.
SLOW_SITE = """
import sys, time
import mkdocs.utils
write = mkdocs.utils.write_file
def slow_write(content, path):
    write(content, path)
    time.sleep(0.1)
mkdocs.utils.write_file = slow_write
from reportgen.cli.commands import main
main(["site", *sys.argv[1:]], prog_name="reportgen")
"""


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _hidden(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith("."))


def _errors(stderr: str) -> list[str]:
    """What reportgen said, leaving out MkDocs's log lines (progress, and the page it was writing when it failed)."""
    return [line for line in stderr.splitlines() if line.strip() and not re.match(r"(INFO|ERROR) +-  ", line)]


@pytest.fixture(scope="module")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One chart and page cache for this module's builds: after the first, none draws a chart."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture
def project(tmp_path: Path, chart_cache: Path) -> Path:
    """A copy of the sample project that uses the module's cache."""
    folder = copy_project(tmp_path / "project")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    setting = "      templates_dir: site_templates\n"
    config.write_text(text.replace(setting, f"{setting}      cache_dir: {chart_cache}\n"), encoding="utf-8")
    return folder


@pytest.fixture
def built(project: Path) -> None:
    """The project's site, built by `reportgen site`."""
    result = _site(project)
    assert result.returncode == 0, result.stderr


def _site(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "reportgen"), "site", *args], cwd=project, env=ENV, capture_output=True, text=True, timeout=300
    )


def _slow_site(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_SITE],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Any, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert process.poll() is None, f"the build ended first: {process.communicate()}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _building(project: Path) -> list[Path]:
    return sorted(project.glob(".site.building-*"))


def _pages_written(project: Path) -> bool:
    return any(any(folder.rglob("*.html")) for folder in _building(project))


@pytest.mark.usefixtures("built")
def test_a_build_killed_half_way_leaves_the_old_site_and_the_next_build_cleans_up(project: Path) -> None:
    before = _digest(project / "site")
    (project / "docs" / "extra.md").write_text("# Extra\n\nA page the old site does not have.\n", encoding="utf-8")
    build = _slow_site(project)
    _wait_for(lambda: _pages_written(project), build)
    build.kill()  # SIGKILL: no clean-up runs
    build.communicate(timeout=30)

    assert _digest(project / "site") == before
    assert len(_building(project)) == 1  # all it leaves: its own unfinished folder

    rebuilt = _site(project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (project / "site" / "extra" / "index.html").is_file()
    assert _hidden(project) == [".site.lock"]


@pytest.mark.usefixtures("built")
def test_a_second_build_while_one_runs_stops_with_one_line_and_the_first_completes(
    project: Path, tmp_path: Path
) -> None:
    before = _digest(project / "site")
    (project / "docs" / "extra.md").write_text("# Extra\n\nA page the old site does not have.\n", encoding="utf-8")
    first = _slow_site(project)
    _wait_for(lambda: bool(_building(project)), first)

    second = _site(project)
    site = (project / "site").resolve()
    assert second.returncode == 1
    assert second.stderr.splitlines() == [
        f"error: another build of {site} is running (pid {first.pid}); wait for it or stop it"
    ]
    assert "Traceback" not in second.stderr
    assert _digest(project / "site") == before  # the first is still building beside it

    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    reference = _site(project, "--site-dir", str(tmp_path / "reference"))
    assert reference.returncode == 0, reference.stderr
    assert _digest(project / "site") == _digest(tmp_path / "reference")  # complete: as a build on its own
    assert not _building(project)


@pytest.mark.usefixtures("built")
def test_a_full_disk_is_one_line_and_leaves_the_old_site(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = _digest(project / "site")
    written: list[str] = []
    real_write = mkdocs.utils.write_file

    def fill_the_disk(content: bytes, path: str) -> None:
        written.append(path)
        if len(written) < 5:
            real_write(content, path)
            return
        real_write(content[: len(content) // 2], path)  # a full disk: the file is cut short, and write() fails
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(mkdocs.utils, "write_file", fill_the_disk)
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "0")
    monkeypatch.chdir(project)
    result = invoke("site")

    site = re.escape(str((project / "site").resolve()))
    assert result.exit_code == 1
    [line] = _errors(result.stderr)
    assert re.fullmatch(
        rf"error: cannot write {site}: No space left on device \(.+ free on /.*\); {site} is left as it was", line
    )
    assert _digest(project / "site") == before
    assert not _building(project)


@pytest.mark.usefixtures("built")
def test_a_real_full_disk_is_one_line_and_leaves_the_old_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a small tmpfs, mounted in a namespace of the test's own: the old site fits, two do not.
    Where no namespace can be made, the disk is filled by the fake above instead (never skipped)."""
    if not _namespaces():
        test_a_full_disk_is_one_line_and_leaves_the_old_site(project, monkeypatch, tmp_path)
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    site = disk / "site"
    pages = 4096  # tmpfs gives each file and folder whole pages
    room = sum(-(-p.stat().st_size // pages) * pages if p.is_file() else pages for p in (project / "site").rglob("*"))
    reportgen = [str(BIN / "reportgen"), "site", "--site-dir", str(site)]
    digest = [sys.executable, "-c", DIGEST, str(site)]
    results = _in_namespace(
        [["mount", "-t", "tmpfs", "-o", f"size={room * 3 // 2}", "tmpfs", str(disk)]],
        [reportgen, digest, reportgen, digest],
        project,
    )
    (first, _, first_stderr), (_, before, _), (code, _, stderr), (_, after, _) = results
    assert first == 0, first_stderr
    assert code == 1
    [line] = _errors(stderr)
    where = re.escape(str(site))
    assert re.fullmatch(
        rf"error: cannot write {where}/\S+: No space left on device \(.+ free on {re.escape(str(disk))}\); "
        rf"{where} is left as it was",
        line,
    ), line
    assert json.loads(after) == json.loads(before) != {}


def test_a_read_only_project_builds_elsewhere_and_says_so_in_one_line_otherwise(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project as a read-only mount (or, for a user who is not root, a folder without write
    permission; for root without namespaces, a file system that refuses writes under the project)."""
    elsewhere = tmp_path / "elsewhere" / "site"
    commands = [[str(BIN / "reportgen"), "site"], [str(BIN / "reportgen"), "site", "--site-dir", str(elsewhere)]]
    if os.geteuid() == 0 and not _namespaces():
        results = _read_only_faked(project, elsewhere, monkeypatch)
        reason = "Read-only file system"
    elif os.geteuid() != 0:
        project.chmod(0o555)
        try:
            results = [_run(command, project) for command in commands]
        finally:
            project.chmod(0o755)
        reason = "Permission denied"
    else:
        bind = [["mount", "--bind", str(project), str(project)], ["mount", "-o", "remount,bind,ro", str(project)]]
        results = _in_namespace(bind, commands, project)
        reason = "Read-only file system"
    (code, _, stderr), (elsewhere_code, _, elsewhere_stderr) = results
    assert code == 1
    assert _errors(stderr) == [f"error: cannot write {project.resolve()}/.site.lock: {reason}"]
    assert elsewhere_code == 0, elsewhere_stderr
    assert (elsewhere / "2023" / "projects" / "index.html").is_file()
    assert not (project / "site").exists()


def _run(command: list[str], cwd: Path) -> tuple[int, str, str]:
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)
    return result.returncode, result.stdout, result.stderr


DIGEST = """
import hashlib, json, sys
from pathlib import Path
folder = Path(sys.argv[1])
print(json.dumps({str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}))
"""
# Runs in a user and mount namespace of its own: the mounts, then the commands; prints their results.
IN_NAMESPACE = """
import json, subprocess, sys
mounts, commands = json.loads(sys.argv[1])
for mount in mounts:
    subprocess.run(mount, check=True)
results = [subprocess.run(command, capture_output=True, text=True) for command in commands]
print(json.dumps([[r.returncode, r.stdout, r.stderr] for r in results]))
"""


def _namespaces() -> bool:
    """Whether this user may make a user and mount namespace of its own (unshare -rm)."""
    return (
        shutil.which("unshare") is not None
        and not subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    )


def _read_only_faked(project: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str, str]]:
    """`reportgen site` in this process, where creating a file under the project fails as on a read-only mount."""
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(path).resolve().is_relative_to(project.resolve()):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.chdir(project)
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "0")
    with monkeypatch.context() as patched:
        patched.setattr(os, "open", read_only)
        stopped = invoke("site")
    built = invoke("site", "--site-dir", str(elsewhere))
    return [(stopped.exit_code, stopped.stdout, stopped.stderr), (built.exit_code, built.stdout, built.stderr)]


def _in_namespace(mounts: list[list[str]], commands: list[list[str]], cwd: Path) -> list[tuple[int, str, str]]:
    """`commands`' results after `mounts`, in a namespace where this user may mount (see _namespaces)."""
    runner = ["unshare", "-rm", sys.executable, "-c", IN_NAMESPACE, json.dumps([mounts, commands])]
    done = subprocess.run(runner, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return [tuple(result) for result in json.loads(done.stdout)]  # type: ignore[misc]


@pytest.mark.parametrize("command", ["site", "build", "export", "pdf"])
def test_output_under_a_file_is_one_line_from_every_command(
    project: Path, tmp_path: Path, chart_cache: Path, command: str
) -> None:
    """A path under a regular file cannot be made, by root too (chmod stops no root)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    target = str(blocker / "out")
    args = {
        "site": ["site", "--site-dir", target],
        "build": ["build", "--out", target, "--cache", str(chart_cache)],
        "export": ["export", "--out", target],
        "pdf": ["pdf", "2023", "--out", str(blocker / "report.pdf")],
    }[command]

    result = _run([str(BIN / "reportgen"), *args], project)

    assert result[0] == 1
    # Besides the sample's one content warning, which `build` and `export` list first:
    said = [line for line in _errors(result[2]) if "average_weeks" not in line and "1 warning(s)" not in line]
    assert said == [f"error: cannot write {blocker}: it is a file, not a folder"]
    assert "Traceback" not in result[1] + result[2]


def test_build_and_export_on_a_full_disk_are_one_line(
    project: Path, chart_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "0")
    monkeypatch.chdir(project)
    real_write = Path.write_bytes

    def fill_the_disk(self: Path, data: Any) -> int:
        if ".out.new-" in str(self):  # the tree `build --out` writes
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_the_disk)
    built = invoke("build", "--out", "out", "--cache", str(chart_cache))
    assert built.exit_code == 1
    assert built.stderr.splitlines()[-1].startswith("error: cannot write out: No space left on device (")
    assert not (project / "out").exists()
    monkeypatch.undo()

    def full(path: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(standalone, "atomic_write", full)
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "0")
    monkeypatch.chdir(project)
    exported = invoke("export", "--out", "standalone")
    assert exported.exit_code == 1
    assert exported.stderr.splitlines()[-1].startswith("error: cannot write standalone: No space left on device (")


def test_the_plugin_reports_a_chart_it_cannot_write_in_one_line(tmp_path: Path) -> None:
    """`mkdocs build` as before: a cold build writes its charts after MkDocs's pages, and a file of
    docs/ stands where their folder goes. MkDocs prints the plugin's one line, no traceback."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "2023").mkdir(parents=True)
    (project / "docs" / "2023" / "charts").write_text("a file where the charts' folder goes\n", encoding="utf-8")

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REPORTGEN_CHART_WORKERS": "1"}  # drawn beside the pages
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )

    charts = project / "site" / "2023" / "charts"
    assert result.returncode == 1
    assert f"ERROR   -  reportgen: cannot write {charts}: it is a file, not a folder" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("built")
def test_hidden_entries_of_the_site_are_kept_as_mkdocs_build_keeps_them(project: Path) -> None:
    """A pages checkout in site/ (site/.git) survives a build, as `mkdocs build` leaves it."""
    (project / "site" / ".git").mkdir()
    (project / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (project / "site" / ".nojekyll").write_text("", encoding="utf-8")
    (project / "site" / "stale.html").write_text("from an older build\n", encoding="utf-8")

    result = _site(project)

    assert result.returncode == 0, result.stderr
    assert (project / "site" / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (project / "site" / ".nojekyll").is_file()
    assert not (project / "site" / "stale.html").exists()


@pytest.mark.usefixtures("built")
def test_without_an_atomic_exchange_two_renames_swap_and_a_build_stopped_between_them_is_undone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2 is missing: site/ is renamed aside, the new one renamed in. A build stopped
    between the two leaves no site/; the next build puts the old one back before it starts."""
    monkeypatch.setattr(site_swap, "_renameat2", lambda: None)
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "0")
    monkeypatch.chdir(project)
    (project / "docs" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    assert invoke("site").exit_code == 0
    assert (project / "site" / "extra" / "index.html").is_file()
    assert _hidden(project) == [".site.lock"]

    before = _digest(project / "site")
    aside = project / ".site.old-stopped"
    aside.mkdir()
    (project / "site").rename(aside / "site")  # as if stopped between the renames
    (project / "content" / "site.yaml").write_text("teem: A\n", encoding="utf-8")  # and the next build fails
    failed = invoke("site")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[-1] == (
        f"error: the build stopped (Aborted with a BuildError); {(project / 'site').resolve()} is left as it was"
    )
    assert _digest(project / "site") == before
    assert _hidden(project) == [".site.lock"]

"""No process outlives the build: a build stopped while its chart pool works leaves nothing running.

A real `reportgen build` (and once `mkdocs build`, whose plugin draws while MkDocs renders the
pages) runs in a session of its own, on facts with enough charts that its two drawing workers are
busy for a while. It is stopped as a user or a process manager would stop it:
SIGINT (to the build alone, and to its whole process group, as Ctrl-C in a terminal does),
SIGTERM, or SIGKILL, which no `finally` or `atexit` survives; mid-chart (once a worker has spent
a tenth of a second drawing), and also before any worker exists, while the fork server starts or
loads matplotlib. Two seconds later no process of that session may still run: neither the build,
nor its fork server, its workers or multiprocessing's resource tracker.

Linux only: the processes are found in /proc.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import BIN, REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads processes from /proc")

YEARS, PROJECTS = 12, 20  # 36 charts: each of two workers draws for about a second
DRAWING = 0.1  # seconds of CPU a worker has spent: it is drawing (starting one costs a few ms)
LOADING = 0.1  # seconds of CPU the fork server has spent: it is loading matplotlib (about half a second)
GRACE = 2.0  # seconds after the signal by which nothing of the build may run
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _write_facts(content: Path) -> None:
    """YEARS years of PROJECTS projects each, every year's charts different from the others'."""
    content.mkdir()
    (content / "site.yaml").write_text("team: 플랫폼팀\n", encoding="utf-8")
    for year in range(2000, 2000 + YEARS):
        folder = content / str(year)
        folder.mkdir()
        (folder / "report.yaml").write_text(f"year: {year}\ntitle: {year} 성과\n", encoding="utf-8")
        lines = ["projects:"]
        for i in range(PROJECTS):
            lines += [
                f"  - id: p{year}-{i}",  # each year its own projects: one id in two years is one project
                f"    name: 프로젝트 {year}-{i}",
                f"    start: {year}-{1 + i % 6:02d}-0{1 + i % 7}",
                f"    end: {year}-{7 + i % 6:02d}-2{i % 8}",
                "    status: completed",
                f"    delivery: {'delayed' if i % 3 == 0 else 'on_time'}",
            ]
        (folder / "projects.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    state: str
    cpu: float  # seconds, user and system
    command: str


def _session(sid: int) -> list[Proc]:
    """The live processes of session `sid` (zombies are dead: only their exit status is left)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            command = Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        # The command name, in parentheses, may hold spaces: the fields that follow it are split.
        fields = stat[stat.rindex(")") + 2 :].split()
        state, ppid, session = fields[0], int(fields[1]), int(fields[3])
        if session == sid and state not in ("Z", "X"):
            cpu = (int(fields[11]) + int(fields[12])) / TICK
            found.append(Proc(int(entry.name), ppid, state, cpu, command.strip()[:160]))
    return found


def _workers(build: int, procs: list[Proc]) -> list[Proc]:
    """The build's grandchildren: the fork server's children, the workers (and the pool's probe of it)."""
    children = {p.pid for p in procs if p.ppid == build}
    return [p for p in procs if p.ppid in children]


def _start_build(tmp_path: Path, tool: str) -> subprocess.Popen[bytes]:
    """`reportgen build`, or `mkdocs build` with the plugin (which draws while MkDocs renders the pages)."""
    _write_facts(tmp_path / "content")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "REPORTGEN_CHART_WORKERS": "2",
        "NO_MKDOCS_2_WARNING": "1",
    }
    if tool == "mkdocs":
        shutil.copytree(REPO / "docs", tmp_path / "docs")
        shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
        command = [str(BIN / "mkdocs"), "build"]
    else:
        command = [sys.executable, "-c", "from reportgen.cli.commands import main; main()"]
        command += ["build", "--out", "out", "--content", "content", "--cache", "cache"]  # a fresh cache: all drawn
    with (tmp_path / "stderr").open("wb") as stderr:
        return subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )


def _drawing(build: int, procs: list[Proc]) -> bool:
    return any(w.cpu >= DRAWING for w in _workers(build, procs))


def _fork_server(build: int, procs: list[Proc]) -> Proc | None:
    return next((p for p in procs if p.ppid == build and "multiprocessing.forkserver" in p.command), None)


def _starting(build: int, procs: list[Proc]) -> bool:
    """The fork server has just started: Python itself is starting, reportgen's preload not yet."""
    return _fork_server(build, procs) is not None and not _workers(build, procs)


def _loading(build: int, procs: list[Proc]) -> bool:
    """The fork server is loading matplotlib (its start costs far less CPU), and no worker exists yet."""
    server = _fork_server(build, procs)
    return server is not None and server.cpu >= LOADING and not _workers(build, procs)


MOMENTS = {"mid-chart": _drawing, "starting": _starting, "loading": _loading}


def _wait_for(moment: str, build: subprocess.Popen[bytes]) -> list[Proc]:
    deadline = time.monotonic() + 60  # the fork server loads matplotlib first: slow on a busy machine
    while time.monotonic() < deadline:
        procs = _session(build.pid)
        if MOMENTS[moment](build.pid, procs):
            return procs
        assert build.poll() is None, f"the build ended before the moment {moment!r}: give it more charts"
        time.sleep(0.005)
    pytest.fail(f"no moment {moment!r} within 60 s")


STOPS = {
    "SIGINT": (signal.SIGINT, False),
    "SIGINT-to-group": (signal.SIGINT, True),  # Ctrl-C in a terminal: every process of the group gets it
    "SIGTERM": (signal.SIGTERM, False),
    "SIGKILL": (signal.SIGKILL, False),
}
CASES = [("reportgen", "mid-chart", stop) for stop in STOPS]
CASES += [("reportgen", moment, stop) for moment, stop in [("starting", "SIGKILL"), ("starting", "SIGINT-to-group")]]
CASES += [("reportgen", "loading", "SIGKILL"), ("mkdocs", "mid-chart", "SIGINT-to-group")]


@pytest.mark.parametrize(("tool", "moment", "stop"), CASES, ids=["-".join(case) for case in CASES])
def test_nothing_of_a_stopped_build_runs_two_seconds_later(tmp_path: Path, tool: str, moment: str, stop: str) -> None:
    sig, to_group = STOPS[stop]
    build = _start_build(tmp_path, tool)
    try:
        running = _wait_for(moment, build)
        (os.killpg if to_group else os.kill)(build.pid, sig)
        stopped = time.monotonic()
        left = _session(build.pid)
        while left and time.monotonic() < stopped + GRACE:
            time.sleep(0.02)
            left = _session(build.pid)
        assert left == [], f"still running {GRACE} s after {stop} (of {[p.pid for p in running]}):\n" + (
            "\n".join(f"{p.pid} (parent {p.ppid}, {p.state}): {p.command}" for p in left)
        )
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(build.pid, signal.SIGKILL)  # whatever a failed test left, so the next tests run alone
        build.wait()
    if sig != signal.SIGKILL:
        # Stopped as it may be stopped, the build says nothing alarming: no traceback from it or its processes.
        said = (tmp_path / "stderr").read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in said, said

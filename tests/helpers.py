"""Assertions the bad-input and hostile-input tests share."""

from __future__ import annotations

import socket
import subprocess
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli.commands import main
from reportgen.load.problems import Problem

from .conftest import BIN

# The year's section headings, in report order, as the site shows them.
SECTION_HEADINGS = [
    "프로젝트",
    "기술 성과",
    "인프라 & DevOps",
    "시스템 안정성",
    "팀 운영",
    "서비스 & 성능 테스트",
    "2024 KPI 목표",
    "비즈니스 임팩트",
]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "expected exactly one problem, got:\n" + "\n".join(p.for_people() for p in problems)
    return problems[0]


def at(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.col


def invoke(*args: str) -> Result:
    """Run the reportgen CLI; fail with the traceback if it crashed instead of exiting."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc_info = result.exc_info
        crash = "".join(traceback.format_exception(*exc_info, limit=-6)) if exc_info else repr(result.exception)
        pytest.fail(f"reportgen {' '.join(args)} crashed (a user would see a Traceback):\n{crash}")
    return result


def free_port() -> int:
    """A loopback port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mkdocs_serve(project: Path) -> Iterator[str]:
    """A real `mkdocs serve` of `project` on a free port, logging to serve.log; yields its root URL."""
    port = free_port()
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=log,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN)},
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

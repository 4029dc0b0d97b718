"""`reportgen serve` and `mkdocs serve` on a taken port: one line that names a free port, said before
the first build, never a traceback; on a free port, `reportgen serve` previews the site."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.mkdocs.serve_port import free_port_after, port_taken

from .conftest import copy_project
from .helpers import free_port

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # PYTHONPATH kept: this checkout's reportgen


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def taken() -> Iterator[int]:
    """A loopback port another server listens on."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield int(listener.getsockname()[1])


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=project, env=ENV, capture_output=True, text=True, timeout=120
    )


def test_the_port_check_sees_a_listener(taken: int) -> None:
    assert port_taken("127.0.0.1", taken)
    free = free_port_after("127.0.0.1", taken)
    assert free is not None and free > taken and not port_taken("127.0.0.1", free)


def test_reportgen_serve_on_a_taken_port_names_a_free_one(project: Path, taken: int) -> None:
    started = time.monotonic()
    result = _run(project, "reportgen", "serve", "--port", str(taken))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    match = re.fullmatch(
        rf"error: port {taken} on 127\.0\.0\.1 is taken \(another server listens there\); "
        r"try reportgen serve --port (\d+)",
        line,
    )
    assert match, line
    assert not port_taken("127.0.0.1", int(match[1]))
    assert time.monotonic() - started < 30  # said at once: nothing was built


def test_mkdocs_serve_on_a_taken_port_is_one_line_before_the_first_build(project: Path, taken: int) -> None:
    result = _run(project, "mkdocs", "serve", "-a", f"127.0.0.1:{taken}")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "OSError" not in output
    assert f"Error: port {taken} on 127.0.0.1 is taken (another server listens there); try mkdocs serve -a" in output
    assert "Documentation built" not in output


def test_reportgen_serve_previews_the_site(project: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "serve", "--port", str(port)],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 120
        while not page and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2023/", timeout=10) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert "2023년 개요" in page
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert f"Serving on http://127.0.0.1:{port}/" in stderr
    assert "Traceback" not in stderr

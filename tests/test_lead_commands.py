"""The README's commands for team leads, run as written in a project `reportgen init` made: no
Makefile, only reportgen on the PATH, a git repository whose default branch is not called main."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from .conftest import BIN, REPO
from .helpers import free_port

ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def lead_commands() -> list[str]:
    """The shell block under "For team leads", its comments cut."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For team leads", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line.split("  #")[0].strip() for line in block[1].splitlines() if line.strip()]


def _run(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command.split(), cwd=project, env=ENV, capture_output=True, text=True, timeout=600)


def _serves(project: Path, command: str) -> None:
    port = free_port()  # not the README's 8001, which may be taken here
    args = [a for a in command.split() if a != "8001"]
    args[args.index("--port") + 1 : args.index("--port") + 1] = [str(port)]
    server = subprocess.Popen(args, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    body = ""
    try:
        deadline = time.monotonic() + 120
        while "2024" not in body and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2024/", timeout=10) as response:
                    body = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C, as a lead stops it
        _, stderr = server.communicate(timeout=30)
    assert "Platform SRE — 2024" in body or "2024" in body, stderr
    assert "Traceback" not in stderr


def test_the_lead_commands_work_in_an_init_project(tmp_path: Path) -> None:
    commands = lead_commands()
    assert [c.split()[:2] for c in commands] == [
        ["git", "switch"],
        ["reportgen", "new-year"],
        ["reportgen", "validate"],
        ["reportgen", "serve"],
        ["reportgen", "diff"],
    ]
    project = tmp_path / "platform-sre"
    project.mkdir()
    assert _run(project, "git init -q -b trunk").returncode == 0
    init = _run(project, "reportgen init --language en --team Platform --year 2023")
    assert init.returncode == 0, init.stderr
    assert not (project / "Makefile").exists()
    assert _run(project, "git add -A").returncode == 0
    assert _run(project, "git commit -q -m start").returncode == 0
    ran = []
    for command in commands:
        if command.startswith("reportgen serve"):
            _serves(project, command)
            continue
        result = _run(project, command)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert "Traceback" not in result.stderr
        ran.append((command, result))
    diff = ran[-1][1]
    # Compared with the repository's own first branch (trunk here), never a hard-coded main.
    assert diff.stdout.startswith("- Base: git revision trunk") or "Base: git revision trunk" in diff.stdout
    assert (project / "content" / "2024" / "report.yaml").is_file()

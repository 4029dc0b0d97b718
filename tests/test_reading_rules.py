"""Content is read only from regular files inside the content folder (issue 19's reading rules).

A pull request can change only files under content/: a link from there to /etc/passwd or
/dev/zero, a FIFO where a YAML file should be, or a file under a year's folder that MkDocs would
copy into the site. Each is refused or left out, with a located problem and no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .conftest import BIN, REPO

EXAMPLE = REPO / "examples" / "sre-team"
SECRET = "reportgen-secret-7f3a"


def _project(tmp_path: Path) -> Path:
    """A copy of the example team, whose mkdocs.yml has docs_dir: content (as init writes it)."""
    project = tmp_path / "team"
    shutil.copytree(EXAMPLE, project)
    return project


def _validate(content: Path) -> tuple[list[dict[str, object]], str]:
    # A subprocess with a time limit: a FIFO read would hang the command, not fail it.
    result = subprocess.run(
        [str(BIN / "reportgen"), "validate", "--format", "json", str(content)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=content.parent,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["problems"], result.stdout + result.stderr


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"year: 2023\ntitle: {SECRET}\n", encoding="utf-8")
    return outside


def test_a_link_to_a_file_outside_the_content_folder_is_refused_unread(tmp_path: Path) -> None:
    project = _project(tmp_path)
    report = project / "content" / "2023" / "report.yaml"
    report.unlink()
    report.symlink_to(_outside(tmp_path) / "secret.yaml")
    problems, output = _validate(project / "content")
    found = [p for p in problems if p["file"] == "content/2023/report.yaml"]
    assert [(p["line"], p["column"], p["code"]) for p in found] == [(1, 1, "outside-content")]
    assert SECRET not in output  # not a word of the file it links to


def test_a_fifo_or_a_device_in_place_of_a_yaml_file_is_refused_without_reading(tmp_path: Path) -> None:
    project = _project(tmp_path)
    year = project / "content" / "2023"
    (year / "projects.yaml").unlink()
    os.mkfifo(year / "projects.yaml")  # opening it to read would wait for a writer forever
    (year / "slos.yaml").unlink()
    (year / "slos.yaml").symlink_to("/dev/zero")  # reading it would never end
    problems, _ = _validate(project / "content")
    codes = {(p["file"], p["code"]) for p in problems}
    assert ("content/2023/projects.yaml", "not-a-file") in codes
    assert ("content/2023/slos.yaml", "outside-content") in codes


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    project = _project(tmp_path)
    big = project / "content" / "2023" / "projects.yaml"
    with big.open("r+b") as file:
        file.truncate(3 * 1024 * 1024)  # a sparse 3 MiB: its size is known without reading it
    problems, _ = _validate(project / "content")
    found = [p for p in problems if p["file"] == "content/2023/projects.yaml"]
    assert [(p["code"], p["message"]) for p in found] == [
        ("file-too-large", f"file is {3 * 1024 * 1024} bytes, over the 1048576-byte limit")
    ]


def test_a_year_folder_that_links_outside_is_refused_and_not_listed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "content" / "2025").symlink_to(_outside(tmp_path), target_is_directory=True)
    problems, output = _validate(project / "content")
    found = [p for p in problems if p["file"] == "content/2025"]
    assert [p["code"] for p in found] == ["outside-content"]
    assert "secret" not in output  # the names of its files are not listed either


def test_no_file_of_the_content_folder_reaches_the_site_or_the_export(tmp_path: Path) -> None:
    """With docs_dir: content, MkDocs would copy any file under a year's folder into the site:
    a link to /proc/self/environ would publish the build's environment."""
    project = _project(tmp_path)
    sub = project / "content" / "2023" / "sub"
    sub.mkdir()
    (sub / "env.txt").symlink_to(_outside(tmp_path) / "secret.yaml")
    (sub / "notes.txt").write_text(SECRET, encoding="utf-8")
    os.mkfifo(sub / "pipe")  # the tree cache's digest must not wait on it either
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"], cwd=project, capture_output=True, text=True, timeout=300, env=env
    )
    assert built.returncode == 0, built.stderr
    published = [p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*") if p.is_file()]
    assert [p for p in published if "sub/" in p] == []
    assert not any(SECRET in p.read_text(encoding="utf-8", errors="replace") for p in (project / "site").rglob("*.*"))
    exported = subprocess.run(
        [str(BIN / "reportgen"), "export", "--out", str(tmp_path / "export")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    assert not (tmp_path / "export" / "docs" / "2023" / "sub").exists()

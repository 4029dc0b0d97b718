"""`reportgen diff` is never fooled (issue 19): BASE and HEAD are git revisions, whatever folders the
pull request adds; folders are compared only with --base-dir/--head-dir, and the output says which."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli.commands import main
from reportgen.model.markdown_text import escape_markdown

from .conftest import REPO

SRE_TEAM = REPO / "examples" / "sre-team"
INCIDENTS = Path("content") / "2024" / "incidents.yaml"
MTTR_CHANGED = "  2024  MTTR: 1 h → 1.5 h  [2024/incidents/]"  # the first incident resolved an hour later on the branch
RESOLVED = "Incidents › Queue backlog after a deploy › Resolved: 2024-02-10 15:30 → 2024-02-10 16:30"


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A repository whose main branch holds the SRE team's site, checked out on a branch that
    changes a figure and adds copies of its own content named like the base SHA and "main": the
    folders a hostile pull request would add so that the diff compares the branch with itself."""
    repo = tmp_path / "repo"
    shutil.copytree(SRE_TEAM, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "sre team")
    sha = _git(repo, "rev-parse", "HEAD")
    _git(repo, "switch", "-q", "-c", "feature")
    incidents = repo / INCIDENTS
    text = incidents.read_text(encoding="utf-8")
    incidents.write_text(text.replace("resolved: 2024-02-10 15:30:00", "resolved: 2024-02-10 16:30:00"), "utf-8")
    for name in (sha, "main"):
        shutil.copytree(repo / "content", repo / name)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "a figure changed, and decoys")
    monkeypatch.chdir(repo)
    return repo, sha


def _diff(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


def _one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_a_folder_named_like_the_base_sha_does_not_stand_in_for_the_revision(repo: tuple[Path, str]) -> None:
    _, sha = repo
    result = _diff(sha)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"Base: git revision {sha} ({sha[:7]})", "Head: folder content", ""]
    assert MTTR_CHANGED in lines


def test_a_folder_named_main_does_not_stand_in_for_the_branch(repo: tuple[Path, str]) -> None:
    _, sha = repo
    result = _diff("--format", "markdown", "main")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"- Base: git revision main ({sha[:7]})", "- Head: folder content", ""]
    assert "| 2024 | MTTR | 1 h | 1.5 h | `2024/incidents/` |" in lines
    assert f"- 2024: {RESOLVED}" in lines


def test_head_is_a_revision_too(repo: tuple[Path, str]) -> None:
    repo_dir, sha = repo
    (repo_dir / INCIDENTS).write_text("records: []\n", encoding="utf-8")  # the working tree is not HEAD
    result = _diff("main", "feature")
    assert result.exit_code == 0, result.output
    head = _git(repo_dir, "rev-parse", "feature")
    assert result.stdout.splitlines()[:2] == [
        f"Base: git revision main ({sha[:7]})",
        f"Head: git revision feature ({head[:7]})",
    ]
    # Neither side is read from a folder, so neither has mkdocs.yml's language: the change is the point.
    lines = result.stdout.splitlines()
    assert lines[lines.index("Facts changed:") :][:3] == ["Facts changed:", f"  2024  {RESOLVED}", ""]


def test_folders_are_compared_when_asked_for_and_the_output_says_so(repo: tuple[Path, str]) -> None:
    _, sha = repo
    result = _diff("--base-dir", sha)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Base: folder {sha}\nHead: folder content\n\nNo figure or fact changed.\n"
    result = _diff("--base-dir", "main", "--head-dir", sha, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["- Base: folder main", f"- Head: folder {sha}", ""]


@pytest.mark.parametrize(
    "args",
    [["main", "--base-dir", "main"], ["main", "feature", "--head-dir", "content"]],
    ids=["base", "head"],
)
def test_a_side_named_both_as_a_revision_and_as_a_folder_is_refused(repo: tuple[Path, str], args: list[str]) -> None:
    assert "both name the" in _one_line_error(_diff(*args))


def test_without_a_base_it_compares_with_the_default_branch(repo: tuple[Path, str]) -> None:
    result = _diff()
    assert result.exit_code == 0, result.output
    sha = _git(repo[0], "rev-parse", "main")
    assert result.stdout.startswith(f"Base: git revision main ({sha[:7]})\n")  # the revision, never the decoy folder
    assert "Figures that changed:" in result.stdout


def test_without_a_base_or_a_default_branch_it_says_what_to_pass(repo: tuple[Path, str]) -> None:
    root = repo[0]
    _git(root, "branch", "-m", "main", "first")
    _git(root, "branch", "second", "first")  # three branches, none main: no default to guess
    line = _one_line_error(_diff())
    assert "reportgen diff main" in line and "--base-dir" in line


@pytest.mark.parametrize(
    "args",
    [["--", "--output={out}"], ["--", "-o{out}"], ["--", "main", "--output={out}"]],
    ids=["base-long", "base-short", "head"],
)
def test_a_revision_that_looks_like_an_option_is_refused_and_writes_nothing(
    repo: tuple[Path, str], tmp_path: Path, args: list[str]
) -> None:
    out = tmp_path / "written.tar"
    line = _one_line_error(_diff(*(a.format(out=out) for a in args)))
    assert "is not a git revision" in line
    assert not out.exists()


def test_an_unknown_revision_is_named_in_one_line(repo: tuple[Path, str]) -> None:
    line = _one_line_error(_diff("no-such-branch"))
    assert "BASE 'no-such-branch' is not a git revision" in line
    assert "--base-dir" not in line  # no folder of that name to suggest


def test_an_unknown_revision_with_a_folder_of_its_name_suggests_the_option(repo: tuple[Path, str]) -> None:
    repo_dir, _ = repo
    shutil.copytree(repo_dir / "content", repo_dir / "last-year")
    line = _one_line_error(_diff("last-year"))
    assert "BASE 'last-year' is not a git revision" in line and "pass --base-dir last-year" in line
    line = _one_line_error(_diff("main", "last-year"))
    assert "HEAD 'last-year' is not a git revision" in line and "pass --head-dir last-year" in line


def test_outside_a_git_repository_a_revision_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(SRE_TEAM, plain)
    shutil.copytree(plain / "content", plain / "main")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(plain)
    line = _one_line_error(_diff("main"))
    assert "not in a git repository" in line and "pass --base-dir main" in line


def test_without_git_a_revision_is_one_line(repo: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo_dir, _ = repo
    monkeypatch.setenv("PATH", str(repo_dir / "no-programs-here"))
    line = _one_line_error(_diff("main"))
    assert "git is not installed" in line


def test_files_outside_the_content_folder_are_listed_as_code_to_review(repo: tuple[Path, str]) -> None:
    """A pull request that also adds files beside the content (here the decoy folders) shows them
    under "Code changed": a reviewer reads those as code, not as facts."""
    root, sha = repo
    lines = _diff("main").stdout.splitlines()
    start = lines.index("Code changed (outside the content folder: review it as code, not as facts):")
    listed = lines[start + 1 :]
    expected = sorted(
        f"{name}/{path.relative_to(root / 'content').as_posix()}"
        for name in (sha, "main")
        for path in (root / "content").rglob("*")
        if path.is_file()
    )
    assert listed == [f"  {name}" for name in expected]
    markdown = _diff("--format", "markdown", "main").stdout.splitlines()
    assert markdown[markdown.index("## Code changed") + 4 :] == [f"- {escape_markdown(name)}" for name in expected]


def test_a_change_to_the_content_alone_lists_no_code(repo: tuple[Path, str]) -> None:
    root, _ = repo
    incidents = root / INCIDENTS
    incidents.write_text(incidents.read_text(encoding="utf-8").replace("16:30:00", "17:30:00"), "utf-8")
    result = _diff("HEAD")
    assert result.exit_code == 0, result.output
    assert "Code changed" not in result.stdout
    assert "Code changed" not in _diff("--base-dir", "main").stdout  # folders have no history to compare

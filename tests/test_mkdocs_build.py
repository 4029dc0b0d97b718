"""The site as MkDocs builds and serves it through the plugin."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import urllib.request
from pathlib import Path

from .conftest import BIN, CONTENT, copy_project, run_mkdocs, visible_text
from .helpers import SECTION_HEADINGS, mkdocs_serve


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_strict_build_succeeds_without_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "Traceback" not in result.stderr


def test_every_generated_page_is_built(built_site: Path) -> None:
    expected = [
        "index.html",
        "2023/index.html",
        "2023/projects/index.html",
        "2023/achievements/index.html",
        "2023/achievements/네이버-프로젝트-system-optimization/index.html",
        "2023/achievements/dna-real-time-streaming-system/index.html",
        "2023/achievements/수자원-공사-performance-optimization/index.html",
        "2023/infrastructure/index.html",
        "2023/reliability/index.html",
        "2023/operations/index.html",
        "2023/services/index.html",
        "2023/kpis/index.html",
        "2023/impact/index.html",
    ]
    for path in expected:
        assert (built_site / path).is_file(), path


def test_interface_is_korean_with_korean_search(built_site: Path) -> None:
    home = _page(built_site, "index.html")
    assert '<html lang="ko"' in home
    assert 'placeholder="검색"' in home
    index = json.loads(_page(built_site, "search/search_index.json"))
    assert index["config"]["lang"] == ["ko", "en"]
    assert any("병목" in doc["text"] for doc in index["docs"])


def test_heading_ids_keep_hangul(built_site: Path) -> None:
    page = _page(built_site, "2023/achievements/네이버-프로젝트-system-optimization/index.html")
    assert 'id="문제"' in page
    assert 'id="결과"' in page


def test_palette_has_light_and_dark_toggle(built_site: Path) -> None:
    home = _page(built_site, "index.html")
    assert 'data-md-color-scheme="default"' in home
    assert 'data-md-color-scheme="slate"' in home


def test_navigation_lists_every_section_in_report_order(built_site: Path) -> None:
    page = _page(built_site, "2023/index.html")
    text = visible_text(page[page.index("md-nav--primary") : page.index("md-sidebar--secondary")])
    order = [*SECTION_HEADINGS[:2], "네이버 프로젝트 — System Optimization", *SECTION_HEADINGS[2:]]
    positions = [text.find(title) for title in order]
    assert -1 not in positions, text
    assert positions == sorted(positions)


def test_hand_written_pages_work_beside_generated_ones(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "docs" / "about.md").write_text("# 팀 소개\n\n손으로 쓴 페이지\n", encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "손으로 쓴 페이지" in _page(project / "site", "about/index.html")
    assert "팀 소개" in visible_text(_page(project / "site", "index.html"))  # listed in the navigation


def test_generated_pages_are_never_written_into_docs(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    before = sorted(p.name for p in (project / "docs").rglob("*"))
    assert run_mkdocs(project, "build").returncode == 0
    assert sorted(p.name for p in (project / "docs").rglob("*")) == before


def test_bad_content_fails_the_build_with_located_problems(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    projects = project / "content" / "2023" / "projects.yaml"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("    name: Aloha\n", "    nmae: Aloha\n"), encoding="utf-8"
    )
    (project / "content" / "site.yaml").write_text("team: [a\n", encoding="utf-8")
    result = run_mkdocs(project, "build")
    assert result.returncode == 1
    # 50: two lines below the original 48 since GABIA IDC, above it, says why its delivery is inferred
    assert "content/2023/projects.yaml:50:5: unknown key 'nmae' (did you mean 'name'?)" in result.stderr
    assert "content/site.yaml:2:1: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.as_posix().encode() + p.read_bytes() + str(p.stat().st_mtime_ns).encode())
    return h.hexdigest()


def test_a_build_never_writes_to_the_source_yaml(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    before = _digest(project / "content")
    assert run_mkdocs(project, "build").returncode == 0
    assert _digest(project / "content") == before


def _wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {timeout}s")


def test_serve_regenerates_pages_when_yaml_or_a_template_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with mkdocs_serve(project) as root:
        url = root + "2023/projects/"
        _wait_for(url, "GABIA IDC")
        projects = project / "content" / "2023" / "projects.yaml"
        projects.write_text(projects.read_text(encoding="utf-8").replace("GABIA IDC", "가비아 IDC"), encoding="utf-8")
        _wait_for(url, "가비아 IDC")
        template = project / "site_templates" / "year" / "projects.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\n템플릿이 바뀌었습니다\n", encoding="utf-8")
        _wait_for(url, "템플릿이 바뀌었습니다")


def test_a_team_overrides_one_template_without_touching_python(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    overrides = project / "team_templates" / "year"
    overrides.mkdir(parents=True)
    (overrides / "projects.md.j2").write_text("# 우리 팀의 프로젝트\n\n{{ m.project_count }}개\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("templates_dir: site_templates", "templates_dir: team_templates"),
        encoding="utf-8",
    )
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "우리 팀의 프로젝트" in visible_text(_page(project / "site", "2023/projects/index.html"))
    assert "System Optimization" in visible_text(_page(project / "site", "2023/achievements/index.html"))


def test_cli_build_writes_the_tree_the_plugin_serves(tmp_path: Path, built_site: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [str(BIN / "reportgen"), "build", "--content", str(CONTENT), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Each generated page x.md or x/index.md becomes x/index.html in the built site.
    pages = sorted(
        (p.parent if p.name == "index.md" else p.with_suffix("")).relative_to(out).as_posix() for p in out.rglob("*.md")
    )
    built = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert pages == built
    assert (out / "assets" / "reportgen.css").read_bytes() == (built_site / "assets" / "reportgen.css").read_bytes()

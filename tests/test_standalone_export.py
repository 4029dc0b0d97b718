"""`reportgen export`: a standalone project that builds without the plugin, with the same pages and nav."""

from __future__ import annotations

import html
import os
import posixpath
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from reportgen.emit import standalone
from reportgen.emit.standalone import MANIFEST, Export, _RawLoader

from .conftest import BIN, copy_project, run_mkdocs, visible_text
from .test_browser_hostile import PAYLOAD, _poison

# The sample's navigation as the plugin builds it, page by page (the footer's "next" chain).
NAV_ORDER = [
    "",
    "2023/",
    "2023/projects/",
    "2023/achievements/",
    "2023/achievements/네이버-프로젝트-system-optimization/",
    "2023/achievements/dna-real-time-streaming-system/",
    "2023/achievements/수자원-공사-performance-optimization/",
    "2023/infrastructure/",
    "2023/reliability/",
    "2023/operations/",
    "2023/services/",
    "2023/kpis/",
    "2023/impact/",
    "2023/print/",
]
_NEXT = re.compile(r'<a href="([^"]*)" class="md-footer__link md-footer__link--next"')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def _reportgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "reportgen"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def _nav_order(site: Path) -> list[str]:
    """Page addresses in navigation order, by following each page's "next" link from the home page."""
    order, here = [], ""
    while here not in order:
        order.append(here)
        page = (site / here / "index.html").read_text(encoding="utf-8")
        found = _NEXT.search(page)
        if found is None:
            break
        here = posixpath.normpath(posixpath.join(here, unquote(html.unescape(found[1]))))
        here = "" if here == "." else here.strip("/") + "/"
    return order


def _pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))


def _article_text(site: Path, page: str) -> str:
    found = _ARTICLE.search((site / page / "index.html").read_text(encoding="utf-8"))
    assert found is not None, page
    return visible_text(found[1])


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project exported, with a hand-written page in docs/ too."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "docs" / "guide.md").write_text("# 읽는 법\n\n손으로 쓴 안내 페이지.\n", encoding="utf-8")
    result = _reportgen("export", "--out", "standalone", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project


def test_the_export_has_an_explicit_nav_and_no_plugin(exported: Path) -> None:
    config = yaml.load((exported / "standalone" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_RawLoader)
    assert config["plugins"] == [{"search": {"lang": ["ko", "en"]}}]
    assert config["docs_dir"] == "docs"
    assert config["theme"]["custom_dir"] == "overrides"
    assert config["theme"]["variant"] == "classic"  # Zensical keeps Material's look
    # No edit buttons (Zensical ignores the empty edit_uri); every other feature stays.
    assert config["theme"]["features"] == [
        "navigation.tabs",
        "navigation.indexes",
        "navigation.sections",
        "navigation.top",
        "navigation.footer",
        "search.highlight",
        "search.suggest",
        "toc.follow",
    ]
    assert config["extra_css"] == ["assets/reportgen.css"]
    assert config["nav"] == [
        {"홈": "index.md"},
        {
            "2023년 개요": [  # one name for the overview page everywhere, its year's section too
                {"2023년 개요": "2023/index.md"},
                {"프로젝트": "2023/projects.md"},
                {
                    "기술 성과": [
                        {"기술 성과": "2023/achievements/index.md"},
                        {
                            "네이버 프로젝트 — System Optimization": (
                                "2023/achievements/네이버-프로젝트-system-optimization.md"
                            )
                        },
                        {"DNA+ — Real-time Streaming System": "2023/achievements/dna-real-time-streaming-system.md"},
                        {
                            "수자원 공사 — Performance Optimization": (
                                "2023/achievements/수자원-공사-performance-optimization.md"
                            )
                        },
                    ]
                },
                {"인프라 & DevOps": "2023/infrastructure.md"},
                {"시스템 안정성": "2023/reliability.md"},
                {"팀 운영": "2023/operations.md"},
                {"서비스 & 성능 테스트": "2023/services.md"},
                {"2024 KPI 목표": "2023/kpis.md"},
                {"비즈니스 임팩트": "2023/impact.md"},
                {"인쇄용 보고서": "2023/print.md"},
            ]
        },
        "guide.md",
    ]
    docs = exported / "standalone" / "docs"
    assert (docs / "guide.md").read_text(encoding="utf-8") == "# 읽는 법\n\n손으로 쓴 안내 페이지.\n"
    assert (docs / "2023" / "data.json").is_file() and (docs / "2023" / "projects.csv").is_file()
    assert sorted(p.name for p in (docs / "2023" / "charts").iterdir()) == sorted(
        f"{kind}.{scheme}.svg"
        for kind in ("delivery", "durations", "timeline")  # the 2024 KPI targets are words: no chart
        for scheme in ("light", "dark", "print")  # print: the wide drawing alone, for the print page
    )
    assert not (docs / ".gitkeep").exists()  # MkDocs leaves dotfiles out; so does the export


def test_plain_mkdocs_builds_the_export_with_the_plugin_builds_pages_and_nav(exported: Path) -> None:
    plugin = run_mkdocs(exported, "build", "--strict")
    assert plugin.returncode == 0, plugin.stderr
    standalone = run_mkdocs(exported / "standalone", "build", "--strict")
    assert standalone.returncode == 0, standalone.stderr
    assert "WARNING" not in standalone.stderr
    plugin_site, export_site = exported / "site", exported / "standalone" / "site"
    assert _pages(export_site) == _pages(plugin_site)
    assert _nav_order(plugin_site) == [*NAV_ORDER, "guide/"]
    assert _nav_order(export_site) == [*NAV_ORDER, "guide/"]
    for page in _pages(plugin_site):
        assert _article_text(export_site, page) == _article_text(plugin_site, page), page
    for chart in (plugin_site / "2023" / "charts").iterdir():
        assert (export_site / "2023" / "charts" / chart.name).read_bytes() == chart.read_bytes()
    # The plugin's edit buttons open the YAML; the export's Markdown is not in the repository.
    assert 'rel="edit"' in (plugin_site / "2023" / "projects" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in (export_site / "2023" / "projects" / "index.html").read_text(encoding="utf-8")


def test_a_failed_export_leaves_the_folder_as_it_was(exported: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert _reportgen("export", "--out", "out", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}
    projects = project / "content" / "2023" / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace("    name: Aloha\n", "    nmae: Aloha\n"))
    result = _reportgen("export", "--out", "out", cwd=project)
    assert result.returncode == 1
    assert "content/2023/projects.yaml:" in result.stderr and "unknown key 'nmae'" in result.stderr
    assert {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()} == before


def test_the_export_never_writes_into_someone_elses_folder(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "notes").mkdir()
    (project / "notes" / "mine.txt").write_text("keep me", encoding="utf-8")
    result = _reportgen("export", "--out", "notes", cwd=project)
    assert result.returncode == 2
    assert "was not written by `reportgen export`" in result.stderr
    assert sorted(p.name for p in (project / "notes").iterdir()) == ["mine.txt"]
    result = _reportgen("export", "--out", "content/out", cwd=project)
    assert result.returncode == 2
    assert "builds never write into the content folder" in result.stderr
    result = _reportgen("export", "--out", "docs/out", cwd=project)
    assert result.returncode == 2
    assert "is inside" in result.stderr and "which the export reads" in result.stderr
    assert not (project / "docs" / "out").exists()


def test_an_export_removes_what_it_no_longer_writes_and_keeps_other_files(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "docs" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    assert _reportgen("export", "--out", "out", cwd=project).returncode == 0
    (project / "out" / "site").mkdir()  # a builder's output beside the export
    (project / "out" / "site" / "index.html").write_text("built", encoding="utf-8")
    (project / "docs" / "guide.md").unlink()
    assert _reportgen("export", "--out", "out", cwd=project).returncode == 0
    assert not (project / "out" / "docs" / "guide.md").exists()
    assert (project / "out" / "site" / "index.html").read_text(encoding="utf-8") == "built"
    assert "docs/guide.md" not in (project / "out" / MANIFEST).read_text(encoding="utf-8").splitlines()


def test_an_interrupted_export_leaves_a_folder_the_next_export_takes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = Export({"mkdocs.yml": b"a", "docs/index.md": b"b", "docs/old.md": b"c"}, ())
    second = Export({"mkdocs.yml": b"a2", "docs/index.md": b"b2"}, ())
    real = standalone.atomic_write
    writes: list[str] = []

    def interrupted(target: Path, content: bytes) -> None:
        if len(writes) == 2:  # the folder is claimed and one file is written: stop, as Ctrl-C would
            raise KeyboardInterrupt
        writes.append(target.name)
        real(target, content)

    monkeypatch.setattr(standalone, "atomic_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        standalone.write(first, out)
    monkeypatch.setattr(standalone, "atomic_write", real)
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [MANIFEST, "mkdocs.yml"]
    standalone.check_target(out, [tmp_path / "content"])  # still ours: no "not written by" refusal
    standalone.write(second, out)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {
        MANIFEST: b"docs/index.md\nmkdocs.yml\n",
        "mkdocs.yml": b"a2",
        "docs/index.md": b"b2",
    }


def _wait_for(path: Path, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear in {path} within {timeout}s")


def test_export_watch_rewrites_the_folder_when_the_content_or_a_template_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    log = (tmp_path / "watch.log").open("w")
    watcher = subprocess.Popen(
        [str(BIN / "reportgen"), "export", "--out", "out", "--watch"],
        cwd=project,
        stdout=log,
        stderr=log,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        page = project / "out" / "docs" / "2023" / "projects.md"
        _wait_for(page, "GABIA IDC")
        projects = project / "content" / "2023" / "projects.yaml"
        good = projects.read_text(encoding="utf-8")
        projects.write_text(good.replace("GABIA IDC", "가비아 IDC"), encoding="utf-8")
        _wait_for(page, "가비아 IDC")
        # A broken edit is reported and leaves the export as it was.
        projects.write_text(good.replace("    name: Aloha\n", "    nmae: Aloha\n"), encoding="utf-8")
        _wait_for(tmp_path / "watch.log", "unknown key 'nmae'")
        assert "가비아 IDC" in page.read_text(encoding="utf-8")
        template = project / "site_templates" / "year" / "projects.md.j2"
        projects.write_text(good, encoding="utf-8")
        template.write_text(template.read_text(encoding="utf-8") + "\n템플릿이 바뀌었습니다\n", encoding="utf-8")
        _wait_for(page, "템플릿이 바뀌었습니다")
        assert "GABIA IDC" in page.read_text(encoding="utf-8")
        assert watcher.poll() is None  # still watching
    finally:
        watcher.terminate()
        code = watcher.wait(timeout=30)
        log.close()
    # Stopped by SIGTERM as by Ctrl-C: a clean exit, no temporary file left beside the pages.
    assert code == 0
    assert [p.name for p in (project / "out").rglob(".*") if p.name != MANIFEST] == []


def test_hostile_text_stays_text_in_the_export(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    for path in (project / "content").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _reportgen("export", "--out", "out", cwd=project).returncode == 0
    assert run_mkdocs(project, "build").returncode == 0
    result = run_mkdocs(project / "out", "build")
    assert result.returncode == 0, result.stderr
    plugin_site, export_site = project / "site", project / "out" / "site"
    assert _pages(export_site) == _pages(plugin_site)
    assert _nav_order(export_site) == _nav_order(plugin_site)
    for page in _pages(export_site):
        html_text = (export_site / page / "index.html").read_text(encoding="utf-8")
        assert "<img src=x" not in html_text and "<script>alert(2)" not in html_text, page
        assert _article_text(export_site, page) == _article_text(plugin_site, page), page
    assert PAYLOAD.split("{")[0] in _article_text(export_site, "2023/projects")  # there, as text

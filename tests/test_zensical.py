"""Zensical, mkdocs-material's successor, builds and serves `reportgen export`'s tree like the plugin build.

`make test` installs Zensical in a venv of its own (.cache/zensical-venv; see the Makefile); these
tests fail, never skip, when it is missing.
"""

from __future__ import annotations

import os
import posixpath
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, Page

from .conftest import BIN, REPO, copy_project, run_mkdocs, served, visible_text
from .helpers import free_port
from .test_no_third_party import requests_outside_the_site
from .test_standalone_export import NAV_ORDER, _article_text, _nav_order, _pages, _reportgen

ZENSICAL = Path(os.environ.get("ZENSICAL", REPO / ".cache" / "zensical-venv" / "bin" / "zensical"))
ZENSICAL_VERSION = "0.0.73"  # the Makefile's ZENSICAL_VERSION; later releases need zensical-ui
GUIDE = "# 읽는 법\n\n손으로 쓴 안내 페이지.\n"
PAGES = sorted([".", *(page.rstrip("/") for page in NAV_ORDER[1:]), "guide"])  # as _pages lists them


def _address(page: str) -> str:
    """A page of PAGES as a site address: "" for home, else "a/b/"."""
    return "" if page == "." else f"{page}/"


# The sidebar of the projects page, as (target page, title) in order: the plugin build's, written out.
PROJECTS_SIDEBAR = [
    ("", "홈"),
    ("2023/", "2023년 개요"),
    ("2023/projects/", "프로젝트"),
    ("2023/achievements/", "기술 성과"),
    ("2023/achievements/네이버-프로젝트-system-optimization/", "네이버 프로젝트 — System Optimization"),
    ("2023/achievements/dna-real-time-streaming-system/", "DNA+ — Real-time Streaming System"),
    ("2023/achievements/수자원-공사-performance-optimization/", "수자원 공사 — Performance Optimization"),
    ("2023/infrastructure/", "인프라 & DevOps"),
    ("2023/reliability/", "시스템 안정성"),
    ("2023/operations/", "팀 운영"),
    ("2023/services/", "서비스 & 성능 테스트"),
    ("2023/kpis/", "2024 KPI 목표"),
    ("2023/impact/", "비즈니스 임팩트"),
    ("2023/print/", "인쇄용 보고서"),
    ("guide/", "읽는 법"),
]


MISSING = f"{ZENSICAL} not found: run `make setup` (or set $ZENSICAL to a zensical {ZENSICAL_VERSION})"


def _zensical(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert ZENSICAL.is_file(), MISSING
    return subprocess.run([str(ZENSICAL), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


class _SidebarLinks(HTMLParser):
    """The links of the primary navigation (the sidebar), as (href, text) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._navs: list[bool] = []  # for each open <nav>: is it the primary one?
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            self._navs.append("md-nav--primary" in classes)
        elif tag == "a" and any(self._navs) and "md-nav__link" in classes:
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._navs:
            self._navs.pop()
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join("".join(self._link[1]).split())))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)


def _page_address(here: str, href: str) -> str:
    """The site address ("" for home, else "a/b/") a link on page `here` leads to."""
    target = posixpath.normpath(posixpath.join(here, unquote(href)))
    return "" if target == "." else target.strip("/") + "/"


def _sidebar_in(page_html: str, here: str) -> list[tuple[str, str]]:
    parser = _SidebarLinks()
    parser.feed(page_html)
    return [(_page_address(here, href), title) for href, title in parser.links]


def _sidebar(site: Path, page: str) -> list[tuple[str, str]]:
    return _sidebar_in((site / page / "index.html").read_text(encoding="utf-8"), _address(page))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample project (with a hand-written page) built by the plugin, and its export built by Zensical."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "docs" / "guide.md").write_text(GUIDE, encoding="utf-8")
    exported = _reportgen("export", "--out", "standalone", cwd=project)
    assert exported.returncode == 0, exported.stderr
    plugin = run_mkdocs(project, "build", "--strict")
    assert plugin.returncode == 0, plugin.stderr
    version = _zensical("--version", cwd=project)
    assert ZENSICAL_VERSION in version.stdout, version.stdout
    built = _zensical("build", "--strict", "-f", "standalone/mkdocs.yml", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "No issues found" in built.stdout + built.stderr
    return project / "site", project / "standalone" / "site"


def test_zensical_builds_the_plugin_builds_pages_in_its_order(builds: tuple[Path, Path]) -> None:
    plugin_site, zensical_site = builds
    assert _pages(plugin_site) == PAGES
    assert _pages(zensical_site) == PAGES
    # The footer's previous/next chain walks every page in the plugin build's order.
    assert _nav_order(plugin_site) == [*NAV_ORDER, "guide/"]
    assert _nav_order(zensical_site) == [*NAV_ORDER, "guide/"]
    for chart in (plugin_site / "2023" / "charts").iterdir():
        assert (zensical_site / "2023" / "charts" / chart.name).read_bytes() == chart.read_bytes()
    for data in ("data.json", "projects.csv"):
        assert (zensical_site / "2023" / data).read_bytes() == (plugin_site / "2023" / data).read_bytes()


def test_zensical_shows_the_plugin_builds_sidebar_on_every_page(builds: tuple[Path, Path]) -> None:
    plugin_site, zensical_site = builds
    assert _sidebar(plugin_site, "2023/projects") == PROJECTS_SIDEBAR
    for page in PAGES:
        assert _sidebar(zensical_site, page) == _sidebar(plugin_site, page), page


def test_zensical_pages_hold_the_plugin_builds_text_in_its_order(builds: tuple[Path, Path]) -> None:
    plugin_site, zensical_site = builds

    def in_order(site: Path) -> list[tuple[str, str]]:
        return [(page, _article_text(site, page or ".")) for page in _nav_order(site)]

    assert in_order(zensical_site) == in_order(plugin_site)
    assert _pages(zensical_site) == PAGES  # every page, not only those the chain reaches
    for page in PAGES:
        assert _article_text(zensical_site, page) == _article_text(plugin_site, page), page
    assert _article_text(zensical_site, "guide") == "읽는 법 ¶ 손으로 쓴 안내 페이지."
    # No edit button: Zensical would point it at the exported Markdown, which is not in the repository.
    for page in PAGES:
        assert 'rel="edit"' not in (zensical_site / page / "index.html").read_text(encoding="utf-8"), page


@pytest.fixture(scope="module")
def zensical_url(builds: tuple[Path, Path]) -> Iterator[str]:
    with served(builds[1]) as url:
        yield url


@pytest.mark.parametrize("page", PAGES)
def test_a_zensical_page_requests_nothing_outside_the_site_and_shows_the_plugin_builds_sidebar(
    browser: Browser, builds: tuple[Path, Path], zensical_url: str, page: str
) -> None:
    shown: list[tuple[str, str]] = []

    def read_sidebar(view: Page) -> None:
        links = view.eval_on_selector_all(
            "nav.md-nav--primary a.md-nav__link", "links => links.map(a => [a.href, a.textContent])"
        )
        for href, text in links:
            assert href.startswith(zensical_url), href
            shown.append((_page_address("", href.removeprefix(zensical_url)), " ".join(text.split())))

    assert requests_outside_the_site(browser, zensical_url, _address(page), then=read_sidebar) == []
    assert shown, page
    assert shown == _sidebar(builds[0], page)  # the navigation as the browser shows it


def _html_at(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _article_at(url: str) -> str | None:
    page = _html_at(url)
    start = -1 if page is None else page.find('<article class="md-content__inner md-typeset">')
    return visible_text(page[start : page.find("</article>", start)]) if page is not None and start >= 0 else None


def _wait_for_article(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` shows `text` in its article."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        article = _article_at(url)
        if article is not None and text in article:
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(f"{url} did not show {text!r} within {timeout}s; last article: {_article_at(url)!r}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def test_export_watch_and_zensical_serve_show_a_yaml_edit_within_seconds(tmp_path: Path) -> None:
    assert ZENSICAL.is_file(), MISSING
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    port = free_port()
    with (tmp_path / "watch.log").open("wb") as watch_log, (tmp_path / "serve.log").open("wb") as serve_log:
        watcher = subprocess.Popen(
            [str(BIN / "reportgen"), "export", "--out", "site-src", "--watch"],
            cwd=project,
            env=env,
            stdout=watch_log,
            stderr=watch_log,
            start_new_session=True,
        )
        server: subprocess.Popen[bytes] | None = None
        try:
            config = project / "site-src" / "mkdocs.yml"
            deadline = time.monotonic() + 120
            while not config.is_file() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert config.is_file(), (tmp_path / "watch.log").read_text(encoding="utf-8")
            server = subprocess.Popen(
                [str(ZENSICAL), "serve", "-f", "site-src/mkdocs.yml", "-a", f"127.0.0.1:{port}"],
                cwd=project,
                stdout=serve_log,
                stderr=serve_log,
                start_new_session=True,
            )
            url = f"http://127.0.0.1:{port}/2023/projects/"
            _wait_for_article(url, "GABIA IDC", timeout=120)
            projects = project / "content" / "2023" / "projects.yaml"
            text = projects.read_text(encoding="utf-8")
            assert text.count("name: GABIA IDC\n") == 1
            projects.write_text(text.replace("name: GABIA IDC\n", "name: 가비아 데이터센터\n"), encoding="utf-8")
            _wait_for_article(url, "가비아 데이터센터", timeout=20)
            assert "GABIA IDC" not in (_article_at(url) or "")
            # The served page keeps the report's navigation (no hand-written page in this project).
            assert _sidebar_in(_html_at(url) or "", "2023/projects/") == PROJECTS_SIDEBAR[:-1]
            assert watcher.poll() is None and server.poll() is None  # both still running
        finally:
            if server is not None:
                _stop(server)
            _stop(watcher)


def test_row_anchors_and_the_notes_links_to_them_survive_the_export(builds: tuple[Path, Path]) -> None:
    """Every row anchor of the plugin's site is on the same page of the Zensical site, and every
    link of a figure's note there lands on one of them."""
    plugin, zensical = builds
    anchor = re.compile(r'<span class="reportgen-row" id="([^"]+)"></span>')
    checked = 0
    for page in sorted(plugin.rglob("*.html")):
        ours = anchor.findall(page.read_text(encoding="utf-8"))
        if not ours:
            continue
        theirs = zensical / page.relative_to(plugin)
        assert anchor.findall(theirs.read_text(encoding="utf-8")) == ours, page
        checked += len(ours)
    assert checked >= 20
    links = 0
    for page in sorted(zensical.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for note in re.findall(r'<details class="reportgen-working[^"]*".*?</details>', html, re.DOTALL):
            for href in re.findall(r'href="([^"#]*)#([^"]+)"', note):
                if href[0].startswith("https://"):  # a fact's line in the repository, not a row of the site
                    assert re.fullmatch(r"L\d+", href[1]), href
                    continue
                target = (page.parent / href[0]).resolve()
                target = target / "index.html" if target.is_dir() else target
                assert f'id="{href[1]}"' in target.read_text(encoding="utf-8"), (page, href)
                links += 1
    assert links >= 10

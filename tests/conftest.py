"""Shared fixtures: the repository's paths, and the sample site built once per session."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from reportgen.check.validate import load_site
from reportgen.model.facts import Report

from . import hypothesis_profiles  # noqa: F401  (registers and loads the `ci` profile: derandomized)

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEED = REPO / "seeds" / "000_7c6edc8692e6e654.txt"
BIN = Path(sys.executable).parent


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), *args], cwd=project, env=env, text=True, capture_output=True, timeout=300
    )


def copy_project(destination: Path) -> Path:
    """A copy of the sample project (config, content, templates) that a test may edit."""
    for name in ("content", "site_templates", "docs"):
        shutil.copytree(REPO / name, destination / name)
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


class _TextExtractor(HTMLParser):
    """The text a reader sees: everything outside <script> and <style>, tags removed."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built with `mkdocs build --strict`; returns the site folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def sample_report() -> Report:
    validated = load_site(CONTENT, REPO)
    assert validated.site is not None, validated.problems
    return validated.site.reports[0]


CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on a free loopback port, at the address it yields, until the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built sample site, served over HTTP on a free loopback port."""
    with served(built_site) as url:
        yield url


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # The browser drops connections it no longer needs (a navigation, a cancelled fetch).
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (whose own browser download does not work offline)."""
    assert CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}: install Debian's chromium or set CHROMIUM"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def open_page(
    browser: Browser,
    url: str | None = None,
    *,
    width: int = 1280,
    height: int = 900,
    scheme: str = "light",
    locale: str | None = None,
    reduced_motion: str | None = None,
) -> Iterator[Page]:
    """A page of its own browser context: a `width` x `height` CSS px screen in the `scheme` colour
    scheme (prefers-color-scheme), `locale` (None: the browser's own) and `reduced_motion` if given;
    opened at `url` if given. The context closes when the block ends, whether or not it failed."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
        locale=locale,
        reduced_motion=reduced_motion,  # type: ignore[arg-type]
    )
    try:
        page = context.new_page()
        if url is not None:
            page.goto(url)
        yield page
    finally:
        context.close()


def record_errors(page: Page) -> list[str]:
    """The page's console errors and uncaught exceptions, as they happen; also kept in `page.problems`."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems  # type: ignore[attr-defined]
    return problems


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that records console errors and failed requests in `page.problems`."""
    # No stand-in for any other host: a page that asked one would fail here (`requestfailed`).
    with open_page(browser, locale="ko-KR") as page:
        problems = record_errors(page)
        # A request aborted because the test navigated on is normal; any other failure is not.
        page.on(
            "requestfailed",
            lambda request: (
                None if request.failure == "net::ERR_ABORTED" else problems.append(f"{request.url}: failed")
            ),
        )
        page.on(
            "response",
            lambda response: problems.append(f"{response.url}: {response.status}") if response.status >= 400 else None,
        )
        yield page


# Fixtures that need Chromium. A test that uses one (directly or through another fixture) is marked
# `browser`, so `-m "not browser"` selects the fast tests (the mutation harness runs those).
BROWSER_FIXTURES = {"browser", "page", "pdf_text"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        parameters = set(callspec.params) if callspec else set()  # a parameter may be called `page` too
        if BROWSER_FIXTURES & (set(getattr(item, "fixturenames", ())) - parameters):
            item.add_marker(pytest.mark.browser)

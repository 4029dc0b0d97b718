"""Hostile text in every text field of the sample site, opened in Chromium: it must stay text.

Every text value in content/ gets a payload appended that would run script, inject elements or
attributes, or create links if it ever reached the page as markup. Then every page is opened.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from .conftest import _QuietHandler, _QuietServer, copy_project, run_mkdocs

PAYLOAD = '<img src=x onerror=alert(1)><script>alert(2)</script>{: onclick="alert(3)" }[x](javascript:alert(4)) **b**'
# Values that are not free text: ids, references, enumerations, units and dates.
NOT_TEXT = {"id", "project", "status", "delivery", "direction", "baseline_from", "language", "unit", "url", "declared"}


def _poison(value: Any, key: str = "") -> Any:
    if key in NOT_TEXT:
        return value
    if isinstance(value, str):
        return f"{value} {PAYLOAD}"
    if isinstance(value, list):
        return [_poison(item) for item in value]
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for path in (project / "content").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html") if "search" not in p.parts)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", pages
    server.shutdown()
    server.server_close()


INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"]').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/.test(a.name))).length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length,
  jsLinks: document.querySelectorAll('a[href^="javascript" i]').length,
  bold: [...document.querySelectorAll('article strong')].filter(e => e.textContent === 'b').length,
})"""


def test_hostile_text_stays_text_on_every_page(browser: Browser, hostile_site: tuple[str, list[str]]) -> None:
    base, pages = hostile_site
    assert len(pages) >= 13
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in pages:
            page.goto(base + ("" if path == "." else path + "/"))
            assert page.evaluate(INJECTED) == {"images": 0, "handlers": 0, "scripts": 0, "jsLinks": 0, "bold": 0}, path
            body = " ".join(page.locator("article").inner_text().split())
            assert PAYLOAD in body, f"{path}: the payload is not shown as text"
        assert dialogs == []
    finally:
        page.close()


def test_hostile_text_in_navigation_and_title_is_shown_literally(
    browser: Browser, hostile_site: tuple[str, list[str]]
) -> None:
    base, pages = hostile_site
    achievement = next(p for p in pages if "/achievements/" in p)
    page = browser.new_page()
    try:
        page.goto(f"{base}{achievement}/")
        assert PAYLOAD in page.title()
        nav = " ".join(page.locator(".md-sidebar--primary").inner_text().split())
        assert PAYLOAD in nav
        assert page.evaluate(INJECTED)["images"] == 0
    finally:
        page.close()

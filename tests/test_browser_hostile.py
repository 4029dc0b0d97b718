"""Hostile text in every text field of the sample site, opened in Chromium: it must stay text.

Every free-text value in content/ gets a payload appended that would run script, inject elements
or attributes, or create links if it ever reached the page as markup; the optional text fields the
sample leaves out (a KPI's description, link titles) are added first, so that they are poisoned too.
The site is built with `--strict`, then every page is opened, and any console error, failed
request or dialog fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page

from .conftest import copy_project, run_mkdocs, served
from .test_text_sinks import SOURCES

PAYLOAD = '<img src=x onerror=alert(1)><script>alert(2)</script>{: onclick="alert(3)" }[x](javascript:alert(4)) **b**'
# Keys whose values are not free text: ids and references, enumerations, and link targets. Dates and
# numbers are not strings, so they are never touched.
NOT_TEXT = {"id", "project", "kpi", "status", "delivery", "direction", "baseline_from", "language", "url"}
# In a declared figure, `metric` names a derived figure (an enumeration); in a KPI it is free text.
NOT_TEXT_IN = {"declared": {"metric"}}
LINK = {"title": "자료", "url": "https://example.com/report"}


def _poison(value: Any, key: str = "", parent: str = "") -> Any:
    if key in NOT_TEXT or key in NOT_TEXT_IN.get(parent, ()):
        return value
    if isinstance(value, str):
        return f"{value} {PAYLOAD}"
    if isinstance(value, list):
        return [_poison(item, parent=key or parent) for item in value]
    if isinstance(value, dict):
        # A KPI that takes its figures from a metric takes its unit too (validate refuses another),
        # so a team's own unit, poisoned, is tried on a KPI with typed figures (_with_optional_text).
        derived = "baseline_from" in value or "actual_from" in value
        return {k: v if derived and k == "unit" else _poison(v, k, parent) for k, v in value.items()}
    return value


def _with_optional_text(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Fill in the optional text fields the sample does not use, so they are poisoned too."""
    if name == "projects.yaml":
        data["projects"][0]["links"] = [dict(LINK)]
    elif name == "achievements.yaml":
        data["achievements"][0]["links"] = [dict(LINK)]
    elif name == "services.yaml":
        data["services"][0]["links"] = [dict(LINK)]
    elif name == "kpis.yaml":
        for kpi in data["quantitative"]:
            kpi["description"] = "설명"
        lead_time = next(kpi for kpi in data["quantitative"] if kpi["id"] == "lead-time")
        lead_time.update(unit="일", baseline=10, target=8)  # typed figures, in a unit the team writes
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for path in (project / "content").rglob("*.yaml"):
        data = _with_optional_text(path.name, yaml.safe_load(path.read_text(encoding="utf-8")))
        path.write_text(yaml.safe_dump(_poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    for poison_settings in SOURCES.values():  # every label, the sections' titles, mkdocs.yml's printed values
        poison_settings(project, PAYLOAD, 0)
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html") if "search" not in p.parts)
    with served(site) as url:
        yield url, pages


INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"]').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/.test(a.name))).length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length,
  jsLinks: document.querySelectorAll('a[href^="javascript" i]').length,
  bold: [...document.querySelectorAll('article strong')].filter(e => e.textContent === 'b').length,
})"""
NOTHING_INJECTED = {"images": 0, "handlers": 0, "scripts": 0, "jsLinks": 0, "bold": 0}


def _visit(page: Page, url: str) -> str:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return " ".join(page.locator("article").inner_text().split())


def test_hostile_text_stays_text_on_every_page(page: Page, hostile_site: tuple[str, list[str]]) -> None:
    base, pages = hostile_site
    assert len(pages) >= 13
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in pages:
        body = _visit(page, base + ("" if path == "." else path + "/"))
        assert page.evaluate(INJECTED) == NOTHING_INJECTED, path
        assert PAYLOAD in body, f"{path}: the payload is not shown as text"
    assert dialogs == []
    assert page.problems == [], "console errors or failed requests"  # type: ignore[attr-defined]


def test_poisoned_unit_description_and_link_titles_are_shown_as_text(
    page: Page, hostile_site: tuple[str, list[str]]
) -> None:
    base, _ = hostile_site
    kpis = _visit(page, f"{base}2023/kpis/")
    assert f"10일 {PAYLOAD}" in kpis, "the KPI's unit is not shown as text beside its baseline"
    assert f"설명 {PAYLOAD}" in kpis, "the KPI's description is not shown as text"
    projects = _visit(page, f"{base}2023/projects/")
    assert f"자료 {PAYLOAD}" in projects, "the link's title is not shown as text"
    assert page.locator('article a[href="https://example.com/report"]').count() >= 1
    assert page.evaluate(INJECTED) == NOTHING_INJECTED
    assert page.problems == [], "console errors or failed requests"  # type: ignore[attr-defined]


def test_hostile_text_in_navigation_and_title_is_shown_literally(
    page: Page, hostile_site: tuple[str, list[str]]
) -> None:
    base, pages = hostile_site
    achievement = next(p for p in pages if "/achievements/" in p)
    _visit(page, f"{base}{achievement}/")
    assert PAYLOAD in page.title()
    nav = " ".join(page.locator(".md-sidebar--primary").inner_text().split())
    assert PAYLOAD in nav
    assert page.evaluate(INJECTED)["images"] == 0
    assert page.problems == [], "console errors or failed requests"  # type: ignore[attr-defined]

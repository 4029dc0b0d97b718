"""The second example team (examples/sre-team): an English SRE team, data only, built and read in Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import REPO, open_page, run_mkdocs, served
from .test_init import SITE_TEXT, hangul_in

EXAMPLE = REPO / "examples" / "sre-team"
AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a team keeps it (mkdocs.yml and content/, no docs/), built with --strict."""
    project = tmp_path_factory.mktemp("sre-team")
    shutil.copytree(EXAMPLE / "content", project / "content")
    shutil.copy(EXAMPLE / "mkdocs.yml", project / "mkdocs.yml")
    assert not (EXAMPLE / "docs").exists()
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def example_url(example_site: Path) -> Iterator[str]:
    with served(example_site) as url:
        yield url


def test_the_example_has_every_declared_page(example_site: Path) -> None:
    for year in ("2023", "2024"):
        for page in ("index.html", "projects/index.html", "incidents/index.html", "slos/index.html"):
            assert (example_site / year / page).is_file(), f"{year}/{page}"
    assert (example_site / "2023" / "cost_savings" / "index.html").is_file()
    assert (example_site / "2024" / "kpi-review" / "index.html").is_file()
    assert (example_site / "2024" / "charts" / "incidents-mttr.light.svg").is_file()
    assert (example_site / "charts" / "trends.dark.svg").is_file()


def test_the_english_example_has_no_hangul(example_site: Path) -> None:
    assert hangul_in(example_site, SITE_TEXT) == []


def test_home_leads_to_the_year_and_its_incidents(page: Page, example_url: str) -> None:
    page.goto(example_url)
    expect(page.locator("h1")).to_contain_text("Platform SRE yearly report")
    expect(page.locator(".grid.cards").first).to_contain_text("MTTR")
    page.get_by_role("link", name="2024", exact=True).first.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^2024 overview¶?\s*$"))
    page.locator(".md-sidebar--primary").get_by_role("link", name="Incidents", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Incidents")
    row = page.locator("table tr", has_text="Queue backlog after a deploy")
    expect(row).to_contain_text("2024-02-10 15:30")
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_records_pages_cards_sit_two_to_a_row_at_390px(browser: Browser, example_url: str) -> None:
    with open_page(browser, example_url + "2024/incidents/", width=390, height=844) as page:
        cards = page.locator(".grid.cards > ul > li")
        tops = cards.evaluate_all("cards => cards.map(c => c.getBoundingClientRect().top)")
    assert len(tops) >= 4
    assert tops[0] == tops[1] and tops[2] == tops[3] and tops[2] > tops[0]  # two per row, as on the overview


def test_on_a_desktop_every_table_fits_its_column(browser: Browser, example_url: str) -> None:
    from .test_browser_summary import OVERFLOWING_TABLES

    for width in (1024, 1280):
        with open_page(browser, width=width) as page:
            for path in ("2023/incidents/", "2023/slos/", "2024/projects/", "2024/kpi-review/"):
                page.goto(example_url + path)
                assert page.evaluate(OVERFLOWING_TABLES) == [], (width, path)


def test_a_stacked_row_on_a_phone_names_each_value(browser: Browser, example_url: str) -> None:
    with open_page(browser, example_url + "2024/kpi-review/", width=390, height=844) as page:
        row = page.locator("table tr", has_text="Incidents")
        named = row.locator("td").evaluate_all(
            "cells => cells.map(c => [getComputedStyle(c, '::before').content, c.textContent.trim()])"
        )
    assert named == [
        ["none", "Incidents"],
        ['"Baseline: "', "3"],
        ['"Target: "', "2"],
        ['"2024 actual: "', "2"],
        ['"Verdict: "', "✓ Met · How this was computed"],  # the verdict links to its comparison
        ['"Notes: "', "No SEV1 this year"],
    ]


def test_search_finds_an_incident(page: Page, example_url: str) -> None:
    page.goto(example_url)
    page.locator(".md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15000)
    page.keyboard.type("failover")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15000)
    expect(page.locator(".md-search-result")).to_contain_text("Primary database failover stalled")
    assert page.problems == []  # type: ignore[attr-defined]


def test_the_records_chart_follows_the_palette(page: Page, example_url: str) -> None:
    page.goto(example_url + "2024/incidents/")
    images = page.locator("img[src*='charts/incidents-mttr.']")
    expect(images).to_have_count(2)

    def visible() -> list[str]:
        return [str(images.nth(i).get_attribute("src")) for i in range(2) if images.nth(i).is_visible()]

    assert visible() == ["../charts/incidents-mttr.light.svg#only-light"]
    page.locator("label[for='__palette_1']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert visible() == ["../charts/incidents-mttr.dark.svg#only-dark"]
    assert page.problems == []  # type: ignore[attr-defined]


def test_no_serious_accessibility_violations_in_either_scheme(
    browser: Browser, example_url: str, example_site: Path
) -> None:
    pages = sorted(p.relative_to(example_site).parent.as_posix() for p in example_site.rglob("index.html"))
    pages = [p for p in pages if "search" not in p]
    assert len(pages) >= 14
    serious = {}
    errors: list[str] = []
    for scheme in ("light", "dark"):
        # Playwright's default screen (1280 x 720).
        with open_page(browser, height=720, scheme=scheme, locale="en-US", reduced_motion="reduce") as page:
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            for path in pages:
                page.goto(example_url + ("" if path == "." else path + "/"))
                page.add_script_tag(path=str(AXE))
                found = page.evaluate(
                    "async () => (await axe.run(document)).violations"
                    ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)"
                )
                if found:
                    serious[f"{scheme} {path}"] = found
    assert errors == []
    assert serious == {}


def test_the_examples_schemas_are_up_to_date_and_named_by_each_file() -> None:
    from reportgen.check.validate import load_settings
    from reportgen.cli.schema import HEADER_PREFIX, SCHEMA_DIR, render_schemas, schema_name
    from reportgen.sections.registry import site_sections

    content = EXAMPLE / "content"
    sections = site_sections(load_settings(content))
    rendered = render_schemas(sections)
    assert "incidents.schema.json" in rendered and "slos.schema.json" in rendered
    for name, schema in rendered.items():
        assert (content / SCHEMA_DIR / name).read_bytes() == schema, f"{name} is stale: run `reportgen schema`"
    for path in sorted(content.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.removeprefix(HEADER_PREFIX)).resolve()
        assert target == (content / SCHEMA_DIR / schema_name(path.name, sections)).resolve(), path

"""The sample site as a reader meets it: in Chromium, clicking through and searching."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_home_lists_the_year_and_leads_to_its_overview(page: Page, site_url: str) -> None:
    page.goto(site_url)
    expect(page.locator("h1")).to_contain_text("백엔드팀 연간 성과")
    page.get_by_role("link", name="2023년 개요").first.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^2023년 개요¶?\s*$"))
    expect(page.locator(".grid.cards")).to_contain_text("62.5%")
    # The stated figure's difference is a note for the team at the end, not an alarm at the top.
    expect(page.locator(".admonition.warning")).to_have_count(0)
    expect(page.locator("#reportgen-team-notes details.note")).to_contain_text("~20주")
    assert page.problems == []  # type: ignore[attr-defined]


def test_navigation_reaches_an_achievement_page(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    page.locator(".md-sidebar--primary").get_by_role("link", name="DNA+ — Real-time Streaming System").click()
    expect(page.locator("h1")).to_contain_text("DNA+ — Real-time Streaming System")
    expect(page.locator("#문제 + ul")).to_contain_text("마감 1개월 전의 긴박한 일정")
    assert page.problems == []  # type: ignore[attr-defined]


def test_korean_search_finds_a_word_by_its_prefix(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".md-search__input").click()
    # The index loads in a worker; typing before it is ready finds nothing.
    expect(page.locator(".md-search-result__meta")).to_have_text("검색어를 입력하세요", timeout=15000)
    page.keyboard.type("병목")
    # Hangul arrives as composed text without key events; a real keystroke runs the query, as it would for a person.
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15000)
    expect(page.locator(".md-search-result")).to_contain_text("네이버 프로젝트")
    assert page.problems == []  # type: ignore[attr-defined]


def test_projects_table_shows_weeks_derived_from_dates(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/projects/")
    row = page.locator("table tr", has_text="DNA+")
    expect(row).to_contain_text("2023-04-10")
    expect(row).to_contain_text("34주")


def test_palette_toggle_switches_to_dark(page: Page, site_url: str) -> None:
    page.goto(site_url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.locator("label[for='__palette_1']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def _visible_chart(page: Page, name: str) -> str:
    """The src of the one visible image of chart `name` on the page, checking that it actually loaded."""
    images = page.locator(f"img[src*='charts/{name}.']")
    expect(images).to_have_count(2)
    visible = [images.nth(i) for i in range(2) if images.nth(i).is_visible()]
    assert len(visible) == 1, f"expected exactly one visible variant of {name}"
    assert visible[0].evaluate("img => img.complete && img.naturalWidth > 0")
    return str(visible[0].get_attribute("src"))


def test_charts_follow_the_palette_toggle(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    for name in ("timeline", "delivery", "durations"):
        assert _visible_chart(page, name).endswith(f"{name}.light.svg#only-light")
    page.locator("label[for='__palette_1']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    for name in ("timeline", "delivery", "durations"):
        assert _visible_chart(page, name).endswith(f"{name}.dark.svg#only-dark")
    assert page.problems == []  # type: ignore[attr-defined]


def test_chart_alt_text_and_collapsed_data_table(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    image = page.locator("img[src*='charts/delivery.light']")
    assert "일정 준수율 62.5%" in str(image.get_attribute("alt"))
    # The data table's summary says "차트 데이터" only: the chart's title is its heading, once.
    details = page.locator("h2:has-text('일정 결과') ~ details.info").first
    expect(details).not_to_have_attribute("open", "")
    expect(details.locator("table")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("table")).to_contain_text("준수")


def test_kpi_page_has_no_chart_for_text_targets_and_the_services_page_names_them(page: Page, site_url: str) -> None:
    # Every 2024 target is in words: there is nothing to plot, so the KPIs are table rows only.
    page.goto(site_url + "2023/kpis/")
    expect(page.locator("article img")).to_have_count(0)
    row = page.locator("table tr", has_text="배포 일정 준수율")
    # A target in words cannot be met or missed; all five share that reason, said once above the table.
    expect(row.locator("td")).to_have_text(["배포 일정 준수율", "62.5%", "목표 향상 필요", "높을수록 좋음"])
    expect(page.locator("article p", has_text="모든 목표의 판정")).to_have_text(
        "모든 목표의 판정: 판정 불가 (수치 목표 없음)."
    )
    expect(page.locator("article", has_text="판정 불가")).to_have_count(1)
    # The services chart (1/1/2, no names) gave way to the table that names each service.
    page.goto(site_url + "2023/")
    expect(page.locator("img[src*='charts/services.']")).to_have_count(0)
    assert page.problems == []  # type: ignore[attr-defined]

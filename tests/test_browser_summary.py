"""Issue 15: the overview reads like a report: summary first, inferred values marked, nothing wider than a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from .conftest import open_page

TEAM_WORDS = [
    "네이버 프로젝트: 클라이언트 요구사항 충족 및 프로젝트 성공",
    "DNA+ 프로젝트: R&D 시연 성공",
    "Message Queue 아키텍처 도입으로 팀 기술 역량 향상",
    "2인 백엔드 팀 운영 효율화",
    "배포 일정 준수율: 62% → 목표 향상 필요",
    "배포 프로세스 표준화 확립",
    "서비스 안정성 지표 관리 체계 구축",
    "장애 감지 및 알림 시스템 고도화",
]
GENERATED = (
    "2023년에는 프로젝트 8개를 수행했고, 일정 결과가 기록된 8개 중 5건이 일정을 지켰습니다(일정 준수율 62.5%). "
    "이 수치에는 팀이 추정한 일정 값 3건이 들어 있습니다. "
    "가장 긴 프로젝트(38주)는 네이버 프로젝트 및 수자원 공사입니다."
)


def _top(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + scrollY"))


def test_overview_opens_with_figures_then_the_generated_sentence_then_the_team_words(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    team = page.locator("[data-source=team]")
    expect(team.locator("li")).to_have_text(TEAM_WORDS)
    expect(team.locator(".reportgen-summary__mark")).to_have_text("팀의 말 · 팀이 보고서에 직접 쓴 내용입니다.")
    generated = page.locator("[data-source=generated]")
    expect(generated.locator("p").nth(1)).to_have_text(GENERATED)
    expect(generated.locator(".reportgen-summary__mark")).to_contain_text("자동으로 만든")
    first_chart = _top(page, "article img")
    cards = _top(page, ".reportgen-cards")
    assert cards < _top(page, "[data-source=generated]") < _top(page, "[data-source=team]") < first_chart


def test_on_time_rate_stands_beside_its_2024_target(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    card = page.locator(".reportgen-cards li", has_text="일정 준수율")
    expect(card.locator("strong")).to_have_text("62.5%")
    target = card.get_by_role("link", name="2024 목표(팀의 말, 수치 목표 없음): “목표 향상 필요”")
    target.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^2024 KPI 목표¶?\s*$"))


def test_each_headline_figure_once_and_no_build_detail_in_the_body(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    cards = page.locator(".reportgen-cards li strong")
    expect(cards).to_have_text(["8개", "62.5%", "3건", "38주", "21.1주"])
    expect(page.locator(".admonition.warning")).to_have_count(0)
    notes = page.locator("#reportgen-team-notes details")
    expect(notes).not_to_have_attribute("open", "")
    # The source by its title, never its repository path; collapsed, the note is not visible text.
    expect(notes).to_contain_text("원문 문서: Performance - 2023")
    assert "seeds/" not in page.content()
    body_text = page.locator("article").inner_text()
    assert "원문 문서" not in body_text
    # The average card's note on the source's figure leads to the team note, and opens it.
    page.locator(".reportgen-cards li", has_text="평균 기간").get_by_role("link", name="원문: ~20주").click()
    expect(notes).to_have_attribute("open", "")
    expect(notes.locator("table tr", has_text="평균 기간")).to_be_visible()
    page.goto(site_url + "2023/#reportgen-team-notes")  # and when the page is opened at the note
    expect(page.locator("#reportgen-team-notes details")).to_have_attribute("open", "")


def test_the_three_delayed_projects_are_marked_inferred_with_their_reason(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/projects/")
    for name in ("GABIA IDC", "Aloha", "Others"):
        cell = page.locator("table tr", has_text=name).locator("td").nth(5)
        expect(cell).to_have_text("지연 추정 1")
        expect(cell.locator("a")).to_have_attribute("href", "#projects--inferred-1")
    for name in ("네이버 프로젝트", "DNA+", "Deployment"):
        expect(page.locator("table tr", has_text=name).locator(".reportgen-inferred")).to_have_count(0)
    note = page.locator("#projects--inferred-1").locator("xpath=..")
    expect(note).to_contain_text("GABIA IDC, Aloha, Others의 일정: 원문은 지연 3건이라고만 하고")


def test_charts_that_leave_out_the_undated_project_say_so(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    captions = page.locator(".reportgen-caption")
    expect(captions).to_have_text(
        ["이 차트에 없는 항목: Others (기간 없음).", "이 차트에 없는 항목: Others (기간 없음)."]
    )


def test_no_chart_title_is_repeated_as_visible_text(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    headings = page.locator("article h2").all_inner_texts()
    titles = [h.strip().rstrip("¶").strip() for h in headings]
    assert "2023년 프로젝트 일정" in titles
    lines = [line.strip().rstrip("¶").strip() for line in page.locator("article").inner_text().splitlines()]
    for title in titles:
        assert lines.count(title) == 1, title  # the heading only: the data table's summary no longer repeats it


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
    .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.querySelector('th')?.textContent)"""


def test_on_a_desktop_every_table_fits_its_column(browser: Browser, site_url: str) -> None:
    # Material's 5rem minimum per cell pushed the projects table's 태그 column behind a scrollbar.
    with open_page(browser) as page:
        for path in ("2023/", "2023/projects/", "2023/kpis/", "2023/services/", "2023/print/"):
            page.goto(site_url + path)
            assert page.evaluate(OVERFLOWING_TABLES) == [], path


def test_at_390px_nothing_is_wider_than_the_screen_and_the_summary_is_on_it(browser: Browser, site_url: str) -> None:
    with open_page(browser, width=390, height=844) as page:
        for path in ("2023/", "2023/projects/", "2023/kpis/", ""):
            page.goto(site_url + path)
            wide = page.evaluate(
                """() => [...document.querySelectorAll('article *')]
                    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 0.5)
                    .map(e => e.tagName)"""
            )
            assert wide == [], (path, wide)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.goto(site_url + "2023/")
        assert _top(page, ".reportgen-cards") < _top(page, "[data-source=generated]") < 844

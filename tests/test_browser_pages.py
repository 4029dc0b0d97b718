"""Issue 22, the pages: figures on the first screen, every year one click away, whole values in
tables, tap targets and headed lists. Measured in Chromium at a laptop's and a phone's viewport,
in both colour schemes, on the sample, the English example and a 25-year site."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.synthetic import write_content

from .conftest import REPO, copy_project, open_page, run_mkdocs, served

VIEWPORTS = {"laptop": (1280, 800), "phone": (390, 844)}
SCHEMES = ("light", "dark")
YEARS = 25


def _serve(folder: Path) -> Iterator[str]:
    with served(folder) as url:
        yield url


def _build(project: Path) -> Path:
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sre_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example (two years, records sections), built as a team keeps it."""
    project = tmp_path_factory.mktemp("sre-pages")
    shutil.copytree(REPO / "examples" / "sre-team" / "content", project / "content")
    shutil.copy(REPO / "examples" / "sre-team" / "mkdocs.yml", project / "mkdocs.yml")
    yield from _serve(_build(project))


@pytest.fixture(scope="module")
def years_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of 25 years (2000-2024), two projects each: the sample's config and templates."""
    project = copy_project(tmp_path_factory.mktemp("years25"))
    shutil.rmtree(project / "content")
    write_content(project / "content", years=YEARS, projects=2, first_year=2000)
    yield from _serve(_build(project))


def _open(browser: Browser, viewport: str, scheme: str) -> AbstractContextManager[Page]:
    width, height = VIEWPORTS[viewport]
    return open_page(browser, width=width, height=height, scheme=scheme)


FIRST_SCREEN = """() => {
  const top = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect() : null; };
  const card = top('article .reportgen-cards li'), sentence = top('article [data-source=generated]');
  const team = top('article [data-source=team]');
  const order = [...document.querySelectorAll('article .reportgen-cards, article [data-source]')]
    .map(e => e.matches('.reportgen-cards') ? 'cards' : e.dataset.source);
  return {card: card && [card.top, card.bottom], sentence: sentence && sentence.top,
          team: team && team.top, order};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize(
    ("site", "path", "order"),
    [
        ("sample", "", ["cards", "generated", "team"]),  # one year: the overview's first screen, then a link
        ("sample", "2023/", ["cards", "generated", "team"]),
        ("sre", "", ["cards", "generated"]),  # several years: the view across years, no copy of the words
        ("sre", "2024/", ["cards", "generated"]),  # its report has no words of the team
    ],
)
def test_the_first_screen_shows_the_headline_figures_then_the_sentence(
    browser: Browser,
    site_url: str,
    sre_url: str,
    site: str,
    path: str,
    order: list[str],
    viewport: str,
    scheme: str,
) -> None:
    with _open(browser, viewport, scheme) as page:
        page.goto((site_url if site == "sample" else sre_url) + path)
        found = page.evaluate(FIRST_SCREEN)
        height = VIEWPORTS[viewport][1]
        # The first card is whole on the first screen, and the sentence starts on it too.
        top, bottom = found["card"]
        assert 0 < top < bottom <= height, (path, viewport, found)
        assert bottom < found["sentence"] < height, (path, viewport, found)
        # Reading order (DOM: keyboard and screen reader) is the visual order.
        assert found["order"] == order
        if found["team"] is not None:
            assert found["sentence"] < found["team"]


def test_each_card_of_a_later_year_stands_beside_last_years_figure(page: Page, sre_url: str) -> None:
    page.goto(sre_url + "2024/")
    captions = page.locator("article .reportgen-cards li hr + p").all_inner_texts()
    assert captions[:5] == [
        "Incidents · 2023: 3 · 2024 target: 2 (✓ Met)",
        "MTTR · 2023: 3 h · 2024 target: 2 h (✓ Met)",
        "Share of SEV1 · 2023: 33.3%",
        "On-call pages · 2023: 58",
        "Reliability projects · 2023: 2",
    ]


TABS = """() => [...document.querySelectorAll('.md-tabs__link')].map(a => {
  const r = a.getBoundingClientRect();
  return {href: a.href, text: a.textContent.trim(), left: r.left, right: r.right, shown: r.width > 0};
})"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_one_of_25_years_is_reachable_from_the_first_screen(
    browser: Browser, years_url: str, scheme: str
) -> None:
    with _open(browser, "laptop", scheme) as page:
        page.goto(years_url)
        tabs = page.evaluate(TABS)
        # Every tab is on the screen: none hidden past the bar's edge.
        assert all(tab["shown"] and tab["left"] >= 0 and tab["right"] <= 1280 for tab in tabs), tabs
        assert [tab["text"] for tab in tabs] == ["홈", *(f"{y}년 개요" for y in range(2024, 2019, -1)), "연도별 보고서"]
        reachable = {tab["href"] for tab in tabs}
        page.goto(tabs[-1]["href"])  # the years index: every year, newest first
        assert page.locator("h1").inner_text().startswith("연도별 보고서")
        listed = page.locator("article table td:first-child a")
        assert listed.all_inner_texts() == [f"{y}년" for y in range(2024, 1999, -1)]
        reachable |= {str(href) for href in listed.evaluate_all("links => links.map(a => a.href)")}
        assert {f"{years_url}{y}/" for y in range(2000, 2025)} <= reachable
        # The home page's trends come before its 25-row table, not pushed below it.
        page.goto(years_url)
        trends = page.locator("article h2", has_text="연도별 추이").bounding_box()
        table = page.locator("article table").first.bounding_box()
        assert trends is not None and table is not None and trends["y"] < table["y"]


# A cell holding one date, datetime, figure or id: such a cell is one line, never "2023-04-/03".
VALUE = re.compile(
    r"(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"  # a date or datetime
    r"|[A-Z]+(?:-\d+)+"  # an id, INC-2024-003
    r"|[-+]?[\d,.]+(?:\s?[^\s\d]{1,4})?|\d+h(?: \d+m)?)"  # a figure with its unit, a duration
)
# The lines a cell's text takes: the tops of its text's boxes (of text nodes only, since a link's own
# box starts a pixel above the text inside it, which would read as a second line).
CELLS = """() => [...document.querySelectorAll('article td')].filter(td => td.getClientRects().length).map(td => {
  const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  const tops = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
  }
  return {text: td.innerText.trim(), lines: tops.size};
})"""

TABLE_PAGES = {
    "sample": ["2023/projects/", "2023/kpis/", "2023/services/"],
    "sre": ["2023/incidents/", "2024/incidents/", "2023/slos/", "2024/releases/", "2024/projects/", "2024/kpi-review/"],
}


@pytest.mark.parametrize("site", sorted(TABLE_PAGES))
def test_no_table_cell_wraps_a_date_or_a_figure_at_1280px(
    browser: Browser, site_url: str, sre_url: str, site: str
) -> None:
    with _open(browser, "laptop", "light") as page:
        measured = 0
        for path in TABLE_PAGES[site]:
            page.goto((site_url if site == "sample" else sre_url) + path)
            for cell in page.evaluate(CELLS):
                if VALUE.fullmatch(cell["text"]):
                    measured += 1
                    assert cell["lines"] == 1, (path, cell)
        assert measured >= 20  # the pages hold dates and figures: a test that measured none would prove nothing


def test_the_weeks_column_holds_only_numbers(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/projects/")
    weeks = page.locator("article table tbody tr td:nth-child(4)")
    texts = [re.sub(r"기간 메모$", "", text).strip() for text in weeks.all_inner_texts()]
    assert texts == ["38주", "38주", "34주", "15주", "10주", "8주", "5주", ""]
    # Others' "Various" is a note under the table, which its cell links to.
    weeks.last.get_by_role("link", name="기간 메모").click()
    assert page.locator("#projects--duration-notes").inner_text() == "기간 메모: Others: Various"


LINK_PAGES = {
    "sample": ["", "2023/", "2023/projects/", "2023/kpis/", "2023/services/", "2023/achievements/"],
    "sre": ["", "2024/", "2023/incidents/", "2024/kpi-review/", "2024/projects/"],
}
SMALL_LINKS = """() => [...document.querySelectorAll('article a[href]')].filter(a => a.getClientRects().length)
  .map(a => ({text: a.textContent.trim(), height: Math.min(...[...a.getClientRects()].map(r => r.height))}))"""


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("site", sorted(LINK_PAGES))
def test_every_link_target_is_at_least_24px_tall(
    browser: Browser, site_url: str, sre_url: str, site: str, viewport: str
) -> None:
    with _open(browser, viewport, "light") as page:
        counted = 0
        for path in LINK_PAGES[site]:
            page.goto((site_url if site == "sample" else sre_url) + path)
            links = page.evaluate(SMALL_LINKS)
            counted += len(links)
            assert [link for link in links if link["height"] < 24] == [], path
        assert counted > 20


EMPTY_HEADINGS = """() => [...document.querySelectorAll('article h2, article h3')].filter(h => {
  let next = h.nextElementSibling;
  const level = Number(h.tagName[1]);
  const heading = next && /^H[1-6]$/.test(next.tagName) && Number(next.tagName[1]) <= level;
  return !h.textContent.replace('¶', '').trim() || !next || heading;
}).map(h => h.textContent)"""


@pytest.mark.parametrize("site", sorted(LINK_PAGES))
def test_no_heading_is_empty(page: Page, site_url: str, sre_url: str, site: str) -> None:
    pages = {"sample": [*LINK_PAGES["sample"], "2023/infrastructure/"], "sre": [*LINK_PAGES["sre"], "2023/kpis/"]}
    for path in pages[site]:
        page.goto((site_url if site == "sample" else sre_url) + path)
        assert page.locator("article h1, article h2").count() > 0
        assert page.evaluate(EMPTY_HEADINGS) == [], path


def test_the_overview_lists_its_pages_under_a_heading(page: Page, site_url: str) -> None:
    page.goto(site_url + "2023/")
    heading = page.locator("article h2", has_text="이 보고서에는")
    listed = heading.locator("xpath=following-sibling::ul[1]/li/a")
    assert listed.all_inner_texts()[:2] == ["프로젝트", "기술 성과"]
    assert listed.count() == 8  # every section page of the year


def test_a_one_project_year_shows_its_project(page: Page, sre_url: str) -> None:
    page.goto(sre_url + "2024/")
    heading = page.locator("article h2", has_text="The year's project")
    block = heading.locator("xpath=following-sibling::div[1]")
    assert block.locator("p").all_inner_texts() == [
        "SLO dashboards",
        "2024-01-08 – 2024-03-25 · 11 wk · Completed · On time",
    ]
    # Right after the year's sentence, before any chart; "the longest of one" is not said.
    sentence = page.locator("article [data-source=generated]")
    assert "longest" not in sentence.inner_text()
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert sentence.evaluate("s => s.getBoundingClientRect().bottom") < top
    assert top < page.locator("article img").first.evaluate("i => i.getBoundingClientRect().top")
    # A year of several projects has no such block.
    page.goto(sre_url + "2023/")
    assert page.locator("article h2", has_text="The year's project").count() == 0


def test_a_one_year_home_page_is_the_overviews_first_screen_and_a_link(page: Page, site_url: str) -> None:
    page.goto(site_url)
    article = page.locator("article")
    # Not a second copy of the overview: no charts, no table of one year, no list of its pages.
    assert article.locator("img").count() == 0 and article.locator("table").count() == 0
    assert [text.rstrip("¶") for text in article.locator("h2").all_inner_texts()] == ["2023년 한눈에 보기"]
    article.get_by_role("link", name="2023년 보고서 읽기").click()
    assert page.locator("h1").inner_text().startswith("2023년 개요")


DRAWER = """() => [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')]
  .map(li => li.querySelector('.md-nav__link'))
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })
  .map(e => e.textContent.trim())"""


def test_on_a_phone_the_drawer_shows_the_latest_years_and_the_years_index(browser: Browser, years_url: str) -> None:
    with _open(browser, "phone", "light") as page:
        page.goto(years_url)
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_function("document.querySelector('#__drawer').checked")
        expected = ["홈", *(f"{y}년 개요" for y in range(2024, 2019, -1)), "연도별 보고서"]
        page.wait_for_function(f"({DRAWER})().length === {len(expected)}")
        assert page.evaluate(DRAWER) == expected  # each on the phone's first screen, one tap from every year

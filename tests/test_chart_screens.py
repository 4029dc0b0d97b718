"""Charts as a reader's screen shows them (issue 22, parts 2, 4 and 5), in Chromium, in both schemes.

A chart's text is drawn as paths, so its size is read from the `data-font-size` each text group
carries (in the SVG's own units) times the scale the page draws the image at: its rendered width
over its viewBox width. Which of the chart's two drawings shows is the SVG's own business (an
@media rule inside it): each chart is opened on its own at exactly its rendered width, and only
the texts Chromium lays out there count.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, ViewportSize, expect

from .conftest import copy_project, open_page, run_mkdocs, served
from .test_example_team import example_site, example_url  # noqa: F401  (fixtures)
from .test_zensical import builds, zensical_url  # noqa: F401  (fixtures)

READABLE_PX = 11.0
PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1280, "height": 800}
ALT_MOST = 600

# What the SVG shows at the width it is drawn at: the sizes of the texts laid out there, and its viewBox.
SIZES_JS = """() => {
  const svg = document.documentElement;
  const sizes = [...document.querySelectorAll('[data-font-size]')]
    .filter(g => g.getBoundingClientRect().width > 0)
    .map(g => parseFloat(g.getAttribute('data-font-size')));
  return {viewBox: svg.viewBox.baseVal.width, sizes};
}"""


def _scheme(page: Page, scheme: str) -> None:
    if scheme == "dark":
        page.locator("label[for='__palette_1']").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def _shown_charts(page: Page, scheme: str) -> list[tuple[str, float]]:
    """(url, rendered width) of each chart image shown, checking it is the scheme's own file."""
    images = page.locator("img[src*='charts/']")
    shown = []
    for i in range(images.count()):
        image = images.nth(i)
        if not image.is_visible():
            continue
        src = str(image.get_attribute("src"))
        assert src.endswith(f".{scheme}.svg#only-{scheme}"), src  # the scheme toggle picks the file
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), src
        url = image.evaluate("img => img.currentSrc").split("#")[0]
        shown.append((url, image.bounding_box()["width"]))  # type: ignore[index]
    return shown


def _smallest_px(browser: Browser, url: str, width: float) -> tuple[float, int]:
    """The smallest text of the chart at `url` drawn `width` CSS px wide, in CSS px; and how many texts show."""
    with open_page(browser, url, width=round(width)) as page:
        found = page.evaluate(SIZES_JS)
    sizes = found["sizes"]
    return (min(sizes) * width / found["viewBox"] if sizes else 0.0), len(sizes)


def _check_page(browser: Browser, url: str, viewport: ViewportSize, scheme: str, shot: Path) -> int:
    with open_page(browser, url, **viewport, locale="ko-KR") as page:
        _scheme(page, scheme)
        charts = _shown_charts(page, scheme)
        page.screenshot(path=str(shot), full_page=True)  # to look at, when a number here moves
    assert charts, f"no chart shown on {url}"
    for src, width in charts:
        smallest, count = _smallest_px(browser, src, width)
        assert count > 0, f"{src}: no text carries a data-font-size"  # a chart without sizes fails
        assert smallest >= READABLE_PX, f"{src} at {width:.0f} px: text at {smallest:.1f} px"
    return len(charts)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_the_samples_chart_text_is_never_under_11px(
    browser: Browser, site_url: str, viewport: ViewportSize, scheme: str, tmp_path: Path
) -> None:
    shown = _check_page(browser, site_url + "2023/", viewport, scheme, tmp_path / "page.png")
    assert shown == 3  # the overview's timeline, donut and durations


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("path", ["2024/", ""], ids=["overview", "home"])  # the home page: the trends
def test_the_english_examples_chart_text_is_never_under_11px(
    browser: Browser,
    example_url: str,  # noqa: F811
    path: str,
    viewport: ViewportSize,
    scheme: str,
    tmp_path: Path,
) -> None:
    _check_page(browser, example_url + path, viewport, scheme, tmp_path / "page.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_exported_project_built_by_zensical_keeps_chart_text_at_11px_on_a_phone(
    browser: Browser,
    zensical_url: str,  # noqa: F811
    scheme: str,
    tmp_path: Path,
) -> None:
    # The same SVG files: the width rule inside each one works whatever built the page around it.
    assert _check_page(browser, zensical_url + "2023/", PHONE, scheme, tmp_path / "page.png") == 3


def _serve(folder: Path) -> Iterator[str]:
    with served(folder) as url:
        yield url


def _synthetic_site(folder: Path, projects: int) -> Path:
    from benchmarks.synthetic import write_content

    project = copy_project(folder)
    shutil.rmtree(project / "content")
    write_content(project / "content", years=1, projects=projects)
    if projects == 1:  # the year's one project, dated (the generator's first one has no dates)
        path = project / "content" / "2015" / "projects.yaml"
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))
        (only,) = facts["projects"]
        only.pop("duration_note", None)
        # Delayed, as the generated year declares (0 on time) and its KPIs take as their baseline.
        only.update(start=date(2015, 3, 2), end=date(2015, 6, 26), status="completed", delivery="delayed")
        path.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-2000:]
    return project / "site"


@pytest.fixture(scope="module")
def big_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(_synthetic_site(tmp_path_factory.mktemp("big"), 250))


@pytest.fixture(scope="module")
def single_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(_synthetic_site(tmp_path_factory.mktemp("single"), 1))


def _overview_charts(page: Page) -> list[tuple[str, str, int]]:
    """(heading, alt text, data-table rows) of each chart of the overview shown."""
    found = []
    images = page.locator("img[src*='charts/']:visible")
    for i in range(images.count()):
        image = images.nth(i)
        heading = image.locator("xpath=preceding::h2[1]").inner_text().rstrip("¶").strip()
        table = image.locator("xpath=following::details[1]//table")
        found.append((heading, str(image.get_attribute("alt")), table.locator("tbody tr").count()))
    return found


def test_a_250_project_year_shows_a_monthly_timeline_and_a_histogram_with_bounded_alt_text(
    browser: Browser, big_url: str, tmp_path: Path
) -> None:
    with open_page(browser, big_url + "2015/", **LAPTOP, locale="ko-KR") as page:
        charts = {heading: (alt, rows) for heading, alt, rows in _overview_charts(page)}
        page.screenshot(path=str(tmp_path / "big.png"), full_page=True)
    running = next(h for h in charts if h.startswith("2015년 월별 진행 중인 프로젝트 (전체 "))
    histogram = next(h for h in charts if h.startswith("프로젝트 기간 분포 (전체 "))
    for heading in (running, histogram):
        alt, rows = charts[heading]
        assert len(alt) <= ALT_MOST, (heading, len(alt))
        count = int(heading.rsplit("전체 ", 1)[1].rstrip("개)"))
        assert rows == count  # the web table has every project the chart counts
    assert not any("가장 긴" in h for h in charts)  # no "the longest N" left
    for heading, (alt, _) in charts.items():
        assert len(alt) <= ALT_MOST, heading


def test_a_one_project_year_shows_one_figure(browser: Browser, single_url: str) -> None:
    with open_page(browser, single_url + "2015/", **PHONE, locale="ko-KR") as page:
        charts = _overview_charts(page)
    assert [heading for heading, _, _ in charts] == ["2015년 프로젝트 일정"]

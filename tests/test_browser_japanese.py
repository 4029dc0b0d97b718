"""The Japanese example (examples/mobile-team-ja) as a reader meets it in Chromium: in both colour
schemes, at desktop and phone widths, every generated string Japanese, and search finding 監視."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import REPO, open_page, record_errors, run_mkdocs, served, visible_text

EXAMPLE = REPO / "examples" / "mobile-team-ja"
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Latin words on the pages that are the team's own facts (names, tags, severities) or universal
# abbreviations, not reportgen's English.
TEAM_WORDS = {
    "SDK",
    "API",
    "iOS",
    "Android",
    "Kotlin",
    "Swift",
    "KPI",
    "CSV",
    "JSON",
    "ID",
    "p95",
    "sev1",
    "sev2",
    "sev3",
}


@pytest.fixture(scope="module")
def japanese_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mobile-team-ja")
    built = run_mkdocs(REPO, "build", "--strict", "-f", str(EXAMPLE / "mkdocs.yml"), "-d", str(folder / "site"))
    assert built.returncode == 0, built.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def japanese_url(japanese_site: Path) -> Iterator[str]:
    with served(japanese_site) as url:
        yield url


@contextmanager
def _open(browser: Browser, width: int, scheme: str) -> Iterator[Page]:
    with open_page(browser, width=width, scheme=scheme, locale="ja-JP") as page:
        record_errors(page)
        yield page


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_year_reads_in_japanese(
    browser: Browser, japanese_url: str, tmp_path: Path, width: int, scheme: str
) -> None:
    with _open(browser, width, scheme) as page:
        page.goto(japanese_url + "2024/")
        assert page.locator("html").get_attribute("lang") == "ja"
        expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate" if scheme == "dark" else "default"
        )
        article = page.locator("article")
        expect(article.locator("h1")).to_have_text(re.compile(r"^2024年の概要"))
        expect(article).to_contain_text("2024年はプロジェクト3件を実施した。")
        text = article.inner_text()
        assert not HANGUL.search(page.locator("body").inner_text())
        assert set(re.findall(r"[A-Za-z][A-Za-z0-9]+", text)) <= TEAM_WORDS
        # Japanese line breaking: between characters, with the strict kinsoku rules (keep-all is Korean's).
        style = article.evaluate("a => [getComputedStyle(a).wordBreak, getComputedStyle(a).lineBreak]")
        assert style == ["normal", "strict"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the side
        suffix = "dark" if scheme == "dark" else "light"
        chart = page.locator(f"img[src*='charts/timeline.{suffix}.svg']")
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
        shot = chart.screenshot(path=str(tmp_path / f"timeline-{scheme}-{width}.png"))
        assert len(set(shot[100:])) > 50  # drawn, not an empty box
        assert page.problems == []  # type: ignore[attr-defined]


def test_material_speaks_japanese_and_search_finds_kanji(browser: Browser, japanese_url: str) -> None:
    with _open(browser, 1280, "light") as page:
        page.goto(japanese_url)
        assert page.locator(".md-search__input").get_attribute("placeholder") == "検索"
        expect(page.locator(".md-copyright")).to_have_text(re.compile(r"^\s*Material for MkDocs\s+で作成\s*$"))
        page.locator(".md-search__input").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("検索キーワードを入力してください", timeout=15000)
        page.keyboard.type("監視")
        page.keyboard.press("End")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
        expect(page.locator(".md-search-result")).to_contain_text("監視基盤の刷新")
        assert page.problems == []  # type: ignore[attr-defined]


def test_the_404_page_is_japanese(browser: Browser, japanese_url: str) -> None:
    with _open(browser, 1280, "light") as page:
        page.goto(japanese_url + "404.html")  # what GitHub Pages serves for an unknown address
        expect(page.locator("article h1")).to_have_text("404 — ページが見つからない")


def test_the_year_in_figures_reads_as_japanese_prose(japanese_site: Path) -> None:
    """Lists in a sentence take the language's separator (、), counts their unit once (3件, never 3件件)."""
    page = (japanese_site / "2025" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    # The sentence as its paragraph reads: its figures are links to their notes (issue 26), and tags
    # stripped without a space keep "2件、" whole, as the browser shows it.
    paragraphs = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", page, flags=re.S)]
    compared = (
        "2024年との比較：全プロジェクト 3件 → 2件、納期遵守率 66.7% → 100%、平均期間 19週 → 18週、障害件数 3件 → 1件。"
    )
    (sentences,) = [p for p in paragraphs if "2024年との比較" in p]  # the generated sentences' paragraph
    assert sentences.endswith(" " + compared), sentences
    assert "件件" not in text

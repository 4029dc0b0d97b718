"""A figure's note in Chromium: closed it adds at most 24px to its card and keeps the numbers first;
it opens from the keyboard; its links land on a highlighted row. At 1280 and 390 px, in both schemes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import open_page

MOST_PX = 24  # what a closed note may add to its card


@pytest.fixture(params=[(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")], ids=lambda p: f"{p[0]}-{p[1]}")
def shown(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Page]:
    width, scheme = request.param
    with open_page(browser, width=width, scheme=scheme, locale="ko-KR") as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + "2023/")
        # The palette follows the system's scheme (prefers-color-scheme), as a reader's browser sets it.
        expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate" if scheme == "dark" else "default"
        )
        yield page
        assert errors == []


def _card_heights(page: Page) -> list[float]:
    cards = "[...document.querySelectorAll('.reportgen-cards > ul > li')]"
    return page.evaluate(f"() => {cards}.map(li => li.getBoundingClientRect().height)")


def _figure_tops(page: Page) -> list[float]:
    figures = "[...document.querySelectorAll('.reportgen-cards > ul > li strong')]"
    return page.evaluate(f"() => {figures}.map(s => s.getBoundingClientRect().top + window.scrollY)")


def test_a_closed_note_adds_at_most_24px_to_its_card(shown: Page) -> None:
    notes = shown.locator(".reportgen-cards details.reportgen-working")
    count = notes.count()
    assert count == len(_card_heights(shown)) >= 4  # one note in each card
    assert all(not notes.nth(i).evaluate("d => d.open") for i in range(count))
    closed, tops = _card_heights(shown), _figure_tops(shown)
    shown.add_style_tag(content=".reportgen-cards details.reportgen-working { display: none !important; }")
    without, tops_without = _card_heights(shown), _figure_tops(shown)
    added = [round(a - b, 1) for a, b in zip(closed, without, strict=True)]
    assert all(0 < px <= MOST_PX for px in added), added
    # The numbers still lead: the first figure stands where it stands without notes, and a figure
    # further down moves by at most the notes of the cards above it in its column.
    assert tops[0] == tops_without[0]
    assert all(0 <= a - b <= MOST_PX * len(tops) for a, b in zip(tops, tops_without, strict=True))


def test_a_note_opens_from_the_keyboard_and_its_link_lands_on_a_highlighted_row(shown: Page) -> None:
    summary = shown.locator(".reportgen-cards details.reportgen-working > summary").first
    summary.focus()
    assert shown.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    shown.keyboard.press("Enter")
    note = shown.locator(".reportgen-cards details.reportgen-working").first
    expect(note).to_have_attribute("open", "")
    link = note.locator("a").first
    expect(link).to_be_visible()
    box = note.bounding_box()
    assert box is not None and box["x"] + box["width"] <= shown.viewport_size["width"]  # no overflow at 390px
    anchor = (link.get_attribute("href") or "").split("#", 1)[1]
    link.focus()
    shown.keyboard.press("Enter")
    shown.wait_for_url(f"**#{anchor}")
    row = shown.locator(f"tr:has(#{anchor})")
    expect(row).to_be_visible()
    outline = row.evaluate("r => getComputedStyle(r).outlineStyle")
    assert outline == "solid"  # :target highlights the row it landed on
    shown.keyboard.press("Alt+ArrowLeft")


@pytest.mark.parametrize("anchor", ["working--project_count", "working--known_delivery_count"])
def test_a_sentences_number_opens_its_note_where_it_lands(shown: Page, anchor: str) -> None:
    # project_count's note is its card's; known_delivery_count has no card: its note follows the sentences.
    link = shown.locator(f".reportgen-summary--generated > p a[href='#{anchor}']")
    expect(link).to_have_count(1)
    note = shown.locator(f"details.reportgen-working:has(#{anchor})")
    expect(note).to_have_count(1)
    assert not note.evaluate("d => d.open")
    link.click()
    expect(note).to_have_js_property("open", True)  # the browser opens the note its target stands in
    assert shown.evaluate("() => location.hash") == f"#{anchor}"
    line = shown.locator(f"#{anchor}")
    expect(line).to_be_in_viewport()
    assert line.evaluate("e => e.matches(':target')")

"""Every fact of the seed document is on the built site, on its page and in its place.

The expectations come from the seed itself (tests/seed_facts.py): a project's dates, status,
delivery and weeks in that project's row of the projects table; each achievement's problem,
action and result items under the right heading of that achievement's page; each service's
status and detail in its row; each group's items under the group's heading; each KPI in its row.
Lists are compared whole and in order, table cells whole, so a changed, dropped or added item
fails. The printable report is checked separately against the same expectations (the headline
cards on its cover). A fact kept in a note (the declared-figure differences in the overview's
"팀 메모") is found in that note, whether collapsed (web) or printed open.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

import pytest

from .page_blocks import Block, PageBlocks, find, read_blocks
from .seed_facts import (
    Expectation,
    ListExpectation,
    ParagraphExpectation,
    TableExpectation,
    achievement_headings,
    expectations,
    seed_facts,
)

FACTS = seed_facts()
EXPECTATIONS = expectations(FACTS)
YEAR = str(FACTS.year)


# Test ids in ASCII (pytest escapes Hangul): the section and the expectation's number in it.
IDS = [f"{e.section}-{[x for x in EXPECTATIONS if x.section == e.section].index(e) + 1}" for e in EXPECTATIONS]


@pytest.fixture(scope="module")
def site_pages(built_site: Path) -> dict[str, PageBlocks]:
    """The year's pages (the print page aside), by the title of each page."""
    pages: dict[str, PageBlocks] = {}
    for html in sorted((built_site / YEAR).rglob("index.html")):
        if html.parent.name == "print":
            continue
        blocks = read_blocks(html.read_text(encoding="utf-8"))
        assert blocks.title not in pages, f"two pages are titled {blocks.title!r}"
        pages[blocks.title] = blocks
    return pages


@pytest.fixture(scope="module")
def print_page(built_site: Path) -> PageBlocks:
    return read_blocks((built_site / YEAR / "print" / "index.html").read_text(encoding="utf-8"))


def check(expectation: Expectation, page: PageBlocks, *, printed: bool = False) -> None:
    """Assert that `page` shows what `expectation` says, in its place (on the print page, `printed`,
    at its `print_path` where it has one). A fact in a note is looked for in the note of that title
    anywhere in the section; any other fact only outside every note and collapsible box."""
    path = expectation.print_path if printed and expectation.print_path else expectation.path
    here = [b for b in find(page, path, within=bool(expectation.box)) if b.box == expectation.box]
    where = " > ".join(path) + (f" [{expectation.box}]" if expectation.box else "")
    if isinstance(expectation, TableExpectation) and not expectation.rows:
        # e.g. no stated figure differs from the derived one: then no table may be shown at all
        assert not [b for b in here if b.kind == "table"], f"{where}: an unexpected table"
    elif isinstance(expectation, ListExpectation):
        _check_list(expectation, here, where)
    elif isinstance(expectation, ParagraphExpectation):
        _check_paragraph(expectation, here, where)
    else:
        _check_table(expectation, here, where)


def _check_paragraph(expectation: ParagraphExpectation, here: list[Block], where: str) -> None:
    leads = [i for i, b in enumerate(here) if b.kind == "paragraph" and b.text == expectation.lead]
    assert len(leads) == 1, f"{where}: expected one lead-in {expectation.lead!r}, found {len(leads)}"
    after = here[leads[0] + 1] if leads[0] + 1 < len(here) else None
    assert after is not None and after.kind == "paragraph", f"{where}: no paragraph after {expectation.lead!r}"
    assert after.text == expectation.text, f"{where}: the paragraph differs from the seed: {after.text!r}"


def _check_list(expectation: ListExpectation, here: list[Block], where: str) -> None:
    lists = [b for b in here if b.kind == expectation.kind]
    assert len(lists) == 1, f"{where}: expected one {expectation.kind}, found {len(lists)}"
    assert lists[0].items == list(expectation.items), f"{where}: the list's items differ from the seed"
    if expectation.lead:
        before = here[here.index(lists[0]) - 1] if here.index(lists[0]) else None
        assert before is not None and before.kind == "paragraph", f"{where}: no lead-in before the list"
        assert before.text == expectation.lead, f"{where}: the lead-in differs from the seed"


def _check_table(expectation: TableExpectation, here: list[Block], where: str) -> None:
    tables = [b for b in here if b.kind == "table"]
    assert len(tables) == 1, f"{where}: expected one table, found {len(tables)}"
    table = tables[0]
    wanted = [expectation.key_column, *dict(expectation.rows[0][1])]
    assert set(wanted) <= set(table.header), f"{where}: the table's columns {table.header} lack some of {wanted}"
    columns = {name: table.header.index(name) for name in wanted}
    keys = [row[columns[expectation.key_column]] for row in table.rows]
    assert keys == [key for key, _ in expectation.rows], f"{where}: the rows differ from the seed"
    for (key, cells), row in zip(expectation.rows, table.rows, strict=True):
        shown = {column: row[columns[column]] for column, _ in cells}
        assert shown == dict(cells), f"{where}: the row {key!r} differs from the seed"


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=IDS)
def test_each_seed_fact_is_on_its_page_in_its_place(
    expectation: Expectation, site_pages: dict[str, PageBlocks]
) -> None:
    page = site_pages.get(expectation.path[0])
    assert page is not None, f"no page titled {expectation.path[0]!r}; pages: {sorted(site_pages)}"
    check(expectation, page)


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=IDS)
def test_each_seed_fact_is_in_its_place_on_the_print_page(expectation: Expectation, print_page: PageBlocks) -> None:
    check(expectation, print_page, printed=True)


def test_the_expectations_cover_every_fact_of_the_seed() -> None:
    """A guard on the parser: the seed's counts, so a layout change cannot silently drop facts."""
    assert len(FACTS.projects) == FACTS.stated["project_count"] == 8
    assert len(FACTS.achievements) == 3
    assert sum(len(a.problem) + len(a.actions) + len(a.results) for a in FACTS.achievements) == 18
    assert {section: len(groups) for section, groups in FACTS.groups.items()} == {
        "infrastructure": 3,
        "reliability": 2,
        "operations": 3,
        "impact": 3,
    }
    assert sum(len(g.items) for groups in FACTS.groups.values() for g in groups) == 34
    assert (len(FACTS.services), len(FACTS.performance_tests), len(FACTS.kpis), len(FACTS.quality_goals)) == (
        4,
        4,
        5,
        3,
    )
    assert len(EXPECTATIONS) == 3 + 1 + 10 + 11 + 2 + 2
    assert [p.name for p in FACTS.projects if p.delivery_inferred] == ["GABIA IDC", "Aloha", "Others"]


def test_each_achievement_is_linked_from_the_section_page(built_site: Path) -> None:
    """The section page lists the achievements, each with its one-line result (checked whole by the
    expectations); each item's link is named by the achievement's title, in the seed's order, and
    opens the page with that title."""
    section = built_site / YEAR / "achievements" / "index.html"
    (listing,) = [b for b in read_blocks(section.read_text(encoding="utf-8")).blocks if b.kind == "list"]
    assert listing.link_texts == achievement_headings(FACTS), "the links are not named by the achievements' titles"
    for title, href in zip(listing.link_texts, listing.links, strict=True):
        target = built_site / posixpath.normpath(posixpath.join(f"{YEAR}/achievements", unquote(href))) / "index.html"
        assert target.is_file(), f"{title}: the link {href!r} leads nowhere"
        assert read_blocks(target.read_text(encoding="utf-8")).title == title


def test_a_longer_item_or_an_item_elsewhere_does_not_count() -> None:
    """Whole items in their place: neither a longer item nor the same item under another heading passes."""
    expected = ListExpectation("achievements", ("A", "결과"), ("클라이언트 요구사항 충족",))
    longer = read_blocks("<article><h1>A</h1><h2>결과</h2><ul><li>클라이언트 요구사항 충족 및 성공</li></ul></article>")
    elsewhere = read_blocks(
        "<article><h1>A</h1><h2>결과</h2><ul><li>다른 결과</li></ul>"
        "<h1>B</h1><h2>결과</h2><ul><li>클라이언트 요구사항 충족</li></ul></article>"
    )
    right = read_blocks("<article><h1>A</h1><h2>결과</h2><ul><li>클라이언트 <b>요구사항</b> 충족</li></ul></article>")
    for wrong in (longer, elsewhere):
        with pytest.raises(AssertionError):
            check(expected, wrong)
    check(expected, right)


def test_a_fact_kept_in_a_note_counts_only_in_that_note() -> None:
    """The team note is found collapsed (web) or printed open, anywhere in its section; the same table
    outside the note, in another box or in another section does not count, nor does a plain fact in a note."""
    expected = TableExpectation("overview", ("O",), "수치", (("평균 기간", (("원문", "~20주"),)),), box="팀 메모")
    table = "<table><tr><th>수치</th><th>원문</th></tr><tr><td>평균 기간</td><td>~20주</td></tr></table>"
    collapsed = f"<article><h1>O</h1><h2>차트</h2><details><summary>팀 메모</summary>{table}</details></article>"
    note = '<div class="admonition note"><p class="admonition-title">팀 메모</p>'
    printed = f"<article><h1>O</h1>{note}{table}</div></article>"
    for right in (collapsed, printed):
        check(expected, read_blocks(right))
    loose = f"<article><h1>O</h1>{table}</article>"
    other_box = f"<article><h1>O</h1><details><summary>차트 데이터</summary>{table}</details></article>"
    other_section = f"<article><h1>O</h1><h1>P</h1><details><summary>팀 메모</summary>{table}</details></article>"
    for wrong in (loose, other_box, other_section):
        with pytest.raises(AssertionError):
            check(expected, read_blocks(wrong))
    plain = ListExpectation("overview", ("O",), ("a",))
    with pytest.raises(AssertionError):
        check(
            plain,
            read_blocks(
                "<article><h1>O</h1><details><summary>팀 메모</summary><ul><li>a</li></ul></details></article>"
            ),
        )


def test_cards_count_only_as_cards_and_a_sentence_only_after_its_lead() -> None:
    """Headline cards are found only as a card grid, and the figures sentence only just after its mark."""
    cards = ListExpectation("overview", ("O",), ("8개 전체 프로젝트",), kind="cards")
    card = '<div class="grid cards"><ul><li><p><strong>8개</strong></p><hr><p>전체 프로젝트</p></li></ul></div>'
    check(cards, read_blocks(f"<article><h1>O</h1><ul><li>x</li></ul>{card}</article>"))
    with pytest.raises(AssertionError):
        check(cards, read_blocks("<article><h1>O</h1><ul><li>8개 전체 프로젝트</li></ul></article>"))
    sentence = ParagraphExpectation("overview", ("O",), "8개를 수행했습니다.", "수치로 본 한 해")
    check(sentence, read_blocks("<article><h1>O</h1><p>수치로 본 한 해</p><p>8개를 수행했습니다.</p></article>"))
    for wrong in (
        "<p>수치로 본 한 해</p><p>7개를 수행했습니다.</p>",
        "<p>8개를 수행했습니다.</p><p>수치로 본 한 해</p>",
    ):
        with pytest.raises(AssertionError):
            check(sentence, read_blocks(f"<article><h1>O</h1>{wrong}</article>"))

"""The printed annual report (`reportgen pdf`), read back page by page: paper, cover, contents and their
page numbers, one section per page, running header and footer, outline, metadata, fonts, tables that
are never cut, and every fact of the print page on the pages of its own section."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from reportgen.check.validate import load_site
from reportgen.cli.commands import main
from reportgen.emit.pdf import build_site, page_css, write_pdf
from reportgen.emit.print_document import KEEP_ROWS, PrintSettings, check_glyphs, document_html
from reportgen.emit.site_tree import build_pages
from reportgen.emit.working_data import counted_ids, left_out_count
from reportgen.load.catalogs import labels
from reportgen.model.facts import Site
from reportgen.sections.projects import projects as projects_of

from .conftest import REPO, copy_project
from .helpers import SECTION_HEADINGS
from .pdf_reading import MARGIN, PdfPage, Section, Table, _lines, article_sections, find_table_rows, read_pdf, squeeze

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
T = labels("ko")
TITLE = "Performance - 2023 — 연간 보고서"


def _make_pdf(project: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["pdf", "2023", "--config", str(project / "mkdocs.yml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("pdf"))
    return _make_pdf(project, project / "report-2023.pdf")


@pytest.fixture(scope="module")
def pages(report_pdf: Path) -> list[PdfPage]:
    return read_pdf(report_pdf)


@pytest.fixture(scope="module")
def print_page(built_site: Path) -> Path:
    return built_site / "2023" / "print" / "index.html"


@pytest.fixture(scope="module")
def sample_site() -> Site:
    validated = load_site(REPO / "content", REPO)
    assert validated.site is not None, validated.problems
    return validated.site


@pytest.fixture(scope="module")
def sections(print_page: Path) -> list[Section]:
    return article_sections(print_page)


def _body(page: PdfPage) -> list[str]:
    return page.body_lines


def _start_pages(pages: list[PdfPage], sections: list[Section]) -> dict[str, int]:
    """Where each section and subsection starts: the page whose body holds its heading as a line of its own."""
    starts: dict[str, int] = {"cover": 1}
    for section in sections[1:]:
        found = [
            p.number
            for p in pages[starts[list(starts)[-1]] - 1 :]
            if section.title in _body(p)  # sections flow on: a heading may stand anywhere on its page
        ]
        assert found, f"the heading {section.title!r} starts no page"
        starts[section.id] = found[0]
    return starts


def _page_of(pages: list[PdfPage], heading: str) -> int:
    """The page a section's heading is printed on, after the cover and contents (sections flow on,
    so it may stand anywhere on the page)."""
    return next(p.number for p in pages[2:] if heading in p.body_lines)


def _ranges(pages: list[PdfPage], sections: list[Section]) -> dict[str, range]:
    """The pages of each section: from its start up to the next section's start (subsections: their parent's)."""
    starts = _start_pages(pages, sections)
    tops = [s for s in sections if s.level <= 2]
    ranges: dict[str, range] = {}
    for index, section in enumerate(tops):
        # Up to the page the next section starts on, which it may share.
        end = starts[tops[index + 1].id] + 1 if index + 1 < len(tops) else len(pages) + 1
        ranges[section.id] = range(starts[section.id], max(end, starts[section.id] + 1))
    parent = "cover"
    for section in sections:
        parent = section.id if section.level <= 2 else parent
        ranges.setdefault(section.id, ranges[parent])
    return ranges


# --- paper ---------------------------------------------------------------------------------------


def test_every_page_is_a4(pages: list[PdfPage]) -> None:
    assert len(pages) >= 8  # sections flow on: 11 pages, where each section on its own page took 15
    for page in pages:
        assert (round(page.width, 2), round(page.height, 2)) == A4, page.number


def test_letter_and_english_when_the_site_settings_say_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    # The interface language is MkDocs's (theme.language); the paper size is the site settings'.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  language: ko", "  language: en"), encoding="utf-8")
    settings = project / "content" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "paper: letter\n", encoding="utf-8")
    out = _make_pdf(project, tmp_path / "letter.pdf")
    letter = read_pdf(out)
    assert {(round(p.width, 2), round(p.height, 2)) for p in letter} == {LETTER}
    assert letter[0].lines[:2] == ["Performance - 2023 — annual report", "백엔드팀 · 2023"]
    assert letter[1].body_lines[0] == "Contents"
    assert [page.lines[-1] for page in letter[1:3]] == [f"Page 2 of {len(letter)}", f"Page 3 of {len(letter)}"]
    assert pypdf.PdfReader(out).trailer["/Root"]["/Lang"] == "en"


def test_a_failed_layout_leaves_the_previous_pdf_as_it_was(tmp_path: Path) -> None:
    page = tmp_path / "print.html"
    page.write_text(_article("<p>배포 완료 𠀀</p>"), encoding="utf-8")
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the previous report")
    with pytest.raises(ValueError, match="no glyph"):
        write_pdf(page, out, SETTINGS, tmp_path)
    assert out.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["print.html", "report.pdf"]
    # A chart that cannot be loaded is an error too, not a hole in the report.
    page.write_text(_article('<p><img alt="x" src="charts/gone.light.svg#only-light" /></p>'), encoding="utf-8")
    with pytest.raises(ValueError, match=r"not laid out cleanly: Failed to load image .*gone\.light\.svg"):
        write_pdf(page, out, SETTINGS, tmp_path)
    assert out.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["print.html", "report.pdf"]


# --- the furniture of a report -------------------------------------------------------------------


def _cards(page: PdfPage) -> list[tuple[str, str]]:
    """The headline cards printed on `page`, in reading order: each card's figure (a word set larger than
    the rest) and the caption under it, the words in that card's column down to the next row of figures."""
    team_line = next(w for w in page.words if w.text == "백엔드팀")
    source_line = next(w for w in page.words if w.text == "원문")
    between = [w for w in page.words if team_line.y1 < w.y0 and w.y1 < source_line.y0]
    size = max(round(w.y1 - w.y0, 1) for w in between)
    figures = [w for w in between if round(w.y1 - w.y0, 1) == size]
    rows = sorted({round(f.y0) for f in figures})
    cards = []
    for figure in figures:
        same_row = sorted(f.x0 for f in figures if round(f.y0) == round(figure.y0))
        right = next((x for x in same_row if x > figure.x0), page.width)
        bottom = next((y for y in rows if y > round(figure.y0)), source_line.y0)
        caption = [w.text for w in page.words if w.y0 > figure.y1 and w.y1 < bottom and figure.x0 - 1 <= w.x0 < right]
        cards.append((figure.text, " ".join(caption)))
    return cards


def test_the_cover_has_title_team_year_headline_figures_and_source(pages: list[PdfPage]) -> None:
    cover = pages[0]
    assert cover.lines[:2] == [TITLE, "백엔드팀 · 2023년"]
    # Each card whole in its own box: its figure, and under it its caption with what the caption links to.
    assert _cards(cover) == [
        ("8개", "전체 프로젝트"),
        ("62.5%", "일정 준수율 · 2024 목표(팀의 말, 수치 목표 없음): “목표 향상 필요” · 추정 3건 포함"),
        ("3건", "지연 · 추정 3건 포함"),
        ("38주", "최장 기간"),
        ("21.1주", "평균 기간 · 원문: ~20주"),
    ]
    assert cover.lines[-1] == "원문 문서: Performance - 2023"  # the source by its title
    # No repository path anywhere on paper, cover or body.
    assert [p.number for p in pages if "seeds/" in p.squeezed or ".txt" in p.squeezed] == []
    assert not any(re.fullmatch(r"\d+ / \d+쪽", line) for line in cover.lines)  # no footer on the cover


def _fill(page: PdfPage) -> float:
    """How far down its body a page is printed: 0 empty, 1 full (the running header and footer aside)."""
    body = [w.y1 for w in page.words if w.y0 > MARGIN and w.y1 < page.height - MARGIN]
    return (max(body, default=MARGIN) - MARGIN) / (page.height - 2 * MARGIN)


def test_sections_flow_on_and_no_page_is_left_under_half_full(
    pages: list[PdfPage], sections: list[Section], print_page: Path
) -> None:
    tops = [s for s in sections if s.level == 2]
    assert [s.title for s in tops] == ["목차", "2023년 개요", *SECTION_HEADINGS, T["working_appendix"]]
    starts = _start_pages(pages, sections)
    numbers = [starts[s.id] for s in tops]
    assert numbers == sorted(numbers), numbers  # in order
    assert numbers[:2] == [2, 3]  # the cover and the contents are pages of their own
    assert len(set(numbers)) < len(numbers)  # sections share pages: none starts a page of its own
    # A block that does not fit what is left of a page: a chart with its data table (or a landscape page).
    charts = {c["title"] for c in _CHART.finditer(print_page.read_text(encoding="utf-8"))}
    assert len(charts) == 3
    short = []
    for page, after in itertools.pairwise(pages[2:]):  # after the cover and the contents
        # … and the appendix, which starts a page of its own.
        if _fill(page) < 0.5 and not (
            after.width > after.height or _body(after)[0] in {*charts, T["working_appendix"]}
        ):
            short.append((page.number, round(_fill(page), 2), _body(after)[0]))
    assert short == []
    assert _fill(pages[-1]) > 0  # the year's end may be a short page


def test_the_contents_give_the_page_each_section_starts_on(pages: list[PdfPage], sections: list[Section]) -> None:
    starts = _start_pages(pages, sections)
    contents = pages[starts["contents"] - 1]
    printed: dict[str, int] = {}
    for _, line in _lines(contents, -1.0):
        *title, number = [w.text for w in line]
        if number.isdigit() and title:
            printed[" ".join(title)] = int(number)
    expected = {s.title: starts[s.id] for s in sections if s.id.startswith("section-")}
    assert printed == expected
    assert expected["프로젝트"] == 6 and expected["비즈니스 임팩트"] <= expected[T["working_appendix"]] <= len(pages)


def test_running_header_and_page_n_of_m(pages: list[PdfPage], sections: list[Section]) -> None:
    starts = _start_pages(pages, sections)
    current = ""
    for page in pages[1:]:
        started = [s.title for s in sections if s.id.startswith("section-") and starts[s.id] == page.number]
        # string(section) is the first heading set on the page, else the last one set before it
        shown = started[0] if started else current
        current = started[-1] if started else current
        assert page.lines[-2] == f"{TITLE} {shown}".strip(), page.number
        assert page.lines[-1] == T["page_of"].format(page=page.number, pages=len(pages))


def test_the_outline_has_a_bookmark_for_each_section(
    report_pdf: Path, pages: list[PdfPage], sections: list[Section]
) -> None:
    reader = pypdf.PdfReader(report_pdf)
    starts = _start_pages(pages, sections)

    def entries(outline: list[object], level: int) -> list[tuple[int, str, int]]:
        found: list[tuple[int, str, int]] = []
        for item in outline:
            if isinstance(item, list):
                found += entries(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))  # type: ignore[attr-defined]
        return found

    outline = entries(reader.outline, 1)
    top = [(title, page) for level, title, page in outline if level == 1]
    assert top == [(s.title, starts[s.id]) for s in sections if s.level == 2]
    achievements = [(title, page) for level, title, page in outline if level == 2 and "—" in title]
    assert achievements == [(s.title, starts[s.id]) for s in sections if s.level == 3]


def test_metadata_title_author_language_and_no_dates(report_pdf: Path) -> None:
    reader = pypdf.PdfReader(report_pdf)
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author) == (TITLE, "백엔드팀")
    assert "/CreationDate" not in info and "/ModDate" not in info
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ko"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged, for screen readers


def test_the_fonts_are_the_pinned_ones_and_embedded(report_pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(report_pdf)], capture_output=True, text=True, check=True).stdout
    fonts = [line.split() for line in listing.splitlines()[2:]]
    assert fonts, listing
    for font in fonts:
        name = font[0].split("+", 1)[-1]
        assert name.startswith(("Report-NanumGothic", "Report-DejaVu")), name
        assert font[-5:-3] == ["yes", "yes"], font  # embedded, subset
    assert any(font[0].endswith("+Report-NanumGothic") for font in fonts)


def test_the_same_page_prints_the_same_bytes_wherever_it_was_built(built_site: Path, tmp_path: Path) -> None:
    settings = PrintSettings(title=TITLE, author="백엔드팀", language="ko", paper="a4")
    printed = []
    for name in ("one", "two"):
        shutil.copytree(built_site / "2023", tmp_path / name / "2023")
        write_pdf(
            tmp_path / name / "2023" / "print" / "index.html", tmp_path / f"{name}.pdf", settings, tmp_path / name
        )
        printed.append((tmp_path / f"{name}.pdf").read_bytes())
    assert printed[0] == printed[1]
    # Links to the site's other pages are plain text on paper: no link may lead into the build's folder.
    reader = pypdf.PdfReader(tmp_path / "one.pdf")
    targets = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert not [t for t in targets if t is not None and not str(t).startswith(("https:", "http:", "mailto:"))]
    assert b"file:" not in printed[0]


# --- nothing cut, nothing missing ----------------------------------------------------------------


def test_every_fact_of_each_section_is_on_its_own_pages(pages: list[PdfPage], sections: list[Section]) -> None:
    ranges = _ranges(pages, sections)
    checked = 0
    for section in sections:
        text = "".join(pages[n - 1].squeezed for n in ranges[section.id])
        _in_order(section.facts, text, f"{section.title or section.id} (pages {list(ranges[section.id])})")
        checked += len(section.facts)
    assert checked > 120


def _year_pages(site: Site, year: int) -> list[str]:
    """The docs paths of a year's web pages in reading order (the order of the print page's sections)."""
    tree, _ = build_pages(site)
    # The year's entry in the navigation: the one whose pages start with the year's overview.
    entries = next(
        value
        for entry in tree.nav
        for value in entry.values()
        if isinstance(value, list) and value and next(iter(value[0].values())) == f"{year}/index.md"
    )
    paths: list[str] = []
    for entry in entries:
        for value in entry.values():
            paths += [p for item in value for p in item.values()] if isinstance(value, list) else [value]
    return [p for p in paths if not p.endswith("/print.md")]


def _in_order(facts: list[str], text: str, where: str) -> None:
    """Each fact, whole, in `text` (squeezed) after the one before it: in its place, not anywhere."""
    at = 0
    for fact in facts:
        found = text.find(squeeze(fact), at)
        assert found >= 0, f"{where}: {fact!r} is not printed after {text[max(0, at - 40) : at]!r}"
        at = found + len(squeeze(fact))


def test_every_fact_of_each_web_page_is_on_its_sections_pages(
    pages: list[PdfPage], sections: list[Section], built_site: Path, sample_site: Site
) -> None:
    ranges = _ranges(pages, sections)
    web_pages = _year_pages(sample_site, 2023)
    # The appendix of how the figures were computed is the printed report's own (tests/test_working_print.py).
    report_sections = [s for s in sections if s.id.startswith("section-") and s.id != "section-appendix"]
    assert len(web_pages) == len(report_sections) == 12
    checked = 0
    for path, section in zip(web_pages, report_sections, strict=True):
        docs = Path(path)
        html = built_site / (docs.parent if docs.name == "index.md" else docs.with_suffix("")) / "index.html"
        (page,) = article_sections(html)
        facts = page.facts[1:]  # the page's own title is the section's heading
        if section.id == "section-1":  # the overview's headline cards are on the cover, in their order
            cards = sections[0].facts[2:-1]  # between the team · year line and the source document
            start = next((i for i in range(len(facts)) if facts[i : i + len(cards)] == cards), None)
            assert cards and start is not None, f"the cover's cards {cards} are not the overview's"
            facts = facts[:start] + facts[start + len(cards) :]
            _in_order(cards, pages[0].squeezed, f"{path} (cover)")
        text = "".join(pages[n - 1].squeezed for n in ranges[section.id])
        _in_order(facts, text, f"{path} (pages {list(ranges[section.id])})")
        for table in page.tables:
            find_table_rows(pages, table, ranges[section.id].start)
        checked += len(facts) + sum(len(row) for table in page.tables for row in table.rows)
    assert checked > 250


def test_no_table_is_cut_every_cell_is_in_its_row_and_column(pages: list[PdfPage], sections: list[Section]) -> None:
    ranges = _ranges(pages, sections)
    tables = 0
    for section in sections:
        for table in section.tables:
            printed = find_table_rows(pages, table, ranges[section.id].start)
            assert {row.page for row in printed} <= set(ranges[section.id]), section.title
            tables += 1
    assert tables == 7  # three charts' data and the team note's figures (overview), projects, services, KPIs


def test_the_tags_are_in_the_projects_tables_own_rows(pages: list[PdfPage], sections: list[Section]) -> None:
    projects = next(s for s in sections if s.title == "프로젝트")
    table = projects.tables[0]
    assert table.header[-1] == "태그"
    start = _ranges(pages, sections)[projects.id].start
    printed = find_table_rows(pages, table, start)
    tags = {row[0]: " ".join(w.text for w in at.cells[-1]) for row, at in zip(table.rows, printed, strict=True)}
    assert tags["네이버 프로젝트"] == "이미지 분석, Message Queue"
    assert tags["수자원 공사"] == "AI, Redis"
    assert tags["DNA+"] == "5G, 드론, KLV"
    assert sorted({at.page for at in printed}) in ([start], [start, start + 1])  # it may run on to the next page


def test_web_only_parts_are_not_printed(pages: list[PdfPage]) -> None:
    text = "".join(p.squeezed for p in pages)
    for web_only in (T["downloads"], T["data_json"], "이페이지를편집", "¶"):
        assert squeeze(web_only) not in text, web_only


def test_no_heading_is_left_alone_at_the_bottom_of_a_page(pages: list[PdfPage], sections: list[Section]) -> None:
    headings = {text for s in sections for _, text in s.headings}
    for page in pages[1:]:
        assert _body(page)[-1] not in headings, page.number


_CHART = re.compile(
    r'<h3 id="[^"]*">(?P<title>[^<]*)<a class="headerlink"[^>]*>[^<]*</a></h3>\s*'
    r'<p><img [^>]*#only-light"[^>]*>\s*<img [^>]*#only-dark"[^>]*></p>\s*'
    r'(?:<p class="reportgen-caption">(?P<caption>[^<]*)</p>\s*)?'
    r'<details class="info">\s*<summary>(?P<summary>[^<]*)</summary>\s*<table>\s*<thead>(?P<head>.*?)</thead>',
    re.DOTALL,
)


def test_each_chart_is_followed_by_its_data_table(pages: list[PdfPage], print_page: Path) -> None:
    """On the page where a chart's heading is printed come, line after line: what the chart leaves out
    (if anything), the data table's title and its header; the chart itself is drawn, not text."""
    charts = list(_CHART.finditer(print_page.read_text(encoding="utf-8")))
    assert [c["title"] for c in charts] == ["2023년 프로젝트 일정", "일정 결과", "프로젝트 기간"]
    for chart in charts:
        header = " ".join(re.findall(r"<th>([^<]*)</th>", chart["head"]))
        expected = [chart["title"], *([chart["caption"]] if chart["caption"] else []), T["chart_data"], header]
        found = [
            (page.number, _body(page)[index : index + len(expected)])
            for page in pages
            for index, line in enumerate(_body(page))
            if line == chart["title"]
        ]
        assert [lines for _, lines in found] == [expected], (chart["title"], found)


def test_the_overview_opens_with_the_summary_and_ends_with_the_team_note_printed_open(
    pages: list[PdfPage], sections: list[Section]
) -> None:
    overview = next(s for s in sections if s.id == "section-1")
    starts = _start_pages(pages, sections)
    first = _body(pages[starts["section-1"] - 1])
    # The generated sentence, then the team's words, each under its mark, right below the heading
    # (the cards are on the cover): every block whole and in order, before anything else of the section.
    summary = overview.facts[: overview.facts.index("2023년 프로젝트 일정")]
    assert summary[:2] == ["2023년 개요", f"{T['summary_generated']} · {T['summary_generated_note']}"]
    assert summary[2].startswith("2023년에는 프로젝트 8개를 수행했고,") and len(summary) == 15, summary
    assert summary[3] == f"{T['summary_team']} · {T['summary_team_note']}"
    for fact in summary:  # each block on a line (or lines) of its own; a list item after its bullet
        text = ""
        while squeeze(text) != squeeze(fact):
            assert first and squeeze(fact).startswith(squeeze(text + first[0].removeprefix("• "))), (fact, first[:1])
            text += first.pop(0).removeprefix("• ")
    # The team note is open on paper: its title, then what it says, on the overview's last page, which
    # the projects section may share (sections flow on).
    last = [line for n in (starts["section-2"] - 1, starts["section-2"]) for line in _body(pages[n - 1])]
    note = last.index(T["team_notes"])
    assert last[note + 1].startswith(f"{T['stated_figures']}: ")
    ends = last.index("프로젝트", note)
    assert last[ends - 3 : ends] == ["수치 원문 계산값", "평균 기간 ~20주 21.1주", "원문 문서: Performance - 2023"]


# --- the print shell, on its own -----------------------------------------------------------------


SETTINGS = PrintSettings(title="T", author="A", language="ko", paper="a4")


def _article(body: str) -> str:
    return f'<html><body><article class="md-content__inner md-typeset">{body}</article></body></html>'


def test_the_shell_keeps_hostile_settings_as_text() -> None:
    settings = PrintSettings(title='<script>alert(1)</script>"', author="A & <b>B</b>", language="ko", paper="a4")
    shell = document_html(_article("<p>x</p>"), settings)
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;&quot;</title>" in shell
    assert '<meta name="author" content="A &amp; &lt;b&gt;B&lt;/b&gt;">' in shell
    assert "<script>" not in shell


def test_text_the_fonts_cannot_show_is_refused_with_where_it_is() -> None:
    check_glyphs(document_html(_article("<p>한글 English Ελληνικά — ~20주 · ✓ 😀</p>"), SETTINGS), SETTINGS.language)
    with pytest.raises(ValueError, match=r"'𠀀' \(U\+20000\) in '.*배포 완료 𠀀") as error:
        check_glyphs(document_html(_article("<p>배포 완료 𠀀 축하</p><p>\u200b</p>"), SETTINGS), SETTINGS.language)
    assert "U+200B" not in str(error.value)  # invisible format characters need no glyph


def test_tall_charts_may_use_the_pages_height(tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    charts.mkdir()
    (charts / "tall.light.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="576pt" height="1400pt"/>')
    (charts / "wide.light.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="576pt" height="283.68pt"/>')
    body = "".join(
        f'<p><img alt="a &gt; b" src="charts/{name}.light.svg#only-light" /></p>' for name in ("tall", "wide", "gone")
    )
    shell = document_html(_article(body), SETTINGS, tmp_path)
    assert '<img class="reportgen-chart-tall" alt="a &gt; b" src="charts/tall.light.svg#only-light" />' in shell
    assert '<img alt="a &gt; b" src="charts/wide.light.svg#only-light" />' in shell
    assert '<img alt="a &gt; b" src="charts/gone.light.svg#only-light" />' in shell  # unreadable: left as it is


def _chart_block(rows: int) -> str:
    cells = "".join(f"<tr><td>프로젝트 {i}</td><td>{i}주</td></tr>" for i in range(rows))
    return (
        '<h3 id="c">프로젝트 기간</h3><p><img alt="x" src="charts/bars.light.svg#only-light" /></p>'
        '<p class="reportgen-caption">이 차트에 없는 항목: X</p><details class="info"><summary>차트 데이터</summary>'
        f"<table><thead><tr><th>프로젝트</th><th>기간(주)</th></tr></thead><tbody>{cells}</tbody></table></details>"
    )


def test_a_short_chart_table_is_kept_whole_and_a_long_one_may_run_on() -> None:
    shell = document_html(_article(_chart_block(KEEP_ROWS) + _chart_block(KEEP_ROWS + 1)), SETTINGS)
    assert shell.count('<details class="info reportgen-keep-whole"><summary>') == 1
    assert shell.count('<details class="info"><summary>') == 1


@pytest.mark.parametrize("rows", [12, 120])
def test_a_chart_starts_the_page_of_its_data_table(tmp_path: Path, rows: int) -> None:
    """Below text that leaves room for the chart and a few rows, a chart goes with its data table: the
    whole table when it is short (to the next page, then), else the table's start."""
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "bars.light.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="504pt" height="211.25pt"/>'
    )
    page = tmp_path / "print.html"
    page.write_text(_article('<h2 id="section-1">개요</h2>' + "<p>요약 문장입니다.</p>" * 10 + _chart_block(rows)))
    write_pdf(page, tmp_path / "t.pdf", SETTINGS, tmp_path)
    printed = read_pdf(tmp_path / "t.pdf")
    chart_page = next(p for p in printed if "프로젝트 기간" in p.body_lines)
    at = chart_page.body_lines.index("프로젝트 기간")
    assert chart_page.body_lines[at : at + 5] == [
        "프로젝트 기간",
        "이 차트에 없는 항목: X",
        "차트 데이터",
        "프로젝트 기간(주)",
        "프로젝트 0 0주",
    ]
    table = Table(["프로젝트", "기간(주)"], [[f"프로젝트 {i}", f"{i}주"] for i in range(rows)], ["", ""])
    table_pages = {row.page for row in find_table_rows(printed, table, chart_page.number)}
    assert table_pages == (
        {chart_page.number} if rows <= KEEP_ROWS else set(range(chart_page.number, len(printed) + 1))
    )


def test_links_to_the_sites_pages_become_text_and_others_stay() -> None:
    body = (
        '<p><a href="../projects/">A</a> <a href="#section-2">B</a> <a href="https://e.org/?a=1&amp;b" title="t">C</a> '
        '<a href="mailto:x@e.org">D</a> <a class="k" href="notes.md" title="y">E</a></p>'
    )
    shell = document_html(_article(body), SETTINGS)
    assert (
        '<p><a>A</a> <a href="#section-2">B</a> <a href="https://e.org/?a=1&amp;b" title="t">C</a> '
        '<a href="mailto:x@e.org">D</a> <a class="k" title="y">E</a></p>'
    ) in shell


def test_short_korean_words_are_kept_whole_and_attributes_untouched() -> None:
    body = '<p title="결과 > 값">일정 결과가 AI 클라우드네이티브플랫폼마이그레이션</p>'
    shell = document_html(_article(body), SETTINGS)
    word = '<span class="reportgen-word">{}</span>'.format
    assert f'<p title="결과 > 값">{word("일정")} {word("결과가")} AI 클라우드네이티브플랫폼마이그레이션</p>' in shell


def test_the_footer_label_is_quoted_for_css() -> None:
    assert page_css("letter", 'p. {page} "of" {pages}\\') == (
        '@page { size: letter; @bottom-center { content: "p. " counter(page) " \\"of\\" " counter(pages) "\\\\"; } }\n'
        "@page wide { size: letter landscape; }\n"
    )


def _table(columns: int, rows: int, cell: str) -> tuple[str, Table]:
    header = [f"열{c}" for c in range(columns)]
    body = [[f"{cell} {r}-{c}" for c in range(columns)] for r in range(rows)]
    html = (
        "<table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in header)
        + "</tr></thead><tbody>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in body)
        + "</tbody></table>"
    )
    return html, Table(header, body, [""] * columns)


@pytest.mark.parametrize(
    ("columns", "rows", "cell", "landscape"),
    [
        (12, 6, "아주 긴 설명이 들어가는 칸", True),  # too wide for a portrait page: a landscape page
        (7, 120, "이미지 분석, Message Queue, Kubernetes", False),  # runs over pages, its header repeated
        (3, 4, "Supercalifragilisticexpialidocious" * 4, False),  # one word wider than its column
        (5, 3, "가나다라마바사 아자차카타파하 거너더러머버서", False),  # Korean words kept whole, side by side
    ],
)
def test_wide_and_long_tables_are_never_cut(
    tmp_path: Path, columns: int, rows: int, cell: str, landscape: bool
) -> None:
    html, table = _table(columns, rows, cell)
    page = tmp_path / "print.html"
    page.write_text(_article(f'<h2 id="section-1">표</h2>{html}'), encoding="utf-8")
    write_pdf(page, tmp_path / "t.pdf", SETTINGS, tmp_path)
    printed = read_pdf(tmp_path / "t.pdf")
    table_pages = {row.page for row in find_table_rows(printed, table, 1)}
    assert all((printed[n - 1].width > printed[n - 1].height) == landscape for n in table_pages)
    if rows > 50:
        assert len(table_pages) > 1


# --- long names ----------------------------------------------------------------------------------

# Project names of 80 to 300 characters and a 140-character tag with no spaces: the long cells wrap,
# every other column keeps its width.
LONG_NAMES = {
    "네이버 프로젝트": "네이버 프로젝트 — 이미지 분석 파이프라인과 메시지 큐 기반의 대용량 처리 시스템을 클라우드로 "
    "이전하고 운영 자동화를 완성한 장기 프로젝트로, 요청 폭증 구간의 병목을 해소하고 클라이언트 요구사항을 "
    "충족하기 위해 아키텍처 전반을 재설계하여 비동기 처리 구조로 전환한 사업이며 그 결과 대용량 이미지 "
    "분석 요청을 안정적으로 처리하게 되었고 운영 인력의 야간 대응이 크게 줄어든 한 해의 대표 과제",
    "수자원 공사": "수자원 공사 AI 기반 수질 예측 및 Redis 캐시 계층 구축과 실시간 모니터링 대시보드 개발 사업",
}
LONG_TAG = "K" * 140


@pytest.fixture(scope="module")
def long_names_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[PdfPage]]:
    project = copy_project(tmp_path_factory.mktemp("long-names"))
    projects = project / "content" / "2023" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    for short, long in LONG_NAMES.items():
        text = text.replace(f"name: {short}\n", f"name: {long}\n", 1)
    projects.write_text(text.replace("tags: [5G, 드론, KLV]", f"tags: [5G, 드론, KLV, {LONG_TAG}]"), encoding="utf-8")
    out = _make_pdf(project, project / "long.pdf")
    build_site(project / "mkdocs.yml", project / "site")
    return project / "site" / "2023" / "print" / "index.html", read_pdf(out)


def test_long_names_wrap_and_dates_figures_and_headers_keep_their_width(
    long_names_pdf: tuple[Path, list[PdfPage]],
) -> None:
    print_page, pages = long_names_pdf
    sections = article_sections(print_page)
    projects = next(s for s in sections if s.title == "프로젝트")
    table = projects.tables[0]
    assert table.header == ["프로젝트", "시작", "종료", "기간(주)", "상태", "일정", "태그"]
    assert len(table.rows[0][0]) > 200 and table.rows[2][-1].endswith(LONG_TAG)
    start = _page_of(pages, projects.title)
    printed = find_table_rows(pages, table, start)  # every cell whole, in its row and column
    for row, at in zip(table.rows, printed, strict=True):
        # A date is one token on the row's first line; so are a duration, a status and a delivery.
        assert [[w.text for w in cell] for cell in at.cells[1:6]] == [text.split() for text in row[1:6]], row
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|—", text) for text in row[1:3]), row
        page = pages[at.page - 1]
        below = [w for w in page.words if at.top + 2 < w.y0 and at.cells[1][0].x0 - 1 <= w.x0 < at.cells[1][0].x1]
        assert not [w for w in below if w.y0 - at.top < 12], (row, below)  # nothing wraps under a date
    # The header's words whole, on one line, each over its column.
    header_line = next(
        [w.text for w in line]
        for _, line in _lines(pages[printed[0].page - 1], -1.0)
        if [w.text for w in line][:2] == ["프로젝트", "시작"]
    )
    assert header_line == table.header
    # The long name wraps in its own column, at spaces: no line of it ends inside a word.
    name = squeeze(table.rows[0][0])
    first = printed[0]
    words = [
        w.text
        for w in pages[first.page - 1].words
        if first.top - 1 <= w.y0 < printed[1].top - 1 and w.x1 <= first.cells[1][0].x0
    ]
    assert "".join(words) == name
    assert set(words) <= set(table.rows[0][0].split()), words


# --- a section whose table needs a landscape page ------------------------------------------------

EXAMPLE = REPO / "examples" / "sre-team"


def _outline(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    """Every bookmark, depth first: its title and the page (1-based) it leads to."""

    def walk(items: list[object]) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        for item in items:
            if isinstance(item, list):
                found += walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))  # type: ignore[attr-defined]
        return found

    return walk(reader.outline)


def test_a_section_whose_table_turns_landscape_takes_its_heading_along(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "sre")
    project = tmp_path / "sre"
    columns = "\n".join(f"      - {{key: c{i}, type: text, title: {{en: Column {i}}}}}" for i in range(11))
    settings = project / "content" / "site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "  - key: cost_savings",
            f"  - key: wide\n    kind: records\n    title: {{en: Wide records}}\n    columns:\n{columns}\n"
            "  - key: cost_savings",
            1,
        ),
        encoding="utf-8",
    )
    rows = [{f"c{i}": f"value {r} {i}" for i in range(11)} for r in range(5)]
    (project / "content" / "2023" / "wide.yaml").write_text(
        "records:\n" + "".join("  - {" + ", ".join(f"{k}: {v}" for k, v in row.items()) + "}\n" for row in rows),
        encoding="utf-8",
    )
    out = _make_pdf(project, tmp_path / "wide.pdf")
    pages = read_pdf(out)
    starts = [p for p in pages if p.body_lines[:1] == ["Wide records"]]
    assert len(starts) == 1
    start = starts[0]
    assert start.width > start.height  # the heading is on the landscape page, with its table
    assert pages[start.number - 2].width < pages[start.number - 2].height  # the page before: the SLOs, portrait
    assert _page_of(pages, "Service level objectives") in (start.number - 2, start.number - 1)
    table = Table(
        ["#", *(f"Column {i}" for i in range(11))], [[str(r + 1), *row.values()] for r, row in enumerate(rows)], []
    )
    assert {row.page for row in find_table_rows(pages, table, start.number)} == {start.number}
    contents = next(p for p in pages if p.body_lines[:1] == ["Contents"])
    assert "Wide records " + str(start.number) in contents.body_lines
    assert ("Wide records", start.number) in _outline(pypdf.PdfReader(out))
    # The incidents table's header words whole ("Severity", not "Severi/ty"), its dates and times whole.
    incidents = pages[_page_of(pages, "Incidents") - 1]
    header = "# ID Incident Severity Service Detected Resolved Postmortem"
    assert header in [line for p in pages[incidents.number - 1 :] for line in p.body_lines][:80]
    lines = incidents.body_lines + pages[incidents.number].body_lines
    # The title wraps beside the id column ("spike" on the row's next line); the times stay whole.
    assert "1 inc-2023-01 Checkout latency sev2 checkout 2023-03-14 09:12 2023-03-14 11:42 —" in lines


def test_a_long_section_name_is_cut_short_in_a_one_line_running_header(
    long_names_pdf: tuple[Path, list[PdfPage]],
) -> None:
    print_page, pages = long_names_pdf
    titles = [s.title for s in article_sections(print_page) if s.id.startswith("section-")]
    cut = 0
    for page in pages[1:]:
        header = [w for w in page.words if w.y1 < MARGIN]
        assert header, page.number
        assert {round(w.y0) for w in header} == {round(header[0].y0)}, page.number  # one line
        assert header[0].y0 > 20, page.number  # inside the top margin, clear of the paper's edge
        text = " ".join(w.text for w in sorted(header, key=lambda w: w.x0))
        assert text == TITLE or text.startswith(TITLE + " "), (page.number, text)  # the title whole, on the left
        shown = text.removeprefix(TITLE).strip()
        if not shown:
            assert page.number == 2  # the contents: no section yet
        elif shown.endswith("…"):
            assert any(squeeze(t).startswith(squeeze(shown[:-1])) and len(t) > len(shown) for t in titles), shown
            cut += 1
        else:
            assert shown in titles, (page.number, shown)
    assert cut >= 1  # an achievement of a long-named project starts a page


# --- many projects -------------------------------------------------------------------------------


def test_with_many_projects_a_charts_table_lists_what_it_draws_and_points_to_the_projects_table(
    tmp_path: Path,
) -> None:
    """Past MAX_BARS projects the timeline counts the projects running each month and the durations
    chart is a histogram (issue 22): on paper each one's table lists what it draws (12 months, the
    bins), followed by where each project is; the web's table lists every project."""
    from benchmarks.synthetic import write_content
    from reportgen.charts.durations import bins
    from reportgen.charts.longest import MAX_BARS
    from reportgen.charts.timeline import running_counts
    from reportgen.sections.projects import counted_weeks

    project = copy_project(tmp_path)
    shutil.rmtree(project / "content")
    write_content(project / "content", years=1, projects=60, first_year=2023)
    out = _make_pdf(project, tmp_path / "many.pdf")
    pages = read_pdf(out)
    build_site(project / "mkdocs.yml", project / "site")
    sections = article_sections(project / "site" / "2023" / "print" / "index.html")
    validated = load_site(project / "content", project)
    assert validated.site is not None
    report = validated.site.reports[0]
    dated = [p for p in projects_of(report) if p.start and p.end]
    weeks = [w for p in projects_of(report) if (w := counted_weeks(p)) is not None]
    assert len(dated) > 2 * MAX_BARS
    overview = next(s for s in sections if s.id == "section-1")
    projects = next(s for s in sections if s.title == "프로젝트")
    timeline, _, durations, *_ = overview.tables
    months = [f"{m}월" for m in range(1, 13)]
    assert timeline.rows == [[m, f"{n}건"] for m, n in zip(months, running_counts(2023, dated), strict=True)]
    width, counts = bins(weeks)
    assert [row[1] for row in durations.rows] == [f"{n}건" for n in counts]
    assert durations.rows[0][0] == f"0주–{width}주"
    assert len(projects.tables[0].rows) == len(projects_of(report))  # the projects table has them all
    projects_page = _page_of(pages, "프로젝트")
    note = T["print_chart_summary"].format(section="프로젝트 ({page}쪽)")
    overview_pages = range(_page_of(pages, "2023년 개요"), projects_page + 1)  # it may share the projects' page
    for table in (timeline, durations):
        printed = find_table_rows(pages, table, overview_pages.start)
        last = printed[-1]
        page = pages[last.page - 1]
        assert last.page in overview_pages
        # Right under the table's last row: where each project is, with the page its table starts on.
        after = [line for top, line in _lines(page, last.top + 1)]
        said = " ".join(" ".join(w.text for w in line) for line in after[:2])
        assert squeeze(said).startswith(squeeze(note.format(page=projects_page))), said


def test_a_short_table_is_not_kept_whole_with_a_chart_too_tall_to_share_its_page(tmp_path: Path) -> None:
    """Kept whole, a 20-row table under a chart of 20 bars would push the chart to the next page and
    leave the page before it empty; it starts under the chart instead. A short chart keeps it whole."""
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "bars.light.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="504pt" height="211.25pt"/>'
    )
    short = document_html(_article(_chart_block(KEEP_ROWS)), SETTINGS, tmp_path)
    assert short.count('<details class="info reportgen-keep-whole">') == 1
    (tmp_path / "charts" / "bars.light.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="504pt" height="471.5pt"/>'
    )
    tall = document_html(_article(_chart_block(KEEP_ROWS)), SETTINGS, tmp_path)
    assert tall.count('<details class="info">') == 1 and "reportgen-keep-whole" not in tall
    assert tall.count('<img class="reportgen-chart-tall"') == 1
    few = document_html(_article(_chart_block(4)), SETTINGS, tmp_path)  # a tall chart and 4 rows fit
    assert few.count('<details class="info reportgen-keep-whole">') == 1


@pytest.mark.parametrize("title_words", [4, 30])
def test_the_running_header_stays_one_line_inside_the_page_whatever_the_title(tmp_path: Path, title_words: int) -> None:
    title = " ".join(f"Title{i}" for i in range(title_words))
    section = "긴 섹션 이름 " * 30
    page = tmp_path / "print.html"
    page.write_text(
        _article(f'<div class="reportgen-cover"><h1>{title}</h1></div><h2 id="section-1">{section}</h2><p>본문</p>'),
        encoding="utf-8",
    )
    write_pdf(page, tmp_path / "t.pdf", PrintSettings(title=title, author="A", language="ko", paper="a4"), tmp_path)
    printed = read_pdf(tmp_path / "t.pdf")[1]
    header = sorted((w for w in printed.words if w.y1 < MARGIN), key=lambda w: w.x0)
    assert {round(w.y0) for w in header} == {round(header[0].y0)}  # one line
    # Inside the margins (the ellipsis WeasyPrint adds may stand a few points past the text's edge).
    assert header[0].x0 > 50 and header[-1].x1 < printed.width - 40
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(header)), header  # nothing drawn over anything
    words = [w.text for w in header]
    if title_words == 4:  # a title that fits is whole; the section's name is cut short
        assert words[:4] == title.split() and words[-1].endswith("…")
    else:  # a title too long for the line takes its share, cut short too, and the section the rest
        assert words[0] == "Title0" and sum(w.endswith("…") for w in words) == 2
        assert "긴" in words


def test_a_wide_tables_heading_and_lead_paragraph_go_onto_its_landscape_page() -> None:
    wide, _ = _table(12, 2, "칸")
    shell = document_html(_article('<h2 id="section-1">표</h2><h3 id="a">소제목</h3><p>머리말</p>' + wide), SETTINGS)
    assert '<div class="reportgen-landscape"><h2 id="section-1">' in shell
    assert shell.index("reportgen-landscape") < shell.index("머리말") < shell.index("reportgen-table-wide")
    # A section with text before its heading's table keeps that text on its portrait page.
    shell = document_html(_article('<h2 id="section-1">표</h2><p>본문</p><pre>x</pre><p>머리말</p>' + wide), SETTINGS)
    assert "reportgen-landscape" not in shell
    # After a chart, nothing moves: the heading is not alone, it has the chart.
    chart = '<h2 id="section-1">표</h2><p><img alt="x" src="charts/x.light.svg#only-light" /></p>'
    assert "reportgen-landscape" not in document_html(_article(chart + wide), SETTINGS)
    narrow, _ = _table(3, 2, "칸")
    assert "reportgen-landscape" not in document_html(_article('<h2 id="section-1">표</h2>' + narrow), SETTINGS)


def test_the_pdf_fetches_nothing_from_outside_the_built_site(tmp_path: Path) -> None:
    """WeasyPrint's own fetcher would request any URL a page holds (a label worded as an image,
    `![x](http://...)`) and embed any local file. The report's fetcher refuses both, unrequested."""
    import http.server
    import threading

    requests: list[str] = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = tmp_path / "print.html"
        out = tmp_path / "report.pdf"
        for source in (f"http://127.0.0.1:{server.server_port}/a.png", "file:///etc/hostname"):
            page.write_text(_article(f'<p>x</p><p><img alt="x" src="{source}" /></p>'), encoding="utf-8")
            with pytest.raises(ValueError, match="loads nothing from outside the built site"):
                write_pdf(page, out, SETTINGS, tmp_path)
            assert not out.exists()
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


# The sample's figures and their label keys, as the projects and services kinds declare them.
LABELS = {
    "project_count": "total_projects",
    "completed_count": "status_completed",
    "on_time_count": "on_time",
    "delayed_count": "delayed",
    "known_delivery_count": "known_delivery",
    "on_time_rate": "on_time_rate",
    "longest_weeks": "longest",
    "average_weeks": "average",
    "dated_project_count": "dated_projects",
    "service_count": "service_list",
}


def test_the_appendix_gives_one_line_per_figure(pages: list[PdfPage], sample_site: Site) -> None:
    """Every figure of data.json's working (not a verdict or a stated figure) is one line of the
    appendix, "Figure: rule. Counted n of m.", in the order the registry lists them."""

    tree, _ = build_pages(sample_site)
    data = json.loads(next(f.content for f in tree.files if f.path == "2023/data.json"))
    start = _page_of(pages, T["working_appendix"])  # sections flow on: it may start mid-page
    text = "".join(p.squeezed for p in pages[start - 1 :])
    figures = {name: entry for name, entry in data["working"].items() if ":" not in name}
    assert list(figures) == list(LABELS)
    at = 0
    for name, entry in figures.items():
        title = T[LABELS[name]]
        line = squeeze(f"{title}: {entry['text']}.")
        assert text.count(line) == 1, (name, line)
        found = text.index(line)
        assert found > at, name  # in the registry's order
        at = found
        ids = counted_ids(data["working"], name)
        assert squeeze(f"전체 {len(ids) + left_out_count(entry)}건 중 {len(ids)}건") in text[found:]

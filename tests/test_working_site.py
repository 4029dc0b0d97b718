"""Figures' notes in the built sites: every link in a note lands on a row that exists, every row anchor
is unique on its page, notes stay out of the search index, and a KPI verdict says its comparison."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.config import load_config

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages
from reportgen.load.mkdocs_config import repository_base
from tests.conftest import BIN, REPO
from tests.records_site import write_sev1_site

SRE = REPO / "examples" / "sre-team"


class _Page(HTMLParser):
    """Every id of a page, and the links that stand inside a figure's note or the KPI block."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.note_links: list[str] = []
        self.notes = 0
        self._inside: list[bool] = []  # per open details/div: is it a note

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        classes = (found.get("class") or "").split()
        if tag in ("details", "div"):
            note = "reportgen-working" in classes or "reportgen-working-block" in classes
            self.notes += note
            self._inside.append(note)
        if tag == "a" and any(self._inside) and found.get("href"):
            self.note_links.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("details", "div") and self._inside:
            self._inside.pop()


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def sre_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sre") / "site"
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(SRE / "mkdocs.yml"), "-d", str(out)],
        cwd=REPO,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module", params=["sample", "sre-team"])
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue("built_site" if request.param == "sample" else "sre_site")


def test_every_row_anchor_is_unique_on_every_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    rows = 0
    for path in pages:
        ids = _read(path).ids
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
        rows += sum(1 for i in ids if re.match(r"^(projects|services|achievements|incidents|slos|releases)-", i))
    assert rows >= 10


def test_every_link_in_a_note_lands_on_a_row_that_exists(site: Path) -> None:
    checked = 0
    for path in sorted(site.rglob("*.html")):
        page = _read(path)
        for href in page.note_links:
            parts = urlsplit(href)
            if parts.scheme:  # a fact's file in the repository mkdocs.yml names (the sample's), or none
                assert (site.parent / "mkdocs.yml").is_file(), href  # the sample's copy; sre-team names none
                # As MkDocs reads repo_url and edit_uri (from REPORTGEN_REPO_URL and _EDIT_URI where set).
                config = load_config(str(site.parent / "mkdocs.yml"))
                repository = repository_base(config.repo_url, config.edit_uri) or ""
                assert repository and href.startswith(repository), href
                assert (REPO / unquote(parts.path.removeprefix(urlsplit(repository).path))).is_file(), href
                assert parts.fragment == "" or re.fullmatch(r"L\d+", parts.fragment), href
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (path, href)
            if parts.fragment:
                assert unquote(parts.fragment) in _read(target).ids, (path, href)
                checked += 1
    assert checked >= 10


def test_notes_are_on_the_cards_and_out_of_the_search_index(site: Path) -> None:
    overview = sorted(site.glob("20*/index.html"))[-1]
    html = overview.read_text(encoding="utf-8")
    cards = html.count('<details class="reportgen-working reportgen-web-only" data-search-exclude>')
    assert cards >= 4 and cards == _read(overview).notes
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # The notes' words are not indexed (a KPI table's link to its row's note is part of the table).
    words = " ".join(doc["text"] for doc in index["docs"] if "kpi-review" not in doc["location"])
    assert "How this was computed" not in words and "계산 방법" not in words
    every = " ".join(doc["text"] for doc in index["docs"])
    assert all(word not in every for word in ("Rule:", "Counted:", "How these were computed", "규칙:", "집계:"))


def test_the_kpi_review_says_each_verdicts_comparison(sre_site: Path) -> None:
    page = (sre_site / "2024" / "kpi-review" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "Mean time to restore: actual 1 h, target ≤ 2 h (lower is better) → ✓ Met" in text
    assert "Incidents: actual 2, target ≤ 2 (lower is better) → ✓ Met" in text  # equal to its target
    assert 'href="#kpi_review--working-mttr"' in page and 'id="kpi_review--working-mttr"' in page


def test_a_filtered_figures_note_links_its_rows_and_names_the_rest(tmp_path: Path) -> None:
    rows = [  # after INC-101 to INC-103: two more that are not SEV1
        "{id: INC-104, severity: sev2, detected: 2024-01-04 10:00, resolved: 2024-01-04 10:30}",
        "{id: INC-105, severity: sev2, detected: 2024-01-05 10:00, resolved: 2024-01-05 10:30}",
    ]
    content = write_sev1_site(tmp_path, ["sev1", "sev2"], rows)
    validated = load_site(content, content.parent)
    assert validated.site is not None, validated.problems
    tree, _ = build_pages(validated.site)
    files = {f.path: f.content.decode() for f in tree.files if f.path.endswith(".md")}
    note = next(line for line in files["2024/index.md"].splitlines() if "reportgen-working" in line)
    lines = re.findall(r'<span class="reportgen-working__line"(?: id="[^"]+")?>(.*?)</span>', note)
    assert lines == [
        "Rule: Mean of Resolved − Detected, over records where Severity is sev1, in minutes",
        "Counted: 2 of 5: [INC-101](tickets.md#tickets-inc-101), [INC-103](tickets.md#tickets-inc-103)",
        "Left out · 3: Severity is not sev1: [INC-102](tickets.md#tickets-inc-102), "
        "[INC-104](tickets.md#tickets-inc-104), [INC-105](tickets.md#tickets-inc-105)",
        "Facts: content/2024/tickets.yaml: INC-101 line 2, INC-102 line 3, INC-103 line 4, INC-104 line 5, "
        "INC-105 line 6",
    ]
    table = files["2024/tickets.md"]
    for anchor in re.findall(r"tickets\.md#([\w-]+)", note):
        assert table.count(f'<span class="reportgen-row" id="{anchor}"></span>') == 1, anchor


def test_a_teams_template_without_row_anchors_gets_notes_without_dead_links(tmp_path: Path) -> None:
    """A team's own projects template may leave the anchors out: the notes then name the projects
    without linking them, so `mkdocs build --strict` never meets a link to a missing anchor."""

    templates = tmp_path / "templates"
    shutil.copytree(REPO / "site_templates", templates)
    (templates / "year" / "projects.md.j2").write_text("# Our projects\n\n{{ m.project_count }}\n", encoding="utf-8")
    validated = load_site(REPO / "content", REPO)
    assert validated.site is not None
    files = {
        f.path: f.content.decode() for f in build_pages(validated.site, templates)[0].files if f.path.endswith(".md")
    }
    notes = [line for line in files["2023/index.md"].splitlines() if "reportgen-working" in line]
    assert notes and not any("projects.md#" in line for line in notes)
    assert any("Counted" in line or "집계" in line for line in notes)
    assert any("naver, kwater" in line for line in notes)  # named, not linked
    shipped = {f.path: f.content.decode() for f in build_pages(validated.site)[0].files if f.path.endswith(".md")}
    assert "[naver](projects.md#projects-naver)" in shipped["2023/index.md"]


class _Figures(HTMLParser):
    """A page's ids (and which stand inside a <details>), the links of its generated sentences, and
    the links of its tables' cells, each as (href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hidden: set[str] = set()  # ids inside a <details>, which the browser opens to land on them
        self.sentence_links: list[tuple[str, str]] = []
        self.cell_links: list[tuple[str, str]] = []
        self._details = 0
        self._divs: list[bool] = []  # per open div: is it the generated sentences
        self._cell = False
        self._link: tuple[str, list[str], bool] | None = None  # href, text, in the sentences

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
            if self._details:
                self.hidden.add(found["id"] or "")
        self._details += tag == "details"
        if tag == "div":
            self._divs.append("reportgen-summary--generated" in (found.get("class") or "").split())
        self._cell = self._cell or tag == "td"
        if tag == "a" and found.get("href"):
            self._link = (found["href"] or "", [], any(self._divs) and not self._details)

    def handle_endtag(self, tag: str) -> None:
        self._details -= tag == "details"
        if tag == "div" and self._divs:
            self._divs.pop()
        if tag == "td":
            self._cell = False
        if tag == "a" and self._link is not None:
            href, text, sentence = self._link
            if sentence:
                self.sentence_links.append((href, "".join(text)))
            elif self._cell:
                self.cell_links.append((href, "".join(text)))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)


def _figures(path: Path) -> _Figures:
    page = _Figures()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _landing(path: Path, href: str) -> tuple[Path, str]:
    """The page and anchor a link from `path` lands on (a folder's page is its index.html)."""
    page, _, anchor = href.partition("#")
    target = (path.parent / page).resolve() if page else path
    return (target / "index.html" if target.is_dir() else target), anchor


def test_each_number_a_sentence_quotes_links_to_its_note(site: Path) -> None:
    """This year's numbers to their notes on the page; last year's (a comparison) to last year's
    note on its overview, or to a note of their own on the page where counted across years."""
    checked = 0
    for path in [site / "index.html", *sorted(site.glob("20*/index.html"))]:
        page = _figures(path)
        assert page.sentence_links, path
        for href, _ in page.sentence_links:
            target, anchor = _landing(path, href)
            if anchor == "projects--inferred":  # the count of inferred values: the page's notes on them
                assert anchor in _figures(target).ids, (path, href)
                continue
            assert re.fullmatch(r"working--[a-z0-9_]+(-\d{4})?", anchor), (path, href)
            assert anchor in _figures(target).hidden, (path, href)  # lands inside its note, which opens
            checked += 1
    assert checked >= 10


def test_the_sre_sentence_links_every_figure_it_quotes(sre_site: Path) -> None:
    page = _figures(sre_site / "2024" / "index.html")
    assert page.sentence_links == [
        ("#working--project_count", "1"),
        ("#working--on_time_count", "1"),
        ("#working--known_delivery_count", "1"),
        ("#working--on_time_rate", "100%"),
        # Compared with 2023: each of last year's figures links to its note on 2023's overview.
        ("../2023/#working--incident_count", "3"),
        ("#working--incident_count", "2"),
        ("../2023/#working--mttr", "3 h"),
        ("#working--mttr", "1 h"),
        ("../2023/#working--sev1_share", "33.3%"),
        ("#working--sev1_share", "0%"),
        ("../2023/#working--on_call_pages", "58"),
        ("#working--on_call_pages", "31"),
    ]
    # Last year's note counts what last year's figure says: 3 incidents, 1 of them SEV1.
    last = (sre_site / "2023" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'id="working--incident_count">[^<]*</span><span[^>]*>Counted: 3 of 3', last), last


def test_each_year_row_of_the_trends_links_to_that_years_note(sre_site: Path) -> None:
    home = _figures(sre_site / "index.html")
    trends = [(href, text) for href, text in home.cell_links if "#working--" in href]
    assert trends == [
        (f"{year}/#working--{name}", text)
        for year, texts in (("2023", ("3", "3 h", "33.3%", "58")), ("2024", ("2", "1 h", "0%", "31")))
        for name, text in zip(("incident_count", "mttr", "sev1_share", "on_call_pages"), texts, strict=True)
    ]
    for href, _ in trends:
        target, _, anchor = href.partition("#")
        assert anchor in _figures(sre_site / target / "index.html").hidden, href


def test_the_count_of_inferred_values_links_to_the_notes_that_give_their_reasons(built_site: Path) -> None:
    overview = built_site / "2023" / "index.html"
    inferred = [(href, text) for href, text in _figures(overview).sentence_links if "inferred" in href]
    assert inferred == [("projects/#projects--inferred", "3")]  # "추정한 일정 값 3건": 3 projects' delivery
    notes = _figures(built_site / "2023" / "projects" / "index.html")
    assert {"projects--inferred", "projects--inferred-1"} <= notes.ids  # the block, then its first note


def test_each_baseline_link_lands_on_its_working(sre_site: Path) -> None:
    """The KPI page's baselines and the review's link to the block under the KPI table of the year
    that set them; each target exists on the built page."""
    checked = 0
    for path in sorted(sre_site.rglob("index.html")):
        for href in re.findall(r'href="([^"]*#kpis--baseline-[^"]+)"', path.read_text(encoding="utf-8")):
            target, anchor = _landing(path, href)
            assert anchor in _figures(target).ids, (path, href)
            checked += 1
    assert checked == 8  # 2 on 2023's KPI page, 2 on 2024's review, and the same on each year's print page


def test_every_link_to_a_figures_note_lands_inside_it(site: Path) -> None:
    """Cards (last year's figure), sentences, trend rows: every link to a note, on any page, lands
    on an element inside that note on its target page, so the note opens as the link lands."""
    checked, pages = 0, {}
    for path in sorted(site.rglob("index.html")):
        for href in re.findall(r'href="([^"]*#working--[^"]+)"', path.read_text(encoding="utf-8")):
            target, anchor = _landing(path, href)
            pages.setdefault(target, _figures(target))
            assert anchor in pages[target].hidden, (path.relative_to(site), href)
            checked += 1
    assert checked >= 10, checked  # the sample: its overview's sentence and the home page's

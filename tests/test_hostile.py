"""Hostile input: text that looks like markup, links that run script, YAML that bites, paths that escape.

Every case states its exact outcome: the problem's file:line:col, or the literal text (and
nothing more) on the page MkDocs builds. One real `mkdocs build --strict` of the sample
content plus many hostile strings serves all the "text stays text" cases.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.check.validate import load_site
from reportgen.emit.output import _safe_target, write_tree
from reportgen.emit.tree import GeneratedFile
from reportgen.load.catalogs import labels
from reportgen.load.loader import MAX_FILE_BYTES
from reportgen.load.problems import Problem
from reportgen.model.slugs import SlugAllocator, slugify
from reportgen.sections.projects import projects as projects_of

from .conftest import REPO, copy_project, run_mkdocs, visible_text
from .helpers import at, invoke, only

SAMPLE_CONTENT = REPO / "content"
T = labels("ko")
# The site's title is mkdocs.yml's site_name: MkDocs's own config, trusted like its templates (MkDocs
# prints it unescaped in every page's header), so the hostile strings go into content/ only.
SITE_NAME = re.search(r"^site_name: (.+)$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]  # type: ignore[index]


# --- helpers: content ----------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the sample content, at tmp_path/content."""
    copy = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, copy)
    return copy


def problems_for(content: Path, relative: str, data: str | bytes) -> list[Problem]:
    """Overwrite content/<relative> with `data`; the errors reported in that very file."""
    path = content / relative
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return [p for p in load_site(content, content.parent).errors if p.file == f"content/{relative}"]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256), to prove a folder was left byte-identical."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses anchors, so never write any


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def norm(text: str) -> str:
    """What a reader sees of a YAML text: NFC, whitespace runs shown as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- helpers: HTML -------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TITLE = re.compile(r"(<title[^>]*>)(.*?)(</title\s*>)", re.S | re.I)
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
_SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff]")


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str]]
    children: list[Element | str] = field(default_factory=list)

    def attr(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    @property
    def classes(self) -> list[str]:
        return (self.attr("class") or "").split()

    def is_permalink(self) -> bool:
        """Theme chrome that is not content: a heading's ¶ permalink, or the page's edit button."""
        return self.tag == "a" and ("headerlink" in self.classes or "md-content__button" in self.classes)

    def iter(self, *, permalinks: bool = False) -> Iterator[Element]:
        """Every element below this one, in document order (without the ¶ permalinks unless asked)."""
        for child in self.children:
            if isinstance(child, Element) and (permalinks or not child.is_permalink()):
                yield child
                yield from child.iter(permalinks=permalinks)

    def text(self) -> str:
        """The text a reader sees in this element, whitespace-normalised, without the ¶ permalinks."""
        parts: list[str] = []

        def walk(element: Element) -> None:
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                elif not child.is_permalink():
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def find_all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag and (cls is None or cls in e.classes)]

    def find(self, tag: str, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls!r}> on the page"
        return found[0]

    def structure(self) -> list[tuple[str, str]]:
        """(tag, text) of every element below this one: what was built, and what it says."""
        return [(e.tag, e.text()) for e in self.iter()]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, [(k, v or "") for k, v in attrs])
        self._open[-1].children.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Element(tag, [(k, v or "") for k, v in attrs]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def parse_html(page: str) -> Element:
    # Browsers read <title> as text up to the first </title>; html.parser of Python 3.11 would see tags in it.
    page = _TITLE.sub(lambda m: m[1] + html.escape(html.unescape(m[2])) + m[3], page, count=1)
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def browser_title(page: str) -> str:
    """document.title as a browser computes it: the text up to the first </title>, entities decoded."""
    match = _TITLE.search(page)
    assert match, "the page has no <title>"
    return " ".join(html.unescape(match[2]).split())


def injections(root: Element) -> list[str]:
    """Everything in the HTML that a hostile string could have injected: script, handlers, script URLs."""
    found = []
    for element in root.iter(permalinks=True):
        for name, value in element.attrs:
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name in _URL_ATTRS and _SCRIPT_SCHEME.match(_IGNORED_IN_URLS.sub("", value)):
                found.append(f"<{element.tag} {name}={value!r}>")
        if element.tag == "script" and "alert(" in "".join(c for c in element.children if isinstance(c, str)):
            found.append(f"<script> running {element.children!r}")
        if element.tag in {"iframe", "object", "embed", "base"} or (
            element.tag == "img" and element.attr("src") == "x"
        ):
            found.append(f"<{element.tag} {element.attrs!r}>")
        if element.attr("id") == "id" or "class" in element.classes:
            found.append(f"<{element.tag} {element.attrs!r}> (from an attribute list)")
    return found


def rows(article: Element, first_cell: str) -> list[list[tuple[str, str]]]:
    """The structure of every table row whose first cell reads `first_cell`."""
    found = []
    for row in article.find_all("tr"):
        cells = [e for e in row.iter() if e.tag in ("td", "th")]
        if cells and cells[0].text() == first_cell:
            found.append(row.structure())
    return found


def section(structure: list[tuple[str, str]], heading: tuple[str, str]) -> list[tuple[str, str]]:
    """The elements from `heading` up to the next heading of the same level."""
    if heading not in structure:
        return []
    start = structure.index(heading)
    end = next((i for i in range(start + 1, len(structure)) if structure[i][0] == heading[0]), len(structure))
    return structure[start:end]


class BuiltSite:
    """A built site folder; each page parsed once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._parsed: dict[str, Element] = {}

    def html(self, page: str) -> str:
        return (self.folder / page).read_text(encoding="utf-8")

    def page(self, page: str) -> Element:
        if page not in self._parsed:
            self._parsed[page] = parse_html(self.html(page))
        return self._parsed[page]

    def article(self, page: str) -> Element:
        return self.page(page).find("article")

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def achievement_page(self, heading: str) -> str:
        """The achievement page whose heading reads `heading`."""
        for page in self.pages():
            if page.startswith("2023/achievements/") and page != "2023/achievements/index.html":
                headings = self.article(page).find_all("h1")
                if headings and headings[0].text() == heading:
                    return page
        pytest.fail(f"no achievement page has the heading {heading!r}")


# --- 1. text stays text --------------------------------------------------------------------------

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "markdown-link": "[click](javascript:alert(1))",
    "markdown-image": "![x](javascript:alert(1))",
    "autolink": "<https://evil.example>",
    "bold": "**bold**",
    "em": "_em_",
    "code": "`code`",
    "heading": "# heading",
    "ordered-list": "1. list",
    "bullet-list": "- list",
    "quote": "> quote",
    "table-pipe": "a | b",
    "attr-list-handler": '{: onclick="alert(1)" }',
    "attr-list-id-class": "{#id .class}",
    "entity": "&lt;b&gt;",
    "comment": "<!-- comment -->",
    "backslashes": r"C:\temp \\ \*not em\*",
    "newline-heading": "first line\n# heading",
    "newline-script": "first line\n<script>alert(2)</script>",
    "money": "$5M to $7M",
    "hangul-nfd": unicodedata.normalize("NFD", "한글 성과"),
    "close-title": "</title><script>alert(3)</script>",
    "rule": "---",
    "details": "??? note",
    "toc-marker": "[TOC]",
}
HOSTILE_KEYS = list(HOSTILE)
SITE_TITLE = "- list **bold** <script>alert(4)</script>"
REPORT_TITLE = "> quote [click](javascript:alert(6)) {#id .class}"
PROJECT = "네이버 프로젝트"  # the sample project 'naver', owner of some of the achievements below
ACCEPTED_URLS = {
    "https": ("https://example.com/a_(b)?c=1&d=2", "https://example.com/a_(b)?c=1&d=2"),
    "mailto": ("mailto:team@example.com", "mailto:team@example.com"),
    # Relative to the year's folder in YAML; from an achievement page, as MkDocs rewrites it.
    "relative": ("projects.md", "../../projects/"),
}
START, END = date(2023, 1, 2), date(2023, 1, 30)  # 4 weeks
# (project, title) of the achievements the slug tests look for; "dotdot" is the project named "../..".
SLUG_ACHIEVEMENTS = [
    ("naver", "Same Title"),
    ("naver", "same  title?"),
    ("dotdot", "../../evil"),
    ("dotdot", "CON"),
    ("dotdot", "index"),
    ("naver", "Accepted links"),
]


def heading_of(key: str) -> str:
    """The heading of the hostile achievement: its hostile project's name, then its own hostile title."""
    return f"{norm(HOSTILE[key])} — {norm(HOSTILE[key])}"


def _add_hostile_content(content: Path) -> None:
    """Every hostile string in every text field, plus the links, slugs and titles the other groups need."""
    year = content / "2023"
    strings = list(HOSTILE.items())

    def site(data: dict[str, Any]) -> None:
        data.update(team=SITE_TITLE)  # the title itself is mkdocs.yml's site_name

    def report(data: dict[str, Any]) -> None:
        data["title"] = REPORT_TITLE

    def projects(data: dict[str, Any]) -> None:
        for key, text in strings:
            data["projects"].append(
                {
                    "id": f"h-{key}",
                    "name": text,
                    "start": START,
                    "end": END,
                    "tags": [text, "tag"],
                    "links": [{"title": text, "url": f"https://example.com/{key}"}],
                }
            )
        data["projects"].append(
            {
                "id": "accepted-links",
                "name": "Accepted links",
                "links": [
                    {"title": f"project {kind} link", "url": ACCEPTED_URLS[kind][0]} for kind in ("https", "mailto")
                ],
            }
        )
        data["projects"].append({"id": "dotdot", "name": "../.."})

    def achievements(data: dict[str, Any]) -> None:
        for key, text in strings:
            data["achievements"].append(
                {
                    "id": f"h-{key}",
                    "project": f"h-{key}",
                    "title": text,
                    "problem": [text],
                    "actions": [{"label": text, "text": text}],
                    "results": [text],
                    "technologies": [text],
                    "links": [{"title": text, "url": "projects.md"}],
                }
            )
        for index, (project, title) in enumerate(SLUG_ACHIEVEMENTS):
            entry: dict[str, Any] = {
                "id": f"slug-{index}",
                "project": project,
                "title": title,
                "problem": ["p"],
                "actions": [{"label": "a", "text": "t"}],
                "results": ["r"],
            }
            if title == "Accepted links":
                entry["links"] = [
                    {"title": f"achievement {kind} link", "url": url} for kind, (url, _) in ACCEPTED_URLS.items()
                ]
            data["achievements"].append(entry)

    def impact(data: dict[str, Any]) -> None:
        data["groups"] += [{"id": f"h-{key}", "title": text, "label": text, "items": [text]} for key, text in strings]

    def services(data: dict[str, Any]) -> None:
        data["services"] += [
            {"id": f"h-{key}", "name": text, "status": "built", "detail": text} for key, text in strings
        ]
        data["services"].append(
            {
                "id": "accepted-links",
                "name": "Accepted links",
                "status": "built",
                "detail": "d",
                "links": [
                    {"title": f"service {kind} link", "url": ACCEPTED_URLS[kind][0]} for kind in ("https", "mailto")
                ],
            }
        )

    def kpis(data: dict[str, Any]) -> None:
        data["quantitative"] += [
            {"id": f"h-{key}", "metric": text, "description": text, "target_text": text, "direction": "higher"}
            for key, text in strings
        ]

    edit_yaml(content / "site.yaml", site)
    for name, change in [
        ("report.yaml", report),
        ("projects.yaml", projects),
        ("achievements.yaml", achievements),
        ("impact.yaml", impact),
        ("services.yaml", services),
        ("kpis.yaml", kpis),
    ]:
        edit_yaml(year / name, change)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample project plus every hostile string, built once with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    _add_hostile_content(project / "content")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return BuiltSite(project / "site")


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_text_stays_text_in_every_field(hostile: BuiltSite, key: str) -> None:
    text = norm(HOSTILE[key])
    wrong: list[str] = []

    def expect(where: str, actual: object, expected: object) -> None:
        if actual != expected:
            wrong.append(f"{where}:\n  expected {expected!r}\n  built    {actual!r}")

    # The project's row: name, dates, weeks, status, delivery, tags, and its link titled with the string.
    projects = hostile.article("2023/projects/index.html")
    cells = [text, START.isoformat(), END.isoformat(), "4주", T["status_unknown"], T["delivery_unknown"]]
    expect(
        "projects table row",
        rows(projects, text),
        # The name's cell starts with the row's anchor (an empty span), which a figure's note links to.
        [[("td", text), ("span", "")] + [("td", c) for c in [*cells[1:], f"{text}, tag", text]] + [("a", text)]],
    )
    link = [a.attr("href") for a in projects.find_all("a") if a.text() == text]
    expect("project link href", link, [f"https://example.com/{key}"])

    # The achievement's own page: heading, related links, problem, action, result.
    page = hostile.achievement_page(heading_of(key))
    related = f"{T['related_project']}: {text} · {T['technologies']}: {text} · {T['links']}: {text}"
    expect(
        f"{page} article",
        hostile.article(page).structure(),
        [
            ("h1", heading_of(key)),
            ("p", related),
            ("a", text),
            ("a", text),
            ("h2", T["problem"]),
            ("ul", text),
            ("li", text),
            ("h2", T["actions"]),
            ("ul", f"{text}: {text}"),
            ("li", f"{text}: {text}"),
            ("strong", text),
            ("h2", T["results"]),
            ("ul", text),
            ("li", text),
        ],
    )

    # A group: its title is a heading, its label bold, its item a list item.
    impact = hostile.article("2023/impact/index.html").structure()
    expect(
        "impact group",
        section(impact, ("h2", text)),
        [("h2", text), ("p", text), ("strong", text), ("ul", text), ("li", text)],
    )

    # A service row, a KPI row and the KPI's description.
    services = hostile.article("2023/services/index.html")
    expect(
        "services row",
        rows(services, text),
        [[("td", text), ("span", ""), ("td", T["service_built"]), ("td", text), ("td", T["none"])]],
    )
    kpis = hostile.article("2023/kpis/index.html")
    # Every target of the year is in words: the reason they share is said once above the table, not per row.
    kpi_row = [("td", text), ("td", T["none"]), ("td", text), ("td", T["higher"])]
    expect("KPI row", rows(kpis, text), [kpi_row])
    description = kpis.structure()
    start = description.index(("li", f"{text}: {text}")) if ("li", f"{text}: {text}") in description else 0
    expect("KPI description", description[start : start + 2], [("li", f"{text}: {text}"), ("strong", text)])

    # The charts' data tables and alt text on the year's overview.
    overview = hostile.article("2023/index.html")
    timeline_row = [("td", c) for c in [text, START.isoformat(), END.isoformat(), "4주", T["delivery_unknown"]]]
    expect("chart data rows", rows(overview, text), [timeline_row, [("td", text), ("td", "4주")]])
    alts = [img.attr("alt") or "" for img in overview.find_all("img") if "timeline" in (img.attr("src") or "")]
    # The year has more projects than bars fit: its timeline counts them by month, and its alt text (at
    # most 600 characters) names none; the project is a row of the chart's data table (above).
    expect("timeline alt text is bounded", [len(alt) <= 600 for alt in alts], [True, True])

    for page_name in ("2023/projects/index.html", page, "2023/impact/index.html", "2023/services/index.html"):
        expect(f"visible text of {page_name}", text in visible_text(hostile.html(page_name)), True)
    assert not wrong, f"{HOSTILE[key]!r} did not stay text:\n" + "\n".join(wrong)


def test_site_title_description_and_report_title_stay_text(hostile: BuiltSite) -> None:
    home = hostile.article("index.html").structure()
    assert home[0] == ("h1", SITE_NAME)  # from mkdocs.yml, which wins over site.yaml's title
    # The team's name (a hostile string here) is on the printed report's cover, as text.
    cover = hostile.article("2023/print/index.html").find("div", "reportgen-cover")
    assert cover.structure()[:2] == [
        ("h1", norm(T["print_title"].format(title=REPORT_TITLE))),
        ("p", norm(f"{SITE_TITLE} · {T['year_heading'].format(year=2023)}")),
    ]
    # With one year the home page has no table of years (its row would repeat the cards): the report's
    # title is on the cover above, as text, and nowhere on the home page as markup.
    assert not any(tag == "td" for tag, _ in home)
    assert hostile.article("2023/index.html").structure()[0] == ("h1", norm(T["year_overview"].format(year=2023)))


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_achievement_title_stays_text_in_navigation(hostile: BuiltSite, key: str) -> None:
    page = hostile.achievement_page(heading_of(key))
    root = hostile.page(page)
    nav = next(n for n in root.find_all("nav") if "md-nav--primary" in n.classes)
    assert heading_of(key) in [a.text() for a in nav.find_all("a", "md-nav__link")]
    topic = [
        d.text() for d in root.find_all("div", "md-header__topic") if d.attr("data-md-component") == "header-topic"
    ]
    assert topic == [heading_of(key)]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_achievement_title_stays_text_in_the_page_title(hostile: BuiltSite, key: str) -> None:
    page = hostile.achievement_page(heading_of(key))
    assert browser_title(hostile.html(page)) == f"{heading_of(key)} - {SITE_NAME}"
    assert injections(hostile.page(page).find("head")) == []


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_achievement_title_stays_text_in_footer_link_labels(hostile: BuiltSite, key: str) -> None:
    labels_seen = []
    for page in hostile.pages():
        for link in hostile.page(page).find_all("a", "md-footer__link"):
            if link.find("div", "md-ellipsis").text() == heading_of(key):
                direction = link.find("span", "md-footer__direction").text()
                label = " ".join((link.attr("aria-label") or "").split())
                labels_seen.append((label, f"{direction}: {heading_of(key)}"))
    assert len(labels_seen) == 2, "the page has a previous and a next page"
    for actual, expected in labels_seen:
        assert actual == expected


def test_no_built_page_or_search_entry_runs_script(hostile: BuiltSite) -> None:
    found = {page: injections(hostile.page(page)) for page in hostile.pages()}
    index = json.loads((hostile.folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        found[f"search: {doc['location']}"] = injections(parse_html(doc["title"] + doc["text"]))
    assert {page: items for page, items in found.items() if items} == {}


# --- 2. links ------------------------------------------------------------------------------------

LINK_PLACES = {
    # file, YAML with {url}, line:col of the url's value
    "project": (
        "2023/projects.yaml",
        "projects:\n  - id: alpha\n    name: Alpha\n    links:\n      - title: Hostile\n        url: {url}\n",
        (6, 14),
    ),
    "achievement": (
        "2023/achievements.yaml",
        "achievements:\n  - id: a\n    project: naver\n    title: T\n    problem: [p]\n"
        "    actions: [{{label: L, text: x}}]\n    results: [r]\n    links:\n      - title: Hostile\n"
        "        url: {url}\n",
        (10, 14),
    ),
    "service": (
        "2023/services.yaml",
        "services:\n  - id: s\n    name: S\n    status: built\n    detail: D\n    links:\n"
        "      - title: Hostile\n        url: {url}\n",
        (8, 14),
    ),
}
SPACES = "the link contains spaces, control characters or HTML entities"
BAD_URLS = {
    # the url as written in YAML, and the message that says why it is refused
    "javascript": ("javascript:alert(1)", "'javascript:' links are not allowed"),
    "mixed-case": ("JaVaScRiPt:alert(1)", "'JaVaScRiPt:' links are not allowed"),
    "leading-spaces": ('"  javascript:alert(1)"', SPACES),
    "tab-inside": ('"java\\tscript:alert(1)"', SPACES),
    "entity": ("javascript&colon;alert(1)", SPACES),
    "data": ("data:text/html,<script>", "the link contains a quote, backslash or angle bracket"),
    "vbscript": ("vbscript:x", "'vbscript:' links are not allowed"),
    "protocol-relative": ("//evil.example", "must be a relative link to a generated page"),
    "file": ("file:///etc/passwd", "'file:' links are not allowed"),
    "zero-width-space": ('"\\u200bjavascript:alert(1)"', SPACES),
    "bidi-override": ('"\\u202ehttps://example.com"', SPACES),
    "bidi-isolate": ('"https://example.com/\\u2066x"', SPACES),
    "out-of-the-site": ("../../etc/passwd.md", "the link leaves the site"),
    "out-through-a-folder": ("a/../../../x.md", "the link leaves the site"),
}


@pytest.mark.parametrize("place", LINK_PLACES)
@pytest.mark.parametrize("bad", BAD_URLS)
def test_unsafe_link_is_an_error_at_the_url(content: Path, place: str, bad: str) -> None:
    file, template, where = LINK_PLACES[place]
    url, message = BAD_URLS[bad]
    problem = only(problems_for(content, file, template.format(url=url)))
    assert at(problem) == where
    assert message in problem.message


@pytest.mark.parametrize(
    ("page", "title", "kind"),
    [
        ("achievement", "achievement https link", "https"),
        ("achievement", "achievement mailto link", "mailto"),
        ("achievement", "achievement relative link", "relative"),
        ("2023/print/index.html", "achievement relative link", "print-relative"),
        ("2023/projects/index.html", "project https link", "https"),
        ("2023/projects/index.html", "project mailto link", "mailto"),
        ("2023/services/index.html", "service https link", "https"),
        ("2023/services/index.html", "service mailto link", "mailto"),
    ],
)
def test_safe_link_is_published_with_its_exact_href(hostile: BuiltSite, page: str, title: str, kind: str) -> None:
    if page == "achievement":
        page = hostile.achievement_page(f"{PROJECT} — Accepted links")
    hrefs = [a.attr("href") for a in hostile.article(page).find_all("a") if a.text() == title]
    expected = "../projects/" if kind == "print-relative" else ACCEPTED_URLS[kind][1]  # the same link, rebased
    assert hrefs == [expected]


# --- 3. YAML -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        pytest.param("team: &t A\ntitle: *t\n", (1, 7), "anchors and aliases", id="anchor-and-alias"),
        pytest.param("base: &b {team: A}\n<<: *b\ntitle: T\n", (1, 7), "anchors and aliases", id="merge-key"),
        pytest.param(
            "team: A\ntitle: B\nteam: C\n", (3, 1), "duplicate key 'team' (first defined at line 1)", id="duplicate-key"
        ),
        pytest.param(
            "team: A\ntitle: B\n'team': C\n",
            (3, 1),
            "duplicate key 'team' (first defined at line 1)",
            id="duplicate-key-quoted",
        ),
        pytest.param("team: A\ntitle: B\n\tlanguage: ko\n", (3, 1), "tab character", id="tab-indentation"),
        pytest.param("team: A\ntitle: B\n  \tlanguage: ko\n", (3, 3), "tab character", id="tab-after-spaces"),
        pytest.param(b"\xef\xbb\xbfteam: A\ntitle: B\n", (1, 1), "byte order mark", id="bom"),
        pytest.param("team: A\ntitle: B\n---\nteam: C\n", (3, 1), "more than one YAML document", id="two-documents"),
        pytest.param(b"", (1, 1), "file is empty", id="empty"),
        pytest.param("  \n\n# only a comment\n   \n", (1, 1), "file is empty", id="whitespace-and-comments"),
        pytest.param(
            b"team: A\ntitle: B\n# " + b"x" * MAX_FILE_BYTES + b"\n",
            (1, 1),
            f"over the {MAX_FILE_BYTES}-byte limit",
            id="over-1-MiB",
        ),
        pytest.param(b"team: A\ntitle: B\x00C\n", (2, None), "binary data (a NUL byte)", id="nul-byte"),
        pytest.param(
            "team: A\ntitle: 한글".encode() + b"\xff\n", (2, 10), "not valid UTF-8", id="invalid-utf8-after-hangul"
        ),
        pytest.param(b"team: A\ntitle: ab\xed\x95\n", (2, 10), "not valid UTF-8", id="truncated-utf8"),
        pytest.param(
            "team: !!python/object/apply:os.system [touch pwned]\ntitle: T\n",
            (1, 7),
            "the YAML tag '!!python/object/apply:os.system' is not allowed",
            id="python-tag",
        ),
    ],
)
def test_hostile_yaml_is_one_located_problem(
    content: Path, monkeypatch: pytest.MonkeyPatch, data: str | bytes, where: tuple[int, int | None], message: str
) -> None:
    monkeypatch.chdir(content.parent)  # a python tag that ran would leave 'pwned' here
    problem = only(problems_for(content, "site.yaml", data))
    line, col = where
    assert (problem.line, problem.col if col is not None else None) == (line, col)
    assert message in problem.message
    assert not (content.parent / "pwned").exists()


def test_billion_laughs_fails_fast_at_the_first_anchor(content: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (content / "site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    started = time.perf_counter()
    errors = load_site(content, content.parent).errors
    elapsed = time.perf_counter() - started

    problem = only([p for p in errors if p.file == "content/site.yaml"])
    assert at(problem) == (1, 5)
    assert "anchors and aliases" in problem.message
    assert elapsed < 0.5, f"took {elapsed:.2f}s"


def test_deeply_nested_lists_are_a_located_problem_not_a_crash(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (content / "site.yaml").write_text("team: " + "[" * 1000 + "]" * 1000 + "\ntitle: T\n", encoding="utf-8")
    monkeypatch.chdir(content.parent)

    result = invoke("validate", "content")

    assert result.exit_code == 1
    assert "content/site.yaml:1:" in result.stderr


# --- 4. strict types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NO", "'NO' is ambiguous: YAML reads it as a yes/no value"),
        ("yes", "'yes' is ambiguous: YAML reads it as a yes/no value"),
        ("On", "'On' is ambiguous: YAML reads it as a yes/no value"),
        ("017", "'017' is ambiguous: YAML reads it as a number in a special notation"),
        ("1:30", "'1:30' is ambiguous: YAML reads it as a number in a special notation"),
        ("1_000", "'1_000' is ambiguous: YAML reads it as a number in a special notation"),
        ("0x1F", "'0x1F' is ambiguous: YAML reads it as a number in a special notation"),
        ("~", "Input should be a valid string, got None"),
        ("null", "Input should be a valid string, got None"),
        ('"bell\\x07"', "text contains the control character U+0007"),
        ('"\\e[31mred"', "text contains the control character U+001B"),
        ('"del\\x7f"', "text contains the control character U+007F"),
        ('"carriage\\rreturn"', "text contains the control character U+000D"),
        ('"c1\\x85next line"', "text contains the control character U+0085"),
        ('"half \\ud800 of one"', "text contains U+D800, half of a character that cannot be written"),
    ],
)
def test_text_field_refuses_values_yaml_would_convert(content: Path, value: str, message: str) -> None:
    problem = only(problems_for(content, "2023/projects.yaml", f"projects:\n  - id: alpha\n    name: {value}\n"))
    assert at(problem) == (3, 11)
    assert problem.message.startswith(message)


def test_0o17_is_text_to_the_yaml_1_1_loader(content: Path) -> None:
    projects = (SAMPLE_CONTENT / "2023" / "projects.yaml").read_text(encoding="utf-8")
    (content / "2023" / "projects.yaml").write_text(projects.replace("name: Aloha", "name: 0o17"), encoding="utf-8")
    site = load_site(content, content.parent).site
    assert site is not None
    assert [p.name for p in projects_of(site.reports[0]) if p.id == "aloha"] == ["0o17"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1_000", "1_000"),
        ("0x3E8", "0x3E8"),
        ("0b1111101000", "0b1111101000"),
        ("017", "'017' is ambiguous"),
        ("1:30", "'1:30' is ambiguous"),
        ("0o17", "expected a number, got '0o17'"),
        (".inf", "inf"),
        ("'1000'", "expected a number, got '1000'"),
    ],
)
def test_number_field_refuses_values_yaml_would_convert(content: Path, value: str, message: str) -> None:
    text = f"year: 2024\nquantitative:\n  - id: k\n    metric: M\n    target: {value}\n    direction: higher\n"
    problem = only(problems_for(content, "2023/kpis.yaml", text))
    assert at(problem) == (5, 13)
    assert message in problem.message


@pytest.mark.parametrize("value", ["yes", "On", "NO"])
def test_yes_no_field_refuses_yaml_1_1_booleans_once(content: Path, value: str) -> None:
    text = f"year: 2023\ntitle: T\ndeclared:\n  - metric: project_count\n    value: 8\n    approx: {value}\n"
    problem = only(problems_for(content, "2023/report.yaml", text + "    source: s\n"))
    assert at(problem) == (6, 13)
    assert problem.message == f"'{value}' is ambiguous: YAML reads it as a yes/no value"


# --- 5. paths ------------------------------------------------------------------------------------

# Microsoft's "Naming Files" page: these names are reserved with or without an extension.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in "123456789¹²³"}


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("../", "page"),
        ("../../etc/passwd", "etc-passwd"),
        ("/etc/passwd", "etc-passwd"),
        ("C:\\x", "c-x"),
        ("..\\x", "x"),
        ("", "page"),
        ("   ", "page"),
        ("!?*.:/\\", "page"),
        ("...", "page"),
        ("a/b\\c:d", "a-b-c-d"),
    ],
)
def test_slug_of_a_path_like_title_stays_one_plain_name(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("CON", "con-page"),
        ("nul", "nul-page"),
        ("com1", "com1-page"),
        ("LPT9", "lpt9-page"),
        ("Aux", "aux-page"),
        ("COM¹", "com¹-page"),
        ("lpt³", "lpt³-page"),
    ],
)
def test_slug_is_never_a_windows_reserved_name(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(text) not in WINDOWS_RESERVED


def test_decomposed_and_composed_hangul_give_the_same_slug() -> None:
    composed = "성과 보고"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert slugify(decomposed) == slugify(composed) == "성과-보고"


@pytest.mark.parametrize("text", ["가" * 100, "𝐀" * 100, "𠀀" * 100], ids=["hangul", "math-bold", "cjk-ext-b"])
def test_slug_fits_in_a_file_name(text: str) -> None:
    # Linux and macOS allow 255 bytes per name; the page is <slug>.md, and MkDocs makes <slug>/index.html.
    assert len(f"{slugify(text)}.md".encode()) <= 255


def test_colliding_slugs_get_stable_suffixes_in_content_order() -> None:
    titles = ["Fast API", "fast-api!", "FAST  API", "index", "fast-api-2"]
    first = SlugAllocator(reserved={"index"})
    second = SlugAllocator(reserved={"index"})
    assert [first.allocate(t) for t in titles] == ["fast-api", "fast-api-2", "fast-api-3", "index-2", "fast-api-2-2"]
    assert [second.allocate(t) for t in titles] == ["fast-api", "fast-api-2", "fast-api-3", "index-2", "fast-api-2-2"]


@pytest.mark.parametrize(
    "relative",
    ["../x", "../../etc/passwd", "/etc/passwd", "C:\\x", "C:/x", "..\\x", "", ".", "a/../../x", "\\\\server\\share"],
)
def test_generated_path_outside_the_output_is_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        _safe_target(tmp_path / "out", relative)


def test_sibling_folder_with_the_same_prefix_is_outside(tmp_path: Path) -> None:
    out, evil = tmp_path / "out", tmp_path / "out-evil"
    out.mkdir()
    evil.mkdir()
    (out / "sneaky").symlink_to(evil, target_is_directory=True)  # "out/sneaky/x" resolves to "out-evil/x"
    for relative in ("../out-evil/x", "sneaky/x"):
        with pytest.raises(ValueError, match="refusing to write outside the output folder"):
            _safe_target(out, relative)
    assert _safe_target(out, "2023/achievements/성과.md") == out / "2023" / "achievements" / "성과.md"


def test_write_tree_refuses_an_escaping_path_and_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out, evil = tmp_path / "out", tmp_path / "out-evil"
    write_tree([GeneratedFile("index.md", b"old\n"), GeneratedFile("2023/index.md", b"old year\n")], out)
    evil.mkdir()
    before = snapshot(out)

    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        write_tree([GeneratedFile("index.md", b"new\n"), GeneratedFile("../out-evil/x", b"evil\n")], out)

    assert snapshot(out) == before
    assert list(evil.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out-evil"]  # no staging folder left behind


def test_achievements_whose_headings_slug_alike_get_distinct_pages(hostile: BuiltSite) -> None:
    folder = "2023/achievements/네이버-프로젝트-same-title"
    assert hostile.article(f"{folder}/index.html").find("h1").text() == f"{PROJECT} — Same Title"
    assert hostile.article(f"{folder}-2/index.html").find("h1").text() == f"{PROJECT} — same title?"


@pytest.mark.parametrize(
    ("title", "page"),
    [("../../evil", "evil"), ("CON", "con-page"), ("index", "index-2")],
)
def test_hostile_achievement_title_makes_a_page_inside_the_achievements_folder(
    hostile: BuiltSite, title: str, page: str
) -> None:
    assert hostile.achievement_page(f"../.. — {title}") == f"2023/achievements/{page}/index.html"
    project = hostile.folder.parent
    outside = [p for p in project.rglob(f"*{page}*") if not p.is_relative_to(hostile.folder / "2023" / "achievements")]
    assert outside == []
    # achievements/index.md is still the section's own page
    assert hostile.article("2023/achievements/index.html").find("h1").text() == T["achievements"]


# --- 6. output -----------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a copy of the sample content, as the working directory."""
    folder = tmp_path / "project"
    shutil.copytree(SAMPLE_CONTENT, folder / "content")
    (folder / "linked").symlink_to(folder / "content", target_is_directory=True)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture(scope="module")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One chart cache for the CLI builds of this module, outside every content folder."""
    return str(tmp_path_factory.mktemp("chart-cache"))


@pytest.mark.parametrize(
    ("out", "content_dir"),
    [
        ("content", "content"),
        ("content/site", "content"),
        ("content/2023", "content"),
        ("content/../content/out", "content"),
        ("linked/out", "content"),
        ("content/out", "linked"),
        (".", "content"),  # the folder that holds content/: replacing it would delete the content
    ],
)
def test_build_refuses_to_write_where_it_would_touch_the_content(
    project: Path, chart_cache: str, out: str, content_dir: str
) -> None:
    before = snapshot(project / "content")

    result = invoke("build", "--out", out, "--content", content_dir, "--cache", chart_cache)

    assert (project / "content" / "site.yaml").is_file(), "the build deleted the content folder"
    assert result.exit_code != 0, f"build into {out!r} was allowed:\n{result.stderr}"
    assert "content" in result.stderr
    assert snapshot(project / "content") == before


BROKEN_TEMPLATES = {
    # a template line (line 4 of the override), and how the error continues after "file:4: "
    "undefined-name": ("{{ undefined_name }}", ""),
    "syntax-error": ("{% for x in %}", "template syntax error: "),
    "unknown-filter": ("{{ heading | no_such_filter }}", "template syntax error: No filter named 'no_such_filter'"),
}


@pytest.mark.parametrize("broken", BROKEN_TEMPLATES)
def test_failed_build_names_the_template_line_and_leaves_the_output_byte_identical(
    project: Path, chart_cache: str, broken: str
) -> None:
    assert invoke("build", "--out", "out", "--cache", chart_cache).exit_code == 0
    before = snapshot(project / "out")
    override = project / "overrides" / "year" / "achievement.md.j2"
    override.parent.mkdir(parents=True)
    text, expected = BROKEN_TEMPLATES[broken]
    override.write_text(f"# {{{{ heading }}}}\n\nline three\n{text}\n", encoding="utf-8")

    result = invoke("build", "--out", "out", "--templates", "overrides", "--cache", chart_cache)

    assert result.exit_code == 1
    assert f"error: overrides/year/achievement.md.j2:4: {expected}" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(project / "out") == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "linked", "out", "overrides"]


def test_undefined_name_in_a_template_is_named_in_the_error(project: Path, chart_cache: str) -> None:
    override = project / "overrides" / "year" / "achievement.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ heading }}\n\n{{ undefined_name }}\n", encoding="utf-8")

    result = invoke("build", "--out", "out", "--templates", "overrides", "--cache", chart_cache)

    assert result.exit_code == 1
    assert "error: overrides/year/achievement.md.j2:3: " in result.stderr
    assert "undefined_name" in result.stderr, "the error does not say which name is undefined"


def test_build_with_a_very_long_title_writes_its_page(project: Path, chart_cache: str) -> None:
    achievements = project / "content" / "2023" / "achievements.yaml"
    edit_yaml(achievements, lambda data: data["achievements"][0].update(title="𝐀" * 100))

    result = invoke("build", "--out", "out", "--cache", chart_cache)

    assert result.exit_code == 0, result.stderr
    names = [p.name for p in (project / "out" / "2023" / "achievements").iterdir()]
    assert any(name.startswith("네이버-프로젝트-𝐀") for name in names)
    assert all(len(name.encode()) <= 255 for name in names)


def test_a_fact_cannot_forge_a_ci_annotation_in_the_human_output(tmp_path: Path) -> None:
    """A declared figure's source with a line break and a workflow command: the human output of
    `validate` and of `mkdocs build` keeps the fact on its problem's line, and no line starts with `::`."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    report = content / "2023" / "report.yaml"
    forged = r'"9\n::error file=content/2023/projects.yaml,line=1::forged\n::warning::also"'
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace('"Average: ~20주"', forged, 1), encoding="utf-8")  # the figure that differs
    result = invoke("validate", str(content))
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith("::")]
    (mine,) = [line for line in lines if "forged" in line]
    assert mine.startswith(f"{content}/2023/report.yaml:") or mine.startswith("content/2023/report.yaml:")
    assert '("9 ↵ ::error file=content/2023/projects.yaml,line=1::forged ↵ ::warning::also")' in mine
    github = invoke("validate", "--format", "github", str(content)).stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in github] == ["::warning"]  # the one annotation, escaped
    assert "%0A" in github[0] and "\n" not in github[0]


def test_an_unknown_theme_language_is_a_located_error_at_build_too(tmp_path: Path) -> None:
    """Material's search reads theme.language before any page is built and fails with a traceback
    on one it has no partial for; the build must stop at reportgen's own error, at its line."""
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith("  language: ")]
    lines[index] = "  language: xx\n"
    config.write_text("".join(lines), encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"mkdocs.yml:{index + 1}:13: theme.language 'xx' is not a language reportgen writes" in result.stderr

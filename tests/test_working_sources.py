"""Where a figure's facts are: each note names the file and the line holding each record, linked in the
repository where mkdocs.yml names one (http(s) only); data.json's working says the same once per
section and stays within twice the size of the data without it; row anchors and notes' anchors
cannot collide."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synthetic import write_content
from reportgen.check.validate import load_site
from reportgen.derive.working import anchors, note_anchor
from reportgen.emit.site_tree import build_pages
from reportgen.load.mkdocs_config import find_config, read_config, repository_base
from reportgen.model.facts import Site
from tests.conftest import REPO

SITES = {"sample": REPO / "content", "sre-team": REPO / "examples" / "sre-team" / "content"}
_LINE = re.compile(r'<span class="reportgen-working__line"(?: id="[^"]+")?>(.*?)</span>')
# A note's line saying where the facts are: "Facts: <file>: <id> line <n>, …" (원본: … <n>행 in Korean).
_WHERE = re.compile(r"^(?:Facts|원본): (?P<file>[^:]+): (?P<items>.*)$")
_ITEM = re.compile(r"^(?P<id>.+) (?:line (?P<en>\d+)|(?P<ko>\d+)행)$")


def _site(content: Path, sources: str | None = None) -> Site:
    config = find_config(content)
    mkdocs = read_config(config, content.parent)[0] if config is not None else None
    if mkdocs is not None:
        mkdocs = dataclasses.replace(mkdocs, sources=sources)
    validated = load_site(content, content.parent, mkdocs)
    assert validated.site is not None, validated.problems
    return validated.site


def _pages(site: Site) -> dict[str, str]:
    tree, _ = build_pages(site)
    return {f.path: f.content.decode("utf-8") for f in tree.files}


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)  # the ids are escaped Markdown


def _holds(path: Path, line: int, entry: str) -> bool:
    """Whether the YAML line `line` of `path` opens the list item of the record named `entry`."""
    text = path.read_text(encoding="utf-8").splitlines()[line - 1].strip()
    assert text.startswith("- "), (path, line, text)
    item = yaml.safe_load(text.removeprefix("- "))
    return isinstance(item, dict) and entry in [str(v) for v in item.values()]


@pytest.mark.parametrize("name", list(SITES))
def test_each_note_names_the_file_and_line_that_hold_its_records(name: str) -> None:
    content = SITES[name]
    checked = 0
    for path, text in _pages(_site(content)).items():
        for line in _LINE.findall(text):
            found = _WHERE.match(_plain(line))
            if found is None:
                continue
            file = content.parent / found["file"]
            for item in found["items"].split(", "):
                parts = _ITEM.match(item)
                if parts is None:  # "… and 3 more"
                    assert re.fullmatch(r"… (and \d+ more|외 \d+건)", item), (path, item)
                    continue
                assert _holds(file, int(parts["en"] or parts["ko"]), parts["id"]), (path, item)
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize("name", list(SITES))
def test_data_json_says_where_every_counted_record_is(name: str) -> None:
    content = SITES[name]
    checked = 0
    for path, text in _pages(_site(content)).items():
        if not path.endswith("data.json"):
            continue
        working = json.loads(text)["working"]
        for key, entry in working.items():
            if key.startswith("source:"):
                for record, line in entry["lines"].items():
                    assert _holds(content.parent / entry["file"], line, record), (path, key, record)
                    checked += 1
            elif ":" not in key:  # a metric: every record it counts or leaves out has its line
                place = working[f"source:{entry['rule']['of']}"]
                named = {*entry.get("counted", ()), *(i for ids in entry.get("left_out", {}).values() for i in ids)}
                assert named <= set(place["lines"]), (path, key)
    assert checked >= 10


@pytest.mark.parametrize("sources", [None, "https://git.example.com/sre/edit/main/examples/sre-team/"])
def test_a_note_links_its_file_in_the_repository_only_where_the_site_names_one(sources: str | None) -> None:
    overview = _pages(_site(SITES["sre-team"], sources))["2024/index.md"]
    file = "content/2024/incidents.yaml"
    if sources is None:
        expected = f"Facts: {file}: inc-2024-01 line 3, inc-2024-02 line 9"
    else:
        url = sources + file
        expected = f"Facts: [{file}]({url}): inc-2024-01 [line 3]({url}#L3), inc-2024-02 [line 9]({url}#L9)"
    lines = _LINE.findall(overview)
    assert expected in lines
    repository = [line for line in lines if "](http" in line]
    assert len(repository) == (0 if sources is None else sum(1 for line in lines if line.startswith("Facts: ")))


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        ("https://github.com/team/report", "edit/main/", "https://github.com/team/report/edit/main/"),
        ("https://github.com/team/report/", "/blob/main/site", "https://github.com/team/report/blob/main/site/"),
        ("http://git.local/team", "edit/main/", "http://git.local/team/edit/main/"),
        ("https://github.com/team/report", None, None),  # no edit_uri: no link
        ("https://github.com/team/report", "", None),
        (None, "edit/main/", None),
        ("javascript:alert(1)//", "edit/main/", None),  # never a scheme but http(s)
        ("ftp://files.example.com/report", "edit/main/", None),
        ("https://github.com/team/report", "javascript:alert(1)", None),
    ],
)
def test_the_repository_address_is_http_only(repo_url: Any, edit_uri: Any, expected: str | None) -> None:
    assert repository_base(repo_url, edit_uri) == expected


def test_mkdocs_yml_names_the_repository_by_repo_url_and_edit_uri(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nrepo_url: https://github.com/team/report\nedit_uri: edit/main/\n", encoding="utf-8"
    )
    config = read_config(tmp_path / "mkdocs.yml", tmp_path)[0]
    assert config is not None and config.sources == "https://github.com/team/report/edit/main/"


def _without_working(text: str) -> int:
    data = json.loads(text)
    del data["working"]
    return len((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


@pytest.mark.parametrize("name", [*SITES, "synthetic"])
def test_the_working_at_most_doubles_data_json(name: str, tmp_path: Path) -> None:
    # The synthetic site at 3 years of 100 projects: the 10-year site's years are alike, 3 keep it fast.
    content = write_content(tmp_path / "content", years=3) if name == "synthetic" else SITES[name]
    files = {p: t for p, t in _pages(_site(content)).items() if p.endswith("data.json")}
    assert files
    for path, text in files.items():
        size, bare = len(text.encode("utf-8")), _without_working(text)
        assert size <= 2 * bare, (path, size, bare)


# ---- anchors: a row's and a note's can never be the same


@given(st.lists(st.text(alphabet="aZ-_ 1.é가", min_size=1, max_size=6), max_size=12))
def test_row_anchors_are_unique_and_never_a_notes(ids: list[str]) -> None:
    found = anchors("projects", ids)
    assert len(found) == len(set(found))
    assert all(re.fullmatch(r"projects-[^-](?:-?[^-])*", anchor) for anchor in found)  # no "--" in a row's
    assert not set(found) & {note_anchor("projects", f"inferred-{n}") for n in range(1, 13)}


def test_an_id_that_slugs_like_a_suffixed_one_keeps_its_own_anchor() -> None:
    # "a b" and "a-b" slug alike; the second may not take "a-b-2", which the third id slugs to.
    assert anchors("s", ["a b", "a-b", "a-b-2", "INC-101"]) == ["s-a-b", "s-a-b-3", "s-a-b-2", "s-inc-101"]


def test_a_project_named_like_a_note_does_not_take_its_anchor(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "site.yaml").write_text("language: en\n", encoding="utf-8")
    (content / "2024" / "report.yaml").write_text("year: 2024\ntitle: T\n", encoding="utf-8")
    (content / "2024" / "projects.yaml").write_text(
        "projects:\n"
        "  - {id: inferred-1, name: One, status: completed, delivery: delayed,"
        " inferred: {delivery: the source counts three late ones}}\n"
        "  - {id: inc-101, name: Two, status: completed, delivery: on_time}\n",
        encoding="utf-8",
    )
    page = _pages(_site(content))["2024/projects.md"]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert {"projects-inferred-1", "projects--inferred-1", "projects-inc-101"} <= set(ids)
    assert '<a href="#projects--inferred-1">' in page  # the mark lands on the note, not the row


def _row_anchors(content: Path) -> dict[str, str]:
    """Each tickets row's anchor on its page, by the row's title and date cells."""
    page = _pages(_site(content))["2024/tickets.md"]
    found = {}
    for line in page.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        anchor = re.match(r'<span class="reportgen-row" id="([^"]+)"></span>', cells[0])
        if anchor:  # the first cell is the row's place (#), the second its title
            found[f"{cells[1]} {cells[2]}"] = anchor.group(1)
    return found


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # No id: the title names each row apart, so it is the anchor.
        (
            ["{title: Disk full, opened: 2024-03-01}", "{title: DNS outage, opened: 2024-04-01}"],
            {"Disk full 2024-03-01": "tickets-disk-full", "DNS outage 2024-04-01": "tickets-dns-outage"},
        ),
        # Two rows share a title: each is named by its title and its cells' fingerprint.
        (
            ["{title: Disk full, opened: 2024-03-01}", "{title: Disk full, opened: 2024-04-01}"],
            None,
        ),
    ],
)
def test_a_record_without_an_id_keeps_its_anchor_when_rows_are_reordered(
    tmp_path: Path, rows: list[str], expected: dict[str, str] | None
) -> None:
    from tests.records_site import write_site

    columns = [{"key": "title", "type": "text", "required": True}, {"key": "opened", "type": "date"}]
    metrics = "      - {name: ticket_count, of: count}\n"
    first = _row_anchors(write_site(tmp_path / "a", columns, metrics, rows))
    second = _row_anchors(write_site(tmp_path / "b", columns, metrics, rows[::-1]))
    assert len(first) == len(rows)
    assert first == second  # the same row, the same anchor, in either order
    if expected is not None:
        assert first == expected
    else:
        assert all(re.fullmatch(r"tickets-disk-full-[0-9a-f]{7}", anchor) for anchor in first.values())


_APPENDIX_FILE = re.compile(r"^(?:Facts|원본): (?P<file>\S+)$")
_APPENDIX_ID = re.compile(r"(?P<id>[^\s(,]+) (?:line (?P<en>\d+)|(?P<ko>\d+)행)")


@pytest.mark.parametrize("name", list(SITES))
def test_the_printed_appendix_names_each_sections_file_and_each_ids_line(name: str) -> None:
    """On paper, nothing links: each section of the appendix names the file its facts are in, and each
    id it lists the line that holds it, so a reader of the PDF can find every record."""
    content = SITES[name]
    checked = 0
    for path, text in _pages(_site(content)).items():
        if not path.endswith("print.md"):
            continue
        appendix = _plain(text[text.index("{ #section-appendix }") :])
        assert ")건" not in appendix and "of 0 (" not in appendix  # a count's word once, not after its ids too
        file = None
        for line in appendix.splitlines():
            if line.startswith("**"):
                file = None  # a section's heading: its file follows
            elif found := _APPENDIX_FILE.match(line):
                file = content.parent / found["file"]
                assert file.is_file(), line
            elif line.startswith("- ") and file is not None:
                ids = list(_APPENDIX_ID.finditer(line))
                assert ids, line  # every figure of a section with a file names its records' lines
                for item in ids:
                    assert _holds(file, int(item["en"] or item["ko"]), item["id"]), (path, line, item[0])
                    checked += 1
    assert checked > 20, checked


def test_last_years_figure_counted_across_years_carries_its_own_note(tmp_path: Path) -> None:
    """A project continuing into 2024 counts in 2024, not in 2023: the comparison's "1" is 2023 as
    counted across years, not 2023's own 2, so it links to a note of its own saying what it counted."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("language: en\n", encoding="utf-8")
    years = {
        2023: ["{id: alpha, name: Alpha, status: in_progress}", "{id: beta, name: Beta, status: completed}"],
        2024: ["{id: alpha, name: Alpha, status: completed}", "{id: gamma, name: Gamma, status: completed}",
               "{id: delta, name: Delta, status: completed}"],
    }  # fmt: skip
    for year, listed in years.items():
        (content / str(year)).mkdir(parents=True)
        (content / str(year) / "report.yaml").write_text(f"year: {year}\ntitle: T\n", encoding="utf-8")
        rows = "".join(f"  - {row}\n" for row in listed)
        (content / str(year) / "projects.yaml").write_text("projects:\n" + rows, encoding="utf-8")
    page = _pages(_site(content))["2024/index.md"]
    compared = next(line for line in page.splitlines() if "Compared with 2023" in line)
    assert "Compared with 2023: Projects [1](#working--project_count-2023) → [3](#working--project_count)." in compared
    start = compared.index('<span class="reportgen-working__line" id="working--project_count-2023">')
    lines = [_plain(line) for line in _LINE.findall(compared[start : compared.index("</details>", start)])]
    assert lines[1] == "Counted: 1 of 1: [beta](../2023/projects.md#projects-beta)", lines
    assert lines[2] == "Facts: content/2023/projects.yaml: beta line 3", lines
    assert lines[-1].startswith("A project listed in two consecutive years"), lines

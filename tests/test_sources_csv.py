"""Records from a CSV export (content/<year>/<key>.csv): the same records, pages and data as the
YAML they stand for, every problem at the CSV's own line and column with YAML's codes, the
`source:` mapping, the team's time zone, the reading rules, and what reaches the site."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages
from reportgen.load.problems import Problem
from reportgen.load.sources import MAX_SOURCE_BYTES, csv_rows
from reportgen.model.facts import Site

from .conftest import REPO, run_mkdocs
from .helpers import only

EXAMPLE = REPO / "examples" / "sre-team"
HEADER = "id,title,severity,service,detected,resolved,postmortem"
ROWS = [
    "inc-2023-01,Checkout latency spike,sev2,checkout,2023-03-14 09:12:00,2023-03-14 11:42:00,",
    "inc-2023-02,Primary database failover stalled,sev1,orders-db,2023-07-02 22:05:00,2023-07-03 03:35:00,"
    "https://example.com/postmortems/inc-2023-02",
    "inc-2023-03,Expired TLS certificate on the status page,sev3,status-page,2023-11-20 08:00:00,2023-11-20 09:00:00,",
]
# The incidents of 2023 as a spreadsheet saves them: a byte order mark, CRLF line ends.
EXPORT = "\ufeff" + "\r\n".join([HEADER, *ROWS]) + "\r\n"
CSV_FILE = "content/2023/incidents.csv"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    shutil.copy(EXAMPLE / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path / "content"


def _export(content: Path, text: str = EXPORT, name: str = "incidents.csv") -> Path:
    (content / "2023" / "incidents.yaml").unlink(missing_ok=True)
    path = content / "2023" / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _declare(content: Path, source: str = "", settings: str = "") -> None:
    """A `source:` block for the incidents section (indented under it), and top-level settings."""
    path = content / "site.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    chart: {metric: mttr, type: line}\n"
    text = text.replace(anchor, anchor + "    source:\n" + "".join(f"      {line}\n" for line in source.splitlines()))
    path.write_text(text.replace("team: Platform SRE\n", "team: Platform SRE\n" + settings), encoding="utf-8")


def _site(content: Path) -> Site:
    validated = load_site(content, content.parent)
    assert validated.site is not None, "\n".join(p.for_people() for p in validated.problems)
    return validated.site


def _tree(site: Site) -> dict[str, bytes]:
    tree, _ = build_pages(site)
    return {f.path: f.content for f in tree.files}


def _problems(content: Path, file: str = CSV_FILE) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in load_site(content, content.parent).problems if p.file == file]


def _one(content: Path, file: str = CSV_FILE) -> Problem:
    return only([p for p in load_site(content, content.parent).problems if p.file == file])


def _rows(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# ---- the same records as the YAML


def test_a_csv_export_gives_the_same_site_as_its_yaml(content: Path) -> None:
    from_yaml = _site(content)
    pages = _tree(from_yaml)
    _export(content)
    from_csv = _site(content)
    assert _placeless(from_csv) == _placeless(from_yaml)  # only where the facts are written differs
    assert _unplaced(_tree(from_csv)) == _unplaced(pages)  # every page, data.json and download alike
    place = from_csv.reports[0].places["incidents"]
    # Each record's row (1: the first record) and its line in the file, the header being line 1.
    assert (place.file, place.rows, place.lines) == (
        CSV_FILE,
        {"inc-2023-01": 1, "inc-2023-02": 2, "inc-2023-03": 3},
        {"inc-2023-01": 2, "inc-2023-02": 3, "inc-2023-03": 4},
    )
    overview = _tree(from_csv)["2023/index.md"].decode("utf-8")
    lines = re.findall(r'<span class="reportgen-working__line"(?: id="[^"]+")?>(.*?)</span>', overview)
    assert "Facts: content/2023/incidents.csv: inc-2023-01 row 1, inc-2023-02 row 2, inc-2023-03 row 3" in lines


# A note's line saying where the facts are, and the same line in a KPI block's item (after a <br>).
_FACTS = re.compile(r'<span class="reportgen-working__line">Facts: [^<]*</span>|<br>Facts: [^<\n]*')
# The printed appendix's lines name each id's line (an export's row) and the section's file.
_PRINTED = re.compile(r" (?:line|row) \d+|^Facts: \S+$", re.MULTILINE)


def _placeless(site: Site) -> Site:
    return site.model_copy(update={"reports": tuple(r.model_copy(update={"places": {}}) for r in site.reports)})


def _unplaced(files: dict[str, bytes]) -> dict[str, str]:
    """The files without their notes' lines saying where the facts are, and the data without where
    2023's incidents are."""
    found = {}
    for path, content in files.items():
        text = content.decode("utf-8", "replace")
        if path == "2023/data.json":
            data = json.loads(text)
            assert data["working"].pop("source:incidents")["file"].startswith("content/2023/incidents.")
            text = json.dumps(data)
        text = _FACTS.sub("", text)
        found[path] = _PRINTED.sub("", text) if path.endswith("print.md") else text
    return found


@pytest.mark.parametrize("text", [EXPORT, EXPORT.removeprefix("\ufeff"), EXPORT.replace("\r\n", "\n")])
def test_with_or_without_a_byte_order_mark_and_either_line_end(content: Path, text: str) -> None:
    _export(content, text)
    assert _site(content).reports[0].sections["incidents"][1]["detected"] == datetime(2023, 7, 2, 22, 5)


def test_a_quoted_cell_may_hold_line_breaks_and_the_cells_after_it_are_found(content: Path) -> None:
    title = '"Checkout, latency\nspike ""again"""'
    _export(content, _rows(f"inc-2023-01,{title},sev9,checkout,2023-03-14 09:12:00,2023-03-14 11:42:00,"))
    assert _problems(content) == [(3, 18, "not-a-choice")]  # the cell after the title's second line
    _export(content, _rows(f"inc-2023-01,{title},sev2,checkout,2023-03-14 09:12:00,2023-03-14 11:42:00,", *ROWS[1:]))
    assert _site(content).reports[0].sections["incidents"][0]["title"] == 'Checkout, latency\nspike "again"'


# ---- each problem at its cell, with YAML's code

GOOD = ROWS[0]


@pytest.mark.parametrize(
    ("row", "position", "code"),
    [
        (GOOD.replace("sev2", "sev5"), (2, 36), "not-a-choice"),
        (GOOD.replace("2023-03-14 09:12:00", "yesterday"), (2, 50), "invalid-datetime"),
        # A day alone in a datetime column has no time of day, as in YAML (not midnight).
        (GOOD.replace("2023-03-14 09:12:00", "2023-03-14"), (2, 50), "invalid-value"),
        (GOOD.replace("2023-03-14 09:12:00", "1678785120"), (2, 50), "invalid-value"),  # not read as a Unix time
        (GOOD.replace("2023-03-14 11:42:00,", "2023-03-14 11:42:00,javascript:alert(1)"), (2, 90), "invalid-value"),
        (GOOD.replace("inc-2023-01", "INC 1"), (2, 1), "invalid-id"),
        (GOOD.replace("Checkout latency spike", " "), (2, 1), "missing-field"),  # an empty cell is no value
        (GOOD.replace("2023-03-14 11:42:00", "2023-03-14 08:00:00"), (2, 70), "end-before-start"),
        (GOOD + ",extra", (2, 91), "csv-row-length"),
        (GOOD.removesuffix(","), (2, 1), "csv-row-length"),
        (GOOD.replace("Checkout latency spike", '"Checkout" latency'), (2, 1), "csv-syntax"),
    ],
)
def test_a_bad_cell_is_reported_at_its_line_and_column(
    content: Path, row: str, position: tuple[int, int], code: str
) -> None:
    _export(content, _rows(row, ROWS[1]))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == (position, code), problem.for_people()


def test_every_problem_of_the_file_at_once(content: Path) -> None:
    _export(
        content, _rows(GOOD.replace("sev2", "sev5"), ROWS[1].replace("orders-db,2023-07-02", "orders-db,2023-17-02"))
    )
    assert _problems(content) == [(2, 36, "not-a-choice"), (3, 62, "invalid-datetime")]


def test_the_same_messages_as_yaml(content: Path) -> None:
    yaml_file = content / "2023" / "incidents.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("severity: sev2", "severity: sev5"))
    from_yaml = _one(content, "content/2023/incidents.yaml")
    _export(content, _rows(GOOD.replace("sev2", "sev5")))
    from_csv = _one(content)
    assert (from_csv.message, from_csv.hint, from_csv.code) == (from_yaml.message, from_yaml.hint, from_yaml.code)


def test_an_id_twice_in_another_case_is_one_id_twice(content: Path) -> None:
    _export(content, _rows(GOOD.replace("inc-2023-01", "INC-1"), ROWS[1].replace("inc-2023-02", "inc-1")))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == ((3, 1), "duplicate-id")
    assert problem.hint.startswith("already used at content/2023/incidents.csv:2:1")


# ---- the header


def test_an_unknown_header_is_an_unknown_key_with_a_did_you_mean(content: Path) -> None:
    _export(content, _rows(GOOD, header=HEADER.replace("service", "servce")))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == ((1, 19), "unknown-key")
    assert (problem.message, problem.hint) == ("unknown key 'servce'", "did you mean 'service'?")


def test_a_required_column_missing_from_the_header_is_said_once(content: Path) -> None:
    header = HEADER.replace("title,", "")
    _export(content, _rows(*(row.replace(row.split(",")[1] + ",", "", 1) for row in ROWS), header=header))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code, problem.message) == (
        (1, 1),
        "missing-column",
        "the header has no 'title'",
    )


def test_a_name_twice_in_the_header(content: Path) -> None:
    _export(content, _rows(GOOD + ",x", header=HEADER + ",title"))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == ((1, 56), "duplicate-key")


def test_an_unnamed_empty_column_is_a_trailing_comma(content: Path) -> None:
    _export(content, _rows(*(row + "," for row in ROWS), header=HEADER + ","))
    assert len(_site(content).reports[0].sections["incidents"]) == 3


# ---- source: columns, ignore, values, format


def test_the_source_block_names_the_exports_headers_values_and_date_format(content: Path) -> None:
    _declare(
        content,
        "columns:\n"
        "  id: Key\n"
        "  title: {from: Summary}\n"
        "  severity: {from: Priority, values: {P1: sev1, P2: sev2, P3: sev3}}\n"
        '  detected: {from: "Created At", format: "%m/%d/%Y %I:%M %p"}\n'
        "  resolved: {from: Resolved, values: {'N/A': null}}\n"
        "ignore: [Assignee, Service]\n",
    )
    export = (
        "Key,Summary,Priority,Created At,Resolved,Assignee,Service\n"
        "INC-7,Checkout latency spike,P2,03/14/2023 09:12 AM,2023-03-14 11:42,kim,checkout\n"
        "INC-8,Failover,P1,07/02/2023 10:05 PM,N/A,lee,orders-db\n"
    )
    _export(content, export)
    rows = _site(content).reports[0].sections["incidents"]
    assert [(r["id"], r["severity"], r["detected"], r["resolved"]) for r in rows] == [
        ("INC-7", "sev2", datetime(2023, 3, 14, 9, 12), datetime(2023, 3, 14, 11, 42)),
        ("INC-8", "sev1", datetime(2023, 7, 2, 22, 5), None),
    ]
    # An ignored field reaches neither the records nor the site.
    assert all(row["service"] is None for row in rows)
    tree = _tree(_site(content))
    assert not any(b"kim" in body for body in tree.values())


def test_a_date_not_in_the_declared_format(content: Path) -> None:
    _declare(content, 'columns:\n  detected: {format: "%m/%d/%Y %H:%M"}')
    _export(content, _rows(GOOD.replace("2023-03-14 09:12:00", "2023-03-14 09:12")))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == ((2, 50), "invalid-datetime")
    assert problem.message == "'2023-03-14 09:12' does not match the format '%m/%d/%Y %H:%M'"


def test_a_value_the_mapping_does_not_know_is_not_a_choice(content: Path) -> None:
    _declare(content, "columns:\n  severity: {values: {P1: sev1}}")
    _export(content, _rows(GOOD.replace("sev2", "P2")))
    assert _problems(content) == [(2, 36, "not-a-choice")]


# ---- times with an offset and the team's time zone


def test_a_time_with_an_offset_is_read_in_the_teams_time_zone(content: Path) -> None:
    _declare(content, "ignore: []", settings="timezone: Asia/Seoul\n")
    utc = GOOD.replace("2023-03-14 09:12:00", "2023-03-14T00:12:00Z")
    _export(content, _rows(utc.replace("2023-03-14 11:42:00", "2023-03-14T11:42:00+09:00"), *ROWS[1:]))
    row = _site(content).reports[0].sections["incidents"][0]
    assert (row["detected"], row["resolved"]) == (datetime(2023, 3, 14, 9, 12), datetime(2023, 3, 14, 11, 42))


def test_without_a_time_zone_such_a_time_is_refused_with_a_hint(content: Path) -> None:
    _export(content, _rows(GOOD.replace("2023-03-14 09:12:00", "2023-03-14T00:12:00Z")))
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == ((2, 50), "undeclared-timezone")
    assert problem.hint == "declare the team's time zone in site.yaml, e.g. timezone: Asia/Seoul"


def test_hand_written_yaml_still_refuses_an_offset(content: Path) -> None:
    _declare(content, "ignore: []", settings="timezone: Asia/Seoul\n")
    yaml_file = content / "2023" / "incidents.yaml"
    text = yaml_file.read_text(encoding="utf-8").replace("2023-03-14 09:12:00", "2023-03-14T09:12:00+09:00")
    yaml_file.write_text(text, encoding="utf-8")
    assert "has a time zone" in _one(content, "content/2023/incidents.yaml").message


def test_an_unknown_time_zone_says_the_closest(content: Path) -> None:
    _declare(content, "ignore: []", settings="timezone: Asia/Seol\n")
    problem = _one(content, "content/site.yaml")
    assert (problem.line, problem.col, problem.code) == (5, 11, "unknown-timezone")
    assert problem.message == "'Asia/Seol' is not a time zone (did you mean 'Asia/Seoul'?)"


# ---- the reading rules


def test_two_files_for_one_years_records_are_refused(content: Path) -> None:
    _export(content)
    shutil.copy(EXAMPLE / "content" / "2023" / "incidents.yaml", content / "2023" / "incidents.yaml")
    problems = [p for p in load_site(content, content.parent).problems if p.file.startswith("content/2023/incidents")]
    assert [(p.file, p.line, p.col, p.code) for p in problems] == [(CSV_FILE, 1, 1, "two-sources")]
    assert problems[0].message == "the incidents records of 2023 are in incidents.yaml too"


def test_an_export_over_the_size_limit_is_refused_without_being_read(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _export(content, "")
    os.truncate(path, MAX_SOURCE_BYTES + 1)  # sparse: no disk, but its size says 20 MiB and a byte
    opened = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        assert self.name != path.name, "the export was opened"
        return opened(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded)
    problem = _one(content)
    assert (problem.code, problem.message) == (
        "file-too-large",
        f"file is {MAX_SOURCE_BYTES + 1} bytes, over the {MAX_SOURCE_BYTES}-byte limit",
    )


def test_an_export_may_be_larger_than_a_yaml_file(content: Path) -> None:
    rows = [
        GOOD.replace("inc-2023-01", f"inc-{n}").replace("Checkout latency spike", f"Spike {n} " + "x" * 400)
        for n in range(3000)
    ]
    text = _rows(*rows)
    assert len(text.encode()) > 1024 * 1024
    _export(content, text)
    assert len(_site(content).reports[0].sections["incidents"]) == 3000


def test_a_link_to_an_export_outside_the_content_folder_is_refused(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(EXPORT, encoding="utf-8")
    (content / "2023" / "incidents.yaml").unlink()
    (content / "2023" / "incidents.csv").symlink_to(outside)
    assert _problems(content) == [(1, 1, "outside-content")]


# ---- what reaches the site


def test_the_export_is_never_published_and_the_download_is_the_generated_table(content: Path) -> None:
    """init's layout: docs_dir is the content folder. Even with *.csv and *.json excluded (to keep a
    team's exports out), the year's generated CSV download beside the export of the same name, and
    data.json, are published; the export itself is not."""
    project = content.parent
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "docs_dir: content\nexclude_docs: |\n  *.yaml\n  *.yml\n" in text
    text = text.replace("  *.yml\n", "  *.yml\n  *.csv\n  *.json\n", 1).replace(
        "\ntheme:\n", "\nrepo_url: https://github.com/acme/sre\nedit_uri: edit/main/\ntheme:\n", 1
    )
    config.write_text(text.replace("  features:\n", "  features:\n    - content.action.edit\n", 1), encoding="utf-8")
    _export(content, EXPORT.replace("Checkout latency spike", "Checkout latency spike"))
    (content / "2024" / "incidents.yaml").unlink()
    (content / "2024" / "incidents.json").write_text(
        '[{"id": "inc-2024-01", "title": "Queue backlog", "severity": "sev2",'
        ' "detected": "2024-02-10 14:00:00", "resolved": "2024-02-10 15:30:00"}]',
        encoding="utf-8",
    )
    built = run_mkdocs(project, "build", "--strict")
    assert built.returncode == 0, built.stderr
    site = project / "site"
    download = (site / "2023" / "incidents.csv").read_bytes()
    assert download == _tree(_site(content))["2023/incidents.csv"]
    assert download != (content / "2023" / "incidents.csv").read_bytes()
    assert (site / "2024" / "data.json").is_file() and (site / "2024" / "incidents.csv").is_file()
    assert not (site / "2024" / "incidents.json").exists()
    assert sorted(p.name for p in site.rglob("*.json") if p.name != "search_index.json") == ["data.json"] * 2
    # The page's edit button opens the file that holds its records: the export, not a YAML that is not there.
    page = (site / "2023" / "incidents" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/acme/sre/edit/main/content/2023/incidents.csv"' in page


# ---- the reader's positions, checked against csv itself

_CELLS = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t한')), max_size=6)


@given(st.lists(st.lists(_CELLS, min_size=3, max_size=3), min_size=1, max_size=5), st.sampled_from(["\r\n", "\n"]))
def test_each_cell_is_found_where_csv_wrote_it(rows: list[list[str]], end: str) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=end).writerows([["h1", "h2", "h3"], *rows])
    text = buffer.getvalue()
    expected = [row for row in rows if any(cell.strip() for cell in row)]
    # csv leaves a lone CR unquoted when its line end is LF, and cannot read it back: not a case of ours.
    assume(all("\r" not in cell for row in rows for cell in row) or end == "\r\n")
    table, problems = csv_rows.parse(text, "x.csv")
    assert problems == [] and table is not None
    assert [row.cells for row in table.rows] == expected
    lines = io.StringIO(text, newline="").readlines()
    for row in table.rows:
        for cell, (line, col) in zip(row.cells, row.where, strict=True):
            rest = "".join(lines[line - 1 :])[col - 1 :]
            written = io.StringIO()
            csv.writer(written, lineterminator=end).writerow([cell, ""])
            assert rest.startswith(written.getvalue().removesuffix(end).removesuffix(","))


@pytest.mark.parametrize(
    ("data", "position", "code"),
    [
        (EXPORT.encode() + b"\x00", (5, 1), "binary-file"),
        (
            "\n".join([HEADER, GOOD.replace("latency", "lat\udcffency")]).encode("utf-8", "surrogateescape"),
            (2, 25),
            "not-utf8",
        ),
    ],
)
def test_an_export_that_is_not_text(content: Path, data: bytes, position: tuple[int, int], code: str) -> None:
    path = _export(content, "")
    path.write_bytes(data)
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == (position, code)

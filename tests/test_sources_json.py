"""Records from a JSON export (content/<year>/<key>.json), as `gh pr list --json`, `gh api` or an
incident tool writes it: the same records as YAML, problems at the JSON value's line and column,
dotted paths into objects, and a position-keeping reader that reads what json reads."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages
from reportgen.load.problems import Problem
from reportgen.load.sources import json_rows
from reportgen.model.facts import Site

from .conftest import REPO
from .helpers import only

EXAMPLE = REPO / "examples" / "sre-team"
JSON_FILE = "content/2023/incidents.json"
RECORDS = [
    {
        "id": "inc-2023-01",
        "title": "Checkout latency spike",
        "severity": "sev2",
        "service": "checkout",
        "detected": "2023-03-14 09:12:00",
        "resolved": "2023-03-14 11:42:00",
    },
    {
        "id": "inc-2023-02",
        "title": "Primary database failover stalled",
        "severity": "sev1",
        "service": "orders-db",
        "detected": "2023-07-02 22:05:00",
        "resolved": "2023-07-03 03:35:00",
        "postmortem": "https://example.com/postmortems/inc-2023-02",
    },
    {
        "id": "inc-2023-03",
        "title": "Expired TLS certificate on the status page",
        "severity": "sev3",
        "service": "status-page",
        "detected": "2023-11-20 08:00:00",
        "resolved": "2023-11-20 09:00:00",
        "postmortem": None,
    },
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    shutil.copy(EXAMPLE / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path / "content"


def _export(content: Path, data: Any, *, text: str | None = None) -> None:
    (content / "2023" / "incidents.yaml").unlink(missing_ok=True)
    (content / "2023" / "incidents.json").write_text(
        text if text is not None else json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8"
    )


def _declare(content: Path, source: str, settings: str = "") -> None:
    path = content / "site.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    chart: {metric: mttr, type: line}\n"
    text = text.replace(anchor, anchor + "    source:\n" + "".join(f"      {line}\n" for line in source.splitlines()))
    path.write_text(text.replace("team: Platform SRE\n", "team: Platform SRE\n" + settings), encoding="utf-8")


def _site(content: Path) -> Site:
    validated = load_site(content, content.parent)
    assert validated.site is not None, "\n".join(p.for_people() for p in validated.problems)
    return validated.site


def _one(content: Path) -> Problem:
    return only([p for p in load_site(content, content.parent).problems if p.file == JSON_FILE])


def _problems(content: Path) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in load_site(content, content.parent).problems if p.file == JSON_FILE]


def _with(index: int, **changes: Any) -> list[dict[str, Any]]:
    records = [dict(record) for record in RECORDS]
    records[index].update(changes)
    return records


# ---- the same records as the YAML


def test_a_json_export_gives_the_same_site_as_its_yaml(content: Path) -> None:
    from_yaml = _site(content)
    tree, _ = build_pages(from_yaml)
    _export(content, RECORDS)
    from_json = _site(content)
    assert _placeless(from_json) == _placeless(from_yaml)  # only where the facts are written differs
    assert _pages(build_pages(from_json)[0].files) == _pages(tree.files)
    place = from_json.reports[0].places["incidents"]
    assert (place.file, place.rows) == ("content/2023/incidents.json", {r["id"]: i + 1 for i, r in enumerate(RECORDS)})
    text = (content / "2023" / "incidents.json").read_text(encoding="utf-8").splitlines()
    for entry, line in place.lines.items():  # each record's line is the one its object opens on
        assert (text[line - 1].strip(), text[line].strip()) == ("{", f'"id": "{entry}",')


# A note's line saying where the facts are, and the same line in a KPI block's item (after a <br>).
_FACTS = re.compile(r'<span class="reportgen-working__line">Facts: [^<]*</span>|<br>Facts: [^<\n]*')
# The printed appendix's lines name each id's line (an export's row) and the section's file.
_PRINTED = re.compile(r" (?:line|row) \d+|^Facts: \S+$", re.MULTILINE)


def _placeless(site: Site) -> Site:
    return site.model_copy(update={"reports": tuple(r.model_copy(update={"places": {}}) for r in site.reports)})


def _pages(files: Any) -> dict[str, str]:
    """The pages without their notes' lines saying where the facts are (a file name and its lines), and
    the data without where the incidents are."""
    found = {}
    for f in files:
        text = f.content.decode("utf-8", "replace")
        if f.path == "2023/data.json":
            data = json.loads(text)
            assert data["working"].pop("source:incidents")["file"].startswith("content/2023/incidents.")
            text = json.dumps(data)
        text = _FACTS.sub("", text)
        found[f.path] = _PRINTED.sub("", text) if f.path.endswith("print.md") else text
    return found


GH_PR_LIST = """\
  - key: pull_requests
    kind: records
    title: {en: Pull requests}
    columns:
      - {key: title, type: text, required: true, title: {en: Title}}
      - {key: opened, type: datetime, required: true, title: {en: Opened}}
      - {key: merged, type: datetime, title: {en: Merged}}
      - {key: author, type: text, title: {en: Author}}
    metrics:
      - {name: pr_count, of: count, title: {en: Pull requests}}
      - {name: pr_lead_time, of: mean_between, start: opened, end: merged, unit: hours, title: {en: Lead time}}
    source:
      columns:
        id: number
        opened: createdAt
        merged: mergedAt
        author: author.login
"""


def test_what_gh_pr_list_writes(content: Path) -> None:
    """`gh pr list --state all --json number,title,createdAt,mergedAt,author > content/2023/pull_requests.json`"""
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8").replace("  - key: slos\n", GH_PR_LIST + "  - key: slos\n", 1)
    site_yaml.write_text(text.replace("team: Platform SRE\n", "team: Platform SRE\ntimezone: Asia/Seoul\n"))
    prs = [
        {
            "author": {"id": "MDQ6VXNlcjE=", "is_bot": False, "login": "kim", "name": "Kim"},
            "createdAt": "2023-05-02T01:00:00Z",
            "mergedAt": "2023-05-02T07:30:00Z",
            "number": 42,
            "title": "Retry the payment webhook",
        },
        {
            "author": {"id": "MDQ6VXNlcjI=", "is_bot": False, "login": "lee", "name": "Lee"},
            "createdAt": "2023-06-10T09:00:00Z",
            "mergedAt": None,
            "number": 43,
            "title": "Draft: new queue",
        },
    ]
    (content / "2023" / "pull_requests.json").write_text(json.dumps(prs), encoding="utf-8")
    site = _site(content)
    rows = site.reports[0].sections["pull_requests"]
    assert rows == (
        {
            "id": "42",
            "title": "Retry the payment webhook",
            "opened": datetime(2023, 5, 2, 10, 0),  # 01:00Z in Seoul
            "merged": datetime(2023, 5, 2, 16, 30),
            "author": "kim",
        },
        {
            "id": "43",
            "title": "Draft: new queue",
            "opened": datetime(2023, 6, 10, 18, 0),
            "merged": None,
            "author": "lee",
        },
    )
    pages = {f.path: f.content for f in build_pages(site)[0].files}
    page = pages["2023/pull_requests.md"].decode()
    anchor = '<span class="reportgen-row" id="pull_requests-42"></span>'
    assert f"| {anchor}1 | 42 | Retry the payment webhook | 2023-05-02 10:00 | 2023-05-02 16:30 | kim |" in page
    assert b"MDQ6VXNlcjE" not in b"".join(pages.values())  # the author's other fields reach no page


# ---- each problem at its value, with YAML's code


@pytest.mark.parametrize(
    ("records", "position", "code"),
    [
        (_with(1, severity="SEV1"), (13, 17), "not-a-choice"),
        (_with(0, detected="2023-14-03 09:12"), (7, 17), "invalid-datetime"),
        (_with(0, detected=1678785120), (7, 17), "invalid-value"),
        (_with(2, title=17.5), (21, 14), "wrong-type"),  # (a whole number is read as its text, as an id is)
        (_with(2, title=["a"]), (21, 14), "wrong-type"),
        (_with(0, id="INC/1"), (3, 11), "invalid-id"),
        (_with(0, servce="checkout"), (9, 5), "unknown-key"),
        (_with(1, postmortem="javascript:alert(1)"), (17, 19), "invalid-value"),
    ],
)
def test_a_bad_value_is_reported_at_its_line_and_column(
    content: Path, records: list[dict[str, Any]], position: tuple[int, int], code: str
) -> None:
    _export(content, records)
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code) == (position, code), problem.for_people()


def test_an_unknown_field_is_said_once_with_a_did_you_mean(content: Path) -> None:
    _export(content, [{**record, "titel": "x"} for record in RECORDS])
    problem = _one(content)
    assert (problem.message, problem.hint) == ("unknown key 'titel'", "did you mean 'title'?")


@pytest.mark.parametrize(
    ("text", "position", "code"),
    [
        ('[{"id": "a",}]', (1, 13), "json-syntax"),
        ('[{"id": "a"}]\n[]', (2, 1), "json-syntax"),
        ('[{"id": "a", "id": "b"}]', (1, 14), "duplicate-key"),
        ('{"records": []}', (1, 1), "wrong-type"),
        ("[1]", (1, 2), "wrong-type"),
        ("[" * 70 + "]" * 70, (1, 66), "too-deep"),
        ("  \n", (1, 1), "empty-file"),
        ('[{"title": NaN}]', (1, 12), "json-syntax"),
    ],
)
def test_a_broken_export_is_reported_where_it_breaks(
    content: Path, text: str, position: tuple[int, int], code: str
) -> None:
    _export(content, None, text=text)
    problems = [((p.line, p.col), p.code) for p in load_site(content, content.parent).problems if p.file == JSON_FILE]
    assert (position, code) in problems


def test_a_required_field_no_record_has_is_said_once(content: Path) -> None:
    _export(content, [{k: v for k, v in record.items() if k != "title"} for record in RECORDS])
    problem = _one(content)
    assert ((problem.line, problem.col), problem.code, problem.message) == (
        (2, 3),
        "missing-column",
        "no record has 'title'",
    )


# ---- source: paths, rows, values, ignore


def test_dotted_paths_values_and_ignored_fields(content: Path) -> None:
    _declare(
        content,
        "columns:\n"
        "  id: key\n"
        "  title: fields.summary\n"
        "  severity: {from: fields.priority.name, values: {Highest: sev1, High: sev2, Medium: sev3}}\n"
        "  service: fields.component\n"
        "  detected: fields.created\n"
        "  resolved: fields.resolutiondate\n"
        "ignore: [self, expand]\n"
        "rows: issues\n",
        settings="timezone: Europe/Berlin\n",
    )
    issue = {
        "key": "OPS-7",
        "self": "https://jira.example.com/rest/api/2/issue/10007",
        "expand": "names",
        "fields": {
            "summary": "Checkout latency spike",
            "priority": {"name": "High", "id": "2"},
            "component": "checkout",
            "created": "2023-03-14T09:12:00.000+0100",
            "resolutiondate": "2023-03-14T11:42:00+01:00",
        },
    }
    later = [{**issue, "key": f"OPS-{n}"} for n in (8, 9)]  # as many incidents as the KPIs expect
    later[0]["fields"] = {
        **issue["fields"],
        "created": "2023-05-01T10:00:00Z",
        "resolutiondate": "2023-05-01T12:00:00Z",
    }
    later[1]["fields"] = {**issue["fields"], "created": "2023-06-01T10:00:00Z", "resolutiondate": None}
    _export(content, {"total": 3, "issues": [issue, *later]})
    rows = _site(content).reports[0].sections["incidents"]
    assert rows[0] == {
        "id": "OPS-7",
        "title": "Checkout latency spike",
        "severity": "sev2",
        "service": "checkout",
        "detected": datetime(2023, 3, 14, 9, 12),  # +01:00 is Berlin's winter time
        "resolved": datetime(2023, 3, 14, 11, 42),
        "postmortem": None,
    }
    assert (rows[1]["detected"], rows[2]["resolved"]) == (datetime(2023, 5, 1, 12, 0), None)  # summer time


def test_a_bad_value_behind_a_path_is_reported_where_it_is(content: Path) -> None:
    _declare(content, "columns:\n  severity: level.name")
    records = [{**{k: v for k, v in r.items() if k != "severity"}, "level": {"name": "sev1"}} for r in RECORDS]
    records[1]["level"] = {"name": "urgent"}
    _export(content, records, text=json.dumps(records, indent=1))
    problem = _one(content)
    assert problem.code == "not-a-choice"
    assert (problem.line, problem.col) == (20, 12)


def test_settings_name_only_declared_columns_and_choices(content: Path) -> None:
    _declare(
        content, "columns:\n  sevrity: {values: {P1: sev1}}\n  severity: {values: {P2: sev9}}\n  title: {format: '%Y'}"
    )
    problems = [(p.line, p.col, p.code, p.hint) for p in load_site(content, content.parent).problems]
    assert problems == [
        (25, 9, "unknown-column", "did you mean 'severity'?"),
        (26, 33, "not-a-choice", "did you mean 'sev3'?"),
        (27, 25, "misplaced-option", "remove format:; other values are read as written"),
    ]


# ---- the reader reads what json reads, and says where


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@given(_VALUES, st.sampled_from([None, 0, 2]), st.booleans())
def test_the_reader_gives_the_values_json_gives(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    parsed, problems = json_rows.parse(text, "x.json")
    assert problems == [] and parsed is not None
    assert parsed.data == json.loads(text)


@given(_VALUES, st.sampled_from([None, 1]))
def test_each_position_is_where_json_reads_that_value(value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    parsed, _ = json_rows.parse(text, "x.json")
    assert parsed is not None
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    decoder = json.JSONDecoder()
    for path, (line, col) in parsed.positions.items():
        expected = parsed.data
        for part in path:
            expected = expected[part]
        assert decoder.raw_decode(text, starts[line - 1] + col - 1)[0] == expected
    for path, (line, col) in parsed.key_positions.items():
        assert decoder.raw_decode(text, starts[line - 1] + col - 1)[0] == path[-1]


@given(st.text(alphabet=st.sampled_from(list('[]{}:," \n0123456789.eE-+tfrueanl\\u')), max_size=20))
def test_the_reader_refuses_what_json_refuses(text: str) -> None:
    try:
        expected = json.loads(text, object_pairs_hook=_no_repeats)
    except (ValueError, RecursionError):
        expected = _REFUSED
    parsed, _ = json_rows.parse(text, "x.json")
    if expected is _REFUSED:
        assert parsed is None
    else:
        assert parsed is not None and parsed.data == expected


_REFUSED = object()


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a key twice: refused by our reader (json keeps the last)")
    return dict(pairs)

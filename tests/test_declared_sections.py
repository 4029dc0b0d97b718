"""Sections a team declares in site.yaml: groups and records with typed columns, and their figures."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml

from reportgen.check.validate import load_site
from reportgen.cli.scaffold import new_year
from reportgen.cli.schema import render_schemas
from reportgen.derive.aggregations import percentile
from reportgen.derive.metrics import year_metrics
from reportgen.diff.printing import to_text
from reportgen.diff.site_diff import compare
from reportgen.emit.site_tree import build_pages
from reportgen.load.catalogs import labels
from reportgen.model.facts import Site
from reportgen.sections.records.columns import parse_duration
from reportgen.sections.registry import site_metrics, site_sections

from .conftest import REPO
from .helpers import only

EXAMPLE = REPO / "examples" / "sre-team"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    shutil.copy(EXAMPLE / "mkdocs.yml", tmp_path / "mkdocs.yml")  # it names the site and its language
    return tmp_path / "content"


@pytest.fixture(scope="module")
def site() -> Site:
    validated = load_site(EXAMPLE / "content", EXAMPLE)
    assert validated.site is not None, validated.problems
    assert validated.problems == []
    return validated.site


@pytest.fixture(scope="module")
def pages(site: Site) -> dict[str, str]:
    tree, _ = build_pages(site)
    return {f.path: f.content.decode("utf-8") for f in tree.files}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- the records, typed


def test_records_are_typed_rows_in_reading_order(site: Site) -> None:
    incidents = site.reports[0].sections["incidents"]
    assert [row["id"] for row in incidents] == ["inc-2023-01", "inc-2023-02", "inc-2023-03"]
    assert incidents[1]["detected"] == datetime(2023, 7, 2, 22, 5)
    assert incidents[1]["severity"] == "sev1"
    assert site.reports[0].sections["slos"][0] == {
        "id": None,
        "service": "checkout",
        "objective": 99.9,
        "attained": 99.86,
        "on_call_pages": 41,
    }


def test_declared_figures_are_metrics_of_the_registry(site: Site) -> None:
    registry = site_metrics(site_sections(site.settings))
    figures = [year_metrics(report, registry) for report in site.reports]
    # 2023: (2.5 h + 5.5 h + 1 h) / 3; 2024: (1.5 h + 0.5 h) / 2
    assert [m.value("mttr") for m in figures] == [3.0, 1.0]
    assert [m.value("incident_count") for m in figures] == [3, 2]
    assert figures[0].value("sev1_share") == pytest.approx(100 / 3)
    assert [figures[0].value(f"incidents_by_severity_{s}") for s in ("sev1", "sev2", "sev3")] == [1, 1, 1]
    assert [m.value("slo_attainment_min") for m in figures] == [99.71, 99.8]
    assert [m.value("on_call_pages") for m in figures] == [58, 31]


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10, 20, 30, 40, 50], 90) == 46
    assert percentile([7], 95) == 7


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("1h 30m", 90),
        ("2h", 120),
        ("1.5h", 90),
        ("1d", 1440),
        ("90min", 90),
        # The unit words of every language's catalog (minutes_unit, hours_unit, days_unit).
        ("1시간 30분", 90),
        ("1시간30분", 90),
        ("90분", 90),
        ("2일", 2880),
        ("1 h 30 min", 90),
    ],
)
def test_durations_are_written_as_people_write_them(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


# ---- the pages


def test_a_records_section_gets_a_table_page(pages: dict[str, str]) -> None:
    lines = pages["2023/incidents.md"].splitlines()
    assert lines[0] == "# Incidents"
    header = lines.index("| # | ID | Incident | Severity | Service | Detected | Resolved | Postmortem |")
    assert lines[header + 1] == "|--:|---|---|---|---|---|---|---|"
    assert lines[header + 3] == (
        '| <span class="reportgen-row" id="incidents-inc-2023-02"></span>2 | inc-2023-02 '
        "| Primary database failover stalled | sev1 | orders-db | 2023-07-02 22:05 "
        "| 2023-07-03 03:35 "
        "| [https://example.com/postmortems/inc-2023-02](<https://example.com/postmortems/inc-2023-02>) |"
    )
    assert "-   **3 h**" in lines and lines[lines.index("-   **3 h**") + 4] == "    MTTR"


def test_numbers_keep_the_precision_they_were_written_with(pages: dict[str, str]) -> None:
    row = '| <span class="reportgen-row" id="slos-checkout"></span>1 | checkout | 99.9% | 99.86% | 41 |'
    assert row in pages["2023/slos.md"].splitlines()


def test_the_declared_chart_has_alt_text_and_a_table(pages: dict[str, str]) -> None:
    lines = pages["2024/incidents.md"].splitlines()
    alt = "Line chart of MTTR by year: 2023 3 h, 2024 1 h."
    assert f"![{alt}](charts/incidents-mttr.light.svg#only-light)" in lines
    assert f"![{alt}](charts/incidents-mttr.dark.svg#only-dark)" in lines
    assert lines[lines.index("    | Year | MTTR |") + 2 :][:2] == ["    | 2023 | 3 h |", "    | 2024 | 1 h |"]


LAST = "../2023/index.md#working--"  # last year's figure's note, on its overview


def test_headline_cards_come_from_the_settings(pages: dict[str, str]) -> None:
    lines = pages["2024/index.md"].splitlines()
    cards = [(lines[i][6:-2], lines[i + 4].strip()) for i, line in enumerate(lines) if line.startswith("-   **")]
    assert cards == [
        # last year's figure (a link to its note on 2023's overview), then last year's target for this year
        ("2", f"Incidents · 2023: [3]({LAST}incident_count) · [2024 target: 2 (✓ Met)](kpi-review.md)"),
        ("1 h", f"MTTR · 2023: [3 h]({LAST}mttr) · [2024 target: 2 h (✓ Met)](kpi-review.md)"),
        ("0%", f"Share of SEV1 · 2023: [33.3%]({LAST}sev1_share)"),
        ("31", f"On-call pages · 2023: [58]({LAST}on_call_pages)"),
        ("1", f"Reliability projects · 2023: [2]({LAST}project_count)"),  # project_count, relabelled in site.yaml
    ]


def test_the_home_table_follows_the_headline(pages: dict[str, str]) -> None:
    lines = pages["index.md"].splitlines()
    assert "| Year | Report | Incidents | MTTR | Share of SEV1 | On-call pages |" in lines
    assert "| [2023](2023/index.md) | Platform SRE — 2023 | 3 | 3 h | 33.3% | 58 |" in lines


def test_kpis_take_baseline_and_actual_from_a_declared_figure(pages: dict[str, str]) -> None:
    lines = pages["2024/kpi-review.md"].splitlines()
    # The unit "h" is in the vocabulary: English writes it after a space, as the registry's MTTR is.
    how = "[How this was computed](#kpi_review--working-{})"  # each verdict links to its comparison
    # Each baseline links to its working on the KPI page of the year that set it.
    baseline = "[{}](../2023/kpis.md#kpis--baseline-{})"
    mttr = (
        f"| Mean time to restore | {baseline.format('3 h', 'mttr')} | 2 h | 1 h | ✓ Met · {how.format('mttr')}"
        " | Runbooks for the top ten alerts |"
    )
    assert mttr in lines
    incidents = baseline.format("3", "incidents")
    assert f"| Incidents | {incidents} | 2 | 2 | ✓ Met · {how.format('incidents')} | No SEV1 this year |" in lines


def test_the_year_lists_its_declared_sections_in_order(pages: dict[str, str]) -> None:
    lines = pages["2023/index.md"].splitlines()
    listed = [line for line in lines if line.startswith("- [")]
    assert listed == [
        "- [Projects](projects.md)",
        "- [Incidents](incidents.md)",
        "- [Service level objectives](slos.md)",
        "- [Cost savings](cost_savings.md)",
        "- [2024 KPI targets](kpis.md)",
        "- [Releases](releases.md)",
    ]
    downloads = next(line for line in lines if line.startswith("Download the data"))
    assert "[Incidents (CSV)](incidents.csv)" in downloads and "[Projects (CSV)](projects.csv)" in downloads


def test_print_page_and_data_files_hold_the_records(pages: dict[str, str]) -> None:
    assert "## Incidents { #section-3 }" in pages["2023/print.md"].splitlines()  # its own section
    data = json.loads(pages["2023/data.json"])
    assert data["facts"]["records"]["incidents"][1]["detected"] == "2023-07-02T22:05:00"
    assert data["metrics"]["mttr"] == 3.0
    assert pages["2023/incidents.csv"].splitlines()[:2] == [
        "\ufeffid,title,severity,service,detected,resolved,postmortem",
        "inc-2023-01,Checkout latency spike,sev2,checkout,2023-03-14 09:12,2023-03-14 11:42,",
    ]


def test_diff_sees_a_changed_record_and_the_figure_it_moves(content: Path, site: Site, tmp_path: Path) -> None:
    _edit(content / "2023" / "incidents.yaml", "resolved: 2023-07-03 03:35:00", "resolved: 2023-07-03 06:35:00")
    head = load_site(content, tmp_path).site
    assert head is not None
    result = compare(site, head)
    printed = to_text(result, labels("en")).splitlines()
    assert printed == [
        "Figures that changed:",
        "  2023  MTTR: 3 h → 4 h  [2023/incidents/]",
        # Its baseline_from is mttr, and 2024, the year it is judged in, has facts: a baseline in use.
        "  2023  2024 · Mean time to restore (set in 2023): Baseline: 3 h → 4 h  [2023/kpis/]  (derived from "
        "MTTR, moved by: Incidents › Primary database failover stalled › Resolved)  "
        "(a baseline already in use: 2024 is judged against it)",
        "",
        "Facts changed:",
        "  2023  Incidents › Primary database failover stalled › Resolved: 2023-07-03 03:35 → 2023-07-03 06:35",
    ]


def test_schema_for_a_records_section(content: Path) -> None:
    sections = site_sections(load_site(content, content.parent).site.settings)  # type: ignore[union-attr]
    schema = json.loads(render_schemas(sections)["incidents.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    good = yaml.safe_load((content / "2023" / "incidents.yaml").read_text(encoding="utf-8"))
    good = json.loads(json.dumps(good, default=str))
    assert list(validator.iter_errors(good)) == []
    good["records"][0]["severity"] = "sev9"
    assert [e.validator for e in validator.iter_errors(good)] == ["enum"]


def test_new_year_writes_the_schemas_its_files_name(content: Path) -> None:
    (content / ".schemas" / "incidents.schema.json").unlink()  # as after declaring a new section
    written = [p.relative_to(content).as_posix() for p in new_year(content, 2025)]
    assert ".schemas/incidents.schema.json" in written
    first = (content / "2025" / "incidents.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.schemas/incidents.schema.json"
    assert (content / ".schemas" / "incidents.schema.json").is_file()


def test_new_year_writes_the_declared_sections(content: Path) -> None:
    written = sorted(p.name for p in new_year(content, 2025))
    assert written == [
        "cost_savings.yaml",
        "incidents.yaml",
        "kpis.yaml",
        "projects.yaml",
        "releases.yaml",
        "report.yaml",
        "slos.yaml",
    ]  # no kpi_review.yaml: 2024 set no targets
    lines = (content / "2025" / "incidents.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "# Incidents: one record per entry. The columns are declared under sections: in site.yaml."
    assert "#   severity: sev1              # choice: sev1 | sev2 | sev3, required" in lines
    assert load_site(content, content.parent).errors == []
    # Uncommented as written, the examples are a valid record: every comment is apart from its value.
    for name in ("incidents.yaml", "slos.yaml"):
        starter = content / "2025" / name
        text = starter.read_text(encoding="utf-8").replace("records: []\n", "records:\n")
        starter.write_text(text.replace("\n# - ", "\n  - ").replace("\n#   ", "\n    "), encoding="utf-8")
    problems = load_site(content, content.parent).problems
    assert [p for p in problems if p.file.startswith("content/2025/")] == []


# ---- mistakes, each at its place


def _settings_problem(content: Path, old: str, new: str) -> tuple[int, int, str, str]:
    _edit(content / "site.yaml", old, new)
    problem = only(load_site(content, content.parent).errors)
    assert problem.file == "content/site.yaml"
    return problem.line, problem.col, problem.message, problem.hint


def test_an_unknown_built_in_section_suggests_the_closest(content: Path) -> None:
    assert _settings_problem(content, "  - projects\n", "  - projets\n") == (
        6,
        5,
        "'projets' is not a built-in section",
        "did you mean 'projects'?",
    )


def test_a_figure_naming_a_missing_column(content: Path) -> None:
    assert _settings_problem(content, "start: detected, end: resolved", "start: detected, end: resolve") == (
        19,
        62,
        "'incidents' has no column 'resolve'",
        "did you mean 'resolved'?",
    )


def test_a_figure_over_a_column_of_the_wrong_type(content: Path) -> None:
    line, _col, message, hint = _settings_problem(content, "of: min, column: attained", "of: min, column: service")
    assert (line, message, hint) == (
        32,
        "column 'service' is text",
        "this figure needs a number or integer or duration column",
    )


def test_a_condition_on_a_choice_that_does_not_exist(content: Path) -> None:
    line, _, message, hint = _settings_problem(content, "equals: sev1}", "equals: sev0}")
    assert (line, message, hint) == (20, "'sev0' is not a choice of 'severity'", "did you mean 'sev3'?")


def test_a_team_section_may_not_take_a_built_in_name(content: Path) -> None:
    line, _, message, _ = _settings_problem(content, "  - key: cost_savings\n", "  - key: impact\n")
    assert (line, message) == (35, "'impact' is the name of a built-in section or page")


def test_a_count_by_choice_cannot_be_charted_as_a_line(content: Path) -> None:
    old, new = "chart: {metric: mttr, type: line}", "chart: {metric: incidents_by_severity, type: line}"
    line, col, message, hint = _settings_problem(content, old, new)
    assert (line, col, message, hint) == (
        22,
        50,  # at `line`
        "'incidents_by_severity' counts by choice, which is drawn as bars",
        "write type: bar, or chart a single figure as a line",
    )


def test_a_headline_figure_listed_twice(content: Path) -> None:
    line, col, message, hint = _settings_problem(
        content, "headline: [incident_count,", "headline: [incident_count, incident_count,"
    )
    assert (line, col) == (53, 28)
    assert (message, hint) == ("'incident_count' is already a headline figure", "list each figure once")


def test_an_unknown_headline_metric(content: Path) -> None:
    line, col, message, hint = _settings_problem(content, "headline: [incident_count,", "headline: [incident_cnt,")
    assert (line, col, message, hint) == (53, 12, "unknown metric 'incident_cnt'", "did you mean 'incident_count'?")


def _record_problems(content: Path, old: str, new: str) -> list[tuple[int, int, str]]:
    _edit(content / "2023" / "incidents.yaml", old, new)
    return [
        (p.line, p.col, p.message)
        for p in load_site(content, content.parent).errors
        if p.file == "content/2023/incidents.yaml"
    ]


def test_a_misspelt_column_is_an_unknown_key_with_a_did_you_mean(content: Path) -> None:
    _edit(content / "2023" / "incidents.yaml", "    service: checkout\n", "    servce: checkout\n")
    problem = only(load_site(content, content.parent).errors)
    assert (problem.file, problem.line, problem.col) == ("content/2023/incidents.yaml", 6, 5)
    assert (problem.message, problem.hint) == ("unknown key 'servce'", "did you mean 'service'?")


def test_a_value_outside_the_choices(content: Path) -> None:
    assert _record_problems(
        content, "severity: sev2\n    service: checkout", "severity: sev4\n    service: checkout"
    ) == [(5, 15, "'sev4' is not one of 'sev1', 'sev2' or 'sev3'")]


def test_a_number_where_a_datetime_is_expected(content: Path) -> None:
    problems = _record_problems(content, "detected: 2023-03-14 09:12:00", "detected: 1678785120")
    assert [(line, col) for line, col, _ in problems] == [(7, 15)]
    assert "expected a date and time" in problems[0][2]


def test_a_date_without_a_time_says_how_to_add_one(content: Path) -> None:
    problems = _record_problems(content, "detected: 2023-03-14 09:12:00", "detected: 2023-03-14")
    assert [(line, col) for line, col, _ in problems] == [(7, 15)]
    assert "has no time of day" in problems[0][2]


def test_a_time_with_a_zone_is_refused_rather_than_moved(content: Path) -> None:
    # 09:12+09:00 would have been shown as 00:12 (UTC): the page must show what the team wrote.
    problems = _record_problems(content, "detected: 2023-03-14 09:12:00", "detected: 2023-03-14T09:12:00+09:00")
    assert problems == [
        (
            7,
            15,
            "'2023-03-14T09:12:00+09:00' has a time zone; "
            "write the team's local time without it, e.g. 2023-03-14 09:12",
        )
    ]


def test_a_required_column_left_out(content: Path) -> None:
    assert _record_problems(content, "    title: Checkout latency spike\n", "") == [
        (3, 5, "missing required field 'title'")
    ]


def test_a_record_naming_an_unknown_project(content: Path) -> None:
    _edit(
        content / "site.yaml",
        "      - {key: postmortem, type: link, title: {en: Postmortem}}\n",
        "      - {key: postmortem, type: link, title: {en: Postmortem}}\n      - {key: work, type: project}\n",
    )
    problems = _record_problems(content, "    service: checkout\n", "    service: checkout\n    work: alerting-revam\n")
    assert problems == [
        (7, 11, "unknown project 'alerting-revam' (projects are defined in content/2023/projects.yaml)")
    ]


def test_javascript_in_a_link_column_is_refused(content: Path) -> None:
    problems = _record_problems(
        content, "postmortem: https://example.com/postmortems/inc-2023-02", "postmortem: javascript:alert(1)"
    )
    assert [(line, col) for line, col, _ in problems] == [(15, 17)]


def test_declared_titles_follow_the_text_rules(content: Path) -> None:
    line, _col, message, _hint = _settings_problem(content, "title: {en: Incidents}", 'title: {en: "A\\u0007B"}')
    assert (line, message) == (9, "text contains the control character U+0007; remove it")


def test_a_figure_name_may_not_repeat_one_a_count_by_choice_makes(content: Path) -> None:
    line, _col, message, _hint = _settings_problem(
        content, "{name: incident_count, of: count,", "{name: incidents_by_severity_sev1, of: count,"
    )
    assert (line, message) == (21, "a figure named 'incidents_by_severity_sev1' already exists")


def test_a_team_without_projects_gets_its_own_figures_as_cards(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "site.yaml").write_text(
        "language: en\nsections:\n  - key: tickets\n    kind: records\n    columns:\n"
        "      - {key: effort, type: duration}\n      - {key: points, type: integer}\n"
        "    metrics:\n      - {name: tickets, of: count, title: {en: Tickets}}\n"
        "      - {name: p90_effort, of: percentile, column: effort, percentile: 90, unit: minutes}\n"
        "      - {name: big, of: share, where: {column: points, at_least: 5}, title: {en: Big ones}}\n",
        encoding="utf-8",
    )
    (content / "2024" / "report.yaml").write_text("year: 2024\ntitle: T\n", encoding="utf-8")
    (content / "2024" / "tickets.yaml").write_text(
        "records:\n  - {effort: 45m, points: 3}\n  - {effort: 2h, points: 8}\n  - {points: 5}\n", encoding="utf-8"
    )
    validated = load_site(content, tmp_path)
    assert validated.site is not None, validated.problems
    tree, _ = build_pages(validated.site)
    overview = next(f.content.decode() for f in tree.files if f.path == "2024/index.md").splitlines()
    cards = [
        (overview[i][6:-2], overview[i + 4].strip()) for i, line in enumerate(overview) if line.startswith("-   **")
    ]
    # p90 of 45 and 120 minutes: 45 + 0.9 * 75; two of three tickets have 5 points or more.
    assert cards == [("3", "Tickets"), ("112.5 min", "p90 effort"), ("66.7%", "Big ones")]
    # Durations go into data.json as ISO 8601 and come back as durations.
    from reportgen.emit.year_data import report_from_json

    data = next(f.content for f in tree.files if f.path == "2024/data.json")
    assert json.loads(data)["facts"]["records"]["tickets"][1]["effort"] == "PT2H"
    assert report_from_json(data, site_sections(validated.site.settings)) == validated.site.reports[0]


def test_a_record_resolved_before_it_was_detected(content: Path) -> None:
    problems = _record_problems(content, "resolved: 2023-03-14 11:42:00", "resolved: 2023-03-13 11:42:00")
    assert problems == [(8, 15, "'resolved' (2023-03-13 11:42) is before 'detected' (2023-03-14 09:12)")]


def test_data_json_reads_back_with_typed_records(site: Site, pages: dict[str, str], tmp_path: Path) -> None:
    from reportgen.emit.year_data import report_from_json

    sections = site_sections(site.settings)
    for year, report in zip(("2023", "2024"), site.reports, strict=True):
        assert report_from_json(pages[f"{year}/data.json"].encode(), sections) == report


def test_record_text_and_declared_titles_stay_text(content: Path, tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)> | **bold** [link](javascript:x)"
    _edit(content / "2023" / "incidents.yaml", "title: Checkout latency spike", f"title: {json.dumps(hostile)}")
    _edit(content / "site.yaml", "title: {en: Incident}}", f"title: {{en: {json.dumps(hostile)}}}}}")
    validated = load_site(content, tmp_path)
    assert validated.site is not None, validated.problems
    tree, _ = build_pages(validated.site)
    page = next(f.content.decode() for f in tree.files if f.path == "2023/incidents.md").splitlines()
    escaped = r"&lt;img src=x onerror=alert(1)&gt; \| \*\*bold\*\* \[link\](javascript:x)"
    assert f"| # | ID | {escaped} | Severity | Service | Detected | Resolved | Postmortem |" in page
    assert page[page.index("|--:|---|---|---|---|---|---|---|") + 1].startswith(
        f'| <span class="reportgen-row" id="incidents-inc-2023-01"></span>1 | inc-2023-01 | {escaped} | sev2 |'
    )


def test_a_stated_figure_may_name_a_teams_own_metric(content: Path) -> None:
    # The source document says 3 incidents (the facts agree) and an MTTR of 5 h (they give 3 h).
    report = content / "2023" / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8")
        + "declared:\n"
        + '  - {metric: incident_count, value: 3, source: "3 incidents"}\n'
        + '  - {metric: mttr, value: 5, source: "MTTR 5 h"}\n',
        encoding="utf-8",
    )
    validated = load_site(content, content.parent)
    assert validated.site is not None
    assert [(p.file, p.line, p.col, p.message) for p in validated.problems] == [
        ("content/2023/report.yaml", 6, 27, 'declared mttr is 5 ("MTTR 5 h") but the facts give 3')
    ]
    tree, _ = build_pages(validated.site)
    overview = next(f.content.decode() for f in tree.files if f.path == "2023/index.md").splitlines()
    assert "    | MTTR | 5 h | 3 h |" in overview


def test_a_lowest_attainment_prints_as_written_and_a_figure_never_rounds_onto_its_target(content: Path) -> None:
    # The lowest SLO attainment is one of the typed values: 99.71 stays 99.71, never 99.7.
    validated = load_site(content, content.parent)
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    slos = next(f.content.decode() for f in tree.files if f.path == "2023/slos.md").splitlines()
    assert slos[4:8] == ["-   **99.71%**", "", "    ---", ""]
    # 2023 sets MTTR a 2024 target of 1.03 h; 2024's incidents take 1.5 h and 34 min: 1.0333 h,
    # a miss, which one decimal would print as 1 h (a hit) and two as 1.03 h (the target itself).
    _edit(content / "2023" / "kpis.yaml", "    target: 2\n", "    target: 1.03\n")
    _edit(content / "2024" / "incidents.yaml", "resolved: 2024-09-03 07:15:00", "resolved: 2024-09-03 07:19:00")
    validated = load_site(content, content.parent)
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    overview = next(f.content.decode() for f in tree.files if f.path == "2024/index.md").splitlines()
    card = overview.index("-   **1.033 h**")
    assert overview[card + 4] == f"    MTTR · 2023: [3 h]({LAST}mttr) · [2024 target: 1.03 h (✗ Missed)](kpi-review.md)"


def test_a_section_the_team_titled_keeps_its_title_in_the_download_link(content: Path) -> None:
    _edit(content / "site.yaml", "  - projects\n", "  - {key: projects, title: {en: Big bets}}\n")
    validated = load_site(content, content.parent)
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    overview = next(f.content.decode() for f in tree.files if f.path == "2023/index.md")
    assert "[Big bets (CSV)](projects.csv)" in overview
    assert "Projects (CSV)" not in overview


def test_csv_text_cells_that_a_spreadsheet_would_run_are_led_by_an_apostrophe(content: Path) -> None:
    """OWASP's CSV injection: a text cell starting with =, +, - or @ runs as a formula in a
    spreadsheet. It is neutralised in every CSV, a number is never prefixed, and data.json keeps the text."""
    _edit(
        content / "site.yaml",
        "  - kpis\n",
        "  - key: ledger\n    kind: records\n    columns:\n"
        "      - {key: item, type: text}\n      - {key: delta, type: number}\n  - kpis\n",
    )
    (content / "2023" / "ledger.yaml").write_text(
        "records:\n"
        '  - {item: \'=HYPERLINK("http://x.test","y")\', delta: -1.5}\n'
        "  - {item: '+1 day', delta: 2}\n"
        "  - {item: '@team', delta: 0}\n"
        "  - {item: '-5 days', delta: -0.25}\n"
        "  - {item: 'plain', delta: 3}\n",
        encoding="utf-8",
    )
    projects = content / "2023" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    first = text.index("name: ") + len("name: ")
    projects.write_text(text[:first] + "'=SUM(A1:A9)'" + text[text.index("\n", first) :], encoding="utf-8")
    validated = load_site(content, content.parent)
    assert validated.site is not None, validated.problems
    tree, _ = build_pages(validated.site)
    files = {f.path: f.content for f in tree.files}
    ledger = files["2023/ledger.csv"].decode("utf-8-sig").splitlines()
    assert ledger == [
        "id,item,delta",
        ',"\'=HYPERLINK(""http://x.test"",""y"")",-1.5',
        ",'+1 day,2",
        ",'@team,0",
        ",'-5 days,-0.25",
        ",plain,3",
    ]
    rows = files["2023/projects.csv"].decode("utf-8-sig").splitlines()
    assert rows[1].split(",")[1] == "'=SUM(A1:A9)"
    data = json.loads(files["2023/data.json"])
    assert data["facts"]["projects"][0]["name"] == "=SUM(A1:A9)"
    assert data["facts"]["records"]["ledger"][0] == {
        "id": None,
        "item": '=HYPERLINK("http://x.test","y")',
        "delta": -1.5,
    }


# ---- ids and choices as the team writes them


def test_a_record_id_keeps_its_tools_form_and_is_shown(content: Path) -> None:
    _edit(content / "2023" / "incidents.yaml", "id: inc-2023-02", "id: INC-2023.02_b")
    site = load_site(content, content.parent).site
    assert site is not None
    tree, _ = build_pages(site)
    files = {f.path: f.content.decode() for f in tree.files if f.path.startswith("2023/") and f.path[-3:] != "svg"}
    assert site.reports[0].sections["incidents"][1]["id"] == "INC-2023.02_b"
    anchor = '<span class="reportgen-row" id="incidents-inc-2023-02-b"></span>'
    assert f"| {anchor}2 | INC-2023.02\\_b | Primary database failover stalled |" in files["2023/incidents.md"]
    assert json.loads(files["2023/data.json"])["facts"]["records"]["incidents"][1]["id"] == "INC-2023.02_b"
    # A project's id stays a lowercase slug: it names pages and anchors.
    _edit(
        content / "2023" / "projects.yaml",
        "id: ",
        "id: A",
    )
    assert {p.code for p in load_site(content, content.parent).errors} == {"invalid-id"}


@pytest.mark.parametrize("bad", ["INC 1", "-INC", "../x", "INC/1", "인시던트"])
def test_a_record_id_is_letters_digits_and_dashes_dots_underscores(content: Path, bad: str) -> None:
    _edit(content / "2023" / "incidents.yaml", "id: inc-2023-02", f"id: {json.dumps(bad)}")
    problem = only(load_site(content, content.parent).errors)
    assert (problem.line, problem.col, problem.code) == (9, 9, "invalid-id")
    assert "as its tool writes it" in problem.hint


def test_a_choice_shows_its_label_and_the_data_keeps_its_key(content: Path) -> None:
    _edit(
        content / "site.yaml",
        "choices: [sev1, sev2, sev3], required: true,",
        "choices: [sev1, sev2, sev3], labels: {sev1: SEV1, sev2: {en: Major, ko: 주요}}, required: true,",
    )
    site = load_site(content, content.parent).site
    assert site is not None
    tree, _ = build_pages(site)
    files = {f.path: f.content.decode() for f in tree.files if f.path.endswith((".md", ".json", ".csv"))}
    page = files["2023/incidents.md"]
    anchor = '<span class="reportgen-row" id="incidents-inc-2023-02"></span>'
    assert f"| {anchor}2 | inc-2023-02 | Primary database failover stalled | SEV1 |" in page
    first = '<span class="reportgen-row" id="incidents-inc-2023-01"></span>'
    assert f"| {first}1 | inc-2023-01 | Checkout latency spike | Major |" in page
    third = '<span class="reportgen-row" id="incidents-inc-2023-03"></span>'
    assert (
        f"| {third}3 | inc-2023-03 | Expired TLS certificate on the status page | sev3 |" in page
    )  # no label: its key
    assert json.loads(files["2023/data.json"])["facts"]["records"]["incidents"][1]["severity"] == "sev1"
    assert ",sev1," in files["2023/incidents.csv"]  # the download keeps the key, as data.json does


def test_a_label_names_a_choice_of_a_choice_column(content: Path) -> None:
    line, col, message, hint = _settings_problem(
        content, "choices: [sev1, sev2, sev3], required: true,", "choices: [sev1, sev2, sev3], labels: {sev4: X},"
    )
    assert (message, hint) == ("'sev4' is not a choice of 'severity'", "did you mean 'sev3'?")
    assert (line, col) == (12, 77)  # at the key


def test_a_long_table_shows_the_newest_rows_and_links_the_full_table(content: Path) -> None:
    entries = "".join(
        f"  - {{id: r-{n}, title: Alert {n}, severity: sev3, detected: 2023-01-01 00:00:00, "
        f"resolved: 2023-01-01 01:00:00}}\n".replace(
            "2023-01-01 00", f"2023-{1 + n // 28 % 12:02d}-{1 + n % 28:02d} 00"
        ).replace("2023-01-01 01", f"2023-{1 + n // 28 % 12:02d}-{1 + n % 28:02d} 01")
        for n in range(150)
    )
    (content / "2023" / "incidents.yaml").write_text("records:\n" + entries, encoding="utf-8")
    (content / "2023" / "kpis.yaml").unlink()  # its targets were set for three incidents
    (content / "2024" / "kpi_review.yaml").unlink()
    site = load_site(content, content.parent).site
    assert site is not None
    tree, _ = build_pages(site)
    page = next(f.content.decode() for f in tree.files if f.path == "2023/incidents.md").splitlines()
    cells = [re.sub(r'^\| <span class="reportgen-row" id="incidents-[^"]+"></span>', "| ", line) for line in page]
    rows = [line for line in cells if line.startswith("| ") and line[2:3].isdigit()]
    assert len(rows) == 100
    # The newest by detection, in the table's order, each numbered by its place in the full table.
    dates = sorted(((1 + n // 28 % 12, 1 + n % 28), n) for n in range(150))
    newest = sorted(n for _, n in dates[-100:])
    assert [int(row.split(" | ")[0].removeprefix("| ")) for row in rows] == [n + 1 for n in newest]
    assert (
        "The newest 100 of 150 records are shown here; every record is in [the full table (CSV)](incidents.csv)."
        in page
    )

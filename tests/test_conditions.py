"""Conditions (`where:`, a share's `among:`) and the figures real teams need (issue #20): every test of
a condition on a small hand-computed fixture, a column compared with another, a share over several
values, rates per week, month or quarter up to the report's as_of day, and each mistake reported at
its file:line:column with its code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reportgen.cli.schema import render_schemas
from reportgen.derive.aggregations import AGGREGATIONS, periods
from reportgen.emit.site_tree import build_pages
from reportgen.load.catalogs import catalog
from reportgen.load.problems import Problem, Severity

from .helpers import only
from .records_site import figures_of, load, values_of, write_site

# ---- five resolved incidents, two of them SEV1, and one still open

INCIDENTS = [
    {"key": "severity", "type": "choice", "choices": ["sev1", "sev2", "sev3"]},  # site.yaml line 6
    {"key": "service", "type": "text"},
    {"key": "customers", "type": "integer"},
    {"key": "detected", "type": "datetime"},
    {"key": "resolved", "type": "datetime"},  # line 10; `    metrics:` is line 11, the first metric line 12
]
# Minutes from detected to resolved: 90, 40, 102, 60, 128 (the sixth is open). All: 420 / 5 = 84; SEV1: 192 / 2 = 96.
RECORDS = [
    "{severity: sev1, service: checkout, customers: 120, detected: 2024-01-10 09:00, resolved: 2024-01-10 10:30}",
    "{severity: sev2, service: search, customers: 0, detected: 2024-02-11 14:00, resolved: 2024-02-11 14:40}",
    "{severity: sev1, service: orders, customers: 45, detected: 2024-03-12 22:00, resolved: 2024-03-12 23:42}",
    "{severity: sev3, service: search, customers: 10, detected: 2024-04-13 08:00, resolved: 2024-04-13 09:00}",
    "{severity: sev2, service: checkout, customers: 300, detected: 2024-05-14 10:00, resolved: 2024-05-14 12:08}",
    "{severity: sev3, detected: 2024-06-01 09:00}",
]


def _incidents(tmp_path: Path, metrics: str, report: str = "year: 2024\ntitle: T\n") -> dict[str, float | None]:
    return values_of(load(write_site(tmp_path, INCIDENTS, metrics, RECORDS, report)))


def test_the_mttr_of_sev1_is_the_mttr_of_sev1(tmp_path: Path) -> None:
    # The issue's case: `where` was accepted and ignored, and the page showed all incidents' 84 minutes.
    found = _incidents(
        tmp_path,
        "      - {name: mttr, of: mean_between, start: detected, end: resolved, unit: minutes}\n"
        "      - {name: sev1_mttr, of: mean_between, start: detected, end: resolved, unit: minutes,"
        " where: {column: severity, equals: sev1}}\n",
    )
    assert found == {"mttr": 84.0, "sev1_mttr": 96.0}


@pytest.mark.parametrize(
    ("condition", "count"),
    [
        ("{column: severity, equals: sev1}", 2),
        ("{column: severity, in: [sev1, sev2]}", 4),
        ("{column: severity, not_in: [sev1]}", 4),
        ("{column: service, equals: checkout}", 2),
        # The open incident has no service: an empty cell meets no test, `not_in` neither.
        ("{column: service, not_in: [checkout]}", 3),
        ("{column: service, in: [search, orders]}", 3),
        ("{column: customers, equals: 45}", 1),
        ("{column: customers, in: [0, 10]}", 2),
        ("{column: resolved, empty: true}", 1),
        ("{column: resolved, empty: false}", 5),
        ("{column: customers, at_least: 45}", 3),  # 120, 45, 300
        ("{column: customers, above: 45}", 2),
        ("{column: customers, at_most: 45}", 3),  # 0, 45, 10
        ("{column: customers, below: 45}", 2),
        ("{column: customers, at_least: 10, below: 120}", 2),  # a range: 45 and 10
        ("{column: customers, above: 0.5, at_most: 45.5}", 2),  # a fractional bound on integers
        # A date bound on a datetime column is that day's first minute.
        ("{column: detected, at_least: 2024-03-12}", 4),
        ("{column: detected, below: 2024-03-12 22:00}", 2),
        ("{column: resolved, at_most: 2024-03-12 23:42:00}", 3),
        # Another column of the same record; the open one has no resolved time to compare.
        ("{column: resolved, above: {column: detected}}", 5),
        ("{column: detected, at_least: {column: resolved}}", 0),
        ("{all: [{column: severity, in: [sev1, sev2]}, {column: customers, at_least: 100}]}", 2),
        ("{any: [{column: severity, equals: sev3}, {column: customers, above: 100}]}", 4),
        (
            "{any: [{all: [{column: severity, equals: sev1}, {column: customers, below: 100}]},"
            " {column: resolved, empty: true}]}",
            2,
        ),
    ],
)
def test_each_test_of_a_condition(condition: str, count: int, tmp_path: Path) -> None:
    assert _incidents(tmp_path, f"      - {{name: x, of: count, where: {condition}}}\n") == {"x": count}


def test_where_filters_every_kind_of_figure(tmp_path: Path) -> None:
    sev = "where: {column: customers, at_least: 45}"  # rows 1, 3 and 5: sev1 120, sev1 45, sev2 300
    found = _incidents(
        tmp_path,
        f"      - {{name: by, of: count_by, column: severity, {sev}}}\n"
        f"      - {{name: total, of: sum, column: customers, {sev}}}\n"
        f"      - {{name: middle, of: median, column: customers, {sev}}}\n"
        f"      - {{name: services, of: count_distinct, column: service, {sev}}}\n"
        f"      - {{name: per_month, of: rate, per: month, {sev}}}\n",
    )
    assert found == {
        "by_sev1": 2,
        "by_sev2": 1,
        "by_sev3": 0,
        "total": 465,
        "middle": 120.0,
        "services": 2,  # checkout, orders, checkout
        "per_month": 0.25,  # 3 over 12 months
    }


def test_a_duration_bound_is_written_as_people_write_durations(tmp_path: Path) -> None:
    columns = [{"key": "effort", "type": "duration"}]
    rows = ["{effort: 30m}", "{effort: 1h}", "{effort: 90m}", "{effort: 2d}", "{}"]
    metrics = (
        "      - {name: long, of: count, where: {column: effort, at_least: 1h}}\n"
        "      - {name: short, of: count, where: {column: effort, below: 1h 30m}}\n"
        "      - {name: days, of: count, where: {column: effort, above: 1.5d}}\n"
    )
    assert values_of(load(write_site(tmp_path, columns, metrics, rows))) == {"long": 3, "short": 2, "days": 1}


# ---- figures that could not be declared before


def test_slos_met_compares_each_record_with_its_own_objective(tmp_path: Path) -> None:
    columns = [
        {"key": "service", "type": "text"},
        {"key": "objective", "type": "number", "unit": "%"},
        {"key": "attained", "type": "number", "unit": "%"},
    ]
    rows = [
        "{service: checkout, objective: 99.9, attained: 99.95}",
        "{service: search, objective: 99.5, attained: 99.2}",
        "{service: orders, objective: 99.0, attained: 99.0}",  # met exactly: at_least
        "{service: payments, objective: 99.95}",  # not measured: not met, and not among the measured
    ]
    met = "{column: attained, at_least: {column: objective}}"
    metrics = (
        f"      - {{name: slos_met, of: count, where: {met}}}\n"
        f"      - {{name: slos_met_share, of: share, where: {met}}}\n"
        f"      - {{name: measured_met_share, of: share, where: {met}, among: {{column: attained, empty: false}}}}\n"
    )
    found = figures_of(load(write_site(tmp_path, columns, metrics, rows)))
    assert found == [
        ("slos_met", 2, "count", 0),
        ("slos_met_share", 50.0, "percent", 1),
        ("measured_met_share", 66.666666667, "percent", 1),  # 2 of 3
    ]


DEPLOYS = [
    {"key": "day", "type": "date"},
    {"key": "outcome", "type": "choice", "choices": ["success", "failed", "rolled_back"]},
    {"key": "changes", "type": "integer"},
    {"key": "on_time", "type": "integer"},
    {"key": "runs", "type": "integer"},
]
# Eight deploys, January to June 2024 (a leap year: 366 days); three of them failed or were rolled back.
DEPLOY_ROWS = [
    "{day: 2024-01-08, outcome: success, changes: 3, on_time: 9, runs: 10}",
    "{day: 2024-01-22, outcome: failed, changes: 1, on_time: 4, runs: 5}",
    "{day: 2024-02-05, outcome: success, changes: 2, on_time: 10, runs: 10}",
    "{day: 2024-03-04, outcome: rolled_back, changes: 5, on_time: 0, runs: 4}",
    "{day: 2024-04-01, outcome: success, changes: 1, runs: 6}",  # no count of on-time runs: left out of the ratio
    "{day: 2024-05-06, outcome: success, changes: 4, on_time: 7, runs: 7}",
    "{day: 2024-06-03, outcome: failed, changes: 2, on_time: 1, runs: 4}",
    "{day: 2024-06-28, outcome: success, changes: 2, on_time: 9, runs: 10}",
]


def _deploys(tmp_path: Path, metrics: str, report: str = "year: 2024\ntitle: T\n") -> dict[str, float | None]:
    return values_of(load(write_site(tmp_path, DEPLOYS, metrics, DEPLOY_ROWS, report)))


def test_change_failure_rate_is_a_share_over_two_values(tmp_path: Path) -> None:
    metrics = "      - {name: cfr, of: share, where: {column: outcome, in: [failed, rolled_back]}}\n"
    assert _deploys(tmp_path, metrics) == {"cfr": 37.5}  # 3 of 8


def test_a_ratio_is_one_sum_over_another(tmp_path: Path) -> None:
    metrics = (
        "      - {name: on_time_runs, of: ratio, column: on_time, over: runs}\n"
        "      - {name: failed_on_time, of: ratio, column: on_time, over: runs,"
        " where: {column: outcome, equals: failed}}\n"
    )
    # on time 9+4+10+0+7+1+9 = 40 over runs 10+5+10+4+7+4+10 = 50 (the April deploy has no on-time count)
    assert _deploys(tmp_path, metrics) == {"on_time_runs": 80.0, "failed_on_time": 55.555555556}  # 5 / 9


def test_a_count_of_distinct_values(tmp_path: Path) -> None:
    metrics = "      - {name: outcomes, of: count_distinct, column: outcome}\n"
    assert _deploys(tmp_path, metrics) == {"outcomes": 3}


RATES = (
    "      - {name: per_week, of: rate, per: week, date: day}\n"
    "      - {name: per_month, of: rate, per: month}\n"  # the first date column: day
    "      - {name: per_quarter, of: rate, per: quarter}\n"
    "      - {name: changes_per_month, of: rate, per: month, column: changes}\n"
)


def test_a_rate_over_the_whole_year(tmp_path: Path) -> None:
    assert _deploys(tmp_path, RATES) == {
        "per_week": 0.153005464,  # 8 over 366 / 7 weeks: 56 / 366
        "per_month": 0.666666667,  # 8 / 12
        "per_quarter": 2.0,  # 8 / 4
        "changes_per_month": 1.666666667,  # 20 / 12
    }


def test_a_rate_up_to_the_reports_as_of_day(tmp_path: Path) -> None:
    report = "year: 2024\ntitle: T\nas_of: 2024-06-30\n"
    assert _deploys(tmp_path, RATES, report) == {
        "per_week": 0.307692308,  # January 1 to June 30 is 182 days, 26 weeks: 8 / 26
        "per_month": 1.333333333,  # 8 / 6
        "per_quarter": 4.0,  # 8 / 2
        "changes_per_month": 3.333333333,  # 20 / 6
    }


def test_a_record_after_as_of_is_left_out_with_a_warning(tmp_path: Path) -> None:
    report = "year: 2024\ntitle: T\nas_of: 2024-06-15\n"
    validated = load(write_site(tmp_path, DEPLOYS, RATES, DEPLOY_ROWS, report))
    warning = only(validated.problems)
    assert (warning.file, warning.line, warning.col, warning.code) == (
        "content/2024/tickets.yaml",
        9,
        11,  # at the day of record #8
        "after-as-of",
    )
    assert warning.severity is Severity.WARNING
    assert warning.message == (
        "tickets record #8: day 2024-06-28 is after the report's as_of day (2024-06-15), so its rates leave it out"
    )
    # Seven deploys up to June 15: 5 whole months and 15 of June's 30 days.
    assert values_of(validated)["per_month"] == round(7 / 5.5, 9)


def test_the_span_of_a_rate_counts_both_ends() -> None:
    from datetime import date

    assert periods(date(2023, 1, 1), date(2023, 12, 31), "week") == 365 / 7
    assert periods(date(2024, 1, 1), date(2024, 1, 1), "week") == 1 / 7
    assert periods(date(2024, 1, 1), date(2024, 2, 29), "month") == 2
    assert periods(date(2024, 1, 1), date(2024, 9, 30), "quarter") == 3


@pytest.mark.parametrize(
    ("report", "rule"),
    [
        (
            "year: 2024\ntitle: T\n",
            "Deploys per week: the records dated January 1, 2024 to December 31, 2024, "
            "divided by the 52.29 weeks of that span.",
        ),
        (
            "year: 2024\ntitle: T\nas_of: 2024-06-30\n",
            "Deploys per week: the records dated January 1, 2024 to June 30, 2024 (the report's as\\_of day), "
            "divided by the 26 weeks of that span.",
        ),
    ],
)
def test_the_page_states_how_a_rate_is_counted(tmp_path: Path, report: str, rule: str) -> None:
    metrics = (
        "      - {name: per_week, of: rate, per: week, title: {en: Deploys per week}}\n"
        "      - {name: total, of: count}\n"
    )
    validated = load(write_site(tmp_path, DEPLOYS, metrics, DEPLOY_ROWS, report))
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    page = next(f.content.decode() for f in tree.files if f.path == "2024/tickets.md").splitlines()
    assert [line for line in page if "of that span" in line] == [rule]


def test_a_rate_reads_per_week_month_or_quarter(tmp_path: Path) -> None:
    validated = load(write_site(tmp_path, DEPLOYS, RATES, DEPLOY_ROWS))
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    page = next(f.content.decode() for f in tree.files if f.path == "2024/tickets.md").splitlines()
    cards = [line.strip() for line in page if line.startswith("-   **")]
    assert cards == ["-   **0.2/wk**", "-   **0.7/mo**", "-   **2/qtr**", "-   **1.7/mo**"]  # one decimal
    assert [catalog("ko")[f"unit_per_{p}"] for p in ("week", "month", "quarter")] == [
        "{value}/주",
        "{value}/월",
        "{value}/분기",
    ]


# ---- mistakes, each at its place with its code

PREFIX = "      - {name: x, of: count, where: "  # the condition starts at column 37 of line 12


def _problem(tmp_path: Path, condition: str) -> Problem:
    content = write_site(tmp_path, INCIDENTS, f"{PREFIX}{condition}}}\n", RECORDS)
    problem = only(load(content).problems)
    assert problem.file == "content/site.yaml"
    return problem


@pytest.mark.parametrize(
    ("condition", "col", "code", "message", "hint"),
    [
        (
            "{column: severity, in: [sev1, sevv2]}",
            67,
            "not-a-choice",
            "'sevv2' is not a choice of 'severity'",
            "did you mean 'sev2'?",
        ),
        (
            "{column: severty, equals: sev1}",
            46,
            "unknown-column",
            "'tickets' has no column 'severty'",
            "did you mean 'severity'?",
        ),
        (
            "{column: customers, at_least: 10, equals: 3}",
            79,  # at the later test
            "misplaced-option",
            "a condition tests one thing, and this one has 'at_least' already",
            "combine tests with all: [...] or any: [...]; a lower and an upper bound together make a range",
        ),
        (
            "{column: customers, at_least: 10, above: 20}",
            78,
            "misplaced-option",
            "a condition tests one thing, and this one has 'at_least' already",
            "combine tests with all: [...] or any: [...]; a lower and an upper bound together make a range",
        ),
        (
            "{column: severity}",
            37,
            "missing-option",
            "this condition needs a test",
            "one of equals, in, not_in, at_least, at_most, above, below, empty; "
            "e.g. equals: sev1, in: [failed, rolled_back] or at_least: 99.9",
        ),
        (
            "{equals: sev1}",
            37,
            "missing-option",
            "this condition needs 'column'",
            "name the column it tests, e.g. column: severity",
        ),
        (
            "{all: [{column: severity, equals: sev1}], column: severity}",
            87,
            "misplaced-option",
            "a condition either combines conditions (all, any) or tests one column, but this one has 'column' too",
            "put each test of a column in the list, as {column: ..., equals: ...}",
        ),
        (
            "{column: customers, at_least: 1h}",
            67,
            "wrong-type",
            "'at_least' is a duration, and 'customers' is an integer column",
            "write a number, e.g. 3, or {column: other} to compare with another column",
        ),
        (
            "{column: detected, at_least: 1h}",
            66,
            "wrong-type",
            "'at_least' is a duration, and 'detected' is a datetime column",
            "write a date and time, e.g. 2024-03-01 09:00, or {column: other} to compare with another column",
        ),
        (
            "{column: customers, at_least: {column: service}}",
            76,
            "wrong-column-type",
            "column 'service' is text",
            "'customers' is integer: compare it with a number or integer column",
        ),
        (
            "{column: customers, at_least: {column: custmers}}",
            76,
            "unknown-column",
            "'tickets' has no column 'custmers'",
            "did you mean 'customers'?",
        ),
        (
            "{column: customers, at_least: [1]}",
            67,
            "invalid-value",
            "[1] is not a number, a date or a duration such as 1h 30m",
            "",
        ),
        (
            "{column: detected, in: [sev1]}",
            46,
            "wrong-column-type",
            "column 'detected' is datetime",
            "this figure needs a choice or text or integer or project column",
        ),
        (
            "{column: customers, equals: many}",
            65,
            "wrong-type",
            "'many' is text; 'customers' is an integer column",
            "write a whole number",
        ),
        (
            "{column: service, equals: 3}",
            63,
            "wrong-type",
            "3 is a number; 'service' holds text",
            "write it as text: '3'",
        ),
        (
            "{column: severity, in: []}",
            60,
            "empty-list",
            None,
            "add at least one entry, or remove the key",
        ),
        (
            "{column: severity, equal: sev1}",
            56,
            "unknown-key",
            "unknown key 'equal'",
            "did you mean 'equals'?",
        ),
        ("{column: severity, inn: [sev1]}", 56, "unknown-key", "unknown key 'inn'", "did you mean 'in'?"),
        (
            "{any: [{column: severity, equals: sev1}, {all: [{column: customers, above: yesterday}]}]}",
            112,
            "invalid-value",
            "'yesterday' is not a number, a date or a duration such as 1h 30m",
            "",
        ),
    ],
)
def test_a_mistake_in_a_condition_is_reported_at_its_place(
    tmp_path: Path, condition: str, col: int, code: str, message: str | None, hint: str
) -> None:
    problem = _problem(tmp_path, condition)
    assert (problem.line, problem.col, problem.code) == (12, col, code)
    if message is not None:
        assert problem.message == message
    assert problem.hint == hint


def _figure_problem(tmp_path: Path, columns: list[dict[str, Any]], metric: str) -> Problem:
    problem = only(load(write_site(tmp_path, columns, f"      - {metric}\n", [])).problems)
    assert problem.file == "content/site.yaml"
    return problem


def test_a_rate_needs_per(tmp_path: Path) -> None:
    problem = _figure_problem(tmp_path, DEPLOYS, "{name: x, of: rate}")
    assert (problem.line, problem.col, problem.code) == (12, 9, "missing-option")
    assert (problem.message, problem.hint) == ("a rate needs 'per'", "per: week, per: month or per: quarter")


def test_a_rate_needs_a_date_column(tmp_path: Path) -> None:
    problem = _figure_problem(tmp_path, [{"key": "changes", "type": "integer"}], "{name: x, of: rate, per: week}")
    assert (problem.line, problem.col, problem.code) == (8, 9, "missing-option")
    assert (problem.message, problem.hint) == ("this figure needs 'date'", "name a column of type date or datetime")


def test_a_rate_places_records_by_a_date_column(tmp_path: Path) -> None:
    problem = _figure_problem(tmp_path, DEPLOYS, "{name: x, of: rate, per: week, date: changes}")
    assert (problem.line, problem.col, problem.code) == (12, 46, "wrong-column-type")
    assert problem.message == "column 'changes' is integer"


def test_a_ratio_divides_like_by_like(tmp_path: Path) -> None:
    columns = [{"key": "runs", "type": "integer"}, {"key": "effort", "type": "duration"}]
    problem = _figure_problem(tmp_path, columns, "{name: x, of: ratio, column: runs, over: effort}")
    assert (problem.line, problem.col, problem.code) == (9, 50, "wrong-column-type")
    assert (problem.message, problem.hint) == (
        "'effort' is duration and 'runs' is integer",
        "ratio divides like by like: two numbers, or two durations",
    )


def test_among_belongs_to_a_share(tmp_path: Path) -> None:
    problem = _figure_problem(tmp_path, DEPLOYS, "{name: x, of: count, among: {column: outcome, equals: failed}}")
    assert (problem.line, problem.col, problem.code) == (12, 37, "misplaced-option")
    assert (problem.message, problem.hint) == ("count does not read 'among'", "remove it; count reads where, precision")


def test_as_of_is_a_day_of_the_report_year(tmp_path: Path) -> None:
    content = write_site(tmp_path, DEPLOYS, RATES, DEPLOY_ROWS, "year: 2024\ntitle: T\nas_of: 2025-01-10\n")
    problem = only(load(content).problems)
    assert (problem.file, problem.line, problem.col, problem.code) == ("content/2024/report.yaml", 3, 8, "outside-year")
    assert problem.message == "as_of 2025-01-10 is outside 2024, the report's year"


# ---- the editor schema


def test_the_editor_schema_describes_conditions_and_every_aggregation() -> None:
    schema = json.loads(render_schemas()["sitesettings.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    declared = schema["$defs"]["MetricDeclaration"]["properties"]["of"]["enum"]
    assert declared == list(AGGREGATIONS)
    # As an editor reads YAML: dates are text.
    metrics = [
        {"name": "a", "of": "share", "where": {"column": "outcome", "in": ["failed", "rolled_back"]}},
        {"name": "b", "of": "count", "where": {"column": "attained", "at_least": {"column": "objective"}}},
        {
            "name": "c",
            "of": "count",
            "where": {
                "any": [{"column": "day", "below": "2024-03-01"}, {"all": [{"column": "effort", "above": "1h 30m"}]}]
            },
        },
        {"name": "d", "of": "rate", "per": "quarter", "date": "day", "column": "changes"},
        {"name": "e", "of": "ratio", "column": "on_time", "over": "runs", "where": {"column": "x", "empty": False}},
        {
            "name": "f",
            "of": "share",
            "where": {"column": "x", "not_in": [1, 2]},
            "among": {"column": "x", "at_most": 9.5},
        },
    ]
    site = {
        "sections": [
            {"key": "things", "kind": "records", "columns": [{"key": "x", "type": "text"}], "metrics": metrics}
        ]
    }
    assert [e.message for e in validator.iter_errors(site)] == []
    wrong = {"name": "g", "of": "count", "where": {"column": "x", "equal": "y"}}
    site["sections"][0]["metrics"] = [wrong]
    assert [e.message for e in validator.iter_errors(site)] != []  # an unknown key in a condition


def test_as_of_goes_into_data_json_only_where_a_report_gives_it(tmp_path: Path) -> None:
    from reportgen.emit.year_data import report_from_json, year_json
    from reportgen.sections.registry import site_metrics, site_sections

    for report, expected in (
        ("year: 2024\ntitle: T\n", None),
        ("year: 2024\ntitle: T\nas_of: 2024-06-30\n", "2024-06-30"),
    ):
        validated = load(write_site(tmp_path / str(expected), DEPLOYS, RATES, DEPLOY_ROWS, report))
        assert validated.site is not None
        sections = site_sections(validated.site.settings)
        data = year_json(validated.site.reports[0], None, site_metrics(sections), sections)
        assert json.loads(data)["facts"].get("as_of", "absent") == (expected or "absent")
        back = report_from_json(data, sections)
        assert back.as_of == validated.site.reports[0].as_of
        assert json.loads(data)["metrics"]["per_month"] == pytest.approx(8 / 12 if expected is None else 8 / 6)

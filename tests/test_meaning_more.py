"""More mistakes of meaning, each applied as one text edit to a copy of real content.

The sample (content/), the example team (examples/sre-team/content) and the ready-made sections'
fixture each hold the facts a mistake is made in. Every test names the whole problem expected:
(file, line, column, severity, message), and the hint a person acts on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.load.problems import Problem, Severity

from .test_meaning import edit, position

REPO = Path(__file__).resolve().parent.parent
SOURCES = {
    "sample": REPO / "content",
    "example": REPO / "examples" / "sre-team" / "content",
    "ready": REPO / "tests" / "fixtures" / "ready-made",
}
# Problems the untouched content already has: the sample's declared ~20 weeks.
KNOWN = ("declared average_weeks is ~20",)

Found = tuple[str, int, int, Severity, str]


def copy(tmp_path: Path, source: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SOURCES[source], content)
    return content


def problems(content: Path) -> list[Problem]:
    found = load_site(content, content.parent).problems
    return [p for p in found if not p.message.startswith(KNOWN)]


def summary(content: Path) -> list[Found]:
    return [(p.file, p.line, p.col, p.severity, p.message) for p in problems(content)]


def the_problem(content: Path) -> Problem:
    found = problems(content)
    assert len(found) == 1, "expected exactly one problem, got:\n" + "\n".join(p.for_people() for p in found)
    return found[0]


def append(content: Path, relative: str, text: str) -> str:
    path = content / relative
    full = path.read_text(encoding="utf-8") + text
    path.write_text(full, encoding="utf-8")
    return full


E, W = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize("source", list(SOURCES))
def test_the_untouched_content_has_no_new_problem(tmp_path: Path, source: str) -> None:
    assert summary(copy(tmp_path, source)) == []


# ---- 7 and 15: delivery outcomes that cannot be true yet


NAVER = "    status: completed\n    delivery: on_time\n    tags: [이미지 분석, Message Queue]"


def test_a_project_in_progress_cannot_be_on_time_yet(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    text = edit(content, "2023/projects.yaml", NAVER, NAVER.replace("completed", "in_progress"))
    problem = the_problem(content)
    line = position(text, "status: in_progress", "i")[0] + 1
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2023/projects.yaml",
        line,
        15,
        E,
        "project '네이버 프로젝트' is still in progress but its delivery is 'on_time'",
    )
    assert problem.hint == (
        "an unfinished project has not been delivered on time yet: write 'delivery: unknown', "
        "or 'delivery: delayed' if it is already late"
    )
    assert load_site(content, content.parent).site is None


def test_a_project_in_progress_and_already_late_is_accepted(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    new = NAVER.replace("completed", "in_progress").replace("on_time", "delayed")
    edit(content, "2023/projects.yaml", NAVER, new)
    # Nothing in projects.yaml: only report.yaml's stated figures now disagree with the facts.
    assert [p.file for p in problems(content) if p.file != "content/2023/report.yaml"] == []
    assert load_site(content, content.parent).site is not None


def test_a_completed_project_with_delivery_unknown_is_warned(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    text = edit(content, "2023/projects.yaml", NAVER, NAVER.replace("on_time", "unknown"))
    found = [p for p in problems(content) if p.file == "content/2023/projects.yaml"]
    assert [(p.line, p.col, p.severity, p.message) for p in found] == [
        (
            text.splitlines().index("    delivery: unknown") + 1,
            15,
            W,
            "project '네이버 프로젝트' is completed but its delivery is 'unknown'",
        )
    ]
    assert found[0].hint.startswith("write 'delivery: on_time' or 'delivery: delayed' if it is known")


# ---- 4 and 5: the KPI review


def test_a_kpi_reviewed_twice_is_an_error_at_the_second_entry(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    text = append(content, "2024/kpi_review.yaml", "  - kpi: mttr\n    result: Again\n")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == "  - kpi: mttr"]
    assert summary(content) == [
        (
            "content/2024/kpi_review.yaml",
            lines[1],
            10,
            E,
            f"the KPI 'mttr' is reviewed twice (also at line {lines[0]}, column 10)",
        )
    ]


def test_a_kpi_left_out_of_the_review_is_warned_naming_it(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    edit(content, "2024/kpi_review.yaml", "  - kpi: incidents\n    result: No SEV1 this year\n", "")
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2024/kpi_review.yaml",
        2,  # the `reviews:` key, below the schema comment
        1,
        W,
        # The verdict the site and data.json give it (2 incidents against at most 2), never "no data".
        "the KPI 'incidents' (Incidents) set in content/2023/kpis.yaml has no entry in this review; "
        "the site judges it on incident_count alone: met",
    )
    assert problem.hint.startswith("add '- kpi: incidents' under 'reviews:'")


# ---- 8: one broken file hides no other file's meaning


def test_a_broken_file_does_not_hide_the_meaning_checks_of_the_others(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    projects = edit(content, "2023/projects.yaml", NAVER, NAVER.replace("completed", "cancelled"))
    projects = edit(content, "2023/projects.yaml", "    start: 2023-04-10\n", "    start: 2021-04-10\n")
    projects = append(content, "2023/projects.yaml", "  - id: aloha-copy\n    name: aloha\n    status: unknown\n")
    kpi = "    target_text: 작업 요청부터 결과 전달까지의 시간 단축\n    direction: lower\n"
    kpis = edit(content, "2023/kpis.yaml", kpi, "    baseline: 10\n    target: 12\n    direction: lower\n")
    services = edit(content, "2023/services.yaml", "    status: built\n", "    status: bilt\n")
    aloha = position(projects, "name: Aloha", "A")
    assert summary(content) == [
        (
            "content/2023/kpis.yaml",
            position(kpis, "target: 12", "1")[0],
            13,
            E,
            "the target 12 of '리드타임' is above its baseline 10, but lower is better (direction: lower)",
        ),
        (
            "content/2023/projects.yaml",
            position(projects, "status: cancelled", "c")[0] + 1,
            15,
            E,
            "project '네이버 프로젝트' is cancelled but its delivery is 'on_time'",
        ),
        (
            "content/2023/projects.yaml",
            position(projects, "start: 2021-04-10", "2")[0],
            12,
            W,
            "project 'DNA+' starts on 2021-04-10, outside 2023",
        ),
        (
            "content/2023/projects.yaml",
            len(projects.splitlines()) - 1,
            11,
            E,
            f"'aloha' is listed twice (also at line {aloha[0]}, column {aloha[1]})",
        ),
        (
            "content/2023/services.yaml",
            position(services, "status: bilt", "b")[0],
            13,
            E,
            "'bilt' is not one of 'designed', 'built' or 'deployed'",
        ),
    ]


def test_references_into_a_broken_file_stay_suppressed(tmp_path: Path) -> None:
    """The projects file fails to parse: the achievements naming its projects are not reported,
    and nor are meaning checks that need its figures (declared figures, derived KPI baselines)."""
    content = copy(tmp_path, "sample")
    edit(content, "2023/projects.yaml", "  - id: kwater\n", "- id: kwater\n")
    assert [p.file for p in problems(content)] == ["content/2023/projects.yaml"]


# ---- 9: dates of records outside the year


def test_an_incident_of_another_year_is_warned_at_each_date(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    old = "    detected: 2023-03-14 09:12:00\n    resolved: 2023-03-14 11:42:00\n"
    text = edit(content, "2023/incidents.yaml", old, old.replace("2023", "2022"))
    found = problems(content)
    assert [(p.file, p.line, p.col, p.severity, p.message) for p in found] == [
        (
            "content/2023/incidents.yaml",
            position(text, "detected: 2022-03-14 09:12:00", "2")[0],
            15,
            W,
            "incidents record 'inc-2023-01': detected 2022-03-14 09:12 is outside 2023",
        ),
        (
            "content/2023/incidents.yaml",
            position(text, "resolved: 2022-03-14 11:42:00", "2")[0],
            15,
            W,
            "incidents record 'inc-2023-01': resolved 2022-03-14 11:42 is outside 2023",
        ),
    ]
    assert found[0].hint == "correct the date, or move the record to content/2022/ if it belongs to that year"


def test_an_incident_resolved_years_later_is_warned(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    text = edit(content, "2023/incidents.yaml", "resolved: 2023-11-20 09:00:00", "resolved: 2033-11-20 09:00:00")
    assert summary(content) == [
        (
            "content/2023/incidents.yaml",
            position(text, "resolved: 2033-11-20 09:00:00", "2")[0],
            15,
            W,
            "incidents record 'inc-2023-03': resolved 2033-11-20 09:00 is outside 2023",
        )
    ]


def test_an_incident_resolved_after_new_year_belongs_to_its_year(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    old = "    detected: 2023-11-20 08:00:00\n    resolved: 2023-11-20 09:00:00\n"
    edit(content, "2023/incidents.yaml", old, "    detected: 2023-12-31 23:00:00\n    resolved: 2024-01-01 01:00:00\n")
    assert summary(content) == []


def test_a_test_run_of_last_year_is_warned(tmp_path: Path) -> None:
    content = copy(tmp_path, "ready")
    edit(content, "2024/test_runs.yaml", "{date: 2024-04-01,", "{date: 2023-04-01,")
    assert summary(content) == [
        ("content/2024/test_runs.yaml", 2, 12, W, "test_runs record #1: date 2023-04-01 is outside 2024")
    ]


# ---- 10: a KPI unit that contradicts its metric


def test_a_unit_other_than_the_actual_metrics_is_an_error(tmp_path: Path) -> None:
    content = copy(tmp_path, "ready")
    text = edit(content, "2023/kpis.yaml", "unit: days, baseline: 5", "unit: 시간, baseline: 5")
    problem = the_problem(content)
    line = position(text, text.splitlines()[3], "시")  # the lead-time KPI's line
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2023/kpis.yaml",
        *line,
        E,
        "the unit '시간' of 'Lead time' contradicts its metric lead_time, which is in days",
    )
    assert problem.hint == "remove 'unit', which comes from lead_time, or write 'days'"


def test_a_percent_unit_on_a_baseline_in_weeks_is_an_error(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    text = edit(content, "2023/kpis.yaml", "baseline_from: on_time_rate", "baseline_from: average_weeks")
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2023/kpis.yaml",
        *position(text, 'unit: "%"', '"'),
        E,
        "the unit '%' of '배포 일정 준수율' contradicts its metric average_weeks, which is in weeks",
    )
    assert problem.hint == "remove 'unit', which comes from average_weeks, or write 'weeks'"


@pytest.mark.parametrize("unit", ["hours", "h", "시간", "Hours", " h"])
def test_any_spelling_of_the_metrics_unit_is_accepted(tmp_path: Path, unit: str) -> None:
    content = copy(tmp_path, "ready")
    edit(content, "2023/kpis.yaml", "metric: MTTR, unit: hours,", f'metric: MTTR, unit: "{unit}",')
    assert summary(content) == []


# ---- 11: ranges


@pytest.mark.parametrize(
    ("old", "new", "column_of", "message"),
    [
        ("attained: 99.71", "attained: 100.71", "100.71", "100.71 is out of range: 'attained' is at most 100"),
        ("objective: 99.5", "objective: 995", "995", "995 is out of range: 'objective' is at most 100"),
        ("on_call_pages: 17}", "on_call_pages: -17}", "-17", "-17 is out of range: 'on_call_pages' is at least 0"),
    ],
)
def test_declared_ranges_refuse_values_that_cannot_be_true(
    tmp_path: Path, old: str, new: str, column_of: str, message: str
) -> None:
    content = copy(tmp_path, "example")
    text = edit(content, "2023/slos.yaml", old, new)
    line = next(line for line in text.splitlines() if new in line)
    assert summary(content) == [
        ("content/2023/slos.yaml", text.splitlines().index(line) + 1, line.index(column_of) + 1, E, message)
    ]


def test_a_negative_count_of_test_runs_is_refused(tmp_path: Path) -> None:
    content = copy(tmp_path, "ready")
    text = edit(content, "2024/test_runs.yaml", "count: 15}", "count: -5}")
    assert summary(content) == [
        (
            "content/2024/test_runs.yaml",
            2,
            text.splitlines()[1].index("-5") + 1,
            E,
            "-5 is out of range: 'count' is at least 0",
        )
    ]


def test_a_kpi_counted_in_건_is_never_negative(tmp_path: Path) -> None:
    content = copy(tmp_path, "ready")
    kpis = append(
        content,
        "2023/kpis.yaml",
        "  - {id: outages, metric: Outages, unit: 건, baseline: 4, target: -1, direction: lower}\n",
    )
    review = append(content, "2024/kpi_review.yaml", "  - {kpi: outages, actual: -9, result: Fewer}\n")
    last, last_review = kpis.splitlines()[-1], review.splitlines()[-1]
    assert summary(content) == [
        (
            "content/2023/kpis.yaml",
            len(kpis.splitlines()),
            last.index("-1") + 1,
            E,
            "the target -1 of 'Outages' is negative, but it counts things",
        ),
        (
            "content/2024/kpi_review.yaml",
            len(review.splitlines()),
            last_review.index("-9") + 1,
            E,
            "the actual -9 of 'outages' is negative, but it counts 건",
        ),
    ]


@pytest.mark.parametrize(
    ("old", "new", "column_of", "message"),
    [
        (
            "{key: service, type: text, required: true,",
            "{key: service, type: text, min: 0, required: true,",
            "{key: service",
            "'min' and 'max' are for number and integer columns, not text",
        ),
        (
            '{key: objective, type: number, unit: "%", min: 0, max: 100,',
            '{key: objective, type: number, unit: "%", min: 100, max: 0,',
            "{key: objective",
            "'min' (100) is greater than 'max' (0)",
        ),
    ],
)
def test_a_range_that_cannot_apply_is_refused_in_the_settings(
    tmp_path: Path, old: str, new: str, column_of: str, message: str
) -> None:
    content = copy(tmp_path, "example")
    text = edit(content, "site.yaml", old, new)
    line = next(n for n, line in enumerate(text.splitlines(), 1) if new in line)
    col = text.splitlines()[line - 1].index(column_of) + 1
    assert summary(content) == [("content/site.yaml", line, col, E, message)]


# ---- 12: the same thing twice under another id or name


def test_the_same_incident_under_a_new_id_is_an_error(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    copy_of = (
        "  - id: inc-2023-09\n    title: Checkout latency spike\n    severity: sev2\n    service: checkout\n"
        "    detected: 2023-03-14 09:12:00\n    resolved: 2023-03-14 11:42:00\n"
    )
    text = append(content, "2023/incidents.yaml", copy_of)
    lines = text.splitlines()
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2023/incidents.yaml",
        lines.index("  - id: inc-2023-09") + 1,
        5,
        E,
        f"incidents record 'inc-2023-09' repeats the one at line {lines.index('  - id: inc-2023-01') + 1}, "
        "column 5 (every column but the id is the same)",
    )


def test_an_slo_service_listed_twice_is_an_error(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    text = append(content, "2023/slos.yaml", "  - {service: checkout, objective: 99.5, attained: 99.6}\n")
    col = text.splitlines()[2].index("checkout") + 1
    assert summary(content) == [
        (
            "content/2023/slos.yaml",
            len(text.splitlines()),
            col,
            E,
            f"service 'checkout' is listed twice (also at line 3, column {col})",
        )
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "column_of"),
    [
        (
            "2023/achievements.yaml",
            "    project: dna-plus\n    title: Real-time Streaming System\n",
            "    project: naver\n    title: System Optimization\n",
            "S",
        ),
        (
            "2023/reliability.yaml",
            "    title: Error Handling & Optimization\n",
            "    title: Monitoring & Logging\n",
            "M",
        ),
        ("2023/kpis.yaml", "    metric: 리드타임\n", "    metric: 테스트 지표\n", "테"),
    ],
)
def test_two_entries_known_by_one_title_are_an_error(
    tmp_path: Path, file: str, old: str, new: str, column_of: str
) -> None:
    content = copy(tmp_path, "sample")
    text = edit(content, file, old, new)
    new = new.splitlines()[-1]  # the title line
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == new]
    assert len(lines) == 2
    col = new.index(column_of) + 1
    title = new.split(": ", 1)[1].strip()
    assert summary(content) == [
        (f"content/{file}", lines[1], col, E, f"'{title}' is listed twice (also at line {lines[0]}, column {col})")
    ]


def test_two_kpis_with_one_id_are_an_error(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    text = edit(content, "2023/kpis.yaml", "  - id: lead-time\n", "  - id: test-metrics\n")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == "  - id: test-metrics"]
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2023/kpis.yaml",
        lines[1],
        9,
        E,
        "duplicate id 'test-metrics'",
    )
    assert problem.hint == f"already used at content/2023/kpis.yaml:{lines[0]}:9; ids must be unique"


# ---- 13: unit typos


def test_a_kpi_unit_typo_gets_a_did_you_mean(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    old = "    metric: 리드타임\n"
    text = edit(content, "2023/kpis.yaml", old, old + "    unit: mss\n")
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/2023/kpis.yaml",
        *position(text, "unit: mss", "m"),
        W,
        "the unit 'mss' is not one reportgen knows; it will be printed as written",
    )
    assert problem.hint == "did you mean 'ms'? (a team's own unit is fine as it is)"


def test_a_column_unit_typo_gets_a_did_you_mean(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    text = edit(
        content, "site.yaml", '{key: objective, type: number, unit: "%",', '{key: objective, type: number, unit: "%%",'
    )
    problem = the_problem(content)
    line = next(n for n, line in enumerate(text.splitlines(), 1) if '"%%"' in line)
    assert (problem.file, problem.line, problem.col, problem.severity, problem.message) == (
        "content/site.yaml",
        line,
        text.splitlines()[line - 1].index('"%%"') + 1,
        W,
        "the unit '%%' is not one reportgen knows; it will be printed as written",
    )
    assert problem.hint == "did you mean '%'? (a team's own unit is fine as it is)"


@pytest.mark.parametrize("unit", ["req/s", "$k/yr", "users", "pps", "GB", "명"])
def test_a_teams_own_unit_is_left_alone(tmp_path: Path, unit: str) -> None:
    content = copy(tmp_path, "sample")
    old = "    metric: 리드타임\n"
    edit(content, "2023/kpis.yaml", old, old + f'    unit: "{unit}"\n')
    assert summary(content) == []


# ---- 15: smaller mistakes


def test_spans_years_on_a_project_that_never_touches_the_year_is_warned(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    old = "    start: 2023-11-13\n    end: 2023-12-18\n"
    new = "    start: 2019-11-13\n    end: 2020-12-18\n    spans_years: true\n"
    text = edit(content, "2023/projects.yaml", old, new)
    found = [p for p in problems(content) if p.file == "content/2023/projects.yaml"]
    name = text.splitlines()[text.splitlines().index("    start: 2019-11-13") - 1].split(": ", 1)[1]
    assert [(p.line, p.col, p.severity, p.message) for p in found] == [
        (
            position(text, "spans_years: true", "t")[0],
            18,
            W,
            f"project '{name}' runs from 2019-11-13 to 2020-12-18, which does not touch 2023",
        )
    ]


def test_a_fraction_in_an_integer_column_asks_for_a_whole_number(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    text = edit(content, "2023/slos.yaml", "on_call_pages: 17}", "on_call_pages: 17.0}")
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.message, problem.hint) == (
        "content/2023/slos.yaml",
        4,
        text.splitlines()[3].index("17.0") + 1,
        "expected a whole number, got 17.0",
        "write 17",
    )


def test_a_datetime_with_slashes_gets_a_datetime_hint(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    text = edit(content, "2023/incidents.yaml", "detected: 2023-03-14 09:12:00", "detected: 2023/03/14 09:12:00")
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col, problem.message, problem.hint) == (
        "content/2023/incidents.yaml",
        *position(text, "detected: 2023/03/14 09:12:00", "2"),
        "'2023/03/14 09:12:00' is not a date and time",
        "write dates and times as YYYY-MM-DD HH:MM, e.g. 2023-03-14 09:12",
    )


def test_one_title_for_two_projects_achievements_is_two_things(tmp_path: Path) -> None:
    content = copy(tmp_path, "sample")
    edit(
        content, "2023/achievements.yaml", "    title: Real-time Streaming System\n", "    title: System Optimization\n"
    )
    text = (content / "2023/achievements.yaml").read_text(encoding="utf-8")
    # The second 'System Optimization' belongs to dna-plus, the first to naver: no problem.
    assert text.count("title: System Optimization") == 2
    assert summary(content) == []


@pytest.mark.parametrize(
    ("file", "entry", "id_line"),
    [
        (
            "2023/projects.yaml",
            "  - id: naver\n    name: 네이버 프로젝트\n    status: completed\n    delivery: on_time\n",
            "  - id: naver",
        ),
        (
            "2023/incidents.yaml",
            "  - id: inc-2023-03\n    title: Expired TLS certificate on the status page\n    severity: sev3\n"
            "    service: status-page\n    detected: 2023-11-20 08:00:00\n    resolved: 2023-11-20 09:00:00\n",
            "  - id: inc-2023-03",
        ),
    ],
)
def test_a_copy_under_the_same_id_is_reported_once_as_a_duplicate_id(
    tmp_path: Path, file: str, entry: str, id_line: str
) -> None:
    content = copy(tmp_path, "sample" if file.endswith("projects.yaml") else "example")
    text = append(content, file, entry)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == id_line]
    found = [p for p in problems(content) if p.file == f"content/{file}"]
    item_id = id_line.split(": ")[1]
    assert [(p.line, p.col, p.severity, p.message) for p in found] == [(lines[1], 9, E, f"duplicate id '{item_id}'")]


def test_a_broken_report_file_does_not_hide_the_projects_meaning(tmp_path: Path) -> None:
    """Without a sound report.yaml the folder still names the year the dates belong to."""
    content = copy(tmp_path, "sample")
    report = edit(content, "2023/report.yaml", "\ntitle:", "\ntitel:")
    projects = edit(content, "2023/projects.yaml", "    start: 2023-04-10\n", "    start: 2021-04-10\n")
    assert summary(content) == [
        (
            "content/2023/projects.yaml",
            position(projects, "start: 2021-04-10", "2")[0],
            12,
            W,
            "project 'DNA+' starts on 2021-04-10, outside 2023",
        ),
        (
            "content/2023/report.yaml",
            next(n for n, line in enumerate(report.splitlines(), 1) if line.startswith("titel:")),
            1,
            E,
            "unknown key 'titel'",
        ),
    ]


def test_a_day_alone_with_slashes_in_a_datetime_column_gets_a_datetime_example(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    edit(content, "2023/incidents.yaml", "detected: 2023-03-14 09:12:00", "detected: 2023/03/14")
    problem = the_problem(content)
    assert (problem.message, problem.hint) == (
        "'2023/03/14' is not a date and time",
        "write dates and times as YYYY-MM-DD HH:MM, e.g. 2023-03-14 09:00",
    )


def test_an_slo_row_pasted_twice_is_reported_once_by_its_service(tmp_path: Path) -> None:
    content = copy(tmp_path, "example")
    row = "  - {service: search, objective: 99.5, attained: 99.71, on_call_pages: 17}\n"
    text = append(content, "2023/slos.yaml", row)
    assert summary(content) == [
        (
            "content/2023/slos.yaml",
            len(text.splitlines()),
            5,
            E,
            "slos record 'search' repeats the one at line 4, column 5 (every column but the id is the same)",
        )
    ]

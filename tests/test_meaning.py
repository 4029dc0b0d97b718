"""Mistakes of meaning: well-formed facts that would change a figure without a word.

Each test applies one text edit to a copy of the sample content (comments and layout kept, as a
person would make it) and checks that exactly one new problem appears, at the file:line:col of
the edited fact, with its severity and what to do.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.cli.scaffold import new_year
from reportgen.load.problems import Problem, Severity

SAMPLE_CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, copy)
    return copy


def edit(content: Path, relative: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in content/<relative>; return the new text."""
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {relative}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def position(text: str, line_text: str, column_of: str) -> tuple[int, int]:
    """1-based line of the one line equal to `line_text` (stripped), and the column where `column_of` starts."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == line_text.strip()]
    assert len(lines) == 1, f"{line_text!r} found on lines {lines}"
    line = text.splitlines()[lines[0] - 1]
    return lines[0], line.index(column_of) + 1


def new_problems(content: Path) -> list[Problem]:
    """Problems besides the sample's own (its one declared-figure warning)."""
    found = load_site(content, content.parent).problems
    return [p for p in found if "declared average_weeks" not in p.message]


def the_problem(content: Path, file: str | None = None) -> Problem:
    """The one new problem (in `file`, where the edit also moves declared figures elsewhere)."""
    found = [p for p in new_problems(content) if file is None or p.file == f"content/{file}"]
    assert len(found) == 1, "expected exactly one problem, got:\n" + "\n".join(p.for_people() for p in found)
    return found[0]


NAVER_DELIVERY = "    status: completed\n    delivery: on_time\n    tags: [이미지 분석, Message Queue]"


def test_a_cancelled_project_delivered_on_time_is_an_error(content: Path) -> None:
    text = edit(content, "2023/projects.yaml", NAVER_DELIVERY, NAVER_DELIVERY.replace("completed", "cancelled"))
    problem = the_problem(content, "2023/projects.yaml")
    assert problem.severity is Severity.ERROR
    assert (problem.file, problem.line) == (
        "content/2023/projects.yaml",
        position(text, "status: cancelled", "s")[0] + 1,
    )
    assert problem.col == 15  # the value of `delivery:`
    assert problem.message == "project '네이버 프로젝트' is cancelled but its delivery is 'on_time'"
    assert "not delivered" in problem.hint
    assert load_site(content, content.parent).site is None  # an error stops the build


def test_a_completed_project_without_a_delivery_line_is_a_warning(content: Path) -> None:
    old = "    start: 2023-05-08\n    end: 2023-08-21\n    status: completed\n    delivery: on_time\n"
    text = edit(content, "2023/projects.yaml", old, old.replace("    delivery: on_time\n", ""))
    problem = the_problem(content, "2023/projects.yaml")  # report.yaml's stated 5 on time now disagrees too
    assert problem.severity is Severity.WARNING
    line = text.splitlines().index("    start: 2023-05-08") + 3  # the status line below start and end
    assert (problem.line, problem.col) == (line, 13)
    assert problem.message == "project '네이버 SDK' is completed but has no delivery outcome"
    assert "on-time rate" in problem.hint
    assert load_site(content, content.parent).site is not None  # a warning does not stop the build


@pytest.mark.parametrize("year", [2021, 2026])
def test_dates_outside_the_report_year_are_warned_at_each_date(content: Path, year: int) -> None:
    old = "    start: 2023-04-10\n    end: 2023-12-04\n"
    text = edit(content, "2023/projects.yaml", old, old.replace("2023", str(year)))
    found = new_problems(content)
    assert [(p.severity, p.line, p.col) for p in found] == [
        (Severity.WARNING, position(text, f"start: {year}-04-10", "2")[0], 12),
        (Severity.WARNING, position(text, f"end: {year}-12-04", "2")[0], 10),
    ]
    assert found[0].message == f"project 'DNA+' starts on {year}-04-10, outside 2023"
    assert found[1].message == f"project 'DNA+' ends on {year}-12-04, outside 2023"
    assert "spans_years: true" in found[0].hint


def test_a_project_that_says_it_spans_years_is_not_warned(content: Path) -> None:
    old = "    start: 2023-11-13\n    end: 2023-12-18\n"
    edit(content, "2023/projects.yaml", old, "    start: 2023-11-13\n    end: 2024-02-19\n    spans_years: true\n")
    assert [p for p in new_problems(content) if p.file == "content/2023/projects.yaml"] == []


def test_the_same_project_twice_under_a_new_id_is_an_error(content: Path) -> None:
    path = content / "2023/projects.yaml"
    text = path.read_text(encoding="utf-8") + "  - id: aloha-copy\n    name: aloha\n    status: unknown\n"
    path.write_text(text, encoding="utf-8")
    problem = the_problem(content, "2023/projects.yaml")
    assert problem.severity is Severity.ERROR
    assert (problem.line, problem.col) == (len(text.splitlines()) - 1, 11)
    first = position(text, "name: Aloha", "A")
    assert problem.message == f"'aloha' is listed twice (also at line {first[0]}, column {first[1]})"
    assert "counted" in problem.hint


def test_a_list_item_indented_two_more_spaces_is_not_folded_into_the_one_above(content: Path) -> None:
    path = content / "2023/infrastructure.yaml"
    text = path.read_text(encoding="utf-8")
    items = [n for n, line in enumerate(text.splitlines()) if line.startswith("      - ")]
    lines = text.splitlines()
    lines[items[1]] = "  " + lines[items[1]]  # the second item of the first group, two spaces deeper
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = the_problem(content)
    assert (problem.severity, problem.line, problem.col) == (Severity.ERROR, items[1] + 1, 9)
    assert "not as a new list item" in problem.message
    assert "same column" in problem.hint


def test_a_kpi_target_on_the_wrong_side_of_its_baseline_is_an_error(content: Path) -> None:
    old = "    target_text: 작업 요청부터 결과 전달까지의 시간 단축\n    direction: lower\n"
    text = edit(content, "2023/kpis.yaml", old, "    baseline: 10\n    target: 12\n    direction: lower\n")
    problem = the_problem(content)
    assert problem.severity is Severity.ERROR
    assert (problem.line, problem.col) == (position(text, "target: 12", "1")[0], 13)
    assert problem.message == (
        "the target 12 of '리드타임' is above its baseline 10, but lower is better (direction: lower)"
    )


def test_a_derived_baseline_is_checked_too(content: Path) -> None:
    # on_time_rate is 62.5 in the sample; a 'higher' target of 50 is a step back.
    old = "    baseline_from: on_time_rate\n    target_text: 목표 향상 필요\n"
    edit(content, "2023/kpis.yaml", old, "    baseline_from: on_time_rate\n    target: 50\n")
    problem = the_problem(content)
    assert problem.message == (
        "the target 50 of '배포 일정 준수율' is below its baseline 62.5, but higher is better (direction: higher)"
    )


def test_a_kpi_review_left_as_new_year_wrote_it_is_warned(content: Path) -> None:
    new_year(content, 2024)
    problem = the_problem(content)
    assert problem.severity is Severity.WARNING
    assert problem.file == "content/2024/kpi_review.yaml"
    assert problem.message == "this KPI review is not filled in: no entry has an actual or a result"


@pytest.mark.parametrize(
    ("tagged", "tag"),
    [
        ("!!python/object/apply:os.system [touch pwned]", "!!python/object/apply:os.system"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a: null}", "!!set"),
        ("!custom [a]", "!custom"),
    ],
)
def test_explicit_yaml_tags_other_than_plain_types_are_refused(
    content: Path, tagged: str, tag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content.parent)
    text = edit(content, "2023/projects.yaml", "tags: [AI, Redis]", f"tags: {tagged}")
    problem = the_problem(content)
    assert (problem.severity, problem.line) == (Severity.ERROR, position(text, f"tags: {tagged}", "t")[0])
    assert problem.col == 11
    assert problem.message == f"the YAML tag '{tag}' is not allowed"
    assert not os.path.exists(content.parent / "pwned")


def test_a_plain_type_restated_by_a_tag_is_accepted(content: Path) -> None:
    edit(content, "2023/projects.yaml", "tags: [AI, Redis]", "tags: !!seq [AI, !!str Redis]")
    assert new_problems(content) == []


def test_a_broken_projects_file_is_the_only_problem_reported(content: Path) -> None:
    """An outdented item breaks projects.yaml; the references to its projects elsewhere are not errors too."""
    text = edit(content, "2023/projects.yaml", "  - id: kwater\n", "- id: kwater\n")
    problem = the_problem(content)
    assert (problem.file, problem.line, problem.col) == (
        "content/2023/projects.yaml",
        position(text, "- id: kwater", "-")[0],
        1,
    )


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        (
            "tags: [AI, Redis]",
            "tags: AI, Redis, 5G",
            "expected a list, got the text 'AI, Redis, 5G'",
            "write a YAML list such as [AI, Redis, 5G], or one '- item' per line",
        ),
        (
            "start: 2023-04-10",
            "start: 2023.04.10",
            "'2023.04.10' is not a date",
            "write dates as YYYY-MM-DD, e.g. 2023-04-10",
        ),
        (
            "    start: 2023-06-26\n    end: 2023-08-21\n    status: unknown",
            "    start: 2023-06-26\n    end: 2023-08-21\n    status: no",
            "'no' is ambiguous: YAML reads it as a yes/no value",
            "write one of 'completed', 'in_progress', 'cancelled' or 'unknown'",
        ),
    ],
)
def test_messages_say_what_to_write(content: Path, old: str, new: str, message: str, hint: str) -> None:
    edit(content, "2023/projects.yaml", old, new)
    problem = the_problem(content)
    assert (problem.message, problem.hint) == (message, hint)


def test_the_same_service_twice_is_an_error(content: Path) -> None:
    path = content / "2023/services.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("performance_tests:")
    text = (
        head
        + "  - id: copy\n    name: Aloha API\n    status: built\n    detail: 복사본\n"
        + "performance_tests:"
        + tail
    )
    path.write_text(text, encoding="utf-8")
    problem = the_problem(content)
    copy_name = text.splitlines().index("  - id: copy") + 2  # the line after the copy's id
    assert (problem.severity, problem.line, problem.col) == (Severity.ERROR, copy_name, 11)
    assert problem.message.startswith("'Aloha API' is listed twice (also at line ")


def test_the_same_item_twice_in_a_group_is_a_warning(content: Path) -> None:
    text = edit(
        content, "2023/infrastructure.yaml", "      - NAS 서버 구축\n", "      - NAS 서버 구축\n      - NAS 서버 구축\n"
    )
    problem = the_problem(content)
    first = text.splitlines().index("      - NAS 서버 구축") + 1
    assert (problem.severity, problem.line, problem.col) == (Severity.WARNING, first + 1, 9)
    assert problem.message == f"'NAS 서버 구축' is listed twice (also at line {first}, column 9)"

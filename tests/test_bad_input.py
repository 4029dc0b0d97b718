"""Bad content in, located problems out.

Each test copies the sample content/ into a temporary folder, overwrites one file with
broken YAML, and checks what a person editing that file would see: the exact
file:line:col of the problem and a word of the message or hint that tells them what to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.load.problems import Problem, Severity

from .helpers import at, invoke, only

SAMPLE_CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the sample content, at tmp_path/content."""
    copy = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, copy)
    return copy


def write(content: Path, relative: str, text: str) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def all_errors(content: Path) -> list[Problem]:
    """Every error load_site reports, with files shown relative to the folder that holds content/."""
    return load_site(content, content.parent).errors


def problems_for(content: Path, relative: str, text: str) -> list[Problem]:
    """Overwrite content/<relative> with `text`; the errors reported in that very file.

    Filtering on the exact display path also checks that the file is shown as
    'content/<relative>'. What other files get as a consequence is tested separately.
    """
    write(content, relative, text)
    return [p for p in all_errors(content) if p.file == f"content/{relative}"]


ACHIEVEMENT = """\
achievements:
  - id: new-thing
    project: {project}
    title: New Thing
    problem: [slow]
    actions:
      - label: Fix
        text: made it fast
    results: [fast]
"""


# --- YAML syntax ---------------------------------------------------------------------------------


def test_unclosed_quote_is_a_syntax_error_at_the_end_of_the_file(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: 'unclosed\nlanguage: ko\n"))
    assert at(problem) == (4, 1)
    assert "YAML syntax error" in problem.message
    assert "quoting" in problem.hint


def test_bad_indentation_is_a_syntax_error_where_the_stray_colon_is(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: B\n  description: C\n"))
    assert at(problem) == (3, 14)
    assert "mapping values are not allowed here" in problem.message
    assert "indentation" in problem.hint


def test_syntax_error_column_counts_hangul_as_one_character_each(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: 백엔드팀\ntitle: 백엔드 연간: 성과\n"))
    assert at(problem) == (2, 14)  # the second ':' is the 14th character, though the 20th byte


def test_tab_indentation_points_at_the_tab(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: B\n\tlanguage: ko\n"))
    assert at(problem) == (3, 1)
    assert "tab" in problem.message
    assert "spaces" in problem.hint


def test_aliases_are_refused_where_the_anchor_is(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: &t A\ntitle: *t\n"))
    assert at(problem) == (1, 7)
    assert "anchors and aliases" in problem.message


def test_two_documents_in_one_file(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: B\n---\nteam: C\n"))
    assert at(problem) == (3, 1)
    assert "more than one YAML document" in problem.message


def test_empty_file(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "# nothing yet\n"))
    assert at(problem) == (1, 1)
    assert "empty" in problem.message


# --- unknown keys --------------------------------------------------------------------------------


def test_typo_in_a_key_is_an_unknown_key_with_a_did_you_mean_hint(content: Path) -> None:
    problems = problems_for(content, "2023/projects.yaml", "projects:\n  - id: alpha\n    nmae: Alpha\n")
    [unknown] = [p for p in problems if "unknown key" in p.message]
    assert at(unknown) == (3, 5)
    assert unknown.message == "unknown key 'nmae'"
    assert unknown.hint == "did you mean 'name'?"


def test_typo_in_a_top_level_key(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: B\ntitel: C\n"))
    assert at(problem) == (3, 1)
    assert problem.hint == "did you mean 'title'?"


def test_unknown_key_with_no_close_match_lists_the_allowed_keys(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: B\ncolour: blue\n"))
    assert at(problem) == (3, 1)
    assert problem.message == "unknown key 'colour'"
    assert "allowed keys: team, title, language, description" in problem.hint


def test_typo_in_a_nested_key_inside_a_flow_mapping(content: Path) -> None:
    text = "groups:\n  - id: g\n    title: G\n    items:\n      - fine\n      - {text: x, projcet: naver}\n"
    problem = only(problems_for(content, "2023/impact.yaml", text))
    assert at(problem) == (6, 19)
    assert problem.hint == "did you mean 'project'?"


# --- wrong types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "explains"),
    [
        ("NO", "yes/no value"),
        ("yes", "yes/no value"),
        ("off", "yes/no value"),
        ("017", "number in a special notation"),
        ("1:30", "number in a special notation"),
        ("1:30.5", "number in a special notation"),
    ],
)
def test_yaml_1_1_surprises_where_text_is_expected(content: Path, value: str, explains: str) -> None:
    problem = only(problems_for(content, "2023/projects.yaml", f"projects:\n  - id: alpha\n    name: {value}\n"))
    assert at(problem) == (3, 11)
    assert problem.message.startswith(f"'{value}' is ambiguous")
    assert explains in problem.message
    assert f"quote it as text ('{value}')" in problem.hint


def test_ambiguous_value_inside_a_flow_list(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n    tags: [AI, NO]\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (4, 16)
    assert "'NO' is ambiguous" in problem.message


def test_ambiguous_value_as_a_plain_list_item(content: Path) -> None:
    text = "groups:\n  - id: g\n    title: G\n    items:\n      - fine\n      - NO\n"
    problem = only(problems_for(content, "2023/impact.yaml", text))
    assert at(problem) == (6, 9)
    assert "'NO' is ambiguous" in problem.message


@pytest.mark.parametrize(
    ("value", "shown"),
    [("[a, b]", "got list"), ("{a: b}", "got dict"), ("17", "got 17"), ("true", "got True"), ("~", "got None")],
)
def test_non_text_where_text_is_expected(content: Path, value: str, shown: str) -> None:
    problem = only(problems_for(content, "2023/projects.yaml", f"projects:\n  - id: alpha\n    name: {value}\n"))
    assert at(problem) == (3, 11)
    assert "valid string" in problem.message
    assert shown in problem.message
    assert "quote" in problem.hint


def test_quoted_year_is_text_not_a_number(content: Path) -> None:
    problem = only(problems_for(content, "2023/report.yaml", "year: '2023'\ntitle: T\n"))
    assert at(problem) == (1, 7)
    assert problem.message == "expected a number, got '2023'"
    assert problem.hint == "remove the quotes"


def test_value_not_in_the_allowed_list_suggests_the_closest(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n    status: complete\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (4, 13)
    assert "'complete' is not one of" in problem.message
    assert problem.hint == "did you mean 'completed'?"


def test_bad_id_says_what_ids_look_like(content: Path) -> None:
    problem = only(problems_for(content, "2023/projects.yaml", "projects:\n  - id: Alpha_1\n    name: Alpha\n"))
    assert at(problem) == (2, 9)
    assert "'Alpha_1' is not a valid id" in problem.message
    assert "lowercase" in problem.hint


def test_text_where_a_number_is_expected_is_one_problem(content: Path) -> None:
    # `value` is an int-or-float; a wrong value is one mistake, not one per accepted type.
    text = "year: 2023\ntitle: T\ndeclared:\n  - metric: on_time_rate\n    value: 62%\n    source: s\n"
    problem = only(problems_for(content, "2023/report.yaml", text))
    assert at(problem) == (5, 12)
    assert "'62%'" in problem.message


# --- missing required fields ---------------------------------------------------------------------


def test_project_without_name_points_at_the_project(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    status: completed\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (2, 5)  # where the project's mapping starts
    assert problem.message == "missing required field 'name'"
    assert problem.hint == "add 'name:' here"


def test_second_project_without_name_points_at_the_second_project(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n  - {id: beta, status: completed}\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (4, 5)
    assert problem.message == "missing required field 'name'"


def test_missing_top_level_field_points_at_the_start_of_the_file(content: Path) -> None:
    # site.yaml may leave the title to mkdocs.yml; a year's report.yaml may not.
    problem = only(problems_for(content, "2023/report.yaml", "year: 2023\n"))
    assert at(problem) == (1, 1)
    assert problem.message == "missing required field 'title'"


def test_missing_report_file(content: Path) -> None:
    (content / "2023" / "report.yaml").unlink()
    problem = only(all_errors(content))
    assert (problem.file, *at(problem)) == ("content/2023/report.yaml", 1, 1)
    assert problem.message == "missing file"


# --- dates ---------------------------------------------------------------------------------------


def test_invalid_month_is_reported_once_at_the_date(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n    start: 2023-13-01\n    end: 2023-12-01\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (4, 12)
    assert "'2023-13-01' is not a valid date" in problem.message
    assert "YYYY-MM-DD" in problem.hint


def test_end_before_start_points_at_end(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n    start: 2023-05-01\n    end: 2023-04-01\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (5, 10)
    assert "before the start date" in problem.message


def test_end_before_start_points_at_end_even_when_end_is_written_first(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n    end: 2023-04-01\n    start: 2023-05-01\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (4, 10)
    assert "before the start date" in problem.message


def test_start_without_end_points_at_the_project(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: Alpha\n    start: 2023-05-01\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (2, 5)
    assert "give both 'start' and 'end'" in problem.message


# --- duplicates ----------------------------------------------------------------------------------


def test_duplicate_project_id_names_the_first_one(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: A\n  - id: beta\n    name: B\n  - id: alpha\n    name: C\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (6, 9)  # the second use
    assert problem.message == "duplicate id 'alpha'"
    assert "content/2023/projects.yaml:2:9" in problem.hint  # the first use


def test_duplicate_group_id(content: Path) -> None:
    text = "groups:\n  - id: servers\n    title: A\n    items: [x]\n  - id: servers\n    title: B\n    items: [y]\n"
    problem = only(problems_for(content, "2023/infrastructure.yaml", text))
    assert at(problem) == (5, 9)
    assert "content/2023/infrastructure.yaml:2:9" in problem.hint


def test_duplicate_key_names_the_first_line(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: A\n    status: completed\n    name: B\n"
    problem = only(problems_for(content, "2023/projects.yaml", text))
    assert at(problem) == (5, 5)
    assert problem.message == "duplicate key 'name' (first defined at line 3)"
    assert "silently" in problem.hint


def test_duplicate_top_level_key(content: Path) -> None:
    problem = only(problems_for(content, "site.yaml", "team: A\ntitle: B\nteam: C\n"))
    assert at(problem) == (3, 1)
    assert "first defined at line 1" in problem.message


# --- references between files --------------------------------------------------------------------


def test_achievement_naming_no_project(content: Path) -> None:
    problem = only(problems_for(content, "2023/achievements.yaml", ACHIEVEMENT.format(project="atlantis")))
    assert at(problem) == (3, 14)
    assert problem.message == "unknown project 'atlantis' (projects are defined in content/2023/projects.yaml)"
    assert "content/2023/projects.yaml" in problem.hint


def test_misspelt_project_reference_suggests_the_project(content: Path) -> None:
    problem = only(problems_for(content, "2023/achievements.yaml", ACHIEVEMENT.format(project="navr")))
    assert at(problem) == (3, 14)
    assert "projects.yaml" in problem.message
    assert problem.hint == "did you mean 'naver'?"


def test_service_naming_no_project(content: Path) -> None:
    text = "services:\n  - id: s\n    name: S\n    status: built\n    detail: D\n    project: atlantis\n"
    problem = only(problems_for(content, "2023/services.yaml", text))
    assert at(problem) == (6, 14)
    assert "unknown project 'atlantis'" in problem.message


def test_a_mistake_in_projects_yaml_is_reported_there_and_nowhere_else(content: Path) -> None:
    # One typo in projects.yaml; every project the other files name still exists in the file.
    projects = (SAMPLE_CONTENT / "2023" / "projects.yaml").read_text(encoding="utf-8")
    write(content, "2023/projects.yaml", projects.replace("    name: DNA+\n", "    nmae: DNA+\n"))
    errors = all_errors(content)
    elsewhere = [p.for_people() for p in errors if p.file != "content/2023/projects.yaml"]
    assert elsewhere == [], "errors blamed on files that are fine:\n" + "\n".join(elsewhere)
    assert ("content/2023/projects.yaml", 23, 5, "unknown key 'nmae'") in [
        (p.file, p.line, p.col, p.message) for p in errors
    ]


# --- several problems at once --------------------------------------------------------------------


def test_problems_in_different_files_are_all_reported_at_once(content: Path) -> None:
    write(content, "site.yaml", "team: A\ntitle: B\ntitel: C\n")
    write(content, "2023/achievements.yaml", ACHIEVEMENT.format(project="atlantis"))
    services = "services:\n  - id: s\n    name: S\n    status: bulit\n    detail: D\n"
    write(content, "2023/services.yaml", services)

    errors = all_errors(content)

    assert [(p.file, p.line, p.col) for p in errors] == [
        ("content/2023/achievements.yaml", 3, 14),
        ("content/2023/services.yaml", 4, 13),
        ("content/site.yaml", 3, 1),
    ]
    assert load_site(content, content.parent).site is None


def test_several_problems_in_one_file_are_all_reported(content: Path) -> None:
    text = "projects:\n  - id: alpha\n    name: NO\n  - id: beta\n    name: Beta\n    status: complete\n"
    problems = problems_for(content, "2023/projects.yaml", text)
    assert [at(p) for p in problems] == [(3, 11), (6, 13)]


# --- year folders --------------------------------------------------------------------------------


def test_report_year_that_does_not_match_its_folder(content: Path) -> None:
    problems = problems_for(content, "2023/report.yaml", "year: 2024\ntitle: Performance - 2024\n")
    [mismatch] = [p for p in problems if "folder" in p.message]
    assert at(mismatch) == (1, 7)
    assert mismatch.message == "year 2024 does not match its folder '2023'"
    assert "content/2024/" in mismatch.hint


def test_folder_that_is_not_a_year(content: Path) -> None:
    (content / "drafts").mkdir()
    problem = only(all_errors(content))
    assert (problem.file, *at(problem)) == ("content/drafts", 1, 1)
    assert "'drafts' is not a year" in problem.message


def test_misspelt_file_name_in_a_year_folder(content: Path) -> None:
    problem = only(problems_for(content, "2023/projets.yaml", "projects: []\n"))
    assert at(problem) == (1, 1)
    assert problem.message == "unexpected file 'projets.yaml'"
    assert problem.hint == "did you mean 'projects.yaml'?"


def test_kpis_for_the_wrong_year(content: Path) -> None:
    kpis = (SAMPLE_CONTENT / "2023" / "kpis.yaml").read_text(encoding="utf-8")
    problem = only(problems_for(content, "2023/kpis.yaml", kpis.replace("year: 2024", "year: 2025")))
    assert at(problem) == (4, 7)
    assert "next year, 2024" in problem.hint


# --- messages a person can act on ------------------------------------------------------------------


def test_a_typo_in_the_only_action_does_not_claim_the_list_is_empty(content: Path) -> None:
    text = ACHIEVEMENT.format(project="naver").replace("- label: Fix", "- lable: Fix")
    problems = problems_for(content, "2023/achievements.yaml", text)
    assert "unknown key 'lable'" in [p.message for p in problems]
    claims_empty = [p.for_people() for p in problems if "at least 1 item" in p.message]
    assert claims_empty == [], "the list has one entry, yet:\n" + "\n".join(claims_empty)


# --- the command line ----------------------------------------------------------------------------


def test_cli_reports_errors_with_their_position_and_exits_1(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(content, "site.yaml", "team: A\ntitle: B\ntitel: C\n")
    monkeypatch.chdir(content.parent)

    result = invoke("validate", "content")

    assert result.exit_code == 1
    assert "content/site.yaml:3:1: unknown key 'titel' (did you mean 'title'?)" in result.stderr
    assert "1 error(s)" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_cli_github_format_prints_error_annotations(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(content, "site.yaml", "team: A\ntitle: B\ntitel: C\n")
    monkeypatch.chdir(content.parent)

    result = invoke("validate", "content", "--format", "github")

    assert result.exit_code == 1
    assert "::error file=content/site.yaml,line=3,col=1::unknown key 'titel' (did you mean 'title'?)" in (
        result.stdout.splitlines()
    )
    assert "Traceback" not in result.output + result.stderr


def test_cli_accepts_the_sample_content_and_warns_about_average_weeks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLE_CONTENT.parent)

    result = invoke("validate", "content")

    assert result.exit_code == 0
    assert "content/2023/report.yaml:25:12: warning: declared average_weeks is ~20" in result.stderr
    assert "0 error(s), 1 warning(s)" in result.stderr


def test_sample_content_has_exactly_one_warning_and_no_errors() -> None:
    validated = load_site(SAMPLE_CONTENT, SAMPLE_CONTENT.parent)
    assert validated.errors == []
    [warning] = validated.problems
    assert warning.severity is Severity.WARNING
    assert (warning.file, *at(warning)) == ("content/2023/report.yaml", 25, 12)
    assert "average_weeks" in warning.message


def test_cli_does_not_crash_on_a_small_declared_figure(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 0.00001 is a plain decimal; Python happens to print it as 1e-05.
    report = (SAMPLE_CONTENT / "2023" / "report.yaml").read_text(encoding="utf-8")
    write(content, "2023/report.yaml", report.replace("    value: 62\n", "    value: 0.00001\n"))
    monkeypatch.chdir(content.parent)

    result = invoke("validate", "content")

    assert result.exit_code == 0
    assert "content/2023/report.yaml:16:12: warning: declared on_time_rate" in result.stderr


def test_cli_does_not_crash_on_a_kpi_baseline_from_project_weeks(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # project_weeks is a metric name the model accepts for baseline_from, but it needs a project.
    kpis = (SAMPLE_CONTENT / "2023" / "kpis.yaml").read_text(encoding="utf-8")
    write(content, "2023/kpis.yaml", kpis.replace("baseline_from: on_time_rate", "baseline_from: project_weeks"))
    monkeypatch.chdir(content.parent)

    checked = invoke("validate", "content")
    built = invoke("build", "--out", "out", "--content", "content")

    assert checked.exit_code == built.exit_code == 1, "validate and build should both refuse it"
    assert "content/2023/kpis.yaml:13:20:" in checked.stderr


def test_cli_github_format_escapes_commas_in_the_file_name(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(content, "2023/notes, draft.yaml", "a: 1\n")
    monkeypatch.chdir(content.parent)

    result = invoke("validate", "content", "--format", "github")

    assert result.exit_code == 1
    # In workflow command properties ',' separates properties, so it must be written as %2C.
    assert "::error file=content/2023/notes%2C draft.yaml,line=1,col=1::" in result.stdout

"""Problem codes: one registry, every problem made with a registered code, the README's table current,
and `validate --format json` saying where and which kind for each problem."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.load import codes
from reportgen.load.codes import CODES, Invalid, UnknownCode
from reportgen.load.problems import Problem, Severity

from .helpers import at, invoke, only

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "reportgen"
SAMPLE_CONTENT = REPO / "content"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
START, END = "<!-- problem-codes:start", "<!-- problem-codes:end -->"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, copy)
    return copy


def _problems(content: Path, relative: str, text: str) -> list[Problem]:
    (content / relative).write_text(text, encoding="utf-8")
    return [p for p in load_site(content, content.parent).problems if p.file == f"content/{relative}"]


# ---- the registry


def test_codes_are_kebab_case_with_a_one_line_description() -> None:
    for code, description in CODES.items():
        assert KEBAB.match(code), code
        assert description.strip() and "\n" not in description and "|" not in description, code


def test_an_unregistered_code_fails_at_creation() -> None:
    with pytest.raises(UnknownCode, match="'unknwon-key'"):
        Problem("a.yaml", 1, 1, "message", code="unknwon-key")
    with pytest.raises(UnknownCode):
        Invalid("no-such-code", "message")


def test_a_problem_without_a_code_cannot_be_made() -> None:
    with pytest.raises(TypeError):
        Problem("a.yaml", 1, 1, "message")  # type: ignore[call-arg]


def test_the_code_does_not_change_how_problems_sort_or_compare() -> None:
    first = Problem("a.yaml", 2, 1, "b", code="unknown-key")
    second = Problem("a.yaml", 2, 1, "b", code="invalid-value")
    assert first == second  # one problem reported once, whichever code a union's branches gave it
    assert sorted([Problem("b.yaml", 1, 1, "a", code="tab"), first]) == [
        first,
        Problem("b.yaml", 1, 1, "a", code="tab"),
    ]


# Every call that makes a problem (directly, or through a helper that passes the code on).
_MAKERS = {"Problem", "problem", "fail", "_fail", "_reject", "_stray", "_at", "_Refused", "Invalid"}


def _literal_codes() -> list[tuple[str, int, str]]:
    """Every code-like string literal given to a maker of problems in reportgen/: (file, line, code)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in _MAKERS:
                continue
            values = [*node.args, *(k.value for k in node.keywords if k.arg == "code")]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and KEBAB.match(value.value):
                    found.append((path.relative_to(REPO).as_posix(), node.lineno, value.value))
    return found


def test_every_code_written_in_the_code_base_is_registered() -> None:
    """Checked without running the branch that makes the problem: a typo in a rare branch fails here."""
    used = _literal_codes()
    assert len(used) > 100
    assert [(file, line, code) for file, line, code in used if code not in CODES] == []


def test_every_registered_code_is_used() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "codes.py")
    assert [code for code in CODES if f'"{code}"' not in source] == []


# ---- the README


def _readme_table() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(START)
    return readme[readme.index("\n", start) + 1 : readme.index(END)]


def test_the_readme_lists_the_codes_of_the_registry() -> None:
    assert _readme_table() == codes.markdown(), "run `reportgen codes` and paste its table into README.md"


def test_reportgen_codes_prints_the_table() -> None:
    result = invoke("codes")
    assert result.exit_code == 0
    assert result.stdout == codes.markdown()
    assert f"| `unknown-key` | {CODES['unknown-key']} |" in result.stdout


# ---- codes at exact positions


PROJECTS = "projects:\n  - id: alpha\n    name: Alpha\n    start: 2023-05-01\n    end: 2023-06-01\n"


@pytest.mark.parametrize(
    ("relative", "text", "position", "code"),
    [
        ("2023/projects.yaml", PROJECTS.replace("    name:", "    nmae:"), (3, 5), "unknown-key"),
        ("2023/projects.yaml", PROJECTS.replace("2023-05-01", "2023-13-01"), (4, 12), "invalid-date"),
        ("2023/projects.yaml", PROJECTS.replace("2023-05-01", "'2023/05/01'"), (4, 12), "invalid-date"),
        ("2023/projects.yaml", PROJECTS.replace("2023-06-01", "2023-04-01"), (5, 10), "end-before-start"),
        ("2023/projects.yaml", PROJECTS + PROJECTS.replace("projects:\n", ""), (6, 9), "duplicate-id"),
        ("2023/projects.yaml", PROJECTS + "---\n" + PROJECTS, (6, 1), "multiple-documents"),
        ("2023/projects.yaml", "projects:\n  - &a {id: alpha, name: Alpha}\n", (2, 5), "yaml-alias"),
        ("2023/projects.yaml", "projects:\n\t- id: alpha\n", (2, 1), "tab"),
        ("2023/projects.yaml", "projects: [\n", (2, 1), "yaml-syntax"),
        ("2023/projects.yaml", "projects: " + "[" * 70 + "]" * 70 + "\n", (1, 74), "too-deep"),
        ("2023/projects.yaml", "", (1, 1), "empty-file"),
        ("2023/projects.yaml", "projects:\n  - id: alpha\n", (2, 5), "missing-field"),
        ("2023/projects.yaml", PROJECTS + "    status: complete\n", (6, 13), "not-a-choice"),
        ("2023/projects.yaml", PROJECTS + "    status: no\n", (6, 13), "ambiguous-bool"),
        ("2023/projects.yaml", PROJECTS.replace("alpha", "Alpha One"), (2, 9), "invalid-id"),
        ("2023/projects.yaml", PROJECTS + "    tags: a, b\n", (6, 11), "not-a-list"),
        ("2023/projects.yaml", PROJECTS + "    name: Again\n", (6, 5), "duplicate-key"),
        ("2023/projects.yaml", PROJECTS + "    spans_years: !!python/none x\n", (6, 18), "yaml-tag"),
    ],
)
def test_codes_at_exact_positions(
    content: Path, relative: str, text: str, position: tuple[int, int], code: str
) -> None:
    problem = only([p for p in _problems(content, relative, text) if p.severity is Severity.ERROR])
    assert (at(problem), problem.code) == (position, code), problem.for_people()


def test_a_declared_figure_the_facts_do_not_give_is_declared_differs(content: Path) -> None:
    problem = only(load_site(content, content.parent).problems)  # the sample's own warning
    assert (problem.file, at(problem), problem.severity, problem.code) == (
        "content/2023/report.yaml",
        (25, 12),
        Severity.WARNING,
        "declared-differs",
    )


# ---- validate --format json


def test_validate_json_gives_file_line_column_severity_code_message_and_hint(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (content / "2023" / "projects.yaml").write_text(PROJECTS.replace("    name:", "    nmae:"), encoding="utf-8")
    monkeypatch.chdir(content.parent)
    result = invoke("validate", "content", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["errors"] == 1 and document["warnings"] == len(document["problems"]) - 1
    unknown = next(p for p in document["problems"] if p["code"] == "unknown-key")
    assert unknown == {
        "file": "content/2023/projects.yaml",
        "line": 3,
        "column": 5,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'nmae'",
        "hint": "did you mean 'name'?",
    }
    assert all(p["code"] in CODES for p in document["problems"])


def test_validate_json_of_sound_content_exits_0_with_its_warnings(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content.parent)
    result = invoke("validate", "content", "--format", "json", "--inferred")
    assert result.exit_code == 0
    document = json.loads(result.stdout)  # the inferred values go to stderr: stdout is the document alone
    assert (document["errors"], document["warnings"]) == (0, 1)
    assert [p["code"] for p in document["problems"]] == ["declared-differs"]

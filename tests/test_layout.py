"""The package reads as the pipeline: one package per stage, imports only from earlier stages,
small modules and functions, and no stage outside a kind's own module naming a section kind."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import reportgen
from reportgen.sections.registry import KINDS

PACKAGE = Path(reportgen.__file__).resolve().parent
# The stages in the order the data flows; each may import only from those before it (and itself).
STAGES = ("load", "model", "derive", "sections", "check", "render", "charts", "emit", "mkdocs", "diff", "cli")
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60


def _stage(module: Path) -> str:
    return module.relative_to(PACKAGE).parts[0]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every reportgen module a file imports at run time (type-checking imports are no dependency)."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reportgen"):
            found.append((node.lineno, node.module))
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("reportgen"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_the_top_level_holds_only_the_packages_of_the_stages() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    # __main__.py is `python -m reportgen`: three lines that call cli's main, no stage of its own.
    assert modules == ["__init__.py", "__main__.py"]
    assert packages == sorted(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_each_package_says_its_job_and_what_it_may_import(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc is not None and len(doc.split()) > 10
    earlier = STAGES[: STAGES.index(stage)]
    # "May import:" names the stages before it (or says there are none, or that it may import all of them).
    allowed = doc.split("May import:")[-1] if "May import:" in doc else doc
    assert "May import:" in doc or "nothing of reportgen" in doc
    for name in re.findall(r"\b([a-z]+)\b", allowed):
        assert name not in STAGES[STAGES.index(stage) + 1 :], f"{stage} says it may import the later {name}"
    assert earlier == () or any(s in allowed for s in earlier) or "every" in allowed


def test_nothing_imports_from_a_later_stage() -> None:
    wrong = []
    for module in MODULES:
        if module.parent == PACKAGE:
            continue
        stage = _stage(module)
        for line, name in _imports(ast.parse(module.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if len(parts) < 2:
                wrong.append(f"{module.relative_to(PACKAGE)}:{line} imports the package root")
                continue
            if STAGES.index(parts[1]) > STAGES.index(stage):
                wrong.append(f"{module.relative_to(PACKAGE)}:{line} imports {name}")
    assert wrong == []


def test_the_import_check_sees_a_later_stage() -> None:
    tree = ast.parse("from reportgen.render.pages import Formatter\nif TYPE_CHECKING:\n    import reportgen.cli\n")
    assert _imports(tree) == [(1, "reportgen.render.pages")]


def test_no_module_is_over_400_lines_and_no_function_over_60() -> None:
    long_modules = [
        f"{m.relative_to(PACKAGE)} ({n})"
        for m in MODULES
        if (n := len(m.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    long_functions = [
        f"{m.relative_to(PACKAGE)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
        for m in MODULES
        for node in ast.walk(ast.parse(m.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert (long_modules, long_functions) == ([], [])


def _kind_modules() -> set[Path]:
    """The modules that belong to a kind: its module, or every module of its package."""
    found = set()
    for path in (PACKAGE / "sections").iterdir():
        if path.is_dir() and (path / "__init__.py").is_file():
            found |= set(path.rglob("*.py"))
        elif path.suffix == ".py" and path.stem in KINDS:
            found.add(path)
    return found


def _names(node: ast.Assign) -> list[str]:
    return [t.id for t in node.targets if isinstance(t, ast.Name)]


def test_no_module_outside_a_kinds_own_names_a_kind() -> None:
    """No `if kind == "projects"`, no dict keyed by kind names, no literal list of kinds: a kind's
    name as a string appears in its own module only (and in the registry's default section list)."""
    names = set(KINDS)
    own = _kind_modules() | {PACKAGE / "sections" / "registry.py"}
    found = []
    for module in MODULES:
        if module in own:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        # A chart's own name (`KIND = "kpis"`), which names its SVG files, is the chart's, not a section kind.
        chart_names = {
            id(node.value) for node in tree.body if isinstance(node, ast.Assign) and _names(node) == ["KIND"]
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in names and id(node) not in chart_names:
                found.append(f"{module.relative_to(PACKAGE)}:{node.lineno} {node.value!r}")
    assert found == []


def test_the_readmes_package_table_matches_the_tree() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z]+)/` \| [^|]+ \| ([^|]+) \|$", readme, flags=re.MULTILINE)
    assert [package for package, _ in rows] == list(STAGES)
    for package, modules in rows:
        listed = re.findall(r"`([a-z_]+/?)`", modules)
        missing = [
            name
            for name in listed
            if not (PACKAGE / package / name).is_dir() and not (PACKAGE / package / f"{name}.py").is_file()
        ]
        assert missing == [], f"{package}/ lists modules it does not have"
        shown = {name.rstrip("/") for name in listed}
        present = {p.stem for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__"}
        present |= {p.name for p in (PACKAGE / package).iterdir() if p.is_dir() and p.name != "__pycache__"}
        # Every module of the package is in its row (one per chart kind is summarised for charts/).
        unlisted = present - shown
        if package == "charts":
            unlisted -= {p.stem for p in (PACKAGE / "charts").glob("*.py") if "KIND" in p.read_text(encoding="utf-8")}
            unlisted -= {"longest", "theme"}
        assert unlisted == set(), f"{package}/ has modules the README does not list"

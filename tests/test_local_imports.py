"""An import inside a function says why it is there.

Imports belong at the top of a module. One is kept inside a function only to defer a heavy
import (matplotlib, pydantic and the model, jinja2, weasyprint...) that some path must not pay
for, or to break an import cycle; a comment on its line or the line above says which. Imports
under `if TYPE_CHECKING:` are never run and need no comment.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _local_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import inside a function body (nested ones too), leaving out `if TYPE_CHECKING:` bodies."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child, in_function)
            return
        if in_function and isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return found


def _comments(source: str) -> tuple[set[int], set[int]]:
    """The lines that hold a comment, and those that hold nothing else (tokenized: a '#' in a string is no comment)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    comments = {token.start[0] for token in tokens if token.type == tokenize.COMMENT}
    code = {line for token in tokens if token.type not in SILENT for line in range(token.start[0], token.end[0] + 1)}
    return comments, comments - code


SILENT = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def uncommented(source: str) -> list[str]:
    """The function-local imports of `source` with no comment on their lines, nor a comment line just above.

    The comment above must stand on its own line: the trailing comment of the import before
    speaks for that import, not for this one."""
    comments, comment_lines = _comments(source)
    lines = source.splitlines()
    return [
        f"line {node.lineno}: {lines[node.lineno - 1].strip()}"
        for node in _local_imports(ast.parse(source))
        if not comments & set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        and node.lineno - 1 not in comment_lines
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_function_local_import_says_why(path: Path) -> None:
    assert uncommented(path.read_text(encoding="utf-8")) == []


def test_the_scan_sees_the_package_s_local_imports() -> None:
    # Not vacuous: the deferred heavy imports (WeasyPrint's and fontTools' among them) are found.
    found = [node for path in MODULES for node in _local_imports(ast.parse(path.read_text(encoding="utf-8")))]
    heavy = ("weasyprint", "fontTools")
    assert all(any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith(h) for n in found) for h in heavy)


def test_the_scan_tells_a_commented_import_from_a_bare_one() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import json\n"
        "if TYPE_CHECKING:\n"
        "    from pathlib import Path\n"
        "def a() -> None:\n"
        "    # heavy: only a() needs it\n"
        "    import decimal\n"
        "    import fractions  # heavy, likewise\n"
        "    import zipfile\n"
        "    if TYPE_CHECKING:\n"
        "        import csv\n"
        "    def inner() -> None:\n"
        "        text = '# not a comment'\n"
        "        import gzip\n"
        "class B:\n"
        "    import math\n"
        "    def method(self) -> None:\n"
        "        from os import (\n"
        "            path,  # heavy: a comment inside the statement counts\n"
        "        )\n"
        "        import shutil\n"
    )
    assert uncommented(source) == ["line 9: import zipfile", "line 14: import gzip", "line 21: import shutil"]

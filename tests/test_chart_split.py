"""The charts' two sides: specs (what to draw, from the facts) and drawing (matplotlib), apart.

matplotlib is imported only in reportgen/charts/draw/, so that building pages and their specs
never pays for loading it; and the spec side never imports the drawing side.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.charts import delivery, durations, kpis, records, timeline, trends
from reportgen.charts.draw.render import DRAWERS

from .conftest import REPO

PACKAGE = REPO / "reportgen"
CHARTS = PACKAGE / "charts"
DRAW = CHARTS / "draw"
SPEC_MODULES = (timeline, durations, delivery, kpis, trends, records)


def _imported(path: Path) -> list[str]:
    """Every module `path` imports, at any level: top, function-local, or under TYPE_CHECKING."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _outside_draw() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if not path.is_relative_to(DRAW))


def _names(modules: list[str], prefix: str) -> list[str]:
    return sorted({m for m in modules if m == prefix or m.startswith(prefix + ".")})


def test_the_scan_sees_the_drawing_side_import_matplotlib() -> None:
    # Guards the scan itself: were it blind, the test below would pass on anything.
    assert _names(_imported(DRAW / "render.py"), "matplotlib")
    assert len(_outside_draw()) > 50


@pytest.mark.parametrize("path", _outside_draw(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_outside_charts_draw_imports_matplotlib(path: Path) -> None:
    assert _names(_imported(path), "matplotlib") == []


@pytest.mark.parametrize("path", sorted(CHARTS.glob("*.py")), ids=lambda p: p.name)
def test_the_spec_side_never_imports_the_drawing_side(path: Path) -> None:
    assert _names(_imported(path), "reportgen.charts.draw") == []


def test_every_kind_is_drawn_by_the_name_its_spec_module_declares() -> None:
    kinds = [module.KIND for module in SPEC_MODULES]
    assert sorted(DRAWERS) == sorted(kinds)
    for module in SPEC_MODULES:
        drawing = DRAWERS[module.KIND]
        assert drawing.__module__ == f"reportgen.charts.draw.{module.__name__.rsplit('.', 1)[1]}"
        assert not hasattr(module, "draw")
        assert not hasattr(sys.modules[drawing.__module__], "KIND")  # declared once, by the spec module


def test_building_the_specs_does_not_load_matplotlib() -> None:
    # The catalog and the records charts: every spec a page gets.
    script = "import sys, reportgen.charts.catalog, reportgen.charts.records\nprint('matplotlib' in sys.modules)\n"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert result.stdout.strip() == "False"

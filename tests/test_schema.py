"""The JSON Schemas that editors use agree with `reportgen validate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from reportgen.check.validate import load_site
from reportgen.cli.commands import main
from reportgen.cli.schema import HEADER_PREFIX, SCHEMA_DIR, render_schemas, schema_name

from .conftest import CONTENT


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings (it speaks YAML 1.2 and JSON)."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema_errors(path: Path, text: str | None = None) -> list[str]:
    schema = json.loads((CONTENT / SCHEMA_DIR / schema_name(path.name)).read_text(encoding="utf-8"))
    data = yaml.load(text if text is not None else path.read_text(encoding="utf-8"), Loader=_EditorLoader)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(data)]


def test_committed_schemas_are_up_to_date() -> None:
    for name, content in render_schemas().items():
        assert (CONTENT / SCHEMA_DIR / name).read_bytes() == content, f"{name} is stale: run `reportgen schema`"


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--content", str(tmp_path), "--check"]).exit_code == 1
    assert runner.invoke(main, ["schema", "--content", str(tmp_path)]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / SCHEMA_DIR).iterdir()) == sorted(render_schemas())
    assert runner.invoke(main, ["schema", "--content", str(tmp_path), "--check"]).exit_code == 0


@pytest.mark.parametrize("path", sorted(CONTENT.rglob("*.yaml")), ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_every_content_file_names_its_schema_and_passes_it(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(HEADER_PREFIX)
    assert (path.parent / first_line.removeprefix(HEADER_PREFIX)).resolve() == (
        CONTENT / SCHEMA_DIR / schema_name(path.name)
    ).resolve()
    assert _schema_errors(path) == []


# Bad files that both the schema (in an editor) and `reportgen validate` must reject.
BAD_FILES = {
    "unknown key": ("2023/projects.yaml", "projects:\n  - id: a\n    nmae: A\n"),
    "missing field": ("2023/projects.yaml", "projects:\n  - id: a\n"),
    "bad status": ("2023/projects.yaml", "projects:\n  - id: a\n    name: A\n    status: done\n"),
    "bad id": ("2023/projects.yaml", "projects:\n  - id: Not An Id\n    name: A\n"),
    "bad date": (
        "2023/projects.yaml",
        "projects:\n  - id: a\n    name: A\n    start: 2023-13-01\n    end: 2023-12-01\n",
    ),
    "number as text": ("2023/services.yaml", "services:\n  - id: s\n    name: 17\n    status: built\n    detail: d\n"),
    "javascript link": (
        "2023/projects.yaml",
        "projects:\n  - id: a\n    name: A\n    links:\n      - title: x\n        url: javascript:alert(1)\n",
    ),
    "empty text": ("2023/infrastructure.yaml", "groups:\n  - id: g\n    title: ' '\n    items: [a]\n"),
    "text as number": (
        "2023/kpis.yaml",
        "year: 2024\nquantitative:\n  - id: k\n    metric: M\n    target: '80'\n    direction: higher\n",
    ),
    "unknown metric": (
        "2023/kpis.yaml",
        "year: 2024\nquantitative:\n  - id: k\n    metric: M\n    target: 1\n"
        "    baseline_from: speed\n    direction: higher\n",
    ),
    "bad language": ("site.yaml", "team: T\ntitle: T\nlanguage: jp\n"),
    "wrong top level": ("2023/achievements.yaml", "- id: a\n"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_schema_and_validate_both_reject(case: str, tmp_path: Path) -> None:
    relative, text = BAD_FILES[case]
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / relative).write_text(text, encoding="utf-8")
    errors = [p for p in load_site(content, tmp_path).errors if p.file == f"content/{relative}"]
    assert errors, f"validate accepted {case}"
    assert _schema_errors(content / relative, text), f"the schema accepted {case}"


def test_a_teams_own_figures_are_offered_wherever_a_metric_name_goes() -> None:
    """The SRE example declares on_call_pages and slo_attainment_min (records figures): its editor
    schemas offer them, beside the built-in ones, for the headline, a declared figure and a KPI."""
    from reportgen.check.validate import load_settings
    from reportgen.cli.schema import schemas
    from reportgen.sections.registry import site_sections

    from .conftest import REPO

    found = schemas(site_sections(load_settings(REPO / "examples" / "sre-team" / "content")))
    headline = next(b for b in found["sitesettings.schema.json"]["properties"]["headline"]["anyOf"] if "items" in b)
    declared = found["report.schema.json"]["$defs"]["DeclaredFigure"]["properties"]["metric"]
    kpi = next(
        b for b in found["kpis.schema.json"]["$defs"]["KpiTarget"]["properties"]["actual_from"]["anyOf"] if "enum" in b
    )
    for names in (headline["items"]["enum"], declared["enum"], kpi["enum"]):
        assert {"on_call_pages", "slo_attainment_min", "mttr", "project_count"} <= set(names)

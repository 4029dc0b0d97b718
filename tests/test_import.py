"""`reportgen import SECTION FILE`: an export that spans years split into the years' YAML files by
the section's first date column, merged by id with what they hold; changed records need --replace,
no record is ever dropped, nothing is written unless all of it can be, and the result validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.check.validate import load_site

from .conftest import REPO
from .helpers import invoke

EXAMPLE = REPO / "examples" / "sre-team"
SOURCE = """\
    source:
      columns:
        id: key
        title: summary
        severity: {from: priority, values: {P1: sev1, P2: sev2, P3: sev3}}
        service: service.name
        detected: createdAt
        resolved: resolvedAt
      ignore: [url]
"""


def _incident(key: str, created: str, resolved: str | None = None, **more: Any) -> dict[str, Any]:
    return {
        "key": key,
        "summary": more.pop("summary", f"Incident {key}"),
        "priority": more.pop("priority", "P3"),
        "service": {"name": "edge", "tier": 1},
        "createdAt": created,
        "resolvedAt": resolved,
        "url": f"https://incidents.example.com/{key}",
        **more,
    }


EXPORT = [
    _incident(
        "inc-2023-01",
        "2023-03-14T00:12:00Z",
        "2023-03-14T02:42:00Z",
        summary="Checkout latency spike",
        priority="P2",
        service={"name": "checkout"},
    ),
    _incident("INC-7", "2023-12-31T16:30:00Z", "2023-12-31T17:00:00Z"),  # 01:30 in Seoul: New Year's Day
    _incident("INC-8", "2024-05-01T01:00:00Z", None),
    _incident("INC-9", "2023-08-08T01:00:00Z", "2023-08-08T02:00:00Z"),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    shutil.copy(EXAMPLE / "mkdocs.yml", tmp_path / "mkdocs.yml")
    site = tmp_path / "content" / "site.yaml"
    text = site.read_text(encoding="utf-8").replace(
        "    chart: {metric: mttr, type: line}\n", "    chart: {metric: mttr, type: line}\n" + SOURCE, 1
    )
    site.write_text(text.replace("team: Platform SRE\n", "team: Platform SRE\ntimezone: Asia/Seoul\n"))
    # The KPIs were set on the hand-written incidents; the imported ones would break their review.
    (tmp_path / "content" / "2024" / "kpi_review.yaml").unlink()
    (tmp_path / "content" / "2023" / "kpis.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(project: Path, records: list[dict[str, Any]], name: str = "export.json") -> Path:
    path = project / name
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    return path


def _ids(project: Path, year: int) -> list[str]:
    site = load_site(project / "content", project).site
    assert site is not None
    report = next(r for r in site.reports if r.year == year)
    return [row["id"] for row in report.sections["incidents"]]


def _files(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "content").rglob("*.yaml"))}


def test_an_export_is_split_by_year_and_merged_with_what_each_year_holds(project: Path) -> None:
    result = invoke("import", "incidents", str(_write(project, EXPORT)))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "2023: 2 record(s) from the export (1 new, 0 changed, 1 unchanged, 2 kept) -> content/2023/incidents.yaml",
        "2024: 2 record(s) from the export (2 new, 0 changed, 0 unchanged, 2 kept) -> content/2024/incidents.yaml",
    ]
    assert lines[-1] == "0 error(s), 0 warning(s)"  # validated after writing
    # The year's own records are kept; the export's are added after them, in its order.
    assert _ids(project, 2023) == ["inc-2023-01", "inc-2023-02", "inc-2023-03", "INC-9"]
    assert _ids(project, 2024) == ["inc-2024-01", "inc-2024-02", "INC-7", "INC-8"]
    written = (project / "content" / "2024" / "incidents.yaml").read_text(encoding="utf-8")
    assert written.splitlines()[:3] == [
        "# yaml-language-server: $schema=../.schemas/incidents.schema.json",
        "records:",
        "  - id: inc-2024-01",
    ]
    assert "  - id: INC-7\n    title: Incident INC-7\n    severity: sev3\n    service: edge\n" in written
    assert "    detected: 2024-01-01 01:30:00\n" in written  # in the team's time zone
    assert "incidents.example.com" not in written  # an ignored field is not imported


def test_importing_the_same_export_again_writes_nothing(project: Path) -> None:
    export = str(_write(project, EXPORT))
    assert invoke("import", "incidents", export).exit_code == 0
    before = _files(project)
    again = invoke("import", "incidents", export)
    assert again.exit_code == 0
    assert "nothing to write: the year files hold the export's records already" in again.stderr
    assert _files(project) == before


def test_a_changed_record_is_listed_and_needs_replace(project: Path) -> None:
    assert invoke("import", "incidents", str(_write(project, EXPORT))).exit_code == 0
    before = _files(project)
    changed = [dict(record) for record in EXPORT]
    changed[2] = _incident("INC-8", "2024-05-01T01:00:00Z", "2024-05-01T03:00:00Z")  # resolved since
    changed.append(_incident("INC-10", "2024-06-01T01:00:00Z"))
    result = invoke("import", "incidents", str(_write(project, changed)))
    assert result.exit_code == 1
    assert "  2024 INC-8: resolved: (none) -> 2024-05-01 12:00" in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "nothing written"
    assert _files(project) == before  # not even the new INC-10
    replaced = invoke("import", "incidents", str(_write(project, changed)), "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert "2024: 3 record(s) from the export (1 new, 1 replaced, 1 unchanged, 2 kept)" in replaced.stderr
    assert _ids(project, 2024) == ["inc-2024-01", "inc-2024-02", "INC-7", "INC-8", "INC-10"]


def test_a_record_the_export_lacks_is_never_dropped(project: Path) -> None:
    assert invoke("import", "incidents", str(_write(project, EXPORT))).exit_code == 0
    result = invoke("import", "incidents", str(_write(project, EXPORT[2:3])), "--replace")
    assert result.exit_code == 0
    assert _ids(project, 2023) == ["inc-2023-01", "inc-2023-02", "inc-2023-03", "INC-9"]
    assert _ids(project, 2024) == ["inc-2024-01", "inc-2024-02", "INC-7", "INC-8"]


def test_ids_match_without_regard_to_case(project: Path) -> None:
    export = [
        _incident(
            "INC-2023-01",
            "2023-03-14T00:12:00Z",
            "2023-03-14T02:42:00Z",
            summary="Checkout latency spike",
            priority="P2",
            service={"name": "checkout"},
        )
    ]
    result = invoke("import", "incidents", str(_write(project, export)))
    assert result.exit_code == 1
    assert "  2023 INC-2023-01: id: 'inc-2023-01' -> 'INC-2023-01'" in result.stderr.splitlines()


def test_records_without_ids_merge_by_all_their_values(project: Path) -> None:
    export = [{k: v for k, v in record.items() if k != "key"} for record in EXPORT]
    first = invoke("import", "incidents", str(_write(project, export)))
    assert first.exit_code == 0, first.stderr
    # The first is the year's inc-2023-01 in all but its id: the same record, kept under its id.
    assert "2023: 2 record(s) from the export (1 new, 0 changed, 1 unchanged, 2 kept)" in first.stderr
    again = invoke("import", "incidents", str(_write(project, export)))
    assert again.exit_code == 0 and "nothing to write" in again.stderr
    assert _ids(project, 2023) == ["inc-2023-01", "inc-2023-02", "inc-2023-03", None]


def test_a_year_without_a_folder_stops_the_import(project: Path) -> None:
    before = _files(project)
    result = invoke("import", "incidents", str(_write(project, [*EXPORT, _incident("INC-11", "2026-01-05T00:00:00Z")])))
    assert result.exit_code == 1
    assert "the export has records of 2026, which content/ has no folder for" in result.stderr
    assert "reportgen new-year YEAR" in result.stderr
    assert _files(project) == before


def test_a_year_that_holds_an_export_already_stops_the_import(project: Path) -> None:
    (project / "content" / "2024" / "incidents.yaml").unlink()
    (project / "content" / "2024" / "incidents.json").write_text("[]", encoding="utf-8")
    before = _files(project)
    result = invoke("import", "incidents", str(_write(project, EXPORT)))
    assert result.exit_code == 1
    assert "content/2024/incidents.json holds 2024's incidents already" in result.stderr
    assert _files(project) == before


def test_a_broken_export_is_reported_at_its_own_positions_and_nothing_is_written(project: Path) -> None:
    broken = [dict(record) for record in EXPORT]
    broken[1]["priority"] = "P9"
    broken[3]["sumary"] = "typo"
    broken[2]["createdAt"] = None
    before = _files(project)
    result = invoke("import", "incidents", str(_write(project, broken)))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:3]] == ["export.json:16:17", "export.json:25:3", "export.json:48:5"]
    assert "unknown key 'sumary' (did you mean 'summary'?)" in lines[2]
    assert lines[-1] == "nothing written"
    assert _files(project) == before


def test_an_id_twice_in_the_export_is_refused(project: Path) -> None:
    result = invoke("import", "incidents", str(_write(project, [EXPORT[1], {**EXPORT[3], "key": "inc-7"}])))
    assert result.exit_code == 1
    assert "export.json:15:12: duplicate id 'inc-7' (already used at export.json:3:12;" in result.stderr


def test_an_unknown_section_says_the_closest(project: Path) -> None:
    result = invoke("import", "incidnets", str(_write(project, EXPORT)))
    assert result.exit_code == 1
    assert "'incidnets' is not a records section of this site (did you mean 'incidents'?)" in result.stderr


def test_a_csv_export_and_text_that_yaml_would_misread(project: Path) -> None:
    """Values that YAML 1.1 would read as something else (no, 017, 1:30) and a tab are written so
    that they read back as the very text imported."""
    export = project / "export.csv"
    export.write_text(
        "key,summary,priority,createdAt,resolvedAt\n"
        "INC-20,no,P3,2024-03-01T00:00:00Z,2024-03-01T01:00:00Z\n"
        "INC-21,017,P3,2024-03-02T00:00:00Z,\n"
        'INC-22,"1:30\tpm #1",P3,2024-03-03T00:00:00Z,\n',
        encoding="utf-8",
    )
    result = invoke("import", "incidents", str(export))
    assert result.exit_code == 0, result.stderr
    site = load_site(project / "content", project).site
    assert site is not None
    titles = [row["title"] for row in site.reports[1].sections["incidents"]][2:]
    assert titles == ["no", "017", "1:30\tpm #1"]

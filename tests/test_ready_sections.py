"""Ready-made records sections (incidents, change requests, test runs) and KPIs whose actual is
derived from them (`actual_from`): the operational facts behind MTTR, lead time and a test metric."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages

from .helpers import only

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ready-made"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE, copy)
    return copy


def built(content: Path) -> dict[str, str]:
    validated = load_site(content, content.parent)
    assert validated.problems == []
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    return {f.path: f.content.decode() if isinstance(f.content, bytes) else f.content for f in tree.files}


def test_a_bare_key_gives_the_ready_made_sections_and_their_figures(content: Path) -> None:
    pages = built(content)
    figures = json.loads(pages["2023/data.json"])["metrics"]
    # MTTR: (2 h + 4 h) / 2; lead time: (2 days + 4 days) / 2; test runs: 5 + 7.
    assert (figures["incident_count"], figures["mttr"], figures["lead_time"], figures["test_run_total"]) == (
        2,
        3.0,
        3.0,
        12,
    )
    pages_of_2023 = sorted(path for path in pages if path.startswith("2023/") and path.endswith(".md"))
    assert pages_of_2023 == [
        "2023/change_requests.md",
        "2023/incidents.md",
        "2023/index.md",
        "2023/kpis.md",
        "2023/print.md",
        "2023/projects.md",
        "2023/test_runs.md",
    ]
    incidents = pages["2023/incidents.md"].splitlines()
    assert incidents[0] == "# 장애"  # the ready-made title, in the site's language


def test_the_review_takes_each_actual_from_its_metric_with_a_verdict(content: Path) -> None:
    pages = built(content)
    rows = [line for line in pages["2024/kpi-review.md"].splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == [
        # Each verdict links to its comparison in the block under the table.
        # Each baseline links to its working on 2023's KPI page.
        "| MTTR | [3시간](../2023/kpis.md#kpis--baseline-mttr) | 2시간 | 1.5시간 | ✓ 달성 · "
        "[계산 방법](#kpi_review--working-mttr) | Runbooks for the top alerts |",
        # a typed baseline, actual_from lead_time
        "| Lead time | [5일](../2023/kpis.md#kpis--baseline-lead-time) | 3일 | 2일 | ✓ 달성 · "
        "[계산 방법](#kpi_review--working-lead-time) | Smaller changes |",
        "| Test runs | [12](../2023/kpis.md#kpis--baseline-tests) | 20 | 15 | ✗ 미달 · "
        "[계산 방법](#kpi_review--working-tests) | Fewer runs than planned |",
    ]
    review = json.loads(pages["2024/data.json"])["kpi_review"]
    assert [(r["kpi"], r["actual"], r["verdict"]) for r in review] == [
        ("mttr", 1.5, "met"),
        ("lead-time", 2.0, "met"),
        ("tests", 15, "missed"),
    ]


def test_a_typed_actual_for_a_derived_kpi_is_an_error(content: Path) -> None:
    review = content / "2024" / "kpi_review.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("{kpi: lead-time,", "{kpi: lead-time, actual: 1,"), encoding="utf-8"
    )
    problem = only(load_site(content, content.parent).errors)
    assert (problem.file, problem.line) == ("content/2024/kpi_review.yaml", 3)
    assert problem.message == "the actual of 'lead-time' is derived from this year's facts (lead_time)"


def test_an_unknown_actual_from_names_the_closest_figure(content: Path) -> None:
    kpis = content / "2023" / "kpis.yaml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("actual_from: lead_time", "actual_from: lead_tme"))
    problem = only(load_site(content, content.parent).errors)
    assert (problem.file, problem.line) == ("content/2023/kpis.yaml", 4)
    assert problem.message == "'lead_tme' is not a figure of the year a KPI can take next year's actual from"
    assert problem.hint == "did you mean 'lead_time'?"


def test_a_ready_made_section_takes_no_columns(content: Path) -> None:
    site = content / "site.yaml"
    site.write_text(
        "team: Platform\nsections:\n  - projects\n  - key: incidents\n    columns: [{key: x, type: text}]\n"
        "  - change_requests\n  - test_runs\n  - kpis\n  - kpi_review\n",
        encoding="utf-8",
    )
    problem = only(load_site(content, content.parent).errors)
    assert (problem.file, problem.line, problem.message) == ("content/site.yaml", 4, "'incidents' is ready-made")


def test_the_overview_shows_last_years_target_and_its_verdict_beside_the_figure() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "sre-team" / "content"
    validated = load_site(example, example.parent)
    assert validated.site is not None
    tree, _ = build_pages(validated.site)
    overview = next(f.content for f in tree.files if f.path == "2024/index.md").decode().splitlines()
    # 2023 set MTTR 3 h → 2 h; 2024's incidents give 1 h: met, said in words beside the card.
    last = "[3 h](../2023/index.md#working--mttr)"  # last year's figure links to its note
    assert f"    MTTR · 2023: {last} · [2024 target: 2 h (✓ Met)](kpi-review.md)" in overview


def test_a_ready_made_section_reads_the_teams_export(content: Path) -> None:
    (content / "site.yaml").write_text(
        "team: Platform\n"
        "timezone: UTC\n"
        "sections:\n"
        "  - projects\n"
        "  - key: incidents\n"
        "    source:\n"
        "      columns:\n"
        "        id: Number\n"
        "        title: Summary\n"
        "        severity: {from: Level, values: {SEV-1: sev1, SEV-2: sev2}}\n"
        "        detected: Opened\n"
        "        resolved: Closed\n"
        "  - change_requests\n  - test_runs\n  - kpis\n  - kpi_review\n",
        encoding="utf-8",
    )
    (content / "2023" / "incidents.yaml").unlink()
    (content / "2023" / "incidents.csv").write_text(
        "Number,Summary,Level,Opened,Closed\n"
        "INC-1,Checkout latency,SEV-2,2023-03-14T09:00:00Z,2023-03-14T11:00:00Z\n"
        "INC-2,Database stalled,SEV-1,2023-07-02T22:00:00Z,2023-07-03T02:00:00Z\n",
        encoding="utf-8",
    )
    pages = built(content)
    assert json.loads(pages["2023/data.json"])["metrics"]["mttr"] == 3.0
    anchor = '<span class="reportgen-row" id="incidents-inc-2"></span>'
    assert f"| {anchor}2 | INC-2 | Database stalled | sev1 |" in pages["2023/incidents.md"]


def test_a_source_on_a_section_that_has_no_records_is_misplaced(content: Path) -> None:
    text = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(
        text.replace("sections: [projects,", "sections: [{key: projects, source: {ignore: [x]}},"), encoding="utf-8"
    )
    problem = only(load_site(content, content.parent).errors)
    assert (problem.line, problem.col, problem.code) == (2, 12, "misplaced-option")

"""`reportgen diff` sees every fact: settings, figures that rounding hides, and list entries matched
by what names them (an id, a natural key, their text), labelled in the site's language."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli.commands import main
from reportgen.model.markdown_text import escape_markdown
from tests.diff_repos import ROOT, SRE_TEAM, committed, edit, git

SAMPLE = ROOT / "content"

SLO_ROWS = (
    "  - {service: checkout, objective: 99.9, attained: 99.86, on_call_pages: 41}\n"
    "  - {service: search, objective: 99.5, attained: 99.71, on_call_pages: 17}\n"
)


def _diff(tmp_path: Path, edits: list[tuple[str, str, str]], *options: str, team: Path = SRE_TEAM) -> list[str]:
    """The output lines of `reportgen diff` between a copy of `team` and a copy with `edits`
    (file under content/, text, replacement). The whole site is copied: its mkdocs.yml sets the language."""
    base, head = tmp_path / "base", tmp_path / "head"
    for side in (base, head):
        if team == SAMPLE:
            shutil.copytree(team, side / "content")
            shutil.copy(ROOT / "mkdocs.yml", side / "mkdocs.yml")
        else:
            shutil.copytree(team, side)
    edit(head, edits)
    result = CliRunner().invoke(
        main, ["diff", "--base-dir", str(base / "content"), "--head-dir", str(head / "content"), *options]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    english = team != SAMPLE
    said = [
        f"Base: folder {base / 'content'}" if english else f"기준: 폴더 {base / 'content'}",
        f"Head: folder {head / 'content'}" if english else f"비교 대상: 폴더 {head / 'content'}",
        "",
    ]
    assert lines[:3] in (said, [f"- {escape_markdown(line)}" if line else "" for line in said])  # text, markdown
    return lines[3:]


# ---- 6a: a change in site.yaml is listed, and each side's figures come from its own declarations


# MTTR in minutes, and the KPI that measures it in the same unit (a KPI unit that contradicts its metric
# is refused by validation).
IN_MINUTES = [("site.yaml", "unit: hours", "unit: minutes"), ("2023/kpis.yaml", 'unit: " h"', "unit: minutes")]


def test_a_metric_unit_changed_in_site_yaml_recomputes_both_sides_and_is_listed(tmp_path: Path) -> None:
    lines = _diff(tmp_path, IN_MINUTES)
    assert lines == [
        "Verdicts that changed:",
        "  2024 · Mean time to restore (set in 2023): ✓ Met → ✗ Missed (target 2 min; actual 1 h → 60 min)",
        "",
        "Figures that changed:",
        "  2023  MTTR: 3 h → 180 min  [2023/incidents/]",
        "  2023  2024 · Mean time to restore (set in 2023): Baseline: 3 h → 180 min  [2023/kpis/]"
        "  (derived from MTTR, which changed)  (a baseline already in use: 2024 is judged against it)",
        "  2023  2024 · Mean time to restore (set in 2023): Target: 2 h → 2 min  [2023/kpis/]",
        "  2024  MTTR: 1 h → 60 min  [2024/incidents/]",
        "  2024  2024 · Mean time to restore (set in 2023): 2024 actual: 1 h → 60 min  [2024/kpi-review/]",
        "  2024  2024 · Mean time to restore (set in 2023): Verdict: ✓ Met → ✗ Missed  [2024/kpi-review/]",
        "",
        "Settings changed:",
        "  site.yaml  sections › incidents › metrics › mttr › unit: hours → minutes",
        "",
        "Facts changed:",
        "  2023  2024 KPI targets › Quantitative goals › Mean time to restore › Unit: h → minutes",
    ]


def test_a_share_counting_another_choice_is_listed_with_its_figure(tmp_path: Path) -> None:
    lines = _diff(
        tmp_path, [("site.yaml", "where: {column: severity, equals: sev1}", "where: {column: severity, equals: sev2}")]
    )
    assert lines == [
        "Figures that changed:",
        "  2024  Share of SEV1: 0% → 50%  [2024/incidents/]",
        "",
        "Settings changed:",
        "  site.yaml  sections › incidents › metrics › sev1_share › where › equals: sev1 → sev2",
    ]


def test_a_column_added_to_a_declaration_is_listed_as_an_added_setting(tmp_path: Path) -> None:
    lines = _diff(
        tmp_path,
        [
            (
                "site.yaml",
                "      - {key: on_call_pages, type: integer",
                "      - {key: owner, type: text}\n      - {key: on_call_pages, type: integer",
            )
        ],
    )
    assert lines == ["Settings changed:", "  site.yaml  sections › slos › columns › owner: type: text"]


def test_settings_changes_in_markdown_for_the_job_summary(tmp_path: Path) -> None:
    lines = _diff(tmp_path, [("site.yaml", "equals: sev1", "equals: sev2")], "--format", "markdown")
    assert lines == [
        "## Figures that changed",
        "",
        "| Year | Figure | Before | After | Page |",
        "|---|---|--:|--:|---|",
        "| 2024 | Share of SEV1 | 0% | 50% | `2024/incidents/` |",
        "",
        "## Settings changed",
        "",
        "- site.yaml: sections › incidents › metrics › sev1\\_share › where › equals: sev1 → sev2",
        "",
        "No fact changed.",
    ]


# ---- 6b: figures are compared by value; where rounding hides a change, more places show it


def test_a_mean_that_rounds_the_same_is_listed_with_the_places_that_tell_it(tmp_path: Path) -> None:
    # One incident three minutes longer: MTTR 3 h -> 3.0167 h, which reads "3 h" at one place.
    lines = _diff(tmp_path, [("2023/incidents.yaml", "resolved: 2023-03-14 11:42:00", "resolved: 2023-03-14 11:45:00")])
    assert lines == [
        "Figures that changed:",
        "  2023  MTTR: 3 h → 3.02 h  [2023/incidents/]",
        "  2023  2024 · Mean time to restore (set in 2023): Baseline: 3 h → 3.02 h  [2023/kpis/]"
        "  (derived from MTTR, moved by: Incidents › Checkout latency spike › Resolved)"
        "  (a baseline already in use: 2024 is judged against it)",
        "",
        "Facts changed:",
        "  2023  Incidents › Checkout latency spike › Resolved: 2023-03-14 11:42 → 2023-03-14 11:45",
    ]


def test_a_lowest_attainment_that_rounds_the_same_is_listed_exactly(tmp_path: Path) -> None:
    lines = _diff(tmp_path, [("2023/slos.yaml", "attained: 99.71", "attained: 99.74")])
    assert lines == [
        "Figures that changed:",
        "  2023  Lowest SLO attainment: 99.71% → 99.74%  [2023/slos/]",
        "",
        "Facts changed:",
        "  2023  Service level objectives › search › Attained: 99.71 → 99.74",
    ]


# ---- 14: entries matched by id, natural key or text; a reorder is one line; fields by their titles


def test_a_row_inserted_at_the_top_and_an_edit_read_as_one_addition_and_one_change(tmp_path: Path) -> None:
    inserted = "  - {service: auth, objective: 99.95, attained: 99.97, on_call_pages: 3}\n" + SLO_ROWS.replace(
        "on_call_pages: 41", "on_call_pages: 40"
    )
    lines = _diff(tmp_path, [("2023/slos.yaml", SLO_ROWS, inserted)])
    assert lines == [
        "Figures that changed:",
        # The figure also says what it counted: one SLO more, auth.
        "  2023  On-call pages: 58 → 60  [2023/slos/]  (counted in Service level objectives: 2 → 3 · +auth)",
        "",
        "Facts added:",
        "  2023  Service level objectives › auth: Objective: 99.95; Attained: 99.97; On-call pages: 3",
        "",
        "Facts changed:",
        "  2023  Service level objectives › checkout › On-call pages: 41 → 40",
    ]


def test_a_renamed_row_reads_as_one_change_of_its_name(tmp_path: Path) -> None:
    lines = _diff(tmp_path, [("2023/slos.yaml", "service: checkout", "service: checkout-api")])
    assert lines == [
        "Facts changed:",
        "  2023  Service level objectives › checkout-api › Service: checkout → checkout-api",
    ]


def test_swapped_rows_read_as_one_order_line(tmp_path: Path) -> None:
    rows = SLO_ROWS.splitlines(keepends=True)
    lines = _diff(tmp_path, [("2023/slos.yaml", SLO_ROWS, rows[1] + rows[0])])
    assert lines == ["Facts changed:", "  2023  Service level objectives: order changed (same entries)"]


def test_swapped_entries_with_ids_read_as_one_order_line(tmp_path: Path) -> None:
    text = (SRE_TEAM / "content" / "2024" / "incidents.yaml").read_text(encoding="utf-8")
    body = text[text.index("  - id: inc-2024-01\n") :]
    first, second = body[: body.index("  - id: inc-2024-02\n")], body[body.index("  - id: inc-2024-02\n") :]
    lines = _diff(tmp_path, [("2024/incidents.yaml", body, second + first)])
    assert lines == ["Facts changed:", "  2024  Incidents: order changed (same entries)"]


def test_an_id_renamed_reads_as_one_change_of_the_id(tmp_path: Path) -> None:
    lines = _diff(tmp_path, [("2024/incidents.yaml", "id: inc-2024-01", "id: inc-2024-09")])
    assert lines == [
        "Facts changed:",
        "  2024  Incidents › Queue backlog after a deploy › ID: inc-2024-01 → inc-2024-09",
    ]


def test_swapped_group_items_read_as_one_order_line(tmp_path: Path) -> None:
    items = (
        "      - Moved batch jobs to spot instances\n"
        "      - text: Right-sized the alerting cluster\n        project: alerting-revamp\n"
    )
    swapped = "      - text: Right-sized the alerting cluster\n        project: alerting-revamp\n" + (
        "      - Moved batch jobs to spot instances\n"
    )
    lines = _diff(tmp_path, [("2023/cost_savings.yaml", items, swapped)])
    assert lines == ["Facts changed:", "  2023  Cost savings › Compute: order changed (same entries)"]


def test_an_item_inserted_first_in_a_list_reads_as_one_addition(tmp_path: Path) -> None:
    lines = _diff(
        tmp_path,
        [("2023/infrastructure.yaml", "      - NAS 서버 구축\n", "      - 백업 서버 구축\n      - NAS 서버 구축\n")],
        team=SAMPLE,
    )
    assert lines == [
        "추가된 사실:",
        "  2023  인프라 & DevOps › Server & Infrastructure Management › #1: 백업 서버 구축",
    ]


def test_items_moved_and_one_edited_read_as_one_change_and_an_order_line(tmp_path: Path) -> None:
    results = (
        "      - 부하 분산 및 비동기 처리 구조 전환 성공\n"
        "      - 프로젝트 성공적 완료\n"
        "      - 클라이언트 요구사항 충족\n"
    )
    edited = (
        "      - 프로젝트 성공적 완료\n"
        "      - 부하 분산 및 비동기 처리 구조 전환 성공\n"
        "      - 클라이언트 요구사항 초과 달성\n"
    )
    lines = _diff(tmp_path, [("2023/achievements.yaml", results, edited)], team=SAMPLE)
    assert lines == [
        "바뀐 사실:",
        "  2023  기술 성과 › System Optimization › 결과 › #3: 클라이언트 요구사항 충족 → 클라이언트 요구사항 초과 달성",
        "  2023  기술 성과 › System Optimization › 결과: 순서만 바뀜 (항목은 같음)",
    ]


def test_fields_of_a_stated_figure_read_in_the_sites_language(tmp_path: Path) -> None:
    lines = _diff(
        tmp_path,
        [("2023/report.yaml", 'source: "Total Projects: 8개 프로젝트 수행"', 'source: "Projects: 8개 프로젝트 수행"')],
        team=SAMPLE,
    )
    assert lines == [
        "바뀐 사실:",
        "  2023  보고서 › 원문 수치와의 차이 › #1 › 출처: "
        "Total Projects: 8개 프로젝트 수행 → Projects: 8개 프로젝트 수행",
    ]


def test_a_revision_against_the_working_tree_lists_only_what_changed(tmp_path: Path) -> None:
    # The revision's content folder comes without mkdocs.yml (the site's language and title): that
    # difference is not a change, and both sides read in the working tree's language.
    repo = committed(shutil.copytree(SRE_TEAM, tmp_path / "repo"), "sre team")
    site = repo / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("equals: sev1", "equals: sev2"), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", "main", "--content", str(repo / "content")])
    assert result.exit_code == 0, result.output
    commit = git(repo, "rev-parse", "main")
    assert result.stdout.splitlines() == [
        f"Base: git revision main ({commit[:7]})",
        f"Head: folder {repo / 'content'}",
        "",
        "Figures that changed:",
        "  2024  Share of SEV1: 0% → 50%  [2024/incidents/]",
        "",
        "Settings changed:",
        "  site.yaml  sections › incidents › metrics › sev1_share › where › equals: sev1 → sev2",
    ]


def test_a_file_removed_lists_its_entries_one_by_one(tmp_path: Path) -> None:
    _diff(tmp_path, [])
    (tmp_path / "head" / "content" / "2024" / "kpi_review.yaml").unlink()
    base, head = tmp_path / "base" / "content", tmp_path / "head" / "content"
    result = CliRunner().invoke(main, ["diff", "--base-dir", str(base), "--head-dir", str(head)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Base: folder {base}",
        f"Head: folder {head}",
        "",
        # The verdicts stand: both KPIs are derived from the facts, and a KPI without a review entry
        # is judged on its figure, as the site and data.json judge it (last year's KPI page shows them).
        "Facts removed:",
        "  2024  2024 KPI results › Mean time to restore: Notes: Runbooks for the top ten alerts",
        "  2024  2024 KPI results › Incidents: Notes: No SEV1 this year",
    ]


def test_a_line_break_in_a_fact_stays_on_its_line(tmp_path: Path) -> None:
    lines = _diff(
        tmp_path,
        [("2024/incidents.yaml", "title: DNS resolver timeouts", 'title: "DNS resolver\\ntimeouts"')],
    )
    assert lines == [
        "Facts changed:",
        "  2024  Incidents › DNS resolver ↵ timeouts › Incident: DNS resolver timeouts → DNS resolver ↵ timeouts",
    ]


NEW_INCIDENT = (
    "  - id: inc-2024-03\n    title: Cache stampede\n    severity: sev1\n    service: orders\n"
    "    detected: 2024-11-05 10:00:00\n    resolved: 2024-11-05 13:00:00\n"
)
LAST_INCIDENT = "    resolved: 2024-09-03 07:15:00\n"


def test_a_figures_row_says_what_it_counted_more(tmp_path: Path) -> None:
    """One incident more: each figure over the incidents that moved says it counted 2 → 3, naming it."""
    lines = _diff(
        tmp_path, [("2024/incidents.yaml", LAST_INCIDENT, LAST_INCIDENT + NEW_INCIDENT)], "--format", "markdown"
    )
    rows = [line for line in lines if line.startswith("| 2024 |")]
    counted = "(counted in Incidents: 2 → 3 · +inc-2024-03)"
    assert rows[:3] == [
        # The count of them already says how many: only which.
        "| 2024 | Incidents (counted: +inc-2024-03) | 2 | 3 | `2024/incidents/` |",
        f"| 2024 | MTTR {counted} | 1 h | 1.7 h | `2024/incidents/` |",
        f"| 2024 | Share of SEV1 {counted} | 0% | 33.3% | `2024/incidents/` |",
    ]


def test_a_figure_that_counts_the_same_entries_says_nothing_of_them(tmp_path: Path) -> None:
    # An incident resolved later: MTTR moves, over the same two incidents.
    edit = ("2024/incidents.yaml", LAST_INCIDENT, "    resolved: 2024-09-03 08:15:00\n")
    lines = _diff(tmp_path, [edit])
    assert lines[:2] == ["Figures that changed:", "  2024  MTTR: 1 h → 1.5 h  [2024/incidents/]"]

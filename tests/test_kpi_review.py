"""A year's KPI review: last year's targets, this year's actuals, and a verdict for each."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "two-years"
TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE, copy)
    return copy


def built(content: Path) -> dict[str, str]:
    validated = load_site(content, content.parent)
    assert validated.site is not None, [p.for_people() for p in validated.problems]
    tree, _ = build_pages(validated.site, TEMPLATES)
    return {f.path: f.content.decode() if isinstance(f.content, bytes) else f.content for f in tree.files}


def review_rows(markdown: str) -> dict[str, list[str]]:
    """The review table's body rows, by their first cell (the metric)."""
    rows = [line.strip("|").split("|") for line in markdown.splitlines() if line.startswith("| ")]
    cells = [[cell.strip() for cell in row] for row in rows[1:]]  # rows[0] is the header
    return {row[0]: row[1:] for row in cells}


def working(kpi: str) -> str:
    """A verdict cell's link to how the verdict was reached, in the block under the table."""
    return f" · [계산 방법](#kpi_review--working-{kpi})"


def test_each_reviewed_kpi_has_its_verdict_in_its_row(content: Path) -> None:
    rows = review_rows(built(content)["2023/kpi-review.md"])
    # baseline, target, actual, verdict (with the link to how it was reached), result
    # The baseline links to its working on the KPI page of the year that set it.
    on_time = "[66.7%](../2022/kpis.md#kpis--baseline-on-time)"
    assert rows["일정 준수율"][:4] == [on_time, "80%", "66.7%", "✗ 미달" + working("on-time")]
    assert rows["MTTR"][:4] == [
        "[48시간](../2022/kpis.md#kpis--baseline-mttr)",
        "24시간",
        "30시간",
        "✗ 미달" + working("mttr"),
    ]


def test_a_lower_is_better_kpi_at_or_under_its_target_is_met(content: Path) -> None:
    review = content / "2023" / "kpi_review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("actual: 30", "actual: 24"), encoding="utf-8")
    assert review_rows(built(content)["2023/kpi-review.md"])["MTTR"][2:4] == ["24시간", "✓ 달성" + working("mttr")]


def test_data_json_carries_each_verdict(content: Path) -> None:
    data = json.loads(built(content)["2023/data.json"])
    # Every target of last year, in its order: `average` has no review entry, but its actual is derived.
    assert [(r["kpi"], r["actual"], r["target"], r["verdict"], r["result"]) for r in data["kpi_review"]] == [
        ("on-time", pytest.approx(200 / 3), 80, "missed", "일정 준수율은 그대로였습니다"),
        ("average", 12.0, 12, "met", None),
        ("mttr", 30, 24, "missed", "장애 대응 runbook 도입"),
    ]


def test_a_target_left_out_of_the_review_still_has_its_row_and_verdict(content: Path) -> None:
    review = content / "2023" / "kpi_review.yaml"
    entry = "  - kpi: mttr\n    actual: 30\n    result: 장애 대응 runbook 도입\n"
    review.write_text(review.read_text(encoding="utf-8").replace(entry, ""), encoding="utf-8")
    rows = review_rows(built(content)["2023/kpi-review.md"])
    assert list(rows) == ["일정 준수율", "평균 기간", "MTTR"]
    assert rows["평균 기간"][2:] == ["12주", "✓ 달성" + working("average"), "—"]
    assert rows["MTTR"][2:] == ["—", "실적 없음" + working("mttr"), "—"]


def test_targets_show_how_they_turned_out_or_why_not_yet(content: Path) -> None:
    targets = review_rows(built(content)["2022/kpis.md"])
    # metric: baseline, target, direction, verdict (from 2023's facts and review)
    assert targets["일정 준수율"][3:] == ["✗ 미달 (66.7%)"]
    assert targets["평균 기간"][3:] == ["✓ 달성 (12주)"]
    assert targets["MTTR"][3:] == ["✗ 미달 (30시간)"]
    # Before 2023 is written, each numeric target says when it will be judged.
    shutil.rmtree(content / "2023")
    page = built(content)["2022/kpis.md"]
    # The reason all three share is said once, above a table without a verdict column.
    assert "\n모든 목표의 판정: 2023년 보고서에서 판정 (아직 없음).\n" in page
    pending = review_rows(page)
    assert [len(row) for row in pending.values()] == [3, 3, 3]
    assert "(아직 없음)" not in "".join(line for line in page.splitlines() if line.startswith("| "))


def test_a_year_with_no_review_exports_an_empty_list(content: Path) -> None:
    assert json.loads(built(content)["2022/data.json"])["kpi_review"] == []


def test_a_year_without_any_review_of_last_years_targets_is_warned(content: Path) -> None:
    (content / "2023" / "kpi_review.yaml").unlink()
    validated = load_site(content, content.parent)
    assert validated.errors == []
    assert [(p.file, p.line, p.col, p.message, p.hint) for p in validated.problems] == [
        (
            "content/2023/report.yaml",
            1,
            7,
            "content/2022/kpis.yaml sets 3 numeric KPI target(s) for 2023, but content/2023/kpi_review.yaml is missing",
            "add kpi_review.yaml with one '- kpi: <id>' entry per target, as `reportgen new-year` writes it",
        )
    ]


def _block(markdown: str) -> dict[str, list[str]]:
    """The KPI page's "How these were computed" block: each item's lines by its anchor."""
    found = {}
    for line in markdown.splitlines():
        item = re.match(r'- <span class="reportgen-row" id="(kpis--baseline-[^"]+)"></span>(.*)$', line)
        if item:
            found[item.group(1)] = item.group(2).split("<br>")
    return found


def test_each_baseline_links_to_where_it_comes_from(content: Path) -> None:
    """A derived baseline names the figure and year it is taken from, with that figure's working; a
    typed one the line of kpis.yaml it is written on. Once judged, each adds its comparison."""
    page = built(content)["2022/kpis.md"]
    rows = review_rows(page)
    assert rows["일정 준수율"][0] == "[66.7%](#kpis--baseline-on-time)"
    assert rows["MTTR"][0] == "[48시간](#kpis--baseline-mttr)"
    block = _block(page)
    assert list(block) == ["kpis--baseline-on-time", "kpis--baseline-average", "kpis--baseline-mttr"]
    on_time = block["kpis--baseline-on-time"]
    assert on_time[0] == "**일정 준수율**: 기준값 66.7%: 2022년 일정 준수율 수치"
    assert on_time[1] == "규칙: 준수 ÷ (준수 + 지연) × 100, 납기 결과가 기록된 프로젝트 대상"
    assert on_time[2].startswith("집계: 전체 4건 중 3건: ")  # gateway and search on time, billing late; mobile unknown
    assert on_time[-1] == "2023년: 실적 66.7%, 목표 ≥ 80% (높을수록 좋음) → ✗ 미달"
    mttr = block["kpis--baseline-mttr"]
    assert mttr[:2] == ["**MTTR**: 기준값 48시간, 파일에 적힌 값", "원본: content/2022/kpis.yaml: 15행"]
    assert (content / "2022" / "kpis.yaml").read_text(encoding="utf-8").splitlines()[14] == "  - id: mttr"
    assert mttr[-1] == "2023년: 실적 30시간, 목표 ≤ 24시간 (낮을수록 좋음) → ✗ 미달"

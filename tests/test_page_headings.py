"""Issue 22 part 9: a heading only stands over something, and the KPI page says a shared reason once.

Each case builds the sample with one file changed and reads the generated Markdown page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from reportgen.check.validate import load_site
from reportgen.emit.site_tree import build_pages

from .conftest import CONTENT


def _pages(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> dict[str, str]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for name, (pattern, replacement) in edits.items():
        path = content / name
        text = path.read_text(encoding="utf-8")
        changed = re.sub(pattern, replacement, text, flags=re.MULTILINE | re.DOTALL)
        assert changed != text, name
        path.write_text(changed, encoding="utf-8")
    validated = load_site(content, tmp_path)
    assert validated.site is not None, validated.problems
    tree, _ = build_pages(validated.site)
    return {f.path: f.content.decode() for f in tree.files}


def _headings(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("## ")]


def test_no_quality_goals_no_quality_heading(tmp_path: Path) -> None:
    pages = _pages(tmp_path, {"2023/kpis.yaml": (r"^quality:\n(  - .*\n)+", "")})
    assert _headings(pages["2023/kpis.md"]) == ["## 정량 목표"]
    assert "품질 목표" not in pages["2023/print.md"]


def test_services_without_tests_and_tests_without_services(tmp_path: Path) -> None:
    pages = _pages(tmp_path, {"2023/services.yaml": (r"^performance_tests:\n(  - .*\n)+", "")})
    assert _headings(pages["2023/services.md"]) == ["## 서비스 및 API"]
    pages = _pages(tmp_path / "b", {"2023/services.yaml": (r"^services:\n.*?(?=^performance_tests:)", "")})
    assert _headings(pages["2023/services.md"]) == ["## 성능 테스트"]


def test_one_numeric_target_among_words_keeps_each_rows_verdict(tmp_path: Path) -> None:
    # The reason is said once only when every target shares it: here one target has a number.
    pages = _pages(
        tmp_path,
        {
            "2023/kpis.yaml": (
                r"(  - id: on-time-delivery\n(?:    .*\n)*?)    target_text: 목표 향상 필요\n",
                r"\1    target: 80\n",
            )
        },
    )
    page = pages["2023/kpis.md"]
    assert "모든 목표의 판정" not in page
    rows = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0] == "| 지표 | 기준값 | 목표 | 방향 | 판정 |"
    baseline = "[62.5%](#kpis--baseline-on-time-delivery)"  # a link to its working, under the table
    assert rows[2] == f"| 배포 일정 준수율 | {baseline} | 80% | 높을수록 좋음 | 2024년 보고서에서 판정 (아직 없음) |"
    assert rows[1].endswith("| 판정 불가 (수치 목표 없음) |")
    # The card beside the on-time rate shows the number, not words.
    assert (
        "    일정 준수율 · [2024 목표: 80%](kpis.md) · [추정 3건 포함](projects.md#projects--inferred)"
        in pages["2023/index.md"].splitlines()
    )

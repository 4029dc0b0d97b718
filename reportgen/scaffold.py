"""`reportgen new-year`: a new year's folder, from the latest year, ready for this year's facts."""

from __future__ import annotations

from pathlib import Path

from . import metrics
from .model import Report
from .schema import header_for
from .validate import load_site

EXAMPLES = {
    "projects.yaml": """\
# This year's projects. Weeks, counts and the on-time rate are derived from these facts.
projects: []
# - id: new-platform            # lowercase letters, digits and hyphens; other files refer to it
#   name: 신규 플랫폼 구축
#   start: {year}-01-09
#   end: {year}-03-27
#   status: completed           # completed | in_progress | cancelled | unknown
#   delivery: on_time           # on_time | delayed | unknown
#   tags: [Kafka, 모니터링]
#   links:
#     - title: 설계 문서
#       url: https://example.com/design
""",
    "achievements.yaml": """\
# Technical achievements, each as problem / actions / results.
achievements: []
# - id: new-platform-latency
#   project: new-platform       # the id of a project in projects.yaml
#   title: Latency Optimization
#   problem:
#     - 피크 시간대 응답 지연
#   actions:
#     - label: Architecture Improvement
#       text: 캐시 계층 도입
#   results:
#     - p99 응답 시간 개선
#   technologies: [Redis]
""",
    "services.yaml": """\
# Services and APIs delivered, and performance tests.
services: []
# - id: tagging-api
#   name: 태깅 API
#   status: deployed            # designed | built | deployed
#   detail: 운영 배포 완료
performance_tests: []
# - API 부하 테스트 완료
""",
}
GROUPS_EXAMPLE = """\
# {what}: titled groups of items.
groups: []
# - id: monitoring
#   title: Monitoring & Logging
#   items:
#     - 모니터링 대시보드 구축
#     - text: 현장 설치 지원
#       project: new-platform   # optional: names the project the item belongs to
"""
GROUP_FILES = {
    "infrastructure.yaml": "Infrastructure & DevOps work",
    "reliability.yaml": "System reliability improvements",
    "operations.yaml": "Team collaboration, operations and on-site support",
    "impact.yaml": "Business impact summary",
}


def _report_yaml(year: int, latest: Report) -> str:
    title = latest.title.replace(str(latest.year), str(year)) if str(latest.year) in latest.title else str(year)
    return f"""\
# The {year} report: its title, and (under declared:) any figure a source document states,
# so that `reportgen validate` can check it against the facts.
year: {year}
title: {title}
declared: []
# - metric: project_count       # project_count | on_time_count | delayed_count | on_time_rate |
#   value: 10                   # longest_weeks | average_weeks | project_weeks (with project:)
#   source: "Total Projects: 10개"
"""


def _kpis_yaml(year: int) -> str:
    return f"""\
# KPI targets for {year + 1}, set from this year's results.
year: {year + 1}
quantitative: []
# - id: on-time-delivery
#   metric: 배포 일정 준수율
#   unit: "%"
#   baseline_from: on_time_rate # or a typed `baseline:` where no figure is derived
#   target: 80                  # or `target_text:` for a qualitative goal
#   direction: higher           # higher | lower
quality: []
"""


def _review_yaml(year: int, latest: Report) -> str:
    """Last year's targets, carried over as the KPIs this year reports against."""
    lines = [f"# How {year} did against the KPI targets set in the {latest.year} report.", "reviews:"]
    targets = latest.kpis.quantitative if latest.kpis else ()
    figures = metrics.year_metrics(latest)
    for kpi in targets:
        baseline = metrics.kpi_baseline(kpi, figures)
        target = kpi.target if kpi.target is not None else kpi.target_text
        lines.append(
            f"  - kpi: {kpi.id}  # {kpi.metric}: baseline {baseline if baseline is not None else '—'}, target {target}"
        )
        if kpi.baseline_from:
            lines.append(f"    # the actual is derived from this year's facts ({kpi.baseline_from})")
        else:
            lines.append("    # actual: 0")
        lines.append("    # result: 한 줄 요약")
    if not targets:
        lines[-1] = "reviews: []"
    return "\n".join(lines) + "\n"


def new_year(content_dir: Path, year: int) -> list[Path]:
    """Write content/<year>/ and return the files written. Raises ValueError if it cannot."""
    folder = content_dir / str(year)
    if folder.exists():
        raise ValueError(f"{folder} already exists; new-year never overwrites a year")
    validated = load_site(content_dir)
    if validated.site is None:
        raise ValueError("the existing content has errors; run `reportgen validate` and fix them first")
    earlier = [r for r in validated.site.reports if r.year < year]
    if not earlier:
        raise ValueError(f"there is no year before {year} to start from")
    latest = earlier[-1]
    files = {
        "report.yaml": _report_yaml(year, latest),
        **{name: text.format(year=year) for name, text in EXAMPLES.items()},
        **{name: GROUPS_EXAMPLE.format(what=what) for name, what in GROUP_FILES.items()},
        "kpis.yaml": _kpis_yaml(year),
    }
    if latest.year == year - 1 and latest.kpis and latest.kpis.quantitative:
        files["kpi_review.yaml"] = _review_yaml(year, latest)
    folder.mkdir(parents=True)
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(header_for(content_dir, path) + "\n" + text, encoding="utf-8")
        written.append(path)
    return written

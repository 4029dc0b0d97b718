"""Writes a synthetic content folder: many years of many projects, to time builds on a large site.

The content is deterministic (seeded per year), uses Korean names like the real content, and
passes `reportgen validate` with no errors. Usage:

    .venv/bin/python -m benchmarks.synthetic OUT_DIR [--years 10] [--projects 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

HEADER = "# Synthetic benchmark content, written by benchmarks/synthetic.py. Regenerate it; do not edit it.\n"

# (id slug, Korean name) pairs: ids must be ASCII, names are what the pages and charts show.
AREAS = [
    ("payment", "결제"),
    ("search", "검색"),
    ("recommend", "추천"),
    ("auth", "인증"),
    ("settlement", "정산"),
    ("logistics", "물류"),
    ("notify", "알림"),
    ("ads", "광고"),
    ("member", "회원"),
    ("order", "주문"),
    ("stock", "재고"),
    ("shipping", "배송"),
    ("support", "상담"),
    ("stats", "통계"),
    ("logs", "로그"),
]
KINDS = ["플랫폼", "시스템", "서버", "API", "파이프라인", "대시보드", "모듈", "게이트웨이"]
VERBS = ["구축", "고도화", "이전", "개선", "자동화", "통합", "재설계"]
# The first eight are technologies (an achievement's list); the rest are topics.
TAGS = ["Kafka", "Redis", "PostgreSQL", "Kubernetes", "gRPC", "Python", "Go", "Java"]
TAGS += ["모니터링", "보안", "성능", "데이터"]
STATUSES = ["completed", "in_progress", "cancelled", "unknown"]
SERVICE_STATUSES = ["designed", "built", "deployed"]
GROUP_TITLES = {
    "infrastructure": ["서버 및 인프라 관리", "배포 및 자동화", "네트워크 및 보안"],
    "reliability": ["모니터링 및 로깅", "장애 대응", "성능 최적화"],
    "operations": ["주간 운영", "지식 공유", "현장 지원"],
    "impact": ["고객 만족", "기술 리더십", "조직 기여"],
}
GROUP_ITEMS = [
    "서버 증설 및 설정 완료",
    "배포 절차 표준화",
    "로그 수집 체계 정비",
    "알림 규칙 재정비",
    "장애 회고 문서화",
    "코드 리뷰 정례화",
    "운영 지표 대시보드 구축",
    "보안 점검 및 권한 정리",
    "백업 및 복구 훈련 진행",
    "기술 세미나 진행",
]


def _project(rng: random.Random, year: int, index: int, undated: bool, on_time_share: float) -> dict[str, Any]:
    slug, area = rng.choice(AREAS)
    project: dict[str, Any] = {
        # The year in the id: a project id in two consecutive years is one project across them.
        "id": f"p{year}-{index + 1:03d}-{slug}",
        "name": f"{area} {rng.choice(KINDS)} {rng.choice(VERBS)} {index + 1}",
    }
    if undated:
        project["duration_note"] = "상시 운영"
    else:
        # Within the year: the timeline chart's axis is the report's calendar year.
        start = date(year, 1, 2) + timedelta(days=rng.randint(0, 300))
        end = min(start + timedelta(days=rng.randint(7, 280)), date(year, 12, 29))
        project["start"], project["end"] = start, end
    project["status"] = rng.choices(STATUSES, weights=[60, 25, 5, 10])[0]
    known = 0.9  # a tenth of the deliveries stay unknown, as in real reports
    project["delivery"] = rng.choices(
        ["on_time", "delayed", "unknown"], weights=[on_time_share * known, (1 - on_time_share) * known, 1 - known]
    )[0]
    if project["status"] == "cancelled":
        project["delivery"] = "unknown"  # a cancelled project was not delivered (validate says so)
    if project["status"] == "in_progress" and project["delivery"] == "on_time":
        project["delivery"] = "unknown"  # nor is an unfinished one, yet (validate says so too)
    tags = rng.sample(TAGS, k=rng.randint(0, 3))
    if tags:
        project["tags"] = tags
    return project


def _projects(rng: random.Random, year: int, count: int) -> list[dict[str, Any]]:
    # The share of on-time deliveries varies by year, so the trend chart has something to show.
    on_time_share = rng.uniform(0.45, 0.9)
    # A few undated projects (one in 25, and always the last), like the sample's "Others".
    return [
        _project(rng, year, i, undated=(i + 1) % 25 == 0 or i == count - 1, on_time_share=on_time_share)
        for i in range(count)
    ]


def _achievements(rng: random.Random, projects: list[dict[str, Any]], count: int = 5) -> list[dict[str, Any]]:
    chosen = rng.sample(projects, k=min(count, len(projects)))
    achievements = []
    for n, project in enumerate(chosen, start=1):
        area = project["name"].split()[0]
        achievements.append(
            {
                "id": f"a{n}-{project['id']}",
                "project": project["id"],
                "title": f"{area} 처리 성능 개선",
                "problem": [f"{area} 요청 급증 시 응답 지연 발생", "장애 원인 파악에 시간 소요"],
                "actions": [
                    {"label": "아키텍처 개선", "text": "비동기 처리 구조 도입"},
                    {"label": "운영 개선", "text": "지표 기반 알림 체계 구축"},
                ],
                "results": [f"응답 시간 {rng.randint(20, 70)}% 단축", "장애 대응 시간 단축", "운영 부담 감소"],
                "technologies": rng.sample(TAGS[:8], k=2),
            }
        )
    return achievements


def _groups(rng: random.Random, section: str, projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = []
    for g, title in enumerate(GROUP_TITLES[section], start=1):
        items: list[Any] = []
        for i, text in enumerate(rng.sample(GROUP_ITEMS, k=rng.randint(3, 5))):
            # Every other item names a project, which the page leads with the project's name.
            items.append({"text": text, "project": rng.choice(projects)["id"]} if i % 2 else text)
        groups.append({"id": f"{section}-{g}", "title": title, "items": items})
    return groups


def _services(rng: random.Random, projects: list[dict[str, Any]], count: int = 8) -> dict[str, Any]:
    services = []
    for n in range(1, count + 1):
        _, area = rng.choice(AREAS)
        service: dict[str, Any] = {
            "id": f"svc-{n}",
            "name": f"{area} {rng.choice(KINDS)} 서비스 {n}",
            "status": rng.choice(SERVICE_STATUSES),
            "detail": "설계 및 배포 완료",
        }
        if n % 3 == 0:
            service["project"] = rng.choice(projects)["id"]
        services.append(service)
    tests = ["API 부하 테스트 완료", "Redis 성능 테스트 완료", "배치 처리 시나리오 수행", "장애 복구 훈련 수행"]
    return {"services": services, "performance_tests": tests}


def _on_time_rate(projects: list[dict[str, Any]]) -> float:
    on_time = sum(p["delivery"] == "on_time" for p in projects)
    known = on_time + sum(p["delivery"] == "delayed" for p in projects)
    return 100 * on_time / known if known else 0.0


def _kpis(rng: random.Random, year: int, projects: list[dict[str, Any]]) -> dict[str, Any]:
    lead_time = rng.randint(10, 30)
    mttr = round(rng.uniform(2, 8), 1)
    tests = rng.randint(4, 12)
    return {
        "year": year + 1,
        "quantitative": [
            {
                "id": "on-time-delivery",
                "metric": "배포 일정 준수율",
                "unit": "%",
                "baseline_from": "on_time_rate",  # never typed: taken from this year's derived figure
                # Never behind the baseline (validate refuses that): 95, or the rate already reached.
                "target": max(min(95, round(_on_time_rate(projects)) + 10), math.ceil(_on_time_rate(projects))),
                "direction": "higher",
            },
            {
                "id": "lead-time",
                "metric": "리드타임",
                "unit": "일",
                "baseline": lead_time,
                "target": lead_time - rng.randint(2, 6),
                "direction": "lower",
            },
            {
                "id": "mttr",
                "metric": "평균 복구 시간",
                "unit": "시간",
                "baseline": mttr,
                "target": round(mttr / 2, 1),
                "direction": "lower",
            },
            {
                "id": "test-count",
                "metric": "성능 테스트 횟수",
                "unit": "회",
                "baseline": tests,
                "target": tests + rng.randint(2, 8),
                "direction": "higher",
            },
            {"id": "documentation", "metric": "문서화", "target_text": "설계 문서 체계 확립", "direction": "higher"},
        ],
        "quality": ["배포 프로세스 표준화", "장애 감지 및 알림 고도화"],
    }


def _report(year: int, projects: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    on_time = sum(p["delivery"] == "on_time" for p in projects)
    return {
        "year": year,
        "title": f"{year}년 백엔드 성과",
        "source": f"benchmarks/synthetic.py (seed {seed})",
        # Declared figures that the facts reproduce: they exercise the comparison without warnings.
        "declared": [
            {"metric": "project_count", "value": len(projects), "source": f"총 {len(projects)}개 프로젝트"},
            {"metric": "on_time_count", "value": on_time, "source": f"일정 준수 {on_time}건"},
        ],
    }


def year_files(year: int, projects: int, seed: int) -> dict[str, dict[str, Any]]:
    """The data of every file of one year's folder, by file name."""
    rng = random.Random(f"{seed}-{year}")  # per year: one year's content does not depend on the others
    listed = _projects(rng, year, projects)
    dated = [p for p in listed if "start" in p] or listed
    files: dict[str, dict[str, Any]] = {
        "report.yaml": _report(year, listed, seed),
        "projects.yaml": {"projects": listed},
        "achievements.yaml": {"achievements": _achievements(rng, dated)},
        "services.yaml": _services(rng, listed),
        "kpis.yaml": _kpis(rng, year, listed),
    }
    for section in GROUP_TITLES:
        files[f"{section}.yaml"] = {"groups": _groups(rng, section, listed)}
    return files


def _dump(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(HEADER + text, encoding="utf-8")


def _prepare(out: Path) -> None:
    # Replace only a folder that is empty or already holds content: never someone's unrelated files.
    if out.exists() and any(out.iterdir()):
        if not (out / "site.yaml").is_file():
            raise FileExistsError(f"{out} is not empty and holds no site.yaml; refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def write_content(out: Path, years: int = 10, projects: int = 100, seed: int = 1, first_year: int = 2015) -> Path:
    """Write a content folder of `years` years with `projects` projects each; returns `out`."""
    if years < 1 or projects < 1:
        raise ValueError("years and projects must be at least 1")
    _prepare(out)
    site = {
        "team": "벤치마크팀",
        "title": "벤치마크팀 연간 성과",
        "language": "ko",
        "description": f"합성 데이터: {years}년 × 연 {projects}개 프로젝트",
    }
    _dump(out / "site.yaml", site)
    for year in range(first_year, first_year + years):
        folder = out / str(year)
        folder.mkdir()
        for name, data in year_files(year, projects, seed).items():
            _dump(folder / name, data)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="content folder to write (replaced if it already holds content)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--projects", type=int, default=100, help="projects per year")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first-year", type=int, default=2015)
    args = parser.parse_args(argv)
    write_content(args.out, args.years, args.projects, args.seed, args.first_year)
    print(f"wrote {args.years} year(s) × {args.projects} project(s) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

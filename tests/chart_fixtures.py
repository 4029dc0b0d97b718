"""Chart specs built from the two-year test fixture, one per chart kind, and their PNG baselines.

Regenerate the baselines with `make chart-baselines` (python -m tests.chart_fixtures), then
look at the PNGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from reportgen.charts import catalog
from reportgen.charts import kpis as charts_kpis
from reportgen.charts.draw.render import render
from reportgen.charts.spec import ChartSpec
from reportgen.charts.theme import THEMES
from reportgen.check.validate import load_site
from reportgen.derive.metrics import year_metrics
from reportgen.load.catalogs import labels
from reportgen.model.facts import Site, SiteSettings
from reportgen.render.context import YearContext
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.registry import BUILTIN, DEFAULT_SECTIONS, report_from_data

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "two-years"
BASELINES = HERE / "baselines" / "charts"


def fixture_site() -> Site:
    validated = load_site(FIXTURE, HERE)
    assert validated.site is not None, validated.problems
    return validated.site


def fixture_specs() -> dict[str, ChartSpec]:
    """One spec per chart kind: the 2022 year charts (whose KPIs 2023 reports on), and the trends."""
    site = fixture_site()
    t = labels(site.settings.language)
    fmt = Formatter(site.settings.language, t)
    figures = {r.year: year_metrics(r, BUILTIN) for r in site.reports}
    first = site.reports[0]
    assert kpis(first) is not None
    actuals = kpi_review.actuals_for(first, site.reports[1], BUILTIN)
    ctx = YearContext(first, figures[first.year], fmt, kpi_actuals=actuals)
    trend = catalog.trend_chart(list(figures.items()), fmt, BUILTIN.defaults("trend"))
    specs = [*catalog.overview_charts(ctx), charts_kpis.build(ctx), trend]
    return {spec.kind: spec for spec in specs if spec is not None}


FORMS = ("wide", "narrow")  # each chart's two drawings (reportgen/charts/draw/forms.py)


def baseline_path(kind: str, theme: str, form: str = "wide") -> Path:
    return BASELINES / (f"{kind}.{theme}.png" if form == "wide" else f"{kind}.{theme}.{form}.png")


def main() -> None:
    BASELINES.mkdir(parents=True, exist_ok=True)
    for kind, spec in fixture_specs().items():
        for theme in THEMES:
            for form in FORMS:
                baseline_path(kind, theme.name, form).write_bytes(render(spec, theme, "png", form))
                print(f"wrote {baseline_path(kind, theme.name, form).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()


# ---- the layout corpus: hostile label lengths, many projects, many years -------------------------

LABEL_STYLES = {
    "hangul": "데이터 파이프라인 재설계와 모니터링 체계 구축 ",
    "latin": "Real-time streaming analytics platform migration ",
    "mixed": "Aloha 고객사 대상 실시간 스트리밍 분석 플랫폼 구축 (2단계: API 재설계) ",
    "nospace": "실시간스트리밍분석플랫폼구축및운영이관Pipeline2단계",
}
LABEL_LENGTHS = (0, 1, 12, 40, 80, 150, 300)
PROJECT_COUNTS = (1, 8, 40, 100, 250)
YEAR_COUNTS = (1, 2, 10, 25)


def label(style: str, length: int, index: int = 0) -> str:
    """A label of exactly `length` characters in `style`, a little different for each index."""
    text = LABEL_STYLES[style]
    start = index % len(text)
    start += text[start] == " "  # a name starts with a character, not a space
    return ((text[start:] + text) * (length // len(text) + 2))[:length]


def _project(year: int, index: int, name: str) -> dict[str, object]:
    start = date(year, 1 + index % 12, 1 + index % 27)
    weeks = 1 + (index * 7) % 52
    end = start + timedelta(weeks=weeks, days=index % 5)
    delivery = ("on_time", "delayed", "unknown")[index % 3]
    # Every fourth in progress, from the fourth on: a single project is completed, so it has a duration.
    status = "in_progress" if index % 4 == 3 else "completed"
    return {"id": f"p{index}", "name": name, "start": start, "end": end, "status": status, "delivery": delivery}


def corpus_site(
    years: int = 1, projects: int = 8, name: Callable[[int], str] = lambda i: f"프로젝트 {i}", language: str = "ko"
) -> Site:
    """A site built in memory: `years` years of `projects` projects named by `name(index)`, with KPIs."""
    reports = []
    for offset in range(years):
        year = 2001 + offset
        count = max(1, projects - (offset * 3) % 5) if years > 1 else projects  # the counts vary by year
        kpis = {
            "year": year + 1,
            "quantitative": [
                {
                    "id": "on-time",
                    "metric": name(0),
                    "unit": "%",
                    "baseline_from": "on_time_rate",
                    "target": 90,
                    "direction": "higher",
                },
                {"id": "mttr", "metric": name(1), "unit": "시간", "baseline": 48, "target": 24, "direction": "lower"},
                {"id": "quality", "metric": name(2), "baseline": 3, "target_text": name(3), "direction": "higher"},
            ],
        }
        reports.append(
            report_from_data(
                {
                    "year": year,
                    "title": f"{year} 보고서",
                    "projects": [_project(year, i, name(i)) for i in range(count)],
                    "services": [
                        {
                            "id": f"s{i}",
                            "name": f"서비스 {i}",
                            "status": ("designed", "built", "deployed")[i % 3],
                            "detail": "내용",
                        }
                        for i in range(1 + offset % 4)
                    ],
                    "kpis": kpis,
                },
                DEFAULT_SECTIONS,
            )
        )
    settings = SiteSettings.model_validate({"team": "팀", "title": "연간 보고서", "language": language})
    return Site(settings=settings, reports=tuple(reports))


def site_specs(site: Site) -> list[ChartSpec]:
    """Every chart of every year of `site`, and the trends: exactly the charts the site draws."""
    from reportgen.emit.site_tree import build_pages

    return build_pages(site)[1]

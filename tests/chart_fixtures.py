"""Chart specs built from the two-year test fixture, one per chart kind, and their PNG baselines.

Regenerate the baselines with `make chart-baselines` (python -m tests.chart_fixtures), then
look at the PNGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

from reportgen import metrics
from reportgen.charts import ChartSpec, catalog
from reportgen.charts.context import YearContext
from reportgen.charts.render import render
from reportgen.charts.theme import THEMES
from reportgen.i18n import labels
from reportgen.model import Site
from reportgen.pages import Formatter
from reportgen.validate import load_site

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
    figures = {r.year: metrics.year_metrics(r) for r in site.reports}
    first = site.reports[0]
    assert first.kpis is not None
    actuals = metrics.kpi_actuals(first.kpis, site.reports[1])
    ctx = YearContext(first, figures[first.year], t, fmt, kpi_actuals=actuals)
    specs = [*catalog.overview_charts(ctx), catalog.kpi_chart(ctx), catalog.trend_chart(list(figures.items()), t, fmt)]
    return {spec.kind: spec for spec in specs if spec is not None}


def baseline_path(kind: str, theme: str) -> Path:
    return BASELINES / f"{kind}.{theme}.png"


def main() -> None:
    BASELINES.mkdir(parents=True, exist_ok=True)
    for kind, spec in fixture_specs().items():
        for theme in THEMES:
            baseline_path(kind, theme.name).write_bytes(render(spec, theme, "png"))
            print(f"wrote {baseline_path(kind, theme.name).relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()

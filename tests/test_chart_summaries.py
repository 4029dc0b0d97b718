"""Charts at scale and thin years (issue 22, parts 4 and 5): past MAX_BARS projects the timeline and
the durations become views of every project (a monthly count of those running, a histogram with the
average and the median), with bounded alt text and a table of every project; a year of one project
draws one figure; trends label the first, last and extreme years, with a tick for every year."""

from __future__ import annotations

import re
import statistics
from datetime import date
from pathlib import Path

import pytest

from reportgen.charts.draw.forms import NARROW
from reportgen.charts.draw.layout import WIDTH
from reportgen.charts.longest import MAX_BARS
from reportgen.charts.spec import ChartSpec
from reportgen.check.validate import load_site
from reportgen.derive.weeks import project_weeks
from reportgen.load.catalogs import labels
from reportgen.model.facts import Site
from reportgen.sections.projects import counted_weeks, projects

from .chart_checks import inspect
from .chart_fixtures import corpus_site, site_specs
from .conftest import REPO

ALT_MOST = 600


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, ChartSpec]]:
    from benchmarks.synthetic import write_content

    folder = tmp_path_factory.mktemp("big")
    write_content(folder / "content", years=1, projects=250)
    site = load_site(folder / "content", folder).site
    assert site is not None
    return site, {s.path: s for s in site_specs(site)}


def _running_by_hand(year: int, listed: list) -> list[int]:
    """Projects running in each month, counted day by day: one that runs on any day of the month counts."""
    counts = []
    for month in range(1, 13):
        days = [date(year, month, d) for d in range(1, 32) if _valid(year, month, d)]
        counts.append(sum(1 for p in listed if any(p.start <= d <= p.end for d in days)))
    return counts


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def test_a_250_project_year_draws_how_many_ran_each_month_over_every_project(big) -> None:
    site, specs = big
    report = site.reports[0]
    dated = [p for p in projects(report) if p.start and p.end]
    assert len(dated) > MAX_BARS
    spec = specs[f"{report.year}/charts/timeline"]
    assert spec.data["running"] == _running_by_hand(report.year, dated)
    # The title says plainly what is drawn, and that it counts them all.
    assert spec.title == labels("ko")["chart_running"].format(year=report.year, count=len(dated))
    drawn = inspect(spec)
    assert [round(h) for _, h in _column_heights(spec)] == spec.data["running"]
    assert len(spec.table.rows) == len(dated)  # the web table has every project
    assert {row[0] for row in spec.table.rows} == {p.name for p in dated}
    assert len(spec.alt) <= ALT_MOST, spec.alt
    assert not drawn.overlaps()


def _column_heights(spec: ChartSpec) -> list[tuple[float, float]]:
    from matplotlib.patches import Rectangle

    from reportgen.charts.draw.render import draw, styled
    from reportgen.charts.theme import LIGHT

    with styled(LIGHT):
        (ax,) = draw(spec, LIGHT).fig.axes
        return [(p.get_x(), p.get_height()) for p in ax.patches if isinstance(p, Rectangle)]


def test_a_250_project_year_draws_a_histogram_of_every_duration_with_its_average_and_median(big) -> None:
    site, specs = big
    report = site.reports[0]
    weeks = [w for p in projects(report) if (w := counted_weeks(p)) is not None]
    spec = specs[f"{report.year}/charts/durations"]
    data = spec.data
    counts = data["histogram"]
    assert sum(counts) == len(weeks)  # every counted project is in a bin
    width = data["width"]
    assert counts == [sum(1 for w in weeks if k * width <= w < (k + 1) * width) for k in range(len(counts))]
    assert data["median"] == pytest.approx(statistics.median(weeks), abs=1e-4)
    assert data["average"] == pytest.approx(statistics.fmean(weeks), abs=1e-3)
    drawn = inspect(spec).by_gid()
    assert drawn["average"] == data["average_label"] and drawn["median"] == data["median_label"]
    assert [h for _, h in _column_heights(spec)] == counts  # bars from zero, one per bin
    assert len(spec.alt) <= ALT_MOST, spec.alt
    assert len(spec.table.rows) == len(weeks)
    assert not inspect(spec).overlaps()


def test_every_chart_at_scale_keeps_its_alt_text_bounded(big) -> None:
    _, specs = big
    too_long = {path: len(spec.alt) for path, spec in specs.items() if len(spec.alt) > ALT_MOST}
    assert not too_long


def test_a_timeline_of_twenty_long_named_projects_falls_back_to_a_summary_alt_text() -> None:
    site = corpus_site(1, MAX_BARS, lambda i: f"데이터 파이프라인 재설계와 모니터링 체계 구축 {i}")
    (spec,) = [s for s in site_specs(site) if s.kind == "timeline"]
    assert len(spec.data["bars"]) == MAX_BARS  # still one bar each
    assert len(spec.alt) <= ALT_MOST
    assert str(MAX_BARS) in spec.alt


def test_a_one_project_year_draws_one_figure_that_says_its_weeks_and_outcome() -> None:
    site = corpus_site(1, 1)
    report = site.reports[0]
    (project,) = projects(report)
    overview = [s for s in site_specs(site) if s.path.startswith(f"{report.year}/charts/") and s.kind != "kpis"]
    assert [s.kind for s in overview] == ["timeline"]
    drawn = inspect(overview[0]).by_gid()
    weeks = f"{project_weeks(project)}주"
    assert drawn["says"] == f"{weeks} · 준수"


def test_a_year_of_two_projects_keeps_its_three_charts() -> None:
    site = corpus_site(1, 2)
    kinds = [s.kind for s in site_specs(site) if s.kind in ("timeline", "delivery", "durations")]
    assert kinds == ["timeline", "delivery", "durations"]


def _trend_ticks(years: int) -> tuple[list[str], dict[str, str]]:
    site = corpus_site(years, 5)
    (spec,) = [s for s in site_specs(site) if s.kind == "trends"]
    from reportgen.charts.draw.render import draw, styled
    from reportgen.charts.theme import LIGHT

    with styled(LIGHT):
        fig = draw(spec, LIGHT).fig
        ax = fig.axes[0]
        ticks = [label.get_text() for label in ax.get_xticklabels()]
        assert len(ax.get_xticks()) == years  # one tick per year
    return ticks, inspect(spec).by_gid()


@pytest.mark.parametrize("years", [3, 25])
def test_trends_have_a_tick_per_year_and_label_the_first_and_last(years: int) -> None:
    ticks, _ = _trend_ticks(years)
    labelled = [t for t in ticks if t]
    assert labelled[0] == "2001" and labelled[-1] == str(2000 + years)
    if years == 3:
        assert ticks == ["2001", "2002", "2003"]  # the middle year keeps its label


def test_a_25_year_trend_labels_the_first_last_and_extremes_not_every_year() -> None:
    site = corpus_site(25, 5)
    (spec,) = [s for s in site_specs(site) if s.kind == "trends"]
    values = spec.data["panels"][0]["values"]
    drawn = inspect(spec).by_gid()
    labelled = sorted(int(gid.rsplit("-", 1)[1]) for gid in drawn if gid.startswith("value-0-"))
    # The first and the last year, and each extreme once: not 25 labels.
    assert labelled[0] == 0 and labelled[-1] == len(values) - 1
    assert sorted({values[i] for i in labelled}) == sorted({values[0], values[-1], max(values), min(values)})
    assert len(labelled) <= 4


def test_no_chart_text_says_e_plus(big) -> None:
    _, specs = big
    for spec in specs.values():
        for text in inspect(spec).texts:
            assert "e+" not in text.text, (spec.path, text.text)


def test_a_25_year_trend_alt_text_names_each_figures_ends_and_extremes_within_600_characters() -> None:
    site = corpus_site(25, 5)
    (spec,) = [s for s in site_specs(site) if s.kind == "trends"]
    assert len(spec.alt) <= ALT_MOST
    panel = spec.data["panels"][0]
    values, texts = panel["values"], panel["texts"]
    high, low = values.index(max(values)), values.index(min(values))
    said = labels("ko")["chart_trends_alt_figure"].format(
        label=panel["label"],
        first=f"2001 {texts[0]}",
        last=f"2025 {texts[-1]}",
        high=f"{2001 + high} {texts[high]}",
        low=f"{2001 + low} {texts[low]}",
    )
    assert spec.alt.split(". ", 1)[1].startswith(said + "; ")  # after the chart's span, the first figure
    assert len(spec.table.rows) == 25  # the table has every year


def _site_of(folder: Path) -> Site:
    validated = load_site(folder / "content", folder)
    assert validated.site is not None
    return validated.site


@pytest.mark.parametrize("folder", [REPO, REPO / "examples" / "sre-team"], ids=["sample", "english-example"])
def test_no_chart_text_of_the_sample_or_the_example_says_e_plus(folder: Path) -> None:
    specs = site_specs(_site_of(folder))
    assert specs
    for spec in specs:
        for form in (WIDTH, NARROW):
            texts = [t.text for t in inspect(spec, form).texts]
            assert texts and not [t for t in texts if "e+" in t], spec.path


PHONE_IMAGE_PX = 343  # a chart's width on a 375 px phone (Material), or on a 390 px one in Zensical


def _sizes(svg: str) -> tuple[float, float, list[float], list[float]]:
    """The viewBox width, the width (px) below which the narrow drawing shows, and each drawing's text sizes."""
    viewbox = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))  # type: ignore[union-attr]
    below = float(re.search(r"@media \(max-width: ([0-9.]+)px\)", svg).group(1))  # type: ignore[union-attr]
    wide, narrow = svg.split('<g class="reportgen-narrow"', 1)
    found = [[float(v) for v in re.findall(r'data-font-size="([0-9.]+)"', part)] for part in (wide, narrow)]
    return viewbox, below, found[0], found[1]


@pytest.mark.parametrize("folder", [REPO, REPO / "examples" / "sre-team"], ids=["sample", "english-example"])
def test_every_chart_keeps_11px_text_at_any_width_from_a_phones_up(folder: Path) -> None:
    """Every chart of the site, the KPI and records charts too: the narrow drawing from a phone's 358 px
    up to the width where the wide one takes over, and the wide one from there up."""
    from reportgen.charts.draw.render import render
    from reportgen.charts.theme import LIGHT

    for spec in site_specs(_site_of(folder)):
        viewbox, below, wide, narrow = _sizes(render(spec, LIGHT).decode())
        assert wide and narrow, f"{spec.path}: no text carries a data-font-size"
        shown = min(PHONE_IMAGE_PX, viewbox * 96 / 72)  # a narrow chart is never drawn wider than it is
        assert min(narrow) * shown / viewbox >= 11, spec.path
        assert min(wide) * below / viewbox >= 11 - 0.01, spec.path

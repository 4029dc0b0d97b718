"""The numbers a chart draws are the derived figures: each drawn text, by its role, against the derived figures.

Every text reportgen draws carries a gid naming its role ("value-3", "center", "baseline-0"), so
a test can read what the figure shows, in its place, and compare it with the figure derived from
the facts here, independently of the chart code. A chart that draws 9주 where the dates give 8주
fails one of these tests, whatever its pixels.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import matplotlib.dates as mdates
import pytest
from babel.dates import get_month_names

from reportgen.charts.spec import ChartSpec
from reportgen.check.validate import load_site
from reportgen.derive.kpis import kpi_baseline, kpi_verdict
from reportgen.derive.metrics import year_metrics
from reportgen.derive.weeks import project_weeks
from reportgen.load.catalogs import labels
from reportgen.model.facts import Report, Site
from reportgen.render.pages import Formatter
from reportgen.sections import kpi_review
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.kpis.text import kpi_actual_text, kpi_baseline_text, kpi_target
from reportgen.sections.projects import counted_weeks, projects
from reportgen.sections.registry import BUILTIN

from .chart_checks import inspect
from .chart_fixtures import fixture_site, site_specs
from .conftest import CONTENT, REPO


def _sample() -> Site:
    site = load_site(CONTENT, REPO).site
    assert site is not None
    return site


SITES = {"sample": _sample, "two-years": fixture_site}


def _drawn(site: Site, path: str) -> tuple[ChartSpec, dict[str, str]]:
    spec = next(s for s in site_specs(site) if s.path == path)
    return spec, inspect(spec).by_gid()


def _tools(site: Site) -> tuple[dict[str, str], Formatter]:
    t = labels(site.settings.language)
    return t, Formatter(site.settings.language, t)


def _rows(drawn: dict[str, str], prefix: str) -> list[str]:
    """The texts with gids prefix-0, prefix-1, …, in order."""
    found, index = [], 0
    while f"{prefix}-{index}" in drawn:
        found.append(drawn[f"{prefix}-{index}"])
        index += 1
    return found


def test_the_samples_durations_are_the_weeks_its_dates_give() -> None:
    # From content/2023/projects.yaml, longest first: 38+38+34+15+10+8+5 weeks, average 21.1.
    _, drawn = _drawn(_sample(), "2023/charts/durations")
    assert _rows(drawn, "value") == ["38주", "38주", "34주", "15주", "10주", "8주", "5주"]
    assert drawn["average"] == "평균 기간 21.1주"


@pytest.mark.parametrize("name", SITES)
def test_durations_draw_each_projects_weeks_and_the_average(name: str) -> None:
    site = SITES[name]()
    t, fmt = _tools(site)
    for report in site.reports:
        # Longest first; equal weeks by start date, then name.
        # The projects the duration figures count: dated, neither cancelled nor in progress.
        dated = sorted(
            (p for p in projects(report) if counted_weeks(p) is not None),
            key=lambda p: (-(project_weeks(p) or 0), p.start, p.name),
        )
        _, drawn = _drawn(site, f"{report.year}/charts/durations")
        assert _rows(drawn, "label") == [p.name for p in dated]
        assert _rows(drawn, "value") == [fmt.weeks(project_weeks(p)) for p in dated]
        figures = year_metrics(report, BUILTIN)
        assert drawn["average"] == f"{t['average']} {fmt.weeks(figures.average_weeks)}"


@pytest.mark.parametrize("name", SITES)
def test_the_timeline_draws_each_project_from_its_start_to_its_end_in_start_order_and_the_months(name: str) -> None:
    site = SITES[name]()
    t, _ = _tools(site)
    months = get_month_names("abbreviated", locale=site.settings.language)
    for report in site.reports:
        dated = sorted((p for p in projects(report) if p.start and p.end), key=lambda p: p.start)
        spec, drawn = _drawn(site, f"{report.year}/charts/timeline")
        assert _rows(drawn, "label") == [p.name for p in dated]
        # Each bar spans its project's dates, clipped to the year; the weeks are the durations chart's to say.
        first, last = mdates.date2num(date(report.year, 1, 1)), mdates.date2num(date(report.year, 12, 31))
        assert inspect(spec).bars == [
            (mdates.date2num(p.start), min(max(mdates.date2num(p.end), first + 1), last)) for p in dated
        ]
        assert _rows(drawn, "value") == []
        used = {p.delivery for p in dated}
        assert {k: v for k, v in drawn.items() if k.startswith("legend-")} == {
            f"legend-{key}": t[f"delivery_{key}"] for key in used
        }
        ticks = [text.text for text in inspect(spec).texts if text.gid is None]
        assert ticks and all(tick in {months[m] for m in range(1, 13)} for tick in ticks)
        assert ticks[0] == months[1]


@pytest.mark.parametrize("name", SITES)
def test_the_donut_draws_the_on_time_rate_and_each_outcomes_count(name: str) -> None:
    site = SITES[name]()
    t, fmt = _tools(site)
    for report in site.reports:
        figures = year_metrics(report, BUILTIN)
        _, drawn = _drawn(site, f"{report.year}/charts/delivery")
        assert drawn["center"] == fmt.percent(figures.on_time_rate)
        assert drawn["center-label"] == t["on_time_rate"]
        counts = {"on_time": figures.on_time_count, "delayed": figures.delayed_count}
        counts["unknown"] = figures.unknown_delivery_count
        # Unknowns stand apart from the rate's ring, and say so.
        named = {key: t["delivery_" + key] for key in counts}
        named["unknown"] = t["chart_delivery_unknown_apart"].format(label=named["unknown"])
        assert {k: v for k, v in drawn.items() if k.startswith("legend-")} == {
            f"legend-{key}": f"{named[key]} {fmt.count(count)}" for key, count in counts.items() if count
        }


def test_the_samples_donut_shows_its_on_time_rate() -> None:
    # content/2023: 5 of the 8 projects on time, 3 delayed.
    _, drawn = _drawn(_sample(), "2023/charts/delivery")
    assert drawn["center"] == "62.5%"


def _kpi_texts(site: Site, report: Report, following: Report | None) -> dict[str, str]:
    t, fmt = _tools(site)
    assert kpis(report) is not None
    figures = year_metrics(report, BUILTIN)
    actuals = kpi_review.actuals_for(report, following, BUILTIN)
    expected = {}
    # A KPI with no baseline, no numeric target and no actual has nothing to chart: it is left out.
    # A target in words with no actual has no number to plot: it stays a row of the KPI page's table.
    charted = [kpi for kpi in kpis(report).quantitative if not (kpi.target is None and actuals.get(kpi.id) is None)]
    for index, kpi in enumerate(charted):
        expected[f"kpi-{index}"] = kpi.metric
        baseline = kpi_baseline(kpi, figures)
        if baseline is not None:
            expected[f"baseline-{index}"] = f"{t['baseline']} {kpi_baseline_text(fmt, kpi, baseline)}"
        expected[f"target-{index}"] = f"{t['target']}: {kpi_target(fmt, kpi)}"
        if (actual := actuals.get(kpi.id)) is not None:
            verdict = t[f"verdict_{kpi_verdict(kpi, actual)}"]
            shown = f"{kpi_actual_text(fmt, kpi, actual)} ({verdict})"
            expected[f"actual-{index}"] = f"{t['actual'].format(year=kpis(report).year)} {shown}"
    return expected


@pytest.mark.parametrize("name", SITES)
def test_the_kpi_chart_draws_baselines_targets_and_actuals(name: str) -> None:
    site = SITES[name]()
    by_year = {r.year: r for r in site.reports}
    for report in (r for r in site.reports if kpis(r) and kpis(r).quantitative):
        expected = _kpi_texts(site, report, by_year.get(report.year + 1))
        paths = [s.path for s in site_specs(site)]
        if not expected:  # the sample: every 2024 target is in words, so there is no KPI chart at all
            assert f"{report.year}/charts/kpis" not in paths
            continue
        _, drawn = _drawn(site, f"{report.year}/charts/kpis")
        roles = ("kpi", "baseline", "target", "actual")
        assert {k: v for k, v in drawn.items() if k.split("-")[0] in roles} == expected


def test_the_fixtures_kpi_chart_shows_2023s_actual_on_time_rate() -> None:
    _, drawn = _drawn(fixture_site(), "2022/charts/kpis")
    shown = (drawn["baseline-0"], drawn["target-0"], drawn["actual-0"])
    assert shown == ("기준값 66.7%", "목표: 80%", "2023 실적 66.7% (✗ 미달)")


def test_the_trends_draw_each_years_figures() -> None:
    site = fixture_site()
    t, fmt = _tools(site)
    _, drawn = _drawn(site, "charts/trends")
    for index, report in enumerate(site.reports):
        figures = year_metrics(report, BUILTIN)
        assert drawn[f"value-0-{index}"] == t["projects_unit"].format(value=figures.project_count)
        assert drawn[f"value-1-{index}"] == fmt.percent(figures.on_time_rate)
        assert drawn[f"value-2-{index}"] == fmt.weeks(figures.average_weeks)
    assert [drawn[f"panel-{i}"] for i in range(3)] == [t["total_projects"], t["on_time_rate"], t["average"]]
    assert (drawn["value-0-0"], drawn["value-0-1"]) == ("4개", "3개")


@pytest.mark.parametrize("name", SITES)
def test_no_chart_draws_its_title_the_page_heading_names_it_once(name: str) -> None:
    site = SITES[name]()
    for spec in site_specs(site):
        drawn = inspect(spec).by_gid()
        assert "title" not in drawn, spec.path
        assert spec.title not in drawn.values(), spec.path


# ---- value axes: whole numbers for counts, percentages within 100 -------------------------------

EXAMPLE = REPO / "examples" / "sre-team"


def _example() -> Site:
    site = load_site(EXAMPLE / "content", EXAMPLE).site
    assert site is not None
    return site


def _whole(ticks: list[float]) -> bool:
    return bool(ticks) and all(t == int(t) for t in ticks)


def test_count_figures_get_whole_number_ticks_and_percentages_stop_at_100() -> None:
    specs = {s.path: s for s in site_specs(_example())}
    trends = inspect(specs["charts/trends"])
    panels = [p["label"] for p in specs["charts/trends"].data["panels"]]
    assert panels == ["Incidents", "MTTR", "Share of SEV1", "On-call pages"]
    (_, incidents), _, (_, share), (_, pages) = trends.ticks
    assert _whole(incidents) and _whole(pages)
    assert share and max(share) <= 100
    # The KPI chart: its "Incidents" row counts incidents.
    kpis = inspect(specs["2023/charts/kpis"])
    assert [row["label"] for row in specs["2023/charts/kpis"].data["rows"]] == ["Mean time to restore", "Incidents"]
    assert _whole(kpis.ticks[1][0])
    bars = inspect(specs["2024/charts/slos-on_call_pages"])
    assert _whole(bars.ticks[0][1])


def _spec(kind: str, data: dict[str, object]) -> ChartSpec:
    from reportgen.charts.spec import DataTable

    return ChartSpec(path="charts/figure", kind=kind, title="", alt="", table=DataTable((), ()), data=data)


def test_a_count_by_choice_gets_whole_number_ticks() -> None:
    spec = _spec(
        "records", {"type": "barh", "labels": ["sev1", "sev2", "sev3"], "values": [1, 0, 1], "texts": ["1", "0", "1"]}
    )
    ((xticks, _),) = inspect(spec).ticks
    assert _whole(xticks) and max(xticks) >= 1


def test_a_percentage_line_close_to_100_shows_its_differences_and_stops_at_100() -> None:
    values = [99.72, 99.8, 99.88]
    data = {"type": "line", "labels": ["2022", "2023", "2024"], "values": values, "texts": [f"{v}%" for v in values]}
    drawn = inspect(_spec("records", {**data, "percent": True, "integer": False}))
    ((_, yticks),) = drawn.ticks
    assert yticks and min(yticks) > 99 and max(yticks) <= 100
    ((path, _),) = drawn.lines
    ys = [y for _, y in path]
    assert max(ys) - min(ys) > 40  # pixels: the three values stand visibly apart


def test_a_percentage_kpi_axis_stops_at_100() -> None:
    row = {
        "label": "SLO",
        "direction": "higher",
        "baseline": 99.5,
        "target": 99.9,
        "actual": None,
        "missed": False,
        "baseline_text": "Baseline 99.5%",
        "target_text": "Target: 99.9%",
        "actual_text": "",
        "percent": True,
        "integer": False,
    }
    ((xticks, _),) = inspect(_spec("kpis", {"rows": [row]})).ticks
    assert xticks and max(xticks) <= 100 and min(xticks) >= 99


def test_a_count_by_choice_chart_is_headed_by_its_figures_title_and_counts_in_whole_numbers(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    settings = tmp_path / "content" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "    chart: {metric: mttr, type: line}\n" in text
    settings.write_text(text.replace("{metric: mttr, type: line}", "{metric: incidents_by_severity}"), encoding="utf-8")
    site = load_site(tmp_path / "content", tmp_path).site
    assert site is not None
    t, _ = _tools(site)
    spec = next(s for s in site_specs(site) if s.path == "2024/charts/incidents-incidents_by_severity")
    assert spec.title == t["chart_records_category"].format(year=2024, title="Incidents by severity")
    assert (spec.data["labels"], spec.data["values"]) == (
        ["sev1", "sev2", "sev3"],
        [0, 1, 1],
    )  # 2024: one sev2, one sev3
    drawn = inspect(spec)
    assert _rows(drawn.by_gid(), "label") == ["sev1", "sev2", "sev3"]
    ((xticks, _),) = drawn.ticks
    assert _whole(xticks) and max(xticks) >= 1


def test_a_count_by_choice_names_each_choice_by_its_label(tmp_path: Path) -> None:
    """`labels:` on the column reach the chart's bars, its table and the figures' titles, not only the page."""
    import shutil

    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    settings = tmp_path / "content" / "site.yaml"
    text = settings.read_text(encoding="utf-8").replace("{metric: mttr, type: line}", "{metric: incidents_by_severity}")
    old = "choices: [sev1, sev2, sev3], required: true,"
    assert old in text
    settings.write_text(text.replace(old, old + " labels: {sev1: SEV1, sev2: {en: SEV 2}},"), encoding="utf-8")
    site = load_site(tmp_path / "content", tmp_path).site
    assert site is not None
    from reportgen.sections.registry import site_metrics, site_sections

    fmt = Formatter(site.settings.language, labels(site.settings.language), site_metrics(site_sections(site.settings)))
    spec = next(s for s in site_specs(site) if s.path == "2024/charts/incidents-incidents_by_severity")
    assert spec.data["labels"] == ["SEV1", "SEV 2", "sev3"]
    assert [row[0] for row in spec.table.rows] == ["SEV1", "SEV 2", "sev3"]
    assert fmt.metric_label("incidents_by_severity_sev2") == "Incidents by severity · SEV 2"

"""Derived figures, as pure functions of the facts."""

from __future__ import annotations

from datetime import date

import pytest

from reportgen import metrics
from reportgen.model import Project, Report, Service


def _project(
    pid: str, start: date | None = None, end: date | None = None, delivery: str = "unknown", status: str = "unknown"
) -> Project:
    return Project.model_validate(
        {"id": pid, "name": pid.upper(), "start": start, "end": end, "delivery": delivery, "status": status}
    )


def _report(*projects: Project, services: tuple[Service, ...] = ()) -> Report:
    return Report(year=2023, title="t", projects=projects, services=services)


def test_weeks_are_days_over_seven() -> None:
    assert metrics.weeks_between(date(2023, 4, 3), date(2023, 12, 25)) == 38
    assert metrics.weeks_between(date(2023, 1, 1), date(2023, 1, 11)) == pytest.approx(10 / 7)


def test_undated_project_has_no_weeks() -> None:
    assert metrics.project_weeks(_project("x")) is None


def test_on_time_rate_counts_only_projects_with_a_known_outcome() -> None:
    report = _report(
        _project("a", delivery="on_time"),
        _project("b", delivery="delayed"),
        _project("c", delivery="on_time"),
        _project("d"),
    )
    m = metrics.year_metrics(report)
    assert (m.project_count, m.on_time_count, m.delayed_count, m.unknown_delivery_count) == (4, 2, 1, 1)
    assert m.on_time_rate == pytest.approx(200 / 3)


def test_no_known_outcome_means_no_rate_rather_than_zero() -> None:
    assert metrics.year_metrics(_report(_project("a"))).on_time_rate is None


def test_longest_lists_every_project_that_ties() -> None:
    report = _report(
        _project("a", date(2023, 1, 2), date(2023, 1, 16)),
        _project("b", date(2023, 3, 6), date(2023, 3, 20)),
        _project("c", date(2023, 3, 6), date(2023, 3, 13)),
    )
    m = metrics.year_metrics(report)
    assert m.longest_weeks == 2
    assert m.longest_projects == ("A", "B")
    assert m.average_weeks == pytest.approx(5 / 3)
    assert m.dated_project_count == 3


def test_empty_year_has_no_durations() -> None:
    m = metrics.year_metrics(_report())
    assert (m.longest_weeks, m.average_weeks, m.longest_projects) == (None, None, ())


def test_services_are_counted_by_status_in_delivery_order() -> None:
    services = tuple(
        Service(id=f"s{i}", name="n", status=s, detail="d") for i, s in enumerate(["deployed", "designed", "deployed"])
    )
    m = metrics.year_metrics(_report(services=services))
    assert m.service_status_counts == (("designed", 1), ("built", 0), ("deployed", 2))


@pytest.mark.parametrize(
    ("derived", "stated", "approx", "matches"),
    [
        (62.5, 62, False, True),  # truncated, as the seed does
        (62.5, 63, False, True),  # rounded half up
        (62.5, 61, False, False),
        (38.0, 38, False, True),
        (21.142857, 20, True, False),  # the seed's "~20주" against the dates' 21.1
        (20.6, 20, True, True),
        (8, 7, False, False),
        (21.142857, 21.1, False, True),
    ],
)
def test_stated_figures_match_at_the_precision_they_are_printed(
    derived: float, stated: float, approx: bool, matches: bool
) -> None:
    assert metrics.matches_stated(derived, stated, approx=approx) is matches


def test_the_sample_year_reproduces_the_seed_except_the_average(sample_report: Report) -> None:
    m = metrics.year_metrics(sample_report)
    assert (m.project_count, m.on_time_count, m.delayed_count) == (8, 5, 3)
    assert m.on_time_rate == 62.5
    assert m.longest_weeks == 38
    assert m.longest_projects == ("네이버 프로젝트", "수자원 공사")
    assert m.average_weeks == pytest.approx(148 / 7)
    assert [d.figure.metric for d in metrics.disagreements(sample_report, m)] == ["average_weeks"]


def test_kpi_baseline_comes_from_the_derived_figure(sample_report: Report) -> None:
    assert sample_report.kpis is not None
    on_time = next(k for k in sample_report.kpis.quantitative if k.baseline_from == "on_time_rate")
    assert metrics.kpi_baseline(on_time, metrics.year_metrics(sample_report)) == 62.5

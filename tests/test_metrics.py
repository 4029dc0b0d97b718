"""Derived figures, as pure functions of the facts."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from reportgen.derive.kpis import kpi_baseline, kpi_verdict
from reportgen.derive.metrics import disagreements
from reportgen.derive.metrics import year_metrics as registry_year_metrics
from reportgen.derive.numbers import matches_stated, places_keeping_order
from reportgen.derive.weeks import project_weeks, weeks_between
from reportgen.model.facts import KpiTarget, Project, Report, Service, ServicesFile
from reportgen.sections.kpis.facts import kpis
from reportgen.sections.registry import BUILTIN


def _project(
    pid: str, start: date | None = None, end: date | None = None, delivery: str = "unknown", status: str = "unknown"
) -> Project:
    return Project.model_validate(
        {"id": pid, "name": pid.upper(), "start": start, "end": end, "delivery": delivery, "status": status}
    )


def _report(*projects: Project, services: tuple[Service, ...] = ()) -> Report:
    return Report(year=2023, title="t", sections={"projects": projects, "services": ServicesFile(services=services)})


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def year_metrics(report: Report) -> SimpleNamespace:
    """The built-in figures of a year by name, with the lists data.json adds, as attributes."""
    m = registry_year_metrics(report, BUILTIN)
    return SimpleNamespace(**m.values, **{k: _tuples(v) for k, v in m.extras.items()}, figures=m)


@pytest.mark.parametrize(
    ("start", "end", "weeks"),
    [
        (date(2023, 4, 3), date(2023, 12, 25), 38),  # the seed's Monday-to-Monday projects come out as stated
        (date(2023, 4, 10), date(2023, 12, 4), 34),
        (date(2023, 11, 13), date(2023, 12, 18), 5),
        (date(2024, 4, 1), date(2024, 5, 31), 9),  # Monday to Friday: nine working weeks
        (date(2024, 4, 1), date(2024, 4, 5), 1),  # one working week
        (date(2023, 1, 1), date(2023, 1, 11), 1),  # 10 days
        (date(2023, 1, 1), date(2023, 1, 12), 2),  # 11 days: nearer two weeks than one
        (date(2023, 5, 2), date(2023, 5, 2), 0),
    ],
)
def test_weeks_are_days_over_seven_rounded_to_whole_weeks(start: date, end: date, weeks: int) -> None:
    assert weeks_between(start, end) == weeks


def _kpi(direction: str, target: float | None = 80, target_text: str | None = None) -> KpiTarget:
    return KpiTarget(id="k", metric="m", direction=direction, target=target, target_text=target_text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kpi", "actual", "verdict"),
    [
        (_kpi("higher"), 80, "met"),  # reaching the target exactly meets it
        (_kpi("higher"), 79.99, "missed"),
        (_kpi("higher"), 57.142857, "missed"),
        (_kpi("lower", 24), 24, "met"),
        (_kpi("lower", 24), 24.01, "missed"),
        (_kpi("lower", 99.95), 99.97, "missed"),
        (_kpi("higher", 99.9), 99.86, "missed"),  # an SLO of 99.9 is missed at 99.86, however it is rounded
        # Three 6-minute incidents: a mean of 0.1 h computed as 0.10000000000000002 exactly meets 0.1.
        (_kpi("lower", 0.1), sum([0.1, 0.1, 0.1]) / 3 + 1e-17, "met"),
        (_kpi("lower", 0.1), (6 + 6 + 6) / 60 / 3, "met"),
        (_kpi("higher", 0.3), 0.1 + 0.2, "met"),
        (_kpi("lower", 0.1), 0.1000001, "missed"),
        (_kpi("higher"), None, "no_data"),
        (_kpi("higher", None, "목표 향상 필요"), 62.5, "not_measurable"),
    ],
)
def test_kpi_verdicts(kpi: KpiTarget, actual: float | None, verdict: str) -> None:
    assert kpi_verdict(kpi, actual) == verdict


def test_an_exact_hit_with_binary_noise_prints_as_the_target() -> None:
    actual = 0.1 + 0.2  # 0.30000000000000004
    assert places_keeping_order(actual, [0.3], 1) == 1
    assert places_keeping_order(0.31, [0.3], 1) == 2


def test_undated_project_has_no_weeks() -> None:
    assert project_weeks(_project("x")) is None


def test_on_time_rate_counts_only_projects_with_a_known_outcome() -> None:
    report = _report(
        _project("a", delivery="on_time"),
        _project("b", delivery="delayed"),
        _project("c", delivery="on_time"),
        _project("d"),
    )
    m = year_metrics(report)
    assert (m.project_count, m.on_time_count, m.delayed_count, m.unknown_delivery_count) == (4, 2, 1, 1)
    assert m.on_time_rate == pytest.approx(200 / 3)


def test_no_known_outcome_means_no_rate_rather_than_zero() -> None:
    assert year_metrics(_report(_project("a"))).on_time_rate is None


def test_longest_lists_every_project_that_ties() -> None:
    report = _report(
        _project("a", date(2023, 1, 2), date(2023, 1, 16)),
        _project("b", date(2023, 3, 6), date(2023, 3, 20)),
        _project("c", date(2023, 3, 6), date(2023, 3, 13)),
    )
    m = year_metrics(report)
    assert m.longest_weeks == 2
    assert m.longest_projects == ("A", "B")
    assert m.average_weeks == pytest.approx(5 / 3)
    assert m.dated_project_count == 3


def test_empty_year_has_no_durations() -> None:
    m = year_metrics(_report())
    assert (m.longest_weeks, m.average_weeks, m.longest_projects) == (None, None, ())


def test_services_are_counted_by_status_in_delivery_order() -> None:
    services = tuple(
        Service(id=f"s{i}", name="n", status=s, detail="d") for i, s in enumerate(["deployed", "designed", "deployed"])
    )
    m = year_metrics(_report(services=services))
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
    assert matches_stated(derived, stated, approx=approx) is matches


def test_the_sample_year_reproduces_the_seed_except_the_average(sample_report: Report) -> None:
    m = year_metrics(sample_report)
    assert (m.project_count, m.on_time_count, m.delayed_count) == (8, 5, 3)
    assert m.on_time_rate == 62.5
    assert m.longest_weeks == 38
    assert m.longest_projects == ("네이버 프로젝트", "수자원 공사")
    assert m.average_weeks == pytest.approx(148 / 7)
    assert [d.figure.metric for d in disagreements(sample_report, m.figures, BUILTIN)] == ["average_weeks"]


def test_kpi_baseline_comes_from_the_derived_figure(sample_report: Report) -> None:
    targets = kpis(sample_report)
    assert targets is not None
    on_time = next(k for k in targets.quantitative if k.baseline_from == "on_time_rate")
    assert kpi_baseline(on_time, year_metrics(sample_report).figures) == 62.5

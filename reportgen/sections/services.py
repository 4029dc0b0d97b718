"""Services and APIs with their status, and the year's performance tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, get_args

from reportgen.derive.metrics import Metric
from reportgen.model.facts import Item, Report, Service, ServicesFile, ServiceStatus
from reportgen.sections import projects
from reportgen.sections.kind import Section, SectionKind

KEY = "services"
EMPTY = ServicesFile()


def _file(report: Report) -> ServicesFile:
    return report.sections.get(KEY, EMPTY)


def services(report: Report) -> tuple[Service, ...]:
    return _file(report).services


def performance_tests(report: Report) -> tuple[Item, ...]:
    return _file(report).performance_tests


METRICS = (
    Metric(
        "service_count", lambda r: len(services(r)), "count", 0, "items", "service_list", source=KEY, shown={"home": 3}
    ),
)


def _extras(report: Report, values: Mapping[str, Any]) -> dict[str, Any]:
    """data.json's count of services by status, in the order the model declares the statuses."""
    counts = Counter(s.status for s in services(report))
    return {"service_status_counts": [[status, counts[status]] for status in get_args(ServiceStatus)]}


def _page(pages: Any, section: Section) -> dict[str, Any]:
    report = pages.report
    return {
        "services": services(report),
        "performance_tests": performance_tests(report),
        "project_name": lambda project_id: projects.project(report, project_id).name,
    }


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    facts = _file(report)
    return {
        "services": [s.model_dump(mode="json") for s in facts.services],
        "performance_tests": [t.model_dump(mode="json") for t in facts.performance_tests],
    }


def _read(facts: Mapping[str, Any], section: Section) -> ServicesFile:
    return ServicesFile.model_validate({k: facts.get(k, []) for k in ("services", "performance_tests")})


KIND = SectionKind(
    KEY,
    ServicesFile,
    "year/services.md.j2",
    "services.yaml",
    store=lambda section, facts: facts,
    empty=EMPTY,
    page=_page,
    present=lambda r, s: bool(services(r) or performance_tests(r)),
    facts=lambda r, s: {"services": services(r), "performance_tests": performance_tests(r)},
    data=_data,
    read=_read,
    order=2,
    unique=("services",),
    requires=("projects",),
    metrics=METRICS,
    extras=_extras,
)

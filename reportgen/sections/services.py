"""Services and APIs with their status, and the year's performance tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, get_args

from reportgen.derive.metrics import Metric, recorded
from reportgen.derive.working import Working
from reportgen.model.facts import Item, Report, Service, ServicesFile, ServiceStatus
from reportgen.sections import projects
from reportgen.sections.anchors import all_anchors, row_anchor
from reportgen.sections.kind import Section, SectionKind

KEY = "services"
EMPTY = ServicesFile()


def _file(report: Report) -> ServicesFile:
    return report.sections.get(KEY) or EMPTY  # None: the year has no services file


def services(report: Report) -> tuple[Service, ...]:
    return _file(report).services


def performance_tests(report: Report) -> tuple[Item, ...]:
    return _file(report).performance_tests


def _working(report: Report, t: Mapping[str, str], language: str) -> Working | None:
    """Every service of the file counts: the figure is how many there are."""
    if not recorded(report, KEY):
        return None
    rule = {"aggregation": "count", "of": KEY, "column": None, "options": {}}
    return Working(KEY, rule, t["rule_service_count"], tuple(s.id for s in services(report)))


METRICS = (
    Metric(
        "service_count",
        lambda r: len(services(r)),
        "count",
        0,
        "items",
        "service_list",
        source=KEY,
        shown={"home": 3},
        working=_working,
    ),
)


def _extras(report: Report, values: Mapping[str, Any]) -> dict[str, Any]:
    """data.json's count of services by status, in the order the model declares the statuses."""
    if not recorded(report, KEY):  # no services file: no data, not zero
        return {"service_status_counts": None}
    counts = Counter(s.status for s in services(report))
    return {"service_status_counts": [[status, counts[status]] for status in get_args(ServiceStatus)]}


def _page(pages: Any, section: Section) -> dict[str, Any]:
    report = pages.report
    return {
        "services": services(report),
        "anchors": [row_anchor(anchor) for anchor in all_anchors(report, section)],
        "performance_tests": performance_tests(report),
        "project_name": lambda project_id: projects.project(report, project_id).name,
    }


LISTS = ("services", "performance_tests")


def _data(report: Report, sections: tuple[Section, ...]) -> dict[str, Any]:
    if not recorded(report, KEY):  # no services file: null, where [] is a file without services
        return dict.fromkeys(LISTS)
    facts = _file(report)
    return {name: [entry.model_dump(mode="json") for entry in getattr(facts, name)] for name in LISTS}


def _read(facts: Mapping[str, Any], section: Section) -> ServicesFile | None:
    if all(facts.get(name) is None for name in LISTS):
        return None
    return ServicesFile.model_validate({name: facts.get(name) or [] for name in LISTS})


KIND = SectionKind(
    KEY,
    ServicesFile,
    "year/services.md.j2",
    "services.yaml",
    store=lambda section, facts: facts,
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
    entries=lambda report, section: [(s.id, True) for s in services(report)],
)
